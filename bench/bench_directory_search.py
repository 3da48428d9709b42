"""Directory search: p95 of 1,000 mixed searches over 5,000 services and 20,000 schedules.

For each engine (SQLite in a temporary folder, and PostgreSQL on 127.0.0.1:5432
in a scratch database ``bench_directory`` made for the run from the server's
``test`` database and dropped after it), a child process migrates,
loads the real places, and builds a synthetic directory: 5,000 published
services of 500 organisations at 1,000 locations spread over Middlesbrough,
each with one need, one or two languages, sometimes an age band or a price,
and four weekly schedules (20,000 in all). It then runs 1,000 searches mixing
need, language, age, cost, a day or "open now", and a point with a distance
(the same seeded mix on both engines; PostgreSQL's tables analysed first, as
autovacuum would soon after a load), timing in the process what the search
page does: ``cohesion.directory.search.find_matches`` (every match, filtered
and ordered) then ``results_for`` on the first page of 20 (their details).
PostgreSQL is skipped, with a line saying so, when it cannot be reached.

The peer, measured in the same run on the same database: one indexed page of
20 published services by name through the ORM (``Service.objects.published()
.order_by("name")[:20]`` with its organisation), the cheapest list the same
page could show. The ratio says how much the search's filters, prefetches and
calendar arithmetic cost over that.

Run: ``.venv/bin/python bench/bench_directory_search.py`` (``--quick``: 1,000
services, 200 searches; ``--sqlite-only`` to skip PostgreSQL). ``COHESION_BENCH_PG``
names the database to connect to first (default ``test``), ``COHESION_BENCH_PG_NAME``
the scratch database made afresh for the run and dropped after it (so two runs on
one server do not drop each other's).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from engines import PG_ADMIN, drop_postgres, fresh_postgres, run_child

PG_NAME = os.environ.get("COHESION_BENCH_PG_NAME", "bench_directory")
PAGE_SIZE = 20  # as the search page shows
# Middlesbrough's extent (degrees).
LAT = (54.515, 54.585)
LON = (-1.29, -1.16)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def build_directory(services: int, rng: random.Random) -> None:
    import datetime as dt
    from decimal import Decimal

    from cohesion.directory.models import (
        Attribute,
        CostOption,
        Language,
        Location,
        Organisation,
        Schedule,
        Service,
        ServiceAtLocation,
    )
    from cohesion.directory.taxonomy import NEEDS, stable_id

    council = "E06000002"
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench organisation {i}", council_code=council)
            for i in range(services // 10)
        ]
    )
    locations = Location.objects.bulk_create(
        [
            Location(
                organisation=rng.choice(organisations),
                name=f"Venue {i}",
                latitude=rng.uniform(*LAT),
                longitude=rng.uniform(*LON),
                council_code=council,
            )
            for i in range(services // 5)
        ]
    )
    made = Service.objects.bulk_create(
        [
            Service(
                organisation=rng.choice(organisations),
                name=f"Bench service {i:05d}",
                council_code=council,
                minimum_age=(low := rng.choice([None, None, 8, 13, 16, 18])),
                maximum_age=None if low is None else low + rng.choice([4, 10, 60]),
            )
            for i in range(services)
        ]
    )
    ats = ServiceAtLocation.objects.bulk_create(
        [ServiceAtLocation(service=s, location=rng.choice(locations)) for s in made]
    )
    codes = [n.code for n in NEEDS]
    Attribute.objects.bulk_create(
        [
            Attribute(service=s, taxonomy_term_id=stable_id(rng.choice(codes)), link_type="need")
            for s in made
        ]
    )
    languages = ["en", "ar", "fa", "pl", "ur", "ti", "ro", "ckb"]
    Language.objects.bulk_create(
        [
            Language(service=s, code=code, name=code)
            for s in made
            for code in {"en", rng.choice(languages)}
        ]
    )
    CostOption.objects.bulk_create(
        [CostOption(service=s, amount=Decimal("3.00")) for s in made if rng.random() < 0.2]
    )
    days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
    Schedule.objects.bulk_create(
        [
            Schedule(
                service_at_location=at,
                freq="WEEKLY",
                byday=rng.choice(days),
                opens_at=dt.time(hour := rng.randint(8, 18)),
                closes_at=dt.time(hour + 2),
                term_time=rng.choice(["", "", "term_time", "holidays"]),
            )
            for at in ats
            for _ in range(4)
        ]
    )


def make_queries(count: int, rng: random.Random) -> list[dict[str, object]]:
    from cohesion.directory.taxonomy import NEEDS

    queries = []
    for _ in range(count):
        q: dict[str, object] = {}
        if rng.random() < 0.7:
            q["need"] = rng.choice([n.code for n in NEEDS])
        if rng.random() < 0.4:
            q["language"] = rng.choice(["ar", "fa", "pl", "ur"])
        if rng.random() < 0.3:
            q["age"] = rng.randint(5, 70)
        if rng.random() < 0.3:
            q["cost"] = rng.choice(["free", "paid"])
        if rng.random() < 0.5:
            q["day"] = rng.choice(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "now"])
        if rng.random() < 0.7:
            q["point"] = (rng.uniform(*LAT), rng.uniform(*LON))
            q["within_km"] = rng.choice([1, 2, 3, 5])
        queries.append(q)
    return queries


def child(services: int, searches: int) -> None:
    """Runs inside a process whose DATABASE_URL names the engine; prints one JSON line."""
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from cohesion.directory.models import Service
    from cohesion.directory.search import Place, SearchQuery, find_matches, results_for
    from cohesion.places.loaders import load_places

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_places(Path(os.environ["COHESION_DATA_DIR"]))
    rng = random.Random(11)
    build_directory(services, rng)
    if connection.vendor == "postgresql":
        # What autovacuum does on a server soon after a load, done now (the test server runs
        # without it): with no statistics the planner takes every table for a few rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    built = time.perf_counter() - started
    now = dt.datetime(2025, 3, 4, 10, 30)
    timings, peer, found = [], [], 0
    for spec in make_queries(searches, random.Random(12)):
        point = spec.pop("point", None)
        place = Place("bench", point[0], point[1], "point") if point else None  # type: ignore[index]
        query = SearchQuery(place=place, **spec)  # type: ignore[arg-type]
        t0 = time.perf_counter()
        matches = find_matches(None, query, now=now)
        results_for(None, matches[:PAGE_SIZE])
        found += len(matches)
        timings.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        list(Service.objects.published().select_related("organisation").order_by("name")[:20])
        peer.append((time.perf_counter() - t0) * 1000)
    print(
        json.dumps(
            {
                "built_s": built,
                "p50": statistics.median(timings),
                "p95": percentile(timings, 0.95),
                "peer_p50": statistics.median(peer),
                "peer_p95": percentile(peer, 0.95),
                "mean_results": found / searches,
            }
        )
    )


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(int(sys.argv[2]), int(sys.argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args()
    args.services, args.searches = (1000, 200) if args.quick else (5000, 1000)
    print(
        f"{args.searches} mixed searches over {args.services} services and "
        f"{args.services * 4} schedules; peer: one indexed ORM page of 20 services"
    )
    with tempfile.TemporaryDirectory() as tmp:
        engines = [("sqlite", None)]
        if not args.sqlite_only:
            try:
                engines.append(("postgresql", fresh_postgres(PG_NAME)))
            except Exception as exc:  # any failure to reach it means: skip it
                print(f"postgresql  skipped: cannot reach {PG_ADMIN.rsplit('@', 1)[-1]} ({exc})")
        try:
            for name, url in engines:
                r = run_child(
                    __file__, [str(args.services), str(args.searches)], name, url, Path(tmp)
                )
                print(
                    f"{name:<11} search p50 {r['p50']:7.1f} ms  p95 {r['p95']:7.1f} ms  | peer p50 "
                    f"{r['peer_p50']:5.2f} ms  p95 {r['peer_p95']:5.2f} ms  | p95 ratio "
                    f"{r['p95'] / r['peer_p95']:6.1f}x  | {r['mean_results']:.0f} results on "
                    f"average, built in {r['built_s']:.0f} s",
                    flush=True,
                )
        finally:
            if len(engines) > 1:
                drop_postgres(PG_NAME)
    return 0


if __name__ == "__main__":
    sys.exit(main())
