"""会议编辑 as the clerk uses it, on the demo data (rules.md §2: R-MEET-9, R-MEET-10 and the minutes fields).

The attendance is pre-filled from the right roster (the branch, the committee, the 党小组); marking people
请假/缺席 updates 应到/实到 and the quorum verdict live; each 表决 shows 通过/未通过 against those ENTITLED to
vote. Saving creates the meeting; every refusal shows a Chinese message and writes nothing (the meeting,
attendance, 议题, 表决, 决议 and 操作日志 row counts compared before and after).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, QTime
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QPushButton, QTableView

from djdesk.domain.enums import AttendanceStatus, MeetingKind, MemberCategory
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.meetings import (
    AgendaInput,
    MeetingInput,
    ResolutionInput,
    expected_attendees,
    list_meetings,
    meeting_input,
    update_meeting,
)
from djdesk.services.members import list_members
from djdesk.services.orgs import OrgRow, list_orgs, subtree_ids
from djdesk.ui.edit_model import EditRowsModel
from djdesk.ui.meeting_editor import MeetingEditor, editor_services

BRANCH = "财务审计处支部"  # 28 members, one 预备党员, a committee of 4, no 党小组
GROUP_BRANCH = "办公室支部"
GROUP = "办公室第一党小组"
ON = dt.date(2025, 10, 15)  # a past day of the demo year
VOTING, NO_VOTE = "有", "无（预备党员等）"
TABLES = ("meetings", "meeting_attendance", "agenda_items", "motions", "resolutions", "audit_log")


def _orgs(store: Store) -> list[OrgRow]:
    return list_orgs(store.sessions)


def _org_id(store: Store, short: str) -> int:
    return next(r.id for r in _orgs(store) if r.short_name == short)


def _people(store: Store) -> Callable[[int], list[tuple[int, str]]]:
    """What the main window gives the editor: active members of an organisation and below (members_of)."""
    rows, members = _orgs(store), list_members(store.paths.database)

    def people(org_id: int) -> list[tuple[int, str]]:
        ids = subtree_ids(rows, org_id)
        return [(m.id, f"{m.name}（{m.branch_short}）") for m in members if m.branch_id in ids or m.group_id in ids]

    return people


def _editor(qtbot: Any, store: Store, data: MeetingInput | None = None, meeting_id: int | None = None
            ) -> MeetingEditor:
    orgs = [(r.id, "　" * r.depth + (r.short_name or r.name)) for r in _orgs(store) if not r.dissolved]
    services = editor_services(store.sessions, _people(store), meeting_id)
    editor = MeetingEditor("编辑会议" if meeting_id else "新建会议", orgs, services, data)
    qtbot.addWidget(editor)
    return editor


def _set_date(editor: MeetingEditor, day: dt.date) -> None:
    """The clerk types the date and leaves the field: the kinds and the roster follow the new day."""
    editor.held_on.setText(day.isoformat())
    editor.held_on.editingFinished.emit()


def _choose(editor: MeetingEditor, store: Store, short: str, kind: MeetingKind | None = None,
            on: dt.date = ON, *, all_present: bool = True) -> None:
    """Choose the day, organisation and kind; then, as the clerk does after the meeting, 全部出席."""
    _set_date(editor, on)
    editor.org.setCurrentIndex(editor.org.findData(_org_id(store, short)))
    if kind is not None:
        index = editor.kind.findData(kind)
        assert index >= 0, f"{kind.label} not offered for {short}"
        editor.kind.setCurrentIndex(index)
    if all_present:
        _button(editor, "全部出席").click()


def _kinds(editor: MeetingEditor) -> list[MeetingKind]:
    return [editor.kind.itemData(i) for i in range(editor.kind.count())]


def _attendance(editor: MeetingEditor) -> list[tuple[Any, ...]]:
    model = editor.attendance
    return [tuple(model.index(r, c).data() for c in range(4)) for r in range(model.rowCount())]


def _select(editor: MeetingEditor, rows: Sequence[int]) -> None:
    model, selection = editor.attendance, QItemSelection()
    for row in rows:
        selection.select(model.index(row, 0), model.index(row, model.columnCount() - 1))
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    editor.attendance_view.selectionModel().select(selection, flags)


def _button(editor: MeetingEditor, text: str) -> QPushButton:
    return next(b for b in editor.findChildren(QPushButton) if b.text() == text)


def _mark(editor: MeetingEditor, monkeypatch: pytest.MonkeyPatch, rows: Sequence[int], status: str,
          reason: str = "出差") -> None:
    """Select ``rows`` and press 请假…/缺席… (the reason typed into the input dialog) or 出席."""
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: (reason, True))
    _select(editor, rows)
    _button(editor, {"请假": "请假…", "缺席": "缺席…", "出席": "出席"}[status]).click()


def _voters(editor: MeetingEditor) -> list[int]:
    return [r for r, line in enumerate(_attendance(editor)) if line[3] == VOTING]


def _wait_summary(qtbot: Any, editor: MeetingEditor, *parts: str) -> str:
    """The summary is recomputed 250 ms after the last change; wait until it says all of ``parts``."""
    qtbot.waitUntil(lambda: all(p in editor.summary.text() for p in parts), timeout=5000)
    return str(editor.summary.text())


def _fill_cells(model: EditRowsModel, values: Sequence[Any], row: int | None = None) -> None:
    """Type a row into a grid (议题/表决/决议) cell by cell, as the clerk does after 添加…."""
    row = model.add_row() if row is None else row
    for column, value in enumerate(values):
        assert model.setData(model.index(row, column), value)


def _counts(paths: DataPaths) -> dict[str, int]:
    conn = sqlite3.connect(paths.database)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


# --- the roster ------------------------------------------------------------------------------------

def test_r_meet_9_assembly_prefills_the_branch_with_voting_rights(qtbot: Any, opened: Store) -> None:
    """支部党员大会: everyone of the branch, nobody marked until 全部出席; 预备党员 are listed without 表决权
    (R-MEET-9)."""
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY, all_present=False)
    expected = expected_attendees(opened.sessions, _org_id(opened, BRANCH), MeetingKind.GENERAL_ASSEMBLY, ON)
    rows = _attendance(editor)
    assert [r[0] for r in rows] == [e.name for e in expected] and len(rows) == 28
    assert {r[1] for r in rows} == {"（未标记）"} and {r[2] for r in rows} == {""}
    _wait_summary(qtbot, editor, "应到 28 人。还有 28 人没有标记出席情况", "请点“全部出席”")
    _button(editor, "全部出席").click()
    rows = _attendance(editor)
    assert {r[1] for r in rows} == {"出席"} and {r[2] for r in rows} == {""}
    members = {m.id: m for m in list_members(opened.paths.database, branch=BRANCH)}
    without_vote = {e.name for e in expected if members[e.member_id or 0].category is MemberCategory.PROBATIONARY
                    or (members[e.member_id or 0].confirmed_on or ON) > ON}
    assert without_vote and {r[0] for r in rows if r[3] == NO_VOTE} == without_vote
    assert {r[3] for r in rows} == {VOTING, NO_VOTE}
    entitled = 28 - len(without_vote)
    _wait_summary(qtbot, editor, f"应到 28 人，实到 28 人（有表决权 {entitled} 人），请假 0 人，缺席 0 人",
                  "会议有效")


def test_r_meet_10_committee_meeting_prefills_the_committee(qtbot: Any, opened: Store) -> None:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.COMMITTEE_MEETING)
    committee = expected_attendees(opened.sessions, _org_id(opened, BRANCH), MeetingKind.COMMITTEE_MEETING, ON)
    rows = _attendance(editor)
    assert [r[0] for r in rows] == [c.name for c in committee] and len(rows) == 4
    assert {(r[1], r[3]) for r in rows} == {("出席", VOTING)}
    _wait_summary(qtbot, editor, "应到 4 人，实到 4 人，请假 0 人，缺席 0 人", "会议有效：支部委员 4 人，到会 4 人")


def test_group_meeting_is_offered_only_for_a_group(qtbot: Any, opened: Store) -> None:
    """党小组会 only in a 党小组, where it is the only kind; its roster is the group's members."""
    editor = _editor(qtbot, opened)
    _choose(editor, opened, GROUP_BRANCH)
    assert MeetingKind.GROUP_MEETING not in _kinds(editor)
    assert {MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.PARTY_LECTURE} <= set(
        _kinds(editor))
    _choose(editor, opened, GROUP)
    assert _kinds(editor) == [MeetingKind.GROUP_MEETING]
    group_id = _org_id(opened, GROUP)
    members = [m for m in list_members(opened.paths.database, branch=GROUP_BRANCH) if m.group_id == group_id]
    rows = _attendance(editor)
    assert members and sorted(r[0] for r in rows) == sorted(m.name for m in members)
    assert {r[1] for r in rows} == {"出席"}
    # The 党小组's people are offered as 主持人 (and nobody from the other group).
    hosts = {editor.host.itemData(i) for i in range(1, editor.host.count())}
    assert hosts == {m.id for m in members}


# --- 应到/实到 and the verdicts ------------------------------------------------------------------------

def test_r_meet_9_leave_updates_the_counts_and_the_quorum(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """有效 while more than half of those WITH VOTING RIGHTS are present; 无效 once they are not (R-MEET-9)."""
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    voters = _voters(editor)
    entitled = len(voters)
    assert entitled == 27
    _mark(editor, monkeypatch, voters[:2], "请假", "出差")
    rows = _attendance(editor)
    assert [rows[i][1:3] for i in voters[:2]] == [("请假", "出差")] * 2
    _wait_summary(qtbot, editor, "应到 28 人，实到 26 人（有表决权 25 人），请假 2 人，缺席 0 人",
                  f"会议有效：有表决权的党员应到 {entitled} 人，实到 25 人")
    # 13 voters away: 14 of 27 present is still more than half.
    _mark(editor, monkeypatch, voters[2:13], "缺席", "未请假")
    _wait_summary(qtbot, editor, "实到 15 人（有表决权 14 人），请假 2 人，缺席 11 人", "会议有效")
    # One more: 13 of 27 is not more than half, although 14 people (with the 预备党员) are in the room.
    _mark(editor, monkeypatch, voters[13:14], "请假", "病假")
    text = _wait_summary(qtbot, editor, "实到 14 人（有表决权 13 人），请假 3 人，缺席 11 人", "会议无效")
    assert f"有表决权的党员应到 {entitled} 人，实到 13 人，未超过半数" in text
    # Back to 出席: valid again.
    _mark(editor, monkeypatch, voters[13:14], "出席")
    _wait_summary(qtbot, editor, "有表决权 14 人", "会议有效")


def test_r_meet_9_a_motion_passes_on_more_than_half_of_the_entitled(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """12 yes of 20 voters present is a majority of those present but not of the 27 entitled: 未通过."""
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    _mark(editor, monkeypatch, _voters(editor)[:7], "请假", "出差")
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 12, 5, 3])
    text = _wait_summary(qtbot, editor, "“关于推荐优秀共产党员的表决”未通过")
    assert "赞成 12 票、反对 5 票、弃权 3 票" in text and "（27 人）的半数" in text
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 14, 3, 3], row=0)
    _wait_summary(qtbot, editor, "“关于推荐优秀共产党员的表决”通过：赞成 14 票")
    # Written opinions of absent voters count (R-MEET-9): 13 in the room + 1 in writing passes too.
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 13, 4, 3, 1, 0, 0], row=0)
    _wait_summary(qtbot, editor, "通过：赞成 14 票、反对 4 票、弃权 3 票（含书面意见 1 份）")


def test_r_meet_10_committee_with_half_present_is_invalid(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.COMMITTEE_MEETING)
    _mark(editor, monkeypatch, [3], "请假", "出差")
    _wait_summary(qtbot, editor, "应到 4 人，实到 3 人，请假 1 人", "会议有效：支部委员 4 人，到会 3 人，超过半数")
    _mark(editor, monkeypatch, [2], "缺席", "未请假")
    _wait_summary(qtbot, editor, "实到 2 人，请假 1 人，缺席 1 人", "会议无效：支部委员 4 人，到会 2 人，未超过半数")


# --- saving ----------------------------------------------------------------------------------------

def _fill_valid(editor: MeetingEditor, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _choose(editor, store, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    editor.place.setText("厅机关四楼小会议室")
    committee = expected_attendees(store.sessions, _org_id(store, BRANCH), MeetingKind.COMMITTEE_MEETING, ON)
    editor.host.setCurrentIndex(editor.host.findData(committee[0].member_id))
    editor.recorder.setCurrentIndex(editor.recorder.findData(committee[2].member_id))
    _mark(editor, monkeypatch, _voters(editor)[-2:], "请假", "出差")
    _fill_cells(editor.agenda, ["学习贯彻党的二十届四中全会精神", "与会同志逐一发言。"])
    _fill_cells(editor.motions, ["关于2026年党建工作要点的表决", 24, 0, 1])
    _fill_cells(editor.resolutions, ["通过2026年党建工作要点", "支部书记", "2026-03-31", ""])


def test_saving_creates_the_meeting_with_its_attendance(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _counts(opened.paths)
    editor = _editor(qtbot, opened)
    _fill_valid(editor, opened, monkeypatch)
    _wait_summary(qtbot, editor, "请假 2 人", "会议有效", "通过")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor.accept()
    assert not warnings and editor.result() == QDialog.DialogCode.Accepted
    after = _counts(opened.paths)
    assert after["meetings"] == before["meetings"] + 1
    assert after["meeting_attendance"] == before["meeting_attendance"] + 28
    assert (after["agenda_items"], after["motions"], after["resolutions"]) == (
        before["agenda_items"] + 1, before["motions"] + 1, before["resolutions"] + 1)
    row = next(r for r in list_meetings(opened.sessions, year=2025, org_id=_org_id(opened, BRANCH))
               if r.held_on == ON)
    assert (row.kind, row.expected, row.present, row.held) == (MeetingKind.GENERAL_ASSEMBLY, 28, 26, True)
    assert row.title == "2025年第4次支部党员大会"  # after the demo's three earlier ones that year
    saved = meeting_input(opened.sessions, row.id)
    assert sorted((a.status, a.reason) for a in saved.attendance if a.status is not AttendanceStatus.PRESENT) == [
        (AttendanceStatus.LEAVE, "出差")] * 2
    assert [a.title for a in saved.agenda] == ["学习贯彻党的二十届四中全会精神"]
    assert [(m.yes, m.no, m.abstain) for m in saved.motions] == [(24, 0, 1)]
    assert [(r.content, r.due_on) for r in saved.resolutions] == [("通过2026年党建工作要点", dt.date(2026, 3, 31))]
    assert (saved.place, saved.start_time, saved.end_time) == ("厅机关四楼小会议室", dt.time(9), dt.time(11))


def _end_before_start(editor: MeetingEditor, store: Store) -> None:
    editor.end.setTime(QTime(8, 30))


def _held_in_the_future(editor: MeetingEditor, store: Store) -> None:
    # The editor and the service judge "future" by the real date; a future date unticks 已召开: tick it again.
    _choose(editor, store, BRANCH, MeetingKind.GENERAL_ASSEMBLY, on=dt.date.today() + dt.timedelta(days=20))
    assert not editor.held.isChecked()
    editor.held.setChecked(True)


def _lecture_without_speaker(editor: MeetingEditor, store: Store) -> None:
    editor.kind.setCurrentIndex(editor.kind.findData(MeetingKind.PARTY_LECTURE))
    _button(editor, "全部出席").click()  # another kind, its roster listed again
    editor.motions.set_rows([])
    editor.speaker.setEditText("")


def _more_ballots_than_voters(editor: MeetingEditor, store: Store) -> None:
    _fill_cells(editor.motions, ["关于2026年党建工作要点的表决", 24, 1, 1], row=0)  # 26 ballots, 25 voters present


@pytest.mark.parametrize(("spoil", "says"), [
    (_end_before_start, "结束时间 08:30 不晚于开始时间 09:00"),
    (_held_in_the_future, "在今天之后，不能标记为“已召开”"),
    (_lecture_without_speaker, "党课须填写主讲人"),
    (_more_ballots_than_voters, "表决票数（26）多于有表决权的实到人数（25）"),
], ids=["end-before-start", "held-in-future", "lecture-without-speaker", "more-ballots-than-voters"])
def test_refused_save_shows_a_message_and_writes_nothing(
    qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch, spoil: Callable[[MeetingEditor, Store], None],
    says: str,
) -> None:
    """R-MEET-9 (ballots) and the minutes fields: a refusal keeps the dialog open and the database unchanged."""
    before = _counts(opened.paths)
    editor = _editor(qtbot, opened)
    _fill_valid(editor, opened, monkeypatch)
    spoil(editor, opened)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    editor.accept()
    assert len(warnings) == 1 and says in warnings[0], warnings
    assert editor.result() != QDialog.DialogCode.Accepted
    assert _counts(opened.paths) == before
    _wait_summary(qtbot, editor, says)  # the summary line says it in red as well
    assert "color:#c62828" in editor.summary.text()


# --- editing a recorded meeting --------------------------------------------------------------------

def _recorded_assembly(store: Store) -> int:
    rows = list_meetings(store.sessions, year=2025, org_id=_org_id(store, BRANCH),
                         kind=MeetingKind.GENERAL_ASSEMBLY)
    return min(rows, key=lambda r: r.held_on).id  # the first one, with a 表决 and a 决议


def test_editing_loads_attendance_agenda_and_votes(qtbot: Any, opened: Store) -> None:
    meeting_id = _recorded_assembly(opened)
    data = meeting_input(opened.sessions, meeting_id)
    assert data.motions and data.resolutions and data.agenda
    before = _counts(opened.paths)
    editor = _editor(qtbot, opened, data, meeting_id)
    assert editor.org.currentData() == data.organization_id and editor.kind.currentData() is data.kind
    assert editor.held_on.text() == data.held_on.isoformat() and editor.title_edit.text() == data.title
    assert editor.host.currentData() == data.host and editor.recorder.currentData() == data.recorder
    names = {e.member_id: e.name for e in expected_attendees(opened.sessions, data.organization_id, data.kind,
                                                             data.held_on)}
    assert [(r[0], r[1], r[2]) for r in _attendance(editor)] == [
        (names[a.person], a.status.label, a.reason or "") for a in data.attendance if isinstance(a.person, int)]
    assert editor.agenda.rows == [[a.title, a.discussion or ""] for a in data.agenda]
    assert editor.motions.rows == [[m.title, m.yes, m.no, m.abstain, m.written_yes, m.written_no,
                                    m.written_abstain] for m in data.motions]
    assert [r[0] for r in editor.resolutions.rows] == [r.content for r in data.resolutions]
    _wait_summary(qtbot, editor, "应到 28 人，实到 24 人（有表决权 23 人），请假 3 人，缺席 1 人", "会议有效", "通过")
    # 确定 without changes: saved, and the record reads back the same.
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    assert meeting_input(opened.sessions, meeting_id) == data
    counts = _counts(opened.paths)
    assert {t: counts[t] for t in TABLES if t != "audit_log"} == {t: before[t] for t in TABLES if t != "audit_log"}


def test_editing_keeps_the_note_and_completion_dates(qtbot: Any, opened: Store) -> None:
    meeting_id = _recorded_assembly(opened)
    data = meeting_input(opened.sessions, meeting_id)
    data.note = "会后已将决议报机关党委备案。"
    first = data.resolutions[0]
    data.resolutions[0] = ResolutionInput(first.content, first.owner_name, first.due_on, "已完成",
                                          dt.date(2025, 6, 30))
    update_meeting(opened.sessions, meeting_id, data)
    stored = meeting_input(opened.sessions, meeting_id)
    editor = _editor(qtbot, opened, stored, meeting_id)
    _fill_cells(editor.agenda, ["补充议题", ""])  # a small correction
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    again = meeting_input(opened.sessions, meeting_id)
    assert again.agenda[-1] == AgendaInput("补充议题")
    assert again.note == "会后已将决议报机关党委备案。"
    assert again.resolutions[0].completed_on == dt.date(2025, 6, 30)


def test_r_meet_9_deleting_a_motion_removes_its_verdict(qtbot: Any, opened: Store) -> None:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    _fill_cells(editor.motions, ["关于推荐优秀共产党员的表决", 20, 4, 3])
    _wait_summary(qtbot, editor, "“关于推荐优秀共产党员的表决”通过")
    view = next(v for v in editor.findChildren(QTableView) if v.model() is editor.motions)
    view.selectRow(0)
    page = view.parentWidget()
    assert page is not None
    remove = next(b for b in page.findChildren(QPushButton) if b.text() == "删除所选")
    remove.click()
    assert editor.motions.rowCount() == 0
    qtbot.wait(400)  # longer than the 250 ms summary delay
    assert "关于推荐优秀共产党员的表决" not in editor.summary.text()
