"""Beside each step: the spec's code with the step's lines highlighted, its equation, the shapes."""

from __future__ import annotations

import html

import streamlit as st

from poolviz import palette
from poolviz.i18n import _
from poolviz.trace import Trace
from poolviz.trace.moments import Moment
from poolviz.words import narration, spec_steps

_CODE_CSS = (
    "font-family: 'DejaVu Sans Mono', monospace; font-size: 13px; line-height: 1.35; "
    f"background: {palette.CODE_BACKGROUND}; "
    "border-radius: 6px; padding: 8px 0; overflow-x: auto; margin: 0"
)


def code_html(code: str, lines: tuple[int, int], context: int | None = None) -> str:
    """The spec's code (not user input) as HTML, lines[0]..lines[1] highlighted.

    With `context`, only the step's lines and that many around them, dedented so they fit a column.
    """
    numbered = list(enumerate(code.splitlines(), start=1))
    if context is not None:
        numbered = [(n, line) for n, line in numbered if lines[0] - context <= n <= lines[1] + context]
        indent = min((len(line) - len(line.lstrip()) for _, line in numbered if line.strip()), default=0)
        numbered = [(n, line[indent:]) for n, line in numbered]
    space = "pre" if context is None else "pre-wrap"  # the excerpt wraps rather than hides its ends
    rows = []
    for n, line in numbered:
        on = lines[0] <= n <= lines[1]
        style = (
            f"background:{palette.CODE_HIGHLIGHT}; border-left:5px solid {palette.WINDOW};"
            if on
            else "border-left:5px solid transparent;"
        )
        text = html.escape(line) or " "
        number = f'<span style="color:{palette.CODE_LINE_NUMBER}">{n:>2}</span>'
        rows.append(f'<div style="{style} padding: 0 10px; white-space: {space}">{number}  {text}</div>')
    return f'<div class="spec-code" style="{_CODE_CSS}">{"".join(rows)}</div>'


def code_panel(moment: Moment) -> None:
    step = narration.spec_step(moment)
    code = spec_steps.FORWARD_CODE if moment.phase == "forward" else spec_steps.BACKWARD_CODE
    name = "pooling_forward" if moment.phase == "forward" else "pooling_backward"
    st.markdown(
        _(
            "**The spec's code** — `{name}`, lines {lines}–{lines2}",
            name=name,
            lines=step.lines[0],
            lines2=step.lines[1],
        )
    )
    st.markdown(code_html(code, step.lines, context=2), unsafe_allow_html=True)
    with st.expander(_("The whole of {name}", name=name)):
        st.markdown(code_html(code, step.lines), unsafe_allow_html=True)


def equation_panel(moment: Moment, pool: str) -> None:
    st.markdown(_("**The equation**"))
    st.latex(narration.latex(moment, pool))


def shapes_panel(trace: Trace) -> None:
    rows = "\n".join(f"| {name} | {value} |" for name, value in narration.shapes_table(trace))
    st.markdown("**Shapes, with this input's numbers**\n\n| array | shape |\n|---|---|\n" + rows)
