"""Charts drawn on the server: the SVG parsed back, the PDF drawing rendered, read back and turned into a PNG."""
import io
import itertools
import re
import unicodedata
import xml.etree.ElementTree as ET

import pdfplumber
import pytest
from pypdf import PdfReader
from reportlab.graphics import renderPDF

from workshops.reports import charts
from workshops.reports.charts import PALETTE, PATTERNS, Progress, progress_bars, stacked_bars, stacked_columns

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = "<script>alert(1)</script>&\"'\x01\u202e"
ARABIC = "السودان الجنوبي"
COUNTRIES = ["Egypt", "Jordan", ARABIC, HOSTILE, "Libya"]
BY_SEX = {"Women": [120, 14, 30, 3, 0], "Men": [1310, 22, 41, 9, 5]}
YEARS = ["2017", "2018", "2019"]
BY_ROLE = {"Police": [10, 0, 25], "Prosecutors": [5, 12, 0], "Judges": [0, 3, 7]}
INDICATORS = [Progress("Practitioners trained", 1234, 2000, 1500), Progress("Women (%)", 31.5, 30, 30),
              Progress("مؤشر التدريب", 9, 10), Progress("Average knowledge gain", 0, 20, 10)]


def _charts():
    return {"bars": stacked_bars("Trainees by country", COUNTRIES, BY_SEX, locale="en"),
            "columns": stacked_columns("Trainees per year", YEARS, BY_ROLE, locale="en"),
            "progress": progress_bars("Indicators", INDICATORS, locale="en"),
            "empty": stacked_bars("Nothing yet", [], {}, locale="en")}


@pytest.fixture(params=["bars", "columns", "progress", "empty"])
def chart(request):
    return _charts()[request.param]


def _svg(chart) -> ET.Element:
    return ET.fromstring(charts.svg(chart))


def _texts(root) -> list[str]:
    return ["".join(element.itertext()) if element.find("svg:title", NS) is None else element.text
            for element in root.iter(f"{{{NS['svg']}}}text")]


def _segments(root) -> list[ET.Element]:
    """The parts of bars and columns: the rectangles that name their value."""
    return [rect for rect in root.iter(f"{{{NS['svg']}}}rect") if rect.find("svg:title", NS) is not None]


def test_svg_is_standalone_and_safe_under_a_strict_content_security_policy(chart):
    text = charts.svg(chart)
    root = ET.fromstring(text)  # well formed, whatever the labels
    assert root.tag == f"{{{NS['svg']}}}svg" and root.get("role") == "img"
    assert root.find("svg:title", NS).text == chart.title
    assert root.find("svg:desc", NS).text
    identifiers = {element.get("id") for element in root.iter() if element.get("id")}
    for element in root.iter():
        assert element.tag.split("}")[1] not in ("style", "script", "foreignObject", "image", "a", "use")
        for name, value in element.attrib.items():
            assert name != "style" and not name.startswith("on") and "href" not in name
            for reference in re.findall(r"url\(#([^)]*)\)", value):
                assert reference in identifiers
            assert "url(" not in value or value.startswith("url(#")
    assert "<script" not in text


def test_hostile_and_arabic_labels_come_back_as_text():
    root = _svg(_charts()["bars"])
    texts = _texts(root)
    assert "<script>alert(1)</script>&\"'" in texts  # control and direction characters taken out
    arabic = [element for element in root.iter(f"{{{NS['svg']}}}text") if element.text == ARABIC]
    assert arabic and arabic[0].get("direction") == "rtl"
    # Right-aligned next to the bars: for text read right to left, its start is on the right.
    assert arabic[0].get("text-anchor") is None


def _assert_proportional(lengths, values):
    """Lengths in proportion to the values, up to the hundredth of a pixel the SVG is written to."""
    unit = max(lengths) / max(values)
    for length, value in zip(lengths, values, strict=True):
        assert length == pytest.approx(value * unit, abs=0.01)


def test_one_bar_part_per_category_and_series_with_a_positive_value_lengths_in_proportion():
    root = _svg(_charts()["bars"])
    segments = _segments(root)
    expected = [(country, name, values[index]) for index, country in enumerate(COUNTRIES)
                for name, values in BY_SEX.items() if values[index]]
    assert len(segments) == len(expected)
    for segment, (_, name, value) in zip(segments, expected, strict=True):
        assert segment.find("svg:title", NS).text.endswith(f"{name}: {value:,}")
    _assert_proportional([float(segment.get("width")) for segment in segments], [value for *_, value in expected])


def test_columns_stand_in_proportion_and_carry_their_totals():
    root = _svg(_charts()["columns"])
    segments = _segments(root)
    values = [values[index] for index in range(len(YEARS)) for values in BY_ROLE.values() if values[index]]
    assert len(segments) == len(values)
    _assert_proportional([float(segment.get("height")) for segment in segments], values)
    texts = _texts(root)
    assert {"15", "32"} <= set(texts) and {"2017", "2018", "2019"} <= set(texts)


def test_axis_steps_are_round_and_numbers_follow_the_locale():
    texts = _texts(_svg(_charts()["bars"]))
    assert [text for text in texts if text in {"0", "500", "1,000", "1,500"}] == ["0", "500", "1,000", "1,500"]
    assert "1,430" in texts
    french = _texts(_svg(stacked_bars("Par pays", ["Égypte"], {"Femmes": [12345]}, locale="fr")))
    assert "12\u202f345" in french and "15\u202f000" in french


def test_progress_shows_reached_target_and_expected_by_now():
    chart = _charts()["progress"]
    texts = _texts(_svg(chart))
    assert "1,234 / 2,000 (62%)" in texts and "31.5 / 30 (105%)" in texts and "0 / 20 (0%)" in texts
    track = next(shape for shape in chart.shapes if isinstance(shape, charts.Rect) and shape.fill == charts.TRACK
                 and shape.width > 100)
    reached = next(shape for shape in chart.shapes if isinstance(shape, charts.Rect) and shape.series == 0
                   and shape.title)
    expected = next(shape for shape in chart.shapes if isinstance(shape, charts.Line) and shape.width == 2
                    and shape.y1 > track.y - 10)
    assert reached.width / track.width == pytest.approx(1234 / 2000)
    assert (expected.x1 - track.x) / track.width == pytest.approx(1500 / 2000)


def test_series_differ_in_grey_and_by_pattern():
    lightness = [charts._lightness(colour) for colour in PALETTE]
    assert all(abs(first - second) > 0.2 for first, second in itertools.pairwise(lightness))
    assert len(set(PATTERNS)) == len(PATTERNS) == len(PALETTE)
    eight = {f"Series {number}": [number + 1, 1] for number in range(8)}
    root = _svg(stacked_columns("Eight", ["A", "B"], eight, locale="en"))
    fills = [segment.get("fill") for segment in _segments(root)[:8]]
    assert fills[0] == PALETTE[0] and len(set(fills)) == 8 and all(fill.startswith("url(#") for fill in fills[1:])
    assert len(root.findall("svg:defs/svg:pattern", NS)) == 7


@pytest.mark.parametrize("count", [1, 60])
@pytest.mark.parametrize("build", [stacked_bars, stacked_columns])
def test_one_or_sixty_categories_fit_and_long_labels_are_cut(build, count):
    long = "Democratic Republic of the Congo, Ministry of Justice, Directorate of International Cooperation " * 2
    categories = [f"{long} {number}" for number in range(count)]
    chart = build("Many", categories, {"Women": [number % 7 + 1 for number in range(count)],
                                       "Men": [number % 5 for number in range(count)]}, locale="en")
    root = _svg(chart)
    cut = [element for element in root.iter(f"{{{NS['svg']}}}text") if element.find("svg:title", NS) is not None]
    assert len(cut) == count
    for element, category in zip(cut, categories, strict=True):
        assert element.text.endswith("…") and element.find("svg:title", NS).text == category
    for shape in chart.shapes:
        if isinstance(shape, charts.Rect):
            assert shape.x >= 0 and shape.x + shape.width <= chart.width + 0.01
            assert shape.y >= 0 and shape.y + shape.height <= chart.height
        elif isinstance(shape, charts.Text) and not shape.angle:
            width = charts._width(shape.text, shape.size)
            left = {"start": shape.x, "middle": shape.x - width / 2, "end": shape.x - width}[shape.anchor]
            assert left >= 0 and left + width <= chart.width + 0.01 and shape.y <= chart.height


@pytest.mark.parametrize("chart", [
    stacked_bars("No countries", [], {"Women": [], "Men": []}, locale="en"),
    stacked_bars("All zero", ["Egypt", "Jordan"], {"Women": [0, 0]}, locale="en"),
    stacked_columns("All zero", ["2019"], {"Judges": [0]}, locale="en"),
    progress_bars("No indicators", [], locale="en"),
], ids=["no categories", "all zero bars", "all zero columns", "no indicators"])
def test_an_empty_chart_says_no_data(chart):
    root = _svg(chart)
    assert "No data" in _texts(root)
    assert not _segments(root)
    assert "No data" in _pdf_text(chart)


def test_a_target_of_zero_draws_without_dividing_by_zero():
    chart = progress_bars("Zero", [Progress("Nothing promised", 0, 0), Progress("Over", 5, 0)], locale="en")
    assert {"0 / 0", "5 / 0"} <= set(_texts(_svg(chart)))


@pytest.mark.parametrize("build", [
    lambda: stacked_bars("Bad", ["A"], {"Women": [-1]}, locale="en"),
    lambda: stacked_bars("Bad", ["A", "B"], {"Women": [1]}, locale="en"),
    lambda: stacked_columns("Bad", ["A"], {f"S{number}": [1] for number in range(9)}, locale="en"),
    lambda: progress_bars("Bad", [Progress("A", float("nan"), 10)], locale="en"),
])
def test_values_no_chart_can_show_are_refused(build):
    with pytest.raises(ValueError):
        build()


def _pdf(chart) -> bytes:
    return renderPDF.drawToString(charts.drawing(chart))


def _pdf_text(chart) -> str:
    return unicodedata.normalize("NFKC", PdfReader(io.BytesIO(_pdf(chart))).pages[0].extract_text())


def test_the_pdf_drawing_has_the_labels_numbers_and_arabic_shaped():
    bars = _pdf_text(_charts()["bars"])
    for text in ("Trainees by country", "Egypt", "Women", "1,310", "1,430", "<script>alert(1)</script>&\"'", ARABIC):
        assert text in bars
    progress = _pdf_text(_charts()["progress"])
    for text in ("Expected by now", "1,234 / 2,000 (62%)", "مؤشر التدريب"):
        assert text in progress


def test_the_pdf_drawing_has_the_size_of_the_chart_and_renders_to_an_image(tmp_path):
    for name, chart in _charts().items():
        pdf = _pdf(chart)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[0]
            assert (page.width, page.height) == pytest.approx((chart.width, chart.height))
            image = page.to_image(resolution=72).original.convert("L")
        image.save(tmp_path / f"{name}.png")
        assert image.size == (round(chart.width), round(chart.height))
        assert sum(image.histogram()[:128]) > 200  # the title at least, and bars where there are some


def test_same_chart_same_svg():
    assert charts.svg(_charts()["bars"]) == charts.svg(_charts()["bars"])
