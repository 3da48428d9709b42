"""Stopping ``cohesion serve`` with SIGTERM stops its task worker too (Trust item 17)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _children_of(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in brackets and may hold spaces; the parent follows the state.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return children


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_sigterm_to_cohesion_serve_stops_the_server_and_its_task_worker(tmp_path):
    """Trust item 17: SIGTERM to ``cohesion serve`` (and so ``cohesion demo``) left the task worker running."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "TASKS_BACKEND")}
    env.update(
        COHESION_VAR_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="cohesion.settings",
        PYTHONPATH=str(REPO),
    )
    cli = [sys.executable, "-m", "cohesion.cli"]
    subprocess.run([*cli, "manage", "migrate", "--verbosity", "0"], env=env, cwd=REPO, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--threads", "2"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    worker = None
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait_until(answers, 60, "the server to answer")
        _wait_until(lambda: bool(_children_of(server.pid)), 30, "the task worker to start")
        (worker,) = _children_of(server.pid)
        assert _running(worker)

        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        _wait_until(lambda: not _running(worker), 15, "the task worker to stop")
        assert not _running(server.pid)
    finally:
        for pid in (worker, server.pid):
            if pid is not None and _running(pid):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)
