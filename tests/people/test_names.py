"""Name keys: the spellings of one name meet, different names stay apart."""
import pytest

from workshops.people.names import keys_of, name_key, similar_agencies

SAME_NAME = [
    ("Mohamed", "Mohammed", "Muhammad", "Mohammad", "Mohamad", "Muhammed", "Mouhamed", "MOHAMED", " mohamed "),
    ("Ahmed", "Ahmad"),
    ("Mahmoud", "Mahmud", "Mahmood"),
    ("Mostafa", "Mustafa", "Moustafa", "Mustapha"),
    ("Youssef", "Yousef", "Yusuf", "Youssouf", "Yousif", "Yosef"),
    ("Hussein", "Hussain", "Husain", "Hossein", "Husayn", "Houssein"),
    ("Khaled", "Khalid"),
    ("Tarek", "Tariq", "Tarik"),
    ("Abdel Rahman", "Abdelrahman", "Abdul-Rahman", "Abderrahmane", "Abd al-Rahman", "Abd El Rahman",
     "Abdulrahman", "Abdurrahman"),
    ("Abdallah", "Abdullah", "Abdellah", "Abdulla"),
    ("El-Sayed", "Elsayed", "Al Sayed", "El Sayed", "al-sayed"),
    ("Nour Eddine", "Noureddine", "Nour El Din", "Nuruddin", "Nour-Eddine"),
    ("Fatima", "Fatma", "Fatimah", "Fatema"),
    ("Aicha", "Aisha", "Aïcha", "Aysha"),
    ("Khadija", "Khadidja", "Khadiga"),
    ("Zeinab", "Zainab", "Zaynab"),
    ("Hicham", "Hisham"),
    ("Rachid", "Rashid", "Rasheed"),
    ("Omar", "Umar"),
    ("Osman", "Othman", "Uthman", "Othmane"),
    ("Gamal", "Jamal", "Djamal"),
    ("Magdy", "Magdi", "Majdi"),
    ("Yassine", "Yassin", "Yasin"),
    ("Saeed", "Said", "Saïd"),
    ("Hélène", "Helene", "HELENE"),
    ("محمد", "مُحَمَّد", "محمـــد"),
    ("أحمد", "احمد", "إحمد", "آحمد"),
    ("فاطمة", "فاطمه"),
    ("مصطفى", "مصطفي"),
    ("عبد الرحمن", "عبدالرحمن"),
]
DIFFERENT_NAMES = [
    ("Hussein", "Hassan"), ("Ahmed", "Hamid"), ("Ahmed", "Mohamed"), ("Mohamed", "Mahmoud"), ("Ali", "Alia"),
    ("Saleh", "Salah"), ("Nada", "Nadia"), ("Samir", "Samira"), ("Jamal", "Jamil"), ("Kamal", "Kamil"),
    ("Said", "Saad"), ("Said", "Sayed"), ("Omar", "Amr"), ("Ali", "Alaa"), ("علي", "علا"), ("Hamad", "Hamid"),
    ("Mohamed Ali", "Ali Mohamed"), ("Amina Haddad", "Amina Hadid"),
]


@pytest.mark.parametrize("spellings", SAME_NAME, ids=lambda spellings: spellings[0])
def test_spellings_of_one_name_share_a_key(spellings):
    assert len({name_key(spelling) for spelling in spellings}) == 1, {s: name_key(s) for s in spellings}


@pytest.mark.parametrize(("first", "second"), DIFFERENT_NAMES)
def test_different_names_keep_different_keys(first, second):
    assert name_key(first) != name_key(second)


def test_the_key_spans_the_given_and_family_columns():
    """A name split differently between the two columns, or written with hyphens, is the same name."""
    assert name_key("Abdel", "Rahman Hassan") == name_key("Abdel Rahman", "Hassan") == name_key("Abdel-Rahman Hassan")
    assert name_key("Mohamed", "El-Sayed") == name_key("Muhammad", "Elsayed") == name_key("MOHAMMED", "AL SAYED")


def test_a_person_is_found_under_their_arabic_name_as_well():
    assert keys_of("Mohamed", "Ali", "مُحَمَّد علي") == {name_key("Mohamed Ali"), name_key("محمد علي")}
    assert keys_of("Mohamed", "Ali", None) == {name_key("Mohamed Ali")}
    assert name_key("", None) == ""


@pytest.mark.parametrize(("first", "second", "similar"), [
    ("Ministry of Interior", "Ministère de l'Intérieur", False),
    ("Ministry of Interior", "ministry of the interior", True),
    ("Public Prosecution", "Public Prosecution Office", True),
    ("Public Prosecution Office, Cairo", "Public Prosecution", True),
    ("Anti-Trafficking Unit, Ministry of Interior", "Interior Anti Trafficking Unit", True),
    ("Public Prosecution", "Ministry of Justice", False),
    ("النيابة العامة", "النيابه العامه", True),
    ("", "Public Prosecution", False),
])
def test_agencies_compare_by_their_significant_words(first, second, similar):
    assert similar_agencies(first, second) is similar
