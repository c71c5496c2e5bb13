"""A round's results from its answers, anonymous: the heat layer, the shift between two rounds, the CSV.

Pure functions of plain data (answer keys are canonical JSON, see checks.answer); the store reads, these count.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter

from poolviz.classroom.checks import is_right


def heat(counts: dict[str, int]) -> list[list[int]]:
    """[[row, col, n], ...]: how many students' answers hold each cell (an answer of 3 cells counts in 3 cells)."""
    cells: Counter[tuple[int, int]] = Counter()
    for key, n in counts.items():
        value = json.loads(key)
        if isinstance(value, list) and all(isinstance(cell, list) for cell in value):
            for row, col in value:
                cells[row, col] += n
    return [[row, col, n] for (row, col), n in sorted(cells.items())]


def _share(answers: dict[str, str], kind: str, right: str | None) -> float | None:
    if right is None or not answers:
        return None
    return sum(bool(is_right(kind, key, right)) for key in answers.values()) / len(answers)


def shift(kind: str, right: str | None, first: dict[str, str], second: dict[str, str]) -> dict:
    """How the class moved from the first round to the second ("talk to your neighbour, answer again").

    first, second: {student: answer key}. Only counts leave this function: which answers moved to which
    (students who answered both rounds), and the share right in each round among those who answered it.
    """
    both = sorted(set(first) & set(second))
    moves = Counter((first[s], second[s]) for s in both)
    out = {
        "answered": [len(first), len(second)],
        "both": len(both),
        "changed": sum(n for (a, b), n in moves.items() if a != b),
        "moves": [
            {"from": a, "to": b, "students": n}
            for (a, b), n in sorted(moves.items(), key=lambda item: (-item[1], item[0]))
        ],
        "right_before": _share(first, kind, right),
        "right_after": _share(second, kind, right),
        "wrong_to_right": None,
        "right_to_wrong": None,
        "right_to_right": None,
        "wrong_to_wrong": None,
    }
    if right is not None:
        tally: Counter[str] = Counter()
        for (a, b), n in moves.items():
            before, after = is_right(kind, a, right), is_right(kind, b, right)
            tally[f"{'right' if before else 'wrong'}_to_{'right' if after else 'wrong'}"] += n
        out.update(
            {name: tally[name] for name in ("wrong_to_right", "right_to_wrong", "right_to_right", "wrong_to_wrong")}
        )
    return out


CSV_COLUMNS = ["round", "again_of", "kind", "answer", "students", "share", "right"]


def round_csv(rnd: int, again: int | None, kind: str, right: str | None, counts: dict[str, int]) -> str:
    """One row per distinct answer (most given first), never a student id or nickname: anonymous by design."""
    total = sum(counts.values())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        verdict = is_right(kind, key, right)
        writer.writerow(
            [
                rnd,
                "" if again is None else again,
                kind,
                key,
                n,
                f"{n / total:.3f}",
                {None: "", True: "yes", False: "no"}[verdict],
            ]
        )
    return out.getvalue()
