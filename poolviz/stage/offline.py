"""The stage as one standalone HTML file: it plays from file:// with no network and no server.

The same HTML, CSS and JavaScript as the Streamlit component, inlined; the data rides along as JSON. The
moment the stage is on goes into the address's #fragment, so a saved link opens on the same step
(`page.html#moment=backward:9hw:4&present=1`).
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from poolviz import themes
from poolviz.stage import assets

_BOOT = """
const host = document.getElementById("poolviz-stage-host");
const shadow = host.attachShadow({ mode: "open" });
shadow.appendChild(document.getElementById("poolviz-stage-template").content.cloneNode(true));
const hash = new URLSearchParams(location.hash.slice(1));
mountStage({
  parentElement: shadow,
  data: {
    payload: document.getElementById("poolviz-stage-data").textContent,
    goto: hash.get("moment") || "forward:1:0",
    present: hash.get("present") === "1",
    theme: hash.get("theme") || document.getElementById("poolviz-stage-host").dataset.theme,
  },
  setStateValue: (name, moment) => {
    hash.set(name, moment);
    history.replaceState(null, "", "#" + hash.toString());
  },
});
"""


def _page_css() -> str:
    """The page around the stage in the stage's background: the chosen theme's, or the browser's light or dark."""
    css = "html, body { margin: 0; background: #fff; } body { padding: 8px 12px 0; }"
    for p in themes.PALETTES.values():
        css += f' body:has([data-theme="{p.name}"]) {{ background: {p.bg}; }}'
    dark = themes.DARK.bg
    return css + f' @media (prefers-color-scheme: dark) {{ body:has([data-theme="auto"]) {{ background: {dark}; }} }}'


def _script_safe(text: str) -> str:
    """Text that cannot end its <script> or <template> early."""
    return text.replace("</", "<\\/")


def stage_html(
    data: dict[str, Any], title: str = "poolviz: the Pooling layer, step by step", theme: str = "auto"
) -> str:
    """One HTML file holding the stage for `data` (from `stage_data`), playable offline. `theme`: "light", "dark",
    "contrast", or "auto" (the browser's light or dark); `#theme=` in the address overrides it."""
    payload = json.dumps(data, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    js = assets.js_body() + "\n" + _BOOT
    if "</script" in js.lower():
        raise ValueError("the stage's JavaScript must not contain '</script'")
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n"
        f"<style>{_page_css()}</style>\n"
        "</head><body>\n"
        f'<div id="poolviz-stage-host" data-theme="{escape(theme)}"></div>\n'
        f'<template id="poolviz-stage-template"><style>{assets.css()}</style>{assets.html()}</template>\n'
        f'<script type="application/json" id="poolviz-stage-data">{_script_safe(payload)}</script>\n'
        f'<script type="module">\n{js}\n</script>\n'
        "</body></html>\n"
    )
