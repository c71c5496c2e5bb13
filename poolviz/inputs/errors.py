"""What the input sources share: their one error, whose message is what the page shows, and their limits."""

from __future__ import annotations

import struct

from PIL import Image

MAX_ABS_VALUE = 1e6  # values beyond ±1,000,000 cannot be shown in a cell
DECODE_ERRORS = (  # what a damaged picture file can make Pillow raise
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    struct.error,
    IndexError,
    KeyError,
    TypeError,
    ZeroDivisionError,
    MemoryError,
    Image.DecompressionBombError,
    Image.DecompressionBombWarning,
)


class InputError(ValueError):
    """Input the page cannot use; the message says, in plain words, what to change."""
