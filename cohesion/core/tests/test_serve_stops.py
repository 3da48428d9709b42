"""Stopping ``cohesion serve`` with SIGTERM or SIGINT stops its task worker and job scheduler too (Trust item 17)."""

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


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stop_signal_to_cohesion_serve_stops_the_server_its_worker_and_its_scheduler(
    tmp_path, signum
):
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
    children: list[int] = []
    try:

        def answers() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                    return r.status == 200
            except OSError:
                return False

        _wait_until(answers, 60, "the server to answer")
        _wait_until(lambda: len(_children_of(server.pid)) == 2, 30, "the worker and scheduler")
        children = _children_of(server.pid)
        commands = sorted(_command_line(pid) for pid in children)
        assert "db_worker" in commands[0] and "run_scheduler" in commands[1], commands
        assert all(_running(pid) for pid in children)

        server.send_signal(signum)
        server.wait(timeout=30)
        _wait_until(lambda: not any(map(_running, children)), 15, "the children to stop")
        assert not _running(server.pid)
    finally:
        for pid in (*children, server.pid):
            if _running(pid):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)
