"""The export view in a real browser: download the web page, then open it from file:// with no network."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, Route

from poolviz.export import png_available
from poolviz.figures import steps
from tests.browser.helpers import assert_no_exception, key_selector, open_app

pytestmark = pytest.mark.browser

_PLOTS_READY_JS = """() => {
  const plots = [...document.querySelectorAll(".js-plotly-plot")];
  return plots.length > 0 && plots.every((gd) => gd._fullLayout);
}"""

_PLOTS_JS = """() => [...document.querySelectorAll(".js-plotly-plot")].map((gd) => ({
  frames: ((gd._transitionData && gd._transitionData._frames) || []).length,
  heatmaps: gd._fullData.filter((t) => t.type === "heatmap").length,
  drawn: gd.querySelectorAll(".hm image, .heatmaplayer image").length,
}))"""


def test_download_the_web_page_and_play_it_offline(page: Page, app_url: str, tmp_path) -> None:
    open_app(page, app_url, {"view": "export"})
    assert_no_exception(page)
    button = page.locator(f"{key_selector('export_html')} button").first
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename.endswith(".html")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert 4_000_000 < saved.stat().st_size < 6_000_000

    offline = page.context.new_page()
    outside: list[str] = []

    def only_files(route: Route) -> None:  # the file must need nothing from the network
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    offline.route("**/*", only_files)
    errors: list[str] = []
    offline.on("pageerror", lambda e: errors.append(str(e)))
    offline.goto(saved.as_uri())
    offline.wait_for_function(_PLOTS_READY_JS, timeout=30_000)
    plots = offline.evaluate(_PLOTS_JS)
    assert len(plots) == sum(len(pictures) for pictures in steps.TABLE.values())  # every picture of the page
    assert all(p["heatmaps"] == 0 or p["drawn"] > 0 for p in plots), plots  # heatmaps are drawn
    assert sorted(p["frames"] for p in plots)[-3:] == [9, 9, 9]  # forward (2), (4), backward (9hw)
    assert not outside, outside
    assert not errors, errors

    # ▶ Play moves an animation on, from the file alone.
    animated = offline.locator(".js-plotly-plot").nth(3)  # forward (4)
    animated.scroll_into_view_if_needed()
    animated.get_by_text("▶ Play").click()
    offline.wait_for_function(
        "() => document.querySelectorAll('.js-plotly-plot')[3].layout.sliders[0].active >= 2", timeout=15_000
    )
    offline.close()


def test_download_the_png(page: Page, app_url: str, tmp_path) -> None:
    ok, why = png_available()
    if not ok:
        pytest.skip(why)  # the app server runs here: with a Chromium for Playwright, kaleido finds one too
    open_app(page, app_url, {"view": "export", "step": "4", "window": "0,2"})
    with page.expect_download(timeout=60_000) as info:
        page.locator(f"{key_selector('export_png')} button").first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert_no_exception(page)
