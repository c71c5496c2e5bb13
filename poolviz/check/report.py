"""What `poolviz check` found in one file, and how the terminal shows it."""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from poolviz.check.cases import Case
from poolviz.check.verdicts import Finding

WIDTH = 100
OUTPUT_LINES = 12  # lines of the student's printed output shown after a crash or a timeout


def _wrap(text: str) -> list[str]:
    """Wrapped and indented, never breaking inside an index such as dA_prev[0, 3, 2, 0] or a window (1, 2)."""
    glued = re.sub(r"\[[^\]]*\]|\([^()]{0,12}\)", lambda m: m.group().replace(" ", "\0"), text)
    lines = textwrap.wrap(glued, WIDTH, initial_indent=" " * 8, subsequent_indent=" " * 10, break_on_hyphens=False)
    return [line.replace("\0", " ") for line in lines]


@dataclass(frozen=True)
class Problem:
    """One function that failed on one case: the words, and the first wrong cell and its link when numbers are wrong."""

    function: str  # "pool_forward" or "pool_backward"; "" for a case that never ran
    message: str
    finding: Finding | None = None
    link: str = ""

    @property
    def text(self) -> str:
        return f"{self.function}: {self.message}" if self.function else self.message


@dataclass(frozen=True)
class CaseResult:
    number: int  # from 1, as printed
    case: Case
    problems: tuple[Problem, ...] = ()
    ran: bool = True  # False: never started (the time ran out, or the process stopped, before it)

    @property
    def passed(self) -> bool:
        return self.ran and not self.problems

    @property
    def title(self) -> str:
        return f"case {self.number} ({self.case.name})"


@dataclass(frozen=True)
class Report:
    file: Path
    cases: tuple[CaseResult, ...] = ()
    total: int = 0  # how many cases there are, even when the file cannot be used and none ran
    problem: str = ""  # why the file cannot be used at all (exit status 2)
    backward: bool = True  # the file has pool_backward, so it was checked too
    output: str = ""  # the end of what the student's code printed, when it crashed or ran out of time
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        """0: every case passed; 1: some failed; 2: the file cannot be used."""
        if self.problem:
            return 2
        return 0 if all(c.passed for c in self.cases) else 1

    @property
    def passed(self) -> int:
        return sum(c.passed for c in self.cases)

    @property
    def first_failure(self) -> CaseResult | None:
        return next((c for c in self.cases if not c.passed), None)

    @property
    def first_problem(self) -> Problem | None:
        first = self.first_failure
        return first.problems[0] if first and first.problems else None

    def summary(self, short: bool = False) -> str:
        """One line: the first failure in words, or why the file cannot be used; "" when every case passed.

        `short` leaves out the case's name (a teacher's terminal has one line per file)."""
        if self.problem:  # without the quoted code and its caret, which need lines of their own
            return " ".join(line for line in self.problem.splitlines() if not line.startswith("    "))
        first, problem = self.first_failure, self.first_problem
        if first is None:
            return ""
        title = f"case {first.number}" if short else first.title
        return f"{title}: {problem.text if problem else 'not run'}"

    def text(self) -> str:
        name = self.file.name
        if self.problem:
            lines = [f"{name} cannot be checked.", ""]
            for line in self.problem.splitlines():  # quoted code (indented) stays as it is
                lines += [line] if line.startswith("    ") else textwrap.wrap(line, WIDTH, break_on_hyphens=False)
            return "\n".join(lines + self._output()) + "\n"
        functions = "pool_forward and pool_backward" if self.backward else "pool_forward only"
        lines = [f"Checking {name}: {functions}, on {self.total} cases.", ""]
        shown: dict[str, int] = {}
        for result in self.cases:
            status = "pass" if result.passed else ("FAIL" if result.ran else "----")
            lines.append(f"  {status}  {result.number:>2}. {result.case.name}")
            for problem in result.problems:
                if problem.text in shown:
                    if problem.function:  # a case not run needs no more words than the first one
                        lines.append(f"        {problem.function}: the same as in case {shown[problem.text]}.")
                    continue
                shown[problem.text] = result.number
                lines += _wrap(problem.text)
                if problem.link:
                    lines.append(f"        See it step by step: {problem.link}")
        lines.append("")
        if not self.backward:
            lines.append(
                "Your file has no pool_backward, so only pool_forward was checked. "
                "Add pool_backward(dA, cache, mode) to check it too."
            )
        first = self.first_failure
        if first is None:
            lines.append(f"All {self.total} cases passed.")
        else:
            lines.append(
                f"{self.passed} of {self.total} cases passed. Start with the first failure: case {first.number}."
            )
        return "\n".join(lines + self._output()) + "\n"

    def _output(self) -> list[str]:
        if not self.output.strip():
            return []
        tail = self.output.rstrip("\n").splitlines()[-OUTPUT_LINES:]
        return ["", "The last lines your code printed:", *(f"    {line[:WIDTH]}" for line in tail)]
