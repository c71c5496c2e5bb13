"""The stage in a real browser (tests/stage_harness.py): keyboard stepping through both passes, a text alternative
that says what the trace says, nothing that moves, a stage that fits five screens, hover links, Space, the sync."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import Page

from poolviz.inputs.generated import random_integers
from poolviz.stage.data import text
from poolviz.trace import record
from poolviz.trace.moments import moments
from tests.browser.helpers import assert_no_exception, open_app, serve_script, wait_for_stage_layout

SHOTS = Path("/tmp/stage-shots")
SIZES = {
    "laptop": ({"width": 1280, "height": 800}, False),
    "projector": ({"width": 1920, "height": 1080}, True),
    "projector-720": ({"width": 1280, "height": 720}, True),
    "tablet": ({"width": 820, "height": 1180}, False),
    "phone": ({"width": 390, "height": 844}, False),
}
INPUTS = {"default": {}, "7x7-3x3-s2": {"h": 7, "w": 7, "ph": 3, "sh": 2}}
SHOT_MOMENTS = ("forward:2:1", "forward:3:0", "forward:4:1", "backward:6hw:1", "backward:9hw:1")
STAGE = '[data-testid="stage"]'


@pytest.fixture(scope="module")
def stage_url(chromium_executable: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_script("tests/stage_harness.py", tmp_path_factory.mktemp("stage") / "server.log") as url:
        yield url


def open_stage(page: Page, url: str, query: dict | None = None) -> None:
    """Open the harness and wait until the stage has drawn and its layout has settled (no redraw for 600 ms)."""
    open_app(page, url, query or {})
    page.locator(f'{STAGE}:not([data-moment=""])').wait_for(timeout=20_000)
    wait_for_stage_layout(page)
    assert_no_exception(page)


def moment(page: Page) -> str:
    return page.locator(STAGE).get_attribute("data-moment") or ""


def alt(page: Page, phase: str, panel: str) -> tuple[str, list[str]]:
    """The text alternative of one grid: its summary and its rows' text."""
    section = page.locator(f'[data-alt-phase="{phase}"] [data-alt="{panel}"]')
    return section.locator("p.sum").text_content() or "", section.locator("li").all_text_contents()


def rows_of(values: np.ndarray) -> list[str]:
    return [f"Row {r}: " + ", ".join(text(v) for v in row) + "." for r, row in enumerate(values)]


def default_trace():
    return record(random_integers((1, 6, 6, 1), 0), 2, None, "max")


def test_the_keyboard_steps_through_both_passes_and_the_text_alternative_is_the_trace(
    page: Page, stage_url: str
) -> None:
    trace = default_trace()
    open_stage(page, stage_url)
    page.locator(STAGE).focus()
    expected = [f"{m.phase}:{m.step}:{m.window}" for p in ("forward", "backward") for m in moments(p, 9)]
    assert moment(page) == expected[0]
    for k, want in enumerate(expected[1:], start=1):
        page.keyboard.press("ArrowRight")
        assert moment(page) == want, f"after {k} presses"
        phase, step, window = want.split(":")
        w = int(window)
        if phase == "forward" and step == "4" and w in (0, 4, 8):
            summary, rows = alt(page, "forward", "Z")
            Z = trace.Z[0, :, :, 0].ravel()
            shown = [text(v) if j <= w else "empty" for j, v in enumerate(Z)]
            assert rows == [f"Row {r}: " + ", ".join(shown[r * 3 : r * 3 + 3]) + "." for r in range(3)]
            x_summary, x_rows = alt(page, "forward", "X")
            assert x_rows == rows_of(trace.X[0, :, :, 0])
            cells = "; ".join(f"row {r}, column {c}" for r, c in trace.picked(w, 0, 0))
            assert f"It picked {cells}, value {text(trace.Z[0, w // 3, w % 3, 0])}" in x_summary
        if phase == "backward" and step == "9hw" and w in (0, 3, 8):
            summary, rows = alt(page, "backward", "dX")
            assert rows == rows_of(trace.dX_after(w + 1)[0, :, :, 0])
            for r, c in trace.picked(w, 0, 0):
                before, after = trace.dX_after(w)[0, r, c, 0], trace.dX_after(w + 1)[0, r, c, 0]
                assert f"row {r}, column {c} from {text(before)} to {text(after)}" in summary
        if phase == "backward" and step == "4hw" and w == 5:
            _, rows = alt(page, "backward", "Xb")
            assert rows == rows_of(trace.windows[5].Xb[0, :, :, 0])
            _, rows = alt(page, "backward", "dX")
            assert rows == rows_of(trace.dX_after(5)[0, :, :, 0])
    page.keyboard.press("ArrowRight")  # the end of the backward pass: stays
    assert moment(page) == expected[-1]
    page.keyboard.press("Home")
    assert moment(page) == "backward:1:0"
    page.keyboard.press("ArrowLeft")  # back over the start of the backward pass: the end of the forward pass
    assert moment(page) == "forward:4:8"
    page.keyboard.press("Home")
    assert moment(page) == "forward:1:0"
    page.keyboard.press("End")
    assert moment(page) == "forward:4:8"
    live = page.locator(".pv-live").text_content()
    z = text(trace.Z[0, 2, 2, 0])
    cells = ", ".join(f"({r}, {c})" for r, c in trace.picked(8, 0, 0))
    assert (
        live
        == f"Forward (4) · Pool each block over axes 4 and 3 · window (2, 2), 9 of 9: Z[2, 2] = {z}: picked at {cells}."
    )


BOXES_JS = """(root) => {
  const box = (el) => { const r = el.getBoundingClientRect(); return [r.x, r.y, r.width, r.height].map(Math.round); };
  const out = {};
  for (const sel of [".pv-head", ".pv-controls", ".pv-picture", ".pv-info", ".pv-side", ".pv-narration",
                     ".pv-equation", ".pv-code", ".pv-buttons", ".pv-slider", ".pv-where"])
    out[sel] = box(root.querySelector(sel));
  const svg = root.querySelector("svg.pv-svg:not(.hidden)");
  out.svg = box(svg);
  for (const f of svg.querySelectorAll("[data-frame]")) out["frame " + f.dataset.frame] = box(f);
  for (const t of svg.querySelectorAll(".title")) {  // a title may change its words, not its place (its centre)
    const r = t.getBoundingClientRect();
    out["title at " + t.getAttribute("x")] = [Math.round(r.x + r.width / 2), Math.round(r.y)];
  }
  return out;
}"""


@pytest.mark.parametrize("query", [{}, {"h": 7, "w": 7, "ph": 3, "sh": 2, "pool": "avg"}], ids=["default", "avg7"])
def test_nothing_moves_when_stepping(page: Page, stage_url: str, query: dict) -> None:
    open_stage(page, stage_url, query)
    root = page.locator(STAGE)
    root.focus()
    for phase_moments in (20, 3 + 6 * 9):
        first = root.evaluate(BOXES_JS)
        seen = {moment(page)}
        for _ in range(phase_moments - 1):
            page.keyboard.press("ArrowRight")
            seen.add(moment(page))
            assert root.evaluate(BOXES_JS) == first, moment(page)
        assert len(seen) == phase_moments
        page.keyboard.press("ArrowRight")  # into the backward pass


def _fits(page: Page, size: dict, phone: bool) -> None:
    info = page.evaluate(
        """() => {
          const main = document.querySelector('[data-testid="stMain"]');
          return {doc: document.scrollingElement.scrollHeight, docW: document.scrollingElement.scrollWidth,
                  main: main ? main.scrollHeight - main.clientHeight : 0};
        }"""
    )
    assert info["docW"] <= size["width"], info
    bottom = page.locator(".pv-picture").bounding_box()
    controls = page.locator(".pv-controls").bounding_box()
    assert controls["y"] >= 0 and bottom["y"] + bottom["height"] <= size["height"], (controls, bottom)
    if not phone:  # the phone may put the words under the stage, past the first screen
        stage = page.locator(STAGE).bounding_box()
        assert stage["y"] >= 0 and stage["y"] + stage["height"] <= size["height"], stage
        assert info["doc"] <= size["height"] and info["main"] <= 0, info


def _min_number_px(page: Page) -> float | None:
    return page.locator(STAGE).evaluate(
        """(root) => {
          const nums = [...root.querySelectorAll("svg.pv-svg:not(.hidden) text.num")].filter((t) => t.textContent);
          return nums.length ? Math.min(...nums.map((t) => t.getBoundingClientRect().height)) : null;
        }"""
    )


def _go(page: Page, want: str) -> None:
    """Step with the keyboard to moment `want` of the current input (from the start of its pass)."""
    phase = want.split(":")[0]
    page.locator(STAGE).focus()
    if not moment(page).startswith(phase):
        page.locator(f'[data-act="pass-{phase}"]').click()
        page.locator(STAGE).focus()
    page.keyboard.press("Home")
    for _ in range(200):
        if moment(page) == want:
            return
        page.keyboard.press("ArrowRight")
    raise AssertionError(f"never reached {want}, at {moment(page)}")


@pytest.mark.parametrize("input_name", INPUTS)
@pytest.mark.parametrize("size_name", SIZES)
def test_the_stage_fits_the_screen_at_every_size(page: Page, stage_url: str, size_name: str, input_name: str) -> None:
    size, present = SIZES[size_name]
    page.set_viewport_size(size)
    SHOTS.mkdir(parents=True, exist_ok=True)
    open_stage(page, stage_url, {**INPUTS[input_name], **({"present": 1} if present else {})})
    for want in SHOT_MOMENTS:
        _go(page, want)
        page.wait_for_timeout(700)  # let the motion end before the picture is taken
        _fits(page, size, size_name == "phone")
        smallest = _min_number_px(page)
        assert smallest is not None, "no number drawn"
        # a glyph's box is about 1.16 × its font size; the floor is 14 px (laptop) or 22 px (presenter)
        assert smallest >= (22 if present else 14) * 1.1, (want, smallest)
        page.screenshot(path=str(SHOTS / f"{size_name}-{input_name}-{want.replace(':', '_')}.png"))


def _cell(page: Page, grid: str, i: int):
    return page.locator(f'svg.pv-svg:not(.hidden) [data-grid="{grid}"] rect.cell[data-i="{i}"]')


def test_hover_links_windows_inputs_and_outputs_and_a_click_jumps(page: Page, stage_url: str) -> None:
    # 5×5 with a 3×3 pool and stride 1: windows overlap, so a dX cell adds up from several windows
    query = {"h": 5, "w": 5, "ph": 3, "sh": 1, "seed": 3}
    trace = record(random_integers((1, 5, 5, 1), 3), 3, 1, "max")
    open_stage(page, stage_url, {**query, "moment": "forward:4:4"})
    info = page.locator(".pv-info")
    _cell(page, "Z", 2).hover()
    z02 = text(trace.Z[0, 0, 2, 0])
    assert info.text_content().startswith(f"Z[0, 2] = {z02} ← window (0, 2): rows 0–2, columns 2–4")
    box = page.locator('svg.pv-svg:not(.hidden) [data-grid="X"] .hoverbox').first.bounding_box()
    x0, x_last = _cell(page, "X", 2).bounding_box(), _cell(page, "X", 2 * 5 + 4).bounding_box()
    assert abs(box["x"] - x0["x"]) < 3 and abs(box["x"] + box["width"] - x_last["x"] - x_last["width"]) < 3
    # an X cell: the windows that read it, and the outputs it reached
    _cell(page, "X", 2 * 5 + 2).hover()  # the centre: read by all 9 windows
    assert page.locator('svg.pv-svg:not(.hidden) [data-grid="X"] .hoverbox.thin').count() == 9
    reached = [k for k in range(9) if (2, 2) in trace.picked(k, 0, 0)]
    assert page.locator('svg.pv-svg:not(.hidden) [data-grid="Z"] rect.cell.reached').count() == len(reached)
    assert "read by 9 windows" in info.text_content()
    # a click on an output cell goes to its window
    _cell(page, "Z", 7).click()
    assert moment(page) == "forward:4:7"
    # backward, after every window: a dX cell says what it adds up from
    page.locator('[data-act="pass-backward"]').click()
    page.locator(STAGE).focus()
    page.keyboard.press("End")
    assert moment(page) == "backward:9hw:8"
    dX = trace.dX[0, :, :, 0]
    r, c = map(int, np.argwhere(dX == dX.max())[0])
    _cell(page, "dX", r * 5 + c).hover()
    parts = [f"1 from ({k // 3}, {k % 3})" for k in range(9) if (r, c) in trace.picked(k, 0, 0)]
    assert info.text_content() == f"dX[{r}, {c}] = {text(dX[r, c])} = " + " + ".join(parts)
    page.mouse.move(2, 2)
    assert page.locator("svg.pv-svg:not(.hidden) .hoverbox").count() == 0


def test_space_on_a_focused_button_does_that_buttons_job(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url)
    play = page.locator('[data-act="play"]')
    page.locator('[data-act="next"]').focus()
    page.keyboard.press("Space")
    assert moment(page) == "forward:2:0" and play.get_attribute("aria-pressed") == "false"
    page.locator('[data-act="back"]').focus()
    page.keyboard.press("Space")
    assert moment(page) == "forward:1:0"
    play.focus()
    page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "true" and play.inner_text().strip() == "Pause"
    page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "false"
    page.locator(STAGE).focus()  # Space on the stage itself plays
    page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "true"
    page.wait_for_function(
        "() => document.querySelector('.stBidiComponent [data-testid=stBidiComponentIsolated]')"
        ".shadowRoot.querySelector('[data-testid=stage]').dataset.moment !== 'forward:1:0'",
        timeout=3000,
    )
    page.keyboard.press("Space")
    assert play.get_attribute("aria-pressed") == "false"


def test_buttons_are_named_in_words_and_every_grid_has_a_text_alternative(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url, {"moment": "backward:6hw:0"})
    for name in ("First", "Back", "Play", "Next", "Last", "Forward pass", "Backward pass", "More…"):
        assert page.get_by_role("button", name=name, exact=True).count() == 1, name
    for panel in ("X", "Z", "dA", "Xb", "Zb", "M", "dZb", "dXb", "dX"):
        summary, rows = alt(page, "backward", panel)
        assert summary and rows, panel
    assert page.locator(".pv-slider").get_attribute("aria-valuetext").startswith("Backward step (6hw), window (0, 0)")


def runs(page: Page) -> int:
    """How many times the harness's script has run in this session (it writes the count into the URL)."""
    return int(page.evaluate("() => new URL(location.href).searchParams.get('runs')"))


def test_stepping_costs_the_server_one_debounced_sync(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url)
    before = runs(page)
    page.locator(STAGE).focus()
    # ten presses within one task: on a loaded machine, ten separate presses can outlast the sync's longest wait
    page.locator(STAGE).evaluate(
        """(el) => { for (let i = 0; i < 10; i++) el.dispatchEvent(new KeyboardEvent("keydown",
             { key: "ArrowRight", bubbles: true, composed: true })); }"""
    )
    assert moment(page) == "forward:3:0"
    page.wait_for_url(re.compile(r"moment=forward%3A3%3A0|moment=forward:3:0"), timeout=5000)
    page.wait_for_function("(n) => Number(new URL(location.href).searchParams.get('runs')) > n", arg=before)
    page.wait_for_timeout(600)
    assert runs(page) - before == 1  # ten steps, one rerun
    page.reload()  # the link opens on the same step
    page.locator(f'{STAGE}[data-moment="forward:3:0"]').wait_for(timeout=20_000)


def test_avg_shows_weights_and_pictures_are_grey(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url, {"pool": "avg", "ph": 3, "sh": 3, "moment": "backward:6hw:0"})
    title = page.locator("svg.pv-svg:not(.hidden) .title", has_text="(6hw)").text_content()
    assert title == "weights (6hw)"
    words = page.locator(".pv-narration .pv-text").inner_text()
    assert "On a tie" not in words and "1/(ph·pw) = 1/9" in words
    assert "mask = (Zb == Xb)" not in page.locator(".pv-code").inner_text()
    open_stage(page, stage_url, {"kind": "picture", "h": 12, "w": 12, "moment": "forward:1:0"})
    fills = page.locator('svg.pv-svg:not(.hidden) [data-grid="X"] rect.cell').evaluate_all(
        "(rects) => rects.map((r) => r.getAttribute('fill'))"
    )
    assert all(re.fullmatch(r"#([0-9a-f]{2})\1\1", f) for f in fills), set(fills)  # grey
    assert "#ffffff" in fills  # the brightest pixel is white: bright = light


def test_the_offline_page_plays_from_file_with_no_network(page: Page, tmp_path: Path) -> None:
    from poolviz.stage import stage_data, stage_html

    trace = default_trace()
    path = tmp_path / "stage.html"
    path.write_text(stage_html(stage_data(trace)), encoding="utf-8")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri() + "#moment=backward:9hw:3")
    page.locator(f'{STAGE}:not([data-moment=""])').wait_for(timeout=10_000)
    assert moment(page) == "backward:9hw:3"
    _, rows = alt(page, "backward", "dX")
    assert rows == rows_of(trace.dX_after(4)[0, :, :, 0])
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowRight")
    assert moment(page) == "backward:4hw:4"
    page.wait_for_function("() => location.hash.includes('4hw')", timeout=3000)  # the link keeps the step
    assert page.locator(".pv-equation math").count() == 1
    assert all(url.startswith(("file:", "data:", "blob:")) for url in requests), requests


def test_navigation_that_scales_same_step_jump_next_spec_step_speed(page: Page, stage_url: str) -> None:
    open_stage(page, stage_url, {"moment": "forward:2:3"})
    page.get_by_role("button", name="More…").click()
    page.get_by_role("button", name="Next spec step").click()
    assert moment(page) == "forward:3:0"
    page.get_by_role("spinbutton", name="Window row").fill("2")
    page.get_by_role("spinbutton", name="column").fill("1")
    page.get_by_role("button", name="Go to window").click()
    assert moment(page) == "forward:4:7"  # (3) is not per window: the jump goes to the pooling of that window
    page.locator('[data-act="pass-backward"]').click()
    assert moment(page) == "backward:1:0"
    page.get_by_role("button", name="Go to window").click()
    assert moment(page) == "backward:4hw:7"
    page.get_by_role("checkbox", name="Play and step this spec step across every window").check()
    page.locator(STAGE).focus()
    page.keyboard.press("ArrowLeft")
    assert moment(page) == "backward:4hw:6"  # the same step, one window back
    page.locator(".pv-speed").select_option("4")
    page.locator('[data-act="play"]').click()
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stBidiComponentIsolated]').shadowRoot"
        ".querySelector('[data-act=play]').getAttribute('aria-pressed') === 'false'",
        timeout=5000,
    )
    assert moment(page) == "backward:4hw:8"  # played (4hw) across the windows, stopped at the last


def test_the_info_line_keeps_the_spec_s_names(page: Page, stage_url: str) -> None:
    """A sentence that starts with dX stays dX (capitalising it gave "DX += dXb")."""
    open_stage(page, stage_url, {"moment": "backward:9hw:4"})
    info = page.locator(f"{STAGE} .pv-info").inner_text()
    assert info.startswith("dX += dXb"), info
    open_stage(page, stage_url, {"moment": "backward:6hw:4"})
    assert page.locator(f"{STAGE} .pv-info").inner_text().startswith("The mask")
