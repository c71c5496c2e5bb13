"""Every text a page shows goes through the catalogue: in the pseudo-language (tests/pseudo_locale.py) each one is
made of ⟦marked⟧ strings, numbers and the spec's names. And ?lang=es shows Spanish."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests import pseudo_locale
from tests.apptest_helpers import new_app, no_problems, report, stage

VIEWS = ["walk", "quiz", "ties", "lens", "race", "why", "export", "live"]
MOMENTS = ("forward:2:3", "forward:4:8", "backward:1:0", "backward:6hw:4", "backward:9hw:8", "forward:3:0")


@pytest.fixture(scope="module")
def pseudo() -> str:
    return pseudo_locale.install()


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POOLVIZ_STORE", f"sqlite://{tmp_path / 'class.db'}")


def assert_all_marked(at: AppTest) -> None:
    no_problems(at)
    assert pseudo_locale.untranslated(at) == {}


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_shows_only_catalogue_strings(pseudo: str, view: str, store: None) -> None:
    assert_all_marked(new_app({"lang": pseudo, "view": view}))


@pytest.mark.parametrize(
    "query",
    [
        {"source": "nan", "pool": "avg"},
        {"source": "image", "ph": "3", "pw": "3", "sh": "2", "sw": "2"},
        {"source": "grid", "grad": "integers", "m": "2", "d": "2"},
        {"present": "1", "pool": "min", "source": "relu"},
        {"m": "2", "d": "3", "slices": "all"},
        {"m": "2", "d": "2", "slices": "side", "pool": "avg"},
    ],
)
def test_the_walkthrough_forward_and_back_shows_only_catalogue_strings(pseudo: str, query: dict[str, str]) -> None:
    at = new_app({"lang": pseudo, **query})
    assert_all_marked(at)
    for moment in (*MOMENTS, *reversed(MOMENTS)):
        at = report(at, moment)
        assert_all_marked(at)


@pytest.mark.parametrize(
    "query",
    [
        {"fw": "keras", "pad": "same"},
        {"fw": "jax", "pad": "1,1", "source": "nan"},
        {"pool": "avg", "pad": "1,1", "cip": "0", "ph": "3", "pw": "3", "sh": "2", "sw": "2"},
        {"zero": "1", "pad": "1,1", "shift": "-5", "ceil": "1", "present": "1"},
    ],
)
def test_the_frameworks_view_shows_only_catalogue_strings(pseudo: str, query: dict[str, str]) -> None:
    assert_all_marked(new_app({"lang": pseudo, "view": "lens", **query}))


def test_messages_about_a_link_are_catalogue_strings(pseudo: str) -> None:
    at = new_app({"lang": pseudo, "ph": "99", "view": "nowhere", "window": "a,b", "step": "7"})
    assert len(at.warning) >= 4
    no_problems(at)
    assert pseudo_locale.untranslated(at, quoting={w.value for w in at.warning}) == {}


def test_the_live_class_pages_show_only_catalogue_strings(pseudo: str, store: None) -> None:
    teacher = new_app({"lang": pseudo, "view": "live"})
    teacher.button(key="live_start").click().run()
    assert_all_marked(teacher)
    code = teacher.query_params["class"]
    code = code[0] if isinstance(code, list) else code
    student = new_app({"lang": pseudo, "join": code})
    assert_all_marked(student)
    student.button(key="live_join").click().run()
    assert_all_marked(student)


# --- real Spanish ------------------------------------------------------------------------------------------


def _words(at: AppTest) -> str:
    return " ".join(pseudo_locale.page_texts(at))


def test_lang_es_shows_the_walkthrough_in_spanish() -> None:
    at = new_app({"lang": "es"})
    no_problems(at)
    assert at.title[0].value == "Pooling, paso a paso"
    assert "Capa de pooling" in [h.value for h in at.header]
    payload = stage(at)["payload"]
    assert payload["steps"]["forward"][0]["title"] == "Inicializar la caché: la entrada X"
    assert at.query_params["lang"] in ("es", ["es"])  # kept in the link
    at = report(at, "backward:9hw:8")
    assert "Todas las ventanas" in _words(at)


def test_spanish_numbers_have_a_decimal_comma() -> None:
    at = new_app({"lang": "es", "source": "floats", "pool": "avg"})
    no_problems(at)
    texts = [t for _, t in stage(at)["payload"]["steps"]["backward"][5]["text"]]
    assert any("0,25" in t for t in texts), texts


@pytest.mark.parametrize("view", ["quiz", "why", "lens"])
def test_lang_es_shows_other_views_in_spanish(view: str) -> None:
    """Every sentence (three words or more) of the English page reads differently in Spanish."""
    at = new_app({"lang": "es", "view": view})
    no_problems(at)
    english = new_app({"view": view})
    sentences = {t for t in pseudo_locale.page_texts(english) if len(re.findall(r"[^\W\d]{2,}", t)) >= 3}
    assert sentences
    assert sentences & set(pseudo_locale.page_texts(at)) == set()


def test_a_language_the_page_lacks_gives_english_and_a_plain_message() -> None:
    at = new_app({"lang": "xx<b>"})
    assert not at.exception
    assert at.title[0].value == "Pooling, step by step"
    assert any("lang=" in w.value and "English" in w.value for w in at.warning)
    assert "lang" not in at.query_params


def test_the_sidebar_switch_changes_the_language_and_the_link() -> None:
    at = new_app({})
    at.selectbox(key="lang").select("es").run()
    no_problems(at)
    assert at.title[0].value == "Pooling, paso a paso"
    assert at.query_params["lang"] in ("es", ["es"])
    at.selectbox(key="lang").select("en").run()
    assert at.title[0].value == "Pooling, step by step"
    assert "lang" not in at.query_params
