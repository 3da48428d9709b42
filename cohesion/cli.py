"""The ``cohesion`` command: set-up, imports, exports, the demo and the server.

Every management command of a Cohesion app is also a verb here, with dashes
(``load_places`` -> ``cohesion load-places``), so an app adds a verb by adding
a management command. ``cohesion manage ...`` reaches any Django command.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from base64 import urlsafe_b64encode
from pathlib import Path

DESCRIPTION = """Cohesion: measure, monitor and strengthen community cohesion.

Common commands:
  cohesion demo                 set up the demo on SQLite with real Tees Valley data, then serve it
  cohesion demo --no-serve      set up the demo only
  cohesion serve [--port N]     serve an existing database (default http://127.0.0.1:8000)
  cohesion run-scheduler        run the scheduled jobs (`serve` runs it too; --once for cron)
  cohesion load-places          load boundaries and lookups from ../shared/data (or --data-dir)
  cohesion load-national        every ward and council of England and Wales, with its indicators
  cohesion createuser NAME      create a person who can sign in
  cohesion manage COMMAND ...   run any Django management command

Run `cohesion COMMAND --help` for a command's options.
"""


def _var_dir() -> Path:
    from cohesion.env import env_path

    return env_path("COHESION_VAR_DIR", Path(__file__).resolve().parent.parent / "var")


def _local_secret(name: str, make: str) -> str:
    """A per-installation secret kept in the var folder (for the embedded default only)."""
    path = _var_dir() / name
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = make
    path.write_text(value)
    path.chmod(0o600)
    return value


# Served on this machine only, over plain HTTP: no HTTPS redirect, cookies or HSTS.
PLAIN_HTTP = {"SECURE_SSL_REDIRECT": "false", "SECURE_COOKIES": "false", "SECURE_HSTS_SECONDS": "0"}
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")


def serves_this_machine_only(argv: list[str]) -> bool:
    """Whether ``argv`` is ``demo`` or ``serve`` listening on a loopback address (the default)."""
    if not argv or argv[0] not in ("demo", "serve") or "--no-serve" in argv[1:]:
        return False
    host = "127.0.0.1"
    for i, arg in enumerate(argv[1:], 1):
        if arg == "--host" and i + 1 < len(argv):
            host = argv[i + 1]
        elif arg.startswith("--host="):
            host = arg.split("=", 1)[1]
    return host in LOOPBACK_HOSTS


def _prepare_environment(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    if not os.environ.get("DATABASE_URL"):
        # The embedded default: secrets live beside the SQLite database, created once.
        os.environ.setdefault("SECRET_KEY", _local_secret("secret-key", secrets.token_urlsafe(50)))
        os.environ.setdefault(
            "CONTACT_ENCRYPTION_KEY",
            _local_secret("contact-key", urlsafe_b64encode(secrets.token_bytes(32)).decode()),
        )
        # A pilot on one machine is reached at http://127.0.0.1, which browsers
        # treat as private; anything listening further afield keeps HTTPS on.
        if serves_this_machine_only(argv or []):
            for name, value in PLAIN_HTTP.items():
                os.environ.setdefault(name, value)
    _var_dir().mkdir(parents=True, exist_ok=True)


def exit_on_terminate() -> None:
    """Treat SIGTERM (and SIGHUP) like Ctrl+C: raise, so every ``finally`` runs before the process ends.

    Python's default for SIGTERM ends the process at once, skipping clean-up, so
    ``cohesion serve`` and ``cohesion demo`` used to leave their task worker
    running when a service manager or container stopped them.
    """

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Ask Linux to send the child SIGTERM if its parent dies without stopping it (even SIGKILL)."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_child(command: list[str]) -> subprocess.Popen[bytes]:
    """Start a helper process (the task worker) that ends with this one."""
    if sys.platform.startswith("linux"):
        return subprocess.Popen(command, preexec_fn=_die_with_parent)
    return subprocess.Popen(command)


def stop_child(child: subprocess.Popen[bytes], timeout: float = 10) -> None:
    """Terminate a helper process and wait for it; kill it if it does not stop in time."""
    if child.poll() is not None:
        return
    child.terminate()
    try:
        child.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _verbs() -> dict[str, tuple[str, str]]:
    """Cohesion's own management commands, as CLI verbs: verb -> (app, command name)."""
    from django.core.management import get_commands

    return {
        name.replace("_", "-"): (app, name)
        for name, app in get_commands().items()
        if app.startswith("cohesion.")
    }


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    exit_on_terminate()
    _prepare_environment(argv)
    import django

    django.setup()
    from django.core.management import execute_from_command_line, load_command_class

    verbs = _verbs()
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(DESCRIPTION)
        print("All commands: " + ", ".join(sorted(verbs)))
        return 0
    verb, rest = argv[0], argv[1:]
    if verb == "manage":
        execute_from_command_line(["cohesion manage", *rest])
        return 0
    if verb not in verbs:
        print(
            f"cohesion: unknown command {verb!r}. Run `cohesion --help` to see the commands.",
            file=sys.stderr,
        )
        return 2
    app, name = verbs[verb]
    # run_from_argv prints a CommandError as a plain message and exits 1.
    load_command_class(app, name).run_from_argv(["cohesion", verb, *rest])
    return 0


if __name__ == "__main__":
    sys.exit(main())
