"""The trace: every array of every numbered step (`arrays`), and the walkthrough's order of moments (`moments`)."""

from poolviz.trace.arrays import Trace, Windows, record
from poolviz.trace.moments import Moment, moments

__all__ = ["Moment", "Trace", "Windows", "moments", "record"]
