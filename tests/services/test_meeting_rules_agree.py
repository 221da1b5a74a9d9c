"""The meeting editor (meeting_attendance, via meetings) and the printed documents (meeting_detail,
meeting_docs) apply the same meeting rules: one quorum rule (R-MEET-9, R-MEET-10) and one roster
(R-MEET-2, R-MEET-11 with R-ORG-3). Built on the small tree of tests/services/test_meetings_support.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from djdesk.domain.enums import MeetingKind
from djdesk.paths import DataPaths
from djdesk.services import meeting_docs as md
from djdesk.services.database import Store
from djdesk.services.documents import docx_text
from djdesk.services.meeting_detail import load_meeting
from djdesk.services.meetings import MotionInput, create_meeting, expected_attendees, summarize_input
from tests.services.test_meetings_support import (
    BRANCH_ON_ROSTER,
    COMMITTEE,
    SMALL,
    TODAY,
    Tree,
    assembly,
    everyone,
)


def _printed(verdict: str) -> str:
    """A verdict as the minutes print it: no spaces, 「有效：…」 → 「有效。…」."""
    return "".join(verdict.split()).replace("：", "。", 1)


def test_r_meet_9_life_meeting_titled_committee_gets_the_same_verdict_in_editor_and_minutes(
    store: Store, tree: Tree, data_paths: DataPaths, tmp_path: Path
) -> None:
    """R-MEET-9: a 组织生活会 titled “…支委会…” expects every member (R-MEET-6), so the editor judges it as a
    党员大会; the printed minutes give the same verdict, voter counts and motion result."""
    data = assembly(tree, kind=MeetingKind.LIFE_MEETING, title="一支部支委会班子成员专题组织生活会",
                    attendance=everyone(tree, BRANCH_ON_ROSTER, 王一="请假:出差", 李二="缺席"),
                    motions=[MotionInput("通过整改清单", yes=6)])
    editor = summarize_input(store.sessions, data, today=TODAY)
    assert editor.quorum is not None and editor.quorum.valid
    assert (editor.entitled_voting, editor.present_voting) == (8, 6)

    detail = load_meeting(store.sessions, create_meeting(store.sessions, data, today=TODAY))
    assert detail.quorum_rule == "R-MEET-9" and detail.is_assembly
    assert (detail.quorum, detail.quorum_valid) == (editor.quorum.text, editor.quorum.valid)
    assert (detail.entitled_voting, detail.present_voting) == (editor.entitled_voting, editor.present_voting)
    assert [m.result for m in detail.motions] == [m.verdict.text for m in editor.motions]

    context = md.minutes_context(detail)
    assert context["会议有效性"] == _printed(editor.quorum.text)
    assert context["表决权"].startswith("有表决权的党员应到8人，实到6人")
    text = docx_text(md.render_minutes(data_paths, store.sessions, detail.id, tmp_path / "记录.docx"))
    assert f"会议有效性：{_printed(editor.quorum.text)}" in text


@pytest.mark.parametrize("kind", [MeetingKind.IDEOLOGY, MeetingKind.CENTRAL_GROUP_STUDY])
def test_r_meet_11_branch_with_only_a_secretary_expects_every_member_in_editor_and_documents(
    store: Store, tree: Tree, data_paths: DataPaths, tmp_path: Path, kind: MeetingKind
) -> None:
    """R-MEET-11 with R-ORG-3: 二支部 has only a 书记 (no 支部委员会), so its 意识形态/中心组 meeting expects every
    member — in the editor's roster and on the sign-in sheet and notice of the planned meeting alike."""
    day = TODAY + dt.timedelta(days=9)
    mid = create_meeting(store.sessions, assembly(tree, organization_id=tree.small, kind=kind, held=False,
                                                  held_on=day, attendance=[], host=None, recorder=None), today=TODAY)
    editor = expected_attendees(store.sessions, tree.small, kind, day)
    assert {e.name for e in editor} == set(SMALL)

    detail = load_meeting(store.sessions, mid)
    printed = md.expected_attendees(store.sessions, detail)
    assert sorted((p.member_id, p.name, p.voting) for p in printed) == sorted(
        (e.member_id, e.name, e.voting) for e in editor)

    sheet = md.signin_context(detail, printed)
    assert sheet["应到"] == str(len(editor)) and sheet["类别列名"] == "人员类别"
    assert {row["姓名"] for row in sheet["人员"]} == set(SMALL)
    notice = md.notice_context(detail, printed, TODAY)
    assert notice["主送"] == "二支部全体党员"
    assert all(name in notice["参会人员"] for name in SMALL) and f"共{len(editor)}人" in notice["参会人员"]
    text = docx_text(md.render_signin(data_paths, store.sessions, mid, tmp_path / "签到表.docx"))
    assert f"应到：{len(editor)}人" in text and all(name in text for name in SMALL)


@pytest.mark.parametrize("kind", [MeetingKind.IDEOLOGY, MeetingKind.CENTRAL_GROUP_STUDY])
def test_r_meet_11_branch_with_a_committee_expects_the_committee_in_editor_and_documents(
    store: Store, tree: Tree, kind: MeetingKind
) -> None:
    """R-MEET-11 with R-ORG-3: 一支部 has a 支部委员会 (3 seats): editor and documents both list the committee."""
    day = TODAY + dt.timedelta(days=9)
    mid = create_meeting(store.sessions, assembly(tree, kind=kind, held=False, held_on=day, attendance=[]),
                         today=TODAY)
    editor = expected_attendees(store.sessions, tree.branch, kind, day)
    detail = load_meeting(store.sessions, mid)
    printed = md.expected_attendees(store.sessions, detail)
    assert [p.name for p in printed] == [e.name for e in editor] == list(COMMITTEE)  # 书记 first
    assert [p.role for p in printed] == ["书记", "组织委员", "宣传委员"]
    assert md.signin_context(detail, printed)["类别列名"] == "职务"
    assert md.notice_context(detail, printed, TODAY)["主送"] == "一支部委员会委员"
