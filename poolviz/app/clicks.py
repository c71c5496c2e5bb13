"""Reading a chart's selection event: which cell of its click layer was clicked."""

from __future__ import annotations


def clicked_cell(event: object) -> tuple[int, int] | None:
    """The (row, col) of the cell a chart selection event points at (its click layer's customdata), if any."""
    try:
        data = event["selection"]["points"][0]["customdata"]  # type: ignore[index]
        return int(data["0"]), int(data["1"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None
