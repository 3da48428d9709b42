"""Ward profile pages: server time for every Tees Valley ward, against the plain ward page as the peer.

A fresh SQLite database is built in a temporary folder with the real demo data
(Tees Valley places, persona accounts and every indicator loader). Then each of
the 103 May 2025 wards' profile page (``/areas/<code>/indicators/``: every
indicator with its sparkline, council/region/England comparisons and rank among
the council's wards) is requested through Django's test client, as is the same
ward's plain area page (``/areas/<code>/``, the places app: boundary, parent,
neighbours), which is the peer. Server time is the wall time of the request
inside the process, so no network or browser is involved. The JSON twin of each
profile (``/areas/<code>/indicators.json``) is checked value by value against
the database, and the largest absolute difference is printed.

Run: ``.venv/bin/python bench/bench_profiles.py`` (``--quick`` for 10 wards).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
QUICK_WARDS = 10


def default_data_dir() -> Path:
    configured = os.environ.get("COHESION_DATA_DIR")
    return Path(configured) if configured else REPO.parent / "shared" / "data"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def build_database(var_dir: Path, data_dir: Path) -> float:
    """Migrate a new SQLite database and load the demo data into it; return the seconds taken."""
    from django.core.management import call_command

    from cohesion.accounts.setup import create_personas
    from cohesion.indicators.loaders.base import load_indicators
    from cohesion.places.loaders import load_places

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_places(data_dir)
    create_personas("bench-password-not-secret")
    load_indicators(data_dir)
    return time.perf_counter() - started


def time_pages(client: object, urls: list[str], repeats: int) -> list[float]:
    """The median of ``repeats`` timings for each address, in milliseconds."""
    timings = []
    for url in urls:
        runs = []
        for _ in range(repeats):
            started = time.perf_counter()
            response = client.get(url)  # type: ignore[attr-defined]
            runs.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
        timings.append(statistics.median(runs))
    return timings


def twin_difference(client: object, codes: list[str]) -> float:
    """Largest |value in the JSON twin - value in the database| over every unsuppressed value."""
    from cohesion.indicators.models import IndicatorValue

    worst = 0.0
    for code in codes:
        data = json.loads(client.get(f"/areas/{code}/indicators.json").content)  # type: ignore[attr-defined]
        held = {
            (v.indicator.code, v.period_start.isoformat(), v.period_end.isoformat()): v
            for v in IndicatorValue.objects.filter(area_code=code).select_related("indicator")
        }
        if len(held) != len(data["values"]):
            raise SystemExit(
                f"{code}: the twin lists {len(data['values'])} values, the database {len(held)}"
            )
        for row in data["values"]:
            value = held[(row["indicator"], row["period_start"], row["period_end"])]
            if value.suppressed or value.value is None:
                continue
            worst = max(worst, abs(row["value"] - value.value))
    return worst


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"only the first {QUICK_WARDS} wards")
    parser.add_argument(
        "--repeats", type=int, default=3, help="requests per page; the median is kept"
    )
    parser.add_argument("--data-dir", type=Path, default=default_data_dir())
    args = parser.parse_args(argv)

    var_dir = Path(tempfile.mkdtemp(prefix="cohesion-bench-profiles-"))
    os.environ["COHESION_VAR_DIR"] = str(var_dir)
    os.environ["COHESION_DATA_DIR"] = str(args.data_dir)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789abcdefghij")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    from cohesion.places.models import Area

    setup_test_environment()
    build_seconds = build_database(var_dir, args.data_dir)
    codes = list(
        Area.objects.filter(generation__code="WD25").order_by("code").values_list("code", flat=True)
    )
    if args.quick:
        codes = codes[:QUICK_WARDS]
    client = Client()
    # One request of each kind first, so neither side pays for loading templates.
    client.get(f"/areas/{codes[0]}/indicators/")
    client.get(f"/areas/{codes[0]}/")

    ours = time_pages(client, [f"/areas/{c}/indicators/" for c in codes], args.repeats)
    peer = time_pages(client, [f"/areas/{c}/" for c in codes], args.repeats)
    difference = twin_difference(client, codes)

    print(
        f"Ward profile pages, {len(codes)} Tees Valley wards (May 2025), SQLite, Django test client"
    )
    print(
        f"Demo database built in {build_seconds:.1f} s; median of {args.repeats} requests per page."
    )
    print()
    print(f"{'page':<44}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}")
    for label, timings in (
        ("ward profile  /areas/<code>/indicators/", ours),
        ("peer: ward page  /areas/<code>/", peer),
    ):
        print(
            f"{label:<44}{statistics.median(timings):>11.1f}{percentile(timings, 0.95):>9.1f}"
            f"{max(timings):>9.1f}"
        )
    print(
        f"{'ratio (profile / ward page), median':<44}{statistics.median(ours) / statistics.median(peer):>10.2f}x"
    )
    print(f"{'max |JSON twin - database| over all values':<44}{difference:>11.1e}")


if __name__ == "__main__":
    main()
