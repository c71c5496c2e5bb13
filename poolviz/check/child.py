"""Runs inside the sandbox: load the student's file, call its functions on every case, save what they return.

`sandbox.py` starts it as `python -I child.py WORKDIR STUDENT_FILE` in a fresh interpreter whose limits
(time, memory, file size) are already set. It imports NumPy and the standard library only, never poolviz:
the right answers stay in the parent. It reads the cases from WORKDIR (cases.json and .npy files) and
writes there only plain data, which the parent reads without trusting it:
  load.json              whether the file loaded, and which functions it has
  started.txt            one line per call, written before the call: where the time ran out
  c<n>_<fn>.json, .npy   each call's outcome, and the array it returned (never a pickle)
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import sys
import traceback

import numpy as np

FUNCTIONS = ("pool_forward", "pool_backward")
TEXT = 300  # characters of an error message kept


def _write(path: str, data: dict) -> None:
    with open(path + ".part", "w", encoding="utf-8") as f:
        json.dump(data, f)
    os.replace(path + ".part", path)  # the parent never sees half a file


def _started(workdir: str, line: str) -> None:
    with open(os.path.join(workdir, "started.txt"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


def _text(error: BaseException) -> str:
    try:
        return str(error)[:TEXT]
    except BaseException:  # an exception whose __str__ itself fails
        return "(its message cannot be shown)"


def _where(error: BaseException, student: str) -> dict:
    """The line of the student's file where `error` happened (its last frame there), with its code."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) == student]
    if not frames:
        return {}
    return {"line": frames[-1].lineno, "code": (frames[-1].line or "")[:TEXT]}


def _raised(error: BaseException, student: str) -> dict:
    kind = "memory" if isinstance(error, MemoryError) else "raised"
    return {"kind": kind, "error": type(error).__name__, "message": _text(error), **_where(error, student)}


def _describe(value: object) -> dict:
    """What a function returned, when it is not what the assignment asks for."""
    described = {"type": type(value).__name__}
    if isinstance(value, (tuple, list)):
        described["length"] = len(value)
        described["items"] = [type(item).__name__ for item in value[:3]]
    if isinstance(value, np.ndarray):
        described["dtype"] = str(value.dtype)
        described["shape"] = list(value.shape)
    return described


def _array(value: object, npy: str) -> dict:
    """Save `value` if it is an array of real numbers; otherwise say what it is."""
    if not isinstance(value, np.ndarray):
        return {"kind": "type", **_describe(value)}
    if value.dtype.kind not in "iuf":
        return {"kind": "dtype", **_describe(value)}
    np.save(npy, np.asarray(value), allow_pickle=False)
    return {"kind": "ok"}


def _load(student: str) -> tuple[dict, object]:
    """Import the student's file as a module (not as __main__: an `if __name__ == "__main__":` block stays out)."""
    spec = importlib.util.spec_from_file_location("student_solution", student)
    module = importlib.util.module_from_spec(spec)
    sys.modules["student_solution"] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        return {
            "kind": "syntax",
            "error": type(error).__name__,
            "message": str(error.msg)[:TEXT],
            "line": error.lineno,
            "offset": error.offset,
            "code": (error.text or "").rstrip("\n")[:TEXT],
        }, None
    except BaseException as error:  # anything at the top level of the file, even sys.exit()
        return {**_raised(error, student), "kind": "load"}, None
    defines = sorted(name for name, value in vars(module).items() if inspect.isfunction(value))
    for name in FUNCTIONS:
        value = getattr(module, name, None)
        if value is None:
            if name == "pool_forward":
                return {"kind": "missing", "name": name, "defines": defines}, None
            continue
        if not callable(value):
            return {"kind": "not_callable", "name": name, "type": type(value).__name__}, None
        try:
            inspect.signature(value).bind(None, None, None)  # (A_prev, hparameters, mode) / (dA, cache, mode)
        except TypeError:
            return {"kind": "signature", "name": name, "signature": f"{name}{inspect.signature(value)}"}, None
        except ValueError:  # no signature to read (a builtin): let the call decide
            pass
    return {"kind": "ok", "backward": callable(getattr(module, "pool_backward", None)), "defines": defines}, module


def main(workdir: str, student: str) -> None:
    workdir, student = os.path.abspath(workdir), os.path.abspath(student)
    loaded, module = _load(student)
    _write(os.path.join(workdir, "load.json"), loaded)
    if module is None:
        return
    with open(os.path.join(workdir, "cases.json"), encoding="utf-8") as f:
        cases = json.load(f)
    for n, case in enumerate(cases):
        base = os.path.join(workdir, f"c{n}")
        A_prev = np.load(base + "_A_prev.npy", allow_pickle=False)  # (m, n_H_prev, n_W_prev, n_C)
        _started(workdir, f"{n} forward")
        try:
            result = module.pool_forward(A_prev.copy(), dict(case["hparameters"]), case["mode"])
        except BaseException as error:
            _write(base + "_forward.json", _raised(error, student))
            continue
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            _write(base + "_forward.json", {"kind": "not_pair", **_describe(result)})
            continue
        A, cache = result
        _write(base + "_forward.json", _array(A, base + "_forward.npy"))  # (m, n_H, n_W, n_C)
        if not loaded["backward"]:
            continue
        dA = np.load(base + "_dA.npy", allow_pickle=False)  # (m, n_H, n_W, n_C)
        _started(workdir, f"{n} backward")
        try:
            dA_prev = module.pool_backward(dA.copy(), cache, case["mode"])
        except BaseException as error:
            _write(base + "_backward.json", _raised(error, student))
            continue
        _write(base + "_backward.json", _array(dA_prev, base + "_backward.npy"))  # (m, n_H_prev, n_W_prev, n_C)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
