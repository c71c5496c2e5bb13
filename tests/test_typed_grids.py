"""Grids typed by hand in the page (AppTest): every bad cell named and marked, "nan" read as a NaN, a cleared cell
shown empty, and typed values kept when the size changes."""

from __future__ import annotations

import numpy as np

from poolviz import inputs
from poolviz.app.data import FIX_BACKGROUND, cells_to_fix
from tests.apptest_helpers import new_app, no_problems, stage
from tests.test_app import X_of


def _edit(at, key: str, cells: dict[tuple[int, int], object]):
    """The editor `key` as the browser sends it after the student typed `cells` ({(row, col): text})."""
    rows: dict[int, dict[str, object]] = {}
    for (r, c), text in cells.items():
        rows.setdefault(r, {})[str(c)] = text
    at.session_state[key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    return at.run()


def _fix_tables(at) -> list:
    """The read-only tables under the editors (the editors have a key)."""
    return [frame for frame in at.dataframe if frame.key is None]


def _editor(at, key: str):
    return next(frame for frame in at.dataframe if frame.key == key)


def test_every_bad_cell_is_named_and_marked_in_a_table() -> None:
    at = new_app({"source": "grid"})
    bad = {(0, 1): "abc", (2, 3): None, (4, 0): "4,5", (5, 5): "x", (3, 3): "y"}
    _edit(at, "grid_X_6x6", bad)
    assert not at.exception
    [error] = at.error
    text = error.value.replace("\\", "")  # the page escapes Markdown characters
    assert text.startswith("Input X: 5 cells need fixing.")
    for words in ('Row 0, column 1: "abc" is not a number', "Row 2, column 3: empty", "Row 4, column 0: \"4,5\"",
                  'Row 3, column 3: "y" is not a number', 'Row 5, column 5: "x" is not a number'):  # fmt: skip
        assert words in text, words
    assert "more" not in text
    [table] = _fix_tables(at)
    shown = table.value
    marked = {(r, c) for r in range(6) for c in range(6) if str(shown.iat[r, c]).startswith("⚠")}
    assert marked == set(bad)
    assert shown.iat[0, 1] == "⚠ abc" and shown.iat[2, 3] == "⚠"
    assert any("marked ⚠" in c.value for c in at.caption)
    _edit(at, "grid_X_6x6", dict.fromkeys(bad, "1"))  # all fixed: no table of cells to fix
    no_problems(at)
    assert not _fix_tables(at)


def test_the_cells_to_fix_are_coloured_as_well_as_signed() -> None:
    table = [["1", "abc"], [None, "2"]]
    html = cells_to_fix(table, [(0, 1), (1, 0)]).to_html()
    assert html.count(FIX_BACKGROUND) == 1 and "row0_col1" in html and "row1_col0" in html  # one rule, both cells
    assert "row0_col0" not in html.split("</style>")[0]


def test_nan_typed_in_x_is_a_nan() -> None:
    at = new_app({"source": "grid"})
    _edit(at, "grid_X_6x6", {(0, 1): "nan", (3, 2): "NaN"})
    no_problems(at)
    X = X_of(stage(at)["payload"])
    assert np.isnan(X[0, 1]) and np.isnan(X[3, 2]) and np.isnan(X).sum() == 2


def test_nan_typed_in_da_is_refused_with_what_to_do() -> None:
    at = new_app({"grad": "grid"})
    _edit(at, "grid_dA_3x3", {(1, 1): "nan"})
    [error] = at.error
    text = error.value.replace("\\", "")
    assert (
        'Gradient dA: Row 1, column 1: "nan" (not a number) cannot be used here' in text and "Type one number" in text
    )


def test_a_cleared_cell_is_shown_empty_and_the_message_says_what_to_do() -> None:
    at = new_app({"source": "grid"})
    _edit(at, "grid_X_6x6", {(0, 1): None})  # the student cleared it
    [error] = at.error
    assert "Row 0, column 1\\: empty" in error.value and "Type one number in every cell" in error.value
    editor = _editor(at, "grid_X_6x6")
    assert editor.proto.HasField("placeholder") and editor.proto.placeholder == ""  # not "None"
    at.run()  # the next run starts from what is typed: the cleared cell is empty text, not a missing value
    assert _editor(at, "grid_X_6x6").value.iat[0, 1] == ""


def test_typed_values_that_still_fit_are_kept_when_the_size_changes() -> None:
    at = new_app({"source": "grid"})
    _edit(at, "grid_X_6x6", {(0, 1): "7.5", (5, 5): "-2", (2, 2): "nan"})
    no_problems(at)
    at.number_input(key="h").set_value(4).run()
    no_problems(at)
    X = X_of(stage(at)["payload"])
    assert X.shape == (4, 6) and X[0, 1] == 7.5 and np.isnan(X[2, 2])
    assert X[1, 1] == inputs.random_integers((1, 6, 6, 1), 0)[0, 1, 1, 0]  # an untouched cell keeps its value too
    at.number_input(key="w").set_value(8).run()
    X = X_of(stage(at)["payload"])
    assert X.shape == (4, 8) and X[0, 1] == 7.5
    np.testing.assert_array_equal(X[:, 6:], inputs.random_integers((1, 4, 8, 1), 0)[0, :, 6:, 0])  # new cells
    at.number_input(key="h").set_value(6).run()
    X = X_of(stage(at)["payload"])
    assert X[5, 5] == -2  # typed before the grid shrank: back when it grows again
