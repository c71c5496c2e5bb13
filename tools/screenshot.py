"""Screenshot the running poolviz app once it has settled, in Debian's headless Chromium (never a download).

    python tools/screenshot.py URL OUT.png [--width 1280 --height 720] [--full-page] [--color-scheme dark]

Start the app first (`make run`). Sizes worth checking: laptop 1280x800, projectors 1920x1080 and 1280x720.
The browser is /usr/bin/chromium, or $CHROMIUM_PATH when set (`make chromium` installs Debian's package).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import Page, sync_playwright

from tests.browser.helpers import DEFAULT_TIMEOUT_MS, chromium_path, launch_options, open_app, wait_until_settled

# Streamlit scrolls its main area (and the sidebar) inside their own containers, so the document itself is only
# as tall as the viewport and Playwright's full_page alone captures no more than the viewport.
_CONTENT_HEIGHT_JS = """() => Math.max(
  document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stAppViewContainer"], '
    + '[data-testid="stSidebarContent"]')].map((el) => el.scrollHeight)
)"""


def _grow_to_content(page: Page, width: int, height: int) -> None:
    """Make the viewport as tall as the app's content, then let the app settle at that size."""
    content = int(page.evaluate(_CONTENT_HEIGHT_JS))
    if content > height:
        page.set_viewport_size({"width": width, "height": content})
        page.wait_for_timeout(500)  # resize handlers (Plotly's autosize) are debounced
        wait_until_settled(page)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot the Streamlit app after it has finished running.")
    parser.add_argument("url", help="the app's URL, query string included, e.g. http://localhost:8501/?ph=3")
    parser.add_argument("out", type=Path, help="the PNG file to write")
    parser.add_argument("--width", type=int, default=1280, help="viewport width in CSS pixels (default 1280)")
    parser.add_argument("--height", type=int, default=720, help="viewport height in CSS pixels (default 720)")
    parser.add_argument(
        "--full-page", action="store_true", help="the whole app: the viewport grows to the content's height"
    )
    parser.add_argument(
        "--color-scheme", choices=("light", "dark"), default="light", help="the browser's prefers-color-scheme"
    )
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT_MS / 1000, help="seconds to wait for the app (default 30)"
    )
    args = parser.parse_args(argv)

    executable, why = chromium_path()
    if executable is None:
        print(f"screenshot: {why}. Run `make chromium` (Debian's chromium) or set CHROMIUM_PATH.", file=sys.stderr)
        return 2

    with sync_playwright() as p:
        browser = p.chromium.launch(**launch_options(executable))
        try:
            viewport = {"width": args.width, "height": args.height}
            page = browser.new_page(viewport=viewport, color_scheme=args.color_scheme)
            try:
                open_app(page, args.url, timeout=args.timeout * 1000)
            except Exception as exc:
                print(f"screenshot: the app at {args.url} did not load: {exc}", file=sys.stderr)
                return 1
            exceptions = page.locator('[data-testid="stException"]').count()
            if exceptions:
                print(f"screenshot: warning: the app shows {exceptions} exception box(es)", file=sys.stderr)
            if args.full_page:
                _grow_to_content(page, args.width, args.height)
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out), full_page=args.full_page)
        finally:
            browser.close()
    print(f"{args.out} ({args.width}x{args.height}{', full page' if args.full_page else ''})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
