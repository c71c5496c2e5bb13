"""Everything that is not a wrong number, in plain words for a student: what happened and what to change.

The file cannot be used (a syntax error, an import that fails, no pool_forward, a function that takes
other arguments), or one call went wrong (it raised, returned the wrong kind of thing, ran out of time
or memory, or ended the process).
"""

from __future__ import annotations

import signal

from poolviz.check.sandbox import Limits, Run

SIGNATURES = {
    "pool_forward": "pool_forward(A_prev, hparameters, mode)",
    "pool_backward": "pool_backward(dA, cache, mode)",
}
RETURNS = {"pool_forward": "return A, cache", "pool_backward": "return dA_prev"}
WHAT = {
    "pool_forward": "A, the first thing pool_forward returns,",
    "pool_backward": "dA_prev, what pool_backward returns,",
}
IMPORTS = {"ModuleNotFoundError", "ImportError"}


def _at(detail: dict, name: str) -> str:
    """', at line 12 of x.py (`A[i, h] = ...`)' when the student's file is where it happened."""
    line, code = detail.get("line"), str(detail.get("code", "")).strip()
    if not isinstance(line, int):
        return ""
    return f", at line {line} of {name}" + (f" (`{code}`)" if code else "")


def _error(detail: dict) -> str:
    error, message = str(detail.get("error", "an error")), str(detail.get("message", ""))
    return f"{error}: {message}" if message else error


def _stopped(run: Run, limits: Limits) -> str:
    """How the process ended, when it was not our time limit."""
    code = run.returncode
    if code == -signal.SIGXCPU:
        return f"it used more than {limits.seconds:g} s of processor time and was stopped"
    if code == -signal.SIGXFSZ:
        return f"it wrote more than {limits.output_mb} MB (printing in a loop?) and was stopped"
    if code < 0:
        try:
            return f"it was stopped by the signal {signal.Signals(-code).name}"
        except ValueError:
            return f"it was stopped by the signal {-code}"
    if code == 0:
        return "your code ended the Python process itself (os._exit or similar)"
    return f"it ended with exit status {code} (sys.exit or os._exit in your code?)"


def load(run: Run, name: str, limits: Limits) -> str:
    """Why the file cannot be used, and what to change; "" when it loaded and has what the checker needs."""
    detail = run.load
    if detail is None:
        if run.timed_out:
            return (
                f"{name} did not finish loading within {limits.seconds:g} s. Code outside any function runs when "
                f"the file is loaded: look there for a loop that never ends or a long test, or move it under "
                f'if __name__ == "__main__":.'
            )
        return f"{name} could not be loaded: {_stopped(run, limits)}."
    kind = detail["kind"]
    if kind == "ok":
        return ""
    if kind == "syntax":
        line, code, offset = detail.get("line"), str(detail.get("code", "")), detail.get("offset")
        caret = f"\n    {code}\n    {' ' * (offset - 1)}^" if code and isinstance(offset, int) and offset > 0 else ""
        return (
            f"{name} cannot be read: Python finds a syntax error at line {line}: {detail.get('message')}.{caret}\n"
            f"Fix that line (Python stops at the first syntax error it meets), then check again."
        )
    if kind == "load":
        where = _at(detail, name)
        if detail.get("error") in IMPORTS:
            return (
                f"{name} stops while loading: {_error(detail)}{where}. The checker runs your file on its own, "
                f"with NumPy but without the notebook's helper files: keep pool_forward, pool_backward, the "
                f"functions they call and import numpy as np."
            )
        return (
            f"{name} stops while loading: {_error(detail)}{where}. Code outside any function runs when the file "
            f'is loaded: delete the tests and examples there, or move them under if __name__ == "__main__":.'
        )
    function = str(detail.get("name", "pool_forward"))
    if kind == "missing":
        defines = [str(d) for d in detail.get("defines", [])][:8]
        has = f"it defines {', '.join(defines)}" if defines else "it defines no function"
        return (
            f"{name} has no function pool_forward ({has}). Define it at the top level of the file: "
            f'def pool_forward(A_prev, hparameters, mode="max"):'
        )
    if kind == "not_callable":
        return f"In {name}, {function} is a {detail.get('type')}, not a function: define it with def."
    return (
        f"In {name}, {str(detail.get('signature'))[:120]} cannot be called the way the assignment calls it, "
        f'{SIGNATURES.get(function, function)}: give it these three arguments (mode may default to "max").'
    )


def call(kind: str, detail: dict, function: str, name: str, limits: Limits) -> str:
    """What went wrong in one call of `function` that did not give an array of numbers."""
    returned = str(detail.get("type", "?"))
    if kind == "raised" and detail.get("error") == "OSError" and "File too large" in str(detail.get("message")):
        return f"wrote more than {limits.output_mb} MB (printing in a loop?){_at(detail, name)}."
    if kind == "raised":
        return f"stopped with {_error(detail)}{_at(detail, name)}."
    if kind == "memory":
        return f"ran out of memory (the limit is {limits.memory_mb} MB){_at(detail, name)}."
    if kind == "not_pair":
        if returned == "NoneType":
            return f"returns nothing (None): end it with {RETURNS[function]}."
        if returned == "ndarray":
            return "returns one array; it should return two things, (A, cache): end it with return A, cache."
        if "length" in detail:
            return f"returns a {returned} of {detail['length']} things; it should return two, (A, cache)."
        return f"returns a {returned}; it should return two things: end it with return A, cache."
    if kind == "type":
        if returned == "NoneType" and function == "pool_backward":
            return f"returns nothing (None): end it with {RETURNS[function]}."
        return f"{WHAT[function]} should be a NumPy array; your code gives a {returned}. Make it with np.zeros(...)."
    if kind == "dtype":
        return f"{WHAT[function]} should hold numbers; your code gives an array of {detail.get('dtype', '?')}."
    return f"the checker could not read back what {function} returned."


def unfinished(run: Run, n: int, function: str, limits: Limits) -> tuple[str, bool]:
    """Why a call has no result: (words, whether it had started). Started: it is where the process stopped."""
    fn = "forward" if function == "pool_forward" else "backward"
    started = run.last_started == (n, fn)
    if run.timed_out:
        if started:
            return (
                f"did not return: the time ran out after {limits.seconds:g} s (for the whole file). "
                f"Look for a loop that never ends, such as a while loop whose condition never turns false.",
                True,
            )
        return "not run: the time ran out before it.", False
    if started:
        return f"did not return: the process running your code stopped, {_stopped(run, limits)}.", True
    return "not run: the process running your code had stopped before it.", False
