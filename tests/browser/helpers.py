"""Helpers for driving the poolviz Streamlit app in a real (headless) Chromium.

How "the app has finished" is detected (Streamlit 1.67):

* Streamlit publishes its own state on the root element
  ``<div data-testid="stApp" data-test-connection-state="CONNECTED" data-test-script-state="notRunning">``.
  ``data-test-script-state`` is ``initial`` until the first run has a run id, then ``running`` while the script
  runs and ``notRunning`` when it has finished. Streamlit's own e2e suite waits on the same attributes; the
  ``stStatusWidget`` "Running..." icon is not enough on its own, since Streamlit only shows it after a delay.
* A page has settled when: connected, ``notRunning``, no loading skeleton (``stSkeleton``/``stAppSkeleton``),
  no "Running" status icon, every ``stPlotlyChart`` holds a ``.js-plotly-plot`` whose ``gd._fullLayout`` exists
  and no Plotly transition is in flight, and no websocket message has arrived for ``QUIET_MS``.
* A rerun is detected, not guessed: an init script (installed by ``open_app``) counts websocket messages from
  the server and every change of ``data-test-script-state`` away from ``notRunning``. Each settle records
  those counters as a baseline; ``wait_for_rerun`` first waits for a counter to move past the baseline (so it
  can never pass against the stale page from before the click), then waits for the page to settle again.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from playwright.sync_api import Locator, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from poolviz.trace.moments import PER_WINDOW

REPO_ROOT = Path(__file__).resolve().parents[2]

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LAPTOP = {"width": 1280, "height": 800}

DEFAULT_TIMEOUT_MS = 30_000
#: How long an action has to start a rerun before ``wait_for_rerun`` says it never did.
RERUN_START_TIMEOUT_MS = 5_000
#: How long click_cell waits for Plotly to register the hover under the cursor.
HOVER_TIMEOUT_MS = 1_000
#: Websocket silence required before the page counts as settled.
QUIET_MS = 150


# --------------------------------------------------------------------------- the browser


def chromium_path() -> tuple[str | None, str]:
    """(path, "") for a usable Chromium, or (None, why not): ``$CHROMIUM_PATH`` when set, else /usr/bin/chromium."""
    wanted = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM
    source = "CHROMIUM_PATH" if os.environ.get("CHROMIUM_PATH") else "the default path"
    if os.path.isfile(wanted) and os.access(wanted, os.X_OK):
        return wanted, ""
    return None, f"no Chromium at {wanted} ({source}): it is missing or not an executable file"


def in_ci() -> bool:
    """True when the environment says CI (``CI=true``, ``CI=1``...); ``CI=false``/``0``/empty is not CI."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def launch_options(executable: str) -> dict[str, Any]:
    """Playwright ``launch()`` options for Debian's Chromium: never a downloaded browser."""
    return {"executable_path": executable, "args": list(CHROMIUM_ARGS), "headless": True}


# --------------------------------------------------------------------------- page state tracking

_INIT_SCRIPT = """
(() => {
  if (window.__pv) return;
  const pv = (window.__pv = { wsIn: 0, lastWsIn: 0, runs: 0, state: null, seenWs: 0, seenRuns: 0 });
  const Orig = window.WebSocket;
  if (Orig) {
    class PvWebSocket extends Orig {
      constructor(...args) {
        super(...args);
        this.addEventListener("message", () => {
          pv.wsIn += 1;
          pv.lastWsIn = performance.now();
        });
      }
    }
    window.WebSocket = PvWebSocket;
  }
  const note = (el) => {
    const s = el.getAttribute("data-test-script-state");
    if (s !== pv.state) {
      pv.state = s;
      if (s !== "notRunning" && s !== "initial") pv.runs += 1;
    }
  };
  const watched = new WeakSet();
  const find = () => {
    const el = document.querySelector('[data-testid="stApp"]');
    if (el && !watched.has(el)) {
      watched.add(el);
      note(el);
      new MutationObserver(() => note(el)).observe(el, {
        attributes: true,
        attributeFilter: ["data-test-script-state"],
      });
    }
  };
  new MutationObserver(find).observe(document, { childList: true, subtree: true });
})();
"""

# True once the app has settled; then records the baseline for the next wait_for_rerun.
_SETTLED_JS = """
(quietMs) => {
  const pv = window.__pv;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!pv || !app) return false;
  if (app.getAttribute("data-test-connection-state") !== "CONNECTED") return false;
  if (app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (document.querySelector(
    '[data-testid="stSkeleton"], [data-testid="stAppSkeleton"], [data-testid="stStatusWidgetRunningIcon"]'
  )) return false;
  for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
    const gd = chart.querySelector(".js-plotly-plot");
    if (!gd || !gd._fullLayout || gd._transitioning) return false;
  }
  for (const gd of document.querySelectorAll(".js-plotly-plot")) {
    if (!gd._fullLayout) return false;
  }
  if (performance.now() - pv.lastWsIn < quietMs) return false;
  pv.seenWs = pv.wsIn;
  pv.seenRuns = pv.runs;
  return true;
}
"""

_RERUN_STARTED_JS = "() => window.__pv.runs > window.__pv.seenRuns || window.__pv.wsIn > window.__pv.seenWs"

_instrumented: weakref.WeakSet[Page] = weakref.WeakSet()


def _instrument(page: Page) -> None:
    if page not in _instrumented:
        page.add_init_script(_INIT_SCRIPT)
        _instrumented.add(page)


def _require_instrumented(page: Page) -> None:
    if not page.evaluate("() => Boolean(window.__pv)"):
        raise AssertionError("this page was not opened with open_app(): call open_app(page, url) first")


def wait_until_settled(page: Page, timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Wait until the app is connected, its script finished, and every element and Plotly chart has rendered."""
    _require_instrumented(page)
    try:
        page.wait_for_function(_SETTLED_JS, arg=QUIET_MS, timeout=timeout)
    except PlaywrightTimeoutError as exc:  # say what was still pending
        raise AssertionError(
            f"the Streamlit app did not settle within {timeout / 1000:.0f} s: {_status(page)}"
        ) from exc


def _status(page: Page) -> str:
    return json.dumps(
        page.evaluate(
            """() => {
              const app = document.querySelector('[data-testid="stApp"]');
              return {
                connection: app && app.getAttribute("data-test-connection-state"),
                script: app && app.getAttribute("data-test-script-state"),
                skeletons: document.querySelectorAll('[data-testid="stSkeleton"], [data-testid="stAppSkeleton"]')
                  .length,
                plotly_charts: document.querySelectorAll('[data-testid="stPlotlyChart"]').length,
                plotly_rendered: [...document.querySelectorAll(".js-plotly-plot")].filter((g) => g._fullLayout)
                  .length,
                pv: window.__pv || null,
              };
            }"""
        )
    )


# --------------------------------------------------------------------------- the public helpers


def with_query(url: str, query: str | Mapping[str, Any] = "") -> str:
    """``url`` with ``query`` ("a=1&b=2", "?a=1" or a mapping) appended."""
    if isinstance(query, Mapping):
        query = urlencode(query, doseq=True)
    query = query.lstrip("?&")
    if not query:
        return url
    return f"{url}{'&' if '?' in url else '?'}{query}"


def open_app(page: Page, url: str, query: str | Mapping[str, Any] = "", timeout: float = DEFAULT_TIMEOUT_MS) -> None:
    """Go to the app (with an optional query string) and wait until its first run has finished and rendered."""
    _instrument(page)
    page.goto(with_query(url, query), wait_until="domcontentloaded", timeout=timeout)
    page.locator('[data-testid="stApp"]').wait_for(state="attached", timeout=timeout)
    wait_until_settled(page, timeout)


def wait_for_rerun(
    page: Page, timeout: float = DEFAULT_TIMEOUT_MS, start_timeout: float = RERUN_START_TIMEOUT_MS
) -> None:
    """After an action that reruns the script (a click, a widget change): wait for that rerun to finish.

    Fails if no rerun starts within ``start_timeout`` ms of the last settle, rather than passing against the
    stale page. Call it once per rerun: a second call with no new rerun fails.
    """
    _require_instrumented(page)
    try:
        page.wait_for_function(_RERUN_STARTED_JS, timeout=start_timeout)
    except PlaywrightTimeoutError as exc:
        raise AssertionError(
            f"no Streamlit rerun started within {start_timeout / 1000:.1f} s of the action: {_status(page)}"
        ) from exc
    wait_until_settled(page, timeout)


def assert_no_exception(page: Page) -> None:
    """Fail with the exception's text when Streamlit shows an exception box."""
    boxes = page.locator('[data-testid="stException"]')
    n = boxes.count()
    if n:
        texts = "\n---\n".join(boxes.nth(i).inner_text() for i in range(n))
        raise AssertionError(f"the app shows {n} exception box(es):\n{texts}")


def key_selector(key: str) -> str:
    """CSS selector of the element Streamlit made for widget/element ``key`` (its class ``st-key-<key>``)."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def chart(page: Page, key: str) -> Locator:
    """The Plotly graph div (``gd``) of the chart with ``key``."""
    return page.locator(f"{key_selector(key)} .js-plotly-plot").first


def _chart_selector(page: Page, key: str) -> str:
    sel = f"{key_selector(key)} .js-plotly-plot"
    n = page.locator(sel).count()
    if n != 1:
        raise AssertionError(f"expected one Plotly chart in {key_selector(key)}, found {n}")
    return sel


_PLOT_STATE_JS = """
(sel) => {
  const gd = document.querySelector(sel);
  const toList = (v) =>
    v == null ? null : ArrayBuffer.isView(v) ? Array.from(v) : Array.isArray(v) ? v.map(toList) : v;
  const layout = gd.layout || {};
  const sliders = layout.sliders || [];
  const frames = (gd._transitionData && gd._transitionData._frames) || [];
  const full0 = (gd._fullData || []).find((t) => t.index === 0);
  const z = full0 && full0.z != null ? full0.z : gd.data && gd.data[0] ? gd.data[0].z : null;
  return {
    slider_active: sliders.length ? (sliders[0].active ?? 0) : null,
    n_frames: frames.length,
    frame_names: frames.map((f) => f.name ?? null),
    n_traces: (gd.data || []).length,
    z: toList(z),
    shapes: JSON.parse(JSON.stringify(layout.shapes || [])),
  };
}
"""


def plot_state(page: Page, key: str) -> dict[str, Any]:
    """State of the Plotly chart inside ``.st-key-<key>``, read from the browser.

    Keys: ``slider_active`` (``layout.sliders[0].active``, None without a slider), ``n_frames``, ``frame_names``,
    ``n_traces``, ``z`` (trace 0's z as nested lists, NaN kept as float nan), ``shapes`` (``layout.shapes``).
    """
    return page.evaluate(_PLOT_STATE_JS, _chart_selector(page, key))


_CELL_XY_JS = """
([sel, row, col, ti]) => {
  const gd = document.querySelector(sel);
  const fl = gd._fullLayout;
  let xa = fl.xaxis, ya = fl.yaxis;
  if (ti !== null) {
    const t = (gd._fullData || []).find((d) => d.index === ti);
    if (!t) return { error: `chart has no trace ${ti}` };
    xa = fl[(t.xaxis || "x").replace(/^x/, "xaxis")];
    ya = fl[(t.yaxis || "y").replace(/^y/, "yaxis")];
  }
  const px = xa.l2p(col), py = ya.l2p(row);
  if (!(px >= 0 && px <= xa._length && py >= 0 && py <= ya._length))
    return { error: `cell (${row}, ${col}) is outside the plotted axis range` };
  const box = gd.getBoundingClientRect();
  return { x: box.left + xa._offset + px, y: box.top + ya._offset + py };
}
"""


def click_cell(
    page: Page, key: str, row: int, col: int, trace_index: int | None = None, rerun: bool = True
) -> tuple[float, float]:
    """Click the centre of heatmap cell (row, col) of the chart inside ``.st-key-<key>``; return the pixel.

    The pixel is ``gd._fullLayout.xaxis._offset + xaxis.l2p(col)`` (and ``yaxis``/``row``) plus the chart's
    position on the page: cells are taken to sit at integer coordinates (a heatmap without explicit x/y).
    With ``trace_index``, that trace's axes (``xaxis2``...) are used instead of ``xaxis``/``yaxis``.

    Plotly selects nothing on a click on a ``go.Heatmap``: a click that should select needs a selectable layer
    (e.g. invisible square ``go.Scatter`` markers over the cells). ``rerun=True`` waits for the rerun the click
    causes (``wait_for_rerun``); pass False for a click that does not rerun the script. Clicking the only
    selected point again deselects it (Plotly's toggle).
    """
    sel = _chart_selector(page, key)
    # Plotly counts a click within `doubleClickDelay` (500 ms in plotly.js 4) of the previous mousedown on this
    # chart as a double click, which clears the selection: wait that out, as a user's separate clicks would.
    page.wait_for_function(
        """(sel) => {
          const gd = document.querySelector(sel);
          return Date.now() - (gd._mouseDownTime || 0) > (gd._context.doubleClickDelay ?? 500) + 20;
        }""",
        arg=sel,
        timeout=DEFAULT_TIMEOUT_MS,
    )
    page.locator(sel).scroll_into_view_if_needed()
    xy = page.evaluate(_CELL_XY_JS, [sel, row, col, trace_index])
    if "error" in xy:
        raise AssertionError(f"click_cell({key!r}, {row}, {col}): {xy['error']}")
    x, y = xy["x"], xy["y"]
    # Plotly finds the clicked point from its last hover, computed on mousemove but throttled (50 ms): drop the
    # previous hover, move, and wait for the new one, or a click right after another click hits the old point.
    page.evaluate("(sel) => { document.querySelector(sel)._hoverdata = undefined; }", sel)
    page.mouse.move(x, y)
    with contextlib.suppress(PlaywrightTimeoutError):  # nothing hoverable there (hovermode false...): click anyway
        page.wait_for_function(
            "(sel) => { const h = document.querySelector(sel)._hoverdata; return Boolean(h && h.length); }",
            arg=sel,
            timeout=HOVER_TIMEOUT_MS,
        )
    page.mouse.click(x, y)
    if rerun:
        wait_for_rerun(page)
    return x, y


def press_button(page: Page, label_or_key: str, rerun: bool = True) -> None:
    """Click a Streamlit button found by its key (``.st-key-<key> button``) or else by its exact label.

    A button click always reruns the script: with ``rerun=True`` this waits for that rerun to finish.
    """
    # Streamlit may draw a keyed button twice (one copy to measure its width): take the first visible one.
    keyed = page.locator(f"{key_selector(label_or_key)} button:visible")
    button = keyed.first
    if keyed.count() == 0:
        button = page.locator('[data-testid="stApp"]').get_by_role("button", name=label_or_key, exact=True)
    n = button.count()
    if n != 1:
        names = page.locator('[data-testid="stApp"] button').all_inner_texts()
        raise AssertionError(f"expected one button with key or label {label_or_key!r}, found {n}; buttons: {names}")
    button.click()
    if rerun:
        wait_for_rerun(page)


# --------------------------------------------------------------------------- another script than app.py


@contextlib.contextmanager
def serve_script(script: str, log_path: Path, timeout_s: float = 60, pids: list[int] | None = None) -> Any:
    """`streamlit run <script>` (relative to the repository) on a free local port; yields its base URL.

    For test harnesses such as tests/stage_harness.py. The server's pid is appended to `pids` when given (a
    benchmark reads its CPU time); the server is ended by its own process handle.
    """
    import socket
    import sys
    import time
    import urllib.request

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        proc = subprocess.Popen(cmd, cwd=REPO_ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
    if pids is not None:
        pids.append(proc.pid)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace")[-4000:]
                raise AssertionError(f"`streamlit run {script}` did not start (exit code {proc.poll()}):\n{tail}")
            time.sleep(0.25)
        yield url
    finally:
        stop_server(proc)


def stop_server(proc: subprocess.Popen) -> None:
    """End a server by its own process handle."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --------------------------------------------------------------------------- the stage on the real page
# The stage's contract (poolviz/stage): its root `[data-testid="stage"]` says where it is in `data-moment`
# ("PHASE:STEP:K", set the moment the picture changes); `[data-testid="stage-alt"]` is its text alternative.
# The page hears the stage's debounced report (~400 ms after the last step) and only then writes the URL.

STAGE = '[data-testid="stage"]'
#: How long the URL may take to follow the stage: the report's debounce plus a fragment rerun.
SYNC_TIMEOUT_MS = 5_000


def stage_moment(page: Page) -> str:
    """Where the stage is now ("PHASE:STEP:K"), read from its root; "" before it has drawn."""
    return page.locator(STAGE).get_attribute("data-moment") or ""


def wait_for_stage(page: Page, moment: str | None = None, timeout: float = DEFAULT_TIMEOUT_MS) -> str:
    """Wait until the stage has drawn (and, with `moment`, is on that moment); returns its moment."""
    selector = f'{STAGE}[data-moment="{moment}"]' if moment else f'{STAGE}:not([data-moment=""])'
    try:
        page.locator(selector).wait_for(state="attached", timeout=timeout)
    except PlaywrightTimeoutError as exc:
        now = stage_moment(page) if page.locator(STAGE).count() else "(no stage on the page)"
        raise AssertionError(f"the stage never reached {moment or 'a first moment'}: it is at {now!r}") from exc
    return stage_moment(page)


def wait_for_stage_layout(page: Page, quiet_ms: float = 600) -> None:
    """Wait until the stage's layout has settled: no redraw for `quiet_ms`. While the page loads, the stage may
    move (Streamlit still placing what is above it) and redraws itself to the room it then has."""
    draws, quiet_since = None, 0.0
    for _ in range(100):
        now = page.locator(STAGE).get_attribute("data-draws")
        if now == draws and page.evaluate("performance.now()") - quiet_since >= quiet_ms:
            return
        if now != draws:
            draws, quiet_since = now, page.evaluate("performance.now()")
        page.wait_for_timeout(100)


def url_query(page: Page) -> dict[str, str]:
    """The page's URL query as a dict (the last value of a repeated key)."""
    return dict(parse_qsl(urlsplit(page.url).query))


def url_place(page: Page) -> tuple[str, str, str]:
    """(phase, step, window) the URL holds, with the page's defaults filled in ("forward", "1", "0,0")."""
    q = url_query(page)
    return q.get("phase", "forward"), q.get("step", "1"), q.get("window", "0,0")


def wait_for_url(page: Page, pattern: str | re.Pattern[str], timeout: float = SYNC_TIMEOUT_MS) -> str:
    """Wait until the page's URL matches `pattern` (re.search, on the decoded URL); returns the URL."""
    regex = re.compile(pattern)
    waited = 0.0
    while not regex.search(unquote(page.url)):
        if waited > timeout:
            raise AssertionError(f"the URL never matched {regex.pattern!r} within {timeout / 1000:.1f} s: {page.url}")
        page.wait_for_timeout(50)
        waited += 50
    return page.url


def wait_for_place(page: Page, moment: str, ow: int, timeout: float = SYNC_TIMEOUT_MS) -> None:
    """Wait until the URL holds the place of stage moment "PHASE:STEP:K" on a grid `ow` windows wide, and the
    page has settled after that sync. A step that is not per window keeps the window it came from: then only
    the pass and the step are checked."""
    phase, step, k = moment.split(":")
    waited = 0.0
    while True:
        now = url_place(page)
        if now[:2] == (phase, step) and (step not in PER_WINDOW[phase] or now[2] == f"{int(k) // ow},{int(k) % ow}"):
            break
        if waited > timeout:
            raise AssertionError(f"the URL never followed the stage to {moment} within {timeout / 1000:.1f} s: {now}")
        page.wait_for_timeout(50)
        waited += 50
    wait_until_settled(page)


def stage_rows(page: Page, phase: str, panel: str) -> list[str]:
    """The text alternative of one grid of the stage ("Row 0: 8, 6, …."), for `phase`'s picture."""
    return page.locator(f'[data-alt-phase="{phase}"] [data-alt="{panel}"] li').all_text_contents()


def stage_cell(page: Page, grid: str, i: int) -> Locator:
    """Cell `i` (row-major) of the stage's grid `grid` ("X", "Z", "dA", "dX"...) in the picture on screen."""
    return page.locator(f'svg.pv-svg:not(.hidden) [data-grid="{grid}"] rect.cell[data-i="{i}"]')


def set_number(page: Page, key: str, value: int) -> None:
    """Type `value` into the sidebar's number input with `key` and wait for the rerun it causes."""
    box = page.locator(f"{key_selector(key)} input")
    box.fill(str(value))
    box.press("Enter")
    wait_for_rerun(page)
