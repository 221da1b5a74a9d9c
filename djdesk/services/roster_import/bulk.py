"""Bulk inserts with DBAPI ``executemany``, each value bound as SQLAlchemy's column type binds it.

A Core ``insert()`` executemany spends several µs a row on SQLAlchemy's parameter bookkeeping;
pysqlite itself spends a few hundred ns on each bound value, more on a NULL (it goes through the
adapter lookup). :class:`BulkInsert` takes the rows column by column, processes each value with the
column type's bind processor (each distinct value once; dates with ``date.isoformat``, checked to
give the same text), and binds only what varies: a column that is NULL in every row is left out
where the database fills in NULL anyway, and a column with the same value in every row is written
into the statement as a literal (an integer, or text quoted as SQL quotes it: ``'`` doubled).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from sqlalchemy import Column, Connection, Date, Table
from sqlalchemy.sql.schema import ScalarElementColumnDefault

_UNSET: Final = object()
_PROBES: Final = (dt.date(1, 1, 1), dt.date(987, 6, 5), dt.date(2026, 11, 26), dt.date(9999, 12, 31))


def scalar_default(column: Column[Any]) -> ScalarElementColumnDefault | None:
    """The column's default when it is a plain value (``default=False``…), else None."""
    default = column.default
    return default if isinstance(default, ScalarElementColumnDefault) else None


def _literal(value: object) -> str | None:
    """``value`` as an SQL literal, or None when it is to be bound."""
    if type(value) is int:
        return str(value)
    if type(value) is str and "\x00" not in value:
        return "'" + value.replace("'", "''") + "'"
    return None


def _same(values: Sequence[object]) -> object:
    """The value all ``values`` are equal to, or _UNSET."""
    first = values[0]
    return first if values[-1] == first and values.count(first) == len(values) else _UNSET


class BulkInsert:
    """``INSERT INTO table`` of ``count`` rows given as columns (``columns[name][i]``: row i's value);
    a column not given gets its scalar default, if it has one (a callable one must be given).

    :meth:`run` writes a slice of the rows; the statement and the parameters are prepared once.
    """

    def __init__(self, conn: Connection, table: Table, columns: Mapping[str, Sequence[object]], count: int) -> None:
        self.conn = conn
        preparer = conn.dialect.identifier_preparer
        names: list[str] = []
        slots: list[str] = []
        bound: list[Sequence[object]] = []
        for column in table.columns:
            values = columns.get(column.key)
            if values is None:
                default = scalar_default(column)
                if default is None:
                    continue  # left to the database: NULL, or its server default
                values = [default.arg] * count  # as Core's insert() fills it in
            if len(values) != count:
                raise ValueError(f"BulkInsert into {table.name}: {len(values)} values of {column.key} for {count} rows")
            same = _same(values) if count else _UNSET  # one value in every row: processed once
            processed = self._process(column, values if same is _UNSET else values[:1]) if count else values
            if same is not _UNSET:
                same = processed[0]
                processed = [same] * count
            if same is None and column.nullable and column.server_default is None:
                continue  # NULL in every row: left to the database
            literal = "NULL" if same is None else _literal(same) if same is not _UNSET else None
            names.append(preparer.format_column(column))
            slots.append(literal or "?")
            if literal is None:
                bound.append(processed)
        self.sql = f"INSERT INTO {preparer.format_table(table)} ({', '.join(names)}) VALUES ({', '.join(slots)})"
        self.params: list[tuple[Any, ...]] = list(zip(*bound, strict=True)) if bound else [()] * count

    def _process(self, column: Column[Any], values: Sequence[object]) -> Sequence[object]:
        dialect = self.conn.dialect
        process: Callable[[Any], Any] | None = column.type.dialect_impl(dialect).bind_processor(dialect)
        if process is None:
            return values
        kind = type(next((v for v in values if v is not None), None))
        if isinstance(column.type, Date) and all(process(d) == d.isoformat() for d in _PROBES):
            # A date or datetime as the processor writes it (the date only): date.isoformat's text.
            iso = dt.date.isoformat
            try:
                return list(map(iso, values))  # type: ignore[arg-type]
            except TypeError:  # a None, or not a date (the processor says what becomes of it)
                try:
                    return [None if v is None else iso(v) for v in values]  # type: ignore[arg-type]
                except TypeError:
                    return [None if v is None else process(v) for v in values]
        if issubclass(kind, (enum.Enum, bool)):
            # A few singletons (whose hash is Python code, for an Enum): mapped by identity.
            members: list[object] = [*kind, None] if issubclass(kind, enum.Enum) else [True, False, None]
            done = {id(m): None if m is None else process(m) for m in members}
            try:
                return list(map(done.__getitem__, map(id, values)))
            except KeyError:  # a value of another kind
                pass
        try:
            distinct = {v: None if v is None else process(v) for v in set(values)}
            return list(map(distinct.__getitem__, values))
        except (TypeError, KeyError):  # an unhashable value, or one unequal to itself
            return [None if v is None else process(v) for v in values]

    def run(self, start: int = 0, stop: int | None = None) -> None:
        rows = self.params[start:stop]
        if rows:
            self.conn.exec_driver_sql(self.sql, rows)
