"""``cohesion serve``'s web server passes a trusted proxy's X-Forwarded-For on to Cohesion, and only then."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from waitress.server import create_server  # type: ignore[import-untyped]

from cohesion.core.management.commands.serve import server_options


def _echo_forwarded_for(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    yield environ.get("HTTP_X_FORWARDED_FOR", "(none)").encode()


def _serve_until(server: Any, stop: threading.Event) -> None:
    """Serve until ``stop`` is set, then close the server in this same thread.

    Closing it from the test's thread while this one waits in ``select()`` on its
    sockets ends the wait with "Bad file descriptor", an exception in a thread that
    pytest reports as a warning.
    """
    while not stop.is_set():
        server.asyncore.loop(timeout=0.05, map=server._map, count=1)
    server.task_dispatcher.shutdown()
    server.asyncore.close_all(server._map)


def _forwarded_for_seen(proxies: int, settings: Any) -> str:
    settings.TRUSTED_PROXY_COUNT = proxies
    server = create_server(_echo_forwarded_for, **server_options("127.0.0.1", 0, 1))
    stop = threading.Event()
    thread = threading.Thread(target=_serve_until, args=(server, stop), daemon=True)
    thread.start()
    try:
        conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=10)
        conn.request("GET", "/", headers={"X-Forwarded-For": "203.0.113.7"})
        return conn.getresponse().read().decode()
    finally:
        stop.set()
        thread.join(timeout=10)


@pytest.mark.parametrize(("proxies", "seen"), [(0, "(none)"), (1, "203.0.113.7")])
def test_x_forwarded_for_reaches_cohesion_only_behind_a_trusted_proxy(
    proxies: int, seen: str, settings: Any
) -> None:
    assert _forwarded_for_seen(proxies, settings) == seen
