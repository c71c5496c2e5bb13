"""The link that opens the walkthrough on a case, at the step and window where the student's code went wrong.

Built by the page's own `to_query` (poolviz/app/settings.py, plain Python, no Streamlit), so a link
from `poolviz check` can never drift from what the page reads. The only module of poolviz/check that
reaches into poolviz/app.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from poolviz.app.settings import Inputs, Place, to_query
from poolviz.check.cases import Case

DEFAULT_BASE = "http://localhost:8501/"  # where `poolviz` serves the page by default


@dataclass(frozen=True)
class Where:
    """A place in the walkthrough: the pass, the spec step, the window (row, col), the sample and channel shown."""

    phase: str
    step: str
    row: int = 0
    col: int = 0
    i: int = 0
    c: int = 0


def inputs_of(case: Case, i: int = 0, c: int = 0) -> Inputs:
    """The sidebar's settings that rebuild `case`: the same maker, seed, shape, pool, strides and gradient."""
    m, h, w, d = case.shape
    return Inputs(
        ph=case.f,
        pw=case.f,
        sh=case.stride,
        sw=case.stride,
        pool=case.pool,
        m=m,
        h=h,
        w=w,
        d=d,
        seed=case.seed,
        source=case.source,
        grad=case.grad,
        i=i,
        c=c,
    )


def link(case: Case, where: Where, base: str = DEFAULT_BASE) -> str:
    place = Place(view="walk", phase=where.phase, step=where.step, row=where.row, col=where.col)
    query = to_query(inputs_of(case, where.i, where.c), place)
    return f"{base.rstrip('/')}/?{urlencode(query, safe=',')}"
