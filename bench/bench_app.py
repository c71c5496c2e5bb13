"""Server-side time of the page's first run and of one step, and the stage data the page sends once.

Run: `.venv/bin/python bench/bench_app.py`. AppTest drives the page; the time is that of the script's
`run()` itself (AppTest's own polling would add tens of ms), measured in one process for every input. The stage
steps in the browser; a step here is its report reaching the server (AppTest runs the whole script for it, the
browser only the walkthrough's fragment, so this is an upper bound). bench/bench_stage.py measures it in Chromium.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repo: poolviz and its tests' helpers

import poolviz.app.main
from tests.apptest_helpers import report, stage

APP = str(Path(__file__).resolve().parent.parent / "app.py")
CASES = {
    "default 6×6, 2×2/2": {},
    "64×64, 2×2/2": {"h": "64", "w": "64"},
    "64×64, 3×3/1": {"h": "64", "w": "64", "ph": "3", "pw": "3", "sh": "1", "sw": "1"},
}
STEPS = {"forward": ("1", "2", "3", "4"), "backward": ("1", "2", "3", "4hw", "5hw", "6hw", "7hw", "8hw", "9hw")}


RUN_MS: list[float] = []


def _timed(run: Callable[[], None]) -> Callable[[], None]:
    def wrapper() -> None:
        start = time.perf_counter()
        try:
            run()
        finally:
            RUN_MS.append((time.perf_counter() - start) * 1e3)

    return wrapper


def stage_kb(at: AppTest) -> float:
    """The stage component's data as the page sends it (the payload, once per input)."""
    from tests.apptest_helpers import _find

    return sum(len(element.proto.json) for element in _find(at._tree, "BidiComponent")) / 1024


def measure(query: dict[str, str]) -> dict[str, float]:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    sent_kb = stage_kb(at)
    n = stage(at)["payload"]["d"]["oh"] * stage(at)["payload"]["d"]["ow"]
    step_ms = []
    for phase, steps in STEPS.items():
        for step in steps:
            for k in range(3):  # a few windows inside the step
                report(at, f"{phase}:{step}:{min(k, n - 1)}")
                step_ms.append(RUN_MS[-1])
                assert not at.exception, at.exception
    return {
        "first run (s)": first,
        "stage data (KB)": sent_kb,
        "step median (ms)": statistics.median(step_ms),
        "step max (ms)": max(step_ms),
    }


def main() -> None:
    poolviz.app.main.run = _timed(poolviz.app.main.run)  # app.py calls it by this name
    results = {name: measure(query) for name, query in CASES.items()}
    columns = list(next(iter(results.values())))
    print("| input | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for name, row in results.items():
        print(f"| {name} | " + " | ".join(f"{row[c]:.2f}" if "(s)" in c else f"{row[c]:.0f}" for c in columns) + " |")


if __name__ == "__main__":
    main()
