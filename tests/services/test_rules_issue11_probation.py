"""留党察看 recorded with its dates (a start, a period of one or two years, its end by 恢复党员权利), kept in the
member's history; inside the period the member has no vote (R-MEET-9) and cannot be an 入党介绍人 (R-DEV-5).

The small tree of tests/services/test_meetings_support.py: 一支部 has 8 members with a vote on ``ON`` (10 June
2026); 钱五 is one of them. Dates of the periods are written out by hand.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, NamedTuple

import docx
import pytest

from djdesk.domain.discipline import introducer_problem, under_party_probation
from djdesk.domain.enums import MeetingKind, MemberCategory, MemberEventKind
from djdesk.services import meeting_docs as md
from djdesk.services.database import Store
from djdesk.services.meeting_attendance import entitled_voters
from djdesk.services.meetings import attendance_summary, create_meeting, expected_attendees
from djdesk.services.member_status import change_status, member_history, record_party_probation
from tests.services.refusals import RefusalCheck
from tests.services.test_meetings_support import ON, TODAY, Tree, assembly

CHECK = RefusalCheck(("members", "member_events"))
START = dt.date(2026, 3, 1)


class Event(NamedTuple):
    kind: MemberEventKind
    occurred_on: dt.date


class Facts(NamedTuple):
    category: MemberCategory
    confirmed_on: dt.date | None
    events: tuple[Event, ...]


def _voters(store: Store, tree: Tree, on: dt.date) -> set[str]:
    expected = expected_attendees(store.sessions, tree.branch, MeetingKind.GENERAL_ASSEMBLY, on)
    return {e.name for e in expected if e.voting}


# --- recording it ---------------------------------------------------------------------------------


def test_party_probation_is_recorded_with_its_period_in_the_history(store: Store, tree: Tree) -> None:
    record_party_probation(store.sessions, tree.m["钱五"], START, 1, "示纪〔2026〕3号", today=TODAY)
    lines = [(x.on, x.what, x.detail) for x in member_history(store.sessions, tree.m["钱五"])]
    assert lines == [(START, "留党察看一年", "至2027年3月1日；示纪〔2026〕3号")]
    change_status(store.sessions, tree.m["钱五"], MemberEventKind.PARTY_RIGHTS_RESTORED, dt.date(2026, 9, 1),
                  "示纪〔2026〕9号", today=TODAY)
    lines = [(x.on, x.what) for x in member_history(store.sessions, tree.m["钱五"])]
    assert lines == [(START, "留党察看一年"), (dt.date(2026, 9, 1), "恢复党员权利")]


def test_r_meet_9_no_vote_inside_the_period(store: Store, tree: Tree) -> None:
    record_party_probation(store.sessions, tree.m["钱五"], START, 2, today=TODAY)  # until 2028-03-01
    assert "钱五" in _voters(store, tree, dt.date(2026, 2, 28))
    assert "钱五" not in _voters(store, tree, START)
    assert "钱五" not in _voters(store, tree, ON)
    change_status(store.sessions, tree.m["钱五"], MemberEventKind.PARTY_RIGHTS_RESTORED, dt.date(2026, 9, 1),
                  today=TODAY)
    assert "钱五" not in _voters(store, tree, dt.date(2026, 8, 31))
    assert "钱五" in _voters(store, tree, dt.date(2026, 9, 1))


def test_r_meet_9_the_period_ends_by_itself_after_one_year(store: Store, tree: Tree) -> None:
    """Recorded on 2025-06-01 for one year, no end recorded: no vote until 2026-05-31, a vote from 2026-06-01."""
    record_party_probation(store.sessions, tree.m["钱五"], dt.date(2025, 6, 1), 1, today=TODAY)
    assert "钱五" not in _voters(store, tree, dt.date(2026, 5, 31))
    assert "钱五" in _voters(store, tree, dt.date(2026, 6, 1))


def test_r_meet_9_quorum_counts_and_the_minutes_leave_the_member_out(store: Store, tree: Tree, tmp_path: Path) -> None:
    record_party_probation(store.sessions, tree.m["钱五"], START, 1, today=TODAY)
    mid = create_meeting(store.sessions, assembly(tree), today=TODAY)
    summary = attendance_summary(store.sessions, mid)
    assert (summary.entitled_voting, summary.present_voting) == (7, 7)  # 8 voters, less 钱五
    out = md.render_minutes(store.paths, store.sessions, mid, tmp_path / "记录.docx")
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "有表决权的党员应到7人，实到7人" in text and "留党察看" in text
    assert entitled_voters(store.sessions, tree.branch, ON) == 7
    # Before the 留党察看 钱五 votes; on 1 February 褚旧 (left on 1 March) was still on the roster too.
    assert entitled_voters(store.sessions, tree.branch, dt.date(2026, 2, 1)) == 9


# --- refusals -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("action", "fragments"), [
    (lambda s, m: record_party_probation(s, m, TODAY + dt.timedelta(days=1), 1, today=TODAY),
     ("2026年11月27日", "在今天之后")),
    (lambda s, m: record_party_probation(s, m, START, 3, today=TODAY), ("钱五", "一年或二年")),
    (lambda s, m: record_party_probation(s, m, dt.date(1999, 12, 31), 1, today=TODAY), ("早于钱五的入党日期",)),
    (lambda s, m: change_status(s, m, MemberEventKind.PARTY_RIGHTS_RESTORED, START, today=TODAY),
     ("钱五", "没有受留党察看处分")),
])
def test_party_probation_bad_input_is_refused(store: Store, tree: Tree, action: Any,
                                              fragments: tuple[str, ...]) -> None:
    CHECK.refused(store.sessions, lambda: action(store.sessions, tree.m["钱五"]), *fragments)


def test_party_probation_end_before_start_or_in_the_future_is_refused(store: Store, tree: Tree) -> None:
    record_party_probation(store.sessions, tree.m["钱五"], START, 1, today=TODAY)
    CHECK.refused(store.sessions, lambda: change_status(
        store.sessions, tree.m["钱五"], MemberEventKind.PARTY_RIGHTS_RESTORED, dt.date(2026, 2, 1), today=TODAY),
        "恢复党员权利", "2026年2月1日", "早于", "2026年3月1日")
    CHECK.refused(store.sessions, lambda: change_status(
        store.sessions, tree.m["钱五"], MemberEventKind.PARTY_RIGHTS_RESTORED, START, today=TODAY),
        "应晚于")
    CHECK.refused(store.sessions, lambda: change_status(
        store.sessions, tree.m["钱五"], MemberEventKind.PARTY_RIGHTS_RESTORED, TODAY + dt.timedelta(days=3),
        today=TODAY), "在今天之后")
    # A second 留党察看 inside the first one's period is refused too.
    CHECK.refused(store.sessions, lambda: record_party_probation(
        store.sessions, tree.m["钱五"], dt.date(2026, 10, 1), 2, today=TODAY), "正受留党察看处分", "2027年3月1日")


def test_party_probation_of_a_probationary_member_is_refused(store: Store, tree: Tree) -> None:
    CHECK.refused(store.sessions, lambda: record_party_probation(store.sessions, tree.m["吴八"], dt.date(2026, 3, 1),
                                                                 1, today=TODAY), "吴八", "预备党员")


# --- the predicates, on plain data ----------------------------------------------------------------


def test_under_party_probation_on_plain_data() -> None:
    two = Facts(MemberCategory.FULL, dt.date(2001, 7, 1), (Event(MemberEventKind.PARTY_PROBATION_TWO, START),))
    assert not under_party_probation(two, dt.date(2026, 2, 28))
    assert under_party_probation(two, START) and under_party_probation(two, dt.date(2028, 2, 29))
    assert not under_party_probation(two, dt.date(2028, 3, 1))
    ended = two._replace(events=(*two.events, Event(MemberEventKind.PARTY_RIGHTS_RESTORED, dt.date(2027, 1, 1))))
    assert under_party_probation(ended, dt.date(2026, 12, 31)) and not under_party_probation(ended, dt.date(2027, 1, 1))
    again = ended._replace(events=(*ended.events, Event(MemberEventKind.PARTY_PROBATION_ONE, dt.date(2030, 1, 1))))
    assert not under_party_probation(again, dt.date(2029, 6, 1)) and under_party_probation(again, dt.date(2030, 6, 1))


def test_r_dev_5_an_introducer_is_a_full_member_not_under_party_probation() -> None:
    ok = Facts(MemberCategory.FULL, dt.date(2001, 7, 1), ())
    assert introducer_problem("张三", ok, START) is None
    probation = ok._replace(events=(Event(MemberEventKind.PARTY_PROBATION_ONE, dt.date(2026, 1, 10)),))
    message = introducer_problem("张三", probation, START)
    assert message is not None and "张三" in message and "留党察看" in message and "入党介绍人" in message
    assert introducer_problem("张三", probation, dt.date(2027, 1, 10)) is None
    probationary = Facts(MemberCategory.PROBATIONARY, None, ())
    message = introducer_problem("李四", probationary, START)
    assert message is not None and "预备党员" in message and "正式党员" in message
    confirmed_later = Facts(MemberCategory.FULL, dt.date(2026, 7, 1), ())
    assert introducer_problem("王五", confirmed_later, START) is not None
    assert introducer_problem("王五", confirmed_later, dt.date(2026, 7, 1)) is None
