"""A pseudo-language built from the catalogue: every translation is its English text between ⟦ and ⟧.

Installed as the language "qps", it makes a string that does not go through the catalogue stand out: its words
are left outside the markers. `leftovers` lists such words in a text; `page_texts` collects every text a page
shows (markdown, captions, headings, labels, help, options, alerts; the stage's words; the charts' titles).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from poolviz import i18n

PSEUDO = "qps"
OPEN, CLOSE = "⟦", "⟧"
POT = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
# Words that stay as they are in every language: the spec's names, code, names of libraries, numbers' NaN.
SPEC_NAMES = "X Xb _Xb Z Zb dA dX dZ dZb dXb M ph pw sh sw oh ow hs he ws we m h w d i c k n"
NAMES = "sum NaN inf EpyNN poolviz PyTorch Keras JAX TensorFlow NumPy np max min avg mean"
CODE = "ceil_mode count_include_pad valid same True False"  # the frameworks' own argument names and values
FORMULA = "kernel stride padding dilation window pool lo hi"  # the symbols of the frameworks' output-size formulas
KEPT = {*SPEC_NAMES.split(), *NAMES.split(), *CODE.split(), *FORMULA.split()}
_MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")
_NOT_WORDS = re.compile(r"<br>|https?://\S+|\d+hw|\b[A-Z2-9]{6}\b")  # spec steps such as (6hw), class codes
_CODE_SPANS = re.compile(r"`[^`]*`")  # Markdown's code, as written
_PLACEHOLDER = re.compile(r"\{\w+\}")
_LANGUAGE_NAMES = {*i18n.LANGUAGES.values(), PSEUDO}  # the switch names each language in itself
_WORD = re.compile(r"[^\W\d]+")  # letters (and _): a number or a symbol is no word


def _mark(text: str) -> str:
    """⟦text⟧ with each {placeholder} left outside the markers: what fills it must come marked itself."""
    return OPEN + _PLACEHOLDER.sub(lambda m: CLOSE + m.group(0) + OPEN, text) + CLOSE


def install() -> str:
    """Offer the pseudo-language (idempotent); returns its code for ?lang=."""
    if PSEUDO not in i18n.languages():
        with POT.open("rb") as f:
            catalog = read_po(f)
        for message in catalog:
            if not message.id:
                continue
            forms = message.id if isinstance(message.id, tuple) else (message.id,)
            marked = tuple(_mark(form) for form in forms)
            message.string = marked if isinstance(message.id, tuple) else marked[0]
        i18n.add_language(PSEUDO, i18n.translations_from_catalog(catalog))
    return PSEUDO


def leftovers(text: str) -> list[str]:
    """The words of `text` outside every ⟦…⟧ (nested markers: a translated word inside a translated sentence)."""
    text = _CODE_SPANS.sub(" ", text)
    while True:
        stripped = _MARKED.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    text = _PLACEHOLDER.sub(" ", text.replace("\\", " "))  # a template's {names} are filled by the browser
    text = _NOT_WORDS.sub(" ", text)  # HTML line breaks in chart titles, links, Markdown's code spans
    return [word for word in _WORD.findall(text) if word not in KEPT and word not in _LANGUAGE_NAMES]


TEXT_FIELDS = {"body", "label", "help", "placeholder", "content", "options", "caption", "title"}
SKIPPED = {"BidiComponent", "PlotlyChart", "Code", "Html", "Arrow", "Json", "Exception", "PageConfig"}


def _proto_texts(proto: object) -> list[str]:
    out: list[str] = []
    if type(proto).__name__ in SKIPPED or not hasattr(proto, "ListFields"):
        return out
    for field, value in proto.ListFields():
        values = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
        for v in values:
            if isinstance(v, str):
                if field.name in TEXT_FIELDS:
                    out.append(v)
            elif hasattr(v, "ListFields"):
                out += _proto_texts(v)
    return out


def _nodes(node: object) -> list[object]:
    found = []
    for child in getattr(node, "children", {}).values():
        found.append(child)
        found += _nodes(child)
    return found


def _stage_texts(payload: dict) -> list[str]:
    out = []
    for steps in payload["steps"].values():
        for step in steps:
            out.append(step["title"])
            out += [template for _, template in step["text"]]
    out += [name for name, _ in payload["shapes"]]
    out += list(payload.get("words", {}).values())
    return out


def _figure_texts(spec: dict) -> list[str]:
    out = []
    layout = spec.get("layout", {})
    for value in layout.values():
        if isinstance(value, dict) and isinstance(value.get("title"), dict):
            out.append(value["title"].get("text", ""))
    if isinstance(layout.get("title"), dict):
        out.append(layout["title"].get("text", ""))
    out += [a.get("text", "") for a in layout.get("annotations", [])]
    out += [t.get("name", "") for t in spec.get("data", []) if t.get("showlegend")]
    return out


def page_texts(at: AppTest) -> list[str]:
    """Every text the page shows, as the script sent it."""
    out: list[str] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        kind = type(proto).__name__
        if kind == "Markdown" and getattr(proto, "element_type", 0) in (3, 4, 5):  # code, LaTeX, a divider: as written
            continue
        if kind == "BidiComponent":
            sent = json.loads(proto.json)
            if "payload" in sent:
                out += _stage_texts(json.loads(sent["payload"]))
        elif kind == "PlotlyChart":
            out += _figure_texts(json.loads(proto.spec))
        elif proto is not None:
            out += _proto_texts(proto)
    return [text for text in out if text]


def untranslated(at: AppTest, quoting: set[str] = frozenset()) -> dict[str, list[str]]:
    """Each shown text with words left outside the markers, and those words. Texts in `quoting` (messages that
    quote a link's own values) need only be catalogue strings: their quotes are the user's words."""
    found = {text: words for text in page_texts(at) if (words := leftovers(text))}
    return {text: words for text, words in found.items() if not (text in quoting and text.startswith(OPEN))}
