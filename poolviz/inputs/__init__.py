"""Where the page's numbers come from: random arrays, sample pictures, uploaded pictures and typed-in grids.

Pure Python, NumPy and Pillow (no Streamlit). Anything a user can get wrong raises `InputError`, whose message
is written for a teacher or a student, not a programmer: the page shows it as it is. Nothing typed is evaluated:
grid cells are read with `float()` only, and sample names are checked against a fixed list before any file is read.
"""

from poolviz.inputs.errors import MAX_ABS_VALUE, InputError
from poolviz.inputs.generated import (
    MAX_CELLS,
    after_relu,
    load_sample,
    ones_gradient,
    random_floats,
    random_integer_gradient,
    random_integers,
    with_nan,
)
from poolviz.inputs.grid import GridError, grid_rows, parse_grid
from poolviz.inputs.upload import MAX_UPLOAD_BYTES, MAX_UPLOAD_PIXELS, image_from_bytes

__all__ = [
    "MAX_ABS_VALUE",
    "MAX_CELLS",
    "MAX_UPLOAD_BYTES",
    "MAX_UPLOAD_PIXELS",
    "GridError",
    "InputError",
    "after_relu",
    "grid_rows",
    "image_from_bytes",
    "load_sample",
    "ones_gradient",
    "parse_grid",
    "random_floats",
    "random_integer_gradient",
    "random_integers",
    "with_nan",
]
