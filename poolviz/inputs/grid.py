"""Grids typed by hand: read with float() only, never evaluated; each bad cell is named."""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from poolviz.inputs.errors import MAX_ABS_VALUE, InputError

_SHOWN_PROBLEMS = 3  # a grid message names this many bad cells, then says how many more

# ---------------------------------------------------------------- typed-in grids


def _rows_of(rows: Any) -> list[list[Any]]:
    """The cells of a 2-D table (lists, tuples, a NumPy array or a pandas DataFrame) as a list of lists."""
    if rows is None:
        return []
    if hasattr(rows, "to_numpy") and hasattr(rows, "columns"):  # a pandas DataFrame from a data editor
        rows = rows.to_numpy(dtype=object)
    if isinstance(rows, np.ndarray):
        if rows.ndim != 2:
            raise InputError("The numbers must form a table: rows of cells, one below the other.")
        return rows.tolist()
    if isinstance(rows, (str, bytes, Mapping)) or not isinstance(rows, Iterable):
        raise InputError("The numbers must form a table: rows of cells, one below the other.")
    table = []
    for i, row in enumerate(rows):
        if isinstance(row, Mapping):
            row = list(row.values())
        if isinstance(row, (str, bytes)) or not isinstance(row, Iterable):
            raise InputError(f"Row {i} is not a row of cells. Each row needs one number per column.")
        table.append(list(row))
    return table


def _show(cell: Any) -> str:
    """A short, quoted rendering of what a cell holds, for a message."""
    text = " ".join(str(cell).split())
    return f'"{text[:20]}…"' if len(text) > 20 else f'"{text}"'


def _cell_value(cell: Any) -> tuple[float, str | None]:
    """The number in one cell, or (nan, what is wrong with it). Text is read with float() only."""
    if cell is None or type(cell).__name__ in ("NAType", "NaTType"):  # None, pandas' NA: a cleared cell
        return math.nan, "is empty"
    if isinstance(cell, (bool, np.bool_)):
        return math.nan, f"has {_show(cell)}, which is not a number"
    if isinstance(cell, str):
        text = cell.strip().replace("\u2212", "-")  # accept the typographic minus sign
        if not text:
            return math.nan, "is empty"
        try:
            value = float(text)
        except ValueError:
            if "," in text and "." not in text and text.count(",") == 1:
                return math.nan, f"has {_show(cell)}: use a point for decimals, like 4.5"
            return math.nan, f"has {_show(cell)}, which is not a number"
        if math.isnan(value):
            return math.nan, f"has {_show(cell)}, which is not a number"
        if math.isinf(value) and "inf" in text.lower():
            return math.nan, f"has {_show(cell)} (infinity), which cannot be used"
    elif isinstance(cell, numbers.Real) or (isinstance(cell, numbers.Number) and not isinstance(cell, numbers.Complex)):
        try:
            value = float(cell)
        except OverflowError:  # an int too big for a float
            return math.nan, f"has {_show(cell)}, which is too large to show in a cell"
        if math.isnan(value):  # a data editor stores a cleared number cell as NaN
            return math.nan, "is empty"
        if math.isinf(value):
            return math.nan, f"has {_show(cell)} (infinity), which cannot be used"
    else:
        return math.nan, f"has {_show(cell)}, which is not a number"
    if abs(value) > MAX_ABS_VALUE:
        return math.nan, f"has {_show(cell)}, which is too large to show in a cell"
    return value, None


def _grid_message(problems: list[str]) -> str:
    """One message naming the first few bad cells, how many more there are, and what to type."""
    advice = (
        f"Type one number in every cell, such as 4, -1 or 2.5, between -{MAX_ABS_VALUE:,.0f} and {MAX_ABS_VALUE:,.0f}."
    )
    if len(problems) == 1:
        return f"{problems[0][0].upper()}{problems[0][1:]}. {advice}"
    shown = "; ".join(problems[:_SHOWN_PROBLEMS])
    more = len(problems) - _SHOWN_PROBLEMS
    rest = f"; and {more} more cell{'s' if more > 1 else ''}" if more > 0 else ""
    return f"{len(problems)} cells need fixing: {shown}{rest}. {advice}"


def parse_grid(rows: Any) -> np.ndarray:
    """A typed-in table of numbers as a float64 (rows, columns) array; InputError names each bad cell (1-based)."""
    table = _rows_of(rows)
    if not table or not table[0]:
        raise InputError("The grid is empty: it needs at least one row and one column of numbers.")
    width = len(table[0])
    for i, row in enumerate(table):
        if len(row) != width:
            raise InputError(
                f"Row {i} has {len(row)} cell{'s' if len(row) != 1 else ''} but row 0 has {width}. "
                "Every row needs the same number of cells."
            )
    values = np.empty((len(table), width), dtype=np.float64)
    problems = []
    for i, row in enumerate(table):  # rows and columns counted from 0, as the editor and the pictures do
        for j, cell in enumerate(row):
            values[i, j], problem = _cell_value(cell)
            if problem:
                problems.append(f"row {i}, column {j} {problem}")
    if problems:
        raise InputError(_grid_message(problems))
    return values


def grid_rows(array2d: Any) -> list[list[float]]:
    """A 2-D array as rows of Python floats, to pre-fill a grid editor (the inverse of parse_grid)."""
    values = np.asarray(array2d, dtype=np.float64)
    if values.ndim != 2:
        raise ValueError(f"grid_rows needs a 2-D array (rows, columns); got {values.ndim} dimension(s).")
    return values.tolist()
