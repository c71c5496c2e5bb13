"""Grids typed by hand: read with float() only, never evaluated; every bad cell is named."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from poolviz.i18n import _, decimal, ngettext
from poolviz.inputs.errors import MAX_ABS_VALUE, InputError

# ---------------------------------------------------------------- typed-in grids


def _rows_of(rows: Any) -> list[list[Any]]:
    """The cells of a 2-D table (lists, tuples, a NumPy array or a pandas DataFrame) as a list of lists."""
    if rows is None:
        return []
    if hasattr(rows, "to_numpy") and hasattr(rows, "columns"):  # a pandas DataFrame from a data editor
        rows = rows.to_numpy(dtype=object)
    if isinstance(rows, np.ndarray):
        if rows.ndim != 2:
            raise InputError(_("The numbers must form a table: rows of cells, one below the other."))
        return rows.tolist()
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise InputError(_("The numbers must form a table: rows of cells, one below the other."))
    table = []
    for i, row in enumerate(rows):
        if isinstance(row, Mapping):
            row = list(row.values())
        if isinstance(row, (str, bytes)) or not isinstance(row, Iterable):
            raise InputError(_("Row {i} is not a row of cells. Each row needs one number per column.", i=i))
        table.append(list(row))
    return table


def _show(cell: Any) -> str:
    """A short, quoted rendering of what a cell holds, for a message."""
    text = " ".join(str(cell).split())
    return f'"{text[:20]}…"' if len(text) > 20 else f'"{text}"'


def _cell_value(cell: Any, allow_nan: bool = False) -> tuple[float, str | None]:
    """The number in one cell, or (nan, what is wrong with it). Text is read with float() only.

    allow_nan: the text "nan" (any case) is a NaN, as the input X may hold one; an empty cell is never a NaN.
    """
    if cell is None or type(cell).__name__ in ("NAType", "NaTType"):  # None, pandas' NA: a cleared cell
        return math.nan, _("empty")
    if isinstance(cell, (bool, np.bool_)):
        return math.nan, _("{cell} is not a number", cell=_show(cell))
    if isinstance(cell, str):
        text = cell.strip().replace("\u2212", "-")  # accept the typographic minus sign
        if not text:
            return math.nan, _("empty")
        if allow_nan and text.lower() == "nan":
            return math.nan, None
        try:
            value = float(text)
        except ValueError:
            if "," in text and "." not in text and text.count(",") == 1:
                return math.nan, _("{cell}: use a point for decimals, like 4.5", cell=_show(cell))
            return math.nan, _("{cell} is not a number", cell=_show(cell))
        if math.isnan(value):
            return math.nan, _("{cell} (not a number) cannot be used here", cell=_show(cell))
        if math.isinf(value) and "inf" in text.lower():
            return math.nan, _("{cell} (infinity) cannot be used", cell=_show(cell))
    elif isinstance(cell, numbers.Real) or (isinstance(cell, numbers.Number) and not isinstance(cell, numbers.Complex)):
        try:
            value = float(cell)
        except OverflowError:  # an int too big for a float
            return math.nan, _("{cell} is too large to show in a cell", cell=_show(cell))
        if math.isnan(value):  # a data editor stores a cleared number cell as NaN
            return math.nan, _("empty")
        if math.isinf(value):
            return math.nan, _("{cell} (infinity) cannot be used", cell=_show(cell))
    else:
        return math.nan, _("{cell} is not a number", cell=_show(cell))
    if abs(value) > MAX_ABS_VALUE:
        return math.nan, _("{cell} is too large to show in a cell", cell=_show(cell))
    return value, None


def _numbers(values: list[int]) -> str:
    """0, 1, 2, 5 as "0–2, 5": runs of three or more written as a range."""
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 2 else ", ".join(map(str, run)) for run in runs)


def _where(rows: list[int], cols: list[int]) -> str:
    """Rows and columns as a reader would name them: "row 2, column 3", "rows 0–5, columns 1, 4"."""
    row_words = _("row {n}", n=rows[0]) if len(rows) == 1 else _("rows {numbers}", numbers=_numbers(rows))
    col_words = _("column {n}", n=cols[0]) if len(cols) == 1 else _("columns {numbers}", numbers=_numbers(cols))
    return f"{row_words}, {col_words}"


def describe_problems(problems: list[tuple[int, int, str]]) -> list[str]:
    """Every bad cell, compactly: cells with the same problem are named together, row by row, and rows with the
    same columns together ("rows 0–5, column 2: empty"), in reading order."""
    by_problem: dict[str, dict[int, list[int]]] = {}
    for r, c, problem in problems:
        by_problem.setdefault(problem, {}).setdefault(r, []).append(c)
    lines = []
    for problem, rows in by_problem.items():
        groups: list[tuple[list[int], list[int]]] = []  # (rows, their columns)
        for r, cols in rows.items():
            if groups and groups[-1][1] == cols and groups[-1][0][-1] == r - 1:
                groups[-1][0].append(r)
            else:
                groups.append(([r], cols))
        places = "; ".join(_where(group_rows, cols) for group_rows, cols in groups)
        lines.append(f"{places}: {problem}")
    return lines


def _grid_message(problems: list[tuple[int, int, str]]) -> str:
    """One message naming every bad cell and saying what to type."""
    advice = _(
        "Type one number in every cell, such as 4, -1 or 2.5, between -{most} and {most}.",
        most=decimal(MAX_ABS_VALUE, 0),
    )
    said = " ".join(f"{line[0].upper()}{line[1:]}." for line in describe_problems(problems))
    if len(problems) == 1:
        return f"{said} {advice}"
    return _("{count} cells need fixing. {said} {advice}", count=len(problems), said=said, advice=advice)


class GridError(InputError):
    """A typed grid with bad cells; `cells` lists them as (row, column), so the page can mark them."""

    def __init__(self, message: str, cells: list[tuple[int, int]]) -> None:
        super().__init__(message)
        self.cells = cells


def parse_grid(rows: Any, allow_nan: bool = False) -> np.ndarray:
    """A typed-in table of numbers as a float64 (rows, columns) array; GridError names each bad cell.

    allow_nan: the text "nan" is a NaN (the input X may hold one; a gradient may not).
    """
    table = _rows_of(rows)
    if not table or not table[0]:
        raise InputError(_("The grid is empty: it needs at least one row and one column of numbers."))
    width = len(table[0])
    for i, row in enumerate(table):
        if len(row) != width:
            raise InputError(
                ngettext(
                    "Row {i} has {n} cell but row 0 has {width}. Every row needs the same number of cells.",
                    "Row {i} has {n} cells but row 0 has {width}. Every row needs the same number of cells.",
                    len(row),
                    i=i,
                    width=width,
                )
            )
    values = np.empty((len(table), width), dtype=np.float64)
    problems = []
    for i, row in enumerate(table):  # rows and columns counted from 0, as the editor and the pictures do
        for j, cell in enumerate(row):
            values[i, j], problem = _cell_value(cell, allow_nan)
            if problem:
                problems.append((i, j, problem))
    if problems:
        raise GridError(_grid_message(problems), [(i, j) for i, j, _problem in problems])
    return values


def grid_rows(array2d: Any) -> list[list[float]]:
    """A 2-D array as rows of Python floats, to pre-fill a grid editor (the inverse of parse_grid)."""
    values = np.asarray(array2d, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"grid_rows needs a 2-D array (rows, columns); got {values.ndim} dimension(s).")
    return values.tolist()
