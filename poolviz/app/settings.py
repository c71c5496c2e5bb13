"""Everything the page is set to, with bounds, and its round trip through the URL. No Streamlit here.

A teacher copies the link and the class opens on the same step: values read from a URL are
checked one by one, out-of-range ones clamped, unreadable ones refused, each with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace

from poolviz.trace.moments import BACKWARD_STEPS, FORWARD_STEPS, PHASES, steps_of

POOLS = ("max", "min", "avg")
SOURCES = {
    "integers": "Random whole numbers 0–9 (ties!)",
    "floats": "Random decimals 0–1",
    "relu": "Random numbers after ReLU (many zeros)",
    "nan": "Random whole numbers with one NaN",
    "image": "A sample image",
    "upload": "Upload a PNG or JPEG",
    "grid": "Type the values by hand",
}
GRADIENTS = {"ones": "All ones", "integers": "Random whole numbers −3…3", "grid": "Type the values by hand"}
SAMPLE_IMAGES = ("digit", "checkerboard", "edge", "smiley")
VIEWS = {
    "walk": "Walkthrough",
    "quiz": "Quiz",
    "ties": "Tie rules",
    "race": "Implementation race",
    "why": "Why pooling?",
    "export": "Export",
}

# name: (lowest, highest) for whole-number settings
BOUNDS = {
    "ph": (1, 8),
    "pw": (1, 8),
    "sh": (0, 8),  # 0: same as the pool height
    "sw": (0, 8),
    "m": (1, 4),
    "h": (1, 64),
    "w": (1, 64),
    "d": (1, 4),
    "seed": (0, 999_999),
    "i": (0, 3),
    "c": (0, 3),
    "window": (0, 64 * 64),
    "present": (0, 1),
}
CHOICES = {
    "view": tuple(VIEWS),
    "pool": POOLS,
    "source": tuple(SOURCES),
    "grad": tuple(GRADIENTS),
    "image": SAMPLE_IMAGES,
    "phase": PHASES,
}


@dataclass(frozen=True)
class Settings:
    ph: int = 2
    pw: int = 2
    sh: int = 0  # 0 means "same as pool size", as EpyNN's strides=None
    sw: int = 0
    pool: str = "max"
    m: int = 1
    h: int = 6
    w: int = 6
    d: int = 1
    seed: int = 0
    source: str = "integers"
    image: str = "digit"
    grad: str = "ones"
    i: int = 0  # which sample is shown
    c: int = 0  # which channel is shown
    phase: str = "forward"
    step: str = "1"
    window: int = 0
    view: str = "walk"
    present: int = 0  # 1: presenter mode (large cells and fonts, no sidebar)

    @property
    def strides(self) -> tuple[int, int]:
        return (self.sh or self.ph, self.sw or self.pw)


DEFAULT = Settings()


def fit_pool(s: Settings, h: int, w: int, what: str) -> tuple[Settings, list[str]]:
    """A pool no larger than the input (h, w); a note for each side made smaller."""
    notes = []
    if s.ph > h:
        notes.append(f"The pool height ({s.ph}) was larger than the {what} height ({h}); it is now {h}.")
        s = replace(s, ph=h)
    if s.pw > w:
        notes.append(f"The pool width ({s.pw}) was larger than the {what} width ({w}); it is now {w}.")
        s = replace(s, pw=w)
    return s, notes


def consistent(s: Settings) -> tuple[Settings, list[str]]:
    """Fix settings that contradict each other (a pool larger than the input, a sample out of range)."""
    notes: list[str] = []
    if s.source != "upload":  # an upload's size comes from the picture: checked once it is read
        s, notes = fit_pool(s, s.h, s.w, "input")
    if s.i >= s.m:
        s = replace(s, i=s.m - 1)
    if s.c >= s.d:
        s = replace(s, c=s.d - 1)
    if s.step not in steps_of(s.phase):
        notes.append(f"Step '{s.step}' is not a {s.phase} step; showing step 1.")
        s = replace(s, step="1")
    return s, notes


def _shown(text: str) -> str:
    """A link's value as the page may echo it: the page renders Markdown, so only plain characters pass."""
    return "".join(ch if ch.isalnum() or ch in " .-_" else "?" for ch in text[:24])


def from_query(params: Mapping[str, object]) -> tuple[Settings, list[str]]:
    """Settings from URL parameters; every value is checked, never evaluated."""
    values = asdict(DEFAULT)
    notes = []
    for f in fields(Settings):
        if f.name not in params:
            continue
        raw = params[f.name]
        if isinstance(raw, (list, tuple)):  # a repeated parameter: the first one counts
            notes.append(f"The link gives '{f.name}' more than once; the first value is used.")
            raw = raw[0] if raw else ""
        text = str(raw).strip()[:40]
        if f.name in BOUNDS:
            low, high = BOUNDS[f.name]
            try:
                number = int(text)
            except ValueError:
                notes.append(f"The link's {f.name}='{_shown(text)}' is not a whole number; using {values[f.name]}.")
                continue
            if not low <= number <= high:
                clamped = min(max(number, low), high)
                notes.append(f"The link's {f.name}={number} is outside {low}–{high}; using {clamped}.")
                number = clamped
            values[f.name] = number
        elif f.name == "step":
            if text in FORWARD_STEPS + BACKWARD_STEPS:
                values["step"] = text
            else:
                notes.append(f"The link's step='{_shown(text)}' is not a step of the spec; showing step 1.")
        elif text in CHOICES[f.name]:
            values[f.name] = text
        else:
            allowed = ", ".join(CHOICES[f.name])
            notes.append(f"The link's {f.name}='{_shown(text)}' is not one of: {allowed}; using {values[f.name]}.")
    settings, more = consistent(Settings(**values))
    return settings, notes + more


def to_query(s: Settings) -> dict[str, str]:
    """Only what differs from the default, so links stay short."""
    return {k: str(v) for k, v in asdict(s).items() if v != getattr(DEFAULT, k)}
