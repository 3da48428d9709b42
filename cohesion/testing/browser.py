"""Pages in a real browser: Debian's Chromium driven by Playwright, against a real server process.

``demo_server`` builds a demo database (SQLite, real data) in a temporary
folder with ``cohesion demo --no-serve`` and serves it with ``cohesion serve``
on a free local port, once per run. Screenshots go to ``test-artefacts/``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("COHESION_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTEFACTS = Path(settings.REPO_DIR) / "test-artefacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - local test server
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer at {url} within {timeout} s")


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base address of a demo site served by a real server process."""
    var_dir = tmp_path_factory.mktemp("demo-var")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        COHESION_VAR_DIR=str(var_dir),
        COHESION_DATA_DIR=str(settings.COHESION_DATA_DIR),
        DJANGO_SETTINGS_MODULE="cohesion.settings",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
    )
    cli = [sys.executable, "-m", "cohesion.cli"]
    setup = subprocess.run(
        [*cli, "demo", "--no-serve", "--no-progress"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if setup.returncode != 0:
        pytest.fail(f"cohesion demo --no-serve failed:\n{setup.stdout}\n{setup.stderr}")
    port = _free_port()
    log = open(var_dir / "server.log", "wb")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port), "--no-worker", "--no-scheduler"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/healthz", server)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}; the set-up installs Debian's chromium package."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


def _fresh_page(chromium: Any, **context_options: Any) -> Iterator[Any]:
    """A page in a new browser context (English, as a resident in the UK), closed afterwards."""
    context = chromium.new_context(locale="en-GB", **context_options)
    yield context.new_page()
    context.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    """A fresh browser context and page, desktop-sized."""
    yield from _fresh_page(chromium, viewport={"width": 1280, "height": 900})


@pytest.fixture
def phone_page(chromium: Any) -> Iterator[Any]:
    """A fresh page the size of a small phone, with touch."""
    yield from _fresh_page(
        chromium, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )


@pytest.fixture
def small_phone_page(chromium: Any) -> Iterator[Any]:
    """A fresh page the size of the smallest phone journeys are checked on (375 x 667), with touch."""
    yield from _fresh_page(
        chromium, viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True
    )


def screenshot(page: Any, name: str) -> Path:
    """Save a full-page screenshot under test-artefacts/ and return its path."""
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("networkidle")
