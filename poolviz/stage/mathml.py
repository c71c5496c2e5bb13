"""The spec's equations as MathML, made here from their LaTeX: the stage needs no KaTeX and no network.

Only the LaTeX the spec's steps use is understood (scripts, \\frac, \\left( \\right), cases, a few
symbols and operator names); anything else raises `UnknownLatexError`, so a new equation cannot silently
render wrong. Chromium, Firefox and Safari draw MathML Core natively.
"""

from __future__ import annotations

import re
from html import escape

SYMBOLS = {
    "partial": ("mi", "∂"),
    "delta": ("mi", "δ"),
    "Delta": ("mi", "Δ"),
    "in": ("mo", "∈"),
    "times": ("mo", "×"),
    "neq": ("mo", "≠"),
    "ne": ("mo", "≠"),
    "le": ("mo", "≤"),
    "cdot": ("mo", "·"),
    "{": ("mo", "{"),
    "}": ("mo", "}"),
    "_": ("mi", "_"),
}
CALLIGRAPHIC = {"L": "ℒ", "M": "ℳ"}
BIG_OPERATORS = {"max": "max", "min": "min", "sum": "∑"}  # drawn with limits under and over
SPACES = {" ": "0.3em", ",": "0.17em", ";": "0.28em", "quad": "1em"}
_TOKEN = re.compile(r"\\[a-zA-Z]+|\\.|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)  # letters one by one, as LaTeX sets them


class UnknownLatexError(ValueError):
    """A LaTeX command or construct this small converter does not know."""


def _tokens(latex: str) -> list[str]:
    return [t for t in _TOKEN.findall(latex) if not t.isspace()]


class _Parser:
    def __init__(self, latex: str) -> None:
        self.toks = _tokens(latex)
        self.pos = 0

    def peek(self) -> str | None:
        return self.toks[self.pos] if self.pos < len(self.toks) else None

    def take(self) -> str:
        tok = self.peek()
        if tok is None:
            raise UnknownLatexError("unexpected end of the equation")
        self.pos += 1
        return tok

    def expect(self, tok: str) -> None:
        got = self.take()
        if got != tok:
            raise UnknownLatexError(f"expected {tok!r}, found {got!r}")

    def sequence(self, stop: tuple[str, ...] = ()) -> str:
        """Atoms with their scripts until a stop token (not consumed) or the end."""
        parts = []
        while (tok := self.peek()) is not None and tok not in stop:
            parts.append(self.scripted())
        return "".join(parts)

    def group(self) -> str:
        """A {...} group or a single atom, as one mrow."""
        if self.peek() == "{":
            self.take()
            inner = self.sequence(("}",))
            self.expect("}")
            return f"<mrow>{inner}</mrow>"
        return self.atom()[0]

    def scripted(self) -> str:
        base, big = self.atom()
        sub = sup = None
        while self.peek() in ("_", "^"):
            which = self.take()
            if which == "_":
                sub = self.group()
            else:
                sup = self.group()
        if sub is None and sup is None:
            return base
        if big:
            if sub is not None and sup is not None:
                return f"<munderover>{base}{sub}{sup}</munderover>"
            return f"<munder>{base}{sub}</munder>" if sub is not None else f"<mover>{base}{sup}</mover>"
        if sub is not None and sup is not None:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        return f"<msub>{base}{sub}</msub>" if sub is not None else f"<msup>{base}{sup}</msup>"

    def atom(self) -> tuple[str, bool]:
        """One atom as MathML, and whether it takes limits under and over (max, min, sum)."""
        tok = self.take()
        if tok == "{":
            inner = self.sequence(("}",))
            self.expect("}")
            return f"<mrow>{inner}</mrow>", False
        if tok.startswith("\\"):
            return self.command(tok[1:])
        if tok.isalpha():
            return f"<mi>{escape(tok)}</mi>", False
        if tok[0].isdigit():
            return f"<mn>{tok}</mn>", False
        if tok in "=+-*<>:,()[]|/!'.":
            return f"<mo>{escape(tok.replace('-', '−'))}</mo>", False
        raise UnknownLatexError(f"unexpected {tok!r}")

    def command(self, name: str) -> tuple[str, bool]:
        if name in SYMBOLS:
            tag, text = SYMBOLS[name]
            return f"<{tag}>{escape(text)}</{tag}>", False
        if name in SPACES:
            return f'<mspace width="{SPACES[name]}"/>', False
        if name in BIG_OPERATORS:
            return f'<mo movablelimits="false">{BIG_OPERATORS[name]}</mo>', True
        if name == "operatorname":
            word = self._word()
            return f'<mo movablelimits="false" form="prefix">{escape(word)}</mo>', True
        if name == "mathcal":
            letter = self._word()
            if letter not in CALLIGRAPHIC:
                raise UnknownLatexError(f"\\mathcal{{{letter}}}")
            return f"<mi>{CALLIGRAPHIC[letter]}</mi>", False
        if name == "frac":
            num, den = self.group(), self.group()
            return f"<mfrac>{num}{den}</mfrac>", False
        if name == "left":
            opening = self._fence()
            inner = self.sequence(("\\right",))
            self.expect("\\right")
            closing = self._fence()
            return f'<mrow><mo stretchy="true">{opening}</mo>{inner}<mo stretchy="true">{closing}</mo></mrow>', False
        if name == "begin":
            env = self._word()
            if env != "cases":
                raise UnknownLatexError(f"\\begin{{{env}}}")
            return self._cases(), False
        raise UnknownLatexError(f"\\{name}")

    def _word(self) -> str:
        self.expect("{")
        word = ""
        while self.peek() != "}":
            word += self.take()
        self.expect("}")
        return word

    def _fence(self) -> str:
        tok = self.take()
        fences = {"(": "(", ")": ")", "[": "[", "]": "]", "\\{": "{", "\\}": "}", ".": ""}
        if tok not in fences:
            raise UnknownLatexError(f"fence {tok!r}")
        return escape(fences[tok])

    def _cases(self) -> str:
        rows, cells = [], []
        while True:
            cells.append(self.sequence(("&", "\\\\", "\\end")))
            tok = self.take()
            if tok == "&":
                continue
            rows.append(cells)
            cells = []
            if tok == "\\end":
                if self._word() != "cases":
                    raise UnknownLatexError("\\end without cases")
                break
        table = "".join(
            "<mtr>" + "".join(f'<mtd style="text-align:left">{c}</mtd>' for c in row) + "</mtr>" for row in rows
        )
        return f'<mrow><mo stretchy="true">{{</mo><mtable columnalign="left">{table}</mtable></mrow>'


def to_mathml(latex: str) -> str:
    """One display-style <math> element for `latex`; its `alttext` is the LaTeX itself."""
    parser = _Parser(latex)
    body = parser.sequence()
    if parser.peek() is not None:
        raise UnknownLatexError(f"unexpected {parser.peek()!r}")
    return f'<math display="block" alttext="{escape(latex)}"><mrow>{body}</mrow></math>'
