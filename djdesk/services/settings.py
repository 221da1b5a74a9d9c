"""Reading and writing settings (defaults from ``djdesk.domain.config``)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.config import ROSTER_PRINT_COLUMNS, SETTINGS, SettingSpec
from djdesk.domain.dates import format_cn
from djdesk.domain.enums import OrgKind
from djdesk.domain.errors import InputError
from djdesk.domain.schedule import parse_frequency
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Organization, Setting


class Settings:
    """A snapshot of all settings: stored values over defaults.

    ``committee``: the name of the 机关党委 in the organisation tree (or how to read it, when first
    needed), which stands for an empty ``unit.committee_name``: the clerk may have created the
    机关党委 without filling 设置."""

    def __init__(self, values: dict[str, Any], committee: str | Callable[[], str] = "") -> None:
        self._values = values
        self._committee = committee

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

    @property
    def committee_name(self) -> str:
        """The 机关党委's full name: 设置, else the 机关党委 of the tree; "" while it has no name."""
        named = str(self.get("unit.committee_name") or "").strip()
        if named:
            return named
        if callable(self._committee):
            self._committee = self._committee()
        return self._committee

    @property
    def upper_org(self) -> str:
        """The upper organisation (上级党组织) of 设置; "" while the clerk has not named it."""
        return str(self.get("unit.upper_org") or "").strip()

    @property
    def clerk_name(self) -> str:
        return str(self.get("unit.clerk_name") or "").strip()

    @property
    def contact_name(self) -> str:
        """The 联系人 letters name (设置 → 单位信息); the clerk (经办人) when not set."""
        return str(self.get("unit.contact_name") or "").strip() or self.clerk_name

    @property
    def contact_phone(self) -> str:
        return str(self.get("unit.contact_phone") or "").strip()

    @property
    def print_columns(self) -> list[str]:
        """The columns of the printed 花名册 the clerk chose (设置 → 文书)."""
        return [str(c) for c in self.get("roster.print_columns")]

    def made_by(self, made_on: dt.date | None = None) -> tuple[str, str]:
        """The 机关党委 name for a table's title, and its “制表人：…　　制表日期：…” line (the clerk of 设置;
        the date defaults to today)."""
        unit = self.committee_name
        clerk = self.clerk_name
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
    return Settings(values, lambda: _tree_committee(sessions))


def _tree_committee(sessions: SessionFactory) -> str:
    """The name of the (one) 机关党委 of the tree, not dissolved; "" if there is none."""
    with sessions() as session:
        name = session.scalar(
            select(Organization.name).where(Organization.kind == OrgKind.ORGAN_COMMITTEE,
                                            Organization.dissolved_on.is_(None)).order_by(Organization.id).limit(1))
    return name or ""


def save_settings(sessions: SessionFactory, values: dict[str, Any]) -> None:
    """Check every value first, then write them all in one transaction (all or nothing)."""
    with sessions.begin() as session:
        write_settings(session, values)


def write_settings(session: Session, values: dict[str, Any]) -> None:
    """Check every value first, then write them all in ``session``'s transaction (a refusal writes none)."""
    checked = {key: _checked(key, value) for key, value in values.items()}
    for key, value in checked.items():
        _write(session, key, value)


def save_setting(sessions: SessionFactory, key: str, value: Any) -> None:
    value = _checked(key, value)
    with sessions.begin() as session:
        _write(session, key, value)


def _checked(key: str, value: Any) -> Any:
    """The one check of a value of 设置, for the dialog and ``djdesk settings set`` alike: the value as
    stored, or :class:`InputError` saying what to change. Text is read as the clerk types it: whole
    numbers, 每月/每季度/每年, lists separated by 、 or commas."""
    spec = SETTINGS.get(key)
    if spec is None:
        raise InputError(f"没有名为“{key}”的设置项。请用 djdesk settings list 查看全部设置项。")
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
    if key == "roster.print_columns":
        value = checked_print_columns(value)
    elif isinstance(spec.default, list):
        value = _checked_list(spec, value)
    elif isinstance(spec.default, str):
        value = _checked_text(spec, value)
    return value


LIST_SEPARATORS = ("，", ",", "；", ";")  # besides 、


def _checked_list(spec: SettingSpec, value: Any) -> list[str]:
    if isinstance(value, str):
        for separator in LIST_SEPARATORS:
            value = value.replace(separator, "、")
        value = value.split("、")
    items = [str(v).strip() for v in (value or ()) if str(v).strip()]
    if len(items) < 2 or len(set(items)) != len(items):
        example = "、".join(spec.default)
        raise InputError(f"“{spec.label}”应为至少两个互不相同的项，用顿号或逗号分隔，如 {example}。")
    return items


def checked_print_columns(value: Any) -> list[str]:
    """The columns of the printed 花名册 as the clerk lists them (顿号 or commas between): every one a
    column the 花名册 has, none twice, 姓名 among them; :class:`InputError` saying what to change."""
    if isinstance(value, str):
        for separator in LIST_SEPARATORS:
            value = value.replace(separator, "、")
        value = value.split("、")
    items = [str(v).strip() for v in (value or ()) if str(v).strip()]
    unknown = [c for c in items if c not in ROSTER_PRINT_COLUMNS]
    choices = "、".join(ROSTER_PRINT_COLUMNS)
    if unknown:
        raise InputError(f"花名册没有“{'”“'.join(unknown)}”这一列。可以打印的列有：{choices}。")
    if len(set(items)) != len(items):
        twice = next(c for c in items if items.count(c) > 1)
        raise InputError(f"花名册打印的列中“{twice}”写了两次，请只写一次。")
    if "姓名" not in items:
        raise InputError("花名册打印的列中应有“姓名”。")
    return items


def _checked_text(spec: SettingSpec, value: Any) -> str:
    text = str(value if value is not None else "").strip()
    if "××" in text or "XX" in text.upper():
        raise InputError(f"“{spec.label}”中还有“××”，请填写实际的名称。")
    if spec.key == "eval.excellent_share":  # R-EVAL-2
        try:
            share = Fraction(text.replace(" ", ""))
        except (ValueError, ZeroDivisionError) as exc:
            raise InputError(f"“{spec.label}”应为分数或小数，如 1/3 或 0.3。") from exc
        if not 0 < share <= 1:
            raise InputError(f"“{spec.label}”应大于 0、不超过 1，如 1/3。")
    if spec.key == "dues.rounding" and text not in DUES_ROUNDINGS:  # R-DUES-5
        raise InputError(f"“{spec.label}”只能是 {'、'.join(DUES_ROUNDINGS)}（元）。")
    if spec.key == "unit.contact_phone" and text and not PHONE.fullmatch(text):
        raise InputError(f"“{spec.label}”只能含数字、“-”、空格、括号和“转”“内线”，如 0571-87001234 转 8001。")
    if len(text) > TEXT_MAX:
        raise InputError(f"“{spec.label}”太长（最多 {TEXT_MAX} 个字）。")
    return text


TEXT_MAX = 100
PHONE = re.compile(r"[0-9０-９\-－—+＋ 　()（）转内线分机，,、/]{3,40}")


DUES_ROUNDINGS = ("0.01", "0.1", "1")


def setting_text(key: str, value: Any) -> str:
    """A value of 设置 as the clerk reads and types it (每月, 好、较好、一般、差, 3)."""
    if key.startswith("meet.freq."):
        try:
            return parse_frequency(value).label
        except ValueError:
            return str(value)
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


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
