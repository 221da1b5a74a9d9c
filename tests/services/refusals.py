"""The "refused, in Chinese, and nothing written" check shared by the service tests (no tests here).

A module names the tables its refusals must leave alone and binds the check to them::

    TABLES = ("members", "member_events")
    CHECK = RefusalCheck(TABLES)
    dump, refused = CHECK.dump, CHECK.refused

``refused(sessions, action, *fragments)`` runs ``action``; it must raise :class:`InputError` whose message
is Chinese and holds every fragment, and ``dump`` (every row of the tables and the number of 操作日志
entries) must be the same before and after. A module whose "unchanged" means something else passes its
own snapshot to :func:`assert_refused`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text

from djdesk.domain.errors import InputError
from djdesk.store.engine import SessionFactory

HAN = re.compile(r"[\u4e00-\u9fff]")


def dump_tables(sessions: SessionFactory, tables: tuple[str, ...], *, order_by: str = "id") -> tuple[Any, ...]:
    """Every row of ``tables`` (each ``ORDER BY order_by``), and the number of 操作日志 entries."""
    with sessions() as session:
        rows = tuple(
            tuple(tuple(r) for r in session.execute(text(f"SELECT * FROM {table} ORDER BY {order_by}")))
            for table in tables
        )
        audit = session.scalar(text("SELECT count(*) FROM audit_log"))
    return (*rows, audit)


def assert_refused(sessions: SessionFactory, dump: Callable[[SessionFactory], object],
                   action: Callable[[], object], *fragments: str) -> str:
    """``action`` must raise InputError whose Chinese message holds every fragment, and leave ``dump`` as it was."""
    before = dump(sessions)
    with pytest.raises(InputError) as caught:
        action()
    message = caught.value.message
    assert HAN.search(message), message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    assert dump(sessions) == before, "a refused change must leave the database unchanged"
    return message


@dataclass(frozen=True)
class RefusalCheck:
    """:func:`dump_tables` and :func:`assert_refused` bound to one module's tables."""

    tables: tuple[str, ...]
    order_by: str = "id"

    def dump(self, sessions: SessionFactory) -> tuple[Any, ...]:
        return dump_tables(sessions, self.tables, order_by=self.order_by)

    def refused(self, sessions: SessionFactory, action: Callable[[], object], *fragments: str) -> str:
        return assert_refused(sessions, self.dump, action, *fragments)
