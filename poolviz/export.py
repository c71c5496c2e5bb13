"""Export for slides: the walkthrough as one offline web page, as an animated GIF, a figure as a PNG. No Streamlit.

- `walkthrough_html`: every spec step with its heading, plain explanation, code lines and Plotly figure; the
  animations (forward 2 and 4, backward 9hw) keep their ▶ Play button and slider. Plotly's JavaScript is written
  into the file once, so it plays from file:// without the internet.
- `walkthrough_gif`: Pillow only; the grids are drawn here, cell by cell: Z filling window by window (forward 4),
  then dX collecting the gradient window by window (backward 9hw).
- `figure_png`: one figure through kaleido, which needs a Chromium or Chrome on the machine (`png_available`).
"""

from __future__ import annotations

import html
import importlib.util
import io
import math
import textwrap
from collections.abc import Callable
from copy import deepcopy
from functools import lru_cache
from pathlib import Path

import numpy as np
import plotly.io as pio
from PIL import Image, ImageDraw, ImageFont

from poolviz import narration, spec_steps
from poolviz.figures import backward, diagrams, forward, style
from poolviz.figures.grid import Figure
from poolviz.trace import Trace
from poolviz.walkthrough import PER_WINDOW, Moment

POOL_NAMES = {"max": "max pooling", "min": "min pooling", "avg": "average pooling"}
HTML_WIDTH_PX = 720  # figure width in the web page

# ---- which figure(s) a step shows ----------------------------------------------------------


def moment_figures(trace: Trace, moment: Moment, i: int, c: int, width_px: int = 560) -> list[tuple[str, Figure]]:
    """The figure(s) the walkthrough shows at `moment` (the same choice as the page), each with a plain name."""
    k, step, w = moment.window, moment.step, width_px
    if moment.phase == "forward":
        if step == "1":
            return [("the input X", forward.input_figure(trace, i, c, w))]
        if step == "2":
            return [("X and the blocks", forward.slicing_figure(trace, i, c, k, w))]
        if step == "3":
            return [("the moveaxis diagram", diagrams.moveaxis_figure(trace.d))]
        return [("X and Z", forward.pooling_figure(trace, i, c, k, w))]
    if step == "1":
        return [("Z and dA", backward.gradient_figure(trace, i, c, w))]
    if step == "2":
        return [
            ("the expand_dims diagram", diagrams.expand_dims_figure(trace.d)),
            ("Z and dA", backward.gradient_figure(trace, i, c, w)),
        ]
    if step == "3":
        return [("dX zeros and the coverage", backward.zeros_figure(trace, i, c, w))]
    return [
        ("the window's arrays", backward.window_figure(trace, i, c, k, step, w)),
        ("X and dX", backward.accumulate_figure(trace, i, c, k, step, w)),
    ]


def for_file(spec: Figure, still: bool = False) -> Figure:
    """A copy of a page figure for a file: no click layer (nothing to click in a file), compact numbers;
    `still` drops the animation."""
    fig = deepcopy(spec)
    fig["data"] = [t for t in fig["data"] if not _is_click_layer(t)]
    for trace in [*fig["data"], *(t for frame in fig.get("frames", []) for t in frame["data"])]:
        if "z" in trace:
            trace["z"] = _compact(trace["z"])
    for note in fig["layout"].get("annotations", []):
        note["text"] = str(note.get("text", "")).replace(" (click a cell)", "")
    if still and fig.get("frames"):
        layout = fig["layout"]
        extra = layout["margin"]["b"] - 24  # the room grid.animate made under the grids for Play and the slider
        layout["height"] -= max(extra, 0)
        layout["margin"]["b"] -= max(extra, 0)
        for key in ("updatemenus", "sliders"):
            layout.pop(key, None)
        fig.pop("frames")
    return fig


def _compact(z: object) -> object:
    """Numbers with few decimals as plain lists (NaN → null): 2-4× smaller in a file than Plotly's base64 float64."""
    if not isinstance(z, np.ndarray) or z.ndim != 2:
        return z
    a = z.astype(float)
    known = a[~np.isnan(a)]
    if not np.all(np.isfinite(known)) or np.any(np.abs(known) >= 2**31):
        return z
    for decimals in range(4):
        if np.all(np.round(known, decimals) == known):
            plain = int if decimals == 0 else float
            return [[None if math.isnan(v) else plain(v) for v in row] for row in a.tolist()]
    return z


def _is_click_layer(trace: dict) -> bool:
    return trace.get("type") == "scatter" and trace.get("marker", {}).get("opacity", 1) <= 0.05


# ---- the standalone web page ---------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
h2 { margin-top: 2em; border-bottom: 2px solid #D55E00; padding-bottom: 0.2em; }
h3 { margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.8em 0; }
td { padding: 0.2em 0.8em 0.2em 0; vertical-align: top; }
td:first-child { font-weight: bold; white-space: nowrap; }
pre { background: #f6f6f6; padding: 0.6em 0.8em; border-left: 3px solid #4a6fa5; overflow-x: auto;
      font-size: 0.9em; }
.hint { color: #555; font-style: italic; }
.figure { margin: 0.8em 0 1.6em 0; }
"""


def settings_line(trace: Trace, i: int, c: int) -> str:
    """One line naming the settings, e.g. 'max pooling, pool 2×2, strides 2×2, X (1, 6, 6, 1), sample 0, channel 0'."""
    d = trace.d
    return (
        f"{POOL_NAMES[trace.pool]}, pool {d['ph']}×{d['pw']}, strides {d['sh']}×{d['sw']}, "
        f"X ({d['m']}, {d['h']}, {d['w']}, {d['d']}) → Z ({d['m']}, {d['oh']}, {d['ow']}, {d['d']}), "
        f"sample {i}, channel {c}"
    )


def _code(moment: Moment) -> str:
    step = narration.spec_step(moment)
    code = spec_steps.FORWARD_CODE if moment.phase == "forward" else spec_steps.BACKWARD_CODE
    first, last = step.lines
    return textwrap.dedent("\n".join(code.splitlines()[first - 1 : last]))


def _figure_html(spec: Figure, include_js: bool, still: bool = False) -> str:
    # A plain dict, not validated again: the builders' output is validated by their own tests (and a
    # go.Figure would cost ~0.15 s per animated figure).
    return pio.to_html(
        for_file(spec, still=still),
        validate=False,
        include_plotlyjs=include_js,
        full_html=False,
        auto_play=False,
        config={"displaylogo": False, "responsive": False},
    )


def example_window(trace: Trace, i: int, c: int) -> int:
    """The window the page shows for backward (4hw)-(8hw): the first with a tie, else the first."""
    if trace.pool != "avg":
        for k, win in enumerate(trace.windows):
            if win.mask[i, :, :, c].sum() > 1:
                return k
    return 0


MAX_HTML_BYTES = 6_000_000


def walkthrough_html(trace: Trace, i: int, c: int, max_bytes: int = MAX_HTML_BYTES) -> bytes:
    """The whole walkthrough as one standalone web page (UTF-8) that plays offline, Plotly's JavaScript inside.

    Animations whose frames would take the file over `max_bytes` become still pictures, largest first.
    """
    d = trace.d
    w = HTML_WIDTH_PX
    blocks: list[str | Figure] = []  # HTML text, or a figure to place there
    moving: set[int] = set()  # the blocks of the figures the page animates (forward 2 and 4, backward 9hw)

    def section(moment: Moment, *specs: Figure) -> None:
        step = narration.spec_step(moment)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in narration.explain(trace, moment, i, c))
        blocks.append(
            f"<section><h3>{html.escape(f'({step.number}) {step.title}')}</h3>{paragraphs}"
            f"<pre>{html.escape(_code(moment))}</pre>"
        )
        if (moment.phase == "forward" and moment.step in ("2", "4")) or moment.step == "9hw":
            moving.add(len(blocks))
        blocks.extend(specs)
        blocks.append("</section>")

    k_ex = example_window(trace, i, c)
    win = trace.windows[k_ex]
    tie = " (the first window with a tie)" if trace.pool != "avg" and win.mask[i, :, :, c].sum() > 1 else ""
    blocks.append("<h2>Forward pass</h2>")
    section(Moment("forward", "1"), forward.input_figure(trace, i, c, w))
    section(Moment("forward", "2"), forward.slicing_figure(trace, i, c, 0, w))
    section(Moment("forward", "3"), diagrams.moveaxis_figure(d))
    section(Moment("forward", "4"), forward.pooling_figure(trace, i, c, 0, w))
    blocks.append("<h2>Backward pass</h2>")
    section(Moment("backward", "1"), backward.gradient_figure(trace, i, c, w))
    section(Moment("backward", "2"), diagrams.expand_dims_figure(d))
    section(Moment("backward", "3"), backward.zeros_figure(trace, i, c, w))
    blocks.append(f"<p>Steps (4hw) to (8hw) run for every window; here for window (oh={win.oh}, ow={win.ow}){tie}.</p>")
    for step in PER_WINDOW["backward"][:-1]:
        section(Moment("backward", step, k_ex), backward.window_figure(trace, i, c, k_ex, step, w))
    section(Moment("backward", "9hw"), backward.accumulate_figure(trace, i, c, 0, "9hw", w))
    total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
    blocks.append(f"<p><b>All windows done.</b> sum(dA) = {total_dA:g}, sum(dX) = {total_dX:g}.</p>")

    figures = [n for n, b in enumerate(blocks) if isinstance(b, dict)]
    rendered = {n: _figure_html(blocks[n], include_js=n == figures[0]) for n in figures}
    still: set[int] = set()
    shapes = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in narration.shapes_table(trace)
    )
    title = f"Pooling, step by step: {POOL_NAMES[trace.pool]} {d['ph']}×{d['pw']}, strides {d['sh']}×{d['sw']}"
    head = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>EpyNN's Pooling layer, step by step, exactly as its documentation writes it. Made with poolviz.</p>
<p><b>Settings:</b> {html.escape(settings_line(trace, i, c))}.</p>
<table>{shapes}</table>
<p class="hint">This file works without the internet: open it in any web browser.</p>
"""
    fixed = len(head.encode()) + sum(len(b.encode()) for b in blocks if isinstance(b, str)) + 1000
    animated = [n for n in figures if blocks[n].get("frames")]
    while fixed + sum(len(r.encode()) for r in rendered.values()) > max_bytes and len(still) < len(animated):
        largest = max((n for n in animated if n not in still), key=lambda n: len(rendered[n]))
        rendered[largest] = _figure_html(blocks[largest], include_js=largest == figures[0], still=True)
        still.add(largest)

    def hint(n: int) -> str:
        if n in still:
            return (
                "<p class='hint'>To keep this file small, this picture shows the first window only; "
                "the app animates it.</p>"
            )
        if blocks[n].get("frames"):
            return "<p class='hint'>Press ▶ Play under the picture, or drag its slider, to move the window.</p>"
        if n in moving and trace.n_windows > style.MAX_FRAMES:
            return (
                f"<p class='hint'>This input has {trace.n_windows} windows, too many to animate: "
                "the picture shows the first window.</p>"
            )
        return ""

    body = "".join(
        b if isinstance(b, str) else f'<div class="figure">{rendered[n]}</div>{hint(n)}' for n, b in enumerate(blocks)
    )
    return (head + body + "\n</body>\n</html>\n").encode("utf-8")


# ---- the animated GIF --------------------------------------------------------------------------------------

GIF_WIDTH = 1000
GIF_MAX_FRAMES = 60
GIF_STEP_MS = 700  # one window
GIF_PAUSE_MS = 1800  # the title frames and the end of each pass
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_INK, _GRID, _BLANK = (34, 34, 34), (200, 200, 200), (255, 255, 255)
_NAN_FILL, _UNREAD = (225, 225, 225), (120, 120, 120)
_MARGIN, _GAP, _CAPTION_H, _TITLE_H, _FOOTER_H = 24, 48, 86, 34, 34


@lru_cache(maxsize=16)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """DejaVu Sans when installed (fonts-dejavu-core), else Pillow's built-in font at that size."""
    path = _FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    try:
        return ImageFont.truetype(str(path), size)
    except OSError:
        return ImageFont.load_default(size=size)


def _fitting(
    draw: ImageDraw.ImageDraw, text: str, size: int, room: float, bold: bool = False
) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """The font at `size`, or smaller (down to 12 px) until the line fits in `room` pixels."""
    while size > 12 and draw.textlength(text, font=_font(size, bold)) > room:
        size -= 1
    return _font(size, bold)


def _rgb(colour: str) -> tuple[float, float, float]:
    """'#rrggbb' or 'rgb(r, g, b)' → (r, g, b)."""
    colour = colour.strip()
    if colour.startswith("#"):
        return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)
    r, g, b = (float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return r, g, b


def _colour_map(scale: list, low: float, high: float) -> Callable[[np.ndarray], np.ndarray]:
    """values (rows, cols) → RGB (rows, cols, 3) along a Plotly colour scale, as the web figures colour them."""
    stops = np.array([float(p) for p, _ in scale])
    rgb = np.array([_rgb(col) for _, col in scale])

    def colour(z: np.ndarray) -> np.ndarray:
        t = np.full(z.shape, 0.5) if high <= low else np.clip((z - low) / (high - low), 0.0, 1.0)
        out = np.stack([np.interp(t, stops, rgb[:, n]) for n in range(3)], axis=-1)
        out[np.isnan(z)] = _NAN_FILL
        return out

    return colour


def _number(value: float, whole: bool) -> str:
    if math.isnan(value):
        return "NaN"
    return f"{value:.0f}" if whole else f"{value:.2f}"


def _cells(hs: int, he: int, ws: int, we: int) -> str:
    """'rows 2–3, columns 0–1' (inclusive, as the narration says it)."""
    return f"rows {hs}–{he - 1}, columns {ws}–{we - 1}"


class _Panel:
    """One grid drawn at (x, y) with square cells of `cell` px: colours with NumPy, numbers with ImageDraw."""

    def __init__(self, title: str, rows: int, cols: int, x: int, y: int, cell: int) -> None:
        self.title, self.rows, self.cols, self.x, self.y, self.cell = title, rows, cols, x, y, cell

    def box(self, r: int, c: int, rows: int = 1, cols: int = 1) -> tuple[int, int, int, int]:
        x0, y0 = self.x + c * self.cell, self.y + r * self.cell
        return x0, y0, x0 + cols * self.cell, y0 + rows * self.cell

    def draw(
        self,
        img: Image.Image,
        z: np.ndarray,
        colour: Callable[[np.ndarray], np.ndarray],
        whole: bool,
        *,
        title: str | None = None,
        blank: np.ndarray | None = None,
        grey: np.ndarray | None = None,
    ) -> None:
        """The cells, each value written in when the cell is big enough to read it.

        `blank`: cells not computed yet (white, no number); `grey`: cells no window reads (greyed out).
        """
        cell, draw = self.cell, ImageDraw.Draw(img)
        rgb = colour(z)
        if grey is not None:
            rgb[grey] = rgb[grey] * 0.45 + np.array(_UNREAD) * 0.55
        if blank is not None:
            rgb[blank] = _BLANK
        block = np.repeat(np.repeat(np.rint(rgb).astype(np.uint8), cell, axis=0), cell, axis=1)
        if cell >= 6:  # a 1 px line around every cell
            for start in (0, cell - 1):
                block[start::cell, :] = _GRID
                block[:, start::cell] = _GRID
        img.paste(Image.fromarray(block, "RGB"), (self.x, self.y))
        draw.text((self.x, self.y - 8), title or self.title, font=_font(20, bold=True), fill=_INK, anchor="ls")
        if cell < 22:  # too small to read a number: the colours tell it
            return
        font = _font(max(10, min(30, int(cell * 0.4))))
        dark = (rgb @ np.array([0.299, 0.587, 0.114])) < 140
        for r in range(self.rows):
            for c in range(self.cols):
                if blank is not None and blank[r, c]:
                    continue
                x0, y0, x1, y1 = self.box(r, c)
                ink = _BLANK if dark[r, c] else _INK
                draw.text(
                    ((x0 + x1) / 2, (y0 + y1) / 2), _number(float(z[r, c]), whole), font=font, fill=ink, anchor="mm"
                )

    def outline(self, img: Image.Image, r: int, c: int, rows: int, cols: int, colour: str, inset: int = 0) -> None:
        x0, y0, x1, y1 = self.box(r, c, rows, cols)
        width = max(1, min(5, self.cell // 10 if self.cell >= 20 else 2, self.cell // 2))
        inset = min(inset, max(0, (self.cell - 2) // 2 - 1))
        box = (x0 + inset, y0 + inset, x1 - 1 - inset, y1 - 1 - inset)
        ImageDraw.Draw(img).rectangle(box, outline=colour, width=width)


def gif_windows(n_windows: int, max_frames: int = GIF_MAX_FRAMES) -> list[int]:
    """The windows the GIF draws in each pass: all, or evenly spaced ones (always the last) to stay in max_frames.

    Three frames are not windows: the two titles and the end.
    """
    most = max(1, (max_frames - 3) // 2)
    if n_windows <= most:
        return list(range(n_windows))
    return sorted({int(v) for v in np.rint(np.linspace(0, n_windows - 1, most))})


def gif_frame_count(n_windows: int, max_frames: int = GIF_MAX_FRAMES) -> int:
    return 3 + 2 * len(gif_windows(n_windows, max_frames))


def walkthrough_gif(trace: Trace, i: int, c: int, max_frames: int = GIF_MAX_FRAMES, width: int = GIF_WIDTH) -> bytes:
    """An animated GIF: forward (4) fills Z window by window, then backward (9hw) adds up dX window by window.

    At most `max_frames` frames: big inputs show evenly spaced windows (the caption says which).
    """
    d = trace.d
    X = trace.X[i, :, :, c].astype(float)
    Z = trace.Z[i, :, :, c].astype(float)
    dA = trace.dA[i, :, :, c].astype(float)
    ks = gif_windows(trace.n_windows, max_frames)

    # One cell size for both passes, so every frame has the same size: the backward row is X | dA | dX.
    cols = 2 * d["w"] + d["ow"]
    cell = int(max(4, min(90, (width - 2 * _MARGIN - 2 * _GAP) / cols, 520 / max(d["h"], d["oh"]))))
    height = _CAPTION_H + _TITLE_H + d["h"] * cell + _FOOTER_H + _MARGIN
    top = _CAPTION_H + _TITLE_H
    x_mid = _MARGIN + d["w"] * cell + _GAP
    x_panel = _Panel(f"X[{i}, :, :, {c}]", d["h"], d["w"], _MARGIN, top, cell)
    z_panel = _Panel(f"Z ({d['oh']}×{d['ow']})", d["oh"], d["ow"], x_mid, top, cell)
    da_panel = _Panel("dA", d["oh"], d["ow"], x_mid, top, cell)
    dx_panel = _Panel("dX", d["h"], d["w"], x_mid + d["ow"] * cell + _GAP, top, cell)

    values = _colour_map(style.VALUES_SCALE, *style.value_range(trace.X))
    grads = _colour_map(style.GRADIENT_SCALE, *style.gradient_range(trace.dA, trace.dX))
    whole_values = style.number_format(trace.X, trace.Z) == "%{z:.0f}"
    whole_grads = style.number_format(trace.dA, trace.dX) == "%{z:.0f}"
    unread = trace.coverage == 0
    footer = "poolviz · " + settings_line(trace, i, c)
    word = narration.POOL_WORDS[trace.pool]

    def picked(k: int) -> list[tuple[int, int]]:
        if trace.pool == "avg":
            return []
        win = trace.windows[k]
        return [(win.hs + a, win.ws + b) for a, b in zip(*np.nonzero(win.mask[i, :, :, c]), strict=True)]

    def canvas(caption: str, detail: str, k: int | None) -> Image.Image:
        """A frame with its caption, the footer, and X with window k and its picked cell(s)."""
        img = Image.new("RGB", (width, height), _BLANK)
        draw = ImageDraw.Draw(img)
        room = width - 2 * _MARGIN
        draw.text((_MARGIN, 16), caption, font=_fitting(draw, caption, 26, room, bold=True), fill=_INK)
        draw.text((_MARGIN, 52), detail, font=_fitting(draw, detail, 19, room), fill=(70, 70, 70))
        draw.text((_MARGIN, height - _MARGIN), footer, font=_font(15), fill=(110, 110, 110), anchor="ls")
        x_panel.draw(img, X, values, whole_values, grey=unread)
        if k is not None:
            win = trace.windows[k]
            x_panel.outline(img, win.hs, win.ws, d["ph"], d["pw"], style.WINDOW_COLOUR)
            for r, cc in picked(k):
                x_panel.outline(img, r, cc, 1, 1, style.PICKED_COLOUR, max(2, cell // 8))
        return img

    frames: list[tuple[Image.Image, int]] = []  # (frame, milliseconds)

    # Forward (1): X, Z still empty.
    img = canvas(
        "Forward (1) The input X",
        f"A {d['ph']}×{d['pw']} window moves {d['sh']} row(s) down and {d['sw']} column(s) right at a time.",
        None,
    )
    z_panel.draw(img, Z, values, whole_values, blank=np.ones(Z.shape, bool))
    frames.append((img, GIF_PAUSE_MS))

    # Forward (4): Z fills window by window.
    order = np.arange(Z.size).reshape(Z.shape)  # the spec's loop order
    for n, k in enumerate(ks):
        win = trace.windows[k]
        tie = f"  (a tie: {len(picked(k))} cells)" if len(picked(k)) > 1 else ""
        img = canvas(
            f"Forward (4) window {k + 1}/{trace.n_windows}",
            f"The {word} of X at {_cells(win.hs, win.he, win.ws, win.we)} is "
            f"{_number(Z[win.oh, win.ow], whole_values)} → Z[{win.oh}, {win.ow}]{tie}",
            k,
        )
        z_panel.draw(img, Z, values, whole_values, blank=order > k)
        z_panel.outline(img, win.oh, win.ow, 1, 1, style.WINDOW_COLOUR)
        frames.append((img, GIF_PAUSE_MS if n == len(ks) - 1 else GIF_STEP_MS))

    # Backward (1)-(3): dA arrives, dX starts at zeros.
    img = canvas(
        "Backward (1)-(3) dA arrives, dX starts at zeros",
        "Each window sends its dA to the cell(s) its pool picked; where windows overlap, gradients add up (+=).",
        None,
    )
    da_panel.draw(img, dA, grads, whole_grads)
    dx_panel.draw(img, np.zeros_like(X), grads, whole_grads)
    frames.append((img, GIF_PAUSE_MS))

    # Backward (9hw): dX collects the gradient window by window.
    dX = np.zeros_like(X)
    done = 0
    for k in ks:
        for win in trace.windows[done : k + 1]:
            dX[win.hs : win.he, win.ws : win.we] += win.dXb[i, :, :, c]
        done = k + 1
        win = trace.windows[k]
        n_picked = len(picked(k))
        if trace.pool == "avg":
            to = f"every cell of the window, 1/{d['ph'] * d['pw']} each"
        elif n_picked > 1:
            to = f"{n_picked} tied cells, each the full dA"
        else:
            to = "the picked cell" if n_picked else "no cell (the window holds a NaN)"
        img = canvas(
            f"Backward (9hw) window {k + 1}/{trace.n_windows}",
            f"dA[{win.oh}, {win.ow}] = {_number(dA[win.oh, win.ow], whole_grads)} goes to {to}; "
            f"dX at {_cells(win.hs, win.he, win.ws, win.we)} += dXb",
            k,
        )
        da_panel.draw(img, dA, grads, whole_grads)
        da_panel.outline(img, win.oh, win.ow, 1, 1, style.WINDOW_COLOUR)
        dx_panel.draw(img, dX, grads, whole_grads, title="dX so far")
        dx_panel.outline(img, win.hs, win.ws, d["ph"], d["pw"], style.WINDOW_COLOUR)
        frames.append((img, GIF_STEP_MS))

    # The end: the sums.
    total_dA, total_dX = float(dA.sum()), float(dX.sum())
    more = "  (ties gave more than one cell the full gradient)" if total_dX > total_dA + 1e-9 else ""
    img = canvas("Backward done: dX", f"sum(dA) = {total_dA:g}, sum(dX) = {total_dX:g}{more}", None)
    da_panel.draw(img, dA, grads, whole_grads)
    dx_panel.draw(img, dX, grads, whole_grads)
    frames.append((img, 3 * GIF_PAUSE_MS))

    return _gif(frames)


def _gif(frames: list[tuple[Image.Image, int]]) -> bytes:
    """Frames → GIF bytes with one shared palette (colours stay put from frame to frame, the file stays small)."""
    sample = [frames[min(1, len(frames) - 1)][0], frames[-2][0], frames[-1][0]]  # every colour the GIF uses
    strip = Image.new("RGB", (sum(f.width for f in sample), sample[0].height))
    for n, f in enumerate(sample):
        strip.paste(f, (n * f.width, 0))
    palette = strip.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    entries = np.array(palette.getpalette()[: 3 * 255]).reshape(-1, 3)
    white = int(np.argmin(((entries - 255) ** 2).sum(axis=1)))
    entries[white] = 255
    palette.putpalette(entries.ravel().tolist())
    paletted = []
    for f, _ in frames:
        # Pillow maps colours to a palette through a coarse cache: near-white text edges can pull the background
        # to an off-white entry. The background stays pure white on slides.
        p = f.quantize(palette=palette, dither=Image.Dither.NONE)
        index = np.asarray(p).copy()
        index[(np.asarray(f) == 255).all(axis=2)] = white
        q = Image.fromarray(index, "P")
        q.putpalette(entries.ravel().tolist())
        paletted.append(q)
    out = io.BytesIO()
    paletted[0].save(
        out,
        format="GIF",
        save_all=True,
        append_images=paletted[1:],
        duration=[ms for _, ms in frames],
        loop=0,
        optimize=True,
    )
    return out.getvalue()


# ---- PNG through kaleido ---------------------------------------------------------------------------------------

KALEIDO_MISSING = (
    "PNG export needs the Python package kaleido, which is not installed. "
    "Whoever runs this app can add it with `pip install kaleido`. "
    "Meanwhile: the web page (HTML) export has a camera button on every picture that saves it as a PNG."
)
CHROMIUM_MISSING = (
    "PNG export needs Chromium or Google Chrome on the computer that runs this app, and none was found. "
    "Whoever runs the app can install it (Debian/Ubuntu: `sudo apt-get install chromium`) or set the "
    "environment variable BROWSER_PATH to a Chrome/Chromium program. "
    "Meanwhile: the web page (HTML) export has a camera button on every picture that saves it as a PNG."
)


def chromium_for_kaleido() -> str | None:
    """The Chrome/Chromium kaleido would start: $BROWSER_PATH, its own download, or one on the PATH."""
    try:
        from choreographer.browsers.chromium import Chromium  # kaleido's own browser finder
    except ImportError:
        return None
    try:
        return Chromium.find_browser(skip_local=False)
    except Exception:  # a broken install: treat as no browser
        return None


def png_available() -> tuple[bool, str]:
    """(True, "") when kaleido and a Chromium are here; else (False, what is missing and how to add it)."""
    if importlib.util.find_spec("kaleido") is None:
        return False, KALEIDO_MISSING
    path = chromium_for_kaleido()
    if path is None or not Path(path).is_file():
        return False, CHROMIUM_MISSING
    return True, ""


def figure_png(spec: Figure, scale: float = 2) -> bytes:
    """A still PNG of one figure (an animation at its current frame, without Play and slider); ~2 s: kaleido
    starts a browser for each call. Raises RuntimeError with a plain message when PNG export cannot work here."""
    ok, why = png_available()
    if not ok:
        raise RuntimeError(why)
    return pio.to_image(for_file(spec, still=True), format="png", scale=scale, validate=False)
