"""Each job runs once per slot, with two schedulers racing against the same database."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from cohesion.jobs.choices import RunStatus
from cohesion.jobs.models import JobRun
from cohesion.jobs.registry import JOBS, Job
from cohesion.jobs.schedule import current_slot, parse_cadence
from cohesion.jobs.services import claim, execute, tick
from cohesion.jobs.tests.concurrent_schedulers import CADENCES, START, moments

pytestmark = pytest.mark.django_db


def _forget_committed(url: str) -> None:
    """Remove the runs the schedulers committed to PostgreSQL's test database."""
    if url.startswith("sqlite:///"):
        return  # a file copy, thrown away with the test's folder
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("DELETE FROM jobs_jobrun WHERE job LIKE 'count-%%'")


def _expected_slots() -> set[tuple[str, str]]:
    return {
        (name, current_slot(parse_cadence(text), now).isoformat())  # type: ignore[arg-type]
        for name, text in CADENCES.items()
        for now in moments()
    }


def test_two_schedulers_in_two_processes_run_each_job_once_per_slot(
    database_for_processes: str, tmp_path: Path
) -> None:
    env = {**os.environ, "DATABASE_URL": database_for_processes, "COHESION_VAR_DIR": str(tmp_path)}
    go = tmp_path / "go"
    module = [sys.executable, "-m", "cohesion.jobs.tests.concurrent_schedulers", str(go)]
    # One runs the jobs itself (cron's way), the other hands them to the task backend.
    schedulers = [
        subprocess.Popen(
            [*module, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for extra in (["--run-here"], [])
    ]
    try:
        for process in schedulers:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
        go.touch()
        outputs = [process.communicate(timeout=600) for process in schedulers]
    finally:
        for process in schedulers:
            if process.poll() is None:
                process.kill()
                process.wait()
        _forget_committed(database_for_processes)
    results: list[dict[str, Any]] = []
    for process, (out, err) in zip(schedulers, outputs, strict=True):
        assert process.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert [r["errors"] for r in results] == [[], []]
    claimed = Counter(tuple(pair) for r in results for pair in r["claimed"])
    expected = _expected_slots()
    assert set(claimed) == expected
    assert max(claimed.values()) == 1, "a slot was claimed twice"
    executed = Counter[str]()
    for r in results:
        executed.update(r["executed"])
    assert dict(executed) == dict(Counter(name for name, _ in expected))
    assert executed["count-monthly"] == 2  # 28 February's (the last before the 26th) and 31 March
    assert executed["count-quarterly"] == 2  # 1 January's and 1 April's


def test_a_slot_claimed_once_is_refused_to_a_second_scheduler() -> None:
    slot = START
    first = claim("send-reminders", slot, START)
    assert first is not None
    assert claim("send-reminders", slot, START) is None
    assert JobRun.objects.filter(job="send-reminders").count() == 1


def test_a_run_delivered_twice_to_workers_does_its_work_once(monkeypatch: Any) -> None:
    done: list[int] = []
    monkeypatch.setitem(
        JOBS, "send-reminders", Job("send-reminders", "", "", lambda: str(done.append(1)))
    )
    run = claim("send-reminders", START, START)
    assert run is not None
    assert execute(run.pk) is not None
    assert execute(run.pk) is None
    assert done == [1]
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED


def test_a_failing_job_is_recorded_with_its_reason_and_the_others_still_run(
    monkeypatch: Any,
) -> None:
    def broken() -> str:
        raise RuntimeError("the mail server refused the connection")

    monkeypatch.setitem(JOBS, "send-reminders", Job("send-reminders", "", "", broken))
    monkeypatch.setattr(
        settings,
        "COHESION_SCHEDULE",
        {"send-reminders": "hourly", "purge-contact-details": "daily at 02:00"},
    )
    runs = {run.job: run for run in tick(START, run_here=True)}
    assert set(runs) == {"send-reminders", "purge-contact-details"}
    for run in runs.values():
        run.refresh_from_db()
    assert runs["send-reminders"].status == RunStatus.FAILED
    assert "the mail server refused the connection" in runs["send-reminders"].summary
    assert runs["purge-contact-details"].status == RunStatus.SUCCEEDED
    assert "reporter contact record(s) removed" in runs["purge-contact-details"].summary
    # The same slot is not tried again by the next look at the schedule.
    assert tick(START, run_here=True) == []


def test_the_real_jobs_run_through_the_task_worker_once_per_slot() -> None:
    first = tick(START)
    assert {run.job for run in first} == set(JOBS)
    assert tick(START) == []
    statuses = set(JobRun.objects.values_list("status", flat=True))
    assert statuses == {RunStatus.SUCCEEDED}


def test_the_scheduler_stops_on_sigterm_between_looks_at_the_schedule(
    database_for_processes: str, tmp_path: Path
) -> None:
    every_job_off = ";".join(f"{name}=off" for name in JOBS)
    env = {
        **os.environ,
        "DATABASE_URL": database_for_processes,
        "COHESION_VAR_DIR": str(tmp_path),
        "COHESION_SCHEDULE": every_job_off,
    }
    scheduler = subprocess.Popen(
        [sys.executable, "-m", "cohesion.cli", "run-scheduler"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert scheduler.stdout is not None
        first = scheduler.stdout.readline()
        assert "Scheduler started: 0 job(s) scheduled" in first
        scheduler.send_signal(signal.SIGTERM)
        out, err = scheduler.communicate(timeout=30)
    finally:
        if scheduler.poll() is None:
            scheduler.kill()
            scheduler.wait()
    assert scheduler.returncode == 0, err[-2000:]
    assert out.strip().endswith("Scheduler stopped.")
    assert "\x1b" not in first + out  # plain lines: the output is not a terminal
