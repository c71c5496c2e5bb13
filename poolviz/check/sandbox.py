"""Run a student's file in its own process, bounded, and read back what it returned without trusting it.

One fresh interpreter per file (`python -I -B -u`: no current folder, user site or PYTHON* variables on
its path, no .pyc written beside the student's file, output unbuffered so a crash loses none), no stdin,
an environment without the caller's variables, its printed output in files, and limits set before it
starts: wall-clock time (the process group is killed), CPU time, memory (address space) and the size of
any file it writes. Arrays go in and out as .npy files read with allow_pickle=False;
what the child reports is JSON, checked field by field. Nothing it produced is ever unpickled or run.
"""

from __future__ import annotations

import json
import math
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from poolviz.check.cases import Case

CHILD = Path(__file__).resolve().parent / "child.py"
FUNCTIONS = ("forward", "backward")
KINDS = {"ok", "raised", "memory", "type", "dtype", "not_pair"}  # what a call's outcome may say
LOAD_KINDS = {"ok", "syntax", "load", "missing", "not_callable", "signature"}
TAIL = 4000  # characters of printed output kept
JSON_BYTES = 64_000  # the child's reports are small; anything larger is not read


@dataclass(frozen=True)
class Limits:
    seconds: float = 10.0  # wall-clock, for the whole file: loading it and every case
    memory_mb: int = 1024  # address space of the process (NumPy alone takes about 140 MB)
    output_mb: int = 16  # largest file it may write, its printed output included


@dataclass(frozen=True)
class Call:
    """What one call of the student's function gave: `kind` "ok" with its array, or what went wrong."""

    kind: str
    detail: dict
    array: np.ndarray | None = None


@dataclass(frozen=True)
class Run:
    load: dict | None  # None: the file never finished loading
    calls: dict[tuple[int, str], Call]  # (case number, "forward" / "backward")
    last_started: tuple[int, str] | None  # the call running when the process stopped
    timed_out: bool
    returncode: int
    seconds: float
    stdout: str = ""
    stderr: str = ""
    problems: list[str] = field(default_factory=list)  # results that could not be read

    @property
    def stopped(self) -> bool:
        """The process ended before finishing: killed on time, by a signal, or by its own exit."""
        return self.timed_out or self.returncode != 0


def _set_limits(limits: Limits) -> Callable[[], None]:
    """Runs in the child between fork and exec: its limits, hard and soft, before any of its code."""

    def apply() -> None:
        def cap(which: int, value: int, extra: int = 0) -> None:
            _, hard = resource.getrlimit(which)
            top = value + extra if hard == resource.RLIM_INFINITY else min(value + extra, hard)
            resource.setrlimit(which, (min(value, top), top))

        cap(resource.RLIMIT_AS, limits.memory_mb * 2**20)
        cap(resource.RLIMIT_CPU, math.ceil(limits.seconds) + 1, 1)  # SIGXCPU at the soft limit
        cap(resource.RLIMIT_FSIZE, limits.output_mb * 2**20)
        cap(resource.RLIMIT_CORE, 0)

    return apply


def _environment(workdir: str) -> dict[str, str]:
    """Only what Python and NumPy need: none of the caller's variables (tokens, paths) reach the student's code."""
    threads = {name: "1" for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    return {"PATH": os.defpath, "HOME": workdir, "TMPDIR": workdir, "LC_ALL": "C.UTF-8", **threads}


def _tail(path: Path) -> str:
    """The end of a printed-output file, with control characters (terminal escapes) made visible."""
    if not path.is_file():
        return ""
    with path.open("rb") as f:
        f.seek(max(path.stat().st_size - TAIL, 0))
        text = f.read().decode("utf-8", "replace")
    return "".join(ch if ch.isprintable() or ch in "\n\t" else "?" for ch in text)


def _json(path: Path) -> dict | None:
    if not path.is_file() or path.is_symlink() or path.stat().st_size > JSON_BYTES:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("kind"), str) else None


def _array(path: Path, limits: Limits) -> np.ndarray | None:
    if not path.is_file() or path.is_symlink() or path.stat().st_size > limits.output_mb * 2**20:
        return None
    try:
        array = np.load(path, allow_pickle=False)
    except (ValueError, OSError, EOFError):
        return None
    return array if isinstance(array, np.ndarray) and array.dtype.kind in "iuf" else None


def _last_started(path: Path) -> tuple[int, str] | None:
    lines = _tail(path).split()
    if len(lines) < 2 or not lines[-2].isdigit() or lines[-1] not in FUNCTIONS:
        return None
    return int(lines[-2]), lines[-1]


def _read(work: Path, cases: Sequence[Case], limits: Limits) -> tuple[dict | None, dict, list[str]]:
    load = _json(work / "load.json")
    if load is not None and load["kind"] not in LOAD_KINDS:
        load = None
    calls: dict[tuple[int, str], Call] = {}
    problems = []
    for n in range(len(cases)):
        for fn in FUNCTIONS:
            detail = _json(work / f"c{n}_{fn}.json")
            if detail is None:
                continue
            kind = detail["kind"] if detail["kind"] in KINDS else "unreadable"
            array = _array(work / f"c{n}_{fn}.npy", limits) if kind == "ok" else None
            if kind == "ok" and array is None:
                kind = "unreadable"
            if kind == "unreadable":
                problems.append(f"case {n + 1}, pool_{fn}: the result could not be read back")
            calls[(n, fn)] = Call(kind, detail, array)
    return load, calls, problems


DEFAULT_LIMITS = Limits()


def run(student: Path, cases: Sequence[Case], limits: Limits = DEFAULT_LIMITS) -> Run:
    """Load `student` in a sandboxed interpreter and call its pool_forward (and pool_backward) on every case."""
    student = Path(student).resolve()
    with tempfile.TemporaryDirectory(prefix="poolviz-check-") as tmp:
        work = Path(tmp)
        spec = [{"hparameters": c.hparameters, "mode": c.mode} for c in cases]
        (work / "cases.json").write_text(json.dumps(spec), encoding="utf-8")
        for n, case in enumerate(cases):
            np.save(work / f"c{n}_A_prev.npy", case.A_prev, allow_pickle=False)
            np.save(work / f"c{n}_dA.npy", case.dA, allow_pickle=False)
        start = time.monotonic()
        with (work / "stdout.txt").open("wb") as out, (work / "stderr.txt").open("wb") as err:
            child = subprocess.Popen(
                [sys.executable, "-I", "-B", "-u", str(CHILD), str(work), str(student)],
                cwd=work,
                env=_environment(tmp),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                preexec_fn=_set_limits(limits),  # safe: files are checked one at a time, no threads here
                start_new_session=True,  # its own process group: a timeout ends whatever it started too
            )
            try:
                child.wait(timeout=limits.seconds)
                timed_out = False
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)  # not yet reaped: the group is still this child's
                child.wait()
                timed_out = True
        seconds = time.monotonic() - start
        load, calls, problems = _read(work, cases, limits)
        return Run(
            load=load,
            calls=calls,
            last_started=_last_started(work / "started.txt"),
            timed_out=timed_out,
            returncode=child.returncode,
            seconds=seconds,
            stdout=_tail(work / "stdout.txt"),
            stderr=_tail(work / "stderr.txt"),
            problems=problems,
        )
