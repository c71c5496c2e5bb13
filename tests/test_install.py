"""The installed `poolviz` command and a clone's `streamlit run app.py` use the same classroom settings."""

from __future__ import annotations

import tomllib
from pathlib import Path

from poolviz.__main__ import CLASSROOM_OPTIONS

ROOT = Path(__file__).resolve().parent.parent


def test_command_options_match_the_config_file() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())

    def flat(table: dict, prefix: str = "") -> dict:  # nested sections ([theme.dark]) as dotted names
        out = {}
        for name, value in table.items():
            out.update(flat(value, f"{prefix}{name}.") if isinstance(value, dict) else {f"{prefix}{name}": value})
        return out

    assert flat(config) == CLASSROOM_OPTIONS


def test_classroom_settings() -> None:
    assert CLASSROOM_OPTIONS["server.maxUploadSize"] <= 10
    assert CLASSROOM_OPTIONS["server.enableXsrfProtection"] is True
    assert CLASSROOM_OPTIONS["browser.gatherUsageStats"] is False
    assert CLASSROOM_OPTIONS["client.showErrorDetails"] == "none"
