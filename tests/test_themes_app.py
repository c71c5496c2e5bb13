"""The theme on the page (AppTest): from the link, from the sidebar's control, kept in the URL; a bad value is
refused with a plain message. What the stage is sent and what the charts and the page CSS are drawn in."""

from __future__ import annotations

import json

import pytest

from poolviz import themes
from tests.apptest_helpers import _find, figures, new_app, no_problems, stage


def page_css(at) -> str:
    return "\n".join(h.proto.body for h in _find(at._tree, "Html"))


def test_no_theme_follows_the_browser() -> None:
    at = new_app()
    no_problems(at)
    assert stage(at)["theme"] == "auto" and "theme" not in at.query_params
    assert at.selectbox(key="theme").value == themes.AUTO
    assert "color-scheme" not in page_css(at)  # Streamlit's own light or dark theme, nothing drawn over it


@pytest.mark.parametrize("name", themes.THEMES)
def test_a_theme_from_the_link_reaches_the_stage_the_page_and_the_url(name: str) -> None:
    at = new_app({"theme": name, "step": "4", "window": "1,1"})
    no_problems(at)
    p = themes.palette(name)
    assert stage(at)["theme"] == name
    assert at.selectbox(key="theme").value == name
    assert at.query_params["theme"] == name and at.query_params["step"] == "4"
    css = page_css(at)
    assert f"color-scheme: {p.scheme}" in css and f"background: {p.bg} !important" in css


def test_the_sidebar_control_changes_the_theme_and_the_link() -> None:
    at = new_app({"phase": "backward", "step": "9hw"})
    at.selectbox(key="theme").set_value("contrast").run()
    no_problems(at)
    assert stage(at)["theme"] == "contrast" and at.query_params["theme"] == "contrast"
    assert at.query_params["step"] == "9hw"  # the place is kept
    at.selectbox(key="theme").set_value(themes.AUTO).run()
    no_problems(at)
    assert stage(at)["theme"] == "auto" and "theme" not in at.query_params


def test_the_link_round_trips_the_theme() -> None:
    at = new_app({"theme": "dark"})
    again = new_app(dict(at.query_params))  # a copied link opens a new session
    no_problems(again)
    assert stage(again)["theme"] == "dark" and dict(again.query_params) == dict(at.query_params)


def test_a_bad_theme_in_the_link_says_so_and_follows_the_browser() -> None:
    at = new_app({"theme": "purple<b>"})
    assert not at.exception
    [warning] = [w.value.replace("\\", "") for w in at.warning if "theme" in w.value]  # shown escaped
    assert "theme='purple?b?' is not one of: light, dark, contrast" in warning
    assert "follows the browser" in warning
    assert stage(at)["theme"] == "auto" and "theme" not in at.query_params


def test_a_preset_keeps_the_theme() -> None:
    at = new_app({"theme": "contrast"})
    at.sidebar.button(key="preset_overlap").click().run()
    no_problems(at)
    assert at.query_params["theme"] == "contrast" and stage(at)["theme"] == "contrast"


@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_a_chart_is_drawn_in_the_theme(name: str) -> None:
    p = themes.palette(name)
    at = new_app({"view": "ties", "theme": name})
    no_problems(at)
    [fig] = figures(at)
    assert fig["layout"]["paper_bgcolor"] == p.bg and fig["layout"]["font"]["color"] == p.ink
    assert {s["line"]["color"] for s in fig["layout"]["shapes"]} <= {p.window_edge, p.picked_edge, p.halo}
    assert p.halo in {s["line"]["color"] for s in fig["layout"]["shapes"] if s["name"] == "halo"}


def test_a_chart_with_no_theme_is_the_light_one() -> None:
    """AppTest's browser reports no light or dark: the charts are light, as Streamlit's theme then is."""
    at = new_app({"view": "ties"})
    [fig] = figures(at)
    assert fig["layout"]["paper_bgcolor"] == "white"


def test_the_stage_payload_does_not_change_with_the_theme() -> None:
    """The theme rides beside the payload, so switching it re-sends no data."""
    light, dark = new_app({"theme": "light"}), new_app({"theme": "dark"})
    assert json.dumps(stage(light)["payload"]) == json.dumps(stage(dark)["payload"])


@pytest.mark.parametrize("name", ["", "dark", "contrast"])
def test_the_export_view_makes_its_files_in_the_theme(name: str) -> None:
    at = new_app({"view": "export", "theme": name} if name else {"view": "export"})
    no_problems(at)
    assert len(at.get("download_button")) >= 4  # the stage, the handout, the GIF, the PNG
