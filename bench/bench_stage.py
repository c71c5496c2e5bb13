"""The stage: key press → new picture in Chromium, and the server's CPU per step, before and after.

Run: `.venv/bin/python bench/bench_stage.py` (about 3 minutes; Debian's Chromium, no download).

* Latency: an ArrowRight keydown's `event.timeStamp` → the next animation frame after the stage's `data-moment`
  changed (a MutationObserver, then requestAnimationFrame: the frame that paints the new picture), ≥ 50 steps
  per input, stepping at a human pace (one key every 150 ms, so each step's motion starts and is cut short).
* Server CPU per step: the Streamlit process's user + system time (/proc/<pid>/stat) over N steps. Before: a
  plain script that reruns on a Next button and sends a Plotly figure (poolviz.figures, as the walkthrough
  page does). After: the stage harness, stepping slowly (every step gets its own debounced sync, the worst
  case) and quickly (one sync per pause or per 2 s of play).
* Bytes: what the browser receives over the websocket per sync (the payload is not sent again).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.browser.helpers import (  # noqa: E402
    chromium_path,
    launch_options,
    open_app,
    press_button,
    serve_script,
)

STAGE = '[data-testid="stage"]'
VIEW = {"width": 1280, "height": 800}
TICK = os.sysconf("SC_CLK_TCK")

PLOTLY_SCRIPT = """
import streamlit as st
from poolviz.inputs.generated import random_integers
from poolviz.trace import record
from poolviz.figures import backward, forward

q = st.query_params
h, p, s = int(q.get("h", 6)), int(q.get("ph", 2)), int(q.get("sh", q.get("ph", 2)))
trace = st.cache_resource(lambda h, p, s: record(random_integers((1, h, h, 1), 0), p, s, "max"))(h, p, s)
k = st.session_state.setdefault("k", 0)
if st.button("Next", key="next"):
    k = st.session_state["k"] = (k + 1) % trace.n_windows
st.subheader(f"window {k}")
fig = forward.pooling_figure(trace, 0, 0, k) if k % 2 else backward.accumulate_figure(trace, 0, 0, k, "9hw")
st.plotly_chart(fig, key="fig")
"""

LATENCY_JS = """() => {
  const host = document.querySelector('[data-testid="stBidiComponentIsolated"]');
  const root = host.shadowRoot.querySelector('[data-testid="stage"]');
  window.__lat = [];
  let t0 = null;
  document.addEventListener("keydown", (e) => { if (e.key === "ArrowRight") t0 = e.timeStamp; }, true);
  new MutationObserver(() => {
    if (t0 === null) return;
    const start = t0;
    t0 = null;
    requestAnimationFrame(() => window.__lat.push(performance.now() - start));
  }).observe(root, { attributes: true, attributeFilter: ["data-moment"] });
}"""


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def open_stage(page: Page, url: str, query: dict) -> None:
    open_app(page, url, query, timeout=120_000)
    page.locator(f'{STAGE}:not([data-moment=""])').wait_for(timeout=60_000)


def latency(page: Page, url: str, query: dict, starts: list[str], steps: int) -> list[float]:
    out: list[float] = []
    for start in starts:
        open_stage(page, url, {**query, "moment": start})
        page.evaluate(LATENCY_JS)
        page.locator(STAGE).focus()
        for _ in range(steps // len(starts)):
            before = page.evaluate("() => window.__lat.length")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("(n) => window.__lat.length > n", arg=before, timeout=10_000)
            page.wait_for_timeout(150)
        out += page.evaluate("() => window.__lat")
    return out


def stage_cpu(page: Page, url: str, pid: int, query: dict, steps: int, gap_ms: int) -> tuple[float, float, int]:
    """(server CPU ms per step, websocket bytes received per step, reruns) stepping every gap_ms."""
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    open_stage(page, url, query)
    page.locator(STAGE).focus()
    page.wait_for_timeout(1000)
    received.clear()
    runs0 = page.evaluate("() => window.__pv.runs")
    cpu0 = cpu_s(pid)
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(gap_ms)
    page.wait_for_timeout(2500)  # the last sync and its rerun
    cpu = cpu_s(pid) - cpu0
    runs = page.evaluate("() => window.__pv.runs") - runs0
    return 1000 * cpu / steps, sum(received) / steps, runs


def plotly_cpu(page: Page, url: str, pid: int, query: dict, steps: int) -> tuple[float, float]:
    received: list[int] = []
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.append(len(payload))))
    open_app(page, url, query, timeout=120_000)
    received.clear()
    cpu0 = cpu_s(pid)
    start = time.perf_counter()
    for _ in range(steps):
        press_button(page, "next")  # waits for the rerun and the chart to be drawn
    wall = (time.perf_counter() - start) / steps
    cpu = cpu_s(pid) - cpu0
    return 1000 * cpu / steps, sum(received) / steps, 1000 * wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=60)
    args = parser.parse_args()
    chromium, why = chromium_path()
    if chromium is None:
        sys.exit(f"no Chromium: {why}")
    cases = {
        "default 6×6, 2×2/2": ({}, ["forward:1:0"]),
        "64×64, 8×8/1": ({"h": 64, "w": 64, "ph": 8, "sh": 1}, ["forward:2:100", "backward:4hw:1000"]),
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options(chromium))
        pids: list[int] = []
        with serve_script("tests/stage_harness.py", Path(tmp) / "stage.log", pids=pids) as url:
            for name, (query, starts) in cases.items():
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                lat = latency(page, url, query, starts, args.steps)
                page.close()
                slow = stage_cpu(
                    browser.new_page(viewport={"width": 1280, "height": 800}), url, pids[0], query, 20, 700
                )
                fast = stage_cpu(
                    browser.new_page(viewport={"width": 1280, "height": 800}), url, pids[0], query, 40, 120
                )
                rows.append((name, lat, slow, fast))
        script = Path(tmp) / "plotly_page.py"
        script.write_text(PLOTLY_SCRIPT)
        before = {}
        pids = []
        with serve_script(str(script), Path(tmp) / "plotly.log", pids=pids) as url:
            for name, (query, _) in cases.items():
                page = browser.new_page(viewport=VIEW)
                before[name] = plotly_cpu(page, url, pids[0], query, 20)
                page.close()
        browser.close()
    print(
        "| input | key → new picture, median / p95 (n) | server CPU per step, before (Plotly rerun) | after, "
        "a sync every step | after, quick stepping (reruns / steps) | bytes received per step, before → after |"
    )
    print("|---|---|---|---|---|---|")
    for name, lat, slow, fast in rows:
        b_cpu, b_bytes, b_wall = before[name]
        print(
            f"| {name} | {statistics.median(lat):.1f} / {p95(lat):.1f} ms ({len(lat)}) | {b_cpu:.0f} ms "
            f"(click → drawn {b_wall:.0f} ms) | {slow[0]:.1f} ms | {fast[0]:.1f} ms ({fast[2]} / 40) | "
            f"{b_bytes / 1024:.1f} KB → {slow[1] / 1024:.2f} KB |"
        )


if __name__ == "__main__":
    main()
