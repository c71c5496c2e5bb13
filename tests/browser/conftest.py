"""Fixtures for the real-browser tests: Debian's Chromium through pytest-playwright, and a live `streamlit run`.

No browser is ever downloaded (never `playwright install`): Playwright drives /usr/bin/chromium, or
``$CHROMIUM_PATH`` when set. Without one, the tests fail under CI (``CI=true``) and skip locally.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Generator, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext

from tests.browser.helpers import LAPTOP, REPO_ROOT, chromium_path, in_ci, launch_options, stop_server

HERE = Path(__file__).resolve().parent
SERVER_START_TIMEOUT_S = 60
SERVER_LOG_TAIL = 200  # lines of the server's output attached to a failing test's report

_server_log_key = pytest.StashKey[Path]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser carries the `browser` marker."""
    for item in items:
        if HERE in item.path.resolve().parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """The Chromium to drive. Missing: a failure under CI, a skip (naming `make test`) elsewhere."""
    path, why = chromium_path()
    if path is not None:
        return path
    if in_ci():
        pytest.fail(
            f"Browser tests cannot run: {why}. CI must provide Chromium: `make test` installs Debian's chromium "
            "via .ci/ensure-chromium (or set CHROMIUM_PATH to a Chrome/Chromium). Never `playwright install`.",
            pytrace=False,
        )
    pytest.skip(f"no browser for the browser tests ({why}); run `make test`, which installs Debian's chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], chromium_executable: str) -> dict[str, Any]:
    """pytest-playwright's launch options, pointed at Debian's Chromium with the project's flags."""
    return {**browser_type_launch_args, **launch_options(chromium_executable)}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A laptop-sized viewport (1280×800) by default."""
    return {**browser_context_args, "viewport": dict(LAPTOP)}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode(errors="replace").strip() == "ok"
    except OSError:
        return False


def _tail(path: Path, lines: int = SERVER_LOG_TAIL) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError as exc:
        return f"(cannot read {path}: {exc})"
    return "\n".join(text.splitlines()[-lines:]) or "(no output)"


def start_server(port: int, log_path: Path, *, env: Mapping[str, str] | None = None) -> subprocess.Popen:
    """`streamlit run app.py` on `port`, its output appended to `log_path`; returns once it is healthy.

    env: variables set for the server on top of this process's own (e.g. POOLVIZ_STORE for a class store).
    """
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with log_path.open("ab") as log:
        proc = subprocess.Popen(
            cmd,
            cwd=REPO_ROOT,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **env} if env else None,
        )
    health = f"http://127.0.0.1:{port}/_stcore/health"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not _healthy(health):
        if proc.poll() is not None:
            pytest.fail(
                f"`streamlit run app.py` exited with code {proc.returncode} before it was healthy. "
                f"Its output ({log_path}):\n{_tail(log_path)}",
                pytrace=False,
            )
        if time.monotonic() > deadline:
            stop_server(proc)
            pytest.fail(
                f"`streamlit run app.py` was not healthy at {health} after {SERVER_START_TIMEOUT_S} s. "
                f"Its output ({log_path}):\n{_tail(log_path)}",
                pytrace=False,
            )
        time.sleep(0.25)
    return proc


@pytest.fixture(scope="session")
def app_url(
    chromium_executable: str, tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> Iterator[str]:
    """`streamlit run app.py` on a free local port, for the whole session; yields its base URL.

    Depends on `chromium_executable` so that no server starts when the tests cannot run anyway.
    """
    port = free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    pytestconfig.stash[_server_log_key] = log_path
    proc = start_server(port, log_path)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A failing test that used the live server gets the tail of the server's output in its report."""
    report = yield
    if report.failed and "app_url" in getattr(item, "fixturenames", ()):
        log_path = item.config.stash.get(_server_log_key, None)
        if log_path is not None and log_path.exists():
            report.sections.append((f"streamlit server output ({log_path})", _tail(log_path)))
    return report


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    """Browser contexts made on demand (a projector's, phones'), each with its own cookies and session; closed after."""
    made: list[BrowserContext] = []
    yield made
    for context in made:
        context.close()
