"""The join link as a QR code for the projector, drawn by segno (a QR library with no dependencies of its own)."""

from __future__ import annotations

import base64
import html
import io

import segno


def qr_png(text: str, scale: int = 12) -> bytes:
    """A PNG of `text` as a QR code: black on white, error correction M, the standard 4-module quiet zone."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=4, dark="#000000", light="#ffffff")
    return out.getvalue()


def qr_img_html(text: str, width_px: int) -> str:
    """The QR code as an <img> with a text alternative that says the link (st.image has no alt before 1.65)."""
    data = base64.b64encode(qr_png(text)).decode("ascii")
    alt = html.escape(f"QR code of the join link {text}", quote=True)
    size = f'width="{width_px}" height="{width_px}" style="max-width: 100%; height: auto"'  # a phone: the column
    return f'<img src="data:image/png;base64,{data}" alt="{alt}" {size}>'
