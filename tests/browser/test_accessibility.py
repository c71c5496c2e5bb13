"""axe-core (WCAG 2.2 AA rules, plus headings in order and one h1) on every view of the real page: the walkthrough
at several moments of both passes, presenter mode, every other view, a live class's teacher page and a student's
phone. No view may have a serious or critical violation; a failure prints each violation's rule, elements and
what axe says to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser.accessibility import blocking, counts, report, run_axe
from tests.browser.conftest import free_port, start_server, stop_server
from tests.browser.helpers import (
    assert_no_exception,
    open_app,
    press_button,
    wait_for_stage,
    wait_for_stage_layout,
    wait_until_settled,
)

WAIT_MS = 20_000
# (test id, query, the stage's moment when the view is the walkthrough)
VIEWS = [
    ("walkthrough-start", "", "forward:1:0"),
    ("walkthrough-forward-4", "step=4&window=1,1", "forward:4:4"),
    ("walkthrough-backward-4hw", "phase=backward&step=4hw&window=0,2", "backward:4hw:2"),
    ("walkthrough-backward-9hw", "phase=backward&step=9hw&window=1,1", "backward:9hw:4"),
    ("presenter-mode", "present=1&step=4&window=2,2", "forward:4:8"),
    ("walkthrough-channels-side-by-side", "d=3&slices=side&step=4&window=1,1", "forward:4:4"),
    ("quiz", "view=quiz", None),
    ("tie-rules", "view=ties", None),
    ("race", "view=race", None),
    ("why-pooling", "view=why", None),
    ("export", "view=export", None),
    ("frameworks-lens", "view=lens", None),
    ("live-class-start", "view=live", None),
]


def assert_accessible(page: Page, where: str) -> None:
    # One h1 (axe-core's page-has-heading-one passed a student's page that had no heading at all)
    h1 = page.get_by_role("heading", level=1)
    assert h1.count() == 1, f"{where}: {h1.count()} h1 headings: {h1.all_text_contents()}"
    results = run_axe(page)
    bad = blocking(results)
    assert not bad, f"axe-core on {where}: {len(bad)} rule(s) failed\n{report(bad)}"
    print(f"axe-core on {where}: {counts(results) or 'no violation'}")  # shown with pytest -s


@pytest.mark.parametrize(("query", "moment"), [v[1:] for v in VIEWS], ids=[v[0] for v in VIEWS])
def test_every_view_has_no_serious_or_critical_violation(page: Page, app_url: str, query: str, moment: str) -> None:
    open_app(page, app_url, query)
    assert_no_exception(page)
    if moment:
        assert wait_for_stage(page, moment) == moment
        wait_for_stage_layout(page)
    assert_accessible(page, query or "the first page")


def test_the_race_after_it_ran_has_no_serious_or_critical_violation(page: Page, app_url: str) -> None:
    open_app(page, app_url, "view=race")
    press_button(page, "race_run")
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    assert_accessible(page, "the race's results")


def test_the_header_row_is_measured_not_hidden_under_streamlits_header(page: Page, app_url: str) -> None:
    """Streamlit's own (transparent) header lies over the title and the view control: axe-core cannot measure
    the contrast of text under another element, and says "incomplete" instead of passing or failing it."""
    open_app(page, app_url, "view=quiz")
    results = run_axe(page, ".st-key-page_header", rules=("color-contrast",))
    unmeasured = [
        node["target"]
        for v in results["incomplete"]
        for node in v["nodes"]
        if any("overlapped" in check["message"] for check in node["any"])
    ]
    assert not unmeasured, unmeasured
    assert not results["violations"], report(results["violations"])


@pytest.fixture
def class_server(chromium_executable: str, tmp_path: Path) -> Iterator[str]:
    """A server with a class store of its own (a SQLite file in tmp)."""
    port = free_port()
    proc = start_server(port, tmp_path / "server.log", env={"POOLVIZ_STORE": f"sqlite://{tmp_path / 'class.db'}"})
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_live_class_teacher_and_student_pages_have_no_serious_or_critical_violation(
    page: Page, phone: Page, class_server: str
) -> None:
    open_app(page, class_server, "view=live")
    page.get_by_role("button", name="Start a class").click()
    expect(page.locator(".st-key-live_code")).to_contain_text("Join:", timeout=WAIT_MS)
    wait_until_settled(page)
    assert_accessible(page, "the teacher's page, a class started (QR code)")
    code = re.search(r"[?&]class=(\w+)", page.url).group(1)

    open_app(phone, class_server, f"join={code}")
    assert_accessible(phone, "a student's join page")
    phone.get_by_role("button", name="Join the class").click()
    phone.wait_for_function("() => new URL(location.href).searchParams.get('me')", timeout=WAIT_MS)
    wait_until_settled(phone)
    assert_accessible(phone, "a student's page, joined")

    page.get_by_role("button", name="Ask the class").click()
    expect(page.get_by_role("button", name="Reveal the answers")).to_be_visible(timeout=WAIT_MS)
    wait_until_settled(page)
    assert_accessible(page, "the teacher's page, a question asked")
    expect(phone.get_by_text("will max pooling pick")).to_be_visible(timeout=WAIT_MS)
    wait_until_settled(phone)
    assert_accessible(phone, "a student's page, a question to answer (the board)")
    assert_no_exception(page)
    assert_no_exception(phone)
