"""An accepted report is never lost, even when the server is killed mid-run.

Run: .venv/bin/python bench/reliability_reports.py [--quick] [--reports N] [--clients N] [--kills N]

On the local PostgreSQL (a fresh database, ``cohesion_reliability``) this starts a
real ``cohesion serve`` process and sends at least 20,000 public reports to
/report/ from concurrent loopback clients (threads, one keep-alive connection
each, bounded). While reports are flowing it kills the server with SIGKILL —
no chance to finish requests or clean up — and starts it again on the same
port. Clients behave like a browser that resubmits: when a request fails
(connection refused or reset, a 5xx), they send the same form again, with the
same idempotency key, until they get a reference. A few per cent of reports are
deliberately submitted twice after they were acknowledged.

Afterwards it checks, in the database:
- every reference a client received is stored, exactly once, for that submission;
- the number of reports stored equals the number of submissions acknowledged
  (nothing stored that nobody was told about, nothing told that was not stored);
- every report has exactly one "report received" history line (nothing half-saved);
- a repeated submission got the same reference as the first.
It prints those counts and exits non-zero if any check fails.
"""

from __future__ import annotations

import argparse
import http.client
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import (
    FormClient,
    Refused,
    Server,
    free_port,
    fresh_database,
    prepare_database,
    report_fields,
    server_environment,
)


@dataclass
class Ledger:
    """What the clients were told, shared between threads."""

    acknowledged: dict[str, str] = field(default_factory=dict)  # idempotency key -> reference
    repeats: int = 0
    repeat_mismatches: list[str] = field(default_factory=list)
    reference_changed: list[str] = field(default_factory=list)
    retries: int = 0
    gave_up: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self) -> int:
        with self.lock:
            return len(self.acknowledged)


def send_until_acknowledged(
    client: FormClient, fields: dict[str, str], ledger: Ledger, patience: float
) -> str | None:
    """Submit, and on any failure submit the same form again, until a reference comes back."""
    deadline = time.monotonic() + patience
    delay = 0.05
    while True:
        try:
            return client.submit(fields)
        except (OSError, http.client.HTTPException, Refused):
            client.reset()
            with ledger.lock:
                ledger.retries += 1
            if time.monotonic() > deadline:
                return None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
            try:
                client.open_form()
            except (OSError, http.client.HTTPException, Refused):
                client.reset()


def run_clients(
    port: int, total: int, clients: int, ledger: Ledger, repeat_share: float, patience: float
) -> None:
    next_index = [0]
    index_lock = threading.Lock()

    def work(slot: int) -> None:
        rng = random.Random(slot)
        client = FormClient(port, source=f"127.0.0.{10 + slot}", timeout=20)
        while True:
            try:
                client.open_form()
                break
            except (OSError, http.client.HTTPException, Refused):
                client.reset()
                time.sleep(0.2)
        while True:
            with index_lock:
                index = next_index[0]
                if index >= total:
                    break
                next_index[0] += 1
            key = f"rel-{index:06d}-{rng.getrandbits(48):012x}"
            fields = report_fields(key, client.wards[index % len(client.wards)], index % 4 == 0)
            reference = send_until_acknowledged(client, fields, ledger, patience)
            if reference is None:
                with ledger.lock:
                    ledger.gave_up.append(key)
                continue
            with ledger.lock:
                earlier = ledger.acknowledged.get(key)
                if earlier is not None and earlier != reference:
                    ledger.reference_changed.append(key)
                ledger.acknowledged[key] = reference
            if rng.random() < repeat_share:
                again = send_until_acknowledged(client, fields, ledger, patience)
                with ledger.lock:
                    ledger.repeats += 1
                    if again != reference:
                        ledger.repeat_mismatches.append(key)
        client.reset()

    threads = [threading.Thread(target=work, args=(slot,), daemon=True) for slot in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def killer(
    server: Server, ledger: Ledger, marks: list[int], log: list[str], done: threading.Event
) -> None:
    """SIGKILL the server when the acknowledged count passes each mark, then start it again."""
    for mark in marks:
        while ledger.count() < mark and not done.is_set():
            time.sleep(0.02)
        if done.is_set():
            return
        acknowledged = ledger.count()
        pid = server.process.pid if server.process else None
        server.kill()
        killed_at = time.monotonic()
        log.append(f"SIGKILL to server pid {pid} after {acknowledged} acknowledged reports")
        time.sleep(0.5)
        server.start()
        log.append(
            f"server restarted as pid {server.process.pid if server.process else '?'} "
            f"after {time.monotonic() - killed_at:.1f} s down"
        )


def check_database(db_url: str, ledger: Ledger) -> dict[str, int]:
    with psycopg.connect(db_url) as conn:
        stored = conn.execute("SELECT count(*) FROM tensions_report").fetchone()[0]
        rows = conn.execute(
            "SELECT idempotency_key, reference FROM tensions_report WHERE idempotency_key <> ''"
        ).fetchall()
        created_lines = dict(
            conn.execute(
                "SELECT r.id, count(e.id) FROM tensions_report r "
                "LEFT JOIN tensions_reportevent e ON e.report_id = r.id AND e.kind = 'created' "
                "GROUP BY r.id"
            ).fetchall()
        )
        contacts = conn.execute("SELECT count(*) FROM tensions_reportercontact").fetchone()[0]
    by_key: dict[str, list[str]] = {}
    for key, reference in rows:
        by_key.setdefault(key, []).append(reference)
    acknowledged = ledger.acknowledged
    missing = [k for k in acknowledged if k not in by_key]
    duplicated = [k for k, refs in by_key.items() if len(refs) > 1]
    wrong_reference = [k for k, ref in acknowledged.items() if k in by_key and by_key[k][0] != ref]
    unacknowledged = [k for k in by_key if k not in acknowledged]
    return {
        "stored": stored,
        "acknowledged": len(acknowledged),
        "missing": len(missing),
        "duplicated": len(duplicated),
        "wrong_reference": len(wrong_reference),
        "stored_not_acknowledged": len(unacknowledged),
        "without_one_history_line": sum(1 for n in created_lines.values() if n != 1),
        "contacts": contacts,
        "expected_contacts": sum(1 for k in acknowledged if int(k[4:10]) % 4 == 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 reports (smoke test)")
    parser.add_argument("--reports", type=int, default=None)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--kills", type=int, default=2, help="how many times to SIGKILL the server")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", default="cohesion_reliability")
    args = parser.parse_args(argv)
    total = args.reports or (1000 if args.quick else 20_000)
    say = print

    say(f"Fresh database {args.database}")
    db_url = fresh_database(args.database)
    log: list[str] = []
    ledger = Ledger()
    with tempfile.TemporaryDirectory(prefix="cohesion-reliability-") as var:
        # Each client has its own loopback address; the limit is raised above what one sends.
        env = server_environment(db_url, Path(var), rate_limit=max(100, 4 * total // args.clients))
        prepare_database(env, say)
        server = Server(env, free_port(), threads=args.threads, log=Path(var) / "server.log")
        server.start()
        say(
            f"Sending {total} reports from {args.clients} clients to pid {server.process.pid if server.process else '?'} "
            f"on port {server.port}; SIGKILL {args.kills} time(s) mid-run"
        )
        marks = [int(total * (k + 1) / (args.kills + 1)) for k in range(args.kills)]
        done = threading.Event()
        assassin = threading.Thread(
            target=killer, args=(server, ledger, marks, log, done), daemon=True
        )
        started = time.monotonic()
        assassin.start()
        try:
            run_clients(server.port, total, args.clients, ledger, repeat_share=0.03, patience=120)
        finally:
            done.set()
            assassin.join(timeout=120)
            elapsed = time.monotonic() - started
            server.stop()
        counts = check_database(db_url, ledger)

    for line in log:
        say(f"  {line}")
    rows = [
        ("submissions attempted", total),
        ("references acknowledged to clients", counts["acknowledged"]),
        ("reports stored", counts["stored"]),
        ("stored minus acknowledged", counts["stored"] - counts["acknowledged"]),
        ("acknowledged but missing", counts["missing"]),
        ("stored more than once", counts["duplicated"]),
        ("stored under a different reference", counts["wrong_reference"]),
        ("stored but never acknowledged", counts["stored_not_acknowledged"]),
        ("reports without exactly one history line", counts["without_one_history_line"]),
        (
            "contact records stored / expected",
            f"{counts['contacts']} / {counts['expected_contacts']}",
        ),
        ("deliberate repeat submissions", ledger.repeats),
        ("repeats answered with another reference", len(ledger.repeat_mismatches)),
        ("client retries after failures", ledger.retries),
        ("submissions given up", len(ledger.gave_up)),
        ("server kills (SIGKILL)", sum(1 for line in log if line.startswith("SIGKILL"))),
        ("elapsed, s", f"{elapsed:.1f}"),
        ("acknowledged reports/s including downtime", f"{counts['acknowledged'] / elapsed:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    say("")
    for name, value in rows:
        say(f"{name:<{width}}  {value}")
    failed = (
        counts["missing"]
        or counts["duplicated"]
        or counts["wrong_reference"]
        or counts["stored_not_acknowledged"]
        or counts["without_one_history_line"]
        or counts["stored"] != counts["acknowledged"]
        or counts["contacts"] != counts["expected_contacts"]
        or counts["acknowledged"] != total
        or ledger.repeat_mismatches
        or ledger.reference_changed
        or ledger.gave_up
    )
    say(
        "\nEvery acknowledged report is stored exactly once."
        if not failed
        else "\nFAILED: see above."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
