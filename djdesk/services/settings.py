"""Reading and writing settings (defaults from ``djdesk.domain.config``)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.config import SETTINGS
from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.schedule import parse_frequency
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Setting


class Settings:
    """A snapshot of all settings: stored values over defaults."""

    def __init__(self, values: dict[str, Any]) -> None:
        self._values = values

    def get(self, key: str) -> Any:
        if key in self._values:
            return self._values[key]
        if key not in SETTINGS:
            raise KeyError(key)
        return SETTINGS[key].default

    def term_years(self, kind: OrgKind) -> int:
        """R-ORG-5: term length by kind; 党小组 have no term."""
        key = f"term.years.{kind.name}"
        return int(self.get(key)) if key in SETTINGS else 0

    @property
    def remind_months(self) -> int:
        return int(self.get("term.remind_months"))

    def made_by(self, made_on: dt.date | None = None) -> tuple[str, str]:
        """The 机关党委 name for a table's title, and its “制表人：…　　制表日期：…” line (the clerk of 设置;
        the date defaults to today)."""
        unit = str(self.get("unit.committee_name") or "").strip()
        clerk = str(self.get("unit.clerk_name") or "").strip()
        made = format_cn(made_on or dt.date.today())
        return unit, "　　".join(p for p in (f"制表人：{clerk}" if clerk else "", f"制表日期：{made}") if p)


def load_settings(sessions: SessionFactory) -> Settings:
    with sessions() as session:
        rows = session.scalars(select(Setting)).all()
    values: dict[str, Any] = {}
    for row in rows:
        try:
            values[row.key] = json.loads(row.value)
        except ValueError:
            continue  # a damaged value falls back to the default
    return Settings(values)


def save_settings(sessions: SessionFactory, values: dict[str, Any]) -> None:
    """Check every value first, then write them all in one transaction (all or nothing)."""
    checked = {key: _checked(key, value) for key, value in values.items()}
    with sessions.begin() as session:
        for key, value in checked.items():
            _write(session, key, value)


def save_setting(sessions: SessionFactory, key: str, value: Any) -> None:
    value = _checked(key, value)
    with sessions.begin() as session:
        _write(session, key, value)


def _checked(key: str, value: Any) -> Any:
    spec = SETTINGS.get(key)
    if spec is None:
        raise InputError(f"没有名为“{key}”的设置项。")
    if isinstance(spec.default, int) and not isinstance(spec.default, bool):
        try:
            value = int(value)
        except (TypeError, ValueError) as exc:
            raise InputError(f"“{spec.label}”应为整数。") from exc
        if value <= 0:
            raise InputError(f"“{spec.label}”应大于 0。")
        if spec.maximum is not None and value > spec.maximum:
            raise InputError(f"“{spec.label}”最多为 {spec.maximum}{spec.unit}，请改小一些。")
    if key.startswith("meet.freq."):
        try:
            value = parse_frequency(value).value  # the same reading as the compliance grid's
        except ValueError as exc:
            raise InputError(f"“{spec.label}”只能是 每月、每季度 或 每年。") from exc
    return value


def _write(session: Session, key: str, value: Any) -> None:
    row = session.get(Setting, key)
    if value == SETTINGS[key].default:
        if row is not None:
            session.delete(row)
        return
    put_setting_text(session, key, json.dumps(value, ensure_ascii=False), row)


def put_setting_text(session: Session, key: str, text: str, row: Setting | None = None) -> None:
    """Store ``text`` under ``key`` in the settings table, adding the row if there is none (``row``: the
    row when the caller has read it already). Also for records outside the 设置 registry (the start-up
    password, remembered import columns)."""
    row = row if row is not None else session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text


def reset_setting(sessions: SessionFactory, key: str) -> None:
    """恢复默认."""
    with sessions.begin() as session:
        row = session.get(Setting, key)
        if row is not None:
            session.delete(row)
