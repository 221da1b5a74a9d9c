"""Declarative base, shared column types and mixins."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import DateTime, Enum, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def enum_column(enum_cls: type[enum.Enum]) -> Enum:
    """Store the member *name* as plain text: adding a value needs no migration."""
    return Enum(enum_cls, native_enum=False, length=32, create_constraint=False, validate_strings=True)


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)

    # Fields whose values never appear in the audit log (personal data).
    __audit_secret__: frozenset[str] = frozenset()
    # Chinese name of the entity for the audit log.
    __label__: str = ""

    def audit_title(self) -> str:
        """A short human name for the audit summary (never an ID or phone number)."""
        for attr in ("name", "title", "nominee_name", "key"):
            value: Any = getattr(self, attr, None)
            if value:
                return str(value)
        return ""


class TimestampMixin:
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=now, onupdate=now, server_default=func.current_timestamp()
    )


class SoftDeleteMixin:
    """Rows the clerk deletes go to the 回收站 first."""

    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None, index=True)
