"""`pip install .` gives a `poolviz` command that serves the app, from any folder (no clone needed)."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import free_port
from tests.browser.helpers import REPO_ROOT, assert_no_exception, open_app


@pytest.fixture(scope="module")
def installed_poolviz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding poolviz's wheel; its dependencies come from the test venv (no download)."""
    work = tmp_path_factory.mktemp("install")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(work), str(REPO_ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(work.glob("poolviz-*.whl"))
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "--quiet", "--no-deps", "--no-index", str(wheel)], check=True)
    site = next((venv / "lib").glob("python3*/site-packages"))
    (site / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv / "bin" / "poolviz"


def test_installed_command_serves_the_app(page: Page, installed_poolviz: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    server = subprocess.Popen(
        [str(installed_poolviz), "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=tmp_path,  # not the clone: nothing of the repository is on the path
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("the installed poolviz command did not start a server within 60 s")
        open_app(page, url, "source=image&image=digit")
        assert_no_exception(page)
        heading = page.locator('[data-testid="stHeading"] h3').first.inner_text()
        assert heading.startswith("Forward (1)")
        assert page.locator(".js-plotly-plot").count() >= 1
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
