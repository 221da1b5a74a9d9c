"""党组织一览表 and 班子成员名单 (R-ORG-1…R-ORG-10 data, printed: design.md, Documents)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, update

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import CommitteeRole, MemberCategory
from djdesk.domain.errors import FolderNotWritable
from djdesk.services import demo
from djdesk.services.members import list_members
from djdesk.services.org_export import ORG_SHEET, SEAT_SHEET, export_org_tables
from djdesk.services.settings import save_setting
from djdesk.store.models import CommitteeSeat, Organization

ON = demo.reference_date(2025)
MADE = dt.date(2025, 10, 8)
HEADER_ROW = 3
ORG_HEADERS = ["序号", "党组织名称", "简称", "类型", "上级组织", "书记", "正式党员", "预备党员", "党员合计", "届次",
               "选举日期", "任期届满", "换届状态", "备注"]
SEAT_HEADERS = ["序号", "党组织", "职务", "姓名", "任职时间", "批准或备案文号", "备注"]


def _export(store: Any, tmp_path: Path) -> openpyxl.Workbook:
    out = export_org_tables(store.sessions, tmp_path / "党组织.xlsx", on=ON, made_on=MADE)
    return openpyxl.load_workbook(out)


def _records(ws: Any, headers: list[str]) -> list[dict[str, Any]]:
    """Body rows as dicts (up to the totals row or the note, which have no 序号)."""
    assert [c.value for c in ws[HEADER_ROW]] == headers
    found = []
    for row in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True):
        if not isinstance(row[0], int):
            break
        found.append(dict(zip(headers, row, strict=True)))
    return found


def test_org_table_counts_equal_member_list(opened: Any, tmp_path: Path) -> None:
    """R-ORG-1/R-ORG-2 counts: each organisation's 正式/预备 equal `djdesk members list --branch`."""
    ws = _export(opened, tmp_path)[ORG_SHEET]
    records = _records(ws, ORG_HEADERS)
    assert len(records) == 23
    for record in records:
        members = Counter(m.category for m in list_members(opened.sessions, branch=record["党组织名称"]))
        assert record["正式党员"] == members[MemberCategory.FULL], record["党组织名称"]
        assert record["预备党员"] == members[MemberCategory.PROBATIONARY], record["党组织名称"]
        assert record["党员合计"] == record["正式党员"] + record["预备党员"]


def test_org_table_totals_count_top_level_only(opened: Any, tmp_path: Path) -> None:
    ws = _export(opened, tmp_path)[ORG_SHEET]
    totals_row = HEADER_ROW + len(_records(ws, ORG_HEADERS)) + 1
    values = [c.value for c in ws[totals_row]]
    assert values[1] == "合计（机关党委）"
    everyone = Counter(m.category for m in list_members(opened.sessions))
    assert values[6:9] == [everyone[MemberCategory.FULL], everyone[MemberCategory.PROBATIONARY],
                           sum(everyone.values())]
    assert ws.cell(totals_row, 7).font.b
    assert "不重复计算" in str(ws.cell(totals_row + 1, 1).value)


def test_r_org_7_term_status_column(opened: Any, tmp_path: Path) -> None:
    """R-ORG-7: only the demo's overdue branch shows 已超期 and only the due-soon one 即将届满."""
    ws = _export(opened, tmp_path)[ORG_SHEET]
    records = _records(ws, ORG_HEADERS)
    by_short = {r["简称"]: r for r in records}
    assert by_short[demo.OVERDUE_BRANCH]["换届状态"] == "已超期"
    assert by_short[demo.DUE_SOON_BRANCH]["换届状态"] == "即将届满"
    others = {r["换届状态"] for r in records if r["简称"] not in (demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH)}
    assert others <= {"正常", None}
    for record in records:
        if record["类型"] == "党小组":  # a 党小组 has no term
            assert record["换届状态"] is None and record["届次"] is None and record["选举日期"] is None
        else:
            assert record["届次"].startswith("第") and record["届次"].endswith("届")
            assert isinstance(record["选举日期"], dt.datetime) and isinstance(record["任期届满"], dt.datetime)
    due = by_short[demo.DUE_SOON_BRANCH]
    assert due["任期届满"].date() - due["选举日期"].date() > dt.timedelta(days=3 * 365)  # R-ORG-5: 3 years


def test_org_table_tree_order_indent_and_layout(opened: Any, tmp_path: Path) -> None:
    """Tree order with the name indented by depth; A4 landscape, one page wide, header repeated."""
    save_setting(opened.sessions, "unit.committee_name", "中共示例省交通运输厅直属机关委员会")
    save_setting(opened.sessions, "unit.clerk_name", "李文")
    wb = _export(opened, tmp_path)
    ws = wb[ORG_SHEET]
    assert ws["A1"].value == "中共示例省交通运输厅直属机关委员会党组织一览表"
    assert ws["A2"].value == f"截至{format_cn(ON)}"
    assert "制表人：李文" in str(ws["H2"].value) and "2025年10月8日" in str(ws["H2"].value)
    records = _records(ws, ORG_HEADERS)
    assert records[0]["类型"] == "机关党委" and records[0]["上级组织"] is None
    assert ws.cell(HEADER_ROW + 1, 2).alignment.indent == 0
    group = next(i for i, r in enumerate(records) if r["类型"] == "党小组")
    branch_indent = ws.cell(HEADER_ROW + group, 2).alignment.indent  # the group's branch is the row above
    assert ws.cell(HEADER_ROW + 1 + group, 2).alignment.indent == branch_indent + 1 > 1
    assert ws.cell(HEADER_ROW + 1 + group, 5).value == records[group - 1]["简称"]  # parent: its short name
    for sheet, orientation in ((ws, "landscape"), (wb[SEAT_SHEET], "portrait")):
        assert sheet.page_setup.orientation == orientation
        assert int(sheet.page_setup.paperSize) == 9
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert int(sheet.page_setup.fitToWidth or 1) == 1 and int(sheet.page_setup.fitToHeight) == 0
        assert sheet.print_title_rows.replace("$", "") == f"{HEADER_ROW}:{HEADER_ROW}"


def test_r_org_10_seat_list(opened: Any, tmp_path: Path) -> None:
    """R-ORG-10: 书记/副书记 approved (批准), 委员 filed (备案): the document and date are listed."""
    with opened.sessions.begin() as session:
        org_id = session.scalars(select(Organization.id).where(Organization.short_name == demo.DUE_SOON_BRANCH)).one()
        seats = session.scalars(select(CommitteeSeat).where(CommitteeSeat.organization_id == org_id)).all()
        secretary = next(s for s in seats if s.role is CommitteeRole.SECRETARY)
        other = next(s for s in seats if s.role is not CommitteeRole.SECRETARY)
        secretary.filing_doc, secretary.filing_on = "示例机党〔2023〕12号", dt.date(2023, 3, 20)
        other.filing_doc, other.filing_on, other.note = "示例机党〔2023〕13号", dt.date(2023, 3, 21), "兼任青年委员"
        secretary_name, other_name = secretary.person_name, other.person_name
    ws = _export(opened, tmp_path)[SEAT_SHEET]
    records = _records(ws, SEAT_HEADERS)
    mine = [r for r in records if r["党组织"].endswith("综合规划处支部委员会")]
    assert mine[0]["职务"] == "书记" and mine[0]["姓名"] == secretary_name
    assert mine[0]["批准或备案文号"] == "示例机党〔2023〕12号" and mine[0]["备注"] == "2023年3月20日批准"
    filed = next(r for r in mine if r["姓名"] == other_name)
    assert filed["备注"] == "2023年3月21日备案；兼任青年委员"
    assert isinstance(mine[0]["任职时间"], dt.datetime)
    assert [r["序号"] for r in records] == list(range(1, len(records) + 1))
    assert len(records) == 54  # every current seat of the demo, 党小组 have none


def test_formula_injection_from_organisation_name(opened: Any, tmp_path: Path) -> None:
    """A name such as =HYPERLINK("x") or +1 comes back as text (data_type 's'), never a formula."""
    with opened.sessions.begin() as session:
        session.execute(update(Organization).where(Organization.short_name == demo.DUE_SOON_BRANCH)
                        .values(name='=HYPERLINK("x")', short_name="+1"))
        session.execute(update(CommitteeSeat).values(person_name="@SUM(A1)"))
    wb = _export(opened, tmp_path)
    cells = [c for ws in wb for row in ws.iter_rows() for c in row if c.value in ('=HYPERLINK("x")', "+1", "@SUM(A1)")]
    assert {c.value for c in cells} == {'=HYPERLINK("x")', "+1", "@SUM(A1)"}
    assert all(c.data_type == "s" for c in cells)
    assert not any(c.data_type == "f" for ws in wb for row in ws.iter_rows() for c in row)


def test_unwritable_destination_raises_and_leaves_no_file(opened: Any, tmp_path: Path) -> None:
    folder = tmp_path / "导出"
    folder.mkdir()
    blocker = folder / "占位文件"
    blocker.write_bytes(b"")
    out = blocker / "党组织.xlsx"
    with pytest.raises(FolderNotWritable) as caught:
        export_org_tables(opened.sessions, out, on=ON)
    assert "占位文件" in caught.value.message
    assert not out.exists()
    assert [p.name for p in folder.iterdir()] == ["占位文件"]
