"""Server-side time of one step (a script rerun) and the Plotly JSON the page sends.

Run: `.venv/bin/python bench/bench_app.py`. AppTest drives the page; the time is that of the script's
`run()` itself (AppTest's own polling would add tens of ms), measured in one process for every input.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

import poolviz.app.main

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


def json_kb(at: AppTest) -> float:
    return sum(len(chart.proto.spec) for chart in at.get("plotly_chart")) / 1024


def measure(query: dict[str, str]) -> dict[str, float]:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    default_kb = json_kb(at)
    step_ms, sizes = [], []
    for phase, steps in STEPS.items():
        at.segmented_control(key="phase").set_value(phase).run()
        for step in steps:
            at.segmented_control(key=f"jump_{phase}").set_value(step).run()
            for _ in range(3):  # a few ▶ clicks inside the step
                at.button(key="next").click().run()
                step_ms.append(RUN_MS[-1])
                sizes.append(json_kb(at))
                assert not at.exception, at.exception
    return {
        "first run (s)": first,
        "page JSON at open (KB)": default_kb,
        "step median (ms)": statistics.median(step_ms),
        "step max (ms)": max(step_ms),
        "largest step JSON (KB)": max(sizes),
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
