"""The themes in a real browser: with no theme chosen the page, the stage and a chart follow the browser's
prefers-color-scheme (emulated dark); ?theme=contrast draws them black, white and yellow with thick outlines;
the sidebar's control switches the theme and the link. Screenshots of dark and high contrast for a look."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from poolviz import themes
from tests.browser.helpers import (
    LAPTOP,
    STAGE,
    assert_no_exception,
    chart,
    open_app,
    url_query,
    wait_for_stage,
    wait_for_stage_layout,
    wait_for_url,
)

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
PROJECTOR = {"width": 1920, "height": 1080}

# Computed colours of the stage's parts (its DOM is in a shadow root: Playwright's locators pierce it).
_STAGE_LOOK_JS = """(root) => {
  const css = (el, prop) => (el ? getComputedStyle(el)[prop] : null);
  const visible = (el) => el && !el.closest(".hidden") && el.getBoundingClientRect().width > 0;
  const svg = [...root.querySelectorAll("svg.pv-svg")].find(visible);
  const win = [...svg.querySelectorAll("rect.win")].find(visible);
  const pick = [...svg.querySelectorAll("rect.pick")].find(visible);
  const corner = [...svg.querySelectorAll("path.corner")].find(visible);
  const hatches = [...svg.querySelectorAll("path.hatch")].filter(visible);
  const button = root.querySelector("button[data-act=next]");
  return {
    theme: root.dataset.theme,
    background: css(root, "backgroundColor"),
    ink: css(root, "color"),
    picture: css(svg.querySelector("rect.bg"), "fill"),
    window: win && { stroke: css(win, "stroke"), width: css(win, "strokeWidth"), dash: css(win, "strokeDasharray") },
    edge: win && getComputedStyle(win).getPropertyValue("--edge").trim(),
    picked: pick && { stroke: css(pick, "stroke"), dash: css(pick, "strokeDasharray") },
    corner: corner && css(corner, "fill"),
    hatches: hatches.length,
    button: { background: css(button, "backgroundColor"), color: css(button, "color") },
  };
}"""


def rgb(colour: str) -> str:
    text = colour.lstrip("#")
    r, g, b = (int(text[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgb({r}, {g}, {b})"


def stage_look(page: Page) -> dict:
    wait_for_stage_layout(page)
    return page.locator(STAGE).evaluate(_STAGE_LOOK_JS)


def page_background(page: Page) -> str:
    return page.locator('[data-testid="stApp"]').evaluate("(el) => getComputedStyle(el).backgroundColor")


def chart_look(page: Page, key: str) -> dict:
    chart(page, key).wait_for()
    return chart(page, key).evaluate(
        """(gd) => ({ paper: gd._fullLayout.paper_bgcolor, font: gd._fullLayout.font.color,
                      lines: gd._fullLayout.shapes.map((s) => [s.name, s.line.color, s.line.dash]) })"""
    )


@pytest.fixture
def dark_page(browser: Browser) -> Iterator[Page]:
    """A page whose browser prefers a dark colour scheme."""
    context = browser.new_context(viewport=dict(LAPTOP), color_scheme="dark")
    yield context.new_page()
    context.close()


def shot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def test_with_no_theme_the_page_and_the_stage_follow_a_dark_browser(dark_page: Page, app_url: str) -> None:
    page, p = dark_page, themes.DARK
    open_app(page, app_url, "step=4&window=1,1")
    wait_for_stage(page, "forward:4:4")
    assert_no_exception(page)
    assert page_background(page) == rgb(p.bg)  # Streamlit's [theme.dark]
    look = stage_look(page)
    assert look["theme"] == "dark" and look["background"] == rgb(p.bg) and look["picture"] == rgb(p.bg)
    assert look["ink"] == rgb(p.ink) and look["button"]["color"] == rgb(p.ink)
    assert look["window"]["stroke"] == rgb(p.accent) and look["window"]["dash"] == "none"
    assert look["picked"]["stroke"] == rgb(p.picked) and look["picked"]["dash"] != "none"
    assert look["corner"] == rgb(p.picked)
    fills = page.locator('svg.pv-svg:not(.hidden) [data-grid="X"] rect.cell').evaluate_all(
        "(rects) => rects.map((r) => r.getAttribute('fill'))"
    )
    low, high = p.scales["values"][0], p.scales["values"][-1]
    assert {low, high} <= set(fills)  # 0 and 9: the ends of the dark theme's values scale
    assert "theme" not in url_query(page)
    shot(page, "theme_auto_dark_forward4_1280")
    page.emulate_media(color_scheme="light")  # the browser switches back: the page and the stage follow
    expect(page.locator(f'{STAGE}[data-theme="light"]')).to_be_attached()
    assert stage_look(page)["background"] == rgb(themes.LIGHT.bg)
    assert page_background(page) == rgb(themes.LIGHT.bg)


def test_with_no_theme_a_chart_follows_a_dark_browser(dark_page: Page, app_url: str) -> None:
    open_app(dark_page, app_url, "view=ties")
    assert_no_exception(dark_page)
    look = chart_look(dark_page, "fig_ties")
    assert look["paper"] == themes.DARK.bg and look["font"] == themes.DARK.ink
    assert {colour for _, colour, _ in look["lines"]} <= {themes.DARK.accent, themes.DARK.picked, themes.DARK.halo}
    assert all(dash == "6px,3px" for name, _, dash in look["lines"] if name == "picked")


def test_high_contrast_from_the_link(page: Page, app_url: str) -> None:
    p = themes.CONTRAST
    open_app(page, app_url, "theme=contrast&phase=backward&step=6hw&window=1,1")
    wait_for_stage(page, "backward:6hw:4")
    assert_no_exception(page)
    assert page_background(page) == rgb(p.bg)  # drawn over Streamlit's light theme by the page CSS
    look = stage_look(page)
    assert look["theme"] == "contrast" and look["background"] == rgb(p.bg)
    assert look["window"]["stroke"] == rgb(p.accent) and look["window"]["dash"] == "none"
    edge = float(look["edge"].removesuffix("px"))  # the outline's width for this cell size (grid.js)
    assert float(look["window"]["width"].removesuffix("px")) == pytest.approx(edge * p.outline_px / 4)  # thicker
    assert look["picked"]["stroke"] == rgb(p.picked) and look["picked"]["dash"] != "none"
    assert look["hatches"] == 1  # window (1, 1) of the default input has one cell at 1 in its mask
    page.locator(f"{STAGE} button[data-act=next]").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")  # focus by keyboard, so :focus-visible applies
    ring = page.locator(f"{STAGE} button[data-act=next]").evaluate(
        "(el) => [getComputedStyle(el).outlineColor, getComputedStyle(el).outlineWidth]"
    )
    assert ring == [rgb(p.focus), f"{p.focus_px}px"]
    title = page.locator('[data-testid="stApp"] h1').first
    assert title.evaluate("(el) => getComputedStyle(el).color") == rgb(p.ink)


def test_high_contrast_chart(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=ties&theme=contrast")
    assert_no_exception(page)
    look = chart_look(page, "fig_ties")
    assert look["paper"] == themes.CONTRAST.bg and look["font"] == themes.CONTRAST.ink
    p = themes.CONTRAST
    assert {colour for _, colour, _ in look["lines"]} <= {p.accent, p.picked, p.halo}


def test_the_sidebar_control_switches_the_theme(page: Page, app_url: str) -> None:
    open_app(page, app_url, "step=4")
    wait_for_stage(page)
    page.locator('.st-key-theme [role="combobox"], .st-key-theme input').first.click()
    page.get_by_role("option", name=themes.THEME_LABELS["dark"], exact=True).click()
    wait_for_url(page, r"theme=dark")
    expect(page.locator(f'{STAGE}[data-theme="dark"]')).to_be_attached()
    assert page_background(page) == rgb(themes.DARK.bg)
    assert url_query(page)["step"] == "4"


@pytest.mark.parametrize("size", [LAPTOP, PROJECTOR], ids=["1280", "1920"])
@pytest.mark.parametrize("name", ["dark", "contrast"])
def test_screenshots(page: Page, app_url: str, name: str, size: dict) -> None:
    """Forward (4), backward (9hw) and the tie rules, for a look (test-results/screenshots)."""
    page.set_viewport_size(size)
    for where, query, moment in [
        ("forward4", "step=4&window=1,1", "forward:4:4"),
        ("backward9hw", "phase=backward&step=9hw&window=1,1", "backward:9hw:4"),
    ]:
        open_app(page, app_url, f"theme={name}&{query}")
        wait_for_stage(page, moment)
        assert_no_exception(page)
        assert stage_look(page)["theme"] == name
        shot(page, f"theme_{name}_{where}_{size['width']}")
    open_app(page, app_url, f"theme={name}&view=ties")
    assert chart_look(page, "fig_ties")["paper"] == themes.palette(name).bg
    shot(page, f"theme_{name}_ties_{size['width']}")


def test_the_offline_stage_follows_the_browser_or_its_link(dark_page: Page, tmp_path: Path) -> None:
    from poolviz import inputs as samples
    from poolviz.stage import stage_data, stage_html
    from poolviz.trace import record

    trace = record(samples.random_integers((1, 6, 6, 1), 0), 2, 2, "max")
    path = tmp_path / "stage.html"
    path.write_text(stage_html(stage_data(trace, 0, 0)), encoding="utf-8")  # theme "auto"
    dark_page.goto(path.as_uri() + "#moment=forward:4:4")
    dark_page.locator(f'{STAGE}:not([data-moment=""])').wait_for(timeout=10_000)
    look = stage_look(dark_page)
    assert look["theme"] == "dark" and look["background"] == rgb(themes.DARK.bg)
    body = dark_page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body == rgb(themes.DARK.bg)
    dark_page.goto(path.as_uri() + "#moment=forward:4:4&theme=contrast")
    dark_page.reload()  # a new fragment alone does not reload the page
    dark_page.locator(f'{STAGE}[data-theme="contrast"]').wait_for(timeout=10_000)
    assert stage_look(dark_page)["window"]["stroke"] == rgb(themes.CONTRAST.accent)


# axe-core (tests/browser/accessibility.py: WCAG 2.2 AA rules plus headings) on the dark and high-contrast looks.
AXE_VIEWS = [
    ("forward-4", "step=4&window=1,1", "forward:4:4"),
    ("backward-9hw", "phase=backward&step=9hw&window=1,1", "backward:9hw:4"),
    ("tie-rules", "view=ties", None),
    ("export", "view=export", None),
]


@pytest.mark.parametrize(("query", "moment"), [v[1:] for v in AXE_VIEWS], ids=[v[0] for v in AXE_VIEWS])
@pytest.mark.parametrize("name", ["dark", "contrast", "auto-dark"])
def test_axe_finds_no_serious_violation_in_the_themes(
    browser: Browser, app_url: str, name: str, query: str, moment: str | None
) -> None:
    from tests.browser.accessibility import blocking, report, run_axe

    scheme = "dark" if name == "auto-dark" else "light"  # auto-dark: no theme chosen, a dark browser
    context = browser.new_context(viewport=dict(LAPTOP), color_scheme=scheme)
    page = context.new_page()
    try:
        open_app(page, app_url, query if name == "auto-dark" else f"theme={name}&{query}")
        assert_no_exception(page)
        if moment:
            wait_for_stage(page, moment)
            wait_for_stage_layout(page)
        bad = blocking(run_axe(page))
        assert not bad, f"axe-core on {name} {query}: {len(bad)} rule(s) failed\n{report(bad)}"
    finally:
        context.close()
