"""The stage as one standalone HTML file: plays from file:// with no network (same JS and CSS inlined)."""

from __future__ import annotations

from typing import Any


def stage_html(data: dict[str, Any]) -> str:
    raise NotImplementedError
