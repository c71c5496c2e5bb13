"""Export for slides: the walkthrough as one offline web page, as an animated GIF, a figure as a PNG. No Streamlit.

- `stage_page` (stage_page.py): the app's own stage in one file, playing from file:// (the same picture, keys and
  words as the page).
- `walkthrough_html` (webpage.py): every spec step with its heading, plain explanation, code lines and Plotly
  figure; the animations (forward 2 and 4, backward 9hw) keep their ▶ Play button and slider. Plotly's
  JavaScript is written into the file once, so it plays from file:// without the internet.
- `walkthrough_gif` (gif.py): Pillow only; the grids are drawn cell by cell: Z filling window by window
  (forward 4), then dX collecting the gradient window by window (backward 9hw).
- `figure_png` (png.py): one figure through kaleido, which needs a Chromium or Chrome on the machine.
"""

from poolviz.export.gif import GIF_MAX_FRAMES, GIF_WIDTH, gif_frame_count, gif_windows, walkthrough_gif
from poolviz.export.png import CHROMIUM_MISSING, KALEIDO_MISSING, chromium_for_kaleido, figure_png, png_available
from poolviz.export.stage_page import stage_page
from poolviz.export.steps import for_file
from poolviz.export.webpage import MAX_HTML_BYTES, example_window, settings_line, walkthrough_html

__all__ = [
    "CHROMIUM_MISSING",
    "GIF_MAX_FRAMES",
    "GIF_WIDTH",
    "KALEIDO_MISSING",
    "MAX_HTML_BYTES",
    "chromium_for_kaleido",
    "example_window",
    "figure_png",
    "for_file",
    "gif_frame_count",
    "gif_windows",
    "png_available",
    "settings_line",
    "stage_page",
    "walkthrough_gif",
    "walkthrough_html",
]
