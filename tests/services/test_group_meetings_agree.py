"""A 党小组会 recorded on its branch rather than on the 党小组 itself (R-MEET-3): the compliance grid and
the minutes credit the same 党小组 (``meeting_attendance.group_named_in``), whatever the title's wording."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.enums import MeetingKind, OrgKind
from djdesk.domain.schedule import CellStatus
from djdesk.services.compliance import compliance
from djdesk.services.database import Store
from djdesk.services.meeting_detail import load_meeting
from djdesk.store.models import Meeting, Organization


@pytest.mark.parametrize(("title", "group"), [
    ("测试支部第二党小组3月学习", "测试支部第二党小组"),  # the full name starts the title
    ("3月学习（第二党小组）", "测试支部第二党小组"),  # the name without the branch's, inside the title
    ("第一党小组与第二党小组联学", "测试支部第一党小组"),  # two named: the same (longest, first) in both
    ("3月党小组会", None),  # none named, two groups: neither
])
def test_r_meet_3_grid_and_minutes_credit_the_same_group(store: Store, title: str, group: str | None) -> None:
    with store.sessions.begin() as s:
        root = Organization(kind=OrgKind.ORGAN_COMMITTEE, name="测试机关党委")
        branch = Organization(kind=OrgKind.BRANCH, name="测试支部", parent=root)
        groups = [Organization(kind=OrgKind.GROUP, name=f"测试支部第{n}党小组", parent=branch) for n in "一二"]
        s.add_all([root, branch, *groups])
        s.flush()
        ids = {o.name: o.id for o in groups}
        meeting = Meeting(organization_id=branch.id, kind=MeetingKind.GROUP_MEETING, title=title,
                          held_on=dt.date(2025, 3, 10))
        s.add(meeting)
        s.flush()
        meeting_id = meeting.id

    grid = compliance(store.sessions, 2025, on=dt.date(2025, 12, 31))
    credited = set()
    for name, org_id in ids.items():
        row = grid.row(org_id)
        line = row.line("GROUP_MEETING") if row else None
        assert line is not None
        if line.cells[2].status is CellStatus.HELD:  # March
            credited.add(name)
    detail = load_meeting(store.sessions, meeting_id)
    assert credited == ({group} if group else set())
    assert detail.holder_full == (group or "测试支部")
