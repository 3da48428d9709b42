"""What Cohesion asks of the database engine itself, beyond the ORM.

:func:`refresh_statistics` brings the query planner's statistics up to date
after a bulk load. A planner that has never counted a table takes it for a few
rows: PostgreSQL then chooses nested loops over tens of thousands of schedules
(the directory search took seconds a query), and SQLite picks indexes by guess.
PostgreSQL's autovacuum would analyse the tables in the minute after a load,
but a council's server may run without it; SQLite never gathers statistics by
itself. So every bulk load (directory imports, places and indicators, survey
responses, events, the demo) ends by refreshing the statistics of the tables it
filled, each app for its own models.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import DEFAULT_DB_ALIAS, connections, models


def tables_of(items: Iterable[type[models.Model] | str]) -> list[str]:
    """The tables behind ``items`` (models, or table names as they are), each once, in order.

    A model brings its automatic many-to-many tables; proxies and unmanaged
    models (a view, say) bring nothing of their own.
    """
    tables: list[str] = []
    for item in items:
        if isinstance(item, str):
            names = [item]
        else:
            meta = item._meta
            if meta.proxy or not meta.managed:
                continue
            names = [meta.db_table] + [
                field.remote_field.through._meta.db_table  # type: ignore[union-attr]
                for field in meta.local_many_to_many
                if field.remote_field.through._meta.auto_created  # type: ignore[union-attr]
            ]
        tables += [name for name in names if name not in tables]
    return tables


def refresh_statistics(
    items: Iterable[type[models.Model] | str], *, using: str = DEFAULT_DB_ALIAS
) -> list[str]:
    """Analyse the tables behind ``items`` so the planner sees their real sizes; the tables analysed.

    - **PostgreSQL**: one ``ANALYZE t1, t2, ...``. It reads a sample of at most
      30,000 rows a table (300 x ``default_statistics_target``), so it costs
      little even on the largest tables; it may run inside a transaction (the
      rows written by that transaction are counted), and it takes only a lock
      that lets reads and writes carry on. A table the database user does not
      own is skipped with a warning from PostgreSQL, not an error.
    - **SQLite**: ``ANALYZE "t"`` for each table. SQLite reads every entry of
      each of the table's indexes, which is cheap at Cohesion's sizes: 0.12 s
      for the 186,515 indicator values of every ward in England and Wales, in
      a load of 37 s. Two cheaper ways were measured and left aside:
      with ``PRAGMA analysis_limit = 1000`` SQLite reads only the first entries
      of each index and guesses the rest: it counted 102,786 indicator values
      through one index, took each indicator for a third of its values and
      each dataset for a seventeenth of its own. ``PRAGMA optimize`` before
      SQLite 3.46 looks only at tables this connection has already queried,
      so after a load it analysed nothing.
    - Any other engine: nothing.
    """
    connection = connections[using]
    tables = tables_of(items)
    if not tables:
        return []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(quote(t) for t in tables))
        elif connection.vendor == "sqlite":
            for table in tables:
                cursor.execute(f"ANALYZE {quote(table)}")
        else:
            return []
    return tables
