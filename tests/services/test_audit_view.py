"""操作日志 view (``services.audit_view``): filtering by date range (end day included), object and action,
newest first; the .xlsx export holds exactly the rows listed; ID and phone numbers never appear."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import insert

from djdesk.domain.enums import AuditAction, OrgKind
from djdesk.domain.idcard import make_id
from djdesk.services.audit_view import AuditRow, audit_entities, export_audit, list_audit
from djdesk.services.database import Store
from djdesk.services.member_admin import MemberForm, load_member_form, save_member
from djdesk.services.member_status import delete_member, restore_member
from djdesk.services.recycle import purge
from djdesk.store.models import AuditEntry, Organization
from djdesk.store.models import Member as MemberModel

TODAY = dt.date(2026, 6, 1)
ID_NUMBER = make_id("110105", dt.date(1975, 3, 2), 11)
NEW_ID = make_id("110105", dt.date(1975, 3, 2), 13)
PHONE = "13812345678"
NEW_PHONE = "13987654321"
DIGITS = re.compile(r"\d{6,}")

# Entries pinned around March 2026: (at, entity, id, action, summary).
PINNED = [
    (dt.datetime(2026, 2, 28, 23, 59, 59), "党员", "1", AuditAction.CREATE, "新增党员：二月末"),
    (dt.datetime(2026, 3, 1, 0, 0, 0), "党员", "2", AuditAction.CREATE, "新增党员：三月初"),
    (dt.datetime(2026, 3, 15, 10, 30, 0), "会议", "7", AuditAction.DELETE, "移入回收站会议：三月党员大会"),
    (dt.datetime(2026, 3, 15, 11, 0, 0), "党员", "2", AuditAction.UPDATE, "修改党员：三月初（学历：空→大学本科）"),
    (dt.datetime(2026, 3, 31, 23, 59, 59), "会议", "7", AuditAction.PURGE, "彻底删除会议：三月党员大会"),
    (dt.datetime(2026, 4, 1, 0, 0, 0), "谈心谈话", "3", AuditAction.CREATE, "新增谈心谈话：党员之间"),
]


@pytest.fixture
def pinned(store: Store) -> Store:
    with store.sessions.begin() as session:
        session.execute(insert(AuditEntry), [
            {"at": at, "entity": entity, "entity_id": eid, "action": action, "summary": summary}
            for at, entity, eid, action, summary in PINNED])
    return store


def summaries(rows: list[AuditRow]) -> list[str]:
    return [r.summary for r in rows]


def test_everything_newest_first(pinned: Store) -> None:
    rows = list_audit(pinned.sessions)
    assert summaries(rows) == [p[4] for p in reversed(PINNED)]
    first = rows[0]
    assert (first.at, first.entity, first.entity_id, first.action) == (
        dt.datetime(2026, 4, 1), "谈心谈话", "3", AuditAction.CREATE)


def test_date_range_includes_the_whole_end_day(pinned: Store) -> None:
    march = list_audit(pinned.sessions, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    assert summaries(march) == ["彻底删除会议：三月党员大会", "修改党员：三月初（学历：空→大学本科）",
                                "移入回收站会议：三月党员大会", "新增党员：三月初"]
    one_day = list_audit(pinned.sessions, start=dt.date(2026, 3, 15), end=dt.date(2026, 3, 15))
    assert len(one_day) == 2
    assert summaries(list_audit(pinned.sessions, end=dt.date(2026, 2, 28))) == ["新增党员：二月末"]
    assert summaries(list_audit(pinned.sessions, start=dt.date(2026, 4, 1))) == ["新增谈心谈话：党员之间"]
    assert list_audit(pinned.sessions, start=dt.date(2026, 3, 16), end=dt.date(2026, 3, 30)) == []
    assert list_audit(pinned.sessions, start=dt.date(2026, 4, 2), end=dt.date(2026, 3, 1)) == []  # reversed: none


def test_filter_by_object_and_action(pinned: Store) -> None:
    assert audit_entities(pinned.sessions) == sorted(["党员", "会议", "谈心谈话"])
    members = list_audit(pinned.sessions, entity="党员")
    assert {r.entity for r in members} == {"党员"} and len(members) == 3
    creates = list_audit(pinned.sessions, action=AuditAction.CREATE)
    assert summaries(creates) == ["新增谈心谈话：党员之间", "新增党员：三月初", "新增党员：二月末"]
    both = list_audit(pinned.sessions, entity="会议", action=AuditAction.PURGE)
    assert summaries(both) == ["彻底删除会议：三月党员大会"]
    all_three = list_audit(pinned.sessions, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), entity="党员",
                           action=AuditAction.CREATE)
    assert summaries(all_three) == ["新增党员：三月初"]
    assert list_audit(pinned.sessions, entity="党组织") == []
    assert list_audit(pinned.sessions, entity="") == list_audit(pinned.sessions)  # 全部对象
    assert len(list_audit(pinned.sessions, limit=2)) == 2


def read_export(path: Path) -> tuple[list[str], list[tuple[str, ...]], list[str]]:
    """(header, data rows, every text above the header) of the exported sheet."""
    book = openpyxl.load_workbook(path)
    try:
        sheet = book["操作日志"]
        cells = [tuple("" if v is None else str(v) for v in row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    top = next(i for i, row in enumerate(cells) if row[0] == "时间")
    above = [v for row in cells[:top] for v in row if v]
    return list(cells[top][:4]), [row[:4] for row in cells[top + 1:] if any(row)], above


def test_export_rows_match_the_list(pinned: Store, tmp_path: Path) -> None:
    rows = list_audit(pinned.sessions, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))
    out = export_audit(rows, tmp_path / "操作日志.xlsx")
    assert out == tmp_path / "操作日志.xlsx" and out.is_file()
    header, body, above = read_export(out)
    assert header == ["时间", "对象", "操作", "内容"]  # no internal record numbers
    assert body == [(r.at.strftime("%Y-%m-%d %H:%M:%S"), r.entity, r.action.label, r.summary) for r in rows]
    assert body[0] == ("2026-03-31 23:59:59", "会议", "彻底删除", "彻底删除会议：三月党员大会")
    assert "操作日志" in above and "共 4 条" in above
    assert f"导出日期：{dt.date.today():%Y-%m-%d}" in above


def test_export_of_no_rows(tmp_path: Path) -> None:
    header, body, above = read_export(export_audit([], tmp_path / "空.xlsx"))
    assert header == ["时间", "对象", "操作", "内容"] and body == []
    assert "共 0 条" in above


def test_no_id_or_phone_digits_in_the_log_or_its_export(store: Store, tmp_path: Path) -> None:
    """A member entered with ID, phone and address, both changed, deleted, restored, deleted and purged."""
    with store.sessions.begin() as session:
        org = Organization(kind=OrgKind.BRANCH, name="中共示例厅办公室支部委员会", short_name="办公室支部")
        session.add(org)
        session.flush()
        org_id = org.id
    cells = {"name": "张伟", "id_number": ID_NUMBER, "phone": PHONE, "address": "示例市建设路 1 号",
             "joined_on": "2000-07-01", "confirmed_on": "2001-07-01", "category": "正式党员"}
    member_id = save_member(store.sessions, None, MemberForm(cells, org_id), today=TODAY)
    form = load_member_form(store.sessions, member_id)
    form.cells.update(id_number=NEW_ID, phone=NEW_PHONE, address="示例市解放路 2 号", education="大学本科")
    save_member(store.sessions, member_id, form, today=TODAY)
    delete_member(store.sessions, member_id)
    restore_member(store.sessions, member_id)
    delete_member(store.sessions, member_id)
    purge(store.sessions, "党员", member_id)
    with store.sessions() as session:
        assert session.get(MemberModel, member_id) is None

    rows = list_audit(store.sessions, entity="党员")
    assert [r.action for r in reversed(rows)] == [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE,
                                                  AuditAction.RESTORE, AuditAction.DELETE, AuditAction.PURGE]
    update = next(r for r in rows if r.action is AuditAction.UPDATE)
    assert "公民身份号码：已修改" in update.summary and "联系电话：已修改" in update.summary
    assert "家庭住址：已修改" in update.summary and "学历：空→大学本科" in update.summary
    everything = list_audit(store.sessions)
    _header, body, _above = read_export(export_audit(everything, tmp_path / "log.xlsx"))
    texts = [r.summary for r in everything] + [cell for row in body for cell in row[1:]]  # all but 时间
    assert texts
    for value in texts:
        assert not DIGITS.search(value), value  # no ID number, phone number or a long piece of one
        for secret in (ID_NUMBER, NEW_ID, PHONE, NEW_PHONE):
            assert secret[-4:] not in value and secret[:6] not in value, value
        assert "建设路" not in value and "解放路" not in value


# --- what the program made by itself: one line -------------------------------------------------------

def test_the_default_checklist_is_one_line_in_the_log(store: Store) -> None:
    """Showing a year's 支部年度考核 for the first time creates its default checklist: one line saying so,
    not one «新增考核项目» per item (the clerk did not add them)."""
    from djdesk.services.assessments import ensure_checklist, list_items

    created = ensure_checklist(store.sessions, 2025, today=TODAY)
    assert created == len(list_items(store.sessions, 2025)) > 20
    rows = list_audit(store.sessions)
    assert summaries(rows) == [f"建立2025年度党支部考核表（默认考核项目 {created} 项）"]
    assert (rows[0].entity, rows[0].action) == ("考核项目", AuditAction.CREATE)
    assert ensure_checklist(store.sessions, 2025, today=TODAY) == 0 and len(list_audit(store.sessions)) == 1


def test_a_run_of_default_items_written_by_an_older_version_is_shown_as_one_line(store: Store) -> None:
    at = dt.datetime(2026, 3, 2, 9, 0, 0)
    lines = [(at, "考核项目", str(i), AuditAction.CREATE, f"新增考核项目：第{i}项") for i in range(1, 27)]
    lines += [
        (dt.datetime(2026, 3, 2, 9, 5, 0), "考核项目", "27", AuditAction.CREATE, "新增考核项目：补充一项"),
        (dt.datetime(2026, 3, 2, 9, 6, 0), "考核项目", "27", AuditAction.UPDATE, "修改考核项目：补充一项（分值：2→3）"),
        (dt.datetime(2026, 3, 1, 8, 0, 0), "党员", "1", AuditAction.CREATE, "新增党员：甲"),
        (dt.datetime(2026, 3, 1, 8, 0, 0), "党员", "2", AuditAction.CREATE, "新增党员：乙"),  # an import: each kept
    ]
    with store.sessions.begin() as session:
        session.execute(insert(AuditEntry), [
            {"at": a, "entity": e, "entity_id": i, "action": act, "summary": s} for a, e, i, act, s in lines])
    assert summaries(list_audit(store.sessions)) == [
        "修改考核项目：补充一项（分值：2→3）", "新增考核项目：补充一项", "新增考核项目 26 项（程序建立的默认内容）",
        "新增党员：乙", "新增党员：甲"]


def test_the_parts_saved_with_a_meeting_are_one_line_each(opened: Store) -> None:
    """Saving a meeting: «新增会议» and one line for its 出席 lines, not one per person; a later change to one
    person's attendance stays a line of its own."""
    from djdesk.domain.enums import AttendanceStatus, MeetingKind
    from djdesk.services.meetings import AttendeeInput, MeetingInput, create_meeting, meeting_input, update_meeting
    from djdesk.services.meetings import expected_attendees as roster_of
    from djdesk.services.orgs import list_orgs

    org = next(r for r in list_orgs(opened.sessions) if r.short_name == "财务审计处支部")
    on = dt.date(2025, 10, 15)
    people = roster_of(opened.sessions, org.id, MeetingKind.COMMITTEE_MEETING, on)
    before = len(list_audit(opened.sessions))
    data = MeetingInput(organization_id=org.id, kind=MeetingKind.COMMITTEE_MEETING, held_on=on, title="",
                        attendance=[AttendeeInput(p.member_id or p.name) for p in people])
    meeting_id = create_meeting(opened.sessions, data, today=dt.date(2026, 1, 5))
    names = [p.name for p in people]
    assert len(names) == 4
    rows = list_audit(opened.sessions)
    saved = rows[:len(rows) - before]
    assert [(r.entity, r.action) for r in saved] == [("会议出席", AuditAction.CREATE), ("会议", AuditAction.CREATE)]
    assert saved[0].summary == f"新增会议出席 4 条：{'、'.join(names)}"
    again = meeting_input(opened.sessions, meeting_id)
    again.attendance[0] = AttendeeInput(again.attendance[0].person, AttendanceStatus.LEAVE, "出差")
    update_meeting(opened.sessions, meeting_id, again, today=dt.date(2026, 1, 5))
    latest = list_audit(opened.sessions)[0]
    assert latest.entity == "会议出席" and latest.summary.startswith(f"修改会议出席：{names[0]}（")
