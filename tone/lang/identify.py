"""Which of en, ru, uk, sk a reply is written in, or that it is none of them.

langdetect alone is unreliable on chat-length text and confuses ru/uk and sk/cs,
so letters unique to one language and a few frequent function words decide
first, and langdetect (seeded, so runs repeat) settles the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tone.errors import MixedLanguage, UndeterminedLanguage, UnsupportedLanguage
from tone.lang.base import strip_diacritics
from tone.taxonomy import SUPPORTED_LANGUAGES

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\^\w+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_UK_LETTERS = set("іїєґ")
_RU_LETTERS = set("ыэё")
_BE_LETTERS = set("ў")
_SOUTH_SLAVIC_LETTERS = {"ѓ": "mk", "ќ": "mk", "ѕ": "mk", "ђ": "sr", "ћ": "sr", "ј": "sr", "љ": "sr", "њ": "sr", "џ": "sr"}

_SK_LETTERS = set("ľĺŕôä")
_CS_LETTERS = set("řůě")
# Acute vowels and carons English never uses and Croatian/Slovenian don't either; Czech is told by ř ů ě.
_SK_OR_CS_LETTERS = set("áéíóúýťďňľĺŕôä")
_OTHER_LATIN_LETTERS = {"ł": "pl", "ą": "pl", "ę": "pl", "ś": "pl", "ź": "pl", "ż": "pl", "ő": "hu", "ű": "hu",
                        "ö": "de", "ü": "de", "ß": "de", "ñ": "es", "ç": "fr", "è": "fr", "ê": "fr", "à": "fr"}

# Frequent words that belong to one language of a confusable pair and not the other.
_FUNCTION_WORDS = {
    "en": {"the", "you", "your", "we", "our", "is", "are", "and", "for", "of", "it", "this", "that",
           "please", "thanks", "thank", "sorry", "will", "can", "have", "hi", "hello", "with", "be", "i", "my",
           "how", "do", "does", "what", "where", "when", "why", "not", "no", "was", "got", "been", "has", "me",
           "never", "did", "didn't", "don't", "can't", "i'm", "it's", "there", "would", "could", "get"},
    # Only words Slovak and Czech do not share (Czech: jsem, jen, jinak, ještě, pro, podle, kvůli, ...).
    "sk": {"som", "sme", "ste", "nie", "alebo", "dakujeme", "ďakujeme", "dakujem", "ďakujem", "ked", "keď",
           "lebo", "preto", "tiez", "tiež", "ktory", "ktorý", "ktorá", "ktoré", "ako", "sa", "mozete", "môžete",
           "len", "ak", "inak", "este", "ešte", "pre", "podla", "podľa", "malo", "kvôli", "kvoli", "všetci",
           "vsetci", "aj", "pretože", "pretoze", "zásielka", "zásielku", "zasielka", "bohužiaľ", "bohuzial",
           "kolko", "koľko", "vasu", "vašu", "vaša", "vase", "vaše", "zaplatit", "teraz"},
    "cs": {"jsem", "jsme", "jste", "nebo", "děkujeme", "děkuji", "dekujeme", "dekuji", "když", "protože",
           "bychom", "který", "která", "které", "abyste", "jak", "se", "můžete", "muzete", "prosíme", "jen",
           "jinak", "ještě", "jeste", "pro", "podle", "kvůli", "kvuli", "všichni", "vsichni", "bohužel", "bohuzel",
           "kolik", "teď", "ted"},
    "ru": {"мы", "уже", "вы", "вам", "вас", "что", "как", "это", "и", "от", "чтобы", "также", "его", "спасибо",
           "пожалуйста", "здравствуйте", "нет", "да", "к", "будет", "сейчас", "если", "или", "когда", "ещё",
           "еще", "привет", "добрый", "день", "наш", "ваш", "можно", "только", "для", "по", "но", "они", "нужно",
           "надо", "сегодня", "завтра", "вы", "ваша", "ваше"},
    "uk": {"ми", "вже", "ви", "вам", "вас", "що", "як", "це", "та", "й", "від", "щоб", "також", "його",
           "дякуємо", "дякую", "будь", "ласка", "вітаю", "ні", "буде", "зараз", "якщо", "або",
           "коли", "ще", "привіт", "добрий", "день", "наш", "ваш", "можна", "тільки", "для", "по", "але", "вони", "потрібно",
           "треба", "сьогодні", "завтра", "ваша", "ваше"},
}
# Words both languages of a pair share tell nothing; keep only what tells them apart.
for _a, _b in (("sk", "cs"), ("ru", "uk")):
    _shared = _FUNCTION_WORDS[_a] & _FUNCTION_WORDS[_b]
    _FUNCTION_WORDS[_a] -= _shared
    _FUNCTION_WORDS[_b] -= _shared

_FOLDED_VOCAB = {lang: {strip_diacritics(w) for w in _FUNCTION_WORDS[lang]} for lang in ("sk", "cs")}
_FOLDED_VOCAB["sk"] -= _FOLDED_VOCAB["cs"]
_FOLDED_VOCAB["cs"] -= {strip_diacritics(w) for w in _FUNCTION_WORDS["sk"]}

MIN_LETTERS = 4
MIXED_SHARE = 0.3


@dataclass(frozen=True)
class Identification:
    lang: str
    reason: str


def _letters(text: str) -> str:
    return "".join(_WORD.findall(_NOISE.sub(" ", text)))


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _function_word_votes(text: str) -> dict[str, int]:
    """Occurrences of each language's telling words; Latin words compare without diacritics (chat style)."""
    words = [w.lower() for w in _WORD.findall(_NOISE.sub(" ", text))]
    folded = [strip_diacritics(w) for w in words]
    votes = {}
    for lang, vocab in _FUNCTION_WORDS.items():
        if lang in ("sk", "cs"):
            votes[lang] = sum(w in _FOLDED_VOCAB[lang] for w in folded)
        else:
            votes[lang] = sum(w in vocab for w in words)
    return votes


_detector_ready = False


def _langdetect_ranking(text: str) -> list[tuple[str, float]]:
    global _detector_ready
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    if not _detector_ready:
        DetectorFactory.seed = 0
        _detector_ready = True
    try:
        return [(guess.lang, guess.prob) for guess in detect_langs(text)]
    except LangDetectException:
        return []


def _latin_dictionary_votes(text: str) -> tuple[int, int]:
    """Words (3+ letters) only the Slovak forms (diacritics optional), or only English lemma table, know."""
    from tone.lang import en, sk

    only_sk = only_en = 0
    for word in _WORD.findall(_NOISE.sub(" ", text)):
        if len(word) < 3:
            continue
        in_sk, in_en = sk.is_known_word(word), en.is_known_word(word)
        only_sk += in_sk and not in_en
        only_en += in_en and not in_sk
    return only_sk, only_en


def _unsupported(ranking: list[tuple[str, float]]) -> UnsupportedLanguage:
    top = ranking[0][0]
    return UnsupportedLanguage(f"this reply looks like {top!r}, which tone does not analyse", detected=top)


def _dictionary_votes(text: str) -> tuple[int, int]:
    """How many words only pymorphy3's Russian, or only its Ukrainian, dictionary knows."""
    from tone.lang._pymorphy import morph_analyzer

    russian, ukrainian = morph_analyzer("ru"), morph_analyzer("uk")
    only_ru = only_uk = 0
    for word in _WORD.findall(_NOISE.sub(" ", text)):
        if not any(_is_cyrillic(ch) for ch in word):
            continue
        lower = word.lower()
        in_ru, in_uk = russian.word_is_known(lower), ukrainian.word_is_known(lower)
        only_ru += in_ru and not in_uk
        only_uk += in_uk and not in_ru
    return only_ru, only_uk


def _cyrillic(text: str, letters: str) -> Identification:
    chars = set(letters.lower())
    if chars & _BE_LETTERS:
        raise UnsupportedLanguage("this reply looks Belarusian, which tone does not analyse", detected="be")
    if re.search(r"ъ(?![еёюя])", letters.lower()):
        # Russian writes ъ only before е ё ю я; Bulgarian writes it as a vowel anywhere.
        raise UnsupportedLanguage("this reply looks Bulgarian, which tone does not analyse", detected="bg")
    uk, ru = bool(chars & _UK_LETTERS), bool(chars & _RU_LETTERS)
    if uk and not ru:
        return Identification("uk", "Ukrainian letters (і ї є ґ)")
    if ru and not uk:
        return Identification("ru", "Russian letters (ы э ё)")
    for letter, code in _SOUTH_SLAVIC_LETTERS.items():
        if letter in chars:
            raise UnsupportedLanguage(f"this reply looks like {code!r}, which tone does not analyse", detected=code)
    known_ru, known_uk = _dictionary_votes(text)
    if known_ru != known_uk:
        lang = "ru" if known_ru > known_uk else "uk"
        return Identification(lang, f"words only the {'Russian' if lang == 'ru' else 'Ukrainian'} dictionary knows")
    votes = _function_word_votes(text)
    if votes["ru"] != votes["uk"]:
        lang = "ru" if votes["ru"] > votes["uk"] else "uk"
        return Identification(lang, "Russian words" if lang == "ru" else "Ukrainian words")
    ranking = _langdetect_ranking(text)
    for lang, _prob in ranking:
        if lang in ("ru", "uk"):
            return Identification(lang, "langdetect, Cyrillic script")
    if ranking and len(letters) >= 30:
        raise _unsupported(ranking)
    raise UndeterminedLanguage("could not tell Russian from Ukrainian here; pass --lang ru or --lang uk")


def _latin(text: str, letters: str) -> Identification:
    chars = set(letters.lower())
    if chars & _SK_LETTERS and not chars & _CS_LETTERS:
        return Identification("sk", "Slovak letters (ľ ĺ ŕ ô ä)")
    if chars & _CS_LETTERS and not chars & _SK_LETTERS:
        raise UnsupportedLanguage("this reply looks Czech (ř ů ě), which tone does not analyse", detected="cs")
    for letter, code in _OTHER_LATIN_LETTERS.items():
        if letter in chars:
            raise UnsupportedLanguage(f"this reply looks like {code!r}, which tone does not analyse", detected=code)
    votes = _function_word_votes(text)
    if chars & _SK_OR_CS_LETTERS:
        if votes["cs"] > votes["sk"]:
            raise UnsupportedLanguage("this reply looks Czech, which tone does not analyse", detected="cs")
        return Identification("sk", "Slovak diacritics")
    if votes["sk"] >= 2 and votes["sk"] > max(votes["en"], votes["cs"]):
        return Identification("sk", "Slovak words")
    if votes["en"] >= 2 and votes["en"] > votes["sk"] + votes["cs"]:
        return Identification("en", "English words")
    known_sk, known_en = _latin_dictionary_votes(text)
    if known_sk != known_en and votes["cs"] == 0:
        lang = "sk" if known_sk > known_en else "en"
        return Identification(lang, f"words only the {'Slovak' if lang == 'sk' else 'English'} dictionary knows")
    ranking = _langdetect_ranking(text)
    top = ranking[0][0] if ranking else "und"
    slavic = votes["sk"] + votes["cs"]
    if slavic > votes["en"] or (top in {"sk", "cs", "sl", "hr", "pl", "bs", "sr"} and slavic):
        if votes["sk"] >= votes["cs"]:
            return Identification("sk", "Slovak words")
        raise UnsupportedLanguage("this reply looks Czech, which tone does not analyse", detected="cs")
    if votes["en"] >= 2 or (top == "en" and votes["en"] >= 1):
        return Identification("en", "English words")
    if top == "en" and len(letters) >= 12:
        return Identification("en", "langdetect")
    if top == "sk" and len(letters) >= 12:
        return Identification("sk", "langdetect")
    if ranking and len(letters) >= 20:
        raise _unsupported(ranking)
    raise UndeterminedLanguage("the reply is too short to tell its language; pass --lang")


def identify_language(text: str) -> Identification:
    """Return the reply's language or raise UnsupportedLanguage / MixedLanguage / UndeterminedLanguage."""
    letters = _letters(text)
    if len(letters) < MIN_LETTERS:
        raise UndeterminedLanguage("the reply has too few letters to tell its language; pass --lang")
    cyrillic = sum(1 for ch in letters if _is_cyrillic(ch))
    latin = sum(1 for ch in letters if ch.isascii() or "\u00c0" <= ch <= "\u024f")
    other = len(letters) - cyrillic - latin
    if other > max(cyrillic, latin):
        ranking = _langdetect_ranking(text)
        detected = ranking[0][0] if ranking else "und"
        raise UnsupportedLanguage(f"this reply is not in a supported script (detected {detected!r})", detected=detected)
    share = min(cyrillic, latin) / len(letters)
    votes = _function_word_votes(text)
    # Product names in Latin letters inside a Russian reply are not a second language; sentences are.
    latin_votes, cyrillic_votes = votes["en"] + votes["sk"] + votes["cs"], votes["ru"] + votes["uk"]
    both_written = latin_votes >= 1 and cyrillic_votes >= 1 and latin_votes + cyrillic_votes >= 3
    if share >= MIXED_SHARE and min(cyrillic, latin) >= 12 and both_written:
        raise MixedLanguage(
            "the reply mixes Cyrillic and Latin text in similar amounts; pass --lang to choose how to read it"
        )
    # Latin letters without two function words among them are names (products, brands), not the language.
    cyrillic_text = cyrillic > latin or (cyrillic >= 0.15 * len(letters) and latin_votes < 2)
    return _cyrillic(text, letters) if cyrillic_text else _latin(text, letters)


__all__ = ["Identification", "identify_language", "SUPPORTED_LANGUAGES"]
