"""Charts for project leads and donors, drawn on the server: one geometry, two renderers.

A chart is built once from plain values as a list of shapes (rectangles, lines, text) in a coordinate space whose
origin is the top left corner and whose unit is the CSS pixel or the PDF point. `svg` writes it as a standalone
SVG for pages and downloads, `drawing` as a ReportLab Drawing for the PDF donor report, so the page and the paper
show the same chart.

The SVG must pass a strict Content Security Policy and survive any label: presentation attributes only (no
`style`, no script, no external reference), every text escaped and stripped of control characters and direction
overrides (workshops.text.printable), the direction of Arabic labels set with the `direction` attribute. It names
itself for screen readers (role="img", a title and a description listing every value); pages also show the
numbers in a table.

Readable in print and in grey: series differ in lightness, not only in hue, and each but the first carries a
pattern (hatching, dots), drawn by an SVG <pattern> on screen and as lines and dots in the PDF; stacked segments
with room for it carry their value, and every bar its total. Numbers are formatted by Babel in the locale given;
the few words (the legend of the progress chart, "No data") go through gettext, in the language of the request or
of flask_babel.force_locale around the call.

Text widths are measured with the fonts the PDF embeds (workshops.pdf_text): long labels are cut with an
ellipsis, the whole label kept in an SVG <title>; browsers' fonts differ a little, which the margins absorb.
"""
import hashlib
import itertools
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent
from flask_babel import gettext as _
from reportlab.graphics import shapes
from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth

from workshops.pdf_text import ARABIC_LETTERS, register_fonts, shaped
from workshops.text import printable
from workshops.translated import comma, semicolon

WIDTH = 640
MARGIN = 12
TITLE_SIZE = 15
LABEL_SIZE = 11
SMALL_SIZE = 10
INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#d9d9d9"
TRACK = "#f2f2f2"
ELLIPSIS = "\u2026"
FONT = "Sans"
TARGET_DASH = (3, 2)
SVG_FONTS = "DejaVu Sans, Amiri, Arial, sans-serif"
#: Between a bar's end and its total; and how much wider than DejaVu Sans a browser's font may draw a number,
#: so that the total at the end of the longest bar still stays inside the chart.
TOTAL_GAP = 6
BROWSER_SLACK = 1.3

#: Series colours, dark and light in turn so that neighbours differ in grey too, and a pattern for each: none,
#: hatching one way, dots, horizontal lines, cross-hatching, hatching the other way, vertical lines, a grid.
PALETTE = ("#1b3a6b", "#f0b64a", "#3f8f6b", "#c8d9ef", "#7a2e4f", "#e8875b", "#4d4d4d", "#b7df9a")
PATTERNS = ("solid", "rising", "dots", "horizontal", "cross", "falling", "vertical", "grid")
PATTERN_STEP = 6

_STRONG_LTR = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")


# -- geometry


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None
    series: int | None = None  # filled with that series' pattern
    title: str | None = None  # what a pointer over it shows (SVG only)


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = INK
    width: float = 1.0
    dash: tuple[float, ...] | None = None


@dataclass(frozen=True)
class Text:
    x: float
    y: float  # the baseline
    text: str
    size: float = LABEL_SIZE
    anchor: str = "start"  # start, middle or end: the left, centre or right of the text is at x (before rotation)
    fill: str = INK
    angle: float = 0  # degrees, clockwise as on screen
    full: str | None = None  # the whole text, when `text` was cut short

    @property
    def rtl(self) -> bool:
        """Whether the text reads right to left: its first letter with a direction is Arabic."""
        arabic, latin = ARABIC_LETTERS.search(self.text), _STRONG_LTR.search(self.text)
        return bool(arabic) and (not latin or arabic.start() < latin.start())


Shape = Rect | Line | Text


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    title: str
    description: str
    shapes: tuple[Shape, ...]


@dataclass(frozen=True)
class Progress:
    """One indicator: the value reached, its target and, if the indicator has a deadline, where it should be by
    now."""

    label: str
    value: float
    target: float
    expected: float | None = None


# -- building


def stacked_bars(title: str, categories: Sequence[str], series: Mapping[str, Sequence[int]], *,
                 locale: str) -> Chart:
    """Horizontal bars, one per category, split by series (trainees by country, women and men)."""
    totals = _totals(categories, series)
    if not any(totals):
        return _empty(title)
    layout = _Layout(title)
    layout.legend([(name, index) for index, name in enumerate(series)])
    numbers = [_number(total, locale) for total in totals]
    label_width = min(max(_width(category, LABEL_SIZE) for category in categories) + 2, WIDTH * 0.32)
    left = MARGIN + label_width + 8
    right = WIDTH - MARGIN - max(_width(number, SMALL_SIZE) for number in numbers) * BROWSER_SLACK - TOTAL_GAP
    ticks = _ticks(max(totals))
    scale = (right - left) / ticks[-1]
    row, bar = 22, 14
    top = layout.y + 4
    bottom = top + row * len(categories)
    layout.axis_grid([(left + tick * scale, top, left + tick * scale, bottom) for tick in ticks])
    for index, category in enumerate(categories):
        y = top + index * row + (row - bar) / 2
        layout.text(MARGIN + label_width, y + bar - 3, category, LABEL_SIZE, "end", room=label_width)
        for number, start, length, title, text in _stack(category, index, series, scale, locale):
            layout.segment(left + start, y, length, bar, number, title, text)
        layout.shapes.append(Text(left + totals[index] * scale + TOTAL_GAP, y + bar - 3, numbers[index], SMALL_SIZE))
    layout.shapes.append(Line(left, top, left, bottom, INK))
    for tick in ticks:
        layout.shapes.append(Text(left + tick * scale, bottom + 14, _number(tick, locale), SMALL_SIZE, "middle",
                                  MUTED))
    return layout.chart(bottom + 20, _description(categories, series, locale))


def stacked_columns(title: str, categories: Sequence[str], series: Mapping[str, Sequence[int]], *,
                    locale: str) -> Chart:
    """Vertical columns, one per category, split by series (trainees per year, by role category)."""
    totals = _totals(categories, series)
    if not any(totals):
        return _empty(title)
    layout = _Layout(title)
    layout.legend([(name, index) for index, name in enumerate(series)])
    ticks = _ticks(max(totals))
    tick_texts = [_number(tick, locale) for tick in ticks]
    left = MARGIN + max(_width(text, SMALL_SIZE) for text in tick_texts) + 6
    slot = (WIDTH - MARGIN - left) / len(categories)
    column = min(slot * 0.7, 48)
    numbers = [_number(total, locale) for total in totals]
    upright = all(_width(number, SMALL_SIZE) <= slot for number in numbers)
    headroom = 14 if upright else max(_width(number, SMALL_SIZE) for number in numbers) + 6
    top = layout.y + headroom
    height = 260
    bottom = top + height
    scale = height / ticks[-1]
    layout.axis_grid([(left, bottom - tick * scale, WIDTH - MARGIN, bottom - tick * scale) for tick in ticks])
    for tick, text in zip(ticks, tick_texts, strict=True):
        layout.shapes.append(Text(left - 4, bottom - tick * scale + 3.5, text, SMALL_SIZE, "end", MUTED))
    label_size = min(LABEL_SIZE, max(slot * 0.8, 6))
    level = all(_width(category, label_size) <= slot - 2 for category in categories)
    for index, category in enumerate(categories):
        centre = left + slot * (index + 0.5)
        for number, start, length, title, text in _stack(category, index, series, scale, locale):
            layout.segment(centre - column / 2, bottom - start - length, column, length, number, title, text)
        y = bottom - totals[index] * scale
        if upright:
            layout.shapes.append(Text(centre, y - 4, numbers[index], SMALL_SIZE, "middle"))
        else:
            layout.shapes.append(Text(centre + 3.5, y - 4, numbers[index], SMALL_SIZE, angle=-90))
        if level:
            layout.text(centre, bottom + 4 + label_size, category, label_size, "middle", room=slot - 2)
        else:
            layout.text(centre + label_size * 0.35, bottom + 6, category, label_size, "end", room=110, angle=-90)
    layout.shapes.append(Line(left, bottom, WIDTH - MARGIN, bottom, INK))
    label_depth = 8 + (label_size if level else min(110, max(_width(category, label_size)
                                                             for category in categories)))
    return layout.chart(bottom + label_depth + 4, _description(categories, series, locale))


def progress_bars(title: str, items: Sequence[Progress], *, locale: str) -> Chart:
    """One bar per indicator: the value reached against the target (the end of a grey track, dashed), a mark
    where it should be by now, and the numbers. Each bar has its own scale (indicators count different things),
    running to the target or to the value when the target is passed."""
    for item in items:
        if not all(math.isfinite(number) for number in (item.value, item.target, item.expected or 0)):
            raise ValueError("progress values must be finite numbers")
    if not items:
        return _empty(title)
    layout = _Layout(title)
    layout.legend([(_("Reached"), 0), (_("Target"), None), (_("Expected by now"), "mark")])
    texts = [_progress_text(item, locale) for item in items]
    label_width = min(max(_width(item.label, LABEL_SIZE) for item in items) + 2, WIDTH * 0.32)
    left = MARGIN + label_width + 8
    right = WIDTH - MARGIN - max(_width(text, SMALL_SIZE) for text in texts) - 8
    row, bar = 30, 14
    top = layout.y + 4
    for index, (item, text) in enumerate(zip(items, texts, strict=True)):
        y = top + index * row + (row - bar) / 2
        layout.text(MARGIN + label_width, y + bar - 3, item.label, LABEL_SIZE, "end", room=label_width)
        end = max(item.target, item.value, item.expected or 0)
        scale = (right - left) / end if end > 0 else 0
        target_x = left + max(item.target, 0) * scale
        layout.shapes.append(Rect(left, y, target_x - left, bar, TRACK, stroke=MUTED))
        if item.value > 0:
            layout.shapes.append(Rect(left, y + 2, item.value * scale, bar - 4, PALETTE[0], series=0,
                                      title=f"{item.label}: {text}"))
        layout.shapes.append(Line(target_x, y - 3, target_x, y + bar + 3, MUTED, 1.5, TARGET_DASH))
        if item.expected is not None:
            x = left + max(item.expected, 0) * scale
            layout.shapes.append(Line(x, y - 4, x, y + bar + 4, INK, 2))
        layout.shapes.append(Text(right + 8, y + bar - 3, text, SMALL_SIZE))
    description = semicolon(locale).join(f"{item.label}: {text}" for item, text in zip(items, texts, strict=True))
    return layout.chart(top + row * len(items) + 6, description)


class _Layout:
    """A chart being built from the top down: title, legend, then what the caller draws."""

    def __init__(self, title: str):
        self.title = title
        self.shapes: list[Shape] = []
        self.text(MARGIN, MARGIN + TITLE_SIZE, title, TITLE_SIZE, room=WIDTH - 2 * MARGIN)
        self.y = MARGIN + TITLE_SIZE + 10

    def text(self, x, y, text, size, anchor="start", *, room, angle=0):
        shown, full = _fit(text, size, room)
        self.shapes.append(Text(x, y, shown, size, anchor, INK, angle, full))

    def legend(self, entries):
        """Swatches and names, wrapped over lines: a series index, None for a target's outline, "mark" for the
        expected-by-now mark."""
        x, y = MARGIN, self.y
        for name, swatch in entries:
            shown, full = _fit(name, LABEL_SIZE, WIDTH / 2)
            step = 14 + 7 + _width(shown, LABEL_SIZE) + 16
            if x + step > WIDTH - MARGIN and x > MARGIN:
                x, y = MARGIN, y + 20
            if swatch == "mark":
                self.shapes.append(Line(x + 7, y - 2, x + 7, y + 16, INK, 2))
            elif swatch is None:
                self.shapes.append(Rect(x, y, 14, 14, TRACK, stroke=MUTED))
                self.shapes.append(Line(x + 14, y - 3, x + 14, y + 17, MUTED, 1.5, TARGET_DASH))
            else:
                self.shapes.append(Rect(x, y, 14, 14, PALETTE[swatch], stroke=INK, series=swatch))
            self.shapes.append(Text(x + 21, y + 11, shown, LABEL_SIZE, full=full))
            x += step
        self.y = y + 26

    def axis_grid(self, lines):
        self.shapes.extend(Line(*line, GRID, 0.8) for line in lines)

    def segment(self, x, y, width, height, series, title, number):
        """A series' part of a bar, with its value written on it, on a patch of plain colour, when there is room."""
        self.shapes.append(Rect(x, y, width, height, PALETTE[series], stroke="#ffffff", series=series, title=title))
        room = _width(number, SMALL_SIZE) + 4
        if width >= room and height >= 14:
            centre_x, centre_y = x + width / 2, y + height / 2
            self.shapes.append(Rect(centre_x - room / 2, centre_y - 6, room, 12, PALETTE[series]))
            self.shapes.append(Text(centre_x, centre_y + 3.5, number, SMALL_SIZE, "middle",
                                    _on(PALETTE[series])))

    def chart(self, height, description) -> Chart:
        return Chart(WIDTH, height + MARGIN, printable(self.title), description, tuple(self.shapes))


def _empty(title: str) -> Chart:
    """A chart that says there is nothing to show, in place of the axes."""
    layout = _Layout(title)
    top = layout.y
    layout.shapes.append(Rect(MARGIN, top, WIDTH - 2 * MARGIN, 80, TRACK, stroke=GRID))
    layout.text(WIDTH / 2, top + 45, _("No data"), LABEL_SIZE, "middle", room=WIDTH - 4 * MARGIN)
    return layout.chart(top + 80, _("No data"))


def _totals(categories, series) -> list[int]:
    if len(series) > len(PALETTE):
        raise ValueError(f"at most {len(PALETTE)} series")
    for values in series.values():
        if len(values) != len(categories):
            raise ValueError("each series needs one value per category")
        if any(not math.isfinite(value) or value < 0 for value in values):
            raise ValueError("values must be finite and not negative")
    return [sum(values[index] for values in series.values()) for index in range(len(categories))]


def _stack(category, index, series, scale, locale):
    """The parts of one category's bar: (series, start, length, title, value as text) of each positive value."""
    start = 0
    for number, (name, values) in enumerate(series.items()):
        if values[index]:
            text = _number(values[index], locale)
            yield number, start, values[index] * scale, f"{category} – {name}: {text}", text
            start += values[index] * scale


def _ticks(top: float) -> list[int]:
    """Round steps (1, 2 or 5 times a power of ten, whole numbers) from 0 to at least `top`, about five."""
    step, factors = 1, itertools.cycle((2, 2.5, 2))
    while step * 5 < top:
        step = round(step * next(factors))
    return [step * index for index in range(max(math.ceil(top / step), 1) + 1)]


def _number(value, locale: str) -> str:
    return format_decimal(value, locale=locale)


def _progress_text(item: Progress, locale: str) -> str:
    text = f"{_number(item.value, locale)} / {_number(item.target, locale)}"
    if item.target > 0:
        text += f" ({format_percent(item.value / item.target, locale=locale)})"
    return text


def _description(categories, series, locale) -> str:
    """Every value in words, for screen readers and whoever reads the SVG without seeing it."""
    return semicolon(locale).join(f"{category}: " + comma(locale).join(f"{name} {_number(values[index], locale)}"
                                                                       for name, values in series.items())
                                  for index, category in enumerate(categories))


def _width(text: str, size: float) -> float:
    register_fonts()
    drawn, font = shaped(text, FONT)
    return stringWidth(drawn, font, size)


def _fit(text: str, size: float, room: float) -> tuple[str, str | None]:
    """The text, or its longest beginning that fits in `room` followed by an ellipsis, and the whole text if cut."""
    text = printable(text)
    if _width(text, size) <= room:
        return text, None
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if _width(text[:middle].rstrip() + ELLIPSIS, size) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS, text


def _on(fill: str) -> str:
    """Ink that reads on `fill`: white on dark colours, black on light ones."""
    return "#ffffff" if _lightness(fill) < 0.55 else INK


def _lightness(colour: str) -> float:
    red, green, blue = (int(colour[index:index + 2], 16) / 255 for index in (1, 3, 5))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _pattern_ink(fill: str) -> str:
    """The colour of a pattern's lines: halfway from the fill to white on dark fills, to black on light ones."""
    towards = 255 if _lightness(fill) < 0.55 else 0
    channels = (int(fill[index:index + 2], 16) for index in (1, 3, 5))
    return "#" + "".join(f"{round((channel + towards) / 2):02x}" for channel in channels)


# -- SVG

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def svg(chart: Chart) -> str:
    """The chart as a standalone <svg> element."""
    prefix = "chart-" + hashlib.sha1(repr(chart).encode()).hexdigest()[:10]
    root = ET.Element("svg", {"xmlns": SVG_NAMESPACE, "width": _n(chart.width), "height": _n(chart.height),
                              "viewBox": f"0 0 {_n(chart.width)} {_n(chart.height)}", "role": "img",
                              "aria-labelledby": f"{prefix}-title {prefix}-desc", "font-family": SVG_FONTS})
    ET.SubElement(root, "title", {"id": f"{prefix}-title"}).text = chart.title
    ET.SubElement(root, "desc", {"id": f"{prefix}-desc"}).text = printable(chart.description)
    used = sorted({shape.series for shape in chart.shapes if isinstance(shape, Rect) and shape.series is not None
                   and PATTERNS[shape.series] != "solid"})
    if used:
        definitions = ET.SubElement(root, "defs")
        for series in used:
            _svg_pattern(definitions, f"{prefix}-p{series}", series)
    ET.SubElement(root, "rect", {"width": "100%", "height": "100%", "fill": "#ffffff"})
    for shape in chart.shapes:
        _svg_shape(root, shape, prefix)
    return ET.tostring(root, encoding="unicode")


def _svg_pattern(parent, identifier: str, series: int):
    step, fill = PATTERN_STEP, PALETTE[series]
    pattern = ET.SubElement(parent, "pattern", {"id": identifier, "patternUnits": "userSpaceOnUse",
                                                "width": str(step), "height": str(step)})
    ET.SubElement(pattern, "rect", {"width": str(step), "height": str(step), "fill": fill})
    ink = _pattern_ink(fill)
    for mark in _tile_marks(PATTERNS[series], step):
        if mark[0] == "dot":
            ET.SubElement(pattern, "circle", {"cx": _n(mark[1]), "cy": _n(mark[2]), "r": _n(mark[3]), "fill": ink})
        else:
            ET.SubElement(pattern, "line", {"x1": _n(mark[1]), "y1": _n(mark[2]), "x2": _n(mark[3]),
                                            "y2": _n(mark[4]), "stroke": ink, "stroke-width": "1.2"})


def _svg_shape(root, shape: Shape, prefix: str):
    if isinstance(shape, Rect):
        fill = (f"url(#{prefix}-p{shape.series})" if shape.series is not None and PATTERNS[shape.series] != "solid"
                else shape.fill)
        attributes = {"x": _n(shape.x), "y": _n(shape.y), "width": _n(shape.width), "height": _n(shape.height),
                      "fill": fill}
        if shape.stroke:
            attributes |= {"stroke": shape.stroke, "stroke-width": "0.8"}
        element = ET.SubElement(root, "rect", attributes)
        if shape.title:
            ET.SubElement(element, "title").text = printable(shape.title)
    elif isinstance(shape, Line):
        attributes = {"x1": _n(shape.x1), "y1": _n(shape.y1), "x2": _n(shape.x2), "y2": _n(shape.y2),
                      "stroke": shape.stroke, "stroke-width": _n(shape.width)}
        if shape.dash:
            attributes["stroke-dasharray"] = " ".join(_n(length) for length in shape.dash)
        ET.SubElement(root, "line", attributes)
    else:
        anchor = shape.anchor
        attributes = {"x": _n(shape.x), "y": _n(shape.y), "font-size": _n(shape.size), "fill": shape.fill}
        if shape.rtl:
            # text-anchor follows the direction of the text: its start is on the right.
            anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
            attributes |= {"direction": "rtl", "unicode-bidi": "embed"}
        if anchor != "start":
            attributes["text-anchor"] = anchor
        if shape.angle:
            attributes["transform"] = f"rotate({_n(shape.angle)} {_n(shape.x)} {_n(shape.y)})"
        element = ET.SubElement(root, "text", attributes)
        element.text = shape.text
        if shape.full:
            ET.SubElement(element, "title").text = shape.full


def _n(number: float) -> str:
    """A coordinate, short: 12, 12.5, 12.33."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


# -- pattern marks, for the SVG tile and for the PDF


def _tile_marks(kind: str, step: float):
    """The marks of one tile of a pattern, tiles laid from the origin: lines ("line", x1, y1, x2, y2) and dots
    ("dot", cx, cy, r). Diagonals run through the tile's corners, with the stubs of the neighbours' lines."""
    half = step / 2
    rising = [("line", 0, step, step, 0), ("line", -half, half, half, -half), ("line", half, step + half,
                                                                                 step + half, half)]
    falling = [("line", 0, 0, step, step), ("line", -half, half, half, step + half), ("line", half, -half,
                                                                                      step + half, half)]
    horizontal, vertical = [("line", 0, half, step, half)], [("line", half, 0, half, step)]
    return {"solid": [], "rising": rising, "falling": falling, "horizontal": horizontal, "vertical": vertical,
            "cross": rising + falling, "grid": horizontal + vertical,
            "dots": [("dot", half, half, 1.3)]}[kind]


def _rect_marks(kind: str, x: float, y: float, width: float, height: float, step: float = PATTERN_STEP):
    """The marks of a pattern inside a rectangle, laid as the SVG tiles are, clipped to its edges."""
    right, bottom = x + width, y + height
    marks = []
    if kind in ("rising", "cross"):  # lines x + y = k * step
        for k in range(math.floor((x + y) / step), math.ceil((right + bottom) / step) + 1):
            c = k * step
            low, high = max(x, c - bottom), min(right, c - y)
            if low < high:
                marks.append(("line", low, c - low, high, c - high))
    if kind in ("falling", "cross"):  # lines x - y = k * step
        for k in range(math.floor((x - bottom) / step), math.ceil((right - y) / step) + 1):
            c = k * step
            low, high = max(x, c + y), min(right, c + bottom)
            if low < high:
                marks.append(("line", low, low - c, high, high - c))
    if kind in ("horizontal", "grid"):
        marks += [("line", x, line, right, line) for line in _offsets(y, bottom, step)]
    if kind in ("vertical", "grid"):
        marks += [("line", line, y, line, bottom) for line in _offsets(x, right, step)]
    if kind == "dots":
        marks += [("dot", cx, cy, 1.3) for cx in _offsets(x + 1.3, right - 1.3, step)
                  for cy in _offsets(y + 1.3, bottom - 1.3, step)]
    return marks


def _offsets(low: float, high: float, step: float) -> list[float]:
    """The positions k * step + step / 2 from low to high."""
    first = math.ceil((low - step / 2) / step)
    return [k * step + step / 2 for k in range(first, math.floor((high - step / 2) / step) + 1)]


# -- ReportLab


def drawing(chart: Chart) -> shapes.Drawing:
    """The chart as a ReportLab Drawing, for a PDF: the same shapes, y turned upwards, Arabic shaped."""
    register_fonts()
    height = chart.height
    result = shapes.Drawing(chart.width, height)
    for shape in chart.shapes:
        if isinstance(shape, Rect):
            result.add(shapes.Rect(shape.x, height - shape.y - shape.height, shape.width, shape.height,
                                   fillColor=HexColor(shape.fill),
                                   strokeColor=HexColor(shape.stroke) if shape.stroke else None, strokeWidth=0.8))
            if shape.series is not None:
                ink = HexColor(_pattern_ink(PALETTE[shape.series]))
                for mark in _rect_marks(PATTERNS[shape.series], shape.x, shape.y, shape.width, shape.height):
                    if mark[0] == "dot":
                        result.add(shapes.Circle(mark[1], height - mark[2], mark[3], fillColor=ink, strokeColor=None))
                    else:
                        result.add(shapes.Line(mark[1], height - mark[2], mark[3], height - mark[4],
                                               strokeColor=ink, strokeWidth=1.2))
        elif isinstance(shape, Line):
            result.add(shapes.Line(shape.x1, height - shape.y1, shape.x2, height - shape.y2,
                                   strokeColor=HexColor(shape.stroke), strokeWidth=shape.width,
                                   strokeDashArray=list(shape.dash) if shape.dash else None))
        else:
            text, font = shaped(shape.text, FONT)
            string = shapes.String(0, 0, text, fontName=font, fontSize=shape.size, fillColor=HexColor(shape.fill),
                                   textAnchor=shape.anchor)
            group = shapes.Group(string)
            group.translate(shape.x, height - shape.y)
            if shape.angle:
                group.rotate(-shape.angle)
            result.add(group)
    return result
