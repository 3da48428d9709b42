"""Running a benchmark's child process on SQLite and on a scratch PostgreSQL database.

Shared by the benchmarks that measure both engines: each child is this same
script started with ``--child`` and an environment naming the engine, and
prints one JSON line as its last output. The PostgreSQL database is made afresh
from an admin connection (``COHESION_BENCH_PG``, default the server's ``test``
database) and dropped afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PG_ADMIN = os.environ.get("COHESION_BENCH_PG", "postgres://postgres@127.0.0.1:5432/test")


def run_child(
    script: str, args: list[str], name: str, database_url: str | None, var_dir: Path
) -> dict:
    """Run ``script --child ARGS`` on one engine and return the JSON it printed last."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="cohesion.settings",
        PYTHONPATH=str(REPO),
        COHESION_VAR_DIR=str(var_dir / name),
        COHESION_DATA_DIR=env.get("COHESION_DATA_DIR", str(REPO.parent / "shared" / "data")),
        SECRET_KEY=env.get("SECRET_KEY", "bench-only-secret-key-0123456789abcdef-0123456789"),
    )
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    out = subprocess.run(
        [sys.executable, script, "--child", *args],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def fresh_postgres(database: str) -> str:
    """Drop and create the scratch database; its URL."""
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")
        conn.execute(f"CREATE DATABASE {database}")
    return PG_ADMIN.rsplit("/", 1)[0] + f"/{database}"


def drop_postgres(database: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {database}")
