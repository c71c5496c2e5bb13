"""The walkthrough as a sequence of moments: (phase, spec step, window). No Streamlit here.

Forward: (1), (2) for each window, (3), (4) for each window.
Backward: (1), (2), (3), then for each window (4hw), (5hw), ..., (9hw) — the spec's loop.
"""

from __future__ import annotations

from dataclasses import dataclass

PHASES = ("forward", "backward")
FORWARD_STEPS = ("1", "2", "3", "4")
BACKWARD_STEPS = ("1", "2", "3", "4hw", "5hw", "6hw", "7hw", "8hw", "9hw")
PER_WINDOW = {"forward": ("2", "4"), "backward": BACKWARD_STEPS[3:]}


@dataclass(frozen=True)
class Moment:
    phase: str
    step: str
    window: int = 0  # window index k = oh * ow_count + ow; 0 for steps that are not per window


def steps_of(phase: str) -> tuple[str, ...]:
    return FORWARD_STEPS if phase == "forward" else BACKWARD_STEPS


def moments(phase: str, n_windows: int) -> list[Moment]:
    if phase == "forward":
        return [
            Moment("forward", "1"),
            *(Moment("forward", "2", k) for k in range(n_windows)),
            Moment("forward", "3"),
            *(Moment("forward", "4", k) for k in range(n_windows)),
        ]
    head = [Moment("backward", s) for s in BACKWARD_STEPS[:3]]
    return head + [Moment("backward", s, k) for k in range(n_windows) for s in BACKWARD_STEPS[3:]]


def locate(phase: str, step: str, window: int, n_windows: int) -> int:
    """Position of (step, window) in the phase's sequence; the window is clamped into range."""
    sequence = moments(phase, n_windows)
    window = min(max(window, 0), n_windows - 1) if step in PER_WINDOW[phase] else 0
    return sequence.index(Moment(phase, step, window))
