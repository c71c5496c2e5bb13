"""The message catalogue: the committed .pot is what the source holds, and Spanish translates all of it."""

from __future__ import annotations

import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from poolviz import i18n
from tools import catalogue

ROOT = Path(__file__).resolve().parent.parent
PO = {code: i18n.LOCALE_DIR / code / "LC_MESSAGES" / f"{i18n.DOMAIN}.po" for code in i18n.LANGUAGES if code != "en"}


def _read(path: Path) -> dict[object, object]:
    with path.open("rb") as f:
        return {m.id: m for m in read_po(f) if m.id}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_committed_catalogue_is_what_the_source_holds(tmp_path: Path) -> None:
    """A string added to the source (or changed) without `python tools/catalogue.py` fails here."""
    fresh = tmp_path / "fresh.pot"
    command = [*catalogue.EXTRACT, "--no-default-keywords", "-o", str(fresh), "poolviz"]
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *command], cwd=ROOT, check=True, capture_output=True
    )
    committed, extracted = _read(catalogue.POT), _read(fresh)
    assert sorted(map(str, set(extracted) - set(committed))) == [], "in the source, not in poolviz.pot"
    assert sorted(map(str, set(committed) - set(extracted))) == [], "in poolviz.pot, no longer in the source"
    assert len(committed) > 100


@pytest.mark.parametrize("code", sorted(PO))
def test_every_message_is_translated_with_the_same_placeholders(code: str) -> None:
    template, translated = _read(catalogue.POT), _read(PO[code])
    missing, empty, wrong = [], [], []
    for msgid in template:
        message = translated.get(msgid)
        if message is None:
            missing.append(msgid)
            continue
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            empty.append(msgid)
            continue
        names = set().union(*map(_placeholders, ids))
        # a plural form may leave out the count ("una celda"), never add or lose another placeholder
        if any(not (names - {"n"} <= _placeholders(s) <= names) for s in strings) or (
            len(ids) == 1 and _placeholders(strings[0]) != names
        ):
            wrong.append(msgid)
    assert missing == [] and empty == [] and wrong == [], (missing[:5], empty[:5], wrong[:5])


def test_no_string_is_built_before_it_is_looked_up() -> None:
    """_(f"...") or _("..." + x) would look up a string the catalogue cannot hold: placeholders instead."""
    built = re.compile(r"\b(?:_|N_|ngettext)\(\s*(?:f\"|f'|rf\"|fr\"|[\"'][^\"']*[\"']\s*[+%])")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "poolviz").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if built.search(line)
    ]
    assert found == []


def test_spanish_numbers_and_fallbacks() -> None:
    with i18n.speaking("es"):
        assert i18n.number(0.93) == "0,93"
        assert i18n.number(-1.5, ".2f") == "-1,50"
        assert i18n.current() == "es"
    assert i18n.number(0.93) == "0.93"
    with i18n.speaking("klingon"):
        assert i18n.current() == "en"
    assert i18n.browser_language("es-ES") == "es"
    assert i18n.browser_language("es") == "es"
    assert i18n.browser_language("fr-FR") is None
    assert i18n.browser_language(None) is None


def test_the_cores_rule_words_are_in_the_catalogue() -> None:
    """poolviz.pooling.conventions.RULES knows no language: poolviz/words/lens.py marks each of its texts."""
    from poolviz.pooling.conventions import RULES
    from poolviz.words.lens import RULE_WORDS

    assert {text for rules in RULES.values() for text in rules.values()} <= set(RULE_WORDS)
    assert set(RULE_WORDS) <= set(_read(catalogue.POT))
