"""Which of en, ru, uk, sk a reply is written in, or that it is none of them.

langdetect alone is unreliable on chat-length text and confuses ru/uk and sk/cs,
so letters unique to one language and a few frequent function words decide
first, and langdetect (seeded, so runs repeat) settles the rest.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tone.errors import MixedLanguage, UndeterminedLanguage, UnsupportedLanguage
from tone.taxonomy import SUPPORTED_LANGUAGES

_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+|[@#]\w+|\^\w+")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)

_UK_LETTERS = set("іїєґ")
_RU_LETTERS = set("ыэё")
_BE_LETTERS = set("ў")
_SOUTH_SLAVIC_LETTERS = {"ѓ": "mk", "ќ": "mk", "ѕ": "mk", "ђ": "sr", "ћ": "sr", "ј": "sr", "љ": "sr", "њ": "sr", "џ": "sr"}
# Ukrainian prose almost never runs this long without і, ї or є.
UKRAINIAN_LETTER_SPAN = 20
_SK_LETTERS = set("ľĺŕôä")
_CS_LETTERS = set("řůě")

# Frequent words that belong to one language of a confusable pair and not the other.
_FUNCTION_WORDS = {
    "en": {"the", "you", "your", "we", "our", "is", "are", "to", "and", "for", "of", "it", "this", "that",
           "please", "thanks", "thank", "sorry", "will", "can", "have", "hi", "hello", "with", "be", "i", "my"},
    "sk": {"som", "sme", "ste", "nie", "alebo", "dakujeme", "ďakujeme", "dakujem", "ďakujem", "vas", "uz",
           "bude", "budeme", "ked", "keď", "lebo", "preto", "tiez", "tiež", "ktory", "ktorý", "aby", "ako",
           "sa", "vam", "prosim", "zdravim", "zdravím", "mate", "máte", "mozete", "môžete"},
    "cs": {"jsem", "jsme", "jste", "nebo", "děkujeme", "děkuji", "dekujeme", "když", "protože", "bychom",
           "také", "který", "která", "abyste", "jak", "se", "můžete", "máte", "prosíme", "zdravím"},
    "ru": {"мы", "уже", "вы", "вам", "вас", "что", "как", "это", "и", "от", "чтобы", "также", "его", "спасибо",
           "пожалуйста", "здравствуйте", "нет", "да", "к", "будет", "сейчас", "если", "или", "когда", "ещё",
           "еще", "привет", "добрый", "день", "наш", "ваш", "можно", "только", "для", "по", "но", "они", "нужно",
           "надо", "сегодня", "завтра", "вы", "ваша", "ваше"},
    "uk": {"ми", "вже", "ви", "вам", "вас", "що", "як", "це", "та", "й", "від", "щоб", "також", "його",
           "дякуємо", "дякую", "будь", "ласка", "вітаю", "ні", "так", "до", "буде", "зараз", "якщо", "або",
           "коли", "ще", "привіт", "добрий", "день", "наш", "ваш", "можна", "тільки", "для", "по", "але", "вони", "потрібно",
           "треба", "сьогодні", "завтра", "ваша", "ваше"},
}
# Words both languages of a pair share tell nothing; keep only what tells them apart.
for _a, _b in (("sk", "cs"), ("ru", "uk")):
    _shared = _FUNCTION_WORDS[_a] & _FUNCTION_WORDS[_b]
    _FUNCTION_WORDS[_a] -= _shared
    _FUNCTION_WORDS[_b] -= _shared

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
    words = [w.lower() for w in _WORD.findall(_NOISE.sub(" ", text))]
    return {lang: sum(w in vocab for w in words) for lang, vocab in _FUNCTION_WORDS.items()}


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


def _unsupported(ranking: list[tuple[str, float]]) -> UnsupportedLanguage:
    top = ranking[0][0]
    return UnsupportedLanguage(f"this reply looks like {top!r}, which tone does not analyse", detected=top)


def _cyrillic(text: str, letters: str) -> Identification:
    chars = set(letters.lower())
    if chars & _BE_LETTERS:
        raise UnsupportedLanguage("this reply looks Belarusian, which tone does not analyse", detected="be")
    uk, ru = bool(chars & _UK_LETTERS), bool(chars & _RU_LETTERS)
    if uk and not ru:
        return Identification("uk", "Ukrainian letters (і ї є ґ)")
    if ru and not uk:
        return Identification("ru", "Russian letters (ы э ё)")
    for letter, code in _SOUTH_SLAVIC_LETTERS.items():
        if letter in chars:
            raise UnsupportedLanguage(f"this reply looks like {code!r}, which tone does not analyse", detected=code)
    votes = _function_word_votes(text)
    if votes["ru"] != votes["uk"]:
        lang = "ru" if votes["ru"] > votes["uk"] else "uk"
        return Identification(lang, "Russian words" if lang == "ru" else "Ukrainian words")
    ranking = _langdetect_ranking(text)
    bulgarian = ranking and ranking[0][0] == "bg" and "ъ" in chars
    if not uk and not bulgarian and len(letters) >= UKRAINIAN_LETTER_SPAN:
        return Identification("ru", "Cyrillic without Ukrainian letters")
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
    votes = _function_word_votes(text)
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
    if share >= MIXED_SHARE and min(cyrillic, latin) >= 12:
        raise MixedLanguage(
            "the reply mixes Cyrillic and Latin text in similar amounts; pass --lang to choose how to read it"
        )
    return _cyrillic(text, letters) if cyrillic > latin else _latin(text, letters)


__all__ = ["Identification", "identify_language", "SUPPORTED_LANGUAGES"]
