"""Several rows written in one PostgreSQL statement, with the SQL built by Django's own compiler.

Saving a record with its children through the ORM costs a round trip for each
row, plus ``BEGIN`` and ``COMMIT``. Where that matters (the public report form,
which must take hundreds of reports a second), PostgreSQL's data-modifying
``WITH`` queries write the parent and its children in one statement, which is
atomic on its own. The column lists, placeholders and values come from
Django's insert compiler for each model instance (``pre_save``, encryption in
``get_db_prep_save``, JSON adaptation), so they follow the models as they change.
SQLite has no data-modifying ``WITH``: callers keep their ORM path for it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.sql import InsertQuery


@dataclass(frozen=True)
class InsertParts:
    """One row's ``INSERT INTO table (columns) SELECT values``, split so that callers can compose it."""

    table: str
    columns: list[str]
    values: list[str]
    params: list[Any]

    def select_sql(self, source: str = "", where: str = "") -> str:
        """``INSERT INTO t (c, ...) SELECT v, ... [FROM source] [WHERE where]``."""
        sql = (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}) SELECT {', '.join(self.values)}"
        )
        if source:
            sql += f" FROM {source}"
        if where:
            sql += f" WHERE {where}"
        return sql


@functools.cache
def _insert_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    """The fields ``save()`` inserts: every local concrete field but the automatic key."""
    meta = model._meta
    return [
        f
        for f in meta.local_concrete_fields
        if f is not meta.auto_field and not getattr(f, "generated", False)
    ]


def insert_parts(
    obj: models.Model, connection: BaseDatabaseWrapper, computed: Mapping[str, str] | None = None
) -> InsertParts:
    """The parts of the INSERT that ``obj.save(force_insert=True)`` would run.

    ``computed`` maps a field's attribute name to an SQL expression used in
    place of the instance's value (for example a parent's id from a ``WITH``
    clause); those fields take no parameters.
    """
    model = type(obj)
    meta = model._meta
    computed = computed or {}
    fields = _insert_fields(model)
    query = InsertQuery(model)
    query.insert_values(fields, [obj])
    compiler = query.get_compiler(connection=connection)
    quote = connection.ops.quote_name
    values: list[str] = []
    params: list[Any] = []
    for field in fields:
        if field.attname in computed:
            values.append(computed[field.attname])
            continue
        value = compiler.prepare_value(field, compiler.pre_save_val(field, obj))
        sql, field_params = compiler.field_as_sql(
            field, getattr(field, "get_placeholder", None), value
        )
        if sql == "%s" and field_params == [None]:
            # NULL written out: fewer parameters keep the statement within the
            # size psycopg caches its parsing for.
            sql, field_params = "NULL", []
        values.append(sql)
        params.extend(field_params)
    return InsertParts(quote(meta.db_table), [quote(f.column) for f in fields], values, params)


def insert_with_children(
    connection: BaseDatabaseWrapper,
    parent: models.Model,
    children: Sequence[tuple[models.Model, str]],
    where: str = "",
    where_params: Sequence[Any] = (),
    source: tuple[str, str, Sequence[Any]] | None = None,
) -> int | None:
    """Insert ``parent`` and its ``children`` in one statement; the parent's new id.

    Each child is ``(instance, attname of its foreign key to the parent)``.
    ``where`` is a condition on inserting at all (with ``where_params``): when
    it is false nothing is written and ``None`` is returned. ``source`` is
    ``(name, sql, params)``: a query run first in the same statement (it may
    itself write, for example an upsert that claims a slot); the parent is
    inserted once for each row it returns, so none means nothing is written
    and ``None`` is returned. The parent's
    instance is marked as saved with its id, as ``save()`` would do; each
    child's foreign key is set (the children's own ids are not read back).
    """
    if connection.vendor != "postgresql":
        raise NotImplementedError("insert_with_children needs PostgreSQL's data-modifying WITH.")
    quote = connection.ops.quote_name
    pk_column = quote(type(parent)._meta.pk.column)  # type: ignore[union-attr]
    head = insert_parts(parent, connection)
    clauses: list[str] = []
    params: list[Any] = []
    if source is not None:
        name, source_sql, source_params = source
        clauses.append(f"{quote(name)} AS ({source_sql})")
        params.extend(source_params)
    from_source = quote(source[0]) if source is not None else ""
    clauses.append(
        f"new_parent AS ({head.select_sql(source=from_source, where=where)} RETURNING {pk_column})"
    )
    params.extend([*head.params, *where_params])
    for index, (child, link) in enumerate(children):
        part = insert_parts(child, connection, computed={link: f"new_parent.{pk_column}"})
        clauses.append(f"new_child_{index} AS ({part.select_sql(source='new_parent')})")
        params.extend(part.params)
    # Identifiers come from the models' metadata, quoted; every value is a parameter.
    sql = f"WITH {', '.join(clauses)} SELECT {pk_column} FROM new_parent"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    parent.pk = row[0]
    parent._state.adding = False
    parent._state.db = connection.alias
    for child, link in children:
        setattr(child, link, row[0])
    return int(row[0])
