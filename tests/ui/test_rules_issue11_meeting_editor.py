"""R-MEET-9 in the 会议编辑 window: a 表决 at an assembly without a quorum reads as not voted, never 通过."""

from __future__ import annotations

from typing import Any

import pytest

from djdesk.domain.enums import MeetingKind
from djdesk.services.database import Store
from tests.ui.test_meeting_editor import BRANCH, _choose, _editor, _fill_cells, _mark, _voters, _wait_summary


def test_r_meet_9_editor_says_no_vote_without_quorum(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """财务审计处支部: 27 voters. 14 away leaves 13 present (not more than half); 13 yes + 1 written yes would be
    14 > 27 / 2, but the meeting cannot decide anything."""
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    voters = _voters(editor)
    assert len(voters) == 27
    _mark(editor, monkeypatch, voters[:14], "请假", "出差")
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 13, 0, 0, 1, 0, 0])
    text = _wait_summary(qtbot, editor, "会议无效", "“关于推荐优秀共产党员的表决”未表决")
    assert ("“关于推荐优秀共产党员的表决”未表决：到会有表决权的党员未超过应到人数的半数，会议不能作出决定"
            in text), text
    assert "”通过" not in text
    # One voter back: 14 of 27 is a quorum, and the same ballots pass.
    _mark(editor, monkeypatch, voters[13:14], "出席")
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 14, 0, 0, 0, 0, 0], row=0)
    _wait_summary(qtbot, editor, "会议有效", "“关于推荐优秀共产党员的表决”通过：赞成 14 票")
