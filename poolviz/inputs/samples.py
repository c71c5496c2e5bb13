"""Small sample pictures the project draws itself, as uint8 grayscale 2-D arrays (0 = black, 255 = white).

Everything is drawn with NumPy only (distance fields, drawn 4× larger then averaged down for soft edges),
so the pixels are the same on every machine and every Pillow version.
`python -m poolviz.inputs.samples` writes them to `assets/<name>.png`.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import numpy as np

ASSETS_DIR = Path(__file__).resolve().parents[2] / "assets"
SUPERSAMPLE = 4  # draw 4×4 sub-pixels per pixel, then average: anti-aliased strokes


def _grid(h: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """Sub-pixel centre coordinates (y, x), in pixel units, of an h×w picture."""
    s = SUPERSAMPLE
    ys = (np.arange(h * s) + 0.5) / s
    xs = (np.arange(w * s) + 0.5) / s
    return np.meshgrid(ys, xs, indexing="ij")


def _downsample(coverage: np.ndarray) -> np.ndarray:
    """Average each SUPERSAMPLE×SUPERSAMPLE block: sub-pixel coverage -> pixel coverage in [0, 1]."""
    s = SUPERSAMPLE
    h, w = coverage.shape[0] // s, coverage.shape[1] // s
    return coverage.reshape(h, s, w, s).mean(axis=(1, 3))


def _to_uint8(values: np.ndarray) -> np.ndarray:
    """Round 0-255 floats to uint8."""
    return np.clip(np.rint(values), 0, 255).astype(np.uint8)


def _segment_distance(y: np.ndarray, x: np.ndarray, p: tuple[float, float], q: tuple[float, float]) -> np.ndarray:
    """Distance from every point (y, x) to the segment p-q (points given as (x, y))."""
    px, py = p
    dx, dy = q[0] - px, q[1] - py
    t = np.clip(((x - px) * dx + (y - py) * dy) / (dx * dx + dy * dy), 0.0, 1.0)
    return np.hypot(x - (px + t * dx), y - (py + t * dy))


def _bezier(points: list[tuple[float, float]], n: int = 16) -> list[tuple[float, float]]:
    """n+1 points along the quadratic Bézier curve with control points p0, p1, p2 (as (x, y))."""
    (x0, y0), (x1, y1), (x2, y2) = points
    ts = np.linspace(0.0, 1.0, n + 1)
    xs = (1 - ts) ** 2 * x0 + 2 * (1 - ts) * ts * x1 + ts**2 * x2
    ys = (1 - ts) ** 2 * y0 + 2 * (1 - ts) * ts * y1 + ts**2 * y2
    return [(float(a), float(b)) for a, b in zip(xs, ys, strict=True)]


def _stroke(y: np.ndarray, x: np.ndarray, path: list[tuple[float, float]], width: float) -> np.ndarray:
    """Sub-pixels within width/2 of the polyline: a pen stroke with round ends."""
    dist = np.full(y.shape, np.inf)
    for p, q in pairwise(path):
        dist = np.minimum(dist, _segment_distance(y, x, p, q))
    return dist <= width / 2


def digit() -> np.ndarray:
    """A hand-drawn-looking "7", white on black, 28×28 like an MNIST digit."""
    y, x = _grid(28, 28)
    top = _bezier([(7.0, 7.5), (14.0, 5.5), (21.0, 6.5)])  # the bar, slightly arched
    down = _bezier([(21.0, 6.5), (15.0, 13.0), (12.5, 23.0)])  # the leg, slightly curved
    ink = _stroke(y, x, top, 3.0) | _stroke(y, x, down, 3.2)
    return _to_uint8(255 * _downsample(ink.astype(float)))


def checkerboard() -> np.ndarray:
    """16×16 checkerboard of 4×4 squares, 0 and 255, black in the top-left corner."""
    i, j = np.indices((16, 16))
    return (((i // 4 + j // 4) % 2) * 255).astype(np.uint8)


def edge() -> np.ndarray:
    """16×16: dark left half, bright right half (one vertical edge), each half brightening slightly to the right."""
    j = np.arange(16)
    row = np.where(j < 8, 30 + 4 * j, 200 + 4 * (j - 8))
    return np.tile(row, (16, 1)).astype(np.uint8)


def smiley() -> np.ndarray:
    """32×32 smiley: light face with a dark outline, two dark eyes and a smile, on a white background."""
    y, x = _grid(32, 32)
    r = np.hypot(x - 16, y - 16)
    img = np.full(y.shape, 255.0)
    img[r <= 14] = 190.0  # the face
    img[np.abs(r - 13.5) <= 1.2] = 40.0  # its outline
    eyes = (np.hypot((x - 11) / 1.6, (y - 12) / 2.4) <= 1) | (np.hypot((x - 21) / 1.6, (y - 12) / 2.4) <= 1)
    img[eyes] = 20.0
    mouth_r = np.hypot(x - 16, y - 15)
    smile = (np.abs(mouth_r - 8) <= 1.1) & (y >= 15 + 8 * np.sin(np.radians(25)))  # lower arc only
    img[smile] = 20.0
    return _to_uint8(_downsample(img))


SAMPLES: dict[str, Callable[[], np.ndarray]] = {
    "digit": digit,
    "checkerboard": checkerboard,
    "edge": edge,
    "smiley": smiley,
}


def write_assets(directory: Path = ASSETS_DIR) -> list[Path]:
    """Write every sample to `directory/<name>.png` (8-bit grayscale); return the paths written."""
    from PIL import Image

    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, make in SAMPLES.items():
        path = directory / f"{name}.png"
        Image.fromarray(make()).save(path, optimize=True)
        paths.append(path)
    return paths


def main() -> None:
    """`python -m poolviz.inputs.samples`: regenerate the PNGs in assets/."""
    for path in write_assets():
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
