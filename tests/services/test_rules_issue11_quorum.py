"""R-MEET-9: without a quorum no vote can be taken, so a motion at such a meeting never passes, whatever the
ballots say: in the summary (the meeting editor's), the printed minutes and the 会议记录本.

The small tree of tests/services/test_meetings_support.py: 一支部 has 8 members with a vote on ``ON``. With 4 of
them away, exactly half are present (no quorum); 4 yes in the room plus 1 written yes of an absent voter would be
more than half of the 8 entitled, which passes a motion only at a quorate meeting.
"""

from __future__ import annotations

from pathlib import Path

import docx

from djdesk.domain.enums import AttendanceStatus, MeetingKind
from djdesk.domain.quorum import Ballot
from djdesk.services import meeting_docs as md
from djdesk.services.database import Store
from djdesk.services.meeting_attendance import AttendeeLine, summarize
from djdesk.services.meetings import MotionInput, attendance_summary, create_meeting, summarize_input
from tests.services.test_meetings_support import BRANCH_ON_ROSTER, ON, TODAY, Tree, assembly, everyone

NO_VOTE = "未表决：到会有表决权的党员未超过应到人数的半数，会议不能作出决定"
AWAY = dict.fromkeys(("王一", "李二", "张三", "赵四"), "请假:出差")  # 4 of the 8 voters


def _paragraphs(path: Path) -> list[str]:
    """Every paragraph of the document body (tables included), read with python-docx."""
    document = docx.Document(str(path))
    found = [p.text for p in document.paragraphs]
    for table in document.tables:
        found += [p.text for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return found


def _inquorate(store: Store, tree: Tree, kind: MeetingKind = MeetingKind.GENERAL_ASSEMBLY) -> int:
    data = assembly(tree, kind=kind, attendance=everyone(tree, BRANCH_ON_ROSTER, **AWAY),
                    motions=[MotionInput("关于推荐优秀共产党员的表决", yes=4, written_yes=1)])
    return create_meeting(store.sessions, data, today=TODAY)


def test_r_meet_9_no_motion_passes_without_quorum(store: Store, tree: Tree) -> None:
    """4 of 8 voters present: the meeting is 无效 and the motion is not voted on, although 4 + 1 yes > 8 / 2."""
    summary = attendance_summary(store.sessions, _inquorate(store, tree))
    assert (summary.entitled_voting, summary.present_voting) == (8, 4)
    assert summary.quorum is not None and not summary.quorum.valid
    (outcome,) = summary.motions
    assert not outcome.verdict.valid
    assert outcome.verdict.text.startswith(NO_VOTE), outcome.verdict.text
    assert not outcome.verdict.text.startswith("通过")


def test_r_meet_9_the_form_preview_says_the_vote_could_not_be_taken(store: Store, tree: Tree) -> None:
    data = assembly(tree, attendance=everyone(tree, BRANCH_ON_ROSTER, **AWAY),
                    motions=[MotionInput("甲", yes=4, written_yes=1)])
    (outcome,) = summarize_input(store.sessions, data, today=TODAY).motions
    assert not outcome.verdict.valid and outcome.verdict.text.startswith(NO_VOTE)


def test_r_meet_9_one_more_voter_present_and_the_same_motion_passes(store: Store, tree: Tree) -> None:
    """The control: 5 of 8 present is a quorum, and 4 + 1 written yes > 4 passes."""
    data = assembly(tree, attendance=everyone(tree, BRANCH_ON_ROSTER, 王一="请假:出差", 李二="请假:出差", 张三="缺席"),
                    motions=[MotionInput("甲", yes=4, no=1, written_yes=1)])
    summary = attendance_summary(store.sessions, create_meeting(store.sessions, data, today=TODAY))
    assert summary.quorum is not None and summary.quorum.valid
    assert summary.motions[0].verdict.valid and summary.motions[0].verdict.text.startswith("通过")


def test_r_meet_9_meetings_held_as_an_assembly_follow_the_same_rule() -> None:
    """A 组织生活会 and a 民主评议党员会议 are held as a 党员大会: 1 of 2 voters present, 1 + 1 written yes."""
    lines = [AttendeeLine(1, "甲", AttendanceStatus.PRESENT, None, False, True),
             AttendeeLine(2, "乙", AttendanceStatus.ABSENT, None, False, True)]
    for kind in (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.LIFE_MEETING, MeetingKind.EVALUATION_MEETING):
        (outcome,) = summarize(kind, lines, [("事项", Ballot(1, 0, 0, written_yes=1))]).motions
        assert not outcome.verdict.valid and outcome.verdict.text.startswith(NO_VOTE), kind
    # A meeting of another kind has no quorum rule: the count alone decides (2 > 2 / 2).
    (other,) = summarize(MeetingKind.OTHER, lines, [("事项", Ballot(1, 0, 0, written_yes=1))]).motions
    assert other.verdict.valid


def test_r_meet_9_counts_that_cannot_be_right_are_still_refused_first(store: Store, tree: Tree) -> None:
    """More ballots than voters present is a mistake of the counts, said as such even without a quorum."""
    lines = [AttendeeLine(1, "甲", AttendanceStatus.PRESENT, None, False, True),
             AttendeeLine(2, "乙", AttendanceStatus.ABSENT, None, False, True)]
    (outcome,) = summarize(MeetingKind.GENERAL_ASSEMBLY, lines, [("事项", Ballot(2, 0, 0))]).motions
    assert outcome.verdict.text.startswith("表决票数（2）多于有表决权的实到人数（1）")


def test_r_meet_9_minutes_never_say_passed_under_an_invalid_meeting(store: Store, tree: Tree, tmp_path: Path) -> None:
    mid = _inquorate(store, tree)
    out = md.render_minutes(store.paths, store.sessions, mid, tmp_path / "记录.docx")
    text = "\n".join(_paragraphs(out))
    assert "会议有效性：无效。有表决权的党员应到8人，实到4人，未超过半数" in text
    assert "表决结果：未表决。到会有表决权的党员未超过应到人数的半数，会议不能作出决定" in text
    assert "表决结果：通过" not in text


def test_r_meet_9_the_record_book_says_the_same(store: Store, tree: Tree, tmp_path: Path) -> None:
    _inquorate(store, tree)
    _inquorate(store, tree, MeetingKind.LIFE_MEETING)
    out = md.render_book(store.paths, store.sessions, tree.branch, ON.year, tmp_path / "记录本.docx")
    paragraphs = _paragraphs(out)
    results = [p for p in paragraphs if p.startswith("表决结果：")]
    assert len(results) == 2
    assert all(p.startswith("表决结果：未表决。到会有表决权的党员未超过应到人数的半数") for p in results), results
