"""The whole walkthrough as one standalone web page that plays offline (Plotly's JavaScript inside)."""

from __future__ import annotations

import html
import textwrap

import plotly.io as pio

from poolviz import i18n, themes
from poolviz.export.steps import POOL_NAMES, for_file
from poolviz.figures import steps, style
from poolviz.figures.grid import Figure
from poolviz.i18n import _, number
from poolviz.trace import Trace
from poolviz.trace.moments import PER_WINDOW, PHASES, Moment, steps_of
from poolviz.words import narration, spec_steps

HTML_WIDTH_PX = 720  # figure width in the web page

_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em;
       color: #222; line-height: 1.45; }
h1 { margin-bottom: 0.2em; }
h2 { margin-top: 2em; border-bottom: 2px solid #D55E00; padding-bottom: 0.2em; }
h3 { margin-top: 1.8em; }
table { border-collapse: collapse; margin: 0.8em 0; }
td { padding: 0.2em 0.8em 0.2em 0; vertical-align: top; }
td:first-child { font-weight: bold; white-space: nowrap; }
pre { background: #f6f6f6; padding: 0.6em 0.8em; border-left: 3px solid #4a6fa5; overflow-x: auto;
      font-size: 0.9em; }
.hint { color: #555; font-style: italic; }
.figure { margin: 0.8em 0 1.6em 0; }
"""


def _theme_css(theme: str) -> str:
    """The page in another theme's colours, over _CSS (light: nothing to add)."""
    p = themes.palette(theme)
    if p is themes.LIGHT:
        return ""
    return (
        f"body {{ background: {p.bg}; color: {p.ink}; }} h2 {{ border-bottom-color: {p.accent}; }} "
        f"pre {{ background: {p.panel}; border-left-color: {p.control}; }} .hint {{ color: {p.muted}; }}"
    )


def settings_line(trace: Trace, i: int, c: int) -> str:
    """One line naming the settings, e.g. 'max pooling, pool 2×2, strides 2×2, X (1, 6, 6, 1), sample 0, channel 0'."""
    d = trace.d
    return _(
        "{pool}, pool {ph}×{pw}, strides {sh}×{sw}, {shapes}, sample {i}, channel {c}",
        pool=_(POOL_NAMES[trace.pool]),
        shapes=f"X ({d['m']}, {d['h']}, {d['w']}, {d['d']}) → Z ({d['m']}, {d['oh']}, {d['ow']}, {d['d']})",
        i=i,
        c=c,
        **{k: d[k] for k in ("ph", "pw", "sh", "sw")},
    )


def _code(moment: Moment) -> str:
    step = narration.spec_step(moment)
    code = spec_steps.FORWARD_CODE if moment.phase == "forward" else spec_steps.BACKWARD_CODE
    first, last = step.lines
    return textwrap.dedent("\n".join(code.splitlines()[first - 1 : last]))


def _figure_html(spec: Figure, include_js: bool, still: bool = False, theme: str = "light") -> str:
    # A plain dict, not validated again: the builders' output is validated by their own tests (and a
    # go.Figure would cost ~0.15 s per animated figure).
    return pio.to_html(
        for_file(spec, still=still, theme=theme),
        validate=False,
        include_plotlyjs=include_js,
        full_html=False,
        auto_play=False,
        config={"displaylogo": False, "responsive": False},
    )


def example_window(trace: Trace, i: int, c: int) -> int:
    """The window the page shows for backward (4hw)-(8hw): the first with a tie, else the first."""
    return next((k for k in range(trace.n_windows) if len(trace.picked(k, i, c)) > 1), 0)


MAX_HTML_BYTES = 6_000_000


def walkthrough_html(trace: Trace, i: int, c: int, max_bytes: int = MAX_HTML_BYTES, theme: str = "light") -> bytes:
    """The whole walkthrough as one standalone web page (UTF-8) that plays offline, Plotly's JavaScript inside,
    in `theme` ("light", "dark" or "contrast").

    Animations whose frames would take the file over `max_bytes` become still pictures, largest first.
    """
    d = trace.d
    w = HTML_WIDTH_PX
    blocks: list[str | Figure] = []  # HTML text, or a figure to place there
    moving: set[int] = set()  # the blocks of the figures the page animates (forward 2 and 4, backward 9hw)

    def section(moment: Moment) -> None:
        step = narration.spec_step(moment)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in narration.explain(trace, moment, i, c))
        blocks.append(
            f"<section><h3>{html.escape(f'({step.number}) {step.title}')}</h3>{paragraphs}"
            f"<pre>{html.escape(_code(moment))}</pre>"
        )
        if steps.animated(moment):
            moving.add(len(blocks))
        blocks.extend(spec for _, spec in steps.figures(trace, moment, i, c, w))
        blocks.append("</section>")

    k_ex = example_window(trace, i, c)
    win = trace.windows[k_ex]
    tie = _(" (the first window with a tie)") if len(trace.picked(k_ex, i, c)) > 1 else ""
    for phase in PHASES:
        blocks.append(f"<h2>{html.escape(_('Forward pass') if phase == 'forward' else _('Backward pass'))}</h2>")
        for step in steps_of(phase):
            if step == PER_WINDOW["backward"][0]:
                where = _("window (oh={oh}, ow={ow}){tie}", oh=win.oh, ow=win.ow, tie=tie)
                line = _("Steps (4hw) to (8hw) run for every window; here for {where}.", where=where)
                blocks.append(f"<p>{html.escape(line)}</p>")
            per_window = step in PER_WINDOW[phase] and not steps.animated(Moment(phase, step))
            section(Moment(phase, step, k_ex if per_window else 0))
    total_dA, total_dX = float(trace.dA[i, :, :, c].sum()), float(trace.dX[i, :, :, c].sum())
    done = html.escape(_("All windows done."))
    blocks.append(f"<p><b>{done}</b> sum(dA) = {number(total_dA)}, sum(dX) = {number(total_dX)}.</p>")

    figures = [n for n, b in enumerate(blocks) if isinstance(b, dict)]
    rendered = {n: _figure_html(blocks[n], include_js=n == figures[0], theme=theme) for n in figures}
    still: set[int] = set()
    shapes = "".join(
        f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in narration.shapes_table(trace)
    )
    title = _(
        "Pooling, step by step: {pool} {ph}×{pw}, strides {sh}×{sw}",
        pool=_(POOL_NAMES[trace.pool]),
        **{k: d[k] for k in ("ph", "pw", "sh", "sw")},
    )
    about = html.escape(
        _("EpyNN's Pooling layer, step by step, exactly as its documentation writes it. Made with poolviz.")
    )
    settings = html.escape(_("Settings:"))
    offline = html.escape(_("This file works without the internet: open it in any web browser."))
    head = f"""<!DOCTYPE html>
<html lang="{i18n.current()}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>{_CSS}{_theme_css(theme)}</style>
</head>
<body>
<h1>{html.escape(title)}</h1>
<p>{about}</p>
<p><b>{settings}</b> {html.escape(settings_line(trace, i, c))}.</p>
<table>{shapes}</table>
<p class="hint">{offline}</p>
"""
    fixed = len(head.encode()) + sum(len(b.encode()) for b in blocks if isinstance(b, str)) + 1000
    animated = [n for n in figures if blocks[n].get("frames")]
    while fixed + sum(len(r.encode()) for r in rendered.values()) > max_bytes and len(still) < len(animated):
        largest = max((n for n in animated if n not in still), key=lambda n: len(rendered[n]))
        rendered[largest] = _figure_html(blocks[largest], include_js=largest == figures[0], still=True, theme=theme)
        still.add(largest)

    def hint(n: int) -> str:
        if n in still:
            words = _("To keep this file small, this picture shows the first window only; the app animates it.")
            return f"<p class='hint'>{html.escape(words)}</p>"
        if blocks[n].get("frames"):
            words = _("Press ▶ Play under the picture, or drag its slider, to move the window.")
            return f"<p class='hint'>{html.escape(words)}</p>"
        if n in moving and trace.n_windows > style.MAX_FRAMES:
            words = _(
                "This input has {n} windows, too many to animate: the picture shows the first window.",
                n=trace.n_windows,
            )
            return f"<p class='hint'>{html.escape(words)}</p>"
        return ""

    body = "".join(
        b if isinstance(b, str) else f'<div class="figure">{rendered[n]}</div>{hint(n)}' for n, b in enumerate(blocks)
    )
    return (head + body + "\n</body>\n</html>\n").encode("utf-8")
