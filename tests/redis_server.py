"""A real redis-server of our own, on a free loopback port, for the classroom store's tests and benchmark.

    with redis_server() as url:     # "redis://127.0.0.1:<port>/0"
        ...

Started with no persistence (`--save '' --appendonly no`), bound to 127.0.0.1 only, ended by its own process
handle. `redis_missing()` says why it cannot run (no redis-server binary, or no `redis` client package);
`.ci/ensure-redis` installs Debian's redis-server, `make setup` the client (the `test` extra).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

HOST = "127.0.0.1"  # the only address a server of ours listens on
START_TIMEOUT_S = 10


def redis_server_path() -> str | None:
    """$REDIS_SERVER if it names an executable, else redis-server on PATH, else None."""
    chosen = os.environ.get("REDIS_SERVER")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    return shutil.which("redis-server")


def redis_missing() -> str | None:
    """None when a Redis can be started and spoken to here; else why not, in words."""
    if redis_server_path() is None:
        return (
            "no redis-server ($REDIS_SERVER or PATH; `make test` installs Debian's redis-server via .ci/ensure-redis)"
        )
    try:
        import redis  # noqa: F401
    except ImportError:
        return "the redis client package is not installed (pip install -e '.[test]')"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _pong(port: int) -> bool:
    try:
        with socket.create_connection((HOST, port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def redis_server() -> Iterator[str]:
    """A fresh redis-server for the duration of the block: its URL. Stopped (and waited for) on the way out."""
    binary = redis_server_path()
    if binary is None:
        raise RuntimeError(redis_missing())
    workdir = tempfile.mkdtemp(prefix="poolviz-redis-")
    for _ in range(3):  # a free port can be taken by someone else between the bind above and redis binding it
        port = _free_port()
        args = [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"]
        args += ["--dir", workdir, "--protected-mode", "yes"]
        log = os.path.join(workdir, "redis.log")
        with open(log, "wb") as out:  # a file, not a pipe: nobody reads redis's log while it runs
            proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT_S
        while proc.poll() is None and time.monotonic() < deadline and not _pong(port):
            time.sleep(0.02)
        if proc.poll() is None and _pong(port):
            break
        proc.kill()
        proc.wait()
        with open(log, errors="replace") as f:
            output = f.read()
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        raise RuntimeError(f"redis-server did not start on {HOST}: {output[-2000:]}")
    try:
        yield f"redis://{HOST}:{port}/0"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(workdir, ignore_errors=True)
