"""The classroom load test (bench/load_test.py), small: a real `streamlit run` on loopback, 3 sessions × 3 steps.

This tests the load tool itself: its clients really step (they report the stage's moment as the browser's stage does,
and the page's URL is checked after every step), errors are counted, the server is stopped. The limits are generous:
it is not a performance test.
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


def test_the_walk_plan_is_the_forward_pass_on_then_back() -> None:
    reported, expected = load_test.walk_plan(3)
    assert reported == ["forward:2:0", "forward:2:1", "forward:2:2", "forward:2:1", "forward:2:0", "forward:1:0"]
    windows = ["0,0", "0,1", "0,2", "0,1", "0,0"]
    assert expected == [f"forward:2:{w}" for w in windows] + ["forward:1:*"]
    # past the end of the pass: the last moment again
    reported, _ = load_test.walk_plan(25)
    assert reported[19:25] == ["forward:4:8"] * 6 and reported[-1] == "forward:1:0"


def test_the_walk_check_accepts_the_real_sequence() -> None:
    _, expected = load_test.walk_plan(3)
    seen = [e.replace("*", "1,2") for e in expected]  # a step without windows keeps the window it came from
    assert load_test.check_walk(expected, seen) == []
    assert load_test.where_of("phase=backward&step=9hw&window=1,2&h=8") == "backward:9hw:1,2"
    assert load_test.where_of("") == "forward:1:0,0"


@pytest.mark.parametrize(
    "seen",
    [
        # the URL did not move: the report was not taken
        ["forward:1:0,0"] * 6,
        # one window off
        ["forward:2:0,0", "forward:2:0,1", "forward:2:1,2", "forward:2:0,1", "forward:2:0,0", "forward:1:0,0"],
        # the wrong step
        ["forward:4:0,0", "forward:2:0,1", "forward:2:0,2", "forward:2:0,1", "forward:2:0,0", "forward:1:0,0"],
        # steps missing
        ["forward:2:0,0", "forward:2:0,1"],
    ],
)
def test_the_walk_check_catches_clients_that_do_not_step(seen: list[str]) -> None:
    _, expected = load_test.walk_plan(3)
    assert load_test.check_walk(expected, seen)


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
