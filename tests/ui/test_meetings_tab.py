"""The 会议 tab as the clerk uses it, on the demo data (rules.md §2, R-MEET-1 … R-MEET-11).

The 会议记录 list (year, organisation with the organisations below it, kind), 删除 to the 回收站 and 恢复,
复制为新会议 (a planned meeting), and the item models behind the tables (pytest-qt's model tester).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.enums import MeetingKind, OrgKind
from djdesk.paths import DataPaths
from djdesk.services.meetings import MeetingRow, list_meetings
from djdesk.services.orgs import list_orgs, subtree_ids
from djdesk.ui.edit_model import EditRowsModel
from djdesk.ui.main_window import MainWindow
from djdesk.ui.meeting_list_view import MeetingListView
from djdesk.ui.org_dialogs import DateDialog
from tests.ui.helpers import answer
from tests.ui.windows import open_window

TODAY = dt.date(2026, 11, 26)  # the demo (year 2025) was built on this day
HEADERS = ["日期", "党组织", "类型", "标题", "应到", "实到", "状态"]


def _open(qtbot: Any, paths: DataPaths) -> MainWindow:
    window = open_window(qtbot, paths, clock=lambda: TODAY, tab="meetings_tab")
    view = _list(window)
    qtbot.waitUntil(lambda: view.count.text() != "", timeout=10000)  # the first (2026) list is in
    return window


def _list(window: MainWindow) -> MeetingListView:
    view = window.meetings_tab.list_view
    assert view is not None
    return view


def _reloaded(qtbot: Any, view: MeetingListView, action: Callable[[], object]) -> None:
    """Change a filter (or run an action) and wait for the list to be read again in the background."""
    with qtbot.waitSignal(view.model.modelReset, timeout=10000):
        action()


def _changed(qtbot: Any, window: MainWindow, action: Callable[[], object]) -> None:
    """An action that changes data: the list, the roster and the reminders are all read again."""
    view = _list(window)
    with qtbot.waitSignals([view.model.modelReset, window.data_loaded, window.details_loaded], timeout=20000):
        action()


def _year(qtbot: Any, view: MeetingListView, year: int) -> None:
    _reloaded(qtbot, view, lambda: view.year.setValue(year))


def _choose(qtbot: Any, view: MeetingListView, box: Any, text: str) -> None:
    index = next(i for i in range(box.count()) if box.itemText(i).strip("　") == text)
    _reloaded(qtbot, view, lambda: box.setCurrentIndex(index))


def _shown(view: MeetingListView) -> list[list[str]]:
    model = view.model
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _ids(view: MeetingListView) -> list[int]:
    return [view.model.payload(r) for r in range(view.model.rowCount())]


def _expected(paths: DataPaths, **filters: Any) -> list[MeetingRow]:
    from djdesk.services.database import open_store

    store = open_store(paths)
    try:
        return list_meetings(store.sessions, **filters)
    finally:
        store.close()


def _org_id(paths: DataPaths, short: str) -> int:
    return next(r.id for r in list_orgs(paths.database) if r.short_name == short)


def _meeting(paths: DataPaths, meeting_id: int) -> tuple[Any, ...]:
    conn = sqlite3.connect(paths.database)
    try:
        row: tuple[Any, ...] = conn.execute("SELECT held, deleted_at, held_on, title, organization_id, kind "
                                            "FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
        return row
    finally:
        conn.close()


def _count(paths: DataPaths, table: str, where: str = "1", *args: Any) -> int:
    conn = sqlite3.connect(paths.database)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}", args).fetchone()[0])
    finally:
        conn.close()


# --- the list and its filters ----------------------------------------------------------------------

def test_list_shows_the_year_newest_first(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    assert view.year.value() == 2026 and view.model.rowCount() == 0 and view.count.text() == "共 0 次会议"
    _year(qtbot, view, 2025)
    expected = _expected(demo_paths, year=2025)
    assert len(expected) == 396
    assert _ids(view) == [r.id for r in expected]
    rows = _shown(view)
    dates = [r[0] for r in rows]
    assert dates == sorted(dates, reverse=True) and dates[0].startswith("2025-12") and dates[-1].startswith("2025-01")
    assert {r[0][:4] for r in rows} == {"2025"}
    first = expected[0]
    assert rows[0] == [first.held_on.isoformat(), first.organisation, first.kind.label, first.title,
                       str(first.expected), str(first.present), "已召开"]
    assert view.count.text() == "共 396 次会议"
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == HEADERS


@pytest.mark.parametrize("org", ["办公室支部", "综合管理总支"])
def test_org_filter_includes_the_organisations_below(qtbot: Any, demo_paths: DataPaths, org: str) -> None:
    """A branch lists its 党小组会 too; a 党总支 lists its branches' meetings."""
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    _choose(qtbot, view, view.org, org)
    orgs = list_orgs(demo_paths.database)
    below = {r.display_name for r in orgs if r.id in subtree_ids(orgs, _org_id(demo_paths, org))}
    shown = _shown(view)
    assert {r[1] for r in shown} == below and len(below) > 1
    assert _ids(view) == [r.id for r in _expected(demo_paths, year=2025, org_id=_org_id(demo_paths, org))]
    assert view.count.text() == f"共 {len(shown)} 次会议"
    _reloaded(qtbot, view, lambda: view.org.setCurrentIndex(0))  # 党组织：全部
    assert view.model.rowCount() == 396


def test_kind_filter_with_the_org_filter(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    _choose(qtbot, view, view.kind, MeetingKind.GENERAL_ASSEMBLY.label)
    branches = [r for r in list_orgs(demo_paths.database) if r.kind is OrgKind.BRANCH]
    assert {r[2] for r in _shown(view)} == {"支部党员大会"}
    assert view.model.rowCount() == 4 * len(branches)  # R-MEET-1: once a quarter in every branch
    _choose(qtbot, view, view.kind, MeetingKind.GROUP_MEETING.label)
    _choose(qtbot, view, view.org, "办公室支部")
    shown = _shown(view)
    assert {r[1] for r in shown} == {"办公室第一党小组", "办公室第二党小组"} and {r[2] for r in shown} == {"党小组会"}
    assert len(shown) == 24  # R-MEET-3: monthly in each of its two 党小组
    _choose(qtbot, view, view.kind, MeetingKind.COMMITTEE_MEETING.label)
    assert [r[1] for r in _shown(view)] == ["办公室支部"] * 12  # R-MEET-2: monthly


# --- 删除 / 回收站 / 恢复 ----------------------------------------------------------------------------

def test_delete_moves_to_the_recycle_bin_and_restore_brings_it_back(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    target = _ids(view)[3]
    title = _shown(view)[3][3]
    view.view.selectRow(3)
    assert view.selected_id() == target
    # 取消: nothing happens.
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    view.delete()
    assert asked and "回收站" in asked[0] and _meeting(demo_paths, target)[1] is None
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _changed(qtbot, window, view.delete)
    assert target not in _ids(view) and view.count.text() == "共 395 次会议"
    assert _meeting(demo_paths, target)[1] is not None
    assert _count(demo_paths, "meeting_attendance", "meeting_id = ?", target) > 0  # kept, to restore
    # 显示回收站: only what is in the bin.
    _reloaded(qtbot, view, lambda: view.deleted.setChecked(True))
    assert _ids(view) == [target]
    assert _shown(view)[0][3] == title and _shown(view)[0][6] == "回收站"
    view.view.selectRow(0)
    _changed(qtbot, window, view.restore)
    assert _ids(view) == [] and _meeting(demo_paths, target)[1] is None
    _reloaded(qtbot, view, lambda: view.deleted.setChecked(False))
    assert target in _ids(view) and view.count.text() == "共 396 次会议"
    assert _shown(view)[_ids(view).index(target)][6] == "已召开"


def test_actions_without_a_selection_ask_for_one(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: told.append(text))
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    for action in (view.delete, view.restore, view.copy, view.edit):
        action()
    assert told == ["请先在列表中选中一次会议。"] * 4 and not asked


def test_restoring_a_live_meeting_is_refused(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    view.view.selectRow(0)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    view.restore()
    assert warnings == ["回收站中没有这条会议记录，请刷新后再试。"]


def test_a_late_answer_for_an_earlier_filter_does_not_replace_the_list(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    from djdesk.ui import meeting_list_view

    window = _open(qtbot, demo_paths)
    view = _list(window)
    held: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    monkeypatch.setattr(meeting_list_view, "run_in_background",
                        lambda work, done, _failed, owner=None: held.append((work, done)))
    view.year.setValue(2025)  # the clerk steps through the years …
    view.year.setValue(2024)  # … and on, before the 2025 list has arrived
    assert len(held) == 2
    (work_2025, show_2025), (work_2024, show_2024) = held
    show_2024(work_2024())  # the quick (empty) 2024 answer arrives first,
    show_2025(work_2025())  # the longer 2025 one last
    assert view.year.value() == 2024
    assert view.model.rowCount() == 0 and view.count.text() == "共 0 次会议"


# --- 复制为新会议 -------------------------------------------------------------------------------------

def test_copy_creates_a_planned_meeting(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    """The copy keeps the organisation, kind, place and 议题; it is 计划 (planned), attendance from the roster."""
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    _choose(qtbot, view, view.org, "财务审计处支部")
    _choose(qtbot, view, view.kind, MeetingKind.GENERAL_ASSEMBLY.label)
    source = _ids(view)[0]  # the latest 党员大会 of 2025
    view.view.selectRow(0)
    before = _count(demo_paths, "meetings")
    new_day = dt.date(2026, 12, 15)

    def fill(dialog: DateDialog) -> int:
        dialog.field.setText(new_day.isoformat())
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DateDialog, "exec", fill)
    _changed(qtbot, window, view.copy)
    assert _count(demo_paths, "meetings") == before + 1
    _year(qtbot, view, 2026)
    rows = _shown(view)
    assert len(rows) == 1
    assert rows[0][:3] == [new_day.isoformat(), "财务审计处支部", "支部党员大会"] and rows[0][6] == "计划"
    assert rows[0][3] == "2026年第1次支部党员大会" and rows[0][4] == rows[0][5] == "28"
    brush = view.model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#0d47a1"  # planned meetings in blue
    new_id = _ids(view)[0]
    held, deleted, held_on, _title, org_id, kind = _meeting(demo_paths, new_id)
    assert (held, deleted, held_on, kind) == (0, None, new_day.isoformat(), "GENERAL_ASSEMBLY")
    assert org_id == _meeting(demo_paths, source)[4]
    titles = "SELECT title FROM agenda_items WHERE meeting_id = ? ORDER BY seq"
    conn = sqlite3.connect(demo_paths.database)
    try:
        assert [t for (t,) in conn.execute(titles, (new_id,))] == [t for (t,) in conn.execute(titles, (source,))]
        assert conn.execute("SELECT count(*) FROM motions WHERE meeting_id = ?", (new_id,)).fetchone()[0] == 0
    finally:
        conn.close()


# --- the other pages --------------------------------------------------------------------------------

def test_pages_are_read_when_opened(qtbot: Any, demo_paths: DataPaths) -> None:
    """组织生活开展情况, 谈心谈话 and 双重组织生活 are read in the background when the clerk opens them."""
    window = _open(qtbot, demo_paths)
    tab = window.meetings_tab
    tab.pages.setCurrentWidget(tab.compliance_view)
    qtbot.waitUntil(lambda: tab.compliance_view.grid is not None, timeout=10000)
    assert tab.compliance_view.grid is not None and tab.compliance_view.grid.year == 2026
    tab.pages.setCurrentWidget(tab.talks_view)
    qtbot.waitUntil(lambda: tab.talks_view.without_label.text() != "", timeout=10000)  # 2026 first
    with qtbot.waitSignal(tab.talks_view.talks.modelReset, timeout=10000):
        tab.talks_view.year.setValue(2025)
    assert tab.talks_view.talks.rowCount() > 0
    assert tab.talks_view.without_label.text().startswith("本年度尚未谈话的党员：")
    tab.pages.setCurrentWidget(tab.cadre_view)
    qtbot.waitUntil(lambda: tab.cadre_view.missing.text() != "", timeout=10000)
    with qtbot.waitSignal(tab.cadre_view.cadres.modelReset, timeout=10000):
        tab.cadre_view.year.setValue(2025)
    assert tab.cadre_view.cadres.rowCount() > 0  # R-MEET-12: the demo's 领导干部


# --- the item models ------------------------------------------------------------------------------

def test_rows_model_passes_the_model_tester(qtbot: Any, demo_paths: DataPaths, qtmodeltester: Any) -> None:
    window = _open(qtbot, demo_paths)
    view = _list(window)
    _year(qtbot, view, 2025)
    _choose(qtbot, view, view.org, "财务审计处支部")
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model)


def test_edit_rows_model_passes_the_model_tester(qtmodeltester: Any) -> None:
    model = EditRowsModel([("表决事项", str), ("赞成", int), ("反对", int), ("弃权", int)])
    model.set_rows([["关于甲的表决", 20, 1, 0], ["关于乙的表决", 18, 2, 1]])
    model.add_row()
    assert model.setData(model.index(2, 0), "关于丙的表决") and model.setData(model.index(2, 1), "17")
    assert not model.setData(model.index(2, 2), "几票")  # not a whole number: refused
    assert model.setData(model.index(2, 3), -3) and model.rows[2] == ["关于丙的表决", 17, 0, 0]
    qtmodeltester.check(model)
    model.remove_row(0)
    assert [r[0] for r in model.rows] == ["关于乙的表决", "关于丙的表决"]
    qtmodeltester.check(model)
