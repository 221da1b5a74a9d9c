"""Recording meetings: 三会一课 and the other organisational life (rules.md §2, minutes fields).

Each write is one transaction; a refused input raises :class:`InputError` with a Chinese sentence saying
what to change, and nothing is written. The roster, voting rights and verdicts live in
:mod:`djdesk.services.meeting_attendance`, listing and numbering in :mod:`djdesk.services.meeting_list`;
both are re-exported here so that callers need one import.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import AttendanceStatus, MeetingKind
from djdesk.domain.errors import InputError
from djdesk.services.cadre_life import CadreAttendance, leading_cadre_attendance
from djdesk.services.meeting_attendance import (
    AttendanceSummary,
    AttendeeLine,
    ExpectedAttendee,
    MotionOutcome,
    allowed_kinds,
    attendance_summary,
    ballot_problem,
    display_name,
    expected_attendees,
    get_org,
    has_vote,
    roster,
    summarize,
)
from djdesk.services.meeting_forms import (
    AgendaInput,
    AttendeeInput,
    MeetingInput,
    MotionInput,
    PersonRef,
    ResolutionInput,
    check_form,
    clean_text,
)
from djdesk.services.meeting_list import MeetingRow, default_title, list_meetings, meeting_sequence, sequence_in_year
from djdesk.store.base import now
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AgendaItem, Attendance, Meeting, Member, Motion, Resolution

__all__ = [
    "AgendaInput",
    "AttendanceSummary",
    "AttendeeInput",
    "AttendeeLine",
    "CadreAttendance",
    "ExpectedAttendee",
    "MeetingInput",
    "MeetingRow",
    "MotionInput",
    "MotionOutcome",
    "ResolutionInput",
    "allowed_kinds",
    "attendance_summary",
    "copy_meeting",
    "create_meeting",
    "default_title",
    "delete_meeting",
    "expected_attendees",
    "leading_cadre_attendance",
    "list_meetings",
    "meeting_input",
    "meeting_sequence",
    "prefill_attendance",
    "restore_meeting",
    "summarize_input",
    "update_meeting",
]

# --- checks against the records ------------------------------------------------------------------


@dataclass
class _Resolved:
    lines: list[AttendeeLine]
    people: dict[str, tuple[int | None, str | None]]  # host/recorder/speaker → (member id, name)


def _person(session: Session, ref: PersonRef, what: str) -> tuple[int | None, str | None]:
    if isinstance(ref, int):
        member = session.get(Member, ref)
        if member is None or member.deleted_at is not None:
            raise InputError(f"找不到所选的{what}（党员可能已被删除）。请重新选择{what}，或直接填写姓名。")
        return member.id, member.name
    return None, clean_text(ref if isinstance(ref, str) else None, 100, f"{what}姓名")


def _resolve(session: Session, data: MeetingInput, old: Meeting | None) -> _Resolved:
    """Check the organisation, kind, people and attendance against the records (R-MEET-9, R-MEET-10)."""
    org = get_org(session, data.organization_id)
    name = display_name(org)
    if org.dissolved_on is not None and data.held_on >= org.dissolved_on:
        raise InputError(f"“{name}”已于{format_cn(org.dissolved_on)}撤销，不能登记此后的会议。请选择现在的党组织。")
    if org.founded_on is not None and data.held_on < org.founded_on:
        raise InputError(f"会议日期早于“{name}”的成立日期（{format_cn(org.founded_on)}），请检查。")
    expected = roster(session, org, data.kind, data.held_on)
    people = {what: _person(session, ref, what) for what, ref in
              (("主持人", data.host), ("记录人", data.recorder), ("主讲人", data.speaker))}
    if data.kind is MeetingKind.PARTY_LECTURE and people["主讲人"] == (None, None):
        raise InputError("党课须填写主讲人。请选择讲课的党员，或填写主讲人姓名。")
    by_id = {e.member_id: e for e in expected if e.member_id is not None}
    by_name = {e.name: e for e in expected if e.member_id is None}
    same = old is not None and (old.organization_id, old.kind) == (data.organization_id, data.kind)
    # A correction of a recorded meeting keeps the people recorded then, even if they have moved since.
    earlier = {a.member_id for a in old.attendance if not a.observer and a.member_id} if old and same else set()
    lines: list[AttendeeLine] = []
    seen: set[tuple[str, int | str]] = set()
    for entry in data.attendance:
        status, observer = entry.status, entry.observer
        reason = clean_text(entry.reason, 200, "请假或缺席原因")
        if isinstance(entry.person, int):
            member = session.get(Member, entry.person)
            if member is None:
                raise InputError("出席名单中有一名党员已不存在。请刷新后重新填写出席名单。")
            if member.deleted_at is not None:
                raise InputError(f"{member.name}的党员记录在回收站中。请从出席名单中删去，或先恢复该党员。")
            key: tuple[str, int | str] = ("id", member.id)
            person = member.name
            listed = member.id in by_id
            if not observer and not listed and member.id not in earlier:
                raise InputError(
                    f"{person}不在本次{data.kind.label}的应到人员名单中（“{name}”{format_cn(data.held_on)}的名单）。"
                    "如是列席，请勾选“列席”；否则请从名单中删去。"
                )
            voting = by_id[member.id].voting if listed else has_vote(member, data.held_on)
            member_id: int | None = member.id
        else:
            person = clean_text(entry.person, 100, "出席人员姓名") or ""
            if not person:
                raise InputError("出席名单中有一行没有姓名。请填写姓名，或删除这一行。")
            key, member_id, listed = ("name", person), None, person in by_name
            if not observer and not listed:
                raise InputError(
                    f"“{person}”不是从党员名册中选择的人员，只能登记为列席。"
                    "本组织党员请从名册中选择；其他人员请勾选“列席”。"
                )
            voting = listed
        if key in seen:
            raise InputError(f"{person}在出席名单中出现了两次，请删去重复的一行。")
        seen.add(key)
        if observer and listed:
            raise InputError(f"{person}是本次会议的应到人员，不能登记为列席。请取消“列席”，选择出席、请假或缺席。")
        if observer and status is not AttendanceStatus.PRESENT:
            raise InputError(f"列席人员只登记实际到会的人。{person}未到会，请删除这一行。")
        lines.append(AttendeeLine(member_id, person, status, reason, observer, voting and not observer))
    recorded = {(ln.member_id if ln.member_id is not None else ln.name) for ln in lines if not ln.observer}
    first_record = old is None or not old.held or not same or old.held_on != data.held_on
    if data.held and first_record:
        missing = [e.name for e in expected if (e.member_id if e.member_id is not None else e.name) not in recorded]
        if missing:
            shown = "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")
            raise InputError(
                f"应到人员中还有 {len(missing)} 人没有登记出席情况：{shown}。"
                "请为每人选择出席、请假或缺席，应到、实到人数才准确。"
            )
    # 实到 cannot exceed 应到: every attendee is on the roster (or 列席, not counted) and appears once.
    summary = summarize(data.kind, lines)
    for motion in data.motions:
        problem = ballot_problem(summary.entitled_voting, summary.present_voting, motion.ballot())
        if problem:
            raise InputError(f"表决事项“{motion.title.strip()}”：{problem}")
    return _Resolved(lines, people)


# --- writing ---------------------------------------------------------------------------------------


def _sync(rows: list[Any], values: list[dict[str, Any]], make: type[Any]) -> None:
    """Update the child rows in place by position, drop the extra ones, add the new ones."""
    for row, vals in zip(rows, values, strict=False):
        for key, value in vals.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    del rows[len(values):]
    for vals in values[len(rows):]:
        rows.append(make(**vals))


def _title(session: Session, data: MeetingInput, meeting_id: int | None) -> str:
    title = clean_text(data.title, 300, "会议标题")
    if title is None:
        seq = sequence_in_year(session, data.organization_id, data.kind, data.held_on, meeting_id)
        title = default_title(get_org(session, data.organization_id), data.kind, data.held_on, seq)
    return title


def _apply(meeting: Meeting, data: MeetingInput, title: str, resolved: _Resolved) -> None:
    (host_id, host), (rec_id, rec), (spk_id, spk) = (resolved.people[k] for k in ("主持人", "记录人", "主讲人"))
    values: dict[str, Any] = {
        "organization_id": data.organization_id, "kind": data.kind, "title": title, "held_on": data.held_on,
        "held": data.held, "start_time": data.start_time, "end_time": data.end_time,
        "place": clean_text(data.place, 200, "会议地点"), "host_member_id": host_id, "host_name": host,
        "recorder_member_id": rec_id, "recorder_name": rec, "speaker_member_id": spk_id, "speaker_name": spk,
        "content": (data.content or "").strip() or None, "note": (data.note or "").strip() or None,
    }
    for key, value in values.items():
        if getattr(meeting, key, None) != value:
            setattr(meeting, key, value)
    # Attendance is matched by person, so a changed status is an update (and the unique key never clashes).
    wanted = {(ln.member_id if ln.member_id is not None else ln.name): ln for ln in resolved.lines}
    for row in list(meeting.attendance):
        line = wanted.pop(row.member_id if row.member_id is not None else row.person_name, None)
        if line is None:
            meeting.attendance.remove(row)
            continue
        for key, value in (("person_name", line.name), ("status", line.status), ("reason", line.reason),
                           ("observer", line.observer)):
            if getattr(row, key) != value:
                setattr(row, key, value)
    for line in wanted.values():
        meeting.attendance.append(Attendance(member_id=line.member_id, person_name=line.name, status=line.status,
                                             reason=line.reason, observer=line.observer))
    _sync(meeting.agenda, [{"seq": n, "title": a.title.strip(), "discussion": (a.discussion or "").strip() or None}
                           for n, a in enumerate(data.agenda, start=1)], AgendaItem)
    _sync(meeting.motions, [{"seq": n, "title": m.title.strip(), "yes": m.yes, "no": m.no, "abstain": m.abstain,
                             "written_yes": m.written_yes, "written_no": m.written_no,
                             "written_abstain": m.written_abstain}
                            for n, m in enumerate(data.motions, start=1)], Motion)
    _sync(meeting.resolutions, [{"seq": n, "content": r.content.strip(),
                                 "owner_name": clean_text(r.owner_name, 100, "负责人"),
                                 "due_on": r.due_on, "progress": (r.progress or "").strip() or None,
                                 "completed_on": r.completed_on}
                                for n, r in enumerate(data.resolutions, start=1)], Resolution)


def _live(session: Session, meeting_id: int) -> Meeting:
    meeting = session.get(Meeting, meeting_id)
    if meeting is None:
        raise InputError("找不到该会议记录，可能已被删除。请刷新后再试。")
    if meeting.deleted_at is not None:
        raise InputError("该会议记录在回收站中。请先从回收站恢复，再修改。")
    return meeting


def create_meeting(sessions: SessionFactory, data: MeetingInput, *, today: dt.date | None = None) -> int:
    """Record a meeting (held, or planned when ``held`` is False); returns its id."""
    today = today or dt.date.today()
    check_form(data, today)
    with sessions.begin() as session:
        resolved = _resolve(session, data, None)
        meeting = Meeting()
        _apply(meeting, data, _title(session, data, None), resolved)
        session.add(meeting)
        session.flush()
        return meeting.id


def update_meeting(sessions: SessionFactory, meeting_id: int, data: MeetingInput, *,
                   today: dt.date | None = None) -> None:
    """Replace the meeting's fields and its attendance, agenda, motions and resolutions with ``data``."""
    today = today or dt.date.today()
    check_form(data, today)
    with sessions.begin() as session:
        meeting = _live(session, meeting_id)
        resolved = _resolve(session, data, meeting)
        _apply(meeting, data, _title(session, data, meeting.id), resolved)


def summarize_input(sessions: SessionFactory, data: MeetingInput, *, meeting_id: int | None = None,
                    today: dt.date | None = None) -> AttendanceSummary:
    """The summary (应到/实到, quorum, motion results) of a form not yet saved; refuses what saving would refuse."""
    check_form(data, today or dt.date.today())
    with sessions() as session:
        old = _live(session, meeting_id) if meeting_id is not None else None
        resolved = _resolve(session, data, old)
        return summarize(data.kind, resolved.lines, [(m.title.strip(), m.ballot()) for m in data.motions],
                         held=data.held)


def _ref(member_id: int | None, name: str | None) -> PersonRef:
    return member_id if member_id is not None else name


def meeting_input(sessions: SessionFactory, meeting_id: int) -> MeetingInput:
    """A recorded meeting as the form's input, to edit and pass to :func:`update_meeting`."""
    with sessions() as session:
        m = session.get(Meeting, meeting_id)
        if m is None:
            raise InputError("找不到该会议记录，可能已被删除。请刷新后再试。")
        return MeetingInput(
            organization_id=m.organization_id, kind=m.kind, held_on=m.held_on, title=m.title,
            start_time=m.start_time, end_time=m.end_time, place=m.place, host=_ref(m.host_member_id, m.host_name),
            recorder=_ref(m.recorder_member_id, m.recorder_name), speaker=_ref(m.speaker_member_id, m.speaker_name),
            held=m.held, content=m.content, note=m.note,
            attendance=[AttendeeInput(_ref(a.member_id, a.person_name) or "", a.status, a.reason, a.observer)
                        for a in m.attendance],
            agenda=[AgendaInput(a.title, a.discussion) for a in m.agenda],
            motions=[MotionInput(v.title, v.yes, v.no, v.abstain, v.written_yes, v.written_no, v.written_abstain)
                     for v in m.motions],
            resolutions=[ResolutionInput(r.content, r.owner_name, r.due_on, r.progress, r.completed_on)
                         for r in m.resolutions],
        )


def prefill_attendance(sessions: SessionFactory, org_id: int, kind: MeetingKind, on: dt.date) -> list[AttendeeInput]:
    """The expected attendees, all marked 出席, for the form to start from."""
    return [AttendeeInput(e.member_id if e.member_id is not None else e.name)
            for e in expected_attendees(sessions, org_id, kind, on)]


def copy_meeting(sessions: SessionFactory, meeting_id: int, new_date: dt.date, *, held: bool = False,
                 today: dt.date | None = None) -> int:
    """从上次会议复制: same organisation, kind, place, times, host, recorder, speaker and agenda titles, a new
    default title, attendance prefilled from the roster of ``new_date``; no votes, resolutions or discussion.
    The copy is planned (``held`` False) unless asked otherwise."""
    data = meeting_input(sessions, meeting_id)
    with sessions() as session:
        _live(session, meeting_id)
    data.held_on, data.held, data.title = new_date, held, ""
    data.content = data.note = None
    data.agenda = [AgendaInput(a.title) for a in data.agenda]
    data.motions, data.resolutions = [], []
    data.attendance = prefill_attendance(sessions, data.organization_id, data.kind, new_date)
    return create_meeting(sessions, data, today=today)


def delete_meeting(sessions: SessionFactory, meeting_id: int) -> None:
    """Move a meeting to the 回收站 (it can be restored)."""
    with sessions.begin() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is not None:
            raise InputError("该会议记录已不存在或已在回收站中。请刷新后再试。")
        meeting.deleted_at = now()


def restore_meeting(sessions: SessionFactory, meeting_id: int) -> None:
    with sessions.begin() as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.deleted_at is None:
            raise InputError("回收站中没有这条会议记录，请刷新后再试。")
        meeting.deleted_at = None
