"""The database refuses to change which organisations own an audit event, as it does for the event.

The same rules as migration 0002: UPDATE is refused on every engine, DELETE on
PostgreSQL (SQLite keeps DELETE for Django's test flush; the model and queryset
refuse it there). The PostgreSQL function is the one 0002 created.
"""

from django.db import migrations

POSTGRES_UP = """
CREATE TRIGGER audit_event_owner_no_update BEFORE UPDATE ON audit_auditeventowner
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_owner_no_delete BEFORE DELETE ON audit_auditeventowner
  FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_event_owner_no_update ON audit_auditeventowner;
DROP TRIGGER IF EXISTS audit_event_owner_no_delete ON audit_auditeventowner;
"""
SQLITE_UP = """
CREATE TRIGGER audit_event_owner_no_update BEFORE UPDATE ON audit_auditeventowner
BEGIN SELECT RAISE(ABORT, 'The audit log is append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_event_owner_no_update;"


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql.strip())

    return run


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_add_event_owners")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
