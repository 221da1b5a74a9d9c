"""The 党员 tab as the clerk uses it, on the demo data (rules.md §7; R-ID-1, R-ID-2, R-DEV-12, R-XFER-1).

Filters, search, the column chooser, 姓氏笔画 order, the member form (新增/编辑), 变动 and the
回收站. Every refusal shows a Chinese message and leaves the database as it was (all member rows
and the number of 操作日志 entries compared before and after).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from djdesk.domain.enums import MemberCategory, MemberEventKind, PartyStanding, RosterStatus
from djdesk.domain.idcard import age_on, make_id
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.member_status import TransferOut, transfer_out
from djdesk.services.members import MemberRow, list_members
from djdesk.ui import member_actions
from djdesk.ui.main_window import MainWindow
from djdesk.ui.member_dialogs import RecycleBinDialog, StatusDialog
from djdesk.ui.member_form import MemberDialog
from djdesk.ui.member_table_model import COLUMNS, MemberTableModel
from djdesk.ui.members_tab import MembersTab
from tests.ui.helpers import choose_file, member_snapshot, saved_messages
from tests.ui.windows import open_window

ON = demo.reference_date(2025)
HAN = re.compile(r"[\u4e00-\u9fff]")
NEW_ID = make_id("320102", dt.date(1990, 1, 1), 111)  # a man (odd sequence, R-ID-2), not in the demo


def _open(qtbot: Any, paths: DataPaths) -> MainWindow:
    return open_window(qtbot, paths, clock=lambda: ON, tab="members_tab")


def _refreshed(qtbot: Any, window: MainWindow, action: Callable[[], object]) -> None:
    """Run a tab action that changes data and wait for the roster and the details to reload."""
    with qtbot.waitSignals([window.data_loaded, window.details_loaded], timeout=20000):
        action()


def _shown(tab: MembersTab) -> list[MemberRow]:
    return tab.model.shown()


def _row_of(tab: MembersTab, member_id: int) -> int:
    return next(r for r in range(tab.model.rowCount()) if tab.model.member_at(r).id == member_id)


def _choose(box: Any, text: str) -> None:
    index = next(i for i in range(box.count()) if box.itemText(i).strip("　") == text)
    box.setCurrentIndex(index)


def _column(tab: MembersTab, key: str) -> int:
    return next(i for i, c in enumerate(tab.model.columns) if c.key == key)


def _tick_column(tab: MembersTab, header: str, checked: bool = True) -> None:
    menu = tab.columns_button.menu()
    assert menu is not None
    action = next(a for a in menu.actions() if a.text() == header)
    action.setChecked(checked)


# --- filters and search ---------------------------------------------------------------------

@pytest.mark.parametrize("org", ["综合管理总支", "办公室支部", "离退休支部"])
def test_branch_filter_shows_its_members_and_those_below(qtbot: Any, demo_paths: DataPaths, org: str) -> None:
    """A 党总支 shows its branches' members; a 党支部 includes its 党小组 members."""
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    total = tab.model.total_count()
    _choose(tab.branch, org)
    expected = list_members(demo_paths.database, branch=org)
    assert 0 < len(expected) < total
    assert sorted(m.id for m in _shown(tab)) == sorted(m.id for m in expected)
    assert tab.count_label.text() == f"显示 {len(expected)} 名（在册共 {total} 名）"
    tab.branch.setCurrentIndex(0)  # 组织：全部
    assert tab.model.rowCount() == total and tab.count_label.text() == f"共 {total} 名党员"


def test_category_filter_shows_exactly_the_probationary_members(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    probationary = {m.id for m in list_members(demo_paths.database) if m.category is MemberCategory.PROBATIONARY}
    assert probationary
    _choose(tab.category, "预备党员")
    assert {m.id for m in _shown(tab)} == probationary
    assert {tab.model.index(r, _column(tab, "category")).data() for r in range(tab.model.rowCount())} == {"预备党员"}
    assert f"显示 {len(probationary)} 名" in tab.count_label.text()


def test_r_xfer_1_history_shows_a_transferred_member_in_grey(qtbot: Any, demo_paths: DataPaths) -> None:
    """组织关系转出 takes the member off the roster; 显示历史党员 shows them greyed, unticking hides them."""
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    member = tab.model.member_at(3)
    total = tab.model.total_count()
    assert window.store is not None
    _refreshed(qtbot, window, lambda: (transfer_out(window.store.sessions, member.id, TransferOut(
        on=ON, letter_number="示交党转〔2025〕8号", to_org="中共示例市委组织部", dues_paid_to="2025-09",
        validity_days=30), today=ON), window.refresh()))
    assert member.id not in {m.id for m in _shown(tab)}
    assert tab.model.total_count() == total - 1 and tab.count_label.text() == f"共 {total - 1} 名党员"
    tab.history.setChecked(True)
    row = _row_of(tab, member.id)
    moved = tab.model.member_at(row)
    assert moved.roster_status is RosterStatus.TRANSFERRED_OUT and moved.left_on == ON
    brush = tab.model.index(row, 0).data(Qt.ItemDataRole.ForegroundRole)
    assert brush is not None and brush.color().name() == "#888888"
    active = _row_of(tab, tab.model.member_at(0 if row else 1).id)
    assert tab.model.index(active, 0).data(Qt.ItemDataRole.ForegroundRole) is None  # members on the roster: normal
    _tick_column(tab, "在册状态")
    assert tab.model.index(row, _column(tab, "roster_status")).data() == RosterStatus.TRANSFERRED_OUT.label
    tab.history.setChecked(False)
    assert member.id not in {m.id for m in _shown(tab)}
    assert tab.model.rowCount() == total - 1


def test_search_by_pinyin_initials_with_a_branch_filter(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    _choose(tab.branch, "财务审计处支部")
    in_branch = {m.id for m in _shown(tab)}
    target = _shown(tab)[0]
    elsewhere = [m for m in tab.model.all_rows() if target.initials in m.initials and m.id not in in_branch]
    qtbot.keyClicks(tab.search, target.initials.upper())  # ZS as well as zs
    shown = _shown(tab)
    assert target in shown
    assert all(m.id in in_branch and target.initials in m.initials + m.pinyin + m.name for m in shown)
    if elsewhere:  # the same initials in another branch are not shown
        assert not {m.id for m in elsewhere} & {m.id for m in shown}
    assert tab.count_label.text().startswith(f"显示 {len(shown)} 名")
    tab.branch.setCurrentIndex(0)
    widened = {m.id for m in _shown(tab)}
    assert {m.id for m in shown} <= widened and {m.id for m in elsewhere} <= widened
    tab.search.clear()
    assert tab.model.rowCount() == tab.model.total_count()


# --- columns and order ----------------------------------------------------------------------

def test_column_chooser_adds_id_column_and_remembers_it(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    assert "id_number" not in [c.key for c in tab.model.columns]
    _tick_column(tab, "公民身份号码")
    col = _column(tab, "id_number")
    assert tab.model.headerData(col, Qt.Orientation.Horizontal) == "公民身份号码"
    first = tab.model.member_at(0)
    assert tab.model.index(0, col).data() == first.id_number and len(first.id_number or "") == 18
    window.close()
    saved = QSettings(str(demo_paths.root / "window.ini"), QSettings.Format.IniFormat).value("members/columns")
    assert "id_number" in saved
    again = MainWindow(demo_paths, offer_demo=False, clock=lambda: ON)
    qtbot.addWidget(again)
    keys = [c.key for c in again.members_tab.model.columns]
    assert "id_number" in keys and "name" in keys
    menu = again.members_tab.columns_button.menu()
    assert menu is not None
    assert next(a for a in menu.actions() if a.text() == "公民身份号码").isChecked()
    # 恢复默认列 puts the default columns back and remembers that too.
    next(a for a in menu.actions() if a.text() == "恢复默认列").trigger()
    assert "id_number" not in [c.key for c in again.members_tab.model.columns]
    assert "id_number" not in again.ui_settings.value("members/columns")


def test_stroke_order_puts_ding_wang_zhang_zhao_in_order(qtbot: Any, demo_paths: DataPaths) -> None:
    """姓氏笔画: 丁 (2) before 王 (4) before 张 (7) before 赵 (9); each surname kept together."""
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    _choose(tab.order, "按姓氏笔画")
    surnames = [tab.model.member_at(r).name[0] for r in range(tab.model.rowCount())]
    positions = {s: [i for i, x in enumerate(surnames) if x == s] for s in "丁王张赵"}
    assert all(positions.values()), positions
    for earlier, later in zip("丁王张", "王张赵", strict=True):
        assert max(positions[earlier]) < min(positions[later]), (earlier, later)
    for found in positions.values():
        assert found == list(range(found[0], found[0] + len(found)))  # one surname stays together
    _choose(tab.order, "按姓名拼音")
    pinyins = [tab.model.member_at(r).pinyin for r in range(tab.model.rowCount())]
    assert pinyins == sorted(pinyins)
    _choose(tab.order, "按支部排列")
    rank = {row.id: i for i, row in enumerate(window.orgs_tab.rows)}
    ranks = [rank[tab.model.member_at(r).branch_id] for r in range(tab.model.rowCount())]
    assert ranks == sorted(ranks)


def test_chosen_order_survives_a_refresh(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    _choose(tab.order, "按姓氏笔画")
    ordered = [tab.model.member_at(r).id for r in range(tab.model.rowCount())]
    _refreshed(qtbot, window, window.refresh)  # what every change in the tab does
    assert tab.order.currentText() == "按姓氏笔画"
    assert [tab.model.member_at(r).id for r in range(tab.model.rowCount())] == ordered


def test_model_passes_qtmodeltester_with_real_rows(qtmodeltester: Any, demo_paths: DataPaths) -> None:
    rows = list_members(demo_paths.database, history=True)
    model = MemberTableModel()
    model.set_members(rows)
    qtmodeltester.check(model)
    model.set_columns([c.key for c in COLUMNS])
    assert model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model)
    model.set_query("zh")
    model.sort(_index_of(model, "party_age"), Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    ages = [model.index(r, _index_of(model, "party_age")).data() for r in range(model.rowCount())]
    assert [int(a or -1) for a in ages] == sorted((int(a or -1) for a in ages), reverse=True)


def _index_of(model: MemberTableModel, key: str) -> int:
    return next(i for i, c in enumerate(model.columns) if c.key == key)


def test_r_dev_12_party_age_column_counts_from_confirmation(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    _tick_column(tab, "党龄")
    col = _column(tab, "party_age")
    today = dt.date.today()
    for r in range(tab.model.rowCount()):
        m = tab.model.member_at(r)
        expected = str(age_on(m.confirmed_on, today)) if m.confirmed_on else ""  # 预备党员: no 党龄
        assert tab.model.index(r, col).data() == expected, m.name


# --- the member form ------------------------------------------------------------------------

def test_edit_button_opens_the_selected_member(qtbot: Any, demo_paths: DataPaths,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """«编辑…» opens the form of the selected member (its clicked(bool) once passed False as the member id, and the
    form said «找不到该党员»)."""
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    opened: list[MemberDialog] = []
    problems: list[str] = []
    monkeypatch.setattr(MemberDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    monkeypatch.setattr("djdesk.ui.widgets.QMessageBox.warning", lambda *a, **k: problems.append(str(a[2])) or 0)
    member = _shown(tab)[3]
    tab.table.selectRow(_row_of(tab, member.id))
    qtbot.mouseClick(tab.action_buttons["编辑…"], Qt.MouseButton.LeftButton)
    assert problems == [] and len(opened) == 1
    assert opened[0].fields["name"].text() == member.name  # type: ignore[union-attr]


def test_double_click_opens_the_member_form(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    opened: list[MemberDialog] = []

    def capture(dialog: MemberDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(MemberDialog, "exec", capture)
    member = next(m for m in _shown(tab) if m.confirmed_on and m.group_id)
    row = _row_of(tab, member.id)
    tab.table.scrollTo(tab.model.index(row, 0))
    rect = tab.table.visualRect(tab.model.index(row, 0))
    # A double-click is a press and release followed by a double-click event, as a real mouse sends.
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(opened) == 1
    dialog = opened[0]
    assert dialog.windowTitle() == "编辑党员信息"
    assert dialog.fields["name"].text() == member.name  # type: ignore[union-attr]
    assert dialog.fields["id_number"].text() == member.id_number  # type: ignore[union-attr]
    assert dialog.org.currentData() == member.branch_id and dialog.group.currentData() == member.group_id
    assert dialog.fields["category"].currentText() == member.category.label  # type: ignore[union-attr]
    # R-DEV-12 and R-ID-2: what the form works out as you look at it.
    assert member.confirmed_on is not None
    assert f"党龄 {age_on(member.confirmed_on, dt.date.today())} 年（自转正之日起计算）" in dialog.derived.text()
    assert "据身份证号" in dialog.derived.text()


def _fill(dialog: MemberDialog, org_id: int, **cells: str) -> None:
    values = {"name": "新党员甲", "id_number": NEW_ID, "joined_on": "2015.7.1", "confirmed_on": "2016年7月1日",
              "category": "正式党员", "job_post": "科员", **cells}
    for key, value in values.items():
        widget = dialog.fields[key]
        if hasattr(widget, "setText"):
            widget.setText(value)
        else:
            widget.setCurrentIndex(widget.findText(value))
    dialog.org.setCurrentIndex(dialog.org.findData(org_id))


def test_new_member_through_the_form_appears_in_the_roster(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    branch = next(r for r in window.orgs_tab.rows if r.short_name == "办公室支部")
    group = next(r for r in window.orgs_tab.rows if r.short_name == "办公室第一党小组")
    total = tab.model.total_count()

    def fill(dialog: MemberDialog) -> int:
        assert dialog.windowTitle() == "新增党员"
        _fill(dialog, branch.id)
        dialog.group.setCurrentIndex(dialog.group.findData(group.id))
        assert "据身份证号：男，1990年1月1日出生" in dialog.derived.text()  # R-ID-2, shown as typed
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(MemberDialog, "exec", fill)
    _refreshed(qtbot, window, window.member_form_actions.add)
    assert tab.model.total_count() == total + 1
    added = next(m for m in tab.model.all_rows() if m.name == "新党员甲")
    assert (added.id_number, added.branch_id, added.group_id) == (NEW_ID, branch.id, group.id)
    assert (added.joined_on, added.confirmed_on) == (dt.date(2015, 7, 1), dt.date(2016, 7, 1))
    assert added.gender is not None and added.gender.label == "男"  # derived from the ID (R-ID-2)
    assert added.birth_date == dt.date(1990, 1, 1) and added.initials == "xdyj"
    tab.search.setText("xdyj")
    assert [m.id for m in _shown(tab)] == [added.id]


def test_r_id_1_invalid_id_keeps_the_form_open_and_saves_nothing(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    branch = next(r for r in window.orgs_tab.rows if r.short_name == "办公室支部")
    before = member_snapshot(demo_paths)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))
    kept: list[str] = []

    def fill(dialog: MemberDialog) -> int:
        _fill(dialog, branch.id, id_number=NEW_ID[:17] + ("1" if NEW_ID[17] != "1" else "2"))
        assert "校验位" in dialog.derived.text()  # already red in the form
        dialog.accept()
        assert dialog.result() == 0  # not accepted: the dialog stays open with what was typed
        kept.append(dialog.fields["name"].text())  # type: ignore[union-attr]
        return 0

    monkeypatch.setattr(MemberDialog, "exec", fill)
    window.member_form_actions.add()
    assert kept == ["新党员甲"]
    assert len(warnings) == 1 and "公民身份号码" in warnings[0] and "校验位" in warnings[0]
    assert member_snapshot(demo_paths) == before


def test_r_id_2_sex_mismatch_asks_first_and_saves_only_when_confirmed(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    branch = next(r for r in window.orgs_tab.rows if r.short_name == "办公室支部")
    before = member_snapshot(demo_paths)
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]

    def question(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answers[len(asked) - 1]

    monkeypatch.setattr(QMessageBox, "question", question)

    def fill(dialog: MemberDialog) -> int:
        _fill(dialog, branch.id, gender="女")  # the ID says 男
        assert "性别与身份证号不一致" in dialog.derived.text()
        dialog.accept()  # 否: back to the form, nothing saved
        assert dialog.result() == 0 and member_snapshot(demo_paths) == before
        dialog.accept()  # 是: saved as typed
        return int(dialog.result())

    monkeypatch.setattr(MemberDialog, "exec", fill)
    _refreshed(qtbot, window, window.member_form_actions.add)
    assert len(asked) == 2 and "性别" in asked[0] and "仍然保存吗" in asked[0]
    added = next(m for m in window.members_tab.model.all_rows() if m.name == "新党员甲")
    assert added.gender is not None and added.gender.label == "女"


def test_edit_without_selection_asks_to_choose_a_member(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    before = member_snapshot(demo_paths)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a: told.append(text))
    window.member_form_actions.edit()
    window.member_actions.delete()
    assert told == ["请先在名册中选中一名党员。"] * 2
    assert member_snapshot(demo_paths) == before


# --- 变动 and the 回收站 ----------------------------------------------------------------------

def test_suspend_membership_shows_in_the_standing_column(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    member = next(m for m in _shown(tab) if m.standing is PartyStanding.NORMAL and m.joined_on)
    tab.table.selectRow(_row_of(tab, member.id))

    def fill(dialog: StatusDialog) -> int:
        assert dialog.windowTitle() == f"停止党籍：{member.name}"
        dialog.detail.setText("示纪〔2025〕3号")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(StatusDialog, "exec", fill)
    _refreshed(qtbot, window, lambda: window.member_actions.change_status(MemberEventKind.SUSPEND))
    _tick_column(tab, "党籍状态")
    assert tab.model.index(_row_of(tab, member.id), _column(tab, "standing")).data() == "停止党籍"
    _choose(tab.standing, "停止党籍")
    assert [m.id for m in _shown(tab)] == [member.id]

    # Suspending again is refused with a Chinese message; nothing changes.
    tab.standing.setCurrentIndex(0)
    tab.table.selectRow(_row_of(tab, member.id))
    before = member_snapshot(demo_paths)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    def again(dialog: StatusDialog) -> int:
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(StatusDialog, "exec", again)
    window.member_actions.change_status(MemberEventKind.SUSPEND)
    assert len(warnings) == 1 and "已是停止党籍状态" in warnings[0]
    assert member_snapshot(demo_paths) == before


def test_delete_then_restore_from_the_recycle_bin(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    member = tab.model.member_at(5)
    total = tab.model.total_count()
    # 取消 in the confirmation: nothing happens.
    before = member_snapshot(demo_paths)
    asked: list[str] = []
    monkeypatch.setattr(member_actions, "confirm", lambda _p, _t, text: asked.append(text) or False)
    tab.table.selectRow(_row_of(tab, member.id))
    window.member_actions.delete()
    assert len(asked) == 1 and member.name in asked[0] and "回收站" in asked[0]
    assert member_snapshot(demo_paths) == before
    # 确定: moved to the 回收站, off the roster.
    monkeypatch.setattr(member_actions, "confirm", lambda *_a: True)
    _refreshed(qtbot, window, window.member_actions.delete)
    assert member.id not in {m.id for m in tab.model.all_rows()}
    assert tab.model.total_count() == total - 1

    seen: list[list[str]] = []

    def restore(dialog: RecycleBinDialog) -> int:
        names = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
        seen.append(names)
        dialog.view.selectRow(names.index(member.name))
        button = next(b for b in dialog.findChildren(QPushButton) if b.text() == "恢复所选")
        button.click()
        assert member.name not in [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
        return 0

    monkeypatch.setattr(RecycleBinDialog, "exec", restore)
    _refreshed(qtbot, window, window.member_actions.recycle_bin)
    assert seen and member.name in seen[0]
    assert member.id in {m.id for m in tab.model.all_rows()} and tab.model.total_count() == total
    conn = sqlite3.connect(demo_paths.database)
    try:
        summaries = [r[0] for r in conn.execute("SELECT summary FROM audit_log ORDER BY id DESC LIMIT 2")]
    finally:
        conn.close()
    assert summaries == [f"从回收站恢复党员：{member.name}", f"移入回收站党员：{member.name}"]
    assert all(HAN.search(s) for s in asked)


def test_export_asks_the_printed_columns_before_the_save_dialog(qtbot: Any, demo_paths: DataPaths,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Any) -> None:
    """导出花名册: the column dialog (ticked as remembered) comes before the save dialog; the choice is
    remembered and the printed sheet has exactly those columns."""
    import openpyxl
    from PySide6.QtWidgets import QDialog, QInputDialog

    from djdesk.domain.config import ROSTER_PRINT_DEFAULT
    from djdesk.services.settings import load_settings
    from djdesk.ui.roster_columns_dialog import RosterColumnsDialog

    window = _open(qtbot, demo_paths)
    asked: list[str] = []
    target = tmp_path / "花名册.xlsx"

    offered = choose_file(monkeypatch, target)

    def choose(dialog: RosterColumnsDialog) -> int:
        asked.append("columns")
        assert offered == []  # before the save dialog
        assert [n for n, b in dialog.boxes.items() if b.isChecked()] == list(ROSTER_PRINT_DEFAULT)
        assert not dialog.boxes["姓名"].isEnabled()
        dialog.boxes["备注"].setChecked(False)
        dialog.boxes["公民身份号码"].setChecked(True)
        return int(QDialog.DialogCode.Accepted)

    told = saved_messages(monkeypatch)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *_a, **_k: ("全部党员（一个工作表）", True))
    monkeypatch.setattr(RosterColumnsDialog, "exec", choose)
    window.member_file_actions.export_roster()
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert asked == ["columns"] and len(offered) == 1
    expected = ["序号", "姓名", "性别", "民族", "出生年月", "公民身份号码", "学历", "所在党支部", "入党时间",
                "转正时间", "人员类别", "工作岗位/职务", "联系电话"]
    assert load_settings(window.store.sessions).print_columns == expected
    sheet = openpyxl.load_workbook(target).worksheets[0]
    assert [c.value for c in sheet[3]] == expected
