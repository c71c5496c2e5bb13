"""Uploaded pictures, decoded safely: every file a student may pick gets a picture or a plain message."""

from __future__ import annotations

import io
import warnings

import numpy as np
from PIL import Image, ImageChops, ImageOps

from poolviz.i18n import N_, _, decimal, number
from poolviz.inputs.errors import DECODE_ERRORS, InputError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # uploads above 5 MB are refused
MAX_UPLOAD_PIXELS = 40_000_000  # pictures above 40 megapixels are refused before they are decoded
UPLOAD_FORMATS = ("PNG", "JPEG", "GIF")  # Pillow decoders tried on an upload; nothing else is even attempted
_ACCEPTED_FORMATS = {"PNG", "JPEG", "MPO", "GIF"}  # MPO: a camera JPEG that holds extra pictures

# ---------------------------------------------------------------- uploaded pictures

_PLEASE_UPLOAD = N_("Upload a PNG or JPEG picture instead (for example a screenshot or a photo).")
_KNOWN_FILES = (  # (how the file starts, offset, what it is); used only to word the message for a refused file
    (b"%PDF", 0, N_("a PDF document, not a picture")),
    (b"PK\x03\x04", 0, N_("a zip archive or an Office document (Word, PowerPoint, Excel), not a picture")),
    (b"BM", 0, N_("a BMP picture")),
    (b"WEBP", 8, N_("a WEBP picture")),
    (b"II*\x00", 0, N_("a TIFF picture")),
    (b"MM\x00*", 0, N_("a TIFF picture")),
    (b"ftypheic", 4, N_("a HEIC picture (the iPhone format)")),
    (b"ftypheix", 4, N_("a HEIC picture (the iPhone format)")),
    (b"ftypmif1", 4, N_("a HEIC or AVIF picture")),
    (b"ftypavif", 4, N_("an AVIF picture")),
    (b"\x00\x00\x01\x00", 0, N_("an icon (ICO) picture")),
    (b"8BPS", 0, N_("a Photoshop (PSD) file")),
    (b"<svg", 0, N_("an SVG drawing")),
    (b"\x89PNG", 0, N_("a PNG picture, but it is damaged")),
    (b"\xff\xd8\xff", 0, N_("a JPEG picture, but it is damaged")),
    (b"GIF8", 0, N_("a GIF picture, but it is damaged")),
)


def _describe_unreadable(data: bytes) -> str:
    """A plain message for bytes Pillow could not identify as PNG, JPEG or GIF."""
    for magic, offset, what in _KNOWN_FILES:
        if data[offset : offset + len(magic)] == magic:  # `what` is the English msgid: its words choose the message
            if "damaged" in what:
                return _(
                    "This file looks like {what}, so it cannot be read. Save it again, or choose another picture.",
                    what=_(what),
                )
            if "picture" in what and "not a picture" not in what:
                return _(
                    "This file is {what}; poolviz reads only PNG or JPEG pictures (or GIF). Save it as PNG or JPEG "
                    "(most picture programs have 'Save as' or 'Export') and upload it again.",
                    what=_(what),
                )
            return _("This file is {what}. {upload}", what=_(what), upload=_(_PLEASE_UPLOAD))
    head = data[:2048].lstrip()
    if head[:5].lower() in (b"<?xml", b"<!doc", b"<html") or b"<svg" in head[:300].lower():
        return _("This file is a web page or drawing (text), not a picture. {upload}", upload=_(_PLEASE_UPLOAD))
    try:
        text = data[:2048].decode("utf-8")
    except UnicodeDecodeError:
        text = ""
    if text and all(c.isprintable() or c in "\r\n\t" for c in text):
        return _("This file contains text, not a picture. {upload}", upload=_(_PLEASE_UPLOAD))
    return _("This file is not a picture poolviz can read. {upload}", upload=_(_PLEASE_UPLOAD))


def _too_many_pixels(size: tuple[int, int] | None = None) -> str:
    """The message for a picture with too many pixels to open safely."""
    detail = (
        _("it is {w}×{h} pixels", w=decimal(size[0], 0), h=decimal(size[1], 0))
        if size
        else _("it has far too many pixels")
    )
    return _(
        "This picture is too large to open safely: {detail}, and the limit is {limit} million pixels. Choose a "
        "smaller picture (for example one resized to 1000×1000 pixels) and upload it again.",
        detail=detail,
        limit=MAX_UPLOAD_PIXELS // 1_000_000,
    )


def _damaged(fmt: str) -> str:
    """The message for a picture that starts well but cannot be decoded (often a cut-short upload)."""
    if fmt == "uploaded":
        return _(
            "This uploaded picture is damaged or incomplete (perhaps the file was cut short), so it cannot be read. "
            "Save it again or choose another picture, then upload it."
        )
    return _(
        "This {fmt} picture is damaged or incomplete (perhaps the file was cut short), so it cannot be read. "
        "Save it again or choose another picture, then upload it.",
        fmt=fmt,
    )


def _open_upload(data: bytes) -> Image.Image:
    """Identify the upload (header only) as PNG, JPEG or GIF and check its size before any pixel is decoded."""
    try:
        img = Image.open(io.BytesIO(data), formats=UPLOAD_FORMATS)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(_too_many_pixels()) from None
    except Image.UnidentifiedImageError:
        raise InputError(_describe_unreadable(data)) from None
    except DECODE_ERRORS:
        raise InputError(_damaged("uploaded")) from None
    problem = None
    width, height = img.size
    if img.format not in _ACCEPTED_FORMATS:  # cannot happen with `formats=`; kept as a second lock
        problem = f"This picture is a {img.format} file; poolviz reads only PNG or JPEG. {_PLEASE_UPLOAD}"
    elif width < 1 or height < 1:
        problem = _damaged(str(img.format))
    elif width * height > MAX_UPLOAD_PIXELS:
        problem = _too_many_pixels(img.size)
    if problem:
        img.close()
        raise InputError(problem)
    return img


def _decode(img: Image.Image) -> tuple[Image.Image, list[str]]:
    """Decode the first frame's pixels and turn a camera-rotated photo upright."""
    notes: list[str] = []
    fmt = "JPEG" if img.format == "MPO" else str(img.format)
    try:
        if getattr(img, "is_animated", False):  # an animated GIF or PNG, or a camera JPEG holding extra views
            if img.format != "MPO":
                notes.append(_("This {fmt} is animated; only its first frame is used.", fmt=fmt))
            img.seek(0)
        img.load()
    except DECODE_ERRORS:
        raise InputError(_damaged(fmt)) from None
    try:
        turned = img.getexif().get(0x0112, 1) in range(2, 9)  # EXIF orientation: 1 is already upright
        upright = ImageOps.exif_transpose(img) if turned else img
    except DECODE_ERRORS:  # a broken EXIF block only loses the rotation, never the picture
        turned, upright = False, img
    if turned:
        notes.append(_("The photo was turned upright, as the camera recorded it."))
    return upright, notes


def _gray(img: Image.Image) -> tuple[Image.Image, list[str]]:
    """Gray levels 0-255 as a Pillow image in mode "L" (or "F" for 16-bit): transparency on white, colour to gray.

    Works on Pillow images, not NumPy arrays, so a large upload never becomes a large float64 array.
    """
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I", "F"):
        levels = img.convert("F") if img.mode != "F" else img
        lo, hi = levels.getextrema()
        if img.mode != "F" and lo >= 0 and hi <= 65535:
            note = _("It is a 16-bit picture: its levels (0 to 65535) were scaled to 0-255.")
            return levels.point(lambda v: v * (255 / 65535)), [note]
        scale = 255 / (hi - lo) if hi > lo else 0.0  # not a 16-bit range: stretch what is there onto 0-255
        return levels.point(lambda v: v * scale - lo * scale), [_("Its levels were stretched onto 0-255.")]
    notes: list[str] = []
    if img.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in img.info:
        rgba = img.convert("RGBA")
        if rgba.getextrema()[3][0] < 255:
            notes.append(_("Its transparent parts were put on a white background."))
        img = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    if img.mode not in ("L", "1"):
        r, g, b = img.convert("RGB").split()
        if ImageChops.difference(r, g).getbbox() or ImageChops.difference(g, b).getbbox():
            notes.append(_("It was in colour; it was turned into shades of gray (0 = black, 255 = white)."))
    return img.convert("L"), notes


def _shrink(img: Image.Image, max_side: int) -> tuple[Image.Image, list[str]]:
    """Average down so the longer side is at most max_side, keeping the aspect ratio; never enlarge."""
    w, h = img.size
    if max(h, w) <= max_side:
        return img, []
    scale = max_side / max(h, w)
    new_w, new_h = max(1, round(w * scale)), max(1, round(h * scale))
    note = _(
        "The picture was {w}×{h} pixels (width × height); it was shrunk to {new_w}×{new_h} so every cell can be drawn.",
        w=w,
        h=h,
        new_w=new_w,
        new_h=new_h,
    )
    return img.resize((new_w, new_h), Image.Resampling.BOX), [note]


def image_from_bytes(data: bytes, max_side: int = 64) -> tuple[np.ndarray, list[str]]:
    """Decode an uploaded PNG, JPEG (or GIF, first frame) into gray levels 0-255, plus plain-language notes.

    Returns a float64 (h, w) array of whole numbers, shrunk (area average, aspect ratio kept) so that its
    longer side is at most `max_side`; an upload is never enlarged. Anything unusable raises InputError.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"image_from_bytes needs the file's bytes (uploaded_file.getvalue()); got {type(data).__name__}."
        )
    if isinstance(max_side, bool) or not isinstance(max_side, int) or max_side < 1:
        raise ValueError(f"max_side must be a whole number of at least 1; got {max_side!r}.")
    data = bytes(data)
    if not data:
        raise InputError(_("The file is empty (0 bytes). {upload}", upload=_(_PLEASE_UPLOAD)))
    if len(data) > MAX_UPLOAD_BYTES:
        raise InputError(
            _(
                "This file is {size} MB; the largest file accepted is {limit} MB. Choose a smaller picture, or save "
                "it at a smaller size, and upload it again.",
                size=number(len(data) / 1024 / 1024, ".1f"),
                limit=MAX_UPLOAD_BYTES // 1024 // 1024,
            )
        )
    with warnings.catch_warnings():
        # Pillow warns about odd but readable files (bad EXIF, broken APNG): not the user's concern. It warns,
        # then errors, on a picture with too many pixels: both become refusals. (catch_warnings is process-wide.)
        warnings.simplefilter("ignore")
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        with _open_upload(data) as img:
            decoded, notes = _decode(img)
            try:
                gray, gray_notes = _gray(decoded)
                small, size_notes = _shrink(gray, max_side)
            except DECODE_ERRORS:
                raise InputError(_damaged("uploaded")) from None
    values = np.clip(np.rint(np.asarray(small, dtype=np.float64)), 0, 255)
    return values, notes + gray_notes + size_notes
