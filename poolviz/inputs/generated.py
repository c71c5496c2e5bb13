"""Arrays poolviz makes itself: random inputs and gradients, and the sample pictures."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np
from PIL import Image

from poolviz.inputs.errors import DECODE_ERRORS, MAX_ABS_VALUE, InputError
from poolviz.inputs.samples import ASSETS_DIR, SAMPLES

MAX_CELLS = 1_000_000  # most numbers a generated array may hold
SHAPE_NAMES = ("number of images m", "height h", "width w", "depth d")

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
        except DECODE_ERRORS:
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
