"""The meeting editor as found on screen (issue 13, point 7): no stray 主讲人 box, the organisation the 会议
tab shows (or none), 已召开 unticked for a future date, nobody marked 出席 until 全部出席, and 打印预览 /
打印 of the minutes and the sign-in sheet from the editor itself."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMessageBox

from djdesk.domain.enums import AttendanceStatus, MeetingKind
from djdesk.services.database import Store
from djdesk.services.meetings import list_meetings, meeting_input
from djdesk.services.orgs import list_orgs
from djdesk.ui.meeting_docs_actions import a4_printer, meeting_html
from djdesk.ui.meeting_editor import MeetingEditor
from djdesk.ui.meeting_list_view import MeetingListView
from tests.ui.test_meeting_editor import (
    BRANCH,
    ON,
    _attendance,
    _button,
    _choose,
    _counts,
    _editor,
    _mark,
    _org_id,
    _people,
    _set_date,
    _voters,
    _wait_summary,
)

TODAY = dt.date(2026, 11, 26)


def _list(qtbot: Any, store: Store) -> MeetingListView:
    context = SimpleNamespace(store=lambda: store, orgs=lambda: list_orgs(store.sessions), people=_people(store),
                              clock=lambda: TODAY, changed=lambda: None)
    view = MeetingListView(context)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.model.modelReset, timeout=10000):
        view.year.setValue(2025)
    return view


def _opened_from(view: MeetingListView, monkeypatch: pytest.MonkeyPatch) -> list[MeetingEditor]:
    """新建会议… from the tab: the editor as it is shown (its exec replaced)."""
    shown: list[MeetingEditor] = []

    def exec_(editor: MeetingEditor) -> int:
        editor.show()
        QApplication.processEvents()
        shown.append(editor)
        return 0

    monkeypatch.setattr(MeetingEditor, "exec", exec_)
    view.new()
    assert len(shown) == 1
    return shown


def _speaker_boxes(editor: MeetingEditor) -> list[QComboBox]:
    return [b for b in editor.findChildren(QComboBox) if b.isVisible() and b.isEditable()
            and b.lineEdit().placeholderText() == "主讲人（党课）"]


def test_opened_on_the_tabs_organisation_with_no_stray_box(qtbot: Any, opened: Store,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    view = _list(qtbot, opened)
    view.org.setCurrentIndex(view.org.findData(_org_id(opened, BRANCH)))
    [editor] = _opened_from(view, monkeypatch)
    assert editor.org.currentData() == _org_id(opened, BRANCH) and editor.org.currentText() == BRANCH
    assert len(_speaker_boxes(editor)) == 1  # was two: one left over at the top left, over “党组织：”
    speaker = _speaker_boxes(editor)[0]
    assert speaker.geometry().top() > editor.org.geometry().bottom()  # in its row, below the organisation
    assert len(_attendance(editor)) == 28 and {r[1] for r in _attendance(editor)} == {"（未标记）"}


def test_opened_from_all_organisations_none_is_chosen(qtbot: Any, opened: Store,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    view = _list(qtbot, opened)
    assert view.org.currentData() is None  # 党组织：全部
    [editor] = _opened_from(view, monkeypatch)
    assert editor.org.currentIndex() == -1 and editor.org.placeholderText() == "请选择党组织"
    assert editor.kind.count() == 0 and _attendance(editor) == []
    _wait_summary(qtbot, editor, "请先选择党组织。")
    before = _counts(opened.paths)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    editor.accept()
    assert told == ["请先选择党组织。"] and editor.result() != QDialog.DialogCode.Accepted
    assert _counts(opened.paths) == before


def test_a_future_date_is_not_held(qtbot: Any, opened: Store) -> None:
    editor = _editor(qtbot, opened)
    assert editor.held.isChecked()  # today: held (the record of a meeting just held)
    _set_date(editor, dt.date.today() + dt.timedelta(days=7))
    assert not editor.held.isChecked()
    _set_date(editor, ON)
    assert editor.held.isChecked()
    editor.held.click()  # the clerk says it was not held: the date no longer decides
    _set_date(editor, ON - dt.timedelta(days=1))
    assert not editor.held.isChecked()


def test_a_held_meeting_with_anyone_unmarked_is_not_saved(qtbot: Any, opened: Store,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY, all_present=False)
    _mark(editor, monkeypatch, [0, 1], "请假", "出差")  # two marked, 26 not
    _wait_summary(qtbot, editor, "应到 28 人。还有 26 人没有标记出席情况", "全部出席")
    before = _counts(opened.paths)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    editor.accept()
    assert len(told) == 1 and told[0].startswith("还有 26 人没有标记出席情况") and "全部出席" in told[0]
    assert _counts(opened.paths) == before
    _button(editor, "全部出席").click()  # the two on leave stay on leave
    assert [r[1] for r in _attendance(editor)][:3] == ["请假", "请假", "出席"]
    _wait_summary(qtbot, editor, "应到 28 人，实到 26 人")


def test_a_planned_meeting_keeps_its_people_unmarked(qtbot: Any, opened: Store,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """计划召开: saved with everyone expected (the sign-in sheet lists them) and those known to be away; opened
    again, nobody is shown 出席 before the meeting."""
    editor = _editor(qtbot, opened)
    day = dt.date.today() + dt.timedelta(days=10)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY, on=day, all_present=False)
    assert not editor.held.isChecked()
    _mark(editor, monkeypatch, [3], "请假", "出差")
    _wait_summary(qtbot, editor, "计划召开：应到 28 人，已知请假或缺席 1 人")
    editor.accept()
    assert editor.result() == QDialog.DialogCode.Accepted
    row = next(r for r in list_meetings(opened.sessions, year=day.year, org_id=_org_id(opened, BRANCH))
               if r.held_on == day)
    data = meeting_input(opened.sessions, row.id)
    assert len(data.attendance) == 28 and not data.held
    again = _editor(qtbot, opened, data, row.id)
    shown = _attendance(again)
    assert [r[1] for r in shown].count("（未标记）") == 27 and shown[3][1:3] == ("请假", "出差")
    signin = meeting_html(opened.sessions, row.id, "signin")
    assert all(name in signin for name, *_ in shown)  # the sheet lists everyone expected


def _valid(qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch) -> MeetingEditor:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY)
    _mark(editor, monkeypatch, _voters(editor)[-1:], "请假", "出差")
    editor.place.setText("厅机关四楼小会议室")
    return editor


def test_print_preview_from_the_editor_saves_then_previews(qtbot: Any, opened: Store, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _valid(qtbot, opened, monkeypatch)
    before = _counts(opened.paths)["meetings"]
    pages: list[Path] = []

    def exec_(dialog: QPrintPreviewDialog) -> int:
        out = tmp_path / f"预览{len(pages)}.pdf"
        dialog.paintRequested.emit(a4_printer(out))  # what the preview does for its pages
        pages.append(out)
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", exec_)
    menu = _button(editor, "打印预览").menu()
    assert menu is not None and [a.text() for a in menu.actions()] == ["打印预览会议记录…", "打印预览签到表…"]
    menu.actions()[0].trigger()
    assert editor.saved and _counts(opened.paths)["meetings"] == before + 1
    assert len(pages) == 1 and pages[0].read_bytes().startswith(b"%PDF")
    meeting_id = editor.services.meeting_id
    menu.actions()[1].trigger()  # the sign-in sheet: the same meeting, saved again, not a second one
    assert _counts(opened.paths)["meetings"] == before + 1 and editor.services.meeting_id == meeting_id
    assert len(pages) == 2
    saved = meeting_input(opened.sessions, meeting_id)
    assert saved.place == "厅机关四楼小会议室"
    assert sorted(a.status.label for a in saved.attendance if a.status is not AttendanceStatus.PRESENT) == ["请假"]


def test_print_from_the_editor_goes_to_the_chosen_printer(qtbot: Any, opened: Store, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _valid(qtbot, opened, monkeypatch)
    out = tmp_path / "打印.pdf"
    asked: list[QPrintDialog] = []

    def exec_(dialog: QPrintDialog) -> int:
        asked.append(dialog)
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # the clerk's printer, here a file
        dialog.printer().setOutputFileName(str(out))
        return int(QDialog.DialogCode.Accepted)

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    menu = _button(editor, "打印").menu()
    assert menu is not None and [a.text() for a in menu.actions()] == ["打印会议记录…", "打印签到表…"]
    menu.actions()[0].trigger()
    assert len(asked) == 1 and asked[0].windowTitle() == "打印"
    page = asked[0].printer().pageLayout().fullRectPoints()
    assert (page.width(), page.height()) == (595, 842)  # A4
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_size > 1000


def test_a_refused_save_prints_nothing(qtbot: Any, opened: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    editor = _editor(qtbot, opened)
    _choose(editor, opened, BRANCH, MeetingKind.GENERAL_ASSEMBLY, all_present=False)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    monkeypatch.setattr(QPrintPreviewDialog, "exec", lambda _d: pytest.fail("nothing to print"))
    editor.print_paper("minutes", preview=True)
    assert len(told) == 1 and "没有标记出席情况" in told[0] and not editor.saved
