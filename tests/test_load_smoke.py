"""The classroom load test (bench/load_test.py), small: a real `streamlit run` on loopback, 3 sessions × 3 steps.

This tests the load tool itself: its clients really step (the subheaders are checked after every click), errors
are counted, the server is stopped. The limits are generous: it is not a performance test.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

LOAD_TEST = Path(__file__).resolve().parents[1] / "bench" / "load_test.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("poolviz_load_test", LOAD_TEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


load_test = _load_module()


def test_small_classroom_steps_without_errors(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    cmd = [
        sys.executable,
        str(LOAD_TEST),
        "--sessions",
        "3",
        "--steps",
        "3",
        "--timeout",
        "150",
        "--step-timeout",
        "60",
        "--p95-limit",
        "30",
        "--json",
        str(out),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(out.read_text())
    assert report["errors"] == 0, report["error_messages"]
    assert report["steps"] == 3 * (3 + 3)
    assert report["passed"] is True
    assert 0 < report["p50_s"] <= report["p95_s"] <= report["max_s"]
    assert report["rss_connected_mib"] > 0
    assert "| errors | 0 |" in done.stdout


def test_the_walk_check_accepts_the_real_sequence() -> None:
    headings = ["Forward (1) a", "Forward (2) b", "Forward (2) c", "Forward (3) d"]
    # 4 ▶ from the first heading: 3 moves, then the last step again; 4 ◀: back to the first, then it again
    forward = [*headings[1:], headings[-1]]
    backward = [headings[2], headings[1], headings[0], headings[0]]
    assert load_test.check_walk(headings[0], forward, backward) == []


@pytest.mark.parametrize(
    ("first", "forward", "backward"),
    [
        # ▶ did nothing: the client did not really step
        ("Forward (1) a", ["Forward (1) a", "Forward (1) a"], ["Forward (1) a", "Forward (1) a"]),
        # the first ▶ must show step (2)
        ("Forward (1) a", ["Forward (3) b"], ["Forward (1) a"]),
        # ◀ must retrace ▶
        ("Forward (1) a", ["Forward (2) b", "Forward (2) c"], ["Forward (2) c", "Forward (1) a"]),
        # the default page is the forward pass's first step
        ("Backward (1) a", ["Forward (2) b"], ["Backward (1) a"]),
        # after the end, ▶ keeps showing the last heading
        ("Forward (1) a", ["Forward (2) b", "Forward (2) b", "Forward (2) c"], ["Forward (1) a"] * 3),
    ],
)
def test_the_walk_check_catches_clients_that_do_not_step(first: str, forward: list[str], backward: list[str]) -> None:
    assert load_test.check_walk(first, forward, backward)


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert load_test.percentile(values, 50) == 50.0
    assert load_test.percentile(values, 95) == 95.0
    assert load_test.percentile([0.3], 95) == 0.3
    assert load_test.percentile([], 95) == 0.0


def test_only_loopback_is_ever_addressed() -> None:
    assert load_test.HOST == "127.0.0.1"
    with pytest.raises(SystemExit):
        load_test.main(["--server-option", "server.address=0.0.0.0"])
    with pytest.raises(SystemExit):
        load_test.main(["--sessions", "100000"])
