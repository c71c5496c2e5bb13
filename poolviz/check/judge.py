"""`check_file`: run the student's file in the sandbox, compare what it returned with poolviz, and say why."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from poolviz.check import problems, sandbox, verdicts
from poolviz.check.cases import CASES, Case
from poolviz.check.links import DEFAULT_BASE, link
from poolviz.check.report import CaseResult, Problem, Report
from poolviz.check.sandbox import DEFAULT_LIMITS, Limits, Run

COMPARE = {"pool_forward": verdicts.forward, "pool_backward": verdicts.backward}
ATTEMPTED = {"ok", "type", "dtype", "unreadable"}  # forward outcomes after which the child calls backward


def _one(
    run: Run, n: int, case: Case, function: str, name: str, limits: Limits, base: str
) -> tuple[Problem | None, bool]:
    """The problem of one call (None when it was right), and whether the call started at all."""
    call = run.calls.get((n, function.removeprefix("pool_")))
    if call is None:
        message, started = problems.unfinished(run, n, function, limits)
        return Problem(function if started else "", message), started
    if call.kind != "ok" or call.array is None:
        return Problem(function, problems.call(call.kind, call.detail, function, name, limits)), True
    finding = COMPARE[function](case, call.array)
    if finding is None:
        return None, True
    return Problem(function, finding.message, finding, link(case, finding.where, base)), True


def _case(run: Run, n: int, case: Case, name: str, limits: Limits, base: str) -> CaseResult:
    forward, ran = _one(run, n, case, "pool_forward", name, limits, base)
    if not ran:
        return CaseResult(n + 1, case, (forward,) if forward else (), ran=False)
    found = [forward] if forward else []
    call = run.calls.get((n, "forward"))
    if run.load and run.load.get("backward") and call is not None and call.kind in ATTEMPTED:
        backward, _ = _one(run, n, case, "pool_backward", name, limits, base)
        if backward:
            found.append(backward)
    return CaseResult(n + 1, case, tuple(found))


def check_file(
    path: str | Path, limits: Limits = DEFAULT_LIMITS, link_base: str = DEFAULT_BASE, cases: Sequence[Case] = CASES
) -> Report:
    """Check the student's pool_forward (and pool_backward, if the file has it) on every case."""
    path = Path(path)
    if path.suffix == ".ipynb":
        return Report(
            path,
            total=len(cases),
            problem=f"{path.name} is a notebook. Save it as a Python file first: in Jupyter, File > Download as > "
            f"Python (.py), or run: jupyter nbconvert --to script {path.name}",
        )
    if not path.is_file():
        return Report(path, total=len(cases), problem=f"There is no file {path}. Give the path of your .py file.")
    run = sandbox.run(path, cases, limits)
    stopped_output = (run.stdout + run.stderr) if run.stopped else ""
    load_problem = problems.load(run, path.name, limits)
    if load_problem:
        return Report(path, total=len(cases), problem=load_problem, output=stopped_output, seconds=run.seconds)
    results = tuple(_case(run, n, case, path.name, limits, link_base) for n, case in enumerate(cases))
    return Report(
        path,
        results,
        len(cases),
        backward=bool(run.load and run.load.get("backward")),
        output=stopped_output,
        seconds=run.seconds,
    )
