"""The read model of meetings (meeting_detail) on the demo 机关党委: 第N次, attendance, voting rights
(R-MEET-9), quorum verdicts (R-MEET-9, R-MEET-10) and motion results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import event, select, update

from djdesk.domain.enums import AttendanceStatus, MeetingKind, MemberCategory, OrgKind, PartyStanding
from djdesk.domain.errors import InputError
from djdesk.services.meeting_detail import MeetingDetail, load_meeting, load_meetings
from djdesk.store.models import Attendance, Meeting, Member, Organization

YEAR = 2025
BRANCH = "办公室支部"


def org_id(store: Any, short: str = BRANCH) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(Organization.id).where(Organization.short_name == short)))


def year_of(store: Any, short: str = BRANCH) -> list[MeetingDetail]:
    return load_meetings(store.sessions, org_id(store, short), YEAR)


def groups_of(store: Any, short: str = BRANCH) -> list[tuple[int, str]]:
    """The 党小组 of a branch: their 党小组会 are recorded on the group itself (R-MEET-3)."""
    with store.sessions() as session:
        parent = org_id(store, short)
        return [(g.id, g.short_name or g.name) for g in session.scalars(
            select(Organization).where(Organization.parent_id == parent, Organization.kind == OrgKind.GROUP))]


def year_with_groups(store: Any, short: str = BRANCH) -> list[MeetingDetail]:
    details = year_of(store, short)
    for group_id, _name in groups_of(store, short):
        details += load_meetings(store.sessions, group_id, YEAR)
    return details


def first(details: list[MeetingDetail], kind: MeetingKind) -> MeetingDetail:
    return next(d for d in details if d.kind is kind)


def test_load_meetings_reads_the_year_in_date_order(opened: Any) -> None:
    details = year_of(opened)
    assert len(details) >= 30
    assert [(d.held_on, d.id) for d in details] == sorted((d.held_on, d.id) for d in details)
    assert {d.held_on.year for d in details} == {YEAR}
    assert all(d.org_short_name == BRANCH and d.org_name.startswith("中共") for d in details)
    assert details[0].unit_name == "示例省交通运输厅"


def test_load_meetings_uses_one_set_of_queries(opened: Any) -> None:
    """The record book and the benchmark read many meetings: the number of queries does not grow."""
    statements: list[str] = []

    def count(*_args: Any) -> None:
        statements.append("q")

    office, retired = org_id(opened), org_id(opened, "离退休支部")  # 60 and 48 meetings, both with 党小组会
    load_meetings(opened.sessions, office, YEAR)  # connections opened, pragmas run
    event.listen(opened.engine, "before_cursor_execute", count)
    try:
        many = load_meetings(opened.sessions, office, YEAR)
        used_for_many = len(statements)
        statements.clear()
        load_meetings(opened.sessions, retired, YEAR)
        used_for_other = len(statements)
    finally:
        event.remove(opened.engine, "before_cursor_execute", count)
    assert len(many) >= 30
    assert used_for_many <= 12
    assert used_for_many == used_for_other


def test_load_meeting_equals_the_batch(opened: Any) -> None:
    details = year_of(opened)
    for detail in (details[0], first(details, MeetingKind.GENERAL_ASSEMBLY), details[-1]):
        assert load_meeting(opened.sessions, detail.id) == detail


def test_sequence_counts_held_meetings_of_the_kind_in_date_order(opened: Any) -> None:
    """第N次: per kind, per organisation, per calendar year, by date then id."""
    details = year_of(opened)
    assemblies = [d for d in details if d.kind is MeetingKind.GENERAL_ASSEMBLY]
    assert [d.sequence for d in assemblies] == list(range(1, len(assemblies) + 1))
    committee = [d for d in details if d.kind is MeetingKind.COMMITTEE_MEETING]
    assert [d.sequence for d in committee] == list(range(1, len(committee) + 1))


def test_group_meetings_are_numbered_per_group(opened: Any) -> None:
    """R-MEET-3: a 党小组会 is recorded on its group; 第N次 counts within that group."""
    groups = groups_of(opened)
    assert {name for _id, name in groups} == {"办公室第一党小组", "办公室第二党小组"}
    for group_id, name in groups:
        mine = [d for d in load_meetings(opened.sessions, group_id, YEAR) if d.kind is MeetingKind.GROUP_MEETING]
        assert mine and [d.sequence for d in mine] == list(range(1, len(mine) + 1))
        assert all(d.holder == name and d.holder_full.endswith("党小组") for d in mine)


def test_attendance_is_split_with_reasons(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.GENERAL_ASSEMBLY)
    assert detail.expected_count == len(detail.present) + len(detail.on_leave) + len(detail.absent)
    assert detail.present_count == len(detail.present) and detail.present_count > 0
    assert detail.on_leave and all(p.reason for p in detail.on_leave)
    assert all(p.status is AttendanceStatus.LEAVE for p in detail.on_leave)
    assert detail.host and detail.recorder and detail.place
    assert detail.agenda and detail.agenda[0].discussion
    assert detail.resolutions[0].owner and detail.resolutions[0].due_on == dt.date(YEAR, 12, 31)


def test_r_meet_9_voting_rights_exclude_probationary_members(opened: Any) -> None:
    """R-MEET-9: 预备党员 are expected but have no vote; the verdict counts voters only."""
    detail = first(year_of(opened), MeetingKind.GENERAL_ASSEMBLY)
    probationary = [p for p in detail.attendees if p.category == MemberCategory.PROBATIONARY.label]
    assert probationary and not any(p.voting for p in probationary)
    assert detail.entitled_voting == detail.expected_count - len(probationary)
    assert detail.quorum_rule == "R-MEET-9" and detail.quorum_valid is True
    assert detail.quorum.startswith("有效") and f"应到 {detail.entitled_voting} 人" in detail.quorum


def test_r_meet_9_suspended_member_has_no_vote(opened: Any) -> None:
    """R-MEET-9: a member whose 党籍 is 停止 is not counted among the voters."""
    detail = first(year_of(opened), MeetingKind.GENERAL_ASSEMBLY)
    voter = next(p for p in detail.present if p.voting)
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == voter.member_id).values(standing=PartyStanding.SUSPENDED))
    again = load_meeting(opened.sessions, detail.id)
    assert again.entitled_voting == detail.entitled_voting - 1
    assert again.present_voting == detail.present_voting - 1
    assert not next(p for p in again.attendees if p.member_id == voter.member_id).voting


def test_r_meet_9_member_confirmed_after_the_meeting_was_probationary(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.GENERAL_ASSEMBLY)
    voter = next(p for p in detail.present if p.voting)
    with opened.sessions.begin() as session:
        session.execute(update(Member).where(Member.id == voter.member_id)
                        .values(confirmed_on=detail.held_on + dt.timedelta(days=1)))
    again = load_meeting(opened.sessions, detail.id)
    person = next(p for p in again.attendees if p.member_id == voter.member_id)
    assert person.category == "预备党员" and not person.voting
    assert again.entitled_voting == detail.entitled_voting - 1


def test_r_meet_9_motion_passes_on_half_of_those_entitled(opened: Any) -> None:
    detail = next(d for d in year_of(opened) if d.motions)
    motion = detail.motions[0]
    assert motion.passed
    assert motion.result.startswith("通过") and f"（{detail.entitled_voting} 人）" in motion.result


def test_r_meet_9_assembly_without_quorum_is_invalid(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.GENERAL_ASSEMBLY)
    with opened.sessions.begin() as session:
        session.execute(update(Attendance).where(Attendance.meeting_id == detail.id)
                        .values(status=AttendanceStatus.LEAVE, reason="出差"))
    again = load_meeting(opened.sessions, detail.id)
    assert again.quorum_valid is False and again.quorum.startswith("无效")
    assert again.present_count == 0 and len(again.on_leave) == again.expected_count


def test_r_meet_10_committee_meeting_quorum(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.COMMITTEE_MEETING)
    assert detail.quorum_rule == "R-MEET-10"
    assert detail.quorum == f"有效：支部委员 {detail.expected_count} 人，到会 {detail.present_count} 人，超过半数。"


@pytest.mark.parametrize("kind", [MeetingKind.THEME_DAY, MeetingKind.PARTY_LECTURE, MeetingKind.GROUP_MEETING])
def test_other_kinds_have_no_quorum_verdict(opened: Any, kind: MeetingKind) -> None:
    detail = first(year_with_groups(opened), kind)
    assert (detail.quorum_rule, detail.quorum, detail.quorum_valid) == ("", "", None)


def test_r_meet_9_life_meeting_held_as_assembly(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.LIFE_MEETING)
    assert detail.quorum_rule == "R-MEET-9" and detail.quorum.startswith("有效")
    assert detail.observers and detail.observers[0].observer  # 列席: the 机关党委's guest
    assert all(not p.observer for p in detail.attendees)


def test_party_lecture_has_a_speaker(opened: Any) -> None:
    detail = first(year_of(opened), MeetingKind.PARTY_LECTURE)
    assert detail.speaker and detail.kind_label == "党课"


def test_planned_meeting_is_loaded_without_verdict(opened: Any) -> None:
    branch = org_id(opened)
    with opened.sessions.begin() as session:
        meeting = Meeting(organization_id=branch, kind=MeetingKind.GENERAL_ASSEMBLY, title="计划中的党员大会",
                          held_on=dt.date(YEAR, 12, 30), held=False)
        session.add(meeting)
        session.flush()
        planned = meeting.id
    detail = load_meeting(opened.sessions, planned)
    assert not detail.held and detail.attendees == () and detail.quorum == ""
    held = [d for d in year_of(opened) if d.kind is MeetingKind.GENERAL_ASSEMBLY]
    assert detail.sequence == len(held) + 1  # ranked as if it were held
    assert planned not in {d.id for d in year_of(opened)}  # the record book lists held meetings only


def test_unknown_or_deleted_meeting_is_refused(opened: Any) -> None:
    with pytest.raises(InputError, match="找不到编号为 999999 的会议"):
        load_meeting(opened.sessions, 999999)
    detail = year_of(opened)[0]
    with opened.sessions.begin() as session:
        session.execute(update(Meeting).where(Meeting.id == detail.id).values(deleted_at=dt.datetime(2025, 12, 1)))
    with pytest.raises(InputError):
        load_meeting(opened.sessions, detail.id)
    assert detail.id not in {d.id for d in year_of(opened)}


def test_unknown_organisation_or_empty_year_gives_nothing(opened: Any) -> None:
    assert load_meetings(opened.sessions, 999999, YEAR) == []
    assert load_meetings(opened.sessions, org_id(opened), 1999) == []


def test_meeting_modules_do_not_import_document_libraries_or_qt() -> None:
    """design.md, Start-up: docxtpl/python-docx/jinja2 load only when a document is made; no Qt below ui/."""
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys, djdesk.services.meeting_detail, djdesk.services.meeting_docs, djdesk.services.meeting_print, "
            "djdesk.commands.meeting_docs; print(sorted({'docxtpl', 'docx', 'jinja2', 'PySide6'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.stdout.strip() == "[]"
