"""`pip install .` gives a `poolviz` command that serves the app, from any folder (no clone needed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page

from poolviz.inputs.generated import load_sample
from poolviz.stage.data import text
from tests.browser.conftest import free_port
from tests.browser.helpers import (
    REPO_ROOT,
    STAGE,
    assert_no_exception,
    open_app,
    stage_moment,
    stage_rows,
    wait_for_stage,
)


@pytest.fixture(scope="module")
def installed_poolviz(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding poolviz's wheel; its dependencies come from the test venv (no download)."""
    work = tmp_path_factory.mktemp("install")
    # Built from a clean copy of what the wheel is made of: a build/ or *.egg-info left in the clone would hand
    # setuptools files that pyproject.toml does not declare (the stage's HTML, CSS and JS are package data).
    source = work / "source"
    shutil.copytree(REPO_ROOT / "poolviz", source / "poolviz", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO_ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", str(work), str(source)],
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
        # the stage's HTML, CSS and JS come from the wheel's package data: without them there is no stage, or
        # a stage that never draws (no moment) or is not laid out (no flex column)
        assert wait_for_stage(page) == "forward:1:0"
        assert page.locator(".pv-stage").evaluate("(el) => getComputedStyle(el).display") == "flex"
        digit = load_sample("digit", 6, 6)  # the sample digit, shrunk to the default 6 × 6
        assert stage_rows(page, "forward", "X") == [
            f"Row {r}: " + ", ".join(map(text, row)) + "." for r, row in enumerate(digit)
        ]
        page.locator(STAGE).focus()
        page.keyboard.press("ArrowRight")
        assert stage_moment(page) == "forward:2:0"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
