"""The framework lens's pictures: X inside its padding with one window's taps, and EpyNN beside the framework.

Each builder draws what `poolviz.lessons.lens.compare` computed; nothing is decided here. Every number is
written by us (a text layer), so NaN reads NaN and the padding reads −∞, +∞ or 0: a heatmap leaves such cells
blank. Numbers are at least 14 px on a laptop and 22 px in presenter mode, or left to the hover when they
would not fit in their cells.
"""

from __future__ import annotations

import numpy as np

from poolviz.figures import grid, style
from poolviz.i18n import _
from poolviz.lessons.lens import Comparison
from poolviz.pooling.geometry import padded_shape
from poolviz.words.lens import NAMES, REASON_TITLES, number, pad_symbol

PADDING_COLOUR = "#d9d9d9"  # a padding cell: grey, written −∞ / +∞ / 0
OVERHANG_COLOUR = "#fbf3e4"  # past the padding (ceil mode): read by no framework
DIFFERENCE_COLOUR = style.WINDOW_COLOUR  # vermillion: a cell where EpyNN and the framework disagree
EDGE_COLOUR = "#333333"
GAP_PX = 40
MIN_FONT = {False: 14, True: 22}  # px: a laptop, presenter mode
CHAR_EM = 0.72  # the widest of our labels' characters (N, −, ∞) in DejaVu Sans, in em
NAN_COLOUR = "#ececec"  # a NaN cell: light grey, written NaN


def font_px(cell: int, present: bool) -> int:
    """The numbers' size in a cell of `cell` px: never under 14 px (22 px presenting)."""
    return int(max(MIN_FONT[present], min(36 if present else 28, cell * 0.4)))


def label_font(labels: list[str], cell: int, present: bool) -> int | None:
    """The size the longest label fits its cell at, at most `font_px`; None under the smallest allowed size
    (the hover tells then)."""
    longest = max((len(t) for t in labels), default=1)
    size = min(font_px(cell, present), int((cell - 6) / (CHAR_EM * longest)))
    return size if size >= MIN_FONT[present] else None


def labels_fit(labels: list[str], cell: int, present: bool) -> bool:
    return label_font(labels, cell, present) is not None


def fit_cell(columns: int, rows: int, panels: int, width_px: int, present: bool) -> int:
    """Cells as large as `panels` grids of `columns` in all side by side allow, not taller than a screen."""
    room = width_px - GAP_PX * (panels - 1) - 52
    tallest = 620 if present else 420
    cap = 110 if present else 64
    return int(max(6, min(cap, room // max(columns, 1), tallest // max(rows, 1))))


def _finite(a: np.ndarray) -> np.ndarray:
    """Values for colour: NaN and ±∞ drawn as blank cells (their labels say what they hold)."""
    return np.where(np.isfinite(a), a, np.nan)


def text_colours(values: np.ndarray, zrange: tuple[float, float], diverging: bool) -> np.ndarray:
    """(rows, cols) of colours: white on the dark end(s) of the colour scale, near-black elsewhere."""
    low, high = zrange
    with np.errstate(invalid="ignore"):
        t = (values - low) / (high - low)  # 0..1 along the scale; NaN for blank cells
    dark = (np.abs(t - 0.5) > 0.32) if diverging else (t > 0.55)
    return np.where(dark & np.isfinite(t), "white", "#111111")


def _text_layer(labels: np.ndarray, size: int, colours: np.ndarray | None = None) -> dict:
    """Every label of a (rows, cols) grid written in its cell ("" for none), in `colours` (default near-black)."""
    r, c = np.nonzero(labels != "")
    colour = "#111111" if colours is None else [str(v) for v in colours[r, c]]
    return {
        "type": "scatter",
        "name": "numbers",
        "x": c.tolist(),
        "y": r.tolist(),
        "mode": "text",
        "text": [str(v) for v in labels[r, c]],
        "textfont": {"size": size, "color": colour},
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _labels(a: np.ndarray) -> np.ndarray:
    """(rows, cols) of str: each value as the page writes numbers (NaN, −∞)."""
    out = np.empty(a.shape, dtype=object)
    for index, v in np.ndenumerate(a):
        out[index] = number(v)
    return out


def _layer(mask: np.ndarray, colour: str, name: str) -> dict:
    """A flat colour over the cells of `mask`, named for what they are (padding, overhang, NaN)."""
    return grid.flat(mask, colour, name)


def _fonts(fig: grid.Figure, present: bool) -> None:
    """Titles and axis numbers readable at the back of the room too."""
    layout = fig["layout"]
    for title in layout["annotations"]:
        title["font"] = {"size": 26 if present else 17}
    for name, axis in layout.items():
        if name.startswith(("xaxis", "yaxis")):
            axis["tickfont"] = {"size": 20 if present else 14}
    layout["font"] = {**style.FONT, "size": 20 if present else 16}


def _grid_panel(
    fig: grid.Figure,
    values: np.ndarray,
    col: int,
    cell: int,
    present: bool,
    scale: object,
    zrange: tuple[float, float],
    label: str,
    hover: np.ndarray,
    write: bool = True,
) -> None:
    """A grid of numbers in subplot `col`: colours (NaN, ±∞ blank), `hover` per cell, the numbers written."""
    labels = _labels(values)
    heat = grid.heatmap(_finite(values), scale=scale, zrange=zrange, fmt="", label=label, show_text=False)
    heat["name"] = label
    heat["text"] = hover.tolist()
    heat["hovertemplate"] = "%{text}<extra></extra>"
    heat["hoverongaps"] = True
    grid.add(fig, heat, col)
    if np.isnan(values).any():  # a blank cell would look like no cell: NaN cells get a fill of their own
        grid.add(fig, _layer(np.isnan(values) & _shown_nan(values, labels), NAN_COLOUR, "NaN"), col)
    if write:
        _write(fig, labels, col, cell, present, text_colours(values, zrange, scale is style.GRADIENT_SCALE))


def _shown_nan(values: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The cells whose label says NaN (not the padding a picture blanks for its own layer)."""
    return labels == "NaN"


def _write(
    fig: grid.Figure, labels: np.ndarray, col: int, cell: int, present: bool, colours: np.ndarray | None = None
) -> None:
    """The numbers in their cells, when they fit at the smallest allowed size (else the hover tells)."""
    size = label_font([str(v) for v in labels.ravel()], cell, present)
    if max(labels.shape) <= style.MAX_TEXT_SIDE and size is not None:
        grid.add(fig, _text_layer(labels, size, colours), col)


# ---- X inside its padding --------------------------------------------------------------------------------


def padded_cells(comp: Comparison) -> tuple[np.ndarray, np.ndarray]:
    """(hp, wp) bool: (padding cells, overhang cells) around X on the grid the windows slide on."""
    d = comp.d
    hp, wp = padded_shape(d)
    rows, cols = np.arange(hp)[:, None], np.arange(wp)[None, :]
    in_x = (
        (rows >= d["pad_top"])
        & (rows < d["pad_top"] + d["h"])
        & (cols >= d["pad_left"])
        & (cols < d["pad_left"] + d["w"])
    )
    padded = (rows < d["h"] + d["pad_top"] + d["pad_bottom"]) & (cols < d["w"] + d["pad_left"] + d["pad_right"])
    return padded & ~in_x, ~padded


def _window_shapes(comp: Comparison, window: tuple[int, int], col: int) -> list[dict]:
    """The window's span (dashed) and each of its taps (solid): a dilated window shows its holes."""
    d = comp.d
    r, c = window
    top, left = r * d["sh"], c * d["sw"]  # in the padded grid
    rows = (d["ph"] - 1) * d["dh"] + 1
    cols = (d["pw"] - 1) * d["dw"] + 1
    span = grid.rect(top, left, rows, cols, col, style.WINDOW_COLOUR, width=3, inset=0.5, name="window span")
    span["line"]["dash"] = "dash"
    taps = [
        grid.rect(top + a * d["dh"], left + b * d["dw"], 1, 1, col, style.WINDOW_COLOUR, width=3, inset=0.4, name="tap")
        for a in range(d["ph"])
        for b in range(d["pw"])
    ]
    return [span, *taps]


def _hanging_shapes(comp: Comparison, col: int) -> list[dict]:
    """Each ceil-mode window that hangs past the padding, dotted."""
    d = comp.d
    shapes = []
    rows = (d["ph"] - 1) * d["dh"] + 1
    cols = (d["pw"] - 1) * d["dw"] + 1
    for r in range(d["oh"]):
        for c in range(d["ow"]):
            below = r * d["sh"] + rows > d["h"] + d["pad_top"] + d["pad_bottom"]
            right = c * d["sw"] + cols > d["w"] + d["pad_left"] + d["pad_right"]
            if below or right:
                shape = grid.rect(r * d["sh"], c * d["sw"], rows, cols, col, "#8a5a00", width=2, inset=0.46)
                shape["name"] = "hanging window"
                shape["line"]["dash"] = "dot"
                shapes.append(shape)
    return shapes


def padding_figure(
    comp: Comparison, window: tuple[int, int], width_px: int = 520, present: bool = False
) -> grid.Figure:
    """X inside its padding as the framework pads it (and, with np.pad's 0, as EpyNN's side is padded), the
    window `window` (row, col) with its taps, and every ceil-mode window that hangs past the padding."""
    s, d = comp.settings, comp.d
    sides = [("other", comp.other.Xp)] + ([("epynn", comp.epynn.Xp)] if s.zero else [])
    hp, wp = comp.other.Xp.shape
    cell = fit_cell(wp * len(sides), hp, len(sides), width_px, present)
    padding, overhang = padded_cells(comp)
    titles = [
        _("EpyNN: X padded with 0 (np.pad)")
        if side == "epynn"
        else (
            _("{name}: X padded with {symbol}", name=NAMES[s.framework], symbol=pad_symbol(s.pool))
            + ("" if s.zero else "<br>" + _("(EpyNN too)"))
        )
        for side, _xp in sides
    ]
    fig = grid.panels([(wp, hp)] * len(sides), titles, cell, gap_px=GAP_PX)
    zrange = style.value_range(comp.X)
    shapes = []
    for n, (side, Xp) in enumerate(sides, start=1):
        labels = _labels(Xp)
        labels[overhang] = ""
        hover = np.empty(Xp.shape, dtype=object)
        for (r, c), text in np.ndenumerate(labels):
            where = _("row {r}, col {c}", r=r - d["pad_top"], c=c - d["pad_left"])
            kind = (
                _("past the padding: read by no framework")
                if overhang[r, c]
                else (_("padding ") if padding[r, c] else "")
            )
            hover[r, c] = f"{where}: {kind}{text}"
        z = np.where(padding | overhang, np.nan, _finite(Xp))
        label = "X, EpyNN" if side == "epynn" else f"X, {NAMES[s.framework]}"
        _grid_panel(fig, z, n, cell, present, style.VALUES_SCALE, zrange, label, hover, write=False)
        grid.add(fig, _layer(padding, PADDING_COLOUR, "padding"), n)
        if overhang.any():
            grid.add(fig, _layer(overhang, OVERHANG_COLOUR, "overhang"), n)
        _write(fig, labels, n, cell, present, text_colours(z, zrange, diverging=False))
        border = grid.rect(d["pad_top"], d["pad_left"], d["h"], d["w"], n, EDGE_COLOUR, width=2, inset=0.5, name="X")
        shapes += [border, *_hanging_shapes(comp, n), *_window_shapes(comp, window, n)]
        s_ = "" if n == 1 else str(n)
        for axis, count, before in ((f"xaxis{s_}", wp, d["pad_left"]), (f"yaxis{s_}", hp, d["pad_top"])):
            ticks = list(range(count))
            fig["layout"][axis]["tickvals"] = ticks
            fig["layout"][axis]["ticktext"] = [number(t - before) for t in ticks]  # X's own row and column numbers
    fig["layout"]["shapes"] = shapes
    _fonts(fig, present)
    return fig


# ---- EpyNN beside the framework ---------------------------------------------------------------------------


def difference_figure(comp: Comparison, which: str, width_px: int = 900, present: bool = False) -> grid.Figure:
    """Z (`which`="Z") or dX ("dX") of EpyNN beside the framework's, every cell where they differ outlined in both.

    The hover of an outlined cell names the reason (`REASON_TITLES`).
    """
    s = comp.settings
    if which == "Z":
        a, b, found = comp.epynn.Z, comp.other.Z, {cell: (r,) for cell, r in comp.z_cells.items()}
        scale, zrange = style.VALUES_SCALE, style.value_range(comp.X)
    else:
        a, b, found = comp.epynn.dX, comp.other.dX, comp.dx_cells
        scale, zrange = style.GRADIENT_SCALE, style.gradient_range(comp.epynn.dX, comp.other.dX)
    rows, cols = a.shape
    cell = fit_cell(2 * cols, rows, 2, width_px, present)
    fw = NAMES[s.framework]
    titles = [f"{which}, EpyNN", f"{which}, {fw}"]
    fig = grid.panels([(cols, rows)] * 2, titles, cell, gap_px=GAP_PX)
    shapes = []
    for n, (who, values) in enumerate((("EpyNN", a), (fw, b)), start=1):
        hover = np.empty(values.shape, dtype=object)
        for (r, c), text in np.ndenumerate(_labels(values)):
            why = ", ".join(_(REASON_TITLES[x]).lower() for x in found.get((r, c), ()))
            hover[r, c] = f"{which}[{r}, {c}], {who}: {text}" + ("<br>" + _("differs: {why}", why=why) if why else "")
        _grid_panel(fig, values, n, cell, present, scale, zrange, f"{which}, {who}", hover)
        for r, c in sorted(found):
            shapes.append(grid.rect(r, c, 1, 1, n, DIFFERENCE_COLOUR, width=4, inset=0.44, name="difference"))
    fig["layout"]["shapes"] = shapes
    fig["layout"]["hovermode"] = "closest"
    _fonts(fig, present)
    return fig
