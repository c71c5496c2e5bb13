"""The join link as a QR code for the projector, drawn by segno (a QR library with no dependencies of its own)."""

from __future__ import annotations

import io

import segno


def qr_png(text: str, scale: int = 12) -> bytes:
    """A PNG of `text` as a QR code: black on white, error correction M, the standard 4-module quiet zone."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()
