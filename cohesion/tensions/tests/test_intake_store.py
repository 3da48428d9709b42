"""How an accepted report is written: on PostgreSQL in one statement, elsewhere in one ORM transaction.

Both ways must write the same rows and apply the same hourly limit; these
tests run on whichever engine the suite runs on (``scripts/test.sh`` runs both).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from cohesion.tensions.intake import (
    ContactDetails,
    HourlyLimit,
    RateLimited,
    ReportInput,
    _store_in_one_statement,
    _store_with_orm,
    submit_report,
)
from cohesion.tensions.models import Report, ReporterContact, ReportEvent
from cohesion.tensions.tests.factories_reports import MIDDLESBROUGH, NORTH_ORMESBY

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the one-statement path is PostgreSQL's"
)


def _input(**overrides: Any) -> ReportInput:
    values: dict[str, Any] = {
        "category": "hate_incident",
        "motivations": ("race", "religion"),
        "description": "Shouted at outside the mosque on Friday.",
        "reporter_role": "victim",
        "area_code": NORTH_ORMESBY,
        "occurred_at": timezone.make_aware(dt.datetime(2025, 6, 6, 13, 30)),
        "told_police": "no",
        "consent_police": True,
        "language": "ar",
        "contact": ContactDetails(name="Samira", email="samira@example.org", phone="07700 900982"),
    }
    values.update(overrides)
    return ReportInput(**values)


def _rows(report: Report) -> dict[str, Any]:
    """What was stored for a report, without the values that differ by design between two reports."""
    stored = Report.objects.get(pk=report.pk)
    keep_out = {
        "id",
        "reference",
        "idempotency_key",
        "submission_hash",
        "content_hash",
        "submitter_hash",
    }
    contact = ReporterContact.objects.filter(report=stored).first()
    event = ReportEvent.objects.get(report=stored)
    return {
        "report": {k: v for k, v in model_to_dict(stored).items() if k not in keep_out},
        "contact": (
            {k: v for k, v in model_to_dict(contact).items() if k not in {"id", "report"}}
            if contact
            else None
        ),
        "event": {k: v for k, v in model_to_dict(event).items() if k not in {"id", "report"}},
    }


@on_postgresql
@pytest.mark.django_db
def test_on_postgresql_a_report_its_contact_and_its_history_are_written_by_one_statement() -> None:
    with CaptureQueriesContext(connection) as queries:
        result = submit_report(_input(), idempotency_key="one-statement", submitter_hash="h" * 32)
    writes = [q["sql"] for q in queries.captured_queries if "INSERT" in q["sql"]]
    assert len(writes) == 1
    for table in ("tensions_report", "tensions_reportercontact", "tensions_reportevent"):
        assert f'INSERT INTO "{table}"' in writes[0]
    assert result.created and result.report.pk is not None
    assert ReporterContact.objects.get(report=result.report).email == "samira@example.org"


@on_postgresql
@pytest.mark.django_db
def test_the_one_statement_path_stores_exactly_what_the_orm_path_stores(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stored: dict[str, dict[str, Any]] = {}
    for name, store in (("orm", _store_with_orm), ("statement", _store_in_one_statement)):
        # Route submit_report's PostgreSQL branch through each way of storing in turn.
        monkeypatch.setattr("cohesion.tensions.intake._store_in_one_statement", store)
        result = submit_report(
            _input(description=f"Shouted at outside the mosque ({name})."),
            idempotency_key=f"parity-{name}",
            submitter_hash=f"{name:x<32}",
            now=timezone.make_aware(dt.datetime(2025, 6, 7, 9, 0)),
        )
        stored[name] = _rows(result.report)
        stored[name]["report"].pop("description")
    assert stored["orm"] == stored["statement"]
    assert stored["statement"]["contact"]["phone"] == "07700 900982"  # decrypted as written
    assert stored["statement"]["event"]["changes"] == {"channel": "public_online"}


@pytest.mark.django_db
@override_settings(REPORT_RATE_LIMIT_PER_HOUR=2)
def test_the_hourly_limit_counts_only_the_last_hour_and_only_this_sender() -> None:
    now = timezone.make_aware(dt.datetime(2025, 6, 7, 12, 0))
    sender = "s" * 32

    def send(n: int, at: dt.datetime, who: str = sender) -> Any:
        return submit_report(
            _input(description=f"Report {n} of the hour.", contact=ContactDetails()),
            idempotency_key=f"limit-{n}",
            submitter_hash=who,
            now=at,
        )

    send(1, now - dt.timedelta(minutes=90))  # outside the window of the later ones
    send(2, now - dt.timedelta(minutes=30))
    send(3, now - dt.timedelta(minutes=1))
    with pytest.raises(RateLimited):
        send(4, now)
    assert send(5, now, who="t" * 32).created  # another sender is not affected
    assert Report.objects.count() == 4
    assert ReportEvent.objects.count() == 4  # nothing half-written for the refused report


@pytest.mark.django_db
def test_the_hourly_limit_asks_the_same_question_in_sql_and_through_the_orm() -> None:
    now = timezone.now()
    limit = HourlyLimit("w" * 32, now, 2)
    assert not limit.reached()
    for n in range(2):
        submit_report(
            _input(description=f"Window report {n}.", contact=ContactDetails()),
            idempotency_key=f"window-{n}",
            submitter_hash="w" * 32,
            now=now,
            rate_limit=False,
        )
    assert limit.reached()
    sql, params = limit.recent_sql(connection)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {sql}", params)
        assert cursor.fetchone()[0] in (False, 0)  # NOT EXISTS: the limit is reached
    assert Report.objects.filter(council_code=MIDDLESBROUGH).count() == 2
