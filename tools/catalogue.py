"""Refresh the message catalogue from the source: poolviz/locale/poolviz.pot, then each language's .po.

    python tools/catalogue.py

It runs Babel's own commands (`pybabel extract` with babel.cfg, then `pybabel update`): a new string shows up in
every .po with an empty msgstr, for a translator to fill in; tests/test_catalogue.py fails until then.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "poolviz" / "locale"
POT = LOCALE / "poolviz.pot"
KEYWORDS = ["-k", "_", "-k", "N_", "-k", "ngettext:1,2", "-k", "plural_forms:1,2"]
EXTRACT = ["extract", "-F", "babel.cfg", *KEYWORDS, "--no-location", "--sort-output", "--project", "poolviz"]


def pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT, check=True)


def main() -> None:
    pybabel(*EXTRACT, "--no-default-keywords", "-o", str(POT), "poolviz")
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/poolviz.po")):
        pybabel(
            "update",
            "-i",
            str(POT),
            "-o",
            str(po),
            "-l",
            po.parent.parent.name,
            "--no-fuzzy-matching",
            "--ignore-obsolete",
        )


if __name__ == "__main__":
    main()
