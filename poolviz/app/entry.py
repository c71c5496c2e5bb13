"""Entry used by `python -m poolviz` when poolviz is installed (app.py is the same for a clone)."""

from poolviz.app.main import run

run()
