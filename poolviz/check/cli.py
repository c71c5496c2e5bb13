"""The words after `poolviz`: `check FILE.py` for a student, `grade DIR --csv results.csv` for a teacher.

`poolviz check` exits 0 when every case passes, 1 when some fail, 2 when the file cannot be used;
`poolviz grade` exits 0 once every file is checked (whatever the students' results), 2 when the folder
cannot be read or holds no .py file.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from poolviz.check.grading import Progress, files_in, grade_folder, summary, write_csv
from poolviz.check.judge import check_file
from poolviz.check.links import DEFAULT_BASE
from poolviz.check.sandbox import DEFAULT_LIMITS as DEFAULTS
from poolviz.check.sandbox import Limits

COMMANDS = ("check", "grade")


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 < value <= 600:
        raise argparse.ArgumentTypeError(f"the time limit must be more than 0 and at most 600 seconds; got {text}")
    return value


def _megabytes(text: str) -> int:
    value = int(text)
    if not 256 <= value <= 65536:
        raise argparse.ArgumentTypeError(f"the memory limit must be 256 to 65536 MB; got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="poolviz",
        description="Without a command, `poolviz` serves the app. These commands check pooling code instead.",
    )
    commands = top.add_subparsers(dest="command", required=True)
    check = commands.add_parser(
        "check",
        help="check your pool_forward (and pool_backward) on cases the public test misses",
        description="Run FILE's pool_forward(A_prev, hparameters, mode) and, if it has one, pool_backward(dA, "
        "cache, mode) on poolviz's cases, in a separate bounded process. Exit status: 0 every case passed, "
        "1 some failed, 2 the file cannot be used.",
    )
    check.add_argument("file", type=Path, help="your .py file")
    grade = commands.add_parser(
        "grade",
        help="check every .py file of a folder (a class)",
        description="Check every .py file of DIR, one at a time, each in its own sandbox; one CSV row per file.",
    )
    grade.add_argument("folder", type=Path, help="the folder of the students' .py files")
    grade.add_argument("--csv", type=Path, help="write one row per file to this CSV file")
    for command in (check, grade):
        command.add_argument(
            "--link-base",
            default=DEFAULT_BASE,
            help=f"where poolviz serves the page, for the links to the walkthrough (default {DEFAULT_BASE})",
        )
        command.add_argument(
            "--time-limit",
            type=_seconds,
            default=DEFAULTS.seconds,
            metavar="SECONDS",
            help=f"wall-clock time for one file, all cases (default {DEFAULTS.seconds:g})",
        )
        command.add_argument(
            "--memory-limit",
            type=_megabytes,
            default=DEFAULTS.memory_mb,
            metavar="MB",
            help=f"memory for the process running one file (default {DEFAULTS.memory_mb})",
        )
    return top


def _check(args: argparse.Namespace, limits: Limits) -> int:
    report = check_file(args.file, limits, args.link_base)
    sys.stdout.write(report.text())
    return report.exit_code


def _grade(args: argparse.Namespace, limits: Limits) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        print(f"There is no folder {folder}. Give the folder that holds the students' .py files.", file=sys.stderr)
        return 2
    paths = files_in(folder)
    if not paths:
        print(f"{folder} holds no .py file: there is nothing to check.", file=sys.stderr)
        return 2
    reports = grade_folder(folder, limits, args.link_base, progress=Progress(len(paths), sys.stderr))
    print(summary(reports))
    if args.csv:
        write_csv(reports, args.csv)
        print(f"One row per file in {args.csv}.")
    return 0


def main(argv: Sequence[str]) -> int:
    """Run `poolviz check ...` or `poolviz grade ...` (argv without the program name); the exit status."""
    args = parser().parse_args(list(argv))
    limits = Limits(seconds=args.time_limit, memory_mb=args.memory_limit)
    return _check(args, limits) if args.command == "check" else _grade(args, limits)
