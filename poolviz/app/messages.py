"""Messages shown as written: st.error and friends render Markdown, and a message may quote user input."""

from __future__ import annotations

MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def plain(message: str) -> str:
    """`message` with every Markdown character escaped, so it shows exactly as written."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in message)
