"""`poolviz grade`: check every .py of a folder, one file at a time, each in its own sandbox; a CSV and a summary."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from poolviz.check.cases import CASES, Case
from poolviz.check.judge import check_file
from poolviz.check.links import DEFAULT_BASE
from poolviz.check.report import Report
from poolviz.check.sandbox import DEFAULT_LIMITS, Limits

COLUMNS = ("file", "passed", "total", "first_failure", "exit_status", "link")


def files_in(folder: Path) -> list[Path]:
    """The .py files directly in `folder`, sorted by name."""
    return sorted(p for p in folder.iterdir() if p.suffix == ".py" and p.is_file())


def _cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: a leading = + - @ would make it a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def row(report: Report) -> dict[str, str]:
    problem = report.first_problem
    return {
        "file": _cell(report.file.name),
        "passed": str(report.passed),
        "total": str(report.total),
        "first_failure": _cell(report.summary()),
        "exit_status": str(report.exit_code),
        "link": problem.link if problem else "",
    }


def write_csv(reports: Sequence[Report], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(row(r) for r in reports)


class Progress:
    """One line on stderr: a bar redrawn in place on a terminal, one plain line per file elsewhere (a log)."""

    def __init__(self, total: int, stream: TextIO, width: int = 30) -> None:
        self.total, self.stream, self.width = total, stream, width
        self.live = stream.isatty()

    def __call__(self, done: int, name: str) -> None:
        if not self.live:
            self.stream.write(f"checked {done}/{self.total}: {name}\n")
            self.stream.flush()
            return
        filled = self.width * done // self.total
        bar = "#" * filled + "." * (self.width - filled)
        self.stream.write(f"\r[{bar}] {done}/{self.total} {name[:40]:<40}")
        if done == self.total:
            self.stream.write("\n")
        self.stream.flush()


def grade_folder(
    folder: str | Path,
    limits: Limits = DEFAULT_LIMITS,
    link_base: str = DEFAULT_BASE,
    cases: Sequence[Case] = CASES,
    progress: Callable[[int, str], None] | None = None,
) -> list[Report]:
    """A report for every .py file of `folder`, in name order, each file run alone in its own sandbox."""
    reports = []
    paths = files_in(Path(folder))
    for done, path in enumerate(paths, 1):
        reports.append(check_file(path, limits, link_base, cases))
        if progress:
            progress(done, path.name)
    return reports


def summary(reports: Sequence[Report]) -> str:
    """What a teacher reads on the terminal: one line per file, the counts, and the case most often failed first."""
    width = max((len(r.file.name) for r in reports), default=4)
    lines = []
    for r in reports:
        first = r.summary(short=True)
        shown = first if len(first) <= 90 else first[:89] + "…"
        lines.append(f"  {r.file.name:<{width}}  {r.passed:>2}/{r.total:<2}  exit {r.exit_code}  {shown}".rstrip())
    counts = Counter(r.exit_code for r in reports)
    lines += [
        "",
        f"{len(reports)} files: {counts[0]} passed every case, {counts[1]} failed some cases, "
        f"{counts[2]} could not be used.",
    ]
    firsts = Counter((r.first_failure.number, r.first_failure.case.name) for r in reports if r.exit_code == 1)
    if firsts:
        (number, name), count = firsts.most_common(1)[0]
        lines.append(f"Failed first most often: case {number} ({name}), in {count} of {len(reports)} files.")
    return "\n".join(lines)
