"""The audit log is append-only: in the model, the queryset and the database itself."""

import pytest
from django.db import DatabaseError, connection, transaction

from cohesion.audit.choices import AuditAction
from cohesion.audit.log import record
from cohesion.audit.models import AppendOnlyError, AuditEvent, AuditEventOwner

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(alice):
    return record(AuditAction.VIEW, alice, actor=alice, object_repr="a sensitive record")


def _stored(event):
    return AuditEvent.objects.filter(pk=event.pk).values_list("object_repr", flat=True).first()


def test_a_new_event_can_be_written(event):
    assert _stored(event) == "a sensitive record"


def test_saving_an_existing_event_again_is_refused(event):
    event.object_repr = "something else"
    with pytest.raises(AppendOnlyError, match="append-only"):
        event.save()
    assert _stored(event) == "a sensitive record"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError, match="append-only"):
        event.delete()
    assert _stored(event) == "a sensitive record"


def test_updating_events_in_bulk_is_refused(event):
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).update(object_repr="something else")
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.all().update(actor_username="nobody")
    assert _stored(event) == "a sensitive record"


def test_deleting_events_in_bulk_is_refused(event):
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert _stored(event) == "a sensitive record"


def test_the_database_refuses_a_raw_update(event):
    table = AuditEvent._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {table} SET object_repr = %s WHERE id = %s",  # noqa: S608 - fixed table name
            ["something else", event.pk],
        )
    assert _stored(event) == "a sensitive record"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE for test set-up; the model and queryset refuse it there",
)
def test_postgresql_refuses_a_raw_delete(event):
    table = AuditEvent._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE id = %s", [event.pk])  # noqa: S608
    assert _stored(event) == "a sensitive record"


def test_the_triggers_are_installed_for_this_database_engine():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid IN (%s::regclass, %s::regclass) "
                "AND NOT tgisinternal",
                [AuditEvent._meta.db_table, AuditEventOwner._meta.db_table],
            )
            expected = {
                "audit_event_no_update",
                "audit_event_no_delete",
                "audit_event_owner_no_update",
                "audit_event_owner_no_delete",
            }
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (%s, %s)",
                [AuditEvent._meta.db_table, AuditEventOwner._meta.db_table],
            )
            expected = {"audit_event_no_update", "audit_event_owner_no_update"}
        assert {row[0] for row in cursor.fetchall()} == expected


# --- the organisations an event belongs to ------------------------------------------------


@pytest.fixture
def owned_event(alice):
    """Alice's sign-in: it belongs to Middlesbrough Council, her organisation."""
    return record(AuditAction.SIGN_IN, alice, actor=alice)


def test_which_organisations_own_an_event_cannot_be_changed_or_removed(owned_event):
    """Trust item 12: ownership is part of the append-only record."""
    [owner] = AuditEventOwner.objects.filter(event=owned_event)
    owner.organisation_id = owner.organisation_id + 1000
    with pytest.raises(AppendOnlyError, match="append-only"):
        owner.save()
    with pytest.raises(AppendOnlyError, match="append-only"):
        owner.delete()
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEventOwner.objects.filter(event=owned_event).update(organisation_id=1)
    with pytest.raises(AppendOnlyError, match="append-only"):
        AuditEventOwner.objects.filter(event=owned_event).delete()
    table = AuditEventOwner._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            f"UPDATE {table} SET organisation_id = %s WHERE event_id = %s",  # noqa: S608
            [1, owned_event.pk],
        )
    assert AuditEventOwner.objects.filter(event=owned_event).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite keeps DELETE for test set-up; the model and queryset refuse it there",
)
def test_postgresql_refuses_a_raw_delete_of_an_events_owner(owned_event):
    table = AuditEventOwner._meta.db_table
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(f"DELETE FROM {table} WHERE event_id = %s", [owned_event.pk])  # noqa: S608
    assert AuditEventOwner.objects.filter(event=owned_event).count() == 1
