"""What the database planner believes about a table, for tests of :func:`cohesion.core.db.refresh_statistics`.

Both readings work inside a test's transaction: PostgreSQL's ``ANALYZE``
writes ``pg_class.reltuples`` in place and ``pg_statistic`` as ordinary rows
of the transaction; SQLite's writes ``sqlite_stat1`` in it.
"""

from __future__ import annotations

from django.db import connection, models


def planner_row_count(model: type[models.Model]) -> int | None:
    """The rows the planner counted in ``model``'s table at its last analysis; None if never analysed."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # -1 until the table is first analysed or vacuumed (PostgreSQL 14+).
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            (rows,) = cursor.fetchone()
            return None if rows < 0 else round(rows)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        # The first number of each index's (or, with no index, the table's) entry is its row count.
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        counts = {int(stat.split()[0]) for (stat,) in cursor.fetchall()}
        return max(counts) if counts else None


def columns_with_statistics(model: type[models.Model]) -> set[str]:
    """The columns of ``model``'s table that PostgreSQL holds statistics for (``pg_stats``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s",
            [model._meta.db_table],
        )
        return {name for (name,) in cursor.fetchall()}
