"""Names and agencies folded for comparison: pure text functions, also used by the migration that fills keys.

The same person turns up under several spellings: "Mohamed El-Sayed", "Muhammad Elsayed" and "MOHAMMED AL
SAYED" are one officer, and "محمد" may be typed with or without its vowel marks. The rules below fold only
spellings that transliterate one Arabic name; tests list both the variants that must meet and the names
that must stay apart ("Hussein" and "Hassan", "Ali Mohamed" and "Mohamed Ali").
"""
import re

from workshops.countries import fold

#: Arabic letters written in more than one way: alef forms (fold() already strips their hamza and madda),
#: taa marbuta as haa, alef maqsura as yaa, Persian kaf and yaa; tatweel (the stretching stroke) dropped.
ARABIC_VARIANTS = str.maketrans({"ٱ": "ا", "ة": "ه", "ى": "ي", "ک": "ك", "ی": "ي", "ـ": None})
ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")

#: Spelling rules applied to each Latin word, in order; each folds two ways of writing one Arabic sound.
LATIN_WORD_RULES = (
    (re.compile(r"^(?:el|ul|il)$|^(?:el|ul)(?=[a-z]{3})"), "al"),  # the article: El Sayed, Elsayed, Nour el Din
    (re.compile(r"ee"), "i"),                   # Kareem, Rasheed, Saeed
    (re.compile(r"([a-z])\1+"), r"\1"),         # Mohammed, Youssef, Hassan: doubled letters
    (re.compile(r"ou|o"), "u"),                 # Moustafa, Mostafa, Omar, Mahmoud
    (re.compile(r"dj"), "j"),                   # Djamel, Khadidja (French transliteration)
    (re.compile(r"ch"), "sh"),                  # Hicham, Rachid, Aicha (French transliteration)
    (re.compile(r"ph"), "f"),
    (re.compile(r"q"), "k"),                    # Tariq, Tarik
    (re.compile(r"ei|ey|ay"), "ai"),            # Hussein, Husayn, Zeinab, Zaynab
    (re.compile(r"(?<=[^aeiu])y$"), "i"),       # Fathy, Magdy, Hegazy
    (re.compile(r"(?<=[^aeiu])e$"), ""),        # Amine, Yassine, Slimane: a French final e
    (re.compile(r"(?<=[a-z]{3})ah$"), "a"),     # Fatimah, Abdallah
    (re.compile(r"e(?=[^aeiu]$)"), "i"),        # Khaled, Tarek, Hamed, Saleh: the last vowel
)
#: Whole words that the rules above leave apart but that transliterate the same name.
LATIN_WORD_VARIANTS = {
    "muhamid": "muhamad", "mhd": "muhamad", "muhd": "muhamad", "ahmid": "ahmad",
    "yusif": "yusuf", "yusaf": "yusuf", "yusf": "yusuf", "uthman": "usman",
    "ibrahem": "ibrahim", "ebrahim": "ibrahim", "ismael": "ismail", "aymin": "ayman",
    "gamal": "jamal", "gamil": "jamil", "gamila": "jamila", "ragab": "rajab", "naguib": "najib", "nagib": "najib",
    "magdi": "majdi", "hegazi": "hijazi", "higazi": "hijazi", "fatma": "fatima", "fatema": "fatima",
    "aesha": "aisha", "khadiga": "khadija", "miriam": "mariam", "maryam": "mariam", "meriem": "mariam",
}
#: Patterns on the joined name: "Abd" in its spellings, and "ad-Din" with the article the sun letter absorbs.
JOINED_RULES = (
    (re.compile(r"abd(?:u|e|i|a)?l?"), "abdal"),            # Abdel, Abdul, Abd al, Abder(rahman)
    (re.compile(r"(?:al|el|ul|ad|ed|ud|a|e|u)din"), "aldin"),  # Nour Eddine, Nasr el Din, Salahuddin
)


#: The width of Participant.name_key and name_ar_key.
KEY_LENGTH = 200


def name_key(*parts: str | None) -> str:
    """The name with case, accents, spacing, hyphens, Arabic letter forms and transliteration folded away.

    Words are joined without spaces, so "Abdel Rahman", "Abdel-Rahman" and "Abdelrahman" agree, and a
    name split differently between the given and family columns still gives the same key.

    Folding can lengthen a name: NFKD spells the ligature U+FDFA out as 18 letters, so a 100-character name
    could give a key of 1,800 and overflow its column. The key is cut after folding to KEY_LENGTH: it is for
    matching, never shown, and no two real people's names agree over 200 folded letters and differ after.
    """
    words = fold(" ".join(part for part in parts if part)).split()
    if not words:
        return ""
    if ARABIC_LETTER.search("".join(words)):
        return "".join(words).translate(ARABIC_VARIANTS)[:KEY_LENGTH]
    joined = "".join(_latin_word(word) for word in words)
    for pattern, replacement in JOINED_RULES:
        joined = pattern.sub(replacement, joined)
    return joined[:KEY_LENGTH]


def _latin_word(word: str) -> str:
    for pattern, replacement in LATIN_WORD_RULES:
        word = pattern.sub(replacement, word)
    return LATIN_WORD_VARIANTS.get(word, word)


def keys_of(given_name: str, family_name: str, name_ar: str | None) -> set[str]:
    """Every key a person can be found under: their name as written in the form, and their Arabic name."""
    return {key for key in (name_key(given_name, family_name), name_key(name_ar)) if key}


#: Words that say nothing about which institution is meant.
AGENCY_FILLER = frozenset({"of", "the", "and", "for", "de", "du", "des", "la", "le", "l", "et", "pour", "d",
                           "ministry", "ministere", "وزارة", "وزاره", "و", "ال"})


def agency_words(agency: str | None) -> frozenset[str]:
    return frozenset(word.translate(ARABIC_VARIANTS) for word in fold(agency or "").split()) - AGENCY_FILLER


def similar_agencies(first: str | None, second: str | None) -> bool:
    """The same institution written twice: one's significant words all in the other, or most of them shared."""
    a, b = agency_words(first), agency_words(second)
    if not a or not b:
        return False
    shared = len(a & b)
    return shared == min(len(a), len(b)) or shared * 2 >= max(len(a), len(b))
