"""A chart's text alternative (figures/alt.py) and its outlines' halo (grid.edged), from real figures and the page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import plotly.graph_objects as go

from poolviz import palette
from poolviz.figures import alt, forward, grid, style
from poolviz.figures.race import times_figure
from poolviz.inputs import random_integers
from poolviz.lessons import race
from poolviz.trace import record
from tests.apptest_helpers import new_app, no_problems


class _Tables(HTMLParser):
    """The tables of an HTML text as {caption: rows of cell texts}; fails on any element but the table's own."""

    ALLOWED = frozenset({"div", "table", "caption", "thead", "tbody", "tr", "th", "td"})

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption = ""
        self._in: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        assert tag in self.ALLOWED, tag
        if tag == "table":
            self._caption = ""
        elif tag == "tr":
            self.tables.setdefault(self._caption, []).append([])
        if tag in ("caption", "th", "td"):
            self._in, self._text = tag, ""

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._caption = self._text
            self.tables[self._caption] = []
        elif tag in ("th", "td"):
            self.tables[self._caption][-1].append(self._text)
        if tag == self._in:
            self._in = None


def parse(html_text: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html_text)
    return parser.tables


def test_a_pooling_figure_gives_one_table_per_grid_with_its_numbers() -> None:
    trace = record(random_integers((1, 6, 6, 1), 0), (2, 2), None, "max")
    fig = forward.pooling_figure(trace, 0, 0, 4)
    tables = parse(alt.alt_html(fig, "pv-sr-only"))
    X = trace.X[0, :, :, 0]
    [x_caption] = [c for c in tables if c.startswith("X")]
    rows = tables[x_caption]
    assert rows[0] == ["", *(f"column {c}" for c in range(6))]
    assert rows[1:] == [[f"row {r}", *(alt.number(v) for v in X[r])] for r in range(6)]
    z_rows = next(t for c, t in tables.items() if c.startswith("Z"))[1:]
    shown = np.array([[float(v) if v != "NaN" else np.nan for v in row[1:]] for row in z_rows])
    Z = trace.Z[0, :, :, 0]
    assert np.array_equal(shown.ravel()[:5], Z.ravel()[:5])  # windows 0..4 are done at k = 4
    assert np.isnan(shown.ravel()[5:]).all()  # the rest are not computed yet


def test_a_title_a_user_could_write_is_escaped_and_help_layers_have_no_table() -> None:
    fig = grid.panels([(2, 2)], ["<b>X</b> & <script>alert(1)</script>"], cell=40)
    grid.add(fig, grid.heatmap(np.array([[1.0, 2.5], [np.nan, -0.0]]), scale=style.VALUES_SCALE,
                               zrange=(0, 3), fmt="%{z}", label="X"), 1)  # fmt: skip
    grid.add(fig, grid.click_layer(2, 2, 40, "X"), 1)
    grid.add_unread(fig, np.array([[1, 0], [1, 1]]), 1)
    text = alt.alt_html(fig, "pv-sr-only")
    assert "<script>" not in text and "&lt;script&gt;" in text
    tables = parse(text)
    assert list(tables) == ["<b>X</b> & <script>alert(1)</script>"]  # one table: no click layer, no grey layer
    assert tables["<b>X</b> & <script>alert(1)</script>"][1:] == [["row 0", "1", "2.50"], ["row 1", "NaN", "0"]]
    assert alt.alt_html({"data": [], "layout": {}}, "pv-sr-only") == ""


def test_grids_in_rows_keep_their_own_titles() -> None:
    fig = grid.panels([(2, 2)] * 4, ["A", "B", "C", "D"], cell=40, per_row=2)  # C sits under A, D under B
    for n, value in enumerate((1.0, 2.0, 3.0, 4.0), start=1):
        z = np.full((2, 2), value)
        grid.add(fig, grid.heatmap(z, scale=style.VALUES_SCALE, zrange=(0, 5), fmt="%{z}", label="v"), n)
    tables = parse(alt.alt_html(fig, "pv-sr-only"))
    assert {caption: rows[1][1] for caption, rows in tables.items()} == {"A": "1", "B": "2", "C": "3", "D": "4"}


def test_bars_become_a_table_of_their_values() -> None:
    X = random_integers((1, 6, 6, 1), 0)
    result = race.race(X, np.ones((1, 3, 3, 1)), (2, 2), (2, 2), "max")
    fig = times_figure(result)
    tables = alt.tables(fig)
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert len(tables) == len(bars) >= 1
    for table, bar in zip(tables, bars, strict=True):
        assert len(table.rows) == len(bar["x"])


def test_edged_outlines_are_a_dark_line_over_a_white_halo_in_the_layout_and_every_frame() -> None:
    trace = record(random_integers((1, 6, 6, 1), 0), (2, 2), None, "max")
    fig = forward.pooling_figure(trace, 0, 0, 4)
    before = [dict(s) for s in fig["layout"]["shapes"]]
    drawn = grid.edged(fig)
    assert fig["layout"]["shapes"] == before  # the builder's figure is left as it was
    for shapes in [drawn["layout"]["shapes"], *(f["layout"]["shapes"] for f in drawn.get("frames", []))]:
        outlines = [s for s in shapes if s.get("name") != grid.HALO]
        halos = [s for s in shapes if s.get("name") == grid.HALO]
        assert len(halos) == len(outlines) >= 1
        for halo, line in zip(shapes[0::2], shapes[1::2], strict=True):  # each halo right under its line
            assert halo["name"] == grid.HALO and halo["line"]["color"] == palette.HALO
            assert halo["line"]["width"] == line["line"]["width"] + 2 * grid.HALO_PX
            assert (halo["x0"], halo["y0"], halo["x1"], halo["y1"]) == (line["x0"], line["y0"], line["x1"], line["y1"])
            assert line["line"]["color"] in (palette.WINDOW_EDGE, palette.PICKED_EDGE)
    go.Figure(drawn)  # still a valid figure


def test_the_page_puts_each_charts_numbers_beside_it() -> None:
    at = new_app({"view": "ties"})
    no_problems(at)
    blocks = [h.proto.body for h in at.get("html") if 'data-testid="chart-alt"' in h.proto.body]
    assert len(blocks) == 1
    assert re.search(r'class="pv-sr-only"', blocks[0])
    tables = parse(blocks[0])
    X = random_integers((1, 6, 6, 1), 0)[0, :, :, 0]
    x_rows = next(t for c, t in tables.items() if c.startswith("X"))[1:]
    assert x_rows == [[f"row {r}", *(alt.number(v) for v in X[r])] for r in range(6)]
