"""axe-core in the page, and the measurements axe cannot make: accessible names, focus rings' contrast.

axe-core comes from the PyPI package axe-playwright-python, which ships axe.min.js (axe-core, MPL-2.0; the
wrapper is MIT): `pip install` brings it, nothing is fetched at test time. It is injected into the page and run
on the whole document; it sees into the stage's open shadow root.
"""

from __future__ import annotations

from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # WCAG 2.2 AA and all below it
# Best-practice rules the project holds itself to as well: headings in order, one h1 per page.
HEADING_RULES = ("heading-order", "page-has-heading-one")
BLOCKING = ("serious", "critical")


def run_axe(page: Page, context: str | None = None, rules: tuple[str, ...] = ()) -> dict[str, Any]:
    """axe-core's results for the page (or the part `context` selects): WCAG 2.2 AA rules plus HEADING_RULES,
    or only `rules` when given."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    if rules:
        options: dict[str, Any] = {"runOnly": {"type": "rule", "values": list(rules)}}
    else:
        options = {
            "runOnly": {"type": "tag", "values": WCAG_TAGS},
            "rules": {rule: {"enabled": True} for rule in HEADING_RULES},
        }
    options["resultTypes"] = ["violations", "incomplete"]
    return page.evaluate(
        "([context, options]) => axe.run(context ? document.querySelector(context) : document, options)",
        [context, options],
    )


def blocking(results: dict[str, Any]) -> list[dict[str, Any]]:
    """The violations that fail a page: serious or critical ones, and the heading rules."""
    return [v for v in results["violations"] if v["impact"] in BLOCKING or v["id"] in HEADING_RULES]


def report(violations: list[dict[str, Any]]) -> str:
    """Each violation's rule, impact and help, then each element's target and axe's summary of what to fix."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {' >>> '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def counts(results: dict[str, Any]) -> dict[str, int]:
    """{rule (impact): number of elements} of the violations."""
    return {f"{v['id']} ({v['impact']})": len(v["nodes"]) for v in results["violations"]}


# The accessible name of every control on the page (stage included: its shadow root is walked), as axe-core
# computes it (`axe.commons.text.accessibleText`), with the material-icon ligatures found in the control.
_NAMES_JS = """
() => {
  axe.setup(document);
  const controls = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) walk(el.shadowRoot);
      const role = el.getAttribute("role");
      const tag = el.tagName;
      const control = tag === "BUTTON" || tag === "SUMMARY" || tag === "SELECT" || tag === "TEXTAREA"
        || (tag === "A" && el.hasAttribute("href"))
        || (tag === "INPUT" && el.type !== "hidden")
        || ["button", "link", "checkbox", "radio", "switch", "tab", "slider", "combobox", "spinbutton",
            "menuitem", "option"].includes(role);
      if (!control) continue;
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      if (!el.checkVisibility()) continue;  // not rendered (display: none here or above)
      const shown = box.width > 0 && box.height > 0 && style.visibility !== "hidden";
      const hidden_input = tag === "INPUT" && !shown;  // a styled checkbox or radio: its label is what shows
      if (!shown && !hidden_input) continue;
      const icons = [...el.querySelectorAll('[data-testid="stIconMaterial"]')].map((i) => i.textContent);
      let name = "";
      try { name = axe.commons.text.accessibleText(el); } catch (e) { name = "(error: " + e.message + ")"; }
      controls.push({ tag, role, name: name.trim(), icons, html: el.outerHTML.slice(0, 160) });
    }
  };
  walk(document);
  axe.teardown();
  return controls;
}
"""


def control_names(page: Page) -> list[dict[str, Any]]:
    """Every control shown (or a styled native input): tag, role, accessible name, material-icon ligatures."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(_NAMES_JS)


# The focused element's ring and what is around it, from computed styles: the ring is the outline (or an
# inset/outset box-shadow of 2 px or more) of the focused element or of its nearest ancestor that draws one
# (a hidden checkbox shows it on its label); its neighbour is the first opaque background from the ring's owner
# outwards (an outline sits outside the owner, an inset shadow inside it).
_RING_JS = """
() => {
  let el = document.activeElement;
  while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => {
    const m = c && c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(",").map((v) => parseFloat(v));
    return { r, g, b, a: a === undefined ? 1 : a };
  };
  const up = (node) => node.parentElement || (node.getRootNode() && node.getRootNode().host) || null;
  const background = (node, inside) => {
    for (let n = inside ? node : up(node); n; n = up(n)) {
      const c = parse(getComputedStyle(n).backgroundColor);
      if (c && c.a > 0.9) return { colour: c, owner: n.tagName };
    }
    return { colour: { r: 255, g: 255, b: 255, a: 1 }, owner: "canvas" };
  };
  for (let n = el, depth = 0; n && depth < 6; n = up(n), depth++) {
    const s = getComputedStyle(n);
    const box = n.getBoundingClientRect();
    if (box.width < 4 || box.height < 4 || parseFloat(s.opacity) === 0) continue;  // hidden: its ring would not show
    if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) {
      return { kind: "outline", width: parseFloat(s.outlineWidth), ring: parse(s.outlineColor),
               around: background(n, parseFloat(s.outlineOffset) < 0), tag: el.tagName, owner: n.tagName,
               html: el.outerHTML.slice(0, 120) };
    }
    const shadow = s.boxShadow;
    if (shadow && shadow !== "none") {
      const px = "\\\\s+(-?[\\\\d.]+)px";  // colour, x, y, blur, spread[, inset]
      const m = shadow.match(new RegExp("(rgba?\\\\([^)]+\\\\))" + px + px + px + px + "(\\\\s+inset)?"));
      if (m && parseFloat(m[5]) >= 2) {
        return { kind: m[6] ? "inset shadow" : "shadow", width: parseFloat(m[5]), ring: parse(m[1]),
                 around: background(n, Boolean(m[6])), tag: el.tagName, owner: n.tagName,
                 html: el.outerHTML.slice(0, 120) };
      }
    }
  }
  return { kind: "none", tag: el.tagName, html: el.outerHTML.slice(0, 120) };
}
"""


def focus_ring(page: Page) -> dict[str, Any] | None:
    """The focused element's ring (see _RING_JS); None when nothing has the focus."""
    return page.evaluate(_RING_JS)


def _luminance(c: dict[str, float]) -> float:
    def lin(v: float) -> float:
        v /= 255
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c["r"]) + 0.7152 * lin(c["g"]) + 0.0722 * lin(c["b"])


def contrast(a: dict[str, float], b: dict[str, float]) -> float:
    """WCAG's contrast ratio of two opaque colours {r, g, b} (0–255)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def hex_colour(text: str) -> dict[str, float]:
    """ "#RRGGBB" as {r, g, b}."""
    text = text.lstrip("#")
    return {"r": int(text[0:2], 16), "g": int(text[2:4], 16), "b": int(text[4:6], 16)}
