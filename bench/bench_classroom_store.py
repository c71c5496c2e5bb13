"""The classroom store alone, a classroom at once: 100 students join one class and answer within 10 s.

Run: `.venv/bin/python bench/bench_classroom_store.py` (both backends; `--help` for the options). For each
backend (a SQLite file in a temporary folder; a redis-server started here on a free 127.0.0.1 port and stopped
at the end) and each of two schedules:

* "spread": the students are shared among several processes (as a lecture hall's several poolviz servers
  would be); each joins at a random moment of the first 3 s and answers at a random moment before 10 s;
* "burst": --burst-students students (1000, a class's bound), joined first, all answer at once, as fast as
  each process can: throughput.

Measured: answer() alone; "answer → counted", from the answer() call to the return of the tally() that the same
process calls right after it (the answer is in that tally: checked); and what the projector sees: a thread
polling tally() every 100 ms (as the page would), and for the k-th answer to return, the delay until the
projector's count first reached k. Checked: every answer() returned True, every student's second answer returned
False, and the final tally counts each student exactly once.

Bounded: the number of students and answers is fixed by the arguments; traffic goes only to 127.0.0.1 (the Redis
started here) or a local file; a hard limit (--timeout) ends the run as a failure, and a watchdog ends the
process shortly after that. Prints a markdown table; --json FILE also writes the numbers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from poolviz.classroom import open_store  # noqa: E402
from tests.redis_server import redis_missing, redis_server  # noqa: E402

QUESTION = {"kind": "pick", "window": [1, 1], "step": "6hw"}
POLL_S = 0.1  # the projector's refresh


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def _students(url: str, code: str, key: str, rnd: int, plan: list[tuple[float, float]], burst: bool, barrier, out):
    """One process: its share of the students. plan: (join at, answer at) seconds after the start, per student."""
    try:
        store = open_store(url)
        rng = random.Random(os.getpid())
        ids: list[str] = []
        if burst:
            ids = [store.join(code) for _ in plan]
        barrier.wait(timeout=60)
        start = time.monotonic()
        events = sorted(
            [(join, "join", i) for i, (join, _) in enumerate(plan) if not burst]
            + [(0.0 if burst else answer, "answer", i) for i, (_, answer) in enumerate(plan)]
        )
        ids = ids or [""] * len(plan)
        timings, mine = [], 0
        for at, kind, i in events:
            delay = start + at - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if kind == "join":
                ids[i] = store.join(code)
                continue
            called = time.monotonic()
            accepted = store.answer(code, rnd, ids[i], [[rng.randrange(3), rng.randrange(3)]])
            returned = time.monotonic()
            mine += accepted
            seen = store.tally(code, rnd, key)["answered"]
            counted = time.monotonic()
            timings.append((called, returned, counted, accepted, seen >= mine))  # its own answers are in the tally
        repeats = [store.answer(code, rnd, student, [[0, 0]]) for student in ids]
        store.close()
        out.put({"timings": timings, "repeats_accepted": sum(repeats), "error": None})
    except BaseException as error:  # reported to the parent, which fails the run
        out.put({"timings": [], "repeats_accepted": 0, "error": f"{type(error).__name__}: {error}"})


def _projector(url: str, code: str, key: str, rnd: int, stop: threading.Event, seen: list[tuple[float, int]]):
    store = open_store(url)
    while not stop.is_set():
        seen.append((time.monotonic(), store.tally(code, rnd, key)["answered"]))
        stop.wait(POLL_S)
    seen.append((time.monotonic(), store.tally(code, rnd, key)["answered"]))
    store.close()


def run(url: str, students: int, processes: int, window_s: float, burst: bool, timeout_s: float) -> dict:
    store = open_store(url)
    code, key = store.create_class()
    rnd = store.ask(code, key, QUESTION, right=[[1, 1]])
    rng = random.Random(students * 7919 + processes)
    plan = []
    for _ in range(students):
        join = rng.uniform(0, 0.3 * window_s)
        plan.append((join, rng.uniform(join + 0.2, window_s)))
    shares = [plan[i::processes] for i in range(processes)]
    ctx = multiprocessing.get_context("spawn")
    barrier, out = ctx.Barrier(processes + 1), ctx.Queue()
    procs = [
        ctx.Process(target=_students, args=(url, code, key, rnd, share, burst, barrier, out), daemon=True)
        for share in shares
    ]
    for proc in procs:
        proc.start()
    stop, polls = threading.Event(), []
    projector = threading.Thread(target=_projector, args=(url, code, key, rnd, stop, polls), daemon=True)
    deadline = time.monotonic() + timeout_s
    try:
        barrier.wait(timeout=60)
        projector.start()
        reports = [out.get(timeout=max(1.0, deadline - time.monotonic())) for _ in procs]
        time.sleep(2 * POLL_S)  # let the projector see the last answers
    finally:
        stop.set()
        projector.join(timeout=10)
        for proc in procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
    errors = [r["error"] for r in reports if r["error"]]
    timings = [t for r in reports for t in r["timings"]]
    tally = store.tally(code, rnd, key)
    joined = store.students(code)
    store.close()

    answer_ms = [(ret - call) * 1000 for call, ret, *_ in timings]
    counted_ms = [(cnt - call) * 1000 for call, _, cnt, *_ in timings]
    returns = sorted(ret for _, ret, *_ in timings)
    lag_ms = []
    for k, returned in enumerate(returns, start=1):  # when the projector's count first reached k
        first = next((t for t, n in polls if t >= returned and n >= k), None)
        if first is not None:
            lag_ms.append((first - returned) * 1000)
    span = max(returns) - min(call for call, *_ in timings) if timings else float("nan")
    return {
        "students": students,
        "processes": processes,
        "schedule": "burst" if burst else f"spread over {window_s:g} s",
        "errors": errors,
        "joined": joined,
        "accepted": sum(bool(t[3]) for t in timings),
        "own_answer_in_tally": sum(bool(ok) for *_, ok in timings),
        "repeats_accepted": sum(r["repeats_accepted"] for r in reports),
        "counted": tally["answered"],
        "counts_sum": sum(tally["counts"].values()),
        "answer_p50_ms": _pct(answer_ms, 50),
        "answer_p95_ms": _pct(answer_ms, 95),
        "counted_p50_ms": _pct(counted_ms, 50),
        "counted_p95_ms": _pct(counted_ms, 95),
        "counted_max_ms": max(counted_ms, default=float("nan")),
        "projector_p50_ms": _pct(lag_ms, 50),
        "projector_p95_ms": _pct(lag_ms, 95),
        "projector_max_ms": max(lag_ms, default=float("nan")),
        "projector_seen": len(lag_ms),
        "span_s": span,
        "answers_per_s": len(timings) / span if timings and span > 0 else float("nan"),
        "all_done_s": (max(returns) - min(call for call, *_ in timings)) if timings else float("nan"),
    }


def _ok(r: dict) -> bool:
    n = r["students"]
    return (
        not r["errors"]
        and r["joined"] == n
        and r["accepted"] == n
        and r["repeats_accepted"] == 0
        and r["counted"] == n
        and r["counts_sum"] == n
        and r["own_answer_in_tally"] == n
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--burst-students", type=int, default=1000, help="students of the burst schedule")
    parser.add_argument("--processes", type=int, default=4)
    parser.add_argument("--window-s", type=float, default=10.0, help="the spread schedule's answers come within this")
    parser.add_argument("--backend", choices=["sqlite", "redis", "both"], default="both")
    parser.add_argument("--timeout", type=float, default=120.0, help="hard limit for each run, in seconds")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args(argv)
    if not (
        1 <= args.students <= 1000
        and 1 <= args.burst_students <= 1000
        and 1 <= args.processes <= 16
        and 0 < args.window_s <= 60
    ):
        parser.error("bounded on purpose: 1-1000 students, 1-16 processes, a window of at most 60 s")
    limit = 4 * args.timeout + 60
    watchdog = threading.Timer(limit, lambda: os._exit(3))  # whatever happens, the process ends
    watchdog.daemon = True
    watchdog.start()

    backends = ["sqlite", "redis"] if args.backend == "both" else [args.backend]
    results = []
    with ExitStack() as stack:
        for backend in backends:
            if backend == "redis":
                missing = redis_missing()
                if missing:
                    print(f"redis: skipped, {missing}", file=sys.stderr)
                    continue
                url = stack.enter_context(redis_server())
            else:
                url = f"sqlite://{stack.enter_context(tempfile.TemporaryDirectory())}/class.db"
            for burst in (False, True):
                students = args.burst_students if burst else args.students
                r = run(url, students, args.processes, args.window_s, burst, args.timeout)
                results.append({"backend": backend, **r, "ok": _ok(r)})

    print(
        "| backend | schedule | counted once | answer() p50 / p95 | answer → counted p50 / p95 / max "
        "| projector (100 ms poll) p50 / p95 / max | all answers in | throughput |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        once = f"{r['counted']}/{r['students']}, {r['repeats_accepted']} repeats taken" + (
            "" if r["ok"] else " **FAIL**"
        )
        print(
            f"| {r['backend']} | {r['schedule']}, {r['processes']} processes | {once} "
            f"| {r['answer_p50_ms']:.2f} / {r['answer_p95_ms']:.2f} ms "
            f"| {r['counted_p50_ms']:.2f} / {r['counted_p95_ms']:.2f} / {r['counted_max_ms']:.1f} ms "
            f"| {r['projector_p50_ms']:.0f} / {r['projector_p95_ms']:.0f} / {r['projector_max_ms']:.0f} ms "
            f"| {r['all_done_s']:.2f} s | {r['answers_per_s']:.0f} answers/s |"
        )
        for error in r["errors"]:
            print(f"  error: {error}", file=sys.stderr)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    failed = [r for r in results if not r["ok"] or r["counted_p95_ms"] > 1000 or r["projector_p95_ms"] > 1000]
    if failed:
        print(f"{len(failed)} run(s) missed: every answer counted once, p95 ≤ 1 s", file=sys.stderr)
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
