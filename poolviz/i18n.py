"""The page's language: one message catalogue (gettext, read with Babel), the current language, numbers in its style.

Every word the page shows goes through `_` (or `ngettext` for a count). A table of words built at import time
marks its entries with `N_` and translates them where they are shown, once the language is known. The
language is context-local: the page sets it at the start of each run (`use`), and the words, figures and stage
layers below read it; the core (pooling, trace) knows nothing of it.

The catalogues are the committed .po files beside this module (poolviz/locale/LANG/LC_MESSAGES/poolviz.po),
read once with Babel; poolviz/locale/poolviz.pot is what `pybabel extract` finds in the source.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_minus_sign_symbol
from babel.support import Translations

DOMAIN = "poolviz"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
ENGLISH = "en"
LANGUAGES = {"en": "English", "es": "Español"}  # each language's name in itself, as the switch shows it
NUMBER_LOCALE = {"en": "en", "es": "es"}

_current: ContextVar[str] = ContextVar("poolviz_language", default=ENGLISH)
_extra: dict[str, NullTranslations] = {}  # catalogues added at run time (`add_language`), by code


def N_(message: str) -> str:
    """Mark a message for the catalogue where it is defined; `_` translates it where it is shown."""
    return message


def translations_from_catalog(catalog: Catalog) -> Translations:
    """A gettext translator for a Babel catalogue (compiled to .mo in memory)."""
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@cache
def _translations(code: str) -> NullTranslations:
    if code in _extra:
        return _extra[code]
    path = LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == ENGLISH or not path.exists():
        return NullTranslations()
    with path.open("rb") as f:
        return translations_from_catalog(read_po(f, locale=code, domain=DOMAIN))


def add_language(code: str, translations: NullTranslations, number_locale: str = "en") -> None:
    """Offer one more language (e.g. a pseudo-language built from the catalogue, to find untranslated text)."""
    _extra[code] = translations
    NUMBER_LOCALE[code] = number_locale
    _translations.cache_clear()


def languages() -> tuple[str, ...]:
    """The codes a link's ?lang= may name."""
    return (*LANGUAGES, *_extra)


def use(code: str) -> None:
    """Speak `code` from now on in this context (the page's run); an unknown code speaks English."""
    _current.set(code if code in languages() else ENGLISH)


@contextmanager
def speaking(code: str) -> Iterator[None]:
    """Speak `code` inside the block (tests, exports made for another language)."""
    token = _current.set(code if code in languages() else ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def current() -> str:
    return _current.get()


def _(message: str, **values: object) -> str:
    """`message` in the current language; with `values`, its {placeholders} filled (str.format)."""
    text = _translations(current()).gettext(message)
    return text.format(**values) if values else text


def labels(table: Mapping[Any, str]) -> Callable[[Any], str]:
    """A widget's format_func showing `table`'s (N_-marked) words in the current language, whatever thread
    calls it later (Streamlit formats options again when it reads a widget's value)."""
    translations = _translations(current())
    return lambda key: translations.gettext(table[key])


def plural_forms(singular: str, plural: str) -> tuple[str, str]:
    """Mark a pair of forms for the catalogue where it is defined (as `N_` does); `plural` picks one to show."""
    return singular, plural


def labels_plural(forms: tuple[str, str]) -> Callable[[int], str]:
    """A widget's format_func for counts: `forms` (from `plural_forms`) for n, bound to the current language."""
    translations = _translations(current())
    return lambda n: translations.ngettext(*forms, n).format(n=n)


def plural(forms: tuple[str, str], n: int) -> str:
    """The form of `forms` (from `plural_forms`) for the count `n`, in the current language, not yet filled."""
    return _translations(current()).ngettext(*forms, n)


def ngettext(singular: str, plural: str, n: int, **values: object) -> str:
    """The singular or plural form for the count `n`, in the current language, with {n} and `values` filled."""
    return _translations(current()).ngettext(singular, plural, n).format(n=n, **values)


def number(value: float, spec: str = "g") -> str:
    """A number in words, written with Python's format `spec` ("g", ".2f") in the current language's style:
    0.93 in English, 0,93 in Spanish (Babel's decimal sign for the locale; no grouping, as in the pictures)."""
    text = format(value, spec)
    if value != value:  # NaN
        return "NaN"
    locale = NUMBER_LOCALE.get(current(), ENGLISH)
    return text.replace(".", get_decimal_symbol(locale)).replace("-", get_minus_sign_symbol(locale))


def decimal(value: float, digits: int = 2) -> str:
    """A number with at most `digits` decimals, grouped as the locale groups thousands (Babel's format_decimal)."""
    pattern = "#,##0." + "#" * digits if digits else "#,##0"
    return format_decimal(value, format=pattern, locale=NUMBER_LOCALE.get(current(), ENGLISH))


def percent(value: float) -> str:
    """A share as a percentage in the current language's style: 93% in English, 93 % in Spanish."""
    return format_percent(value, locale=NUMBER_LOCALE.get(current(), ENGLISH))


def browser_language(locale: str | None) -> str | None:
    """The language poolviz speaks for a browser's locale ("es-ES" → "es"), or None when it has none of it."""
    if not locale:
        return None
    code = str(locale).replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None
