"""A server restart in the middle of a lesson: the open page comes back on its moment, the stage and the URL agree
before and after, and the first key press after reconnecting moves the stage and reaches the URL."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import (
    STAGE,
    assert_no_exception,
    open_app,
    stage_moment,
    url_place,
    wait_for_place,
    wait_for_stage,
    wait_until_settled,
)

_CONNECTION_JS = "() => document.querySelector('[data-testid=\"stApp\"]').getAttribute('data-test-connection-state')"


def test_a_restart_keeps_the_moment_and_loses_no_key_press(page: Page, chromium_executable: str, tmp_path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tmp_path / "server.log"
    proc = start_server(port, log)
    try:
        open_app(page, url, {"phase": "backward", "step": "6hw", "window": "1,2"})
        assert wait_for_stage(page) == "backward:6hw:5"  # window (1, 2) of 3 × 3
        page.locator("body").press("ArrowRight")  # a clicker's key, nothing focused
        assert stage_moment(page) == "backward:7hw:5"
        wait_for_place(page, "backward:7hw:5", 3)
        link = page.url
        assert url_place(page) == ("backward", "7hw", "1,2")

        stop_server(proc)  # the server goes away; the page stays open and waits to reconnect
        page.wait_for_function(f"() => ({_CONNECTION_JS})() !== 'CONNECTED'", timeout=20_000)
        assert stage_moment(page) == "backward:7hw:5"  # the stage steps without a server...
        proc = start_server(port, log)
        page.wait_for_function(f"() => ({_CONNECTION_JS})() === 'CONNECTED'", timeout=60_000)
        wait_until_settled(page)  # the new session's first run: the place comes from the link
        page.wait_for_timeout(1_000)  # and no late report puts the stage or the URL elsewhere
        assert stage_moment(page) == "backward:7hw:5"
        assert page.url == link  # the URL and the stage agree

        page.locator("body").press("ArrowRight")  # the first key press after reconnecting
        assert stage_moment(page) == "backward:8hw:5"  # moves the stage at once
        wait_for_place(page, "backward:8hw:5", 3)  # and reaches the URL
        assert url_place(page) == ("backward", "8hw", "1,2")
        page.locator(STAGE).focus()
        page.keyboard.press("ArrowRight")  # and the session goes on as before
        assert stage_moment(page) == "backward:9hw:5"
        wait_for_place(page, "backward:9hw:5", 3)
        assert_no_exception(page)
    finally:
        stop_server(proc)
