"""A live class in real browsers: one projector (1920×1080) and three phones (390×844), each its own context.

The teacher starts a class, asks which cell the pool will pick, the phones tap and send, the projector counts,
reveals (a heat layer beside the right answer), asks again after discussion, reveals the shift. Then the restart
test: the server stops and starts again on the same store, and the class is where it was.

Each test has a server of its own with POOLVIZ_STORE a SQLite file in tmp (start_server's env), so the test can read
the store the pages write. Screenshots go to test-results/screenshots/.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from poolviz.classroom import open_store
from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import assert_no_exception, click_cell, open_app

# pytest-playwright empties test-results/ when a session starts: $POOLVIZ_SHOTS keeps them elsewhere.
SHOTS = Path(os.environ.get("POOLVIZ_SHOTS") or Path(__file__).resolve().parents[2] / "test-results" / "screenshots")
PROJECTOR = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
WAIT_MS = 20_000


class Server:
    def __init__(self, tmp: Path) -> None:
        self.port = free_port()
        self.store_url = f"sqlite://{tmp / 'class.db'}"
        # No file watcher: other work in the tree must not reload modules under a running class.
        self.env = {"POOLVIZ_STORE": self.store_url, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
        self.log = tmp / "server.log"
        self.proc = start_server(self.port, self.log, env=self.env)
        self.url = f"http://127.0.0.1:{self.port}"

    def restart(self) -> None:
        stop_server(self.proc)
        self.proc = start_server(self.port, self.log, env=self.env)

    def stop(self) -> None:
        stop_server(self.proc)


@pytest.fixture
def server(chromium_executable: str, tmp_path: Path) -> Iterator[Server]:
    srv = Server(tmp_path)
    try:
        yield srv
    finally:
        srv.stop()


def new_page(browser: Browser, contexts: list[BrowserContext], viewport: dict, phone: bool = False) -> Page:
    options = {"viewport": viewport}
    if phone:
        options.update(device_scale_factor=2, is_mobile=True, has_touch=True)
    context = browser.new_context(**options)
    contexts.append(context)
    return context.new_page()


def query(page: Page) -> dict[str, str]:
    from urllib.parse import parse_qs, urlsplit

    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def metric(page: Page, label: str):
    return page.locator('[data-testid="stMetric"]', has_text=label).locator('[data-testid="stMetricValue"]')


def start_class(page: Page, url: str) -> tuple[str, str]:
    open_app(page, url, "view=live&present=1")
    page.get_by_role("button", name="Start a class").click()
    expect(page.locator(".st-key-live_code")).to_contain_text("Join:", timeout=WAIT_MS)
    page.wait_for_function("() => new URL(location.href).searchParams.get('key')", timeout=WAIT_MS)
    q = query(page)
    return q["class"], q["key"]


def join(page: Page, url: str, code: str, nickname: str = "") -> None:
    open_app(page, url, f"join={code}")
    if nickname:
        page.get_by_label("Nickname (optional)").fill(nickname)
    page.get_by_role("button", name="Join the class").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('me')", timeout=WAIT_MS)


def answer(page: Page, rnd: int, cell: tuple[int, int]) -> None:
    """Tap the cell on the phone's board, then Send."""
    chart_key = f"live_tap_{rnd}_0"
    expect(page.locator(f".st-key-{chart_key} .js-plotly-plot")).to_be_visible(timeout=WAIT_MS)
    click_cell(page, chart_key, *cell, rerun=False)
    send = page.locator(f".st-key-live_send_{rnd} button").first
    expect(send).to_have_text(f"Send: ({cell[0]}, {cell[1]})", timeout=WAIT_MS)
    send.click()
    expect(page.get_by_text("Your answer is in")).to_be_visible(timeout=WAIT_MS)


def current_round(server: Server, code: str) -> dict:
    return open_store(server.store_url).current(code)["round"]


def test_one_teacher_three_phones_two_rounds_and_the_reveal(
    browser: Browser, contexts: list[BrowserContext], server: Server
) -> None:
    projector = new_page(browser, contexts, PROJECTOR)
    code, key = start_class(projector, server.url)
    expect(projector.get_by_role("img", name=re.compile(r"^QR code of the join link .*\?join="))).to_be_visible()
    join_link = projector.get_by_text(re.compile(r"\?join=")).first.inner_text()
    assert join_link.endswith(f"?join={code}") and key not in join_link

    phones = [new_page(browser, contexts, PHONE, phone=True) for _ in range(3)]
    nicknames = ["<b>Ana</b>", "", "**Bo**"]
    for phone, nickname in zip(phones, nicknames, strict=True):
        join(phone, server.url, code, nickname)
        assert key not in phone.url and key not in phone.content()
    expect(phones[0].get_by_text("<b>Ana</b>", exact=True)).to_be_visible()  # shown as text, never as HTML
    expect(metric(projector, "Students joined")).to_have_text("3", timeout=WAIT_MS)

    projector.get_by_role("button", name="Ask the class").click()
    expect(projector.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    first = current_round(server, code)
    right = open_store(server.store_url).round(code, first["id"], key)["right"]
    picked, wrong = tuple(right[0]), next((r, c) for r in range(2) for c in range(2) if [r, c] not in right)
    cells = [picked, wrong, wrong]  # one right, two wrong
    for n, (phone, cell) in enumerate(zip(phones, cells, strict=True)):
        expect(phone.get_by_text("will max pooling pick")).to_be_visible(timeout=WAIT_MS)  # followed the teacher
        if n == 0:
            phone.screenshot(path=str(SHOTS / "live_phone_question_390x844.png"))
            box = phone.locator(f".st-key-live_send_{first['id']} button").first.bounding_box()
            assert box is not None and box["y"] + box["height"] <= PHONE["height"], "Send must fit on the screen"
        answer(phone, first["id"], cell)
    expect(metric(projector, "Answers, round")).to_have_text("3", timeout=WAIT_MS)
    projector.screenshot(path=str(SHOTS / "live_projector_count_1920x1080.png"))

    projector.get_by_role("button", name="Reveal the answers").click()
    expect(projector.get_by_text("33% right", exact=True)).to_be_visible(timeout=WAIT_MS)
    expect(projector.locator(f".st-key-live_reveal_{first['id']} .js-plotly-plot")).to_be_visible()
    projector.screenshot(path=str(SHOTS / "live_projector_reveal_1920x1080.png"))
    expect(phones[0].get_by_text("Right!")).to_be_visible(timeout=WAIT_MS)  # the phones follow the reveal
    expect(phones[1].get_by_text("Not this time")).to_be_visible(timeout=WAIT_MS)
    phones[1].screenshot(path=str(SHOTS / "live_phone_reveal_390x844.png"))

    projector.get_by_role("button", name="Talk to your neighbour, then answer again").click()
    expect(projector.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    second = current_round(server, code)
    assert second["again"] == first["id"]
    for phone in phones:
        expect(phone.locator(f".st-key-live_tap_{second['id']}_0")).to_be_visible(timeout=WAIT_MS)
        answer(phone, second["id"], picked)  # after discussion, all three right
    expect(metric(projector, "Answers, round")).to_have_text("3", timeout=WAIT_MS)
    projector.get_by_role("button", name="Reveal the answers").click()
    expect(projector.get_by_text("100% right", exact=True)).to_be_visible(timeout=WAIT_MS)
    expect(projector.get_by_text(re.compile(r"33% → 100% right"))).to_be_visible()
    expect(projector.get_by_role("button", name=re.compile(r"Results of question \d+ \(CSV"))).to_have_count(2)
    projector.screenshot(path=str(SHOTS / "live_projector_shift_1920x1080.png"))
    for page in [projector, *phones]:
        assert_no_exception(page)
    tally = open_store(server.store_url).tally(code, second["id"])
    assert tally["answered"] == 3


def test_a_class_survives_a_server_restart(browser: Browser, contexts: list[BrowserContext], server: Server) -> None:
    projector = new_page(browser, contexts, PROJECTOR)
    code, _ = start_class(projector, server.url)
    projector.get_by_role("button", name="Ask the class").click()
    expect(projector.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    rnd = current_round(server, code)["id"]
    phone = new_page(browser, contexts, PHONE, phone=True)
    join(phone, server.url, code, "Cy")
    answer(phone, rnd, (0, 0))
    expect(metric(projector, "Answers, round")).to_have_text("1", timeout=WAIT_MS)

    server.restart()  # the pages reconnect by themselves to the new process, on their own links
    expect(metric(projector, "Answers, round")).to_have_text("1", timeout=60_000)
    expect(projector.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    phone.reload()
    expect(phone.get_by_text("Your answer is in")).to_be_visible(timeout=WAIT_MS)  # the same student
    late = new_page(browser, contexts, PHONE, phone=True)
    join(late, server.url, code)
    answer(late, rnd, (0, 1))
    expect(metric(projector, "Answers, round")).to_have_text("2", timeout=WAIT_MS)
    expect(metric(projector, "Students joined")).to_have_text("2")
    projector.get_by_role("button", name="Reveal the answers").click()
    expect(projector.get_by_text(re.compile(r"\d+% right"))).to_be_visible(timeout=WAIT_MS)
    for page in (projector, phone, late):
        assert_no_exception(page)
