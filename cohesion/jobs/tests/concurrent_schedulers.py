"""One scheduler, stepping a simulated clock, racing another scheduler process for the same slots.

Run by ``test_once_per_slot`` in processes of their own, against a real database that the
test's own (rolled-back) transaction does not hold:
``python -m cohesion.jobs.tests.concurrent_schedulers GO_FILE [--run-here]``. The database
comes from ``DATABASE_URL``. The registered jobs are replaced by counting jobs, one of each
cadence in :data:`CADENCES`; the scheduler ticks at every moment of :func:`moments` once the
file ``GO_FILE`` exists (so both processes start together). Prints one JSON line: the
(job, slot) pairs this process claimed, how many times it did each job's work, and any errors.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
# Across the clocks going forward (29 March 2026), a month's and a quarter's end.
START = dt.datetime(2026, 3, 26, 23, 0, tzinfo=LONDON)
CADENCES = {
    "count-hourly": "hourly at :05",
    "count-daily": "daily at 01:30",
    "count-weekly": "weekly on monday at 06:00",
    "count-monthly": "monthly on day 31 at 07:00",
    "count-quarterly": "quarterly on first working day at 07:00",
}


def moments() -> list[dt.datetime]:
    """Every 13 minutes for a week: the clock both schedulers read."""
    start = START.astimezone(dt.UTC)  # steps of real time, across the clock change
    return [start + dt.timedelta(minutes=13 * n) for n in range(7 * 24 * 60 // 13)]


def main(go_file: Path, run_here: bool) -> dict[str, object]:
    import django

    django.setup()
    from django.conf import settings

    from cohesion.jobs.registry import JOBS, Job
    from cohesion.jobs.services import tick

    executed: dict[str, int] = dict.fromkeys(CADENCES, 0)  # times each job's work was done
    claimed: list[tuple[str, str]] = []
    errors: list[str] = []

    def counter(name: str) -> Callable[[], str]:
        def run() -> str:
            executed[name] += 1
            return "counted"

        return run

    JOBS.clear()
    JOBS.update({name: Job(name, name, name, counter(name)) for name in CADENCES})
    settings.COHESION_SCHEDULE = dict(CADENCES)
    print("ready", flush=True)
    while not go_file.exists():
        time.sleep(0.05)
    for now in moments():
        try:
            claimed += [(run.job, run.slot.isoformat()) for run in tick(now, run_here=run_here)]
        except Exception as exc:  # reported to the test, which fails on any
            errors.append(f"{type(exc).__name__}: {exc}")
    return {"claimed": claimed, "executed": executed, "errors": errors}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), "--run-here" in sys.argv[2:])))
