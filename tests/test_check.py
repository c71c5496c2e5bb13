"""`poolviz check` and `poolviz grade`: the cases, the sandbox, the verdicts in words, the links, the CLI.

Every sample of tests/check_samples is run through the real command (`python -m poolviz check` in a
subprocess) and through the Python API (`check_file`); the time limit is short (2 s) so a file that
loops forever costs 2 s, not 10.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import numpy as np
import pytest

from poolviz import Pooling
from poolviz.app.settings import BOUNDS, consistent, from_query
from poolviz.check import CASES, Limits, Report, cases, check_file, cli, mistakes, sandbox
from poolviz.check.links import Where, inputs_of, link
from poolviz.check.report import Problem

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "check_samples"
LIMIT = 2
FAST = Limits(seconds=LIMIT)


# ---------------------------------------------------------------- the cases


def _claims(case: cases.Case) -> set[str]:
    """What the arrays of `case` really contain, in the words of cases.py."""
    claims = set()
    m, h, w, d = case.shape
    coverage = case.trace.coverage  # (h, w): how many windows hold each cell
    if case.pool == "max":
        counts = case.trace.mask.sum(axis=(3, 4))  # (m, oh, ow, d): cells each window picks
        if (counts > 1).any():
            claims.add(cases.TIES)
        if (counts == 1).all():
            claims.add(cases.NO_TIES)
        layer = Pooling(case.f, case.stride, "max")
        layer.forward(case.A_prev)
        if (layer.backward(np.ones(case.out_shape)) >= 2).any():  # dA = 1: how many windows picked each cell
            claims.add(cases.SHARED)
    if (coverage >= 2).any():
        claims.add(cases.OVERLAP)
    for covered in (coverage.any(axis=1), coverage.any(axis=0)):  # rows, columns in some window
        inside = np.flatnonzero(covered)
        if inside[-1] < len(covered) - 1:
            claims.add(cases.LEFTOVER)
        if not covered[inside[0] : inside[-1] + 1].all():
            claims.add(cases.GAPS)
    if m > 1 and d > 1:
        claims.add(cases.SEVERAL)
    if h != w:
        claims.add(cases.NOT_SQUARE)
    return claims


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.split(":")[0])
def test_each_case_shows_what_it_claims_and_no_gradient_is_zero(case: cases.Case) -> None:
    assert _claims(case) == set(case.shows)
    assert (case.dA != 0).all()  # a window passing back 0 would hide a mistake there


def test_the_cases_cover_what_the_public_test_misses() -> None:
    shown = set().union(*(c.shows for c in CASES))
    wanted = (cases.TIES, cases.SHARED, cases.OVERLAP, cases.LEFTOVER, cases.GAPS, cases.SEVERAL, cases.NOT_SQUARE)
    assert set(wanted) <= shown
    assert {c.stride for c in CASES} >= {1, 2, 3} and {c.pool for c in CASES} == {"max", "avg"}
    first = CASES[0]  # the easy one first: stride 1, a single largest value in every window
    assert first.stride == 1 and cases.NO_TIES in first.shows


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.split(":")[0])
def test_each_case_is_one_the_page_can_open(case: cases.Case) -> None:
    inputs = inputs_of(case)
    assert consistent(inputs) == (inputs, [])
    for name in ("m", "h", "w", "d", "ph", "pw", "sh", "sw", "seed"):
        low, high = BOUNDS[name]
        assert low <= getattr(inputs, name) <= high, name


def test_the_assignment_s_average_backward_is_poolviz_s_avg() -> None:
    """The assignment spreads dA / (f·f) over each window (distribute_value): poolviz's "avg" does the same."""
    for case in (c for c in CASES if c.pool == "avg"):
        spread = mistakes._backward(case, case.stride, mistakes._spread)
        assert np.allclose(case.dA_prev, spread)


# ---------------------------------------------------------------- the links


def _query(url: str) -> dict[str, str]:
    assert url.startswith("http://localhost:8501/?")
    return dict(parse_qsl(urlsplit(url).query))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name.split(":")[0])
def test_the_page_s_own_parser_reads_each_link_back_to_its_case(case: cases.Case) -> None:
    _, oh, ow, _ = case.out_shape
    m, _, _, d = case.shape
    for where in (
        Where("forward", "4", oh - 1, ow - 1, m - 1, d - 1),
        Where("backward", "9hw", oh - 1, 0, 0, d - 1),
        Where("backward", "3", i=m - 1),
    ):
        inputs, place, notes = from_query(_query(link(case, where)))
        assert notes == []
        assert inputs == inputs_of(case, where.i, where.c)
        assert (place.view, place.phase, place.step) == ("walk", where.phase, where.step)
        if where.step != "3":
            assert (place.row, place.col) == (where.row, where.col)


def test_a_link_rebuilds_the_very_arrays_of_its_case() -> None:
    """The page's own builders (poolviz/app/data.py) make, from the link, the arrays the student's code got."""
    from poolviz.app.data import build_gradient, build_input

    for case in CASES:
        inputs, _, _ = from_query(_query(link(case, Where("backward", "6hw", 0, 0))))
        X, _, errors = build_input(inputs)
        dA, grad_errors = build_gradient(inputs, case.out_shape)
        assert errors == [] and grad_errors == []
        assert np.array_equal(X, case.A_prev) and np.array_equal(dA, case.dA)


def test_the_page_opens_a_link_on_its_step_and_window() -> None:
    """The real script (AppTest) on a link of the sample with 3 samples and 2 channels: no message, same place."""
    from tests.apptest_helpers import new_app, no_problems, stage

    query = _query(link(CASES[7], Where("backward", "6hw", 1, 3, 2, 1)))
    at = new_app(query)
    no_problems(at)
    sent = stage(at)
    assert sent["goto"] == f"backward:6hw:{1 * sent['payload']['d']['ow'] + 3}"  # window (oh=1, ow=3)
    assert (sent["payload"]["i"], sent["payload"]["c"]) == (2, 1)
    assert {key: at.query_params[key] for key in at.query_params} == query  # nothing clamped or refused


def test_the_link_base_is_where_poolviz_runs() -> None:
    url = link(CASES[0], Where("forward", "4", 1, 2), base="http://10.0.0.5:8600")
    assert url.startswith("http://10.0.0.5:8600/?") and "window=1,2" in url


# ---------------------------------------------------------------- the samples, through the API


@pytest.fixture(scope="module")
def reports() -> dict[str, Report]:
    return {p.stem: check_file(p, FAST) for p in sorted(SAMPLES.glob("*.py"))}


def _first(report: Report) -> tuple[int, Problem]:
    first, problem = report.first_failure, report.first_problem
    assert first is not None and problem is not None
    return first.number, problem


def test_a_correct_implementation_passes_every_case(reports: dict[str, Report]) -> None:
    report = reports["correct"]
    assert report.exit_code == 0 and report.passed == report.total == len(CASES)
    assert report.backward and report.summary() == ""


def test_ignoring_the_stride_fails_on_the_first_case_with_stride_2(reports: dict[str, Report]) -> None:
    report = reports["ignores_stride"]
    assert report.exit_code == 1
    assert report.cases[0].passed  # stride 1: the public test's kind of case cannot see it
    number, problem = _first(report)
    assert number == 2 and problem.function == "pool_forward"
    finding = problem.finding
    assert finding.array == "A" and finding.cell == (0, 0, 2, 0)
    assert (finding.expected, finding.got) == (0.51, 0.8)
    assert problem.message.startswith(
        "A[0, 0, 2, 0] should be 0.51, the largest value of A_prev[0, 0:2, 4:6, 0]; your code gives 0.8 "
        "(6 more cells of A are wrong). It looks like the windows move 1 cell at a time: each should start "
        "stride = 2 cells after the previous one"
    )
    inputs, place, _ = from_query(_query(problem.link))
    assert inputs == inputs_of(CASES[1]) and (place.phase, place.step, place.row, place.col) == ("forward", "4", 0, 2)


def test_the_first_tied_cell_only_fails_on_the_first_case_with_ties(reports: dict[str, Report]) -> None:
    report = reports["first_tie_only"]
    assert report.exit_code == 1
    assert all(r.passed for r in report.cases if cases.TIES not in r.case.shows)
    number, problem = _first(report)
    assert number == 6 and problem.function == "pool_backward"
    assert problem.finding.cell == (0, 3, 4, 0) and (problem.finding.expected, problem.finding.got) == (1, 0)
    assert problem.message == (
        "dA_prev[0, 3, 4, 0] should be 1: window (1, 2) picked it: it ties with A_prev[0, 2, 4, 0] for the largest "
        "value 6, and every tied cell gets the full gradient; your code gives 0 (2 more cells of dA_prev are wrong). "
        "It looks like only the first of the tied cells gets the gradient: every cell equal to the window's largest "
        "value gets the full gradient (mask = x == np.max(x))."
    )
    # where ties and overlap meet, the words name both windows
    tied_overlap = report.cases[6].problems[0].message
    assert tied_overlap.startswith("dA_prev[0, 3, 4, 0] should be 2: windows (1, 2) and (2, 2) both picked it")
    _, place, _ = from_query(_query(problem.link))
    assert (place.phase, place.step, place.row, place.col) == ("backward", "6hw", 1, 2)


def test_overwriting_instead_of_adding_fails_where_windows_overlap(reports: dict[str, Report]) -> None:
    report = reports["overwrites"]
    assert report.exit_code == 1
    assert all(r.passed for r in report.cases if cases.OVERLAP not in r.case.shows)
    number, problem = _first(report)
    assert number == 1 and problem.function == "pool_backward"
    assert problem.finding.cell == (0, 1, 0, 0) and (problem.finding.expected, problem.finding.got) == (1, 3)
    assert problem.message.startswith(
        "dA_prev[0, 1, 0, 0] should be 1: windows (0, 0) and (1, 0) both picked it, so it gets "
        "dA[0, 0, 0, 0] + dA[0, 1, 0, 0] = -2 + 3; your code gives 3"
    )
    assert "add each window's gradient with += instead of =" in problem.message
    _, place, _ = from_query(_query(problem.link))
    assert (place.phase, place.step, place.row, place.col) == ("backward", "9hw", 1, 0)  # where the two add up


def test_a_loop_that_never_ends_is_a_verdict_after_the_time_limit(reports: dict[str, Report]) -> None:
    report = reports["loops_forever"]
    assert report.exit_code == 1 and report.passed == 0
    assert LIMIT <= report.seconds < LIMIT + 3
    number, problem = _first(report)
    assert number == 1 and problem.function == "pool_forward"
    assert problem.message.startswith(f"did not return: the time ran out after {LIMIT} s")
    assert not any(r.ran for r in report.cases[1:])


def test_a_syntax_error_means_the_file_cannot_be_used(reports: dict[str, Report]) -> None:
    report = reports["syntax_error"]
    assert report.exit_code == 2 and report.cases == () and report.total == len(CASES)
    assert report.problem.startswith(
        "syntax_error.py cannot be read: Python finds a syntax error at line 16: expected ':'."
    )
    assert "for h in range(n_H)\n" in report.problem


def test_a_file_without_pool_backward_is_checked_forward_only(reports: dict[str, Report]) -> None:
    report = reports["forward_only"]
    assert report.exit_code == 0 and not report.backward
    assert "only pool_forward was checked" in report.text()


def test_a_wrong_return_type_says_what_to_return(reports: dict[str, Report]) -> None:
    report = reports["wrong_type"]
    assert report.exit_code == 1 and report.passed == 0
    number, problem = _first(report)
    assert (number, problem.function) == (1, "pool_forward")
    assert problem.message == (
        "returns one array; it should return two things, (A, cache): end it with return A, cache."
    )


# ---------------------------------------------------------------- the samples, through the command


def _command(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "poolviz", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("sample", "code", "words"),
    [
        ("correct", 0, "All 10 cases passed."),
        ("ignores_stride", 1, "A[0, 0, 2, 0] should be 0.51, the largest value of A_prev[0, 0:2, 4:6, 0];"),
        ("first_tie_only", 1, "dA_prev[0, 3, 4, 0] should be 1: window (1, 2) picked it: it ties with"),
        ("overwrites", 1, "dA_prev[0, 1, 0, 0] should be 1: windows (0, 0) and (1, 0) both picked it"),
        ("loops_forever", 1, f"pool_forward: did not return: the time ran out after {LIMIT} s"),
        ("syntax_error", 2, "Python finds a syntax error at line 16: expected ':'."),
        ("forward_only", 0, "only pool_forward was checked"),
        ("wrong_type", 1, "pool_forward: returns one array; it should return two things, (A, cache)"),
    ],
)
def test_the_command_prints_the_verdict_and_exits_with_its_code(sample: str, code: int, words: str) -> None:
    start = time.monotonic()
    done = _command("check", str(SAMPLES / f"{sample}.py"), "--time-limit", str(LIMIT))
    assert time.monotonic() - start < LIMIT + 10
    assert done.returncode == code, done.stdout + done.stderr
    flat = " ".join(done.stdout.split())  # the terminal text is wrapped
    assert " ".join(words.split()) in flat, done.stdout


def test_the_command_prints_links_on_the_given_base() -> None:
    done = _command("check", str(SAMPLES / "first_tie_only.py"), "--link-base", "http://teacher.local:8600/")
    links = [line.split(": ", 1)[1] for line in done.stdout.splitlines() if "See it step by step" in line]
    assert links and all(url.startswith("http://teacher.local:8600/?") for url in links)
    assert from_query(dict(parse_qsl(urlsplit(links[0]).query)))[2] == []


def test_a_missing_file_and_a_notebook_are_refused_with_code_2(tmp_path: Path) -> None:
    assert _command("check", str(tmp_path / "nothing.py")).returncode == 2
    notebook = tmp_path / "Convolution_model_Step_by_Step.ipynb"
    notebook.write_text("{}")
    done = _command("check", str(notebook))
    assert done.returncode == 2 and "jupyter nbconvert --to script" in done.stdout


# ---------------------------------------------------------------- grading a class


def test_grade_checks_every_file_of_a_folder_into_a_csv(tmp_path: Path) -> None:
    results = tmp_path / "results.csv"
    done = _command("grade", str(SAMPLES), "--csv", str(results), "--time-limit", str(LIMIT))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(results.open(encoding="utf-8")))
    names = sorted(p.name for p in SAMPLES.glob("*.py"))
    assert [r["file"] for r in rows] == names
    by = {r["file"]: r for r in rows}
    expected = {  # file: (passed, exit status)
        "correct.py": (10, 0),
        "first_tie_only.py": (7, 1),
        "forward_only.py": (10, 0),
        "ignores_stride.py": (2, 1),
        "loops_forever.py": (0, 1),
        "overwrites.py": (6, 1),
        "syntax_error.py": (0, 2),
        "wrong_type.py": (0, 1),
    }
    assert {name: (int(r["passed"]), int(r["exit_status"])) for name, r in by.items()} == expected
    assert all(r["total"] == "10" for r in rows)
    assert by["correct.py"]["first_failure"] == ""
    assert by["first_tie_only.py"]["first_failure"].startswith("case 6 (ties: ")
    assert "dA_prev[0, 3, 4, 0] should be 1" in by["first_tie_only.py"]["first_failure"]
    assert from_query(_query(by["ignores_stride.py"]["link"]))[2] == []
    assert "8 files: 2 passed every case, 5 failed some cases, 1 could not be used." in done.stdout
    assert [line for line in done.stderr.splitlines() if line.startswith("checked ")][
        -1
    ] == "checked 8/8: wrong_type.py"


def test_grade_refuses_a_folder_without_python_files(tmp_path: Path) -> None:
    done = _command("grade", str(tmp_path))
    assert done.returncode == 2 and "holds no .py file" in done.stderr


def test_a_spreadsheet_never_reads_a_cell_as_a_formula() -> None:
    from poolviz.check.grading import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("case 1") == "case 1"


# ---------------------------------------------------------------- the sandbox


def _student(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text("import numpy as np\n\n\ndef pool_forward(A_prev, hparameters, mode='max'):\n" + body)
    return path


def test_the_student_s_code_sees_none_of_the_caller_s_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("POOLVIZ_TEST_SECRET", "s3cret")
    path = _student(
        tmp_path, "env.py", "    import os\n    raise RuntimeError(os.environ.get('POOLVIZ_TEST_SECRET'))\n"
    )
    report = check_file(path, FAST)
    assert "RuntimeError: None" in report.cases[0].problems[0].message


def test_memory_is_limited(tmp_path: Path) -> None:
    path = _student(tmp_path, "hog.py", "    return np.ones((20000, 20000)), None\n")  # 3.2 GB
    report = check_file(path, Limits(seconds=LIMIT, memory_mb=512))
    assert report.first_problem.message.startswith("ran out of memory (the limit is 512 MB), at line 5 of hog.py")


def test_a_crash_shows_what_the_code_printed(tmp_path: Path) -> None:
    path = _student(tmp_path, "exits.py", "    import os\n    print('about to leave')\n    os._exit(3)\n")
    report = check_file(path, FAST)
    assert report.exit_code == 1
    assert "it ended with exit status 3" in report.first_problem.message
    assert "about to leave" in report.text()


def test_a_file_failing_at_import_says_to_keep_only_the_functions(tmp_path: Path) -> None:
    path = tmp_path / "notebook_export.py"
    path.write_text(
        "import numpy as np\nfrom public_tests import *\n\ndef pool_forward(A_prev, hparameters, mode):\n    pass\n"
    )
    report = check_file(path, FAST)
    assert report.exit_code == 2
    assert report.problem.startswith(
        "notebook_export.py stops while loading: ModuleNotFoundError: No module named 'public_tests', at line 2"
    )


def test_missing_or_misnamed_functions_cannot_be_used(tmp_path: Path) -> None:
    misnamed = tmp_path / "misnamed.py"
    misnamed.write_text("def pool_fwd(A_prev, hparameters, mode='max'):\n    pass\n")
    report = check_file(misnamed, FAST)
    assert report.exit_code == 2 and "has no function pool_forward (it defines pool_fwd)" in report.problem
    two = tmp_path / "two_arguments.py"
    two.write_text("def pool_forward(A_prev, hparameters):\n    pass\n")
    report = check_file(two, FAST)
    assert report.exit_code == 2 and "pool_forward(A_prev, hparameters) cannot be called" in report.problem


def test_results_are_read_without_pickles(tmp_path: Path) -> None:
    """An object array saved with a pickle inside is refused, and the pickle never runs."""
    marker = tmp_path / "unpickled"

    class Payload:
        def __reduce__(self):
            return (marker.touch, ())

    evil = tmp_path / "c0_forward.npy"
    np.save(evil, np.array([Payload()], dtype=object), allow_pickle=True)
    assert sandbox._array(evil, Limits()) is None
    assert not marker.exists()
    np.load(evil, allow_pickle=True)  # the payload is live: loading with pickles would have run it
    assert marker.exists()


# ---------------------------------------------------------------- the command line and the layers


def test_the_launcher_knows_the_check_commands_and_passes_anything_else_to_streamlit(monkeypatch) -> None:
    import streamlit.web.cli

    from poolviz import __main__ as launcher

    assert cli.COMMANDS == ("check", "grade")
    assert 'in ("check", "grade")' in Path(launcher.__file__).read_text()
    seen = {}
    monkeypatch.setattr(streamlit.web.cli, "main", lambda: seen.setdefault("argv", list(sys.argv)) and 0)
    monkeypatch.setattr(sys, "argv", ["poolviz", "--server.port", "8600"])
    with pytest.raises(SystemExit):
        launcher.main()
    assert seen["argv"][:2] == ["streamlit", "run"] and seen["argv"][2].endswith(os.path.join("app", "entry.py"))
    assert seen["argv"][-2:] == ["--server.port", "8600"]


def test_checking_code_loads_no_streamlit_plotly_or_pandas() -> None:
    probe = (
        "import sys; import poolviz.check.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'streamlit', 'plotly', 'pandas'}))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stderr
