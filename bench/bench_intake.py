"""Sustained intake of public reports over HTTP, beside PostgreSQL's raw single-row insert rate.

Run: .venv/bin/python bench/bench_intake.py [--quick] [--seconds N] [--clients N] [--servers N]

What it does, all in one run on the local PostgreSQL (127.0.0.1:5432, trust auth):
1. creates a fresh database (``cohesion_bench_intake``), migrates it and loads places;
2. starts real ``cohesion serve`` processes (waitress) against it: one per
   core plus one, three threads each, as docs/operators.md recommends;
3. drives /report/ from concurrent loopback clients for a fixed time, as a front
   proxy passes on residents' reports: each client fetches the form once (CSRF
   cookie and token), then, over one kept-alive connection, posts complete
   reports as fast as the server answers, each from a different resident's
   address (``X-Forwarded-For``, with ``TRUSTED_PROXY_COUNT=1`` and the default
   hourly limit per resident), follows the redirect and reads the reference
   from each confirmation;
4. measures, in the same run, the raw rate of single-row ``INSERT ... ; COMMIT``
   into the same table (``tensions_report``) with psycopg: one connection, and
   as many connections as there were clients — the peer for "how close is the
   whole web stack to what the database alone can take";
5. checks that every acknowledged reference is stored exactly once.

It prints reports/s, latency percentiles, both raw insert rates, the ratios and
the difference between stored and acknowledged reports (which must be 0).
The target for the web path is >= 250 reports/s with p99 < 300 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parent.parent
PG_ADMIN = os.environ.get("COHESION_BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
REFERENCE_RE = re.compile(rb'id="report-reference"[^>]*>(CHN-[0-9A-Z]{4}-[0-9A-Z]{4})<')
CSRF_INPUT_RE = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
WARD_RE = re.compile(rb'<option value="(E05[0-9]{6})"')


# ---------------------------------------------------------------------------
# Database and server harness (shared with bench/reliability_reports.py)
# ---------------------------------------------------------------------------


def database_url(name: str) -> str:
    parts = urllib.parse.urlsplit(PG_ADMIN)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def fresh_database(name: str) -> str:
    """Drop and create ``name`` on the local PostgreSQL; returns its URL."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError(f"unsafe database name {name!r}")
    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(name)


def server_environment(
    db_url: str, var_dir: Path, rate_limit: int | None = None, behind_proxy: bool = False
) -> dict[str, str]:
    """The servers' environment: production settings, a fresh key, and the stated rate limit.

    ``rate_limit=None`` keeps Cohesion's default hourly limit per sender.
    ``behind_proxy`` runs the servers as they run behind one front proxy
    (``TRUSTED_PROXY_COUNT=1``): the resident's address comes from ``X-Forwarded-For``.
    """
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE",)}
    env.update(
        DATABASE_URL=db_url,
        # Keep each server thread's connection open between requests (production setting).
        DATABASE_CONN_MAX_AGE="300",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(40),
        CONTACT_ENCRYPTION_KEY=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        COHESION_VAR_DIR=str(var_dir),
        TRUSTED_PROXY_COUNT="1" if behind_proxy else "0",
        # The load generator stands for the TLS-terminating proxy and speaks plain HTTP.
        SECURE_SSL_REDIRECT="false",
        # The load generator's clients stand for the proxy, from their own loopback addresses.
        TRUSTED_PROXY_ADDRESSES="127.0.0.0/8",
        TASKS_BACKEND="django_tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="ERROR",
        PYTHONUNBUFFERED="1",
    )
    if rate_limit is not None:
        env["REPORT_RATE_LIMIT_PER_HOUR"] = str(rate_limit)
    else:
        env.pop("REPORT_RATE_LIMIT_PER_HOUR", None)
    return env


def prepare_database(env: dict[str, str], say: Callable[[str], None]) -> None:
    cli = [sys.executable, "-m", "cohesion.cli"]
    for args in (["manage", "migrate", "-v", "0"], ["load-places", "--no-progress"]):
        say(f"  cohesion {' '.join(args)}")
        done = subprocess.run(
            [*cli, *args], env=env, cwd=REPO, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"cohesion {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One ``cohesion serve`` process."""

    env: dict[str, str]
    port: int
    threads: int = 8
    log: Path | None = None
    process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        log = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "cohesion.cli",
                "serve",
                "--port",
                str(self.port),
                "--threads",
                str(self.threads),
                "--no-worker",
                "--no-scheduler",
            ],
            env=self.env,
            cwd=REPO,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"the server stopped with code {self.process.returncode}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"the server did not answer on port {self.port} within {timeout} s")

    def kill(self) -> None:
        """SIGKILL: no chance to finish requests, flush or clean up."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


# ---------------------------------------------------------------------------
# A public-form client
# ---------------------------------------------------------------------------


class Refused(Exception):
    """The server answered, but not with a confirmation."""


@dataclass
class FormClient:
    """One browser, reduced to what the form needs: its cookies, a token, a connection.

    With ``forwarded_for`` on :meth:`submit`, it stands for a front proxy
    passing on one resident's report (the address goes in ``X-Forwarded-For``).
    """

    port: int
    source: str = (
        "127.0.0.1"  # a loopback address of its own, so each client has its own rate limit
    )
    timeout: float = 30
    conn: http.client.HTTPConnection | None = None
    cookies: dict[str, str] = field(default_factory=dict)
    token: str = ""
    wards: list[str] = field(default_factory=list)

    def _connection(self) -> http.client.HTTPConnection:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout, source_address=(self.source, 0)
            )
        return self.conn

    def reset(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None

    def _keep_cookies(self, response: http.client.HTTPResponse) -> None:
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _eq, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]

    def _cookie_header(self) -> str:
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def open_form(self) -> None:
        conn = self._connection()
        conn.request("GET", "/report/?lang=en")
        response = conn.getresponse()
        body = response.read()
        if response.status != 200:
            raise Refused(f"GET /report/ answered {response.status}")
        self._keep_cookies(response)
        match = CSRF_INPUT_RE.search(body)
        if not match or "csrftoken" not in self.cookies:
            raise Refused("the form had no CSRF token")
        self.token = match.group(1).decode()
        self.wards = [w.decode() for w in WARD_RE.findall(body)]

    def submit(self, fields: dict[str, str], forwarded_for: str = "") -> str:
        """Post one report and follow the redirect; the reference from the confirmation page."""
        if not self.token:
            self.open_form()
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.token, **fields}).encode()
        proxy = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
        conn = self._connection()
        conn.request(
            "POST",
            "/report/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self._cookie_header(),
                "Referer": f"http://127.0.0.1:{self.port}/report/",
                **proxy,
            },
        )
        response = conn.getresponse()
        page = response.read()
        if response.status == 302:
            # Post/redirect/get: the confirmation's address shows the reference
            # from the signed cookie the POST set.
            self._keep_cookies(response)
            conn.request(
                "GET",
                response.getheader("Location") or "/report/sent/",
                headers={"Cookie": self._cookie_header(), **proxy},
            )
            response = conn.getresponse()
            page = response.read()
        if response.status != 200:
            raise Refused(f"POST /report/ answered {response.status}: {page[:300]!r}")
        match = REFERENCE_RE.search(page)
        if not match:
            raise Refused("the confirmation had no reference")
        return match.group(1).decode()


def report_fields(key: str, ward: str, with_contact: bool) -> dict[str, str]:
    fields = {
        "submission": key,
        "category": "hate_incident",
        "motivations": "race",
        "description": f"Load test report {key}: shouted at outside the shop on the high street.",
        "occurred_on_0": "14",
        "occurred_on_1": "2",
        "occurred_on_2": "2025",
        "location_text": "High Street",
        "area": ward,
        "reporter_role": "witness",
        "told_police": "no",
    }
    if with_contact:
        fields.update(name="Load Test", email=f"{key[:12]}@example.org")
    return fields


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), or NaN elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds() -> float:
    """User + system CPU time of every local PostgreSQL process so far (Linux /proc), or NaN."""
    total, seen = 0.0, False
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if "(postgres)" in text or "(postmaster)" in text:
            total += cpu_seconds(int(stat.parent.name))
            seen = True
    return total if seen else float("nan")


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


# ---------------------------------------------------------------------------
# The raw insert peer
# ---------------------------------------------------------------------------

RAW_INSERT = """
INSERT INTO tensions_report (
    reference, category, motivations, tension_type, description, root_cause,
    occurred_at, occurred_approximate, location_text, longitude, latitude, location_source,
    ward_code, ward_name, council_code, council_name, area_generation, reporter_role,
    told_police, wants_support, consent_police, consent_partners, channel, eep, status,
    closure_reason, status_reason, first_contact_due, senior_contact_due, on_behalf_of,
    language, synthetic, idempotency_key, content_hash, submitter_hash, created_at, updated_at
) VALUES (
    %s, 'hate_incident', '["race"]', '', %s, '', now(), true, 'High Street', NULL, NULL,
    'ward_list', 'E05009867', 'North Ormesby', 'E06000002', 'Middlesbrough', 'WD25', 'witness',
    'no', false, false, false, 'public_online', '', 'new', '', '', now() + interval '24 hours',
    now() + interval '7 days', '', 'en', false, %s, %s, %s, now(), now()
)
"""


def raw_insert_rate(db_url: str, connections: int, seconds: float) -> tuple[float, int]:
    """Rows per second of single-row INSERT + COMMIT from ``connections`` concurrent connections."""
    stop = time.monotonic() + seconds
    counts = [0] * connections

    def work(slot: int) -> None:
        with psycopg.connect(db_url, autocommit=True) as conn:
            while time.monotonic() < stop:
                key = secrets.token_hex(16)
                conn.execute(
                    RAW_INSERT,
                    (f"R{slot:02d}-{key[:9]}", f"raw {key}", key, key, "raw"),
                )
                counts[slot] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=work, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(counts) / elapsed, sum(counts)


# ---------------------------------------------------------------------------
# The benchmark
# ---------------------------------------------------------------------------


def resident_address(slot: int, n: int) -> str:
    """The address of the resident sending client ``slot``'s ``n``-th report: one report each."""
    return f"10.{slot % 250}.{(n // 250) % 250}.{n % 250 + 1}"


def drive(
    ports: list[int], clients: int, seconds: float
) -> tuple[list[float], dict[str, str], int]:
    """Post reports from ``clients`` threads for ``seconds``; (latencies, key -> reference, errors)."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    acknowledged: dict[str, str] = {}
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def work(slot: int) -> None:
        client = FormClient(ports[slot % len(ports)], source=f"127.0.0.{10 + slot}")
        client.open_form()
        n = 0
        while time.monotonic() < stop:
            key = f"b{slot:03d}-{n:07d}-{secrets.token_hex(6)}"
            fields = report_fields(key, client.wards[n % len(client.wards)], n % 5 == 0)
            began = time.perf_counter()
            try:
                reference = client.submit(fields, forwarded_for=resident_address(slot, n))
            except (OSError, http.client.HTTPException, Refused) as exc:
                with lock:
                    errors[0] += 1
                    if errors[0] <= 3:
                        print(f"  client {slot}: {exc}")
                client.reset()
                continue
            latencies[slot].append(time.perf_counter() - began)
            with lock:
                acknowledged[key] = reference
            n += 1
        client.reset()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for per in latencies for x in per], acknowledged, errors[0]


def stored_references(db_url: str, keys: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            "SELECT idempotency_key, reference FROM tensions_report WHERE idempotency_key = ANY(%s)",
            (keys,),
        ).fetchall()
    for key, reference in rows:
        found.setdefault(key, []).append(reference)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (smoke test)")
    parser.add_argument("--seconds", type=float, default=None)
    parser.add_argument("--clients", type=int, default=16)
    # One process per core plus one, with a few threads each: the layout
    # docs/operators.md recommends behind a front proxy.
    parser.add_argument(
        "--servers", type=int, default=(os.cpu_count() or 2) + 1, help="cohesion serve processes"
    )
    parser.add_argument("--threads", type=int, default=3, help="threads per server")
    parser.add_argument("--database", default="cohesion_bench_intake")
    args = parser.parse_args(argv)
    seconds = args.seconds or (5.0 if args.quick else 30.0)
    say = print

    say(f"Fresh database {args.database} on {PG_ADMIN.rsplit('@', 1)[-1]}")
    db_url = fresh_database(args.database)
    with tempfile.TemporaryDirectory(prefix="cohesion-bench-") as var:
        # As deployed: behind one front proxy, with the default hourly limit per resident.
        env = server_environment(db_url, Path(var), behind_proxy=True)
        prepare_database(env, say)
        servers = [
            Server(env, free_port(), threads=args.threads, log=Path(var) / f"server{i}.log")
            for i in range(args.servers)
        ]
        try:
            for server in servers:
                server.start()
            say(
                f"Warming up, then {seconds:.0f} s of intake from {args.clients} clients "
                f"against {args.servers} server process(es) x {args.threads} threads"
            )
            drive([s.port for s in servers], args.clients, 2.0)  # warm-up, not counted
            cpu_before = sum(cpu_seconds(s.process.pid) for s in servers if s.process)
            load_before = os.getloadavg()[0]
            client_cpu_before = time.process_time()
            database_cpu_before = database_cpu_seconds()
            started = time.monotonic()
            latencies, acknowledged, errors = drive(
                [s.port for s in servers], args.clients, seconds
            )
            elapsed = time.monotonic() - started
            client_cpu = time.process_time() - client_cpu_before
            database_cpu = database_cpu_seconds() - database_cpu_before
            server_cpu = sum(cpu_seconds(s.process.pid) for s in servers if s.process) - cpu_before
            load_after = os.getloadavg()[0]
        finally:
            for server in servers:
                server.stop()

        stored = stored_references(db_url, list(acknowledged))
        duplicates = sum(1 for refs in stored.values() if len(refs) > 1)
        mismatched = sum(
            1 for key, ref in acknowledged.items() if stored.get(key, [None])[0] != ref
        )
        say(f"Raw single-row INSERT+COMMIT into tensions_report for {min(seconds, 10):.0f} s each")
        raw_one, _ = raw_insert_rate(db_url, 1, min(seconds, 10))
        raw_many, _ = raw_insert_rate(db_url, args.clients, min(seconds, 10))

    rate = len(acknowledged) / elapsed
    p50, p95, p99 = (percentile(latencies, q) * 1000 for q in (50, 95, 99))
    rows = [
        ("reports acknowledged over HTTP", f"{len(acknowledged)}"),
        ("HTTP intake, reports/s (Cohesion)", f"{rate:.1f}"),
        ("latency p50 / p95 / p99, ms", f"{p50:.1f} / {p95:.1f} / {p99:.1f}"),
        ("mean latency, ms", f"{statistics.fmean(latencies) * 1000:.1f}" if latencies else "-"),
        ("client errors (retried)", f"{errors}"),
        ("server CPU per report, ms", f"{server_cpu / max(1, len(acknowledged)) * 1000:.2f}"),
        (
            "PostgreSQL CPU per report, ms",
            f"{database_cpu / max(1, len(acknowledged)) * 1000:.2f}",
        ),
        (
            "load generator CPU per report, ms",
            f"{client_cpu / max(1, len(acknowledged)) * 1000:.2f}",
        ),
        (
            "machine load average before / after",
            f"{load_before:.1f} / {load_after:.1f} on {os.cpu_count()} CPUs",
        ),
        ("raw INSERT+COMMIT, rows/s, 1 connection (peer)", f"{raw_one:.1f}"),
        (f"raw INSERT+COMMIT, rows/s, {args.clients} connections (peer)", f"{raw_many:.1f}"),
        ("ratio HTTP intake / raw (1 connection)", f"{rate / raw_one:.3f}"),
        (f"ratio HTTP intake / raw ({args.clients} connections)", f"{rate / raw_many:.3f}"),
        ("max |stored - acknowledged| per reference", f"{mismatched}"),
        ("references stored more than once", f"{duplicates}"),
        (
            "target >= 250 reports/s and p99 < 300 ms",
            "met" if rate >= 250 and p99 < 300 else "NOT met",
        ),
    ]
    width = max(len(name) for name, _ in rows)
    say("")
    for name, value in rows:
        say(f"{name:<{width}}  {value}")
    return 1 if (mismatched or duplicates) else 0


if __name__ == "__main__":
    sys.exit(main())
