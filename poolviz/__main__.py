"""`python -m poolviz` and the `poolviz` command: launch the app with the classroom settings.

`poolviz check FILE.py` and `poolviz grade DIR` check students' pooling code instead (poolviz/check/cli.py);
any other arguments go to `streamlit run`, exactly as before those commands existed.
"""

from __future__ import annotations

import sys
from pathlib import Path

# The same settings as .streamlit/config.toml (a test keeps the two equal): an installed poolviz
# runs from any folder, where Streamlit would not find that file.
CLASSROOM_OPTIONS = {
    "server.maxUploadSize": 5,
    "server.fileWatcherType": "none",
    "server.enableXsrfProtection": True,
    "server.enableCORS": True,
    "server.headless": True,
    "browser.gatherUsageStats": False,
    "client.toolbarMode": "viewer",
    "client.showErrorDetails": "none",
    "runner.magicEnabled": False,
    "runner.postScriptGC": False,
    # no theme.base: Streamlit follows the browser between the light and the dark theme (poolviz/themes.py)
    "theme.font": "sans-serif",
    "theme.light.primaryColor": "#A84800",  # poolviz/palette.py
    "theme.light.textColor": "#000000",
    "theme.dark.primaryColor": "#ffc46b",
    "theme.dark.backgroundColor": "#15171c",
    "theme.dark.secondaryBackgroundColor": "#262a33",
    "theme.dark.textColor": "#eef0f4",
}


def _flag(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def main() -> None:
    if sys.argv[1:2] and sys.argv[1] in ("check", "grade"):  # the names of poolviz.check.cli.COMMANDS
        from poolviz.check import cli as check_cli  # no Streamlit: checking code needs only NumPy

        sys.exit(check_cli.main(sys.argv[1:]))
    from streamlit.web import cli

    app = Path(__file__).resolve().parent / "app" / "entry.py"
    options = [f"--{name}={_flag(value)}" for name, value in CLASSROOM_OPTIONS.items()]
    sys.argv = ["streamlit", "run", str(app), *options, *sys.argv[1:]]
    sys.exit(cli.main())


if __name__ == "__main__":
    main()
