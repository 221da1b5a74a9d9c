"""The start-up password prompt, 设置, 操作日志, 回收站 and 数据安全 windows as the clerk uses them.

Message boxes, file dialogs and confirmations are patched; the login's 30-second wait is driven by
calling ``_tick()`` rather than waiting.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)
from sqlalchemy import insert, text

from djdesk.domain.dates import add_years
from djdesk.domain.enums import AuditAction, TalkKind
from djdesk.domain.password import make_record
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.backups import daily_backup, list_backups
from djdesk.services.database import Store, open_store
from djdesk.services.login import LoginGuard
from djdesk.services.meetings import create_meeting, delete_meeting
from djdesk.services.member_status import delete_member
from djdesk.services.recycle import list_bin
from djdesk.services.reminders import org_reminders
from djdesk.services.security import check_password, has_password, set_password
from djdesk.services.settings import load_settings, save_setting
from djdesk.services.talks import TalkInput, create_talk, delete_talk
from djdesk.store.models import AuditEntry, Meeting, Member, Organization, Talk
from djdesk.ui import admin_dialogs
from djdesk.ui.admin_dialogs import AuditDialog, RecycleDialog, SafetyDialog
from djdesk.ui.login_dialog import LoginDialog
from djdesk.ui.main_window import MainWindow
from djdesk.ui.settings_dialog import SettingsDialog
from tests.services.test_meetings_support import TODAY, Tree, assembly, build_tree
from tests.ui.helpers import choose_file, saved_messages

PASSWORD = "党建2026"
ON = demo.reference_date(2025)
TERM = "term.years.BRANCH"
Accepted = QDialog.DialogCode.Accepted
Rejected = QDialog.DialogCode.Rejected


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every message box text shown, by kind (information / warning / critical / question)."""
    shown: dict[str, list[str]] = {"information": [], "warning": [], "critical": [], "question": []}
    for kind in shown:
        def fake(*args: Any, _kind: str = kind, **_kw: Any) -> QMessageBox.StandardButton:
            shown[_kind].append(args[2])
            return QMessageBox.StandardButton.Ok
        monkeypatch.setattr(QMessageBox, kind, fake)
    return shown


def labels(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def button(widget: QWidget, caption: str) -> QPushButton:
    (found,) = [b for b in widget.findChildren(QPushButton) if b.text() == caption]
    return found


def table(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def settings_rows(store: Store) -> list[tuple[Any, ...]]:
    with store.sessions() as session:
        return [tuple(r) for r in session.execute(text("SELECT * FROM settings ORDER BY key"))]


# --- the start-up password prompt -----------------------------------------------------------------


class Clock:
    """Wall-clock seconds the test moves on by hand."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def login(qtbot: Any, clock: Clock) -> LoginDialog:
    dialog = LoginDialog(make_record(PASSWORD), guard=LoginGuard(clock=clock))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def press_ok(dialog: LoginDialog, typed: str) -> None:
    dialog.password.setText(typed)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).click()


def test_login_right_password_opens(qtbot: Any) -> None:
    login = LoginDialog(make_record("dangjian2026"))  # typed key by key (QTest types Latin letters only)
    qtbot.addWidget(login)
    login.show()
    assert login.windowTitle() == "党建工作台：请输入启动密码"
    assert login.message.text() == "本机的党建工作台设置了启动密码。"
    assert login.password.echoMode() is QLineEdit.EchoMode.Password  # the password is not shown
    qtbot.keyClicks(login.password, "dangjian2026")
    login.buttons.button(QDialogButtonBox.StandardButton.Ok).click()
    assert login.result() == Accepted and not login.isVisible()


def test_login_cancel(login: LoginDialog) -> None:
    login.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
    assert login.result() == Rejected and not login.isVisible()


def test_login_five_wrong_tries_then_a_30_second_wait(login: LoginDialog, clock: Clock) -> None:
    for left in (4, 3, 2, 1):
        press_ok(login, "党建2025")
        assert login.message.text() == f"密码不正确，还可以再试 {left} 次。"
        assert login.password.text() == "" and login.password.isEnabled()
        assert login.isVisible() and login.result() != Accepted
    press_ok(login, "")
    assert login.message.text() == "连续 5 次密码错误，请等待 30 秒后再试。"
    assert not login.password.isEnabled()
    assert login.timer.isActive() and login.timer.interval() == 1000
    login.timer.setInterval(3_600_000)  # the test drives the countdown itself

    press_ok(login, PASSWORD)  # even the right password is not taken during the wait
    assert login.isVisible() and login.result() != Accepted
    assert login.message.text() == "连续 5 次密码错误，请等待 30 秒后再试。"

    for left in range(29, 0, -1):
        clock.now += 1
        login._tick()
        assert login.message.text() == f"连续 5 次密码错误，请等待 {left} 秒后再试。"
        assert not login.password.isEnabled()
    clock.now += 1
    login._tick()
    assert login.message.text() == "请重新输入启动密码。"
    assert login.password.isEnabled() and not login.timer.isActive()

    press_ok(login, "错的")  # a fresh round of five tries
    assert login.message.text() == "密码不正确，还可以再试 4 次。"
    press_ok(login, PASSWORD)
    assert login.result() == Accepted and not login.isVisible()


# --- the main window asks for the password before showing any data --------------------------------


def protect(paths: DataPaths) -> None:
    store = open_store(paths)
    try:
        set_password(store.sessions, PASSWORD)
    finally:
        store.close()


def fake_exec(window: Callable[[], MainWindow], seen: list[tuple[str, int]],
              answer: str | None) -> Callable[[LoginDialog], int]:
    """The clerk types ``answer`` and presses 确定, or presses 取消 (``None``)."""
    def exec_(self: LoginDialog) -> int:
        seen.append((self.message.text(), window().members_tab.model.rowCount()))
        if answer is None:
            self.reject()
        else:
            press_ok(self, answer)
        return self.result()
    return exec_


def test_window_asks_for_the_password_before_showing_data(
        qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    protect(demo_paths)
    window = MainWindow(demo_paths, offer_demo=False, clock=lambda: ON)
    qtbot.addWidget(window)
    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(LoginDialog, "exec", fake_exec(lambda: window, seen, PASSWORD))
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready, window.details_loaded], timeout=20000):
        window.open_data()
    assert seen == [("本机的党建工作台设置了启动密码。", 0)]  # asked once, with nothing shown yet
    assert window.members_tab.model.rowCount() > 300
    assert window.isVisible()


def test_cancelling_the_password_closes_the_window(
        qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    protect(demo_paths)
    window = MainWindow(demo_paths, offer_demo=False)
    qtbot.addWidget(window)
    seen: list[tuple[str, int]] = []
    monkeypatch.setattr(LoginDialog, "exec", fake_exec(lambda: window, seen, None))
    window.show()
    window.open_data()
    qtbot.waitUntil(lambda: bool(seen) and not window.isVisible(), timeout=10000)
    qtbot.wait(300)  # the store would be opened in the background right after
    assert window.store is None
    assert window.members_tab.model.rowCount() == 0
    assert window.orgs_tab.tree.topLevelItemCount() == 0


def test_without_a_password_nothing_is_asked(
        qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, int]] = []
    window = MainWindow(demo_paths, offer_demo=False, clock=lambda: ON)
    qtbot.addWidget(window)
    monkeypatch.setattr(LoginDialog, "exec", fake_exec(lambda: window, seen, None))
    window.show()
    with qtbot.waitSignals([window.data_loaded, window.store_ready], timeout=20000):
        window.open_data()
    assert seen == []


# --- 设置 -----------------------------------------------------------------------------------------


@pytest.fixture
def demo_store(demo_paths: DataPaths) -> Iterator[Store]:
    store = open_store(demo_paths)
    yield store
    store.close()


def settings_dialog(qtbot: Any, store: Store) -> SettingsDialog:
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def reset_button(dialog: SettingsDialog, key: str) -> QPushButton:
    """The 恢复默认 button on the row of setting ``key``."""
    editor = dialog.editors[key]
    for row in dialog.findChildren(QHBoxLayout):
        if row.count() == 2 and row.itemAt(0).widget() is editor:
            found = row.itemAt(1).widget()
            assert isinstance(found, QPushButton) and found.text() == "恢复默认"
            return found
    raise AssertionError(f"no 恢复默认 next to {key}")


def term_reminders(store: Store) -> list[tuple[str, dt.date | None]]:
    return [(r.organisation, r.deadline) for r in org_reminders(store.sessions, ON) if r.rule == "R-ORG-7"]


def elected_on(store: Store, short: str) -> dt.date:
    with store.sessions() as session:
        org = session.query(Organization).filter_by(short_name=short).one()
        assert org.term_elected_on is not None
        return org.term_elected_on


def test_settings_branch_term_of_four_years(qtbot: Any, demo_store: Store) -> None:
    overdue_on = elected_on(demo_store, demo.OVERDUE_BRANCH)
    assert [name for name, _ in term_reminders(demo_store)] == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]
    dialog = settings_dialog(qtbot, demo_store)
    spin = dialog.editors[TERM]
    assert isinstance(spin, QSpinBox)
    assert (spin.value(), spin.suffix(), spin.maximum()) == (3, " 年", 10)
    assert "党支部任期：" in labels(dialog)
    spin.setValue(4)
    dialog.accept()
    assert dialog.result() == Accepted
    assert load_settings(demo_store.sessions).get(TERM) == 4
    # R-ORG-5: only terms elected from now on are 4 years; the running ones keep their 3 years, so the
    # 换届 reminders stay as they were.
    due_on = elected_on(demo_store, demo.DUE_SOON_BRANCH)
    assert term_reminders(demo_store) == [(demo.OVERDUE_BRANCH, add_years(overdue_on, 3)),
                                          (demo.DUE_SOON_BRANCH, add_years(due_on, 3))]


def test_settings_restore_default(qtbot: Any, demo_store: Store) -> None:
    demo_rows = settings_rows(demo_store)  # the demo's own 单位信息
    assert "unit.committee_name" in [row[0] for row in demo_rows]
    save_setting(demo_store.sessions, TERM, 4)
    dialog = settings_dialog(qtbot, demo_store)
    spin = dialog.editors[TERM]
    assert isinstance(spin, QSpinBox) and spin.value() == 4
    reset_button(dialog, TERM).click()
    assert spin.value() == 3
    name = dialog.editors["unit.committee_name"]
    assert isinstance(name, QLineEdit)
    assert name.text() == "中共示例省交通运输厅直属机关委员会"
    reset_button(dialog, "unit.committee_name").click()
    assert name.text() == ""  # the default is empty: never a «××» placeholder in a title
    assert name.placeholderText() == "如 中共××厅直属机关委员会"  # only a hint
    dialog.accept()
    assert dialog.result() == Accepted
    assert load_settings(demo_store.sessions).get(TERM) == 3
    # A default is not stored at all; the other settings are kept as they were.
    assert settings_rows(demo_store) == [row for row in demo_rows if row[0] != "unit.committee_name"]
    assert [name for name, _ in term_reminders(demo_store)] == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]


def test_settings_cancel_saves_nothing(qtbot: Any, store: Store) -> None:
    dialog = settings_dialog(qtbot, store)
    spin = dialog.editors[TERM]
    assert isinstance(spin, QSpinBox)
    spin.setValue(5)
    dialog.reject()
    assert load_settings(store.sessions).get(TERM) == 3 and settings_rows(store) == []


def test_settings_out_of_range_term_cannot_be_typed(qtbot: Any, store: Store) -> None:
    dialog = settings_dialog(qtbot, store)
    spin = dialog.editors[TERM]
    assert isinstance(spin, QSpinBox)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "11")  # the second 1 is refused: 11 is more than 10 years
    assert spin.value() <= 10 and spin.text() != "11 年"
    spin.setValue(0)
    assert spin.value() == 1


def test_settings_out_of_range_value_is_refused_on_save(qtbot: Any, store: Store,
                                                        boxes: dict[str, list[str]]) -> None:
    """Had a value beyond the rule reached 确定, the clerk is told and nothing is saved."""
    dialog = settings_dialog(qtbot, store)
    spin = dialog.editors[TERM]
    assert isinstance(spin, QSpinBox)
    spin.setMaximum(99)  # as if the box let 11 through
    spin.setValue(11)
    dialog.accept()
    assert boxes["warning"] == ["“党支部任期”最多为 10年，请改小一些。"]
    assert dialog.isVisible() and dialog.result() != Accepted  # the dialog stays open for a correction
    assert load_settings(store.sessions).get(TERM) == 3
    assert settings_rows(store) == []


def test_settings_refusal_saves_none_of_the_other_changes(qtbot: Any, store: Store,
                                                          boxes: dict[str, list[str]]) -> None:
    dialog = settings_dialog(qtbot, store)
    name = dialog.editors["unit.committee_name"]
    spin = dialog.editors[TERM]
    assert isinstance(name, QLineEdit) and isinstance(spin, QSpinBox)
    name.setText("中共某某厅直属机关委员会")
    spin.setMaximum(99)
    spin.setValue(11)
    dialog.accept()
    assert boxes["warning"]
    assert settings_rows(store) == []


def test_settings_password_set_change_and_remove(qtbot: Any, store: Store, boxes: dict[str, list[str]],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = settings_dialog(qtbot, store)
    asked: list[str] = []

    def answers(*typed: str | None) -> None:
        queue = list(typed)

        def ask(title: str, label: str) -> str | None:
            asked.append(label)
            return queue.pop(0)
        monkeypatch.setattr(dialog, "_ask", ask)

    dialog.remove_password()
    assert boxes["information"] == ["目前没有设置启动密码。"]

    answers(PASSWORD, "党建2027")  # the two entries differ
    button(dialog, "设置或修改启动密码…").click()
    assert boxes["warning"] == ["两次输入的密码不一致，请重新设置。"] and not has_password(store.sessions)

    answers("abc", "abc")
    dialog.change_password()
    assert boxes["warning"][-1] == "新密码至少 4 个字符。" and not has_password(store.sessions)

    asked.clear()
    answers(PASSWORD, PASSWORD)
    dialog.change_password()
    assert asked == ["新密码（至少 4 个字符）：", "再次输入新密码："]
    assert boxes["information"][-1] == "启动密码已设置。下次启动时需要输入。"
    assert check_password(store.sessions, PASSWORD)

    asked.clear()
    answers("党建2025", "换届选举", "换届选举")  # a wrong current password
    dialog.change_password()
    assert asked[0] == "当前密码："
    assert boxes["warning"][-1] == "当前密码不正确，未做修改。" and check_password(store.sessions, PASSWORD)

    answers(None)  # 取消 at the current password: nothing more is asked
    dialog.change_password()
    assert check_password(store.sessions, PASSWORD)

    answers("党建2025")
    button(dialog, "取消启动密码…").click()
    assert boxes["warning"][-1] == "当前密码不正确，启动密码没有取消。" and has_password(store.sessions)

    answers(PASSWORD)
    dialog.remove_password()
    assert boxes["information"][-1] == "启动密码已取消。" and not has_password(store.sessions)
    assert not boxes["critical"]


# --- 操作日志 ---------------------------------------------------------------------------------------

OLD = [
    (dt.datetime(2020, 3, 1, 9, 0, 0), "会议", "7", AuditAction.DELETE, "移入回收站会议：三月党员大会"),
    (dt.datetime(2020, 3, 31, 23, 59, 59), "会议", "7", AuditAction.PURGE, "彻底删除会议：三月党员大会"),
    (dt.datetime(2020, 3, 31, 12, 0, 0), "党员", "2", AuditAction.UPDATE, "修改党员：王一（学历：空→大学本科）"),
    (dt.datetime(2020, 4, 1, 0, 0, 0), "会议", "8", AuditAction.CREATE, "新增会议：四月党员大会"),
]


@pytest.fixture
def logged(store: Store) -> Tree:
    """Today's entries from building a small tree, and some from 2020."""
    tree = build_tree(store.sessions)
    with store.sessions.begin() as session:
        session.execute(insert(AuditEntry), [
            {"at": at, "entity": e, "entity_id": i, "action": a, "summary": s} for at, e, i, a, s in OLD])
    return tree


def audit_dialog(qtbot: Any, store: Store) -> AuditDialog:
    dialog = AuditDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_audit_dialog_lists_the_last_30_days(qtbot: Any, store: Store, logged: Tree) -> None:
    dialog = audit_dialog(qtbot, store)
    assert dialog.start.text() == (dt.date.today() - dt.timedelta(days=30)).isoformat()
    assert dialog.end.text() == dt.date.today().isoformat()
    shown = table(dialog.model)
    with store.sessions() as session:
        today_count = session.scalar(text("SELECT count(*) FROM audit_log")) - len(OLD)
    assert len(shown) == today_count > 20
    assert dialog.count.text() == f"共 {today_count} 条（个人身份证号和电话号码不记入日志）"
    assert not any("2020" in row[0] for row in shown)
    assert ["党员", "新增", "新增党员：王一"] in [row[1:] for row in shown]
    # No internal record numbers (编号): the clerk has no use for them.
    assert [dialog.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(dialog.model.columnCount())] == ["时间", "对象", "操作", "内容"]


def test_audit_dialog_filters_by_dates_object_and_action(qtbot: Any, store: Store, logged: Tree) -> None:
    dialog = audit_dialog(qtbot, store)
    dialog.start.setText("2020-03-01")
    dialog.end.setText("2020年3月31日")  # typed the way clerks type it; the end day is included
    button(dialog, "查询").click()
    assert [row[3] for row in table(dialog.model)] == [
        "彻底删除会议：三月党员大会", "修改党员：王一（学历：空→大学本科）", "移入回收站会议：三月党员大会"]
    dialog.entity.setCurrentIndex(dialog.entity.findText("会议"))
    button(dialog, "查询").click()
    assert [row[2] for row in table(dialog.model)] == ["彻底删除", "删除"]
    dialog.action.setCurrentIndex(dialog.action.findText("彻底删除"))
    button(dialog, "查询").click()
    assert table(dialog.model) == [["2020-03-31 23:59:59", "会议", "彻底删除", "彻底删除会议：三月党员大会"]]
    assert dialog.count.text().startswith("共 1 条")
    dialog.action.setCurrentIndex(dialog.action.findText("新增"))
    button(dialog, "查询").click()
    assert table(dialog.model) == [] and dialog.count.text().startswith("共 0 条")


def test_audit_dialog_objects_and_actions_offered(qtbot: Any, store: Store, logged: Tree) -> None:
    dialog = audit_dialog(qtbot, store)
    objects = [dialog.entity.itemText(i) for i in range(dialog.entity.count())]
    assert objects[0] == "全部对象" and {"党员", "会议", "党组织"} <= set(objects[1:])
    actions = [dialog.action.itemText(i) for i in range(dialog.action.count())]
    assert actions == ["全部操作", "新增", "修改", "删除", "恢复", "彻底删除"]


def test_audit_dialog_bad_date_is_explained(qtbot: Any, store: Store, logged: Tree,
                                             boxes: dict[str, list[str]]) -> None:
    dialog = audit_dialog(qtbot, store)
    dialog.start.setText("2020-13-45")
    button(dialog, "查询").click()
    assert len(boxes["warning"]) == 1 and boxes["warning"][0].startswith("开始日期")
    assert not boxes["critical"]


def test_audit_dialog_exports_what_it_shows(qtbot: Any, store: Store, logged: Tree, tmp_path: Path,
                                            boxes: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = audit_dialog(qtbot, store)
    dialog.start.setText("2020-01-01")
    dialog.entity.setCurrentIndex(dialog.entity.findText("会议"))
    button(dialog, "查询").click()
    shown = table(dialog.model)
    assert len(shown) == 3
    target = tmp_path / "导出" / "操作日志.xlsx"
    asked = choose_file(monkeypatch, target)
    said = saved_messages(monkeypatch)
    button(dialog, "导出…").click()
    assert [(a.title, a.suggested) for a in asked] == [("导出操作日志", f"操作日志{dt.date.today():%Y%m%d}.xlsx")]
    assert said == [f"已导出操作日志：\n{target}"]
    book = openpyxl.load_workbook(target)
    try:
        cells = [["" if v is None else str(v) for v in row] for row in book["操作日志"].iter_rows(values_only=True)]
    finally:
        book.close()
    top = next(i for i, row in enumerate(cells) if row[0] == "时间")
    assert [row[:4] for row in cells[top + 1:] if any(row)] == shown


def test_audit_dialog_export_cancelled(qtbot: Any, store: Store, logged: Tree, tmp_path: Path,
                                       boxes: dict[str, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = audit_dialog(qtbot, store)
    choose_file(monkeypatch, None)
    button(dialog, "导出…").click()
    assert boxes == {"information": [], "warning": [], "critical": [], "question": []}


# --- 回收站 -----------------------------------------------------------------------------------------


@pytest.fixture
def bin_tree(store: Store) -> tuple[Tree, int, int]:
    """卫删 (from the tree), a meeting and a talk in the 回收站."""
    tree = build_tree(store.sessions)
    meeting = create_meeting(store.sessions, assembly(tree, title="第二季度党员大会"), today=TODAY)
    talk = create_talk(store.sessions, TalkInput(dt.date(2026, 5, 20), TalkKind.AMONG_MEMBERS,
                                                 [tree.m["王一"], tree.m["李二"]], "思想交流"), today=TODAY)
    delete_meeting(store.sessions, meeting)
    delete_talk(store.sessions, talk)
    with store.sessions.begin() as session:
        for table_name, row_id, day in (("members", tree.m["卫删"], 1), ("meetings", meeting, 2), ("talks", talk, 3)):
            session.execute(text(f"UPDATE {table_name} SET deleted_at = :at WHERE id = :id"),
                            {"at": dt.datetime(2026, 11, day, 9, 30), "id": row_id})
    return tree, meeting, talk


def recycle_dialog(qtbot: Any, store: Store) -> RecycleDialog:
    dialog = RecycleDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def select(dialog: RecycleDialog, title: str) -> None:
    row = next(r for r, cells in enumerate(table(dialog.model)) if cells[1] == title)
    dialog.view.selectRow(row)


def test_recycle_dialog_lists_the_bin(qtbot: Any, store: Store, bin_tree: tuple[Tree, int, int]) -> None:
    dialog = recycle_dialog(qtbot, store)
    assert dialog.windowTitle() == "回收站"
    assert table(dialog.model) == [
        ["谈心谈话", "党员之间 思想交流", "2026-05-20", "2026-11-03 09:30"],
        ["会议", "第二季度党员大会", "一支部 2026-06-10", "2026-11-02 09:30"],
        ["党员", "卫删", "一支部", "2026-11-01 09:30"],
    ]
    assert "彻底删除后不能恢复" in " ".join(labels(dialog))


def test_recycle_dialog_restore(qtbot: Any, store: Store, bin_tree: tuple[Tree, int, int]) -> None:
    _tree, meeting, _talk = bin_tree
    dialog = recycle_dialog(qtbot, store)
    button(dialog, "恢复").click()  # nothing selected: nothing happens
    assert dialog.model.rowCount() == 3 and not dialog.changed
    select(dialog, "第二季度党员大会")
    button(dialog, "恢复").click()
    assert dialog.changed
    assert [row[1] for row in table(dialog.model)] == ["党员之间 思想交流", "卫删"]
    with store.sessions() as session:
        assert session.get_one(Meeting, meeting).deleted_at is None


def test_recycle_dialog_restore_refused_is_explained(qtbot: Any, store: Store, bin_tree: tuple[Tree, int, int],
                                                     boxes: dict[str, list[str]]) -> None:
    tree, _meeting, _talk = bin_tree
    with store.sessions.begin() as session:
        session.get_one(Member, tree.m["卫删"]).id_number = "110101198003074514"
        session.get_one(Member, tree.m["王一"]).id_number = "110101198003074514"
    dialog = recycle_dialog(qtbot, store)
    select(dialog, "卫删")
    button(dialog, "恢复").click()
    assert boxes["warning"] == ["已有身份证号相同的党员（王一），不能恢复。请先核对这两条记录。"]
    assert not dialog.changed and dialog.model.rowCount() == 3
    with store.sessions() as session:
        assert session.get_one(Member, tree.m["卫删"]).deleted_at is not None


def test_recycle_dialog_purge_asks_first(qtbot: Any, store: Store, bin_tree: tuple[Tree, int, int],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    _tree, _meeting, talk = bin_tree
    asked: list[tuple[str, str]] = []
    answer = [False]

    def confirm(_parent: Any, title: str, question: str) -> bool:
        asked.append((title, question))
        return answer[0]

    monkeypatch.setattr(admin_dialogs, "confirm", confirm)
    dialog = recycle_dialog(qtbot, store)
    select(dialog, "党员之间 思想交流")
    button(dialog, "彻底删除…").click()
    assert asked == [("彻底删除", "彻底删除谈心谈话“党员之间 思想交流”？彻底删除后不能恢复。")]
    assert dialog.model.rowCount() == 3 and not dialog.changed  # the clerk said no
    with store.sessions() as session:
        assert session.get(Talk, talk) is not None

    answer[0] = True
    select(dialog, "党员之间 思想交流")
    button(dialog, "彻底删除…").click()
    assert dialog.changed
    assert [row[1] for row in table(dialog.model)] == ["第二季度党员大会", "卫删"]
    with store.sessions() as session:
        assert session.get(Talk, talk) is None
        last = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert last is not None
        assert (last.action, last.summary) == (AuditAction.PURGE, "彻底删除谈心谈话：党员之间 思想交流")


def test_recycle_dialog_purge_of_a_member(qtbot: Any, store: Store, bin_tree: tuple[Tree, int, int],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    tree, _meeting, _talk = bin_tree
    monkeypatch.setattr(admin_dialogs, "confirm", lambda *_a: True)
    delete_member(store.sessions, tree.m["钱五"])
    dialog = recycle_dialog(qtbot, store)
    assert dialog.model.rowCount() == 4
    select(dialog, "卫删")
    button(dialog, "彻底删除…").click()
    assert [i.title for i in list_bin(store.sessions)] == [row[1] for row in table(dialog.model)]
    assert "卫删" not in [row[1] for row in table(dialog.model)] and "钱五" in [row[1] for row in table(dialog.model)]
    with store.sessions() as session:
        assert session.get(Member, tree.m["卫删"]) is None


# --- 数据安全 ---------------------------------------------------------------------------------------


def safety_dialog(qtbot: Any, store: Store) -> SafetyDialog:
    dialog = SafetyDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_safety_dialog_without_backups(qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.services import drives

    monkeypatch.setattr(drives, "drive_warning", lambda _path: None)
    shown = labels(safety_dialog(qtbot, store))
    assert str(store.paths.root) in shown and str(store.paths.database) in shown
    assert "尚无备份" in shown
    assert "0 份（自动保留最近 30 天和最近 12 个月的备份）" in shown
    assert "数据文件夹位于本机硬盘。建议定期用“文件 → 备份…”把数据备份到 U 盘。" in shown


def test_safety_dialog_counts_the_backups(qtbot: Any, store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.services import drives

    monkeypatch.setattr(drives, "drive_warning", lambda _path: None)
    for day in (dt.date(2026, 11, 24), dt.date(2026, 11, 25), dt.date(2026, 11, 26)):
        assert daily_backup(store.paths, day) is not None
    newest = list_backups(store.paths)[0].made
    shown = labels(safety_dialog(qtbot, store))
    assert "3 份（自动保留最近 30 天和最近 12 个月的备份）" in shown
    assert newest.strftime("%Y-%m-%d %H:%M") in shown
    assert "尚无备份" not in shown


def test_safety_dialog_warns_about_a_network_share(qtbot: Any, store: Store,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from djdesk.services import drives

    warning = drives.NETWORK.format(where="/mnt/nfs")
    seen: list[Path] = []
    monkeypatch.setattr(drives, "drive_warning", lambda path: seen.append(path) or warning)
    dialog = safety_dialog(qtbot, store)
    assert seen == [store.paths.root]
    (label,) = [w for w in dialog.findChildren(QLabel) if w.text() == warning]
    assert "网络共享" in label.text() and "c62828" in label.styleSheet()
    assert not any("本机硬盘。建议" in t for t in labels(dialog))
