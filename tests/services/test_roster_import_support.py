"""Shared helpers of the roster-import tests: stores, roster files built at test time, snapshots.

Files are generated with XlsxWriter/openpyxl/csv inside each test (hostile ones from their raw
parts: tests/services/hostile_files.py); only the tiny .xls and .ods in tests/fixtures/import were
made once with ``soffice --headless --convert-to`` from such a file (serial60.xls: the roster of
``test_roster_import_mends._serial_roster``, its 加入党组织日期 date cells holding 60, 59 and 40000).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import text

from djdesk.domain.enums import OrgKind
from djdesk.domain.idcard import make_id
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Organization

TODAY = dt.date(2026, 6, 1)
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
ROOT_NAME = "中共示例省交通运输厅直属机关委员会"
UNIT = "示例省交通运输厅"
BRANCH_FULL = "中共示例省交通运输厅办公室支部委员会"
HEADER = ["姓名", "性别", "公民身份号码", "所在党支部", "加入党组织日期", "转为正式党员日期", "人员类别"]


def pid(year: int, month: int = 1, day: int = 1, seq: int = 11) -> str:
    """A valid ID number (R-ID-1); odd ``seq`` is a man, even a woman (R-ID-2)."""
    return make_id("110105", dt.date(year, month, day), seq)


def member_row(name: str, number: str, *, branch: str = "办公室支部", gender: str = "男",
               joined: object = "2010-07-01", confirmed: object = "2011-07-01",
               category: str = "正式党员") -> list[object]:
    return [name, gender, number, branch, joined, confirmed, category]


def small_tree(sessions: SessionFactory, *, root: bool = True) -> dict[str, int]:
    """机关党委 → 办公室支部 (with 第一党小组) and 财务处支部; returns ids by short name."""
    with sessions.begin() as session:
        parent = None
        if root:
            parent = Organization(kind=OrgKind.ORGAN_COMMITTEE, name=ROOT_NAME, short_name="机关党委",
                                  unit_name=UNIT)
            session.add(parent)
        office = Organization(kind=OrgKind.BRANCH, name=BRANCH_FULL, short_name="办公室支部", unit_name=UNIT,
                              parent=parent)
        finance = Organization(kind=OrgKind.BRANCH, name="中共示例省交通运输厅财务处支部委员会",
                               short_name="财务处支部", unit_name=UNIT, parent=parent)
        group = Organization(kind=OrgKind.GROUP, name="办公室支部第一党小组", short_name="办公室第一党小组",
                             parent=office)
        session.add_all([office, finance, group])
        session.flush()
        ids = {"办公室支部": office.id, "财务处支部": finance.id, "第一党小组": group.id}
        if parent is not None:
            ids["机关党委"] = parent.id
    return ids


def open_fresh(paths: DataPaths, *, root: bool = True) -> tuple[Store, dict[str, int]]:
    store = open_store(paths)
    return store, small_tree(store.sessions, root=root)


def write_xlsx(path: Path, sheets: dict[str, Sequence[Sequence[object]]], *, merges: Sequence[tuple[str, Any]] = (),
               numbers: Sequence[tuple[str, int, int, float]] = ()) -> Path:
    """Each sheet's rows from row 1; ``None`` leaves a cell empty; dates become date cells.

    ``merges``: (sheet, (first_row, first_col, last_row, last_col, text)); ``numbers``: (sheet,
    row, col, float) written as number cells (an ID Excel stored as a number, R-ID-4).
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, dt.datetime(value.year, value.month, value.day), date_format)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
        for sheet_name, (r1, c1, r2, c2, value) in merges:
            if sheet_name == name:
                sheet.merge_range(r1, c1, r2, c2, value)
        for sheet_name, r, c, number in numbers:
            if sheet_name == name:
                sheet.write_number(r, c, number)
    book.close()
    return path


def snapshot(sessions: SessionFactory) -> tuple[Any, ...]:
    """Every member and organisation row and the number of 操作日志 entries: "the database unchanged"."""
    with sessions() as session:
        members = tuple(tuple(r) for r in session.execute(text("SELECT * FROM members ORDER BY id")))
        orgs = tuple(tuple(r) for r in session.execute(text("SELECT * FROM organizations ORDER BY id")))
        audit = session.scalar(text("SELECT count(*) FROM audit_log"))
    return members, orgs, audit


def members_by_name(sessions: SessionFactory) -> dict[str, dict[str, Any]]:
    with sessions() as session:
        rows = session.execute(text("SELECT * FROM members WHERE deleted_at IS NULL")).mappings().all()
    return {r["name"]: dict(r) for r in rows}
