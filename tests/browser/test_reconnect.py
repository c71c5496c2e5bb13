"""A server restart in the middle of a lesson: the open page comes back on its step, and the first key press counts."""

from __future__ import annotations

import re

from playwright.sync_api import Page

from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import assert_no_exception, open_app, wait_until_settled


def heading(page: Page) -> str:
    return page.locator('[data-testid="stHeading"] h3').first.inner_text()


def press_key_and_wait(page: Page, key: str, before: str) -> None:
    page.locator("body").press(key)
    page.wait_for_function(
        "(before) => { const h = document.querySelector('[data-testid=\"stHeading\"] h3');"
        " return h && h.innerText !== before; }",
        arg=before,
        timeout=20_000,
    )
    wait_until_settled(page)


def test_a_restart_keeps_the_step_and_loses_no_key_press(page: Page, chromium_executable: str, tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    proc = start_server(port, log)
    try:
        open_app(page, url, {"phase": "backward", "step": "6hw", "window": "1,2"})
        assert heading(page).startswith("Backward (6hw)") and "(oh=1, ow=2)" in heading(page)
        press_key_and_wait(page, "ArrowRight", heading(page))
        assert heading(page).startswith("Backward (7hw)")
        link = page.url
        assert re.search(r"step=7hw", link) and re.search(r"window=1%2C2", link)

        stop_server(proc)  # the server goes away; the page stays open and waits to reconnect
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-connection-state') !== 'CONNECTED'",
            timeout=20_000,
        )
        proc = start_server(port, log)
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stApp\"]')"
            ".getAttribute('data-test-connection-state') === 'CONNECTED'",
            timeout=60_000,
        )
        wait_until_settled(page)
        assert heading(page).startswith("Backward (7hw)") and "(oh=1, ow=2)" in heading(page)
        assert page.url == link  # the URL and the page agree

        press_key_and_wait(page, "ArrowRight", heading(page))  # the first key press after reconnecting
        assert heading(page).startswith("Backward (8hw)") and "(oh=1, ow=2)" in heading(page)
        assert re.search(r"step=8hw", page.url) and re.search(r"window=1%2C2", page.url)
        assert_no_exception(page)
    finally:
        stop_server(proc)
