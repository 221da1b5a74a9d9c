"""党员花名册 export (rules.md §7; design.md, Documents and Known traps), and its round trip through the import."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, update

from djdesk.domain.enums import Employment, MemberCategory, OrgKind, PartyStanding, RosterStatus
from djdesk.domain.errors import FolderNotWritable, InputError
from djdesk.domain.idcard import make_id
from djdesk.domain.member_check import FIELDS, STANDARD_FIELDS
from djdesk.domain.names import stroke_sort_key
from djdesk.services import demo
from djdesk.services.member_status import delete_member
from djdesk.services.members import list_members
from djdesk.services.orgs import list_orgs
from djdesk.services.roster_export import FULL_SHEET, HEADERS, SHEET_NAME, export_roster
from djdesk.services.roster_import.headers import recognise
from djdesk.services.settings import save_setting
from djdesk.store.models import Member, Organization

ON = demo.reference_date(2025)
HEADER_ROW = 3  # title, 截至/制表日期, header
HOSTILE = '=HYPERLINK("x")'


def _body(ws: Any) -> list[tuple[Any, ...]]:
    """The member rows (numbered: not the 制表人 line under the printed table)."""
    return [r for r in ws.iter_rows(min_row=HEADER_ROW + 1) if isinstance(r[0].value, int)]


def _column(name: str) -> int:
    return HEADERS.index(name)


def test_headers_are_the_national_form_in_order_then_extras(opened: Any, tmp_path: Path) -> None:
    """The full record (sheet 完整信息, after the printed roster): every field, as the import reads them."""
    out = export_roster(opened.sessions, tmp_path / "花名册.xlsx", on=ON)
    assert openpyxl.load_workbook(out).sheetnames == [SHEET_NAME, FULL_SHEET]
    ws = openpyxl.load_workbook(out)[FULL_SHEET]
    assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
    labels = {f.key: f.label for f in FIELDS}
    assert list(HEADERS[1:19]) == [labels[k] for k in STANDARD_FIELDS]  # the 16 items of rules.md §7
    assert HEADERS[0] == "序号" and HEADERS[19:] == ("党小组", "在职/离退休", "备注")
    assert all(recognise(h) for h in HEADERS[1:]), "every header must be one the import recognises"
    assert ws["A1"].value == f"{demo.ROOT_NAME}党员花名册（完整信息）"  # the setting is still its placeholder
    assert str(ws["A2"].value).startswith("截至2025年")
    assert any(str(c.value or "").startswith("制表日期：") for c in ws[2])


def test_title_uses_the_committee_name_setting(opened: Any, tmp_path: Path) -> None:
    save_setting(opened.sessions, "unit.committee_name", "中共某某厅直属机关委员会")
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON)).active
    assert ws["A1"].value == "中共某某厅直属机关委员会党员花名册"


def test_print_settings_a4_landscape_header_repeated(opened: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", by_branch=True, on=ON))
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == 9
        if ws.title == FULL_SHEET:  # data work: one page wide; the printed sheets: test_roster_print
            assert ws.sheet_properties.pageSetUpPr.fitToPage is True
            assert int(ws.page_setup.fitToWidth or 1) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert "第 &P 页 共 &N 页" in ws.oddFooter.center.text


def test_row_count_equals_member_list_and_ids_are_text(opened: Any, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[FULL_SHEET]
    rows = _body(ws)
    members = list_members(opened.sessions)
    assert len(rows) == len(members) > 300
    assert [r[0].value for r in rows] == list(range(1, len(rows) + 1))
    id_col, phone_col = _column("公民身份号码"), _column("联系电话")
    assert {r[id_col].value for r in rows} == {m.id_number for m in members}
    for row in rows:
        cell = row[id_col]
        assert cell.data_type == "s" and isinstance(cell.value, str) and len(cell.value) == 18
        assert row[phone_col].data_type == "s"
        assert row[_column("加入党组织日期")].is_date
        assert row[_column("是否为失联党员")].value in ("是", "否")
        assert row[_column("人员类别")].value in ("正式党员", "预备党员")


def test_by_branch_one_sheet_per_branch_with_its_members(opened: Any, tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", by_branch=True, on=ON))
    branches = [o for o in list_orgs(opened.sessions) if o.kind is OrgKind.BRANCH]
    assert wb.sheetnames == [*(o.display_name for o in branches), FULL_SHEET]  # short names, in tree order
    for org in branches:
        ws = wb[org.display_name]
        assert ws["A1"].value == f"{org.name}党员花名册"
        rows = _body(ws)
        names = [r[1].value for r in rows]
        assert sorted(names) == sorted(m.name for m in list_members(opened.sessions, branch=org.name)), org.name
        assert [r[0].value for r in rows] == list(range(1, len(rows) + 1))
        assert "所在党支部" not in [c.value for c in ws[HEADER_ROW]]  # the sheet's title names it
    assert len(_body(wb[FULL_SHEET])) == len(list_members(opened.sessions))  # everyone, once


def test_branch_filter_by_full_or_short_name(opened: Any, tmp_path: Path) -> None:
    general = next(o for o in list_orgs(opened.sessions) if o.kind is OrgKind.GENERAL_BRANCH)
    for name in (general.name, general.short_name):
        assert name is not None
        ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", branch=name, on=ON)).active
        assert ws["A1"].value == f"{general.name}党员花名册"
        assert len(_body(ws)) == len(list_members(opened.sessions, branch=name)) > 0


def test_order_is_tree_order_then_surname_strokes(opened: Any, tmp_path: Path) -> None:
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[FULL_SHEET]
    position = {o.display_name: i for i, o in enumerate(list_orgs(opened.sessions))}
    keys = [(position[r[_column("所在党支部")].value], stroke_sort_key(r[1].value)) for r in _body(ws)]
    assert keys == sorted(keys)


def test_only_members_on_the_roster(opened: Any, tmp_path: Path) -> None:
    members = list_members(opened.sessions)
    gone, binned = members[0], members[1]
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == gone.id).values(roster_status=RosterStatus.TRANSFERRED_OUT))
    delete_member(opened.sessions, binned.id)
    ws = openpyxl.load_workbook(export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON))[FULL_SHEET]
    ids = {r[_column("公民身份号码")].value for r in _body(ws)}
    assert len(ids) == len(members) - 2
    assert gone.id_number not in ids and binned.id_number not in ids


def test_text_that_looks_like_a_formula_stays_text(opened: Any, tmp_path: Path) -> None:
    with opened.sessions.begin() as session:
        branch = session.scalars(select(Organization).where(Organization.kind == OrgKind.BRANCH)).first()
        assert branch is not None
        session.add(Member(
            name=HOSTILE, id_number=make_id("110105", dt.date(1980, 1, 1), 11), category=MemberCategory.FULL,
            organization_id=branch.id, address="=1+1", phone="+86 138 0000 0000", note="@SUM(A1)",
        ))
    out = export_roster(opened.sessions, tmp_path / "a.xlsx", on=ON)
    ws = openpyxl.load_workbook(out)[FULL_SHEET]
    row = next(r for r in _body(ws) if r[1].value == HOSTILE)
    assert row[1].data_type == "s"
    assert row[_column("家庭住址")].value == "=1+1" and row[_column("家庭住址")].data_type == "s"
    assert row[_column("联系电话")].value == "+86 138 0000 0000"
    assert row[_column("备注")].value == "@SUM(A1)"
    # the quote prefix: a clerk who edits such a cell in Excel or WPS keeps it text
    for cell in (row[1], row[_column("家庭住址")], row[_column("联系电话")], row[_column("备注")]):
        assert cell.quotePrefix, cell.coordinate
    assert not row[_column("民族")].quotePrefix
    with zipfile.ZipFile(out) as archive:
        for name in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
            assert "<f>" not in archive.read(name).decode()


def test_unknown_branch_is_refused_and_nothing_written(opened: Any, tmp_path: Path) -> None:
    folder = tmp_path / "导出"
    folder.mkdir()
    out = folder / "a.xlsx"
    with pytest.raises(InputError) as caught:
        export_roster(opened.sessions, out, branch="不存在的支部")
    assert "不存在的支部" in caught.value.message
    with pytest.raises(InputError) as wrong:
        export_roster(opened.sessions, folder / "a.xls")
    assert ".xlsx" in wrong.value.message
    assert list(folder.iterdir()) == []


def test_unwritable_destination_raises_and_leaves_no_file(opened: Any, tmp_path: Path) -> None:
    folder = tmp_path / "导出"
    folder.mkdir()
    blocker = folder / "不是文件夹.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(FolderNotWritable) as caught:
        export_roster(opened.sessions, blocker / "花名册.xlsx")
    assert "不是文件夹.txt" in caught.value.message
    assert [p.name for p in folder.iterdir()] == ["不是文件夹.txt"]


def _mark_statuses(opened: Any) -> None:
    """Give a few members every unusual value the export writes (是, 停止党籍, 离退休, a 失联 date)."""
    members = list_members(opened.sessions)
    lost, floating, suspended = members[3], members[4], members[5]
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == lost.id).values(
            lost_contact=True, lost_contact_on=dt.date(2024, 3, 1), employment=Employment.RETIRED))
        session.execute(update(Member).where(Member.id == floating.id).values(
            floating=True, floating_to="广东省深圳市南山区"))
        session.execute(update(Member).where(Member.id == suspended.id).values(standing=PartyStanding.SUSPENDED))


@pytest.mark.parametrize("by_branch", [False, True])
def test_export_reimports_with_no_changes(opened: Any, tmp_path: Path, by_branch: bool) -> None:
    """An exported 花名册 is an import file: importing it back finds every member unchanged."""
    from djdesk.services.roster_import.planner import plan_import

    _mark_statuses(opened)
    out = export_roster(opened.sessions, tmp_path / "花名册.xlsx", by_branch=by_branch, on=ON)
    plan = plan_import(opened.sessions, out)
    count = len(list_members(opened.sessions))
    assert plan.skipped_sheets == [] and plan.new_branches == []
    assert (plan.created, plan.updated, plan.unchanged, plan.invalid, plan.ignored) == (0, 0, count, 0, 0)
    problems = [(r.row, r.name, r.messages, r.changes) for r in plan.rows if r.messages or r.changes]
    assert problems == []


def test_empty_database_gives_a_header_only_roster(store: Any, tmp_path: Path) -> None:
    for by_branch in (False, True):
        out = export_roster(store.sessions, tmp_path / "空.xlsx", by_branch=by_branch)
        ws = openpyxl.load_workbook(out)[FULL_SHEET]
        assert [c.value for c in ws[HEADER_ROW]] == list(HEADERS)
        assert _body(ws) == []
        assert "共 0 名党员" in str(ws["A2"].value)


def test_xlsxwriter_is_imported_only_when_exporting() -> None:
    import subprocess
    import sys

    code = "import sys, djdesk.services.roster_export; print('xlsxwriter' in sys.modules, 'PySide6' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]
