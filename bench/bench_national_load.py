"""Loading every ward and council of England and Wales: time and database size, SQLite and PostgreSQL.

For each engine (SQLite in a temporary folder, and PostgreSQL on 127.0.0.1:5432
in a scratch database ``bench_national`` made afresh for the run from the
server's ``test`` database and dropped after it), a child process migrates an
empty database and then:

1. the peer: the Tees Valley installation every council starts from
   (``load_places`` then ``load_indicators``, as ``cohesion demo`` loads it),
   timed, and the database measured;
2. ``cohesion load-national``, which adds the other 7,487 wards of England and
   Wales and fills every ward with Census 2021, IMD 2025 and loneliness values
   (what step 1 loaded is skipped), timed, and the database measured again;
3. ``cohesion load-national`` once more, which must change nothing.

The full national load on a fresh database is step 1 + step 2 (the command
runs both when started on an empty database). The ratios say what England and
Wales costs over Tees Valley. Size is the SQLite file with its write-ahead log
after a checkpoint, or ``pg_database_size``. PostgreSQL is skipped, with a
line saying so, when it cannot be reached.

It takes a few minutes per engine on a 2-core machine. Run:
``.venv/bin/python bench/bench_national_load.py`` (``--sqlite-only`` to skip
PostgreSQL; ``--quick`` is accepted and changes nothing, because the load is
the real national data or nothing). ``COHESION_BENCH_PG`` names the database to
connect to first (default ``test``), ``COHESION_BENCH_PG_NAME`` the scratch
database (default ``bench_national``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

from engines import PG_ADMIN, drop_postgres, fresh_postgres, run_child

PG_NAME = os.environ.get("COHESION_BENCH_PG_NAME", "bench_national")


def database_bytes() -> int:
    from django.conf import settings
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            return int(cursor.fetchone()[0])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    path = Path(settings.DATABASES["default"]["NAME"])
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def child() -> None:
    """Runs inside a process whose DATABASE_URL names the engine; prints one JSON line."""
    import django

    django.setup()
    from django.core.management import call_command

    from cohesion.indicators.loaders.base import load_indicators
    from cohesion.indicators.models import IndicatorValue
    from cohesion.places.loaders import load_places
    from cohesion.places.models import Area

    data_dir = Path(os.environ["COHESION_DATA_DIR"])
    call_command("migrate", interactive=False, verbosity=0)
    empty = database_bytes()
    started = time.perf_counter()
    load_places(data_dir)
    load_indicators(data_dir)
    tees_valley_s = time.perf_counter() - started
    tees_valley_bytes = database_bytes()
    tees_valley_values = IndicatorValue.objects.count()
    started = time.perf_counter()
    call_command("load_national", "--no-progress", stdout=StringIO(), stderr=StringIO())
    national_s = time.perf_counter() - started
    national_bytes = database_bytes()
    started = time.perf_counter()
    call_command("load_national", "--no-progress", stdout=StringIO(), stderr=StringIO())
    again_s = time.perf_counter() - started
    print(
        json.dumps(
            {
                "empty_bytes": empty,
                "tees_valley_s": tees_valley_s,
                "tees_valley_bytes": tees_valley_bytes,
                "tees_valley_values": tees_valley_values,
                "national_s": national_s,
                "national_bytes": national_bytes,
                "values": IndicatorValue.objects.count(),
                "wards": Area.objects.filter(level="ward", generation__code="WD25").count(),
                "again_s": again_s,
            }
        )
    )


def mb(size: int) -> str:
    return f"{size / 1_000_000:6.1f} MB"


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child()
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="Accepted; the load is always full.")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    print(
        "Full national load (Tees Valley + `cohesion load-national`) on an empty database; "
        "peer: the Tees Valley load alone"
    )
    with tempfile.TemporaryDirectory() as tmp:
        engines: list[tuple[str, str | None]] = [("sqlite", None)]
        if not args.sqlite_only:
            try:
                engines.append(("postgresql", fresh_postgres(PG_NAME)))
            except Exception as exc:  # any failure to reach it means: skip it
                print(f"postgresql  skipped: cannot reach {PG_ADMIN.rsplit('@', 1)[-1]} ({exc})")
        try:
            for name, url in engines:
                r = run_child(__file__, [], name, url, Path(tmp))
                full_s = r["tees_valley_s"] + r["national_s"]
                print(
                    f"{name:<11} full load {full_s:6.0f} s, {mb(r['national_bytes'])}, "
                    f"{r['wards']:,} wards, {r['values']:,} values  | peer Tees Valley "
                    f"{r['tees_valley_s']:4.0f} s, {mb(r['tees_valley_bytes'])}, "
                    f"{r['tees_valley_values']:,} values  | ratio time "
                    f"{full_s / r['tees_valley_s']:4.1f}x, size "
                    f"{r['national_bytes'] / r['tees_valley_bytes']:4.1f}x  | run again "
                    f"{r['again_s']:.0f} s (empty database {mb(r['empty_bytes']).strip()})",
                    flush=True,
                )
        finally:
            if len(engines) > 1:
                drop_postgres(PG_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
