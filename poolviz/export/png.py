"""A PNG of one figure through kaleido, which drives a Chromium already on the machine."""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import plotly.io as pio

from poolviz.export.steps import for_file
from poolviz.figures.grid import Figure

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


# The names kaleido (through its browser library) looks for on the PATH, Chrome's first as it does.
BROWSER_NAMES = ("google-chrome", "google-chrome-stable", "chrome", "chromium", "chromium-browser")


def chromium_for_kaleido() -> str | None:
    """The Chrome/Chromium kaleido would start: $BROWSER_PATH when set (kaleido then uses nothing else), else
    the first of BROWSER_NAMES on the PATH. Public means only: the environment variable kaleido documents and
    `shutil.which`; a browser that `kaleido_get_chrome` downloaded into kaleido's own folder is not looked for."""
    wanted = os.environ.get("BROWSER_PATH")
    candidates = [wanted] if wanted else [shutil.which(name) for name in BROWSER_NAMES]
    for path in candidates:
        if path and Path(path).is_file() and os.access(path, os.X_OK):
            return path
    return None


def png_available() -> tuple[bool, str]:
    """(True, "") when kaleido and a Chromium are here; else (False, what is missing and how to add it)."""
    if importlib.util.find_spec("kaleido") is None:
        return False, KALEIDO_MISSING
    path = chromium_for_kaleido()
    if path is None or not Path(path).is_file():
        return False, CHROMIUM_MISSING
    return True, ""


def figure_png(spec: Figure, scale: float = 2, theme: str = "light") -> bytes:
    """A still PNG of one figure (an animation at its current frame, without Play and slider); ~2 s: kaleido
    starts a browser for each call. Raises RuntimeError with a plain message when PNG export cannot work here."""
    ok, why = png_available()
    if not ok:
        raise RuntimeError(why)
    return pio.to_image(for_file(spec, still=True, theme=theme), format="png", scale=scale, validate=False)
