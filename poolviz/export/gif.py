"""The walkthrough as an animated GIF, drawn with Pillow alone: Z filling up, then dX collecting the gradient."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from plotly.colors import hex_to_rgb, make_colorscale, sample_colorscale

from poolviz import themes
from poolviz.export.webpage import settings_line
from poolviz.figures import steps, style
from poolviz.trace import Trace
from poolviz.trace.moments import Moment
from poolviz.words import narration

# ---- the animated GIF --------------------------------------------------------------------------------------

GIF_WIDTH = 1000
GIF_MAX_FRAMES = 60
GIF_STEP_MS = 700  # one window
GIF_PAUSE_MS = 1800  # the title frames and the end of each pass
_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
_INK, _GRID, _BLANK = (34, 34, 34), (200, 200, 200), (255, 255, 255)
_NAN_FILL, _UNREAD = (225, 225, 225), (120, 120, 120)
_MARGIN, _GAP, _CAPTION_H, _TITLE_H, _FOOTER_H = 24, 48, 86, 34, 34


@dataclass(frozen=True)
class _Look:
    """The GIF's colours in one theme (RGB 0-255, and the scales and outline colours of its figures)."""

    ink: tuple[int, int, int] = _INK
    grid: tuple[int, int, int] = _GRID
    blank: tuple[int, int, int] = _BLANK
    nan: tuple[int, int, int] = _NAN_FILL
    unread: tuple[int, int, int] = _UNREAD
    detail: tuple[int, int, int] = (70, 70, 70)
    footer: tuple[int, int, int] = (110, 110, 110)
    window: str = style.WINDOW_COLOUR
    picked: str = style.PICKED_COLOUR
    values: tuple = tuple(map(tuple, style.VALUES_SCALE))
    gradient: tuple = tuple(map(tuple, style.GRADIENT_SCALE))


def _look(theme: str) -> _Look:
    """Light: the GIF as it always was; dark and high contrast: their palette's colours (poolviz/themes.py)."""
    p = themes.palette(theme)
    if p is themes.LIGHT:
        return _Look()
    rgb = hex_to_rgb
    return _Look(
        ink=rgb(p.ink),
        grid=rgb(p.frame),
        blank=rgb(p.blank_fill),
        nan=rgb(p.nan_fill),
        unread=(0, 0, 0),
        detail=rgb(p.muted),
        footer=rgb(p.muted),
        window=p.accent,
        picked=p.picked,
        values=tuple(map(tuple, make_colorscale(list(p.scales["values"])))),
        gradient=tuple(map(tuple, make_colorscale(list(p.scales["gradient"])))),
    )


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


_SHADES = 1001  # samples of a colour scale: a step of 0.1 % of its range, finer than a GIF's palette can show


@lru_cache(maxsize=8)
def _shades(scale: tuple[tuple[float, str], ...]) -> np.ndarray:
    """(_SHADES, 3) RGB 0-255 along a Plotly colour scale, sampled by plotly.colors as the web figures colour it."""
    return np.array(sample_colorscale([list(stop) for stop in scale], _SHADES, colortype="tuple")) * 255


def _colour_map(scale: list, low: float, high: float, nan: tuple = _NAN_FILL) -> Callable[[np.ndarray], np.ndarray]:
    """values (rows, cols) → RGB (rows, cols, 3): the nearest sample of the scale; NaN cells in `nan`."""
    shades = _shades(tuple((float(p), col) for p, col in scale))

    def colour(z: np.ndarray) -> np.ndarray:
        t = np.full(z.shape, 0.5) if high <= low else np.clip((z - low) / (high - low), 0.0, 1.0)
        out = shades[np.rint(np.nan_to_num(t) * (_SHADES - 1)).astype(np.intp)]
        out[np.isnan(z)] = nan
        return out

    return colour


class _Panel:
    """One grid drawn at (x, y) with square cells of `cell` px: colours with NumPy, numbers with ImageDraw."""

    def __init__(self, title: str, rows: int, cols: int, x: int, y: int, cell: int, look: _Look) -> None:
        self.title, self.rows, self.cols, self.x, self.y, self.cell = title, rows, cols, x, y, cell
        self.look = look

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
        cell, draw, look = self.cell, ImageDraw.Draw(img), self.look
        rgb = colour(z)
        if grey is not None:
            rgb[grey] = rgb[grey] * 0.45 + np.array(look.unread) * 0.55
        if blank is not None:
            rgb[blank] = look.blank
        block = np.repeat(np.repeat(np.rint(rgb).astype(np.uint8), cell, axis=0), cell, axis=1)
        if cell >= 6:  # a 1 px line around every cell
            for start in (0, cell - 1):
                block[start::cell, :] = look.grid
                block[:, start::cell] = look.grid
        img.paste(Image.fromarray(block, "RGB"), (self.x, self.y))
        draw.text((self.x, self.y - 8), title or self.title, font=_font(20, bold=True), fill=look.ink, anchor="ls")
        if cell < 22:  # too small to read a number: the colours tell it
            return
        font = _font(max(10, min(30, int(cell * 0.4))))
        dark = (rgb @ np.array([0.299, 0.587, 0.114])) < 140
        for r in range(self.rows):
            for c in range(self.cols):
                if blank is not None and blank[r, c]:
                    continue
                x0, y0, x1, y1 = self.box(r, c)
                ink = (255, 255, 255) if dark[r, c] else _INK
                draw.text(
                    ((x0 + x1) / 2, (y0 + y1) / 2),
                    narration.number(float(z[r, c]), whole),
                    font=font,
                    fill=ink,
                    anchor="mm",
                )

    def outline(
        self, img: Image.Image, r: int, c: int, rows: int, cols: int, colour: str, inset: int = 0, corner: bool = False
    ) -> None:
        """An outline around cells; `corner`: with a filled corner mark (a picked cell), told from the window by
        its shape as well as its colour."""
        x0, y0, x1, y1 = self.box(r, c, rows, cols)
        width = max(1, min(5, self.cell // 10 if self.cell >= 20 else 2, self.cell // 2))
        inset = min(inset, max(0, (self.cell - 2) // 2 - 1))
        box = (x0 + inset, y0 + inset, x1 - 1 - inset, y1 - 1 - inset)
        draw = ImageDraw.Draw(img)
        draw.rectangle(box, outline=colour, width=width)
        if corner and self.cell >= 12:
            t = max(4, int(self.cell * 0.28))
            draw.polygon([(box[2] - t, box[1]), (box[2], box[1]), (box[2], box[1] + t)], fill=colour)


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


def walkthrough_gif(
    trace: Trace, i: int, c: int, max_frames: int = GIF_MAX_FRAMES, width: int = GIF_WIDTH, theme: str = "light"
) -> bytes:
    """An animated GIF: forward (4) fills Z window by window, then backward (9hw) adds up dX window by window, in
    `theme` ("light", "dark" or "contrast").

    At most `max_frames` frames: big inputs show evenly spaced windows (the caption says which).
    """
    d = trace.d
    look = _look(theme)
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
    x_panel = _Panel(f"X[{i}, :, :, {c}]", d["h"], d["w"], _MARGIN, top, cell, look)
    z_panel = _Panel(f"Z ({d['oh']}×{d['ow']})", d["oh"], d["ow"], x_mid, top, cell, look)
    da_panel = _Panel("dA", d["oh"], d["ow"], x_mid, top, cell, look)
    dx_panel = _Panel("dX", d["h"], d["w"], x_mid + d["ow"] * cell + _GAP, top, cell, look)

    values = _colour_map(list(look.values), *style.value_range(trace.X), look.nan)
    grads = _colour_map(list(look.gradient), *style.gradient_range(trace.dA, trace.dX), look.nan)
    whole_values = style.number_format(trace.X, trace.Z) == "%{z:.0f}"
    whole_grads = style.number_format(trace.dA, trace.dX) == "%{z:.0f}"
    unread = trace.coverage == 0
    footer = "poolviz · " + settings_line(trace, i, c)

    def canvas(words: tuple[str, str], k: int | None) -> Image.Image:
        """A frame with its caption (title, detail), the footer, and X with window k and its picked cell(s)."""
        caption, detail = words
        img = Image.new("RGB", (width, height), look.blank)
        draw = ImageDraw.Draw(img)
        room = width - 2 * _MARGIN
        draw.text((_MARGIN, 16), caption, font=_fitting(draw, caption, 26, room, bold=True), fill=look.ink)
        draw.text((_MARGIN, 52), detail, font=_fitting(draw, detail, 19, room), fill=look.detail)
        draw.text((_MARGIN, height - _MARGIN), footer, font=_font(15), fill=look.footer, anchor="ls")
        x_panel.draw(img, X, values, whole_values, grey=unread)
        if k is not None:
            win = trace.windows[k]
            x_panel.outline(img, win.hs, win.ws, d["ph"], d["pw"], look.window)
            for r, cc in trace.picked(k, i, c):
                x_panel.outline(img, r, cc, 1, 1, look.picked, max(2, cell // 8), corner=True)
        return img

    def words(phase: str, step: str, k: int = 0) -> tuple[str, str]:
        return narration.caption(trace, Moment(phase, step, k), i, c)

    frames: list[tuple[Image.Image, int]] = []  # (frame, milliseconds)
    (_, fill), (_, add) = steps.GIF_STEPS  # the steps it plays window by window, from the one step table

    # Forward (1): X, Z still empty.
    img = canvas(words("forward", "1"), None)
    z_panel.draw(img, Z, values, whole_values, blank=np.ones(Z.shape, bool))
    frames.append((img, GIF_PAUSE_MS))

    # Forward (4): Z fills window by window.
    order = np.arange(Z.size).reshape(Z.shape)  # the spec's loop order
    for n, k in enumerate(ks):
        win = trace.windows[k]
        img = canvas(words("forward", fill, k), k)
        z_panel.draw(img, Z, values, whole_values, blank=order > k)
        z_panel.outline(img, win.oh, win.ow, 1, 1, look.window)
        frames.append((img, GIF_PAUSE_MS if n == len(ks) - 1 else GIF_STEP_MS))

    # Backward (1)-(3): dA arrives, dX starts at zeros.
    img = canvas(words("backward", "3"), None)
    da_panel.draw(img, dA, grads, whole_grads)
    dx_panel.draw(img, trace.dX0[i, :, :, c], grads, whole_grads)
    frames.append((img, GIF_PAUSE_MS))

    # Backward (9hw): dX collects the gradient window by window, as the trace adds it up.
    snapshots = trace.dX_snapshots([k + 1 for k in ks], i, c)  # (len(ks), h, w): dX after each shown window
    for k, dX in zip(ks, snapshots, strict=True):
        win = trace.windows[k]
        img = canvas(words("backward", add, k), k)
        da_panel.draw(img, dA, grads, whole_grads)
        da_panel.outline(img, win.oh, win.ow, 1, 1, look.window)
        dx_panel.draw(img, dX, grads, whole_grads, title="dX so far")
        dx_panel.outline(img, win.hs, win.ws, d["ph"], d["pw"], look.window)
        frames.append((img, GIF_STEP_MS))

    # The end: the sums.
    img = canvas(narration.done_caption(trace, i, c), None)
    da_panel.draw(img, dA, grads, whole_grads)
    dx_panel.draw(img, snapshots[-1], grads, whole_grads)
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
