"""Many reports from one sender at the same moment, each on its own thread and database connection.

Run by ``test_intake_repeats`` in a process of its own, against a real
database that the test's own (rolled-back) transaction does not hold:
``python -m cohesion.tensions.tests.concurrent_intake POSTS SENDER``. The
database comes from ``DATABASE_URL`` and the limit from
``REPORT_RATE_LIMIT_PER_HOUR``, as for the server. Prints one JSON line:
how many reports were accepted and refused, and any unexpected errors.
"""

from __future__ import annotations

import json
import sys
import threading


def main(posts: int, sender: str) -> dict[str, object]:
    import django

    django.setup()
    from django.db import connections

    from cohesion.tensions.intake import RateLimited, ReportInput, submit_report
    from cohesion.tensions.tests.factories_reports import NORTH_ORMESBY

    start = threading.Barrier(posts)
    outcomes: list[str] = []
    lock = threading.Lock()

    def post(n: int) -> None:
        data = ReportInput(
            category="hate_incident",
            description=f"Concurrent report {n} from one sender.",
            reporter_role="witness",
            area_code=NORTH_ORMESBY,
        )
        try:
            start.wait(timeout=60)
            result = submit_report(
                data, idempotency_key=f"concurrent-{n:04d}", submitter_hash=sender
            )
            outcome = "created" if result.created else "repeat"
        except RateLimited:
            outcome = "refused"
        except Exception as exc:  # reported to the test, which fails on any
            outcome = f"error: {type(exc).__name__}: {exc}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=post, args=(n,)) for n in range(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "created": outcomes.count("created"),
        "refused": outcomes.count("refused"),
        "errors": [o for o in outcomes if o.startswith("error")],
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), sys.argv[2])))
