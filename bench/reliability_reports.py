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

Some acknowledged reports are followed by a submission that looks like a repeat
but is not, or is a repeat that adds something:
- an *edited resend*: the same form (same key) with the words changed, which
  must become a report of its own;
- *key reuse*: another sender (another address) sends the same form with the
  same key, which must become a report of its own;
- the *same words for a different victim*: the same sender, key and words with
  another person's contact details, which must become a report of its own;
- a *consent added* resend: the same form with consent to share with the
  police ticked, which must keep the first reference and add the consent.

Afterwards it checks, in the database:
- every reference a client received is stored (0 lost);
- no two different reports were given the same reference (0 wrongly merged),
  and every true repeat got the first report's reference;
- the number of reports stored equals the number of distinct reports
  acknowledged (nothing stored that nobody was told about);
- every report has exactly one "report received" history line (nothing half-saved);
- consent added on a resend is held by the report.
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
    """What the clients were told, shared between threads.

    Each distinct report a client meant to make has its own name (the main
    report's key, or the key with a suffix for the look-alike cases).
    """

    acknowledged: dict[str, str] = field(default_factory=dict)  # report's name -> reference
    with_contact: set[str] = field(default_factory=set)
    consent_added: dict[str, str] = field(default_factory=dict)  # key -> reference
    consent_mismatches: list[str] = field(default_factory=list)
    lookalikes: dict[str, int] = field(default_factory=dict)
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


def lookalike_case(index: int) -> str:
    """Which look-alike follows the report at ``index``, if any (about a fifth of them)."""
    return {
        1: "edited",
        11: "edited",
        2: "other_sender",
        12: "other_sender",
        8: "other_victim",
    }.get(index % 20, "consent_added" if index % 20 in (3, 13) else "")


def run_clients(
    port: int, total: int, clients: int, ledger: Ledger, repeat_share: float, patience: float
) -> None:
    next_index = [0]
    index_lock = threading.Lock()

    def acknowledge(name: str, reference: str, with_contact: bool) -> None:
        with ledger.lock:
            earlier = ledger.acknowledged.get(name)
            if earlier is not None and earlier != reference:
                ledger.reference_changed.append(name)
            ledger.acknowledged[name] = reference
            if with_contact:
                ledger.with_contact.add(name)

    def lookalike(
        case: str,
        key: str,
        fields: dict[str, str],
        reference: str,
        client: FormClient,
        other: FormClient,
    ) -> None:
        """Send the look-alike that follows an acknowledged report, and record what it must be."""
        sender = client
        if case == "edited":
            fields = {**fields, "description": fields["description"] + " It happened again later."}
        elif case == "other_sender":
            sender = other  # the same form, key and all, from another address
        elif case == "other_victim":
            fields = {**fields, "name": "Second Person", "email": f"second-{key[4:10]}@example.org"}
        elif case == "consent_added":
            fields = {**fields, "consent_police": "on"}
        again = send_until_acknowledged(sender, fields, ledger, patience)
        with ledger.lock:
            ledger.lookalikes[case] = ledger.lookalikes.get(case, 0) + 1
        if again is None:
            with ledger.lock:
                ledger.gave_up.append(f"{key}/{case}")
            return
        if case == "consent_added":
            with ledger.lock:
                ledger.consent_added[key] = again
                if again != reference:
                    ledger.consent_mismatches.append(key)
            return
        acknowledge(f"{key}/{case}", again, "email" in fields)

    def work(slot: int) -> None:
        rng = random.Random(slot)
        client = FormClient(port, source=f"127.0.0.{10 + slot}", timeout=20)
        other = FormClient(port, source=f"127.0.1.{10 + slot}", timeout=20)
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
            acknowledge(key, reference, "email" in fields)
            case = lookalike_case(index)
            if case:
                lookalike(case, key, fields, reference, client, other)
            if rng.random() < repeat_share:
                again = send_until_acknowledged(client, fields, ledger, patience)
                with ledger.lock:
                    ledger.repeats += 1
                    if again != reference:
                        ledger.repeat_mismatches.append(key)
        client.reset()
        other.reset()

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
        stored = dict(
            conn.execute("SELECT reference, consent_police FROM tensions_report").fetchall()
        )
        created_lines = dict(
            conn.execute(
                "SELECT r.id, count(e.id) FROM tensions_report r "
                "LEFT JOIN tensions_reportevent e ON e.report_id = r.id AND e.kind = 'created' "
                "GROUP BY r.id"
            ).fetchall()
        )
        contacts = conn.execute("SELECT count(*) FROM tensions_reportercontact").fetchone()[0]
    acknowledged = ledger.acknowledged
    references = list(acknowledged.values())
    by_reference: dict[str, list[str]] = {}
    for name, reference in acknowledged.items():
        by_reference.setdefault(reference, []).append(name)
    return {
        "stored": len(stored),
        "acknowledged": len(acknowledged),
        "lost": sum(1 for reference in references if reference not in stored),
        # Two different reports answered with one reference: one of them was merged away.
        "wrongly_merged": sum(len(names) - 1 for names in by_reference.values()),
        "stored_not_acknowledged": sum(1 for reference in stored if reference not in by_reference),
        "without_one_history_line": sum(1 for n in created_lines.values() if n != 1),
        "contacts": contacts,
        "expected_contacts": len(ledger.with_contact),
        "consent_lost": sum(
            1 for reference in ledger.consent_added.values() if not stored.get(reference)
        ),
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
    lookalikes = ledger.lookalikes
    rows = [
        ("reports attempted (main)", total),
        ("edited resends (same key, other words)", lookalikes.get("edited", 0)),
        ("same key sent from another address", lookalikes.get("other_sender", 0)),
        ("same words for a different victim", lookalikes.get("other_victim", 0)),
        ("resends adding consent (true repeats)", lookalikes.get("consent_added", 0)),
        ("distinct reports acknowledged to clients", counts["acknowledged"]),
        ("reports stored", counts["stored"]),
        ("stored minus acknowledged", counts["stored"] - counts["acknowledged"]),
        ("lost (acknowledged but not stored)", counts["lost"]),
        ("wrongly merged (two reports, one reference)", counts["wrongly_merged"]),
        ("stored but never acknowledged", counts["stored_not_acknowledged"]),
        ("reports without exactly one history line", counts["without_one_history_line"]),
        (
            "contact records stored / expected",
            f"{counts['contacts']} / {counts['expected_contacts']}",
        ),
        ("consent added on a resend but not held", counts["consent_lost"]),
        ("deliberate repeat submissions", ledger.repeats),
        (
            "repeats answered with another reference",
            len(ledger.repeat_mismatches) + len(ledger.consent_mismatches),
        ),
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
    expected = total + lookalikes.get("edited", 0) + lookalikes.get("other_sender", 0)
    expected += lookalikes.get("other_victim", 0)
    failed = (
        counts["lost"]
        or counts["wrongly_merged"]
        or counts["stored_not_acknowledged"]
        or counts["without_one_history_line"]
        or counts["consent_lost"]
        or counts["stored"] != counts["acknowledged"]
        or counts["contacts"] != counts["expected_contacts"]
        or counts["acknowledged"] != expected
        or ledger.repeat_mismatches
        or ledger.consent_mismatches
        or ledger.reference_changed
        or ledger.gave_up
    )
    say(
        f"\n{counts['lost']} lost, {counts['wrongly_merged']} wrongly merged: "
        "every acknowledged report is stored exactly once."
        if not failed
        else f"\nFAILED ({counts['lost']} lost, {counts['wrongly_merged']} wrongly merged): see above."
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
