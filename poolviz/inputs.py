"""Where the page's numbers come from: random arrays, sample pictures, uploaded pictures and typed-in grids.

Pure Python, NumPy and Pillow (no Streamlit). Anything a user can get wrong raises `InputError`, whose message
is written for a teacher or a student, not a programmer: the page shows it as it is. Nothing typed is evaluated:
grid cells are read with `float()` only, and sample names are checked against a fixed list before any file is read.
"""

from __future__ import annotations

import io
import math
import numbers
import struct
import warnings
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from PIL import Image, ImageChops, ImageOps

from poolviz.samples import ASSETS_DIR, SAMPLES

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # uploads above 5 MB are refused
MAX_UPLOAD_PIXELS = 40_000_000  # pictures above 40 megapixels are refused before they are decoded
MAX_ABS_VALUE = 1e6  # grid values beyond ±1,000,000 cannot be shown in a cell
MAX_CELLS = 1_000_000  # most numbers a generated array may hold
SHAPE_NAMES = ("number of images m", "height h", "width w", "depth d")
UPLOAD_FORMATS = ("PNG", "JPEG", "GIF")  # Pillow decoders tried on an upload; nothing else is even attempted
_ACCEPTED_FORMATS = {"PNG", "JPEG", "MPO", "GIF"}  # MPO: a camera JPEG that holds extra pictures
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    MemoryError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)
_SHOWN_PROBLEMS = 3  # a grid message names this many bad cells, then says how many more


class InputError(ValueError):
    """Input the page cannot use; the message says, in plain words, what to change."""


# ---------------------------------------------------------------- generated arrays


def _whole(value: Any, what: str) -> int:
    """`value` as an int if it is a whole number (3 or 3.0), else InputError naming `what`."""
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"The {what} must be a whole number; got {value}.")
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    raise InputError(f"The {what} must be a whole number such as 3 or 42; got {value!r}.")


def _check_shape(shape: Any) -> tuple[int, int, int, int]:
    """Four whole sizes (m, h, w, d), each at least 1, holding at most MAX_CELLS numbers."""
    if isinstance(shape, (str, bytes)) or not isinstance(shape, Iterable):
        raise InputError(f"The size must be four whole numbers ({', '.join(SHAPE_NAMES)}); got {shape!r}.")
    sizes = tuple(shape)
    if len(sizes) != 4:
        raise InputError(f"The size must be four whole numbers ({', '.join(SHAPE_NAMES)}); got {len(sizes)} numbers.")
    ints = tuple(_whole(s, name) for s, name in zip(sizes, SHAPE_NAMES, strict=True))
    for size, name in zip(ints, SHAPE_NAMES, strict=True):
        if size < 1:
            raise InputError(f"The {name} must be at least 1; got {size}.")
    total = math.prod(ints)
    if total > MAX_CELLS:
        raise InputError(f"That size makes {total:,} numbers; the most allowed is {MAX_CELLS:,}. Choose smaller sizes.")
    return ints  # type: ignore[return-value]


def _rng(seed: Any) -> np.random.Generator:
    """NumPy's default generator for a whole-number seed of 0 or more."""
    value = _whole(seed, "seed")
    if value < 0:
        raise InputError(f"The seed must be a whole number, 0 or more; got {value}.")
    return np.random.default_rng(value)


def _check_range(low: Any, high: Any) -> tuple[int, int]:
    """Whole-number bounds with low <= high, both within ±MAX_ABS_VALUE."""
    lo, hi = _whole(low, "lowest value"), _whole(high, "highest value")
    if lo > hi:
        raise InputError(f"The lowest value ({lo}) is above the highest value ({hi}). Make the lowest value smaller.")
    if max(abs(lo), abs(hi)) > MAX_ABS_VALUE:
        raise InputError(f"The values must stay between -{MAX_ABS_VALUE:,.0f} and {MAX_ABS_VALUE:,.0f}.")
    return lo, hi


def random_integers(shape: Any, seed: Any, low: Any = 0, high: Any = 9) -> np.ndarray:
    """Whole numbers in [low, high] (both included) as float64, shape (m, h, w, d); a small range makes ties."""
    dims, (lo, hi), rng = _check_shape(shape), _check_range(low, high), _rng(seed)
    return rng.integers(lo, hi, size=dims, endpoint=True).astype(np.float64)


def random_floats(shape: Any, seed: Any) -> np.ndarray:
    """Uniform numbers in [0, 1) with 2 decimals (0.00, 0.01, ..., 0.99) as float64, shape (m, h, w, d)."""
    dims, rng = _check_shape(shape), _rng(seed)
    return np.floor(rng.random(dims) * 100) / 100  # floor keeps 0.995... below 1, unlike rounding


def after_relu(shape: Any, seed: Any) -> np.ndarray:
    """Whole numbers in [-5, 5] passed through ReLU, max(0, x): about half the cells are 0, whole windows too."""
    return np.maximum(random_integers(shape, seed, -5, 5), 0.0)


def with_nan(shape: Any, seed: Any) -> np.ndarray:
    """Random whole numbers 0-9 with one NaN (not a number), in the first window of the first sample and channel."""
    X = random_integers(shape, seed)
    X[0, 0, 0, 0] = np.nan
    return X


def ones_gradient(shape: Any) -> np.ndarray:
    """An upstream gradient dA of ones (float64): every output passes back exactly 1."""
    return np.ones(_check_shape(shape), dtype=np.float64)


def random_integer_gradient(shape: Any, seed: Any, low: Any = -3, high: Any = 3) -> np.ndarray:
    """An upstream gradient dA of whole numbers in [low, high] (both included), float64."""
    return random_integers(shape, seed, low, high)


# ---------------------------------------------------------------- sample pictures


def _sample_pixels(name: str) -> np.ndarray:
    """The sample's uint8 pixels from assets/<name>.png, or from its generator if the file is missing or broken."""
    path = ASSETS_DIR / f"{name}.png"  # name is a key of SAMPLES here, never free text
    if path.is_file():
        try:
            with Image.open(path) as img:
                return np.asarray(img.convert("L"), dtype=np.uint8)
        except _DECODE_ERRORS:
            pass
    return SAMPLES[name]()


def load_sample(name: str, h: Any, w: Any) -> np.ndarray:
    """Sample picture `name` as a float64 (h, w) array of gray levels 0-255, resized only if the size differs.

    Shrinking averages each area (Pillow's BOX filter); enlarging repeats pixels (NEAREST).
    """
    key = name.strip().lower() if isinstance(name, str) else name
    if key not in SAMPLES:
        raise InputError(f"There is no sample picture called {name!r}. Choose one of: {', '.join(SAMPLES)}.")
    height, width = _whole(h, "height h"), _whole(w, "width w")
    if height < 1 or width < 1:
        raise InputError(f"The picture's height and width must be at least 1; got {height}×{width}.")
    if height * width > MAX_CELLS:
        raise InputError(f"A {height}×{width} picture is too big; the most allowed is {MAX_CELLS:,} pixels.")
    pixels = _sample_pixels(key)
    if pixels.shape != (height, width):
        shrinking = height < pixels.shape[0] or width < pixels.shape[1]
        resample = Image.Resampling.BOX if shrinking else Image.Resampling.NEAREST
        pixels = np.asarray(Image.fromarray(pixels).resize((width, height), resample))
    return pixels.astype(np.float64)


# ---------------------------------------------------------------- uploaded pictures

_PLEASE_UPLOAD = "Upload a PNG or JPEG picture instead (for example a screenshot or a photo)."
_KNOWN_FILES = (  # (how the file starts, offset, what it is); used only to word the message for a refused file
    (b"%PDF", 0, "a PDF document, not a picture"),
    (b"PK\x03\x04", 0, "a zip archive or an Office document (Word, PowerPoint, Excel), not a picture"),
    (b"BM", 0, "a BMP picture"),
    (b"WEBP", 8, "a WEBP picture"),
    (b"II*\x00", 0, "a TIFF picture"),
    (b"MM\x00*", 0, "a TIFF picture"),
    (b"ftypheic", 4, "a HEIC picture (the iPhone format)"),
    (b"ftypheix", 4, "a HEIC picture (the iPhone format)"),
    (b"ftypmif1", 4, "a HEIC or AVIF picture"),
    (b"ftypavif", 4, "an AVIF picture"),
    (b"\x00\x00\x01\x00", 0, "an icon (ICO) picture"),
    (b"8BPS", 0, "a Photoshop (PSD) file"),
    (b"<svg", 0, "an SVG drawing"),
    (b"\x89PNG", 0, "a PNG picture, but it is damaged"),
    (b"\xff\xd8\xff", 0, "a JPEG picture, but it is damaged"),
    (b"GIF8", 0, "a GIF picture, but it is damaged"),
)


def _describe_unreadable(data: bytes) -> str:
    """A plain message for bytes Pillow could not identify as PNG, JPEG or GIF."""
    for magic, offset, what in _KNOWN_FILES:
        if data[offset : offset + len(magic)] == magic:
            if "damaged" in what:
                return f"This file looks like {what}, so it cannot be read. Save it again, or choose another picture."
            if "picture" in what and "not a picture" not in what:
                return (
                    f"This file is {what}; poolviz reads only PNG or JPEG pictures (or GIF). Save it as PNG or JPEG "
                    "(most picture programs have 'Save as' or 'Export') and upload it again."
                )
            return f"This file is {what}. {_PLEASE_UPLOAD}"
    head = data[:2048].lstrip()
    if head[:5].lower() in (b"<?xml", b"<!doc", b"<html") or b"<svg" in head[:300].lower():
        return f"This file is a web page or drawing (text), not a picture. {_PLEASE_UPLOAD}"
    try:
        text = data[:2048].decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and all(c.isprintable() or c in "\r\n\t" for c in text):
        return f"This file contains text, not a picture. {_PLEASE_UPLOAD}"
    return f"This file is not a picture poolviz can read. {_PLEASE_UPLOAD}"


def _too_many_pixels(size: tuple[int, int] | None = None) -> str:
    """The message for a picture with too many pixels to open safely."""
    detail = f"it is {size[0]:,}×{size[1]:,} pixels" if size else "it has far too many pixels"
    return (
        f"This picture is too large to open safely: {detail}, and the limit is {MAX_UPLOAD_PIXELS // 1_000_000} "
        "million pixels. Choose a smaller picture (for example one resized to 1000×1000 pixels) and upload it again."
    )


def _damaged(fmt: str) -> str:
    """The message for a picture that starts well but cannot be decoded (often a cut-short upload)."""
    return (
        f"This {fmt} picture is damaged or incomplete (perhaps the file was cut short), so it cannot be read. "
        "Save it again or choose another picture, then upload it."
    )


def _open_upload(data: bytes) -> Image.Image:
    """Identify the upload (header only) as PNG, JPEG or GIF and check its size before any pixel is decoded."""
    try:
        img = Image.open(io.BytesIO(data), formats=UPLOAD_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(_too_many_pixels()) from None
    except Image.UnidentifiedImageError:
        raise InputError(_describe_unreadable(data)) from None
    except _DECODE_ERRORS:
        raise InputError(_damaged("uploaded")) from None
    problem = None
    width, height = img.size
    if img.format not in _ACCEPTED_FORMATS:  # cannot happen with `formats=`; kept as a second lock
        problem = f"This picture is a {img.format} file; poolviz reads only PNG or JPEG. {_PLEASE_UPLOAD}"
    elif width < 1 or height < 1:
        problem = _damaged(str(img.format))
    elif width * height > MAX_UPLOAD_PIXELS:
        problem = _too_many_pixels(img.size)
    if problem:
        img.close()
        raise InputError(problem)
    return img


def _decode(img: Image.Image) -> tuple[Image.Image, list[str]]:
    """Decode the first frame's pixels and turn a camera-rotated photo upright."""
    notes: list[str] = []
    fmt = "JPEG" if img.format == "MPO" else str(img.format)
    try:
        if getattr(img, "is_animated", False):  # an animated GIF or PNG, or a camera JPEG holding extra views
            if img.format != "MPO":
                notes.append(f"This {fmt} is animated; only its first frame is used.")
            img.seek(0)
        img.load()
    except _DECODE_ERRORS:
        raise InputError(_damaged(fmt)) from None
    try:
        turned = img.getexif().get(0x0112, 1) in range(2, 9)  # EXIF orientation: 1 is already upright
        upright = ImageOps.exif_transpose(img) if turned else img
    except _DECODE_ERRORS:  # a broken EXIF block only loses the rotation, never the picture
        turned, upright = False, img
    if turned:
        notes.append("The photo was turned upright, as the camera recorded it.")
    return upright, notes


def _gray(img: Image.Image) -> tuple[Image.Image, list[str]]:
    """Gray levels 0-255 as a Pillow image in mode "L" (or "F" for 16-bit): transparency on white, colour to gray.

    Works on Pillow images, not NumPy arrays, so a large upload never becomes a large float64 array.
    """
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        levels = img.convert("F") if img.mode != "F" else img
        lo, hi = levels.getextrema()
        if img.mode != "F" and lo >= 0 and hi <= 65535:
            note = "It is a 16-bit picture: its levels (0 to 65535) were scaled to 0-255."
            return levels.point(lambda v: v * (255 / 65535)), [note]
        scale = 255 / (hi - lo) if hi > lo else 0.0  # not a 16-bit range: stretch what is there onto 0-255
        return levels.point(lambda v: v * scale - lo * scale), ["Its levels were stretched onto 0-255."]
    notes: list[str] = []
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            notes.append("Its transparent parts were put on a white background.")
        img = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    if img.mode not in ("L", "1"):
        r, g, b = img.convert("RGB").split()
        if ImageChops.difference(r, g).getbbox() or ImageChops.difference(g, b).getbbox():
            notes.append("It was in colour; it was turned into shades of gray (0 = black, 255 = white).")
    return img.convert("L"), notes


def _shrink(img: Image.Image, max_side: int) -> tuple[Image.Image, list[str]]:
    """Average down so the longer side is at most max_side, keeping the aspect ratio; never enlarge."""
    w, h = img.size
    if max(h, w) <= max_side:
        return img, []
    scale = max_side / max(h, w)
    new_w, new_h = max(1, round(w * scale)), max(1, round(h * scale))
    note = (
        f"The picture was {w}×{h} pixels (width × height); it was shrunk to {new_w}×{new_h} so every cell can be drawn."
    )
    return img.resize((new_w, new_h), Image.Resampling.BOX), [note]


def image_from_bytes(data: bytes, max_side: int = 64) -> tuple[np.ndarray, list[str]]:
    """Decode an uploaded PNG, JPEG (or GIF, first frame) into gray levels 0-255, plus plain-language notes.

    Returns a float64 (h, w) array of whole numbers, shrunk (area average, aspect ratio kept) so that its
    longer side is at most `max_side`; an upload is never enlarged. Anything unusable raises InputError.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"image_from_bytes needs the file's bytes (uploaded_file.getvalue()); got {type(data).__name__}."
        )
    if isinstance(max_side, bool) or not isinstance(max_side, int) or max_side < 1:
        raise ValueError(f"max_side must be a whole number of at least 1; got {max_side!r}.")
    data = bytes(data)
    if not data:
        raise InputError(f"The file is empty (0 bytes). {_PLEASE_UPLOAD}")
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            f"This file is {len(data) / 1024 / 1024:.1f} MB; the largest file accepted is "
            f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Choose a smaller picture, or save it at a smaller size, "
            "and upload it again."
        )
    with warnings.catch_warnings():
        # Pillow warns about odd but readable files (bad EXIF, broken APNG): not the user's concern. It warns,
        # then errors, on a picture with too many pixels: both become refusals. (catch_warnings is process-wide.)
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open_upload(data) as img:
            decoded, notes = _decode(img)
            try:
                gray, gray_notes = _gray(decoded)
                small, size_notes = _shrink(gray, max_side)
            except _DECODE_ERRORS:
                raise InputError(_damaged("uploaded")) from None
    values = np.clip(np.rint(np.asarray(small, dtype=np.float64)), 0, 255)
    return values, notes + gray_notes + size_notes


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
    for i, row in enumerate(rows, start=1):
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
    for i, row in enumerate(table, start=1):
        if len(row) != width:
            raise InputError(
                f"Row {i} has {len(row)} cell{'s' if len(row) != 1 else ''} but row 1 has {width}. "
                "Every row needs the same number of cells."
            )
    values = np.empty((len(table), width), dtype=np.float64)
    problems = []
    for i, row in enumerate(table, start=1):
        for j, cell in enumerate(row, start=1):
            values[i - 1, j - 1], problem = _cell_value(cell)
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
