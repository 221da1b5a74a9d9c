"""R-MEET-10 at exactly half of an even committee, through the services (not only domain/quorum.py).

A 支委会 is valid when MORE than half of the 委员 are present: of 4 委员, 2 present is exactly half → 无效;
3 present → 有效. With the committee of 3 of test_meetings_attendance.py a wrong ``>=`` gives the same
verdicts (2 of 3 valid either way, 1 of 3 invalid either way): only an even committee tells them apart.
"""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.enums import AttendanceStatus, CommitteeRole, MeetingKind
from djdesk.services.database import Store
from djdesk.services.meeting_attendance import AttendeeLine, summarize
from djdesk.services.meetings import attendance_summary, create_meeting, expected_attendees
from djdesk.services.org_terms import SeatInput, add_seat
from tests.services.test_meetings_support import COMMITTEE, ON, TODAY, Tree, assembly, everyone


def _lines(present: int, members: int) -> list[AttendeeLine]:
    status = [AttendanceStatus.PRESENT] * present + [AttendanceStatus.LEAVE] * (members - present)
    return [AttendeeLine(i, f"委员{i}", s, None, False, True) for i, s in enumerate(status, start=1)]


@pytest.mark.parametrize(("present", "valid"), [(2, False), (3, True)])
def test_r_meet_10_four_members_summarize(present: int, valid: bool) -> None:
    summary = summarize(MeetingKind.COMMITTEE_MEETING, _lines(present, 4))
    assert (summary.expected, summary.present) == (4, present)
    assert summary.quorum is not None and summary.quorum.valid is valid
    wanted = (f"有效：支部委员 4 人，到会 {present} 人，超过半数。" if valid
              else f"无效：支部委员 4 人，到会 {present} 人，未超过半数。")
    assert summary.quorum.text == wanted


@pytest.mark.parametrize(("away", "valid"), [(("李二", "张三"), False), (("张三",), True)])
def test_r_meet_10_four_members_saved_meeting(store: Store, tree: Tree, away: tuple[str, ...], valid: bool) -> None:
    """一支部's committee of 3 gains a fourth 委员 (赵四, 纪检委员): its 支委会 with 2 of 4 present is 无效,
    with 3 of 4 有效, as the saved meeting's summary says."""
    add_seat(store.sessions, tree.branch, SeatInput(tree.m["赵四"], CommitteeRole.DISCIPLINE, dt.date(2025, 1, 1)),
             today=TODAY)
    committee = (*COMMITTEE, "赵四")
    expected = {e.name for e in expected_attendees(store.sessions, tree.branch, MeetingKind.COMMITTEE_MEETING, ON)}
    assert expected == set(committee)
    rows = everyone(tree, committee, **dict.fromkeys(away, "请假:出差"))
    meeting = create_meeting(store.sessions, assembly(tree, kind=MeetingKind.COMMITTEE_MEETING, attendance=rows),
                             today=TODAY)
    summary = attendance_summary(store.sessions, meeting)
    present = 4 - len(away)
    assert (summary.expected, summary.present, summary.leave) == (4, present, len(away))
    assert summary.quorum is not None and summary.quorum.valid is valid
    assert summary.quorum.text.startswith("有效" if valid else "无效")
    assert f"支部委员 4 人，到会 {present} 人" in summary.quorum.text
