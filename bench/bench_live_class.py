"""A live class at once: 100 students join one class and answer within 10 s, while the projector counts.

Run: `.venv/bin/python bench/bench_live_class.py` (defaults: 100 students, spread over 3 s; prints a markdown table,
exits 1 when a target is missed; `--json FILE` also writes the numbers).

One `streamlit run app.py` on a free loopback port (bench/load_test.py's Server, in a copy of the app), with
POOLVIZ_STORE a SQLite file in a temporary folder. Every page is a websocket client speaking Streamlit's protocol
(bench/load_test.py's Student), not a browser:

* the teacher opens ?view=live, presses "Start a class" (the code comes back in the page's URL) and "Ask the
  class" (which cell will the pool pick, window (0, 0)); then it reruns its live-count fragment every 0.5 s, as
  the browser does on the fragment's auto-rerun message, and reads the "Answers" metric;
* each student, at a random moment in the first `--spread` seconds, opens ?join=CODE, presses "Join the class",
  taps a cell (the chart's selection event, as the browser sends it) and presses "Send"; a tenth of them press
  "Send" twice, the second message sent before the first run is done (a double tap). Then it polls its follow
  fragment every 1.5 s, as the browser does, until its page shows the verdict after the teacher's reveal.

Measured: answer → counted (the Send's BackMsg → that run's script_finished; the answer is in the store before the
run ends, the bench checks the store itself), the projector's lag (the moment a count first shows on the teacher's
page − the moment that answer was counted), and reveal → each phone showing its verdict. Targets (issue 10): every
answer counted exactly once (the store holds 100 answers from 100 students, the count on the projector is 100),
all answered within 10 s of the question, p95 answer → counted ≤ 1 s, the projector updated within 1 s.

Loopback only, bounded (at most 200 students, `--timeout`), stops by itself: the server is stopped by its handle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.WidgetStates_pb2 import WidgetState

sys.path.insert(0, str(Path(__file__).resolve().parent))
import load_test

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from poolviz.classroom import open_store

TEACHER_POLL_S = 0.5  # as poolviz/app/views/live.py's fragments (the browser reruns them at these intervals)
STUDENT_POLL_S = 1.5


class Page(load_test.Student):
    """A Student client that also keeps what the live class pages show: metrics, alerts, and auto-rerun fragments."""

    def __init__(self, port: int, number: int, step_timeout: float, query: str) -> None:
        super().__init__(port, number, step_timeout)
        self.query_string = query
        self.metrics: dict[str, str] = {}
        self.alerts: list[tuple[int, str]] = []
        self.auto: dict[str, float] = {}  # fragment id → interval (s), from the server's auto_rerun messages

    def _handle(self, msg: Any) -> None:
        if msg.WhichOneof("type") == "auto_rerun":
            self.auto[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        super()._handle(msg)

    def _element(self, element: Any, fragment_id: str = "") -> None:
        kind = element.WhichOneof("type")
        if kind == "metric":
            self.metrics[element.metric.label] = element.metric.body
        elif kind == "alert":
            self.alerts.append((element.alert.format, element.alert.body))
        if kind == "alert" and element.alert.format == Alert.ERROR:
            return  # a wrong answer's verdict is an st.error: not a problem of the page
        super()._element(element, fragment_id)

    async def press(self, action: str, key: str, extra: Sequence[WidgetState] = ()) -> load_test.Step:
        widget_id = self.widget_ids.get(key)
        if widget_id is None:
            raise load_test.StepError(f"{action}: no widget with key {key!r} (page has {sorted(self.widget_ids)})")
        return await self.rerun(action, [*extra, WidgetState(id=widget_id, trigger_value=True)])

    def send_payload(self, key: str) -> bytes:
        """The BackMsg of a press on `key`, to send without waiting for its run."""
        return self._back_msg([WidgetState(id=self.widget_ids[key], trigger_value=True)]).SerializeToString()

    async def poll(self, action: str) -> load_test.Step:
        """One auto-rerun of the page's polling fragment, as the browser sends it."""
        if not self.auto:
            raise load_test.StepError(f"{action}: the page asked for no auto-rerun fragment")
        fragment = next(iter(self.auto))
        self.alerts = []
        return await self.rerun(action, [], fragment)

    def query(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.query_string).items()}


@dataclass
class Student:
    number: int
    answered_at: float | None = None  # the Send's run finished: the answer is stored
    answer_s: float | None = None  # Send's BackMsg → that run's script_finished
    second_send: bool = False
    verdict_s: float | None = None  # the reveal → this page showing its verdict
    errors: list[str] = field(default_factory=list)


async def student(
    port: int, n: int, code: str, delay: float, cell: tuple[int, int], twice: bool, reveal: asyncio.Event, clock: dict
) -> Student:
    result = Student(n, second_send=twice)
    page = Page(port, n, 30.0, f"join={code}")
    try:
        await asyncio.sleep(delay)
        await page.connect()
        await page.rerun("open")
        await page.press("join", "live_join")
        if "me" not in page.query():
            raise load_test.StepError("join: the page's URL holds no student id")
        rnd = clock["round"]
        tap_key = f"live_tap_{rnd}_0"
        chart = page.widget_ids.get(tap_key)
        if chart is None:
            raise load_test.StepError(f"the question's board is not on the page (no {tap_key})")
        event = {"selection": {"points": [{"customdata": {"0": cell[0], "1": cell[1]}}], "point_indices": [0]}}
        await page.rerun("tap", [WidgetState(id=chart, string_value=json.dumps(event))])  # as the browser sends it
        if twice:  # a double tap: the same Send goes twice, the second before the first run is done
            await page.ws.send(page.send_payload(f"live_send_{rnd}"))
        step = await page.press("send", f"live_send_{rnd}")
        result.answered_at, result.answer_s = time.perf_counter(), step.seconds
        # From now on the phone polls on its own clock, as a browser does, until the reveal reaches it.
        await asyncio.sleep(random.uniform(0, STUDENT_POLL_S))
        while not reveal.is_set() or time.perf_counter() - clock["revealed"] < 15:
            await page.poll("follow")
            verdict = any(
                format_ in (Alert.SUCCESS, Alert.ERROR) and "answer is in" not in body for format_, body in page.alerts
            )
            if reveal.is_set() and verdict:
                result.verdict_s = time.perf_counter() - clock["revealed"]
                break
            await asyncio.sleep(STUDENT_POLL_S)
        else:
            result.errors.append(f"student {n}: no verdict within 15 s of the reveal")
    except load_test.StepError as error:
        result.errors.append(f"student {n}: {error}")
    except (TimeoutError, OSError) as error:
        result.errors.append(f"student {n}: connection failed: {error!r}")
    finally:
        await page.close()
    return result


@dataclass
class Report:
    students: int
    spread_s: float
    answered: int  # answers the store holds
    distinct_students: int
    projector_count: int  # the last "Answers" the teacher's page showed
    all_answered_s: float  # the question → the last answer counted
    answer_p50_s: float
    answer_p95_s: float
    answer_max_s: float
    projector_lag_p95_s: float  # an answer counted → the projector's count including it
    projector_lag_max_s: float
    projector_final_lag_s: float  # the last answer counted → the projector showing them all
    follow_p50_s: float  # the reveal → a phone showing its verdict
    follow_p95_s: float
    follow_max_s: float
    server_cpu_s: float
    rss_end_mib: float
    errors: int
    error_messages: list[str]
    wall_s: float

    @property
    def passed(self) -> bool:
        return (
            self.errors == 0
            and self.answered == self.distinct_students == self.students == self.projector_count
            and self.all_answered_s <= 10
            and self.answer_p95_s <= 1
            and self.projector_final_lag_s <= 1
        )

    def markdown(self) -> str:
        rows = [
            ("students (joining over)", f"{self.students} ({self.spread_s:g} s)"),
            ("answers in the store / from distinct students", f"{self.answered} / {self.distinct_students}"),
            ("count on the projector at the end", f"{self.projector_count}"),
            ("question → last answer counted", f"{self.all_answered_s:.2f} s (target ≤ 10 s)"),
            (
                "answer → counted, p50 / p95 / max",
                f"{self.answer_p50_s:.3f} / {self.answer_p95_s:.3f} / {self.answer_max_s:.3f} s (target p95 ≤ 1 s)",
            ),
            (
                "counted → on the projector, p95 / max",
                f"{self.projector_lag_p95_s:.3f} / {self.projector_lag_max_s:.3f} s",
            ),
            ("last answer → projector shows all", f"{self.projector_final_lag_s:.3f} s (target ≤ 1 s)"),
            (
                "reveal → verdict on a phone, p50 / p95 / max",
                f"{self.follow_p50_s:.2f} / {self.follow_p95_s:.2f} / {self.follow_max_s:.2f} s",
            ),
            ("server CPU (whole run) / RSS at the end", f"{self.server_cpu_s:.1f} s / {self.rss_end_mib:.0f} MiB"),
            ("errors", f"{self.errors}"),
            ("wall time", f"{self.wall_s:.1f} s"),
            ("targets", "PASS" if self.passed else "FAIL"),
        ]
        lines = ["| measure | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows]
        lines += [f"- {m}" for m in self.error_messages[:20]]
        return "\n".join(lines)


async def live_class(server: load_test.Server, n: int, spread: float, store_url: str, seed: int) -> dict:
    rng = random.Random(seed)
    teacher = Page(server.port, -1, 30.0, "view=live")
    await teacher.connect()
    await teacher.rerun("open")
    await teacher.press("start", "live_start")
    code, key = teacher.query().get("class"), teacher.query().get("key")
    if not code or not key:
        raise load_test.StepError(f"start: the teacher's URL holds no class ({teacher.query_string!r})")
    await teacher.press("ask", "live_ask")
    store = open_store(store_url)
    rnd = store.current(code)["round"]["id"]
    right = store.round(code, rnd, key)["right"]
    clock: dict[str, Any] = {"round": rnd, "asked": time.perf_counter()}
    reveal = asyncio.Event()
    cells = [tuple(right[0]), (1, 1) if tuple(right[0]) != (1, 1) else (0, 1)]
    tasks = [
        asyncio.create_task(
            student(server.port, s, code, rng.uniform(0, spread), cells[s % 3 == 0], s % 10 == 0, reveal, clock)
        )
        for s in range(n)
    ]
    shown: list[tuple[float, int]] = []  # (when, the projector's count)
    errors: list[str] = []
    deadline = time.perf_counter() + spread + 30
    while time.perf_counter() < deadline:
        step = await teacher.poll("count")
        count = int(teacher.metrics.get(f"Answers, round {rnd}", "0"))
        shown.append((time.perf_counter() - step.seconds / 2, count))  # the middle of the run that read it
        if count >= n or all(t.done() for t in tasks):
            break
        await asyncio.sleep(TEACHER_POLL_S)
    counted = store.tally(code, rnd, key)["answered"]
    clock["revealed"] = time.perf_counter()  # the teacher's click: phones measure from here
    reveal.set()
    await teacher.press("reveal", "live_reveal")
    results = await asyncio.gather(*tasks)
    await teacher.close()
    distinct = len(store.revealed_answers(code, key, rnd))  # one row per student who answered
    return {
        "results": results,
        "shown": shown,
        "asked": clock["asked"],
        "counted": counted,
        "distinct": distinct,
        "errors": errors,
    }


def percentile(values: Sequence[float], q: float) -> float:
    return load_test.percentile(list(values), q)


def run(n: int, spread: float, timeout: float, seed: int) -> Report:
    wall = time.perf_counter()
    folder = tempfile.mkdtemp(prefix="poolviz-live-bench-")
    store_url = f"sqlite://{Path(folder) / 'class.db'}"
    os.environ["POOLVIZ_STORE"] = store_url  # the server inherits it
    server = load_test.Server()
    watchdog = threading.Timer(timeout + 60, load_test._give_up, args=(server,))
    watchdog.daemon = True
    watchdog.start()
    messages: list[str] = []
    data: dict[str, Any] = {}
    cpu = rss = 0.0
    try:
        server.start()
        cpu0 = load_test.cpu_seconds(server.pid)
        try:
            data = asyncio.run(asyncio.wait_for(live_class(server, n, spread, store_url, seed), timeout))
        except TimeoutError:
            messages.append(f"the run hit its time limit ({timeout:g} s)")
        except load_test.StepError as error:
            messages.append(f"teacher: {error}")
        cpu = load_test.cpu_seconds(server.pid) - cpu0
        rss = load_test.rss_kib(server.pid) / 1024
    finally:
        server.stop()
        watchdog.cancel()
        messages += [f"server log: {line}" for line in server.uncaught()]
        log = server.cleanup(keep_log=bool(messages))
        if log:
            messages.append(f"the server's log: {log}")
    results: list[Student] = data.get("results", [])
    messages += [e for r in results for e in r.errors]
    answered_at = sorted(r.answered_at for r in results if r.answered_at is not None)
    shown = data.get("shown", [])
    lags = []
    for k, at in enumerate(answered_at, 1):  # the k-th answer counted → the first count ≥ k shown after it
        later = [when for when, count in shown if count >= k and when >= at - 0.05]
        lags.append(max(later[0] - at, 0.0) if later else float("inf"))
    answers = [r.answer_s for r in results if r.answer_s is not None]
    follows = [r.verdict_s for r in results if r.verdict_s is not None]
    asked = data.get("asked", wall)
    return Report(
        students=n,
        spread_s=spread,
        answered=data.get("counted", 0),
        distinct_students=data.get("distinct", 0),
        projector_count=shown[-1][1] if shown else 0,
        all_answered_s=(answered_at[-1] - asked) if answered_at else float("inf"),
        answer_p50_s=percentile(answers, 50),
        answer_p95_s=percentile(answers, 95),
        answer_max_s=max(answers, default=0.0),
        projector_lag_p95_s=percentile(lags, 95),
        projector_lag_max_s=max(lags, default=0.0),
        projector_final_lag_s=lags[-1] if lags else float("inf"),
        follow_p50_s=percentile(follows, 50),
        follow_p95_s=percentile(follows, 95),
        follow_max_s=max(follows, default=0.0),
        server_cpu_s=cpu,
        rss_end_mib=rss,
        errors=len(messages),
        error_messages=messages,
        wall_s=time.perf_counter() - wall,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    parser.add_argument("--students", type=int, default=100, help="students joining the class (default 100)")
    parser.add_argument("--spread", type=float, default=3.0, help="students join within this many s (default 3)")
    parser.add_argument("--timeout", type=float, default=120.0, help="hard limit for the run, s (default 120)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", type=Path, help="also write the report as JSON here")
    args = parser.parse_args(argv)
    if not (1 <= args.students <= 200 and 0 <= args.spread <= 60 and 1 <= args.timeout <= 900):
        parser.error("bounded on purpose: 1-200 students, a spread of 0-60 s, a timeout of 1-900 s")
    report = run(args.students, args.spread, args.timeout, args.seed)
    print(report.markdown())
    if args.json:
        args.json.write_text(json.dumps(asdict(report) | {"passed": report.passed}, indent=2))
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
