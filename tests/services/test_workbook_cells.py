"""Every workbook djdesk writes keeps IDs and phone numbers as text cells and text that looks like a
formula as quoted text (design.md, Known traps; R-ID-4; issue 13): the 花名册 (printed and full record,
one sheet and by branch), the import error report, the year-end tables, the compliance tables, the
organisation tables. Read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, update

from djdesk.services import demo
from djdesk.services.compliance_export import export_compliance
from djdesk.services.org_export import export_org_tables
from djdesk.services.roster_export import export_roster
from djdesk.services.roster_import import plan_import, save_error_report
from djdesk.services.yearend_export import export_yearend
from djdesk.store.models import Member
from tests.services.test_roster_import_support import HEADER, member_row, pid, write_xlsx

YEAR = 2025
ON = demo.reference_date(YEAR)
ID = re.compile(r"\d{17}[\dXx]|\d{15}")
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")
HOSTILE = {"note": "=1+1", "address": "@SUM(A1)", "floating_to": "-北京"}


@pytest.fixture
def workbooks(opened: Any, tmp_path: Path) -> list[Path]:
    with opened.sessions.begin() as session:
        first = session.scalars(select(Member).order_by(Member.id)).first()
        assert first is not None
        session.execute(update(Member).where(Member.id == first.id).values(**HOSTILE))
    made = [export_roster(opened.sessions, tmp_path / "花名册.xlsx", on=ON),
            export_roster(opened.sessions, tmp_path / "分支部.xlsx", on=ON, by_branch=True,
                          columns=["序号", "姓名", "公民身份号码", "联系电话", "备注"]),
            export_yearend(opened.sessions, YEAR, tmp_path / "年终.xlsx", on=ON),
            export_compliance(opened.sessions, YEAR, tmp_path / "组织生活.xlsx", on=ON),
            export_org_tables(opened.sessions, tmp_path / "党组织.xlsx", on=ON)]
    source = write_xlsx(tmp_path / "名册.xlsx", {"党员名册": [
        HEADER, member_row("错误行", "1.10105E+17"), member_row("=HYPERLINK(1)", "12345"),
        member_row("正确行", pid(1981, 1))]})
    plan = plan_import(opened.sessions, source)
    made.append(save_error_report(plan, tmp_path / "错误报告.xlsx"))
    return made


def _cells(path: Path) -> list[Any]:
    book = openpyxl.load_workbook(path)
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value is not None]


def test_ids_and_phones_are_text_cells_everywhere(workbooks: list[Path]) -> None:
    seen = 0
    for path in workbooks:
        for cell in _cells(path):
            value = str(cell.value)
            if ID.fullmatch(value) or PHONE.fullmatch(value) or (isinstance(cell.value, int | float)
                                                                 and cell.value >= 10**10):
                assert cell.data_type == "s", (path.name, cell.coordinate, value)
                assert cell.number_format == "@", (path.name, cell.coordinate, value)
                seen += 1
    assert seen > 600  # the two rosters' IDs and phones, and the report's


def test_text_that_looks_like_a_formula_is_quoted_text_everywhere(workbooks: list[Path]) -> None:
    quoted = []
    for path in workbooks:
        for cell in _cells(path):
            if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@"):
                assert cell.data_type == "s" and cell.quotePrefix, (path.name, cell.coordinate, cell.value)
                quoted.append(cell.value)
    for value in (*HOSTILE.values(), "=HYPERLINK(1)"):
        assert value in quoted, value


def test_no_formula_in_any_workbook(workbooks: list[Path]) -> None:
    import zipfile

    for path in workbooks:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/sheet"):
                    assert "<f>" not in package.read(name).decode(), (path.name, name)


def test_dates_in_the_printed_roster_are_real_dates(workbooks: list[Path]) -> None:
    ws = openpyxl.load_workbook(workbooks[0]).worksheets[0]
    born = [row[4] for row in ws.iter_rows(min_row=4) if isinstance(row[0].value, int)]
    assert born and all(c.is_date and isinstance(c.value, dt.datetime) for c in born if c.value is not None)
