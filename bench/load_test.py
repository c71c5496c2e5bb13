"""Classroom load test: one `streamlit run` server, many students stepping through the walkthrough at once.

Run: `.venv/bin/python bench/load_test.py` (defaults: 30 sessions, 20 steps on then 20 back each, target p95 < 1.5 s).
See bench/README.md. Traffic goes to 127.0.0.1 only (the server is started here, on a free loopback port), the
number of requests is fixed by the arguments, and a hard time limit (--timeout) stops everything.

Each session is a Streamlit websocket client, not a browser: it speaks the protocol Streamlit's frontend
speaks on `ws://127.0.0.1:<port>/_stcore/stream` (subprotocol "streamlit"; protobuf BackMsg up, ForwardMsg
down). So the numbers are the server's: script runs, protobuf serialization and websocket sends, with no
Chromium rendering on the same 2 cores. Like the browser it

* opens the page with a `rerun_script` BackMsg (query string, context info, no widget states),
* keeps the messages the server marks cacheable and lists their hashes in `cached_message_hashes`, so the
  server may answer with `ref_hash` references as it does to a browser (the client then replays its copy),
* steps as the walkthrough's stage does: the stage (a components-v2 bidi component, key "stage") steps in the
  browser and reports where it is as its widget state, JSON {"moment": "PHASE:STEP:K"}, in a rerun of the
  fragment that holds it (the fragment id comes with the component's delta); the page then writes the place
  into the URL (a page_info_changed message with the new query string).

Unlike the browser it sends only the widget that changed: Streamlit keeps every other widget's last value
(SessionState._compact_state), so the script sees the same state; the server parses a few bytes less.

A step is one report: the time from sending the BackMsg to the run's `script_finished`. Every step is
checked: an exception element, an st.error alert, a script_finished other than success, a reference to a
message the client never got, a timeout, a closed websocket, or a URL that does not hold the step reported
(its phase, spec step and window) all count as errors. The walk is the forward pass's moments in order
(trace.moments on the default 6×6 input, 2×2 pool: 20 of them), then back, then the backward pass's first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # poolviz, for the walkthrough's moments
from poolviz.trace.moments import PER_WINDOW, moments

REPO_ROOT = Path(__file__).resolve().parents[1]
APP = "app.py"
#: The only address this tool ever talks to. Not configurable on purpose.
HOST = "127.0.0.1"
SUCCESS = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)  # a page, a fragment
STATUS_NAMES = {v: k for k, v in ForwardMsg.ScriptFinishedStatus.items()}
SERVER_START_TIMEOUT_S = 60.0
#: What the server's copy of the app holds besides app.py (see Server._app_dir).
SNAPSHOT_DIRS = ("poolviz", ".streamlit", "assets")


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def rss_kib(pid: int) -> int:
    """The process's resident set (VmRSS) in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    return 0


class Server:
    """`streamlit run app.py` on a free loopback port; stopped by its own process handle."""

    def __init__(self, port: int | None = None, options: Sequence[str] = (), snapshot: bool = True) -> None:
        self.port = port or free_port()
        self.options = list(options)  # extra `--section.option value` pairs for `streamlit run`
        self.snapshot = snapshot
        self.workdir = tempfile.mkdtemp(prefix="poolviz-load-")
        self.log_path = Path(self.workdir) / "server.log"
        self.log = self.log_path.open("wb")
        self.proc: subprocess.Popen[bytes] | None = None

    def _app_dir(self) -> Path:
        """The tree the server runs in: a copy of the app (default) or the work tree itself.

        Streamlit's file watcher deletes a changed module from sys.modules; while someone edits poolviz/,
        runs of other sessions then fail in their imports (KeyError: 'poolviz.app'). A copy taken at the
        start is edited by nobody, and the server still watches it as it would in a classroom.
        """
        if not self.snapshot:
            return REPO_ROOT
        copy = Path(self.workdir) / "app"
        copy.mkdir()
        shutil.copy2(REPO_ROOT / APP, copy / APP)
        for name in SNAPSHOT_DIRS:
            if (REPO_ROOT / name).is_dir():
                shutil.copytree(REPO_ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        return copy

    def start(self) -> None:
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            APP,
            "--server.headless",
            "true",
            "--server.address",
            HOST,
            "--server.port",
            str(self.port),
            "--browser.gatherUsageStats",
            "false",
            *self.options,
        ]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(cmd, cwd=self._app_dir(), stdout=self.log, stderr=subprocess.STDOUT, env=env)
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        url = f"http://{HOST}:{self.port}/_stcore/health"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the server did not answer {url} within {SERVER_START_TIMEOUT_S:.0f} s")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    def cleanup(self, keep_log: bool) -> Path | None:
        """Remove the temporary tree; with keep_log, the server's log is kept (its path is returned)."""
        kept = None
        if keep_log and self.log_path.exists():
            kept = Path(tempfile.gettempdir()) / f"{Path(self.workdir).name}.server.log"
            shutil.copy2(self.log_path, kept)
        shutil.rmtree(self.workdir, ignore_errors=True)
        return kept

    def log_text(self) -> str:
        if not self.log.closed:
            self.log.flush()
        return self.log_path.read_text(errors="replace")

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def uncaught(self) -> list[str]:
        """The last line of each traceback in the server's log (the page only says the error was redacted)."""
        found, inside = [], False
        for line in self.log_text().splitlines():
            if line.startswith("Traceback (most recent call last)"):
                inside = True
            elif inside and line and not line.startswith((" ", "\t")):
                found.append(line.strip())
                inside = False
        return found


# --------------------------------------------------------------------------- one student


class StepError(Exception):
    pass


@dataclass
class Step:
    session: int
    action: str  # open, next, prev, phase
    seconds: float  # BackMsg sent → script_finished received
    start_seconds: float  # BackMsg sent → the run's first message (new_session): waiting for the server
    bytes_in: int
    heading: str  # where the page's URL says it is: "PHASE:STEP:row,col" (see Student.where)


class Student:
    """One browser tab, as far as the server can tell."""

    def __init__(self, port: int, number: int, step_timeout: float) -> None:
        self.port = port
        self.number = number
        self.step_timeout = step_timeout
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.widget_ids: dict[str, str] = {}  # user key → widget id
        self.fragments: dict[str, str] = {}  # user key → the id of the fragment its element was drawn in
        self.query_string = ""
        self.page_script_hash = ""
        self.cache: dict[str, ForwardMsg] = {}  # the browser's ForwardMsg cache, by hash
        self.finished: asyncio.Queue[int] = asyncio.Queue()
        self.run_started: float | None = None
        self.bytes_in = 0
        self.headings: list[str] = []
        self.problems: list[str] = []  # exceptions, error alerts, unknown refs during the current run
        self.closed: str | None = None

    async def connect(self) -> None:
        url = f"ws://{HOST}:{self.port}/_stcore/stream"
        self.ws = await websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=self.step_timeout, ping_interval=None
        )
        self.reader = asyncio.create_task(self._read(), name=f"student-{self.number}")

    async def close(self) -> None:
        if self.ws is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.ws.close(), 5)
        if self.reader is not None:
            self.reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self.reader

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self.bytes_in += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                self._handle(msg)
        except websockets.ConnectionClosed as e:
            self.closed = f"websocket closed: {e}"
        except Exception as e:  # a message we cannot read is an error too
            self.closed = f"reader failed: {e!r}"
        if self.closed is None:
            self.closed = "websocket closed by the server"
        self.finished.put_nowait(-1)

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(msg.ref_hash)
            if cached is None:
                self.problems.append(f"reference to a message never received ({msg.ref_hash})")
                return
            full = ForwardMsg()
            full.CopyFrom(cached)
            full.metadata.CopyFrom(msg.metadata)  # the reference carries the delta path of this run
            msg, kind = full, full.WhichOneof("type")
        elif msg.metadata.cacheable and msg.hash:
            self.cache[msg.hash] = msg
        if kind == "new_session":
            if self.run_started is None:
                self.run_started = time.perf_counter()
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            self._element(msg.delta.new_element, msg.delta.fragment_id)
        elif kind == "script_finished":
            self.finished.put_nowait(msg.script_finished)

    def _element(self, element: Any, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")
        if kind is None:
            return
        if kind == "exception":
            self.problems.append(f"exception: {element.exception.type}: {element.exception.message}")
        elif kind == "alert" and element.alert.format == Alert.ERROR:
            self.problems.append(f"st.error: {element.alert.body}")
        elif kind == "heading":
            self.headings.append(element.heading.body)
        body = getattr(element, kind)
        widget_id = getattr(body, "id", "")
        if isinstance(widget_id, str) and widget_id.startswith("$$ID-") and widget_id.count("-") >= 2:
            self.widget_ids[widget_id.split("-", 2)[2]] = widget_id
            self.fragments[widget_id.split("-", 2)[2]] = fragment_id

    def _back_msg(self, widgets: Sequence[WidgetState], fragment_id: str = "") -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.fragment_id = fragment_id
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.cached_message_hashes.extend(self.cache)
        state.context_info.timezone = "UTC"
        state.context_info.timezone_offset = 0
        state.context_info.locale = "en-US"
        state.context_info.url = f"http://{HOST}:{self.port}/" + (f"?{self.query_string}" if self.query_string else "")
        state.context_info.color_scheme = "light"
        state.widget_states.widgets.extend(widgets)
        return back

    async def rerun(self, action: str, widgets: Sequence[WidgetState] = (), fragment_id: str = "") -> Step:
        """One click (or the page's first run): send it, wait for script_finished, check what came back."""
        if self.closed:
            raise StepError(self.closed)
        while not self.finished.empty():
            self.finished.get_nowait()
        self.headings, self.problems, self.run_started = [], [], None
        bytes_before = self.bytes_in
        payload = self._back_msg(widgets, fragment_id).SerializeToString()
        start = time.perf_counter()
        await self.ws.send(payload)
        deadline = start + self.step_timeout
        status = ForwardMsg.FINISHED_EARLY_FOR_RERUN
        while status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:  # the script called st.rerun(): its next run follows
            try:
                status = await asyncio.wait_for(self.finished.get(), max(deadline - time.perf_counter(), 0.001))
            except TimeoutError:
                raise StepError(f"{action}: no script_finished within {self.step_timeout:g} s") from None
        end = time.perf_counter()
        if status == -1:
            raise StepError(f"{action}: {self.closed}")
        if status not in SUCCESS:
            raise StepError(f"{action}: script finished with {STATUS_NAMES.get(status, status)}")
        if self.problems:
            raise StepError(f"{action}: " + "; ".join(self.problems))
        started = self.run_started if self.run_started is not None else end
        return Step(self.number, action, end - start, started - start, self.bytes_in - bytes_before, self.where())

    def where(self) -> str:
        """Where the page's URL says the walkthrough is: "PHASE:STEP:row,col", the page's defaults filled in."""
        return where_of(self.query_string)

    async def report(self, action: str, moment: str) -> Step:
        """The stage says it is at `moment` ("PHASE:STEP:K"), as the browser's stage does after the user steps."""
        widget_id = self.widget_ids.get(STAGE_KEY)
        if widget_id is None:
            raise StepError(f"{action}: no stage (a component with key {STAGE_KEY!r}) on the page")
        state = WidgetState(id=widget_id, json_value=json.dumps({"moment": moment}))
        return await self.rerun(action, [state], self.fragments.get(STAGE_KEY, ""))


STAGE_KEY = "stage"
DEFAULT_GRID = (3, 3)  # the default page's grid of windows: 6×6 input, 2×2 pool, stride 2


def where_of(query_string: str) -> str:
    """ "PHASE:STEP:row,col" from a page's query string (phase forward, step 1, window 0,0 when not given)."""
    from urllib.parse import parse_qs

    query = {k: v[0] for k, v in parse_qs(query_string).items()}
    return f"{query.get('phase', 'forward')}:{query.get('step', '1')}:{query.get('window', '0,0')}"


def walk_plan(steps: int, grid: tuple[int, int] = DEFAULT_GRID) -> tuple[list[str], list[str]]:
    """(moments to report, "PHASE:STEP:row,col" the URL must hold after each): `steps` on, `steps` back.

    On: the forward pass's moments after the first, in order (the last again once the pass is done); back: the
    same moments in reverse down to the first (then the first again).
    """
    oh, ow = grid
    path = moments("forward", oh * ow)
    on = [path[min(n, len(path) - 1)] for n in range(1, steps + 1)]
    last = min(steps, len(path) - 1)
    back = [path[max(last - n, 0)] for n in range(1, steps + 1)]
    reported = [f"{m.phase}:{m.step}:{m.window}" for m in on + back]
    return reported, [expected_where(m.phase, m.step, m.window, ow) for m in on + back]


def expected_where(phase: str, step: str, k: int, ow: int) -> str:
    """What the URL holds at a moment: a step without windows keeps the window it came from, so it is not checked."""
    window = f"{k // ow},{k % ow}" if step in PER_WINDOW[phase] else "*"
    return f"{phase}:{step}:{window}"


def check_walk(expected: Sequence[str], seen: Sequence[str]) -> list[str]:
    """What is wrong with the places the URL held after each report ("*": any window)."""
    wrong: list[str] = []
    if len(seen) != len(expected):
        wrong.append(f"{len(seen)} steps seen, {len(expected)} expected")
    for n, (want, got) in enumerate(zip(expected, seen, strict=False), 1):
        head, _, window = want.rpartition(":")
        if not (got == want or (window == "*" and got.rpartition(":")[0] == head)):
            wrong.append(f"step {n}: the URL says {got!r}, expected {want!r}")
            break
    return wrong


@dataclass
class SessionResult:
    number: int
    steps: list[Step] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def student_session(
    port: int,
    number: int,
    steps: int,
    step_timeout: float,
    think: float,
    opened: asyncio.Event | None,
    go: asyncio.Event | None,
    switch_phase: bool,
) -> SessionResult:
    """Open the default page, then `steps` steps on and `steps` back (and one switch of the phase)."""
    result = SessionResult(number)
    student = Student(port, number, step_timeout)
    try:
        await student.connect()
        first = await student.rerun("open")
        result.steps.append(first)
        if opened is not None:
            opened.set()
        if go is not None:
            await go.wait()
        if first.heading != "forward:1:0,0":
            result.errors.append(f"session {number}: the default page is at {first.heading!r}, not forward (1)")
        reported, expected = walk_plan(steps)
        seen = []
        # Students do not click in lockstep: each pause is 0.5-1.5 × think, the first one 0-1 × think.
        rng = random.Random(number)
        if think:
            await asyncio.sleep(rng.uniform(0, think))
        for n, moment in enumerate(reported):
            if think and n:
                await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
            step = await student.report("next" if n < steps else "prev", moment)
            result.steps.append(step)
            seen.append(step.heading)
        result.errors += [f"session {number}: {w}" for w in check_walk(expected, seen)]
        if switch_phase:
            step = await student.report("phase", "backward:1:0")
            result.steps.append(step)
            if not step.heading.startswith("backward:1:"):
                result.errors.append(f"session {number}: the backward phase shows {step.heading!r}")
    except StepError as e:
        result.errors.append(f"session {number}: {e}")
    except (TimeoutError, OSError, websockets.WebSocketException) as e:
        result.errors.append(f"session {number}: connection failed: {e!r}")
    finally:
        if opened is not None:
            opened.set()  # a failed session must not hold the others back
        await student.close()
    return result


# --------------------------------------------------------------------------- the classroom


@dataclass
class Report:
    sessions: int
    steps_per_direction: int
    think_ms: float
    steps: int  # steps on and back timed (stage reports)
    p50_s: float
    p95_s: float
    max_s: float
    mean_s: float
    wait_p50_s: float  # part of a step before the run's first message (new_session) arrived: queueing
    wait_p95_s: float
    open_p50_s: float
    open_max_s: float
    phase_p50_s: float
    errors: int
    error_messages: list[str]
    rss_start_mib: float
    rss_warm_mib: float
    rss_connected_mib: float
    rss_after_steps_mib: float
    rss_end_mib: float
    per_session_connected_mib: float
    per_session_after_steps_mib: float
    server_cpu_s: float  # during the clicks
    server_cpu_ms_per_step: float
    server_threads_max: int
    kib_per_step: float
    wall_s: float
    p95_limit_s: float
    timed_out: bool = False
    server_log: str = ""  # kept only when something failed

    @property
    def passed(self) -> bool:
        return not self.timed_out and self.errors == 0 and self.steps > 0 and self.p95_s < self.p95_limit_s

    def markdown(self) -> str:
        rows = [
            (
                "sessions × (steps on + back)",
                f"{self.sessions} × ({self.steps_per_direction} + {self.steps_per_direction})",
            ),
            ("think time between clicks", f"{self.think_ms:g} ms"),
            ("steps timed", f"{self.steps}"),
            ("step latency p50 / p95 / max", f"{self.p50_s:.3f} / {self.p95_s:.3f} / {self.max_s:.3f} s"),
            ("  of which until the run's first message, p50 / p95", f"{self.wait_p50_s:.3f} / {self.wait_p95_s:.3f} s"),
            ("page open p50 / max (all at once)", f"{self.open_p50_s:.3f} / {self.open_max_s:.3f} s"),
            ("phase switch p50", f"{self.phase_p50_s:.3f} s"),
            ("errors", f"{self.errors}"),
            (
                "server RSS: started / warm (1 page) / all connected",
                "/".join(f"{v:.0f}" for v in (self.rss_start_mib, self.rss_warm_mib, self.rss_connected_mib)) + " MiB",
            ),
            (
                "server RSS: after the steps / after disconnecting",
                f"{self.rss_after_steps_mib:.0f} / {self.rss_end_mib:.0f} MiB",
            ),
            (
                "memory per session (connected / after steps)",
                f"{self.per_session_connected_mib:.2f} / {self.per_session_after_steps_mib:.2f} MiB",
            ),
            (
                "server CPU during the steps",
                f"{self.server_cpu_s:.1f} s = {self.server_cpu_ms_per_step:.0f} ms per step",
            ),
            ("server threads (max)", f"{self.server_threads_max}"),
            ("received per step", f"{self.kib_per_step:.0f} KiB"),
            ("wall time", f"{self.wall_s:.1f} s"),
            ("target", f"0 errors, p95 < {self.p95_limit_s:g} s: {'PASS' if self.passed else 'FAIL'}"),
        ]
        lines = ["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
        if self.timed_out:
            lines.append("\nThe run hit its time limit and was stopped: FAIL.")
        if self.server_log:
            lines.append(f"\nThe server's log: {self.server_log}")
        for message in self.error_messages[:20]:
            lines.append(f"- {message}")
        if len(self.error_messages) > 20:
            lines.append(f"- ... and {len(self.error_messages) - 20} more")
        return "\n".join(lines)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), -(-len(ordered) * q // 100)))
    return ordered[int(rank) - 1]


async def classroom(
    server: Server,
    sessions: int,
    steps: int,
    step_timeout: float,
    think: float,
    switch_phase: bool,
    rss: dict[str, int],
    cpu: dict[str, float],
) -> list[SessionResult]:
    mib = rss  # filled as the run goes, so a timeout still reports what was seen
    warm = await student_session(server.port, -1, 1, step_timeout, 0, None, None, False)
    if warm.errors:
        return [warm]
    mib["warm"] = rss_kib(server.pid)
    opened = [asyncio.Event() for _ in range(sessions)]
    go = asyncio.Event()
    tasks = [
        asyncio.create_task(student_session(server.port, n, steps, step_timeout, think, opened[n], go, switch_phase))
        for n in range(sessions)
    ]
    await asyncio.gather(*(event.wait() for event in opened))
    await asyncio.sleep(0.5)  # let the server finish sending and drop the run's garbage
    mib["connected"] = rss_kib(server.pid)
    cpu["start"] = cpu_seconds(server.pid)
    cpu["threads"] = threads(server.pid)
    go.set()
    sampler = asyncio.create_task(_sample_threads(server.pid, cpu))
    results = await asyncio.gather(*tasks)
    sampler.cancel()
    cpu["end"] = cpu_seconds(server.pid)
    return results


async def _sample_threads(pid: int, cpu: dict[str, float]) -> None:
    with contextlib.suppress(OSError):
        while True:
            cpu["threads"] = max(cpu.get("threads", 0), threads(pid))
            await asyncio.sleep(0.5)


def run_load(
    sessions: int = 30,
    steps: int = 20,
    timeout: float = 300.0,
    step_timeout: float = 30.0,
    think_ms: float = 0.0,
    p95_limit: float = 1.5,
    switch_phase: bool = True,
    port: int | None = None,
    server_options: Sequence[str] = (),
    snapshot: bool = True,
) -> Report:
    """Start the server, run the classroom, stop the server. Never takes longer than `timeout` (+ teardown)."""
    wall = time.perf_counter()
    server = Server(port, server_options, snapshot)
    rss: dict[str, int] = {}
    cpu: dict[str, float] = {}
    results: list[SessionResult] = []
    timed_out = False
    uncaught: list[str] = []
    # A last resort if the event loop itself is stuck: end the server and this process.
    watchdog = threading.Timer(timeout + 60, _give_up, args=(server,))
    watchdog.daemon = True
    watchdog.start()
    try:
        server.start()
        rss["start"] = rss_kib(server.pid)
        remaining = max(timeout - (time.perf_counter() - wall), 1.0)
        coro = classroom(server, sessions, steps, step_timeout, think_ms / 1e3, switch_phase, rss, cpu)
        try:
            results = asyncio.run(asyncio.wait_for(coro, remaining))
        except TimeoutError:
            timed_out = True
        rss["after_steps"] = rss_kib(server.pid)
        time.sleep(1.0)  # disconnected sessions are dropped by the server's event loop
        rss["end"] = rss_kib(server.pid)
    finally:
        server.stop()
        watchdog.cancel()
        uncaught = server.uncaught()
        failed = timed_out or bool(uncaught) or any(r.errors for r in results)
        log = server.cleanup(keep_log=failed)
    report = _report(results, sessions, steps, think_ms, p95_limit, rss, cpu, time.perf_counter() - wall, timed_out)
    if uncaught:
        counts = {line: uncaught.count(line) for line in dict.fromkeys(uncaught)}
        report.error_messages += [f"server log: {n} × {line}" for line, n in counts.items()]
        if report.errors == 0:  # an exception the clients did not see is still one
            report.errors = len(uncaught)
    report.server_log = str(log) if log else ""
    return report


def _give_up(server: Server) -> None:
    print("load_test: hard time limit reached; stopping the server and exiting", file=sys.stderr, flush=True)
    with contextlib.suppress(Exception):
        server.stop()
    os._exit(3)


def _report(
    results: list[SessionResult],
    sessions: int,
    steps: int,
    think_ms: float,
    p95_limit: float,
    rss: dict[str, int],
    cpu: dict[str, float],
    wall: float,
    timed_out: bool,
) -> Report:
    all_steps = [s for r in results if r.number >= 0 for s in r.steps]
    clicks = [s for s in all_steps if s.action in ("next", "prev")]
    opens = [s.seconds for s in all_steps if s.action == "open"]
    phases = [s.seconds for s in all_steps if s.action == "phase"]
    messages = [e for r in results for e in r.errors]
    if timed_out:
        messages.append("the run hit its time limit")
    expected_sessions = sessions if not (results and results[0].number < 0) else 0
    missing = expected_sessions - len([r for r in results if r.number >= 0])
    if missing > 0 and not timed_out:
        messages.append(f"{missing} sessions never reported")
    latencies = [s.seconds for s in clicks]
    waits = [s.start_seconds for s in clicks]

    def mib(key: str) -> float:
        return rss.get(key, 0) / 1024

    warm = mib("warm")
    cpu_used = cpu.get("end", 0.0) - cpu.get("start", 0.0)
    return Report(
        sessions=sessions,
        steps_per_direction=steps,
        think_ms=think_ms,
        steps=len(clicks),
        p50_s=percentile(latencies, 50),
        p95_s=percentile(latencies, 95),
        max_s=max(latencies, default=0.0),
        mean_s=statistics.fmean(latencies) if latencies else 0.0,
        wait_p50_s=percentile(waits, 50),
        wait_p95_s=percentile(waits, 95),
        open_p50_s=percentile(opens, 50),
        open_max_s=max(opens, default=0.0),
        phase_p50_s=percentile(phases, 50),
        errors=len(messages),
        error_messages=messages,
        rss_start_mib=mib("start"),
        rss_warm_mib=warm,
        rss_connected_mib=mib("connected"),
        rss_after_steps_mib=mib("after_steps"),
        rss_end_mib=mib("end"),
        per_session_connected_mib=(mib("connected") - warm) / sessions if "connected" in rss else 0.0,
        per_session_after_steps_mib=(mib("after_steps") - warm) / sessions if "connected" in rss else 0.0,
        server_cpu_s=cpu_used,
        server_cpu_ms_per_step=cpu_used * 1e3 / len(clicks) if clicks else 0.0,
        server_threads_max=int(cpu.get("threads", 0)),
        kib_per_step=statistics.fmean(s.bytes_in for s in clicks) / 1024 if clicks else 0.0,
        wall_s=wall,
        p95_limit_s=p95_limit,
        timed_out=timed_out,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--sessions", type=int, default=30, help="concurrent students (default 30)")
    parser.add_argument("--steps", type=int, default=20, help="stage steps on, then as many back (default 20)")
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause between clicks, 0.5-1.5 × this at random (default 0: click as soon as the step is back)",
    )
    parser.add_argument("--timeout", type=float, default=300.0, help="hard limit for the whole run, s (default 300)")
    parser.add_argument("--step-timeout", type=float, default=30.0, help="limit for one click, s (default 30)")
    parser.add_argument("--p95-limit", type=float, default=1.5, help="target: p95 step latency below, s")
    parser.add_argument("--no-phase", action="store_true", help="skip the one switch to the backward phase")
    parser.add_argument(
        "--server-option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="an extra `streamlit run` option, e.g. runner.postScriptGC=false (repeatable; what-if runs)",
    )
    parser.add_argument(
        "--in-place",
        action="store_true",
        help="run the server in the work tree itself, not in a copy of the app (see Server._app_dir)",
    )
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 200 and 1 <= args.steps <= 200 and 1 <= args.timeout <= 1800):
        parser.error("bounded on purpose: 1-200 sessions, 1-200 steps, a timeout of 1-1800 s")
    options: list[str] = []
    for item in args.server_option:
        name, sep, value = item.partition("=")
        if not sep or not name or name.startswith("server.address") or name.startswith("server.port"):
            parser.error(f"--server-option wants NAME=VALUE (not the address or port), got {item!r}")
        options += [f"--{name}", value]
    report = run_load(
        sessions=args.sessions,
        steps=args.steps,
        timeout=args.timeout,
        step_timeout=args.step_timeout,
        think_ms=args.think_ms,
        p95_limit=args.p95_limit,
        switch_phase=not args.no_phase,
        server_options=options,
        snapshot=not args.in_place,
    )
    print(report.markdown())
    if args.json:
        args.json.write_text(json.dumps(asdict(report) | {"passed": report.passed}, indent=2))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
