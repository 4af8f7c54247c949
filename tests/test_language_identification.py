from __future__ import annotations

import pytest

from tone.errors import MixedLanguage, UndeterminedLanguage, UnsupportedLanguage
from tone.lang.identify import identify_language


@pytest.mark.parametrize(("text", "lang"), [
    ("Thanks, I've reset your password.", "en"),
    ("ok thanks, will do", "en"),
    ("Добрый день! Мы уже вернули деньги на карту.", "ru"),
    ("Здравствуйте, спасибо за ожидание", "ru"),
    ("Привет, как дела", "ru"),
    ("Доброго дня! Ми вже повернули кошти.", "uk"),
    ("Дякуємо, що написали", "uk"),
    ("Привіт", "uk"),
    ("Dobrý deň, peniaze sme vám už vrátili.", "sk"),
    ("Dobry den, peniaze sme vam uz vratili, ospravedlnujeme sa.", "sk"),
    ("Ďakujeme", "sk"),
    ("Hi there, check https://example.com/help and DM us @support", "en"),
    ("Вам нужно пойти в офис банка.", "ru"),
    ("Рейс затримали на 3 години без пояснень.", "uk"),
    ("kolko stoji poslat balik na dobierku?", "sk"),
    ("Kuriér mal prísť dnes dopoludnia.", "sk"),
    ("how long does a new card take to arrive?", "en"),
    ("Так, є Samsung Galaxy Tab S6 Lite (9 499 грн) — стилус S Pen у комплекті.", "uk"),
])
def test_identifies_supported_languages(text: str, lang: str) -> None:
    assert identify_language(text).lang == lang


@pytest.mark.parametrize(("text", "detected"), [
    ("Guten Tag, wir haben das Geld bereits erstattet.", "de"),
    ("Bonjour, nous avons déjà remboursé votre commande.", "fr"),
    ("Dobrý den, peníze jsme vám už vrátili a omlouváme se.", "cs"),
    ("Здравейте, благодарим ви за търпението и разбирането.", "bg"),
])
def test_reports_unsupported_languages_with_detected_code(text: str, detected: str) -> None:
    with pytest.raises(UnsupportedLanguage) as caught:
        identify_language(text)
    assert caught.value.detected == detected


def test_mixed_scripts_are_reported_not_guessed() -> None:
    with pytest.raises(MixedLanguage):
        identify_language("Hello, I am writing about my order. Здравствуйте, пишу по поводу заказа.")


@pytest.mark.parametrize("text", ["ok", "12345", "!!!"])
def test_too_little_text_asks_for_lang(text: str) -> None:
    with pytest.raises(UndeterminedLanguage):
        identify_language(text)


def test_identification_is_deterministic() -> None:
    text = "Vielen Dank"  # short and ambiguous: langdetect is random unless seeded
    outcomes = set()
    for _ in range(5):
        try:
            outcomes.add(identify_language(text).lang)
        except Exception as error:  # noqa: BLE001 - the point is that the same thing happens each time
            outcomes.add(type(error).__name__)
    assert len(outcomes) == 1
