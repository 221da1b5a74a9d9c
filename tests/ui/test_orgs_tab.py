"""The 组织 tab and the 首页 reminders as the clerk uses them (rules.md §1)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QTreeWidgetItem

from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.ui.election_dialog import ElectionDialog
from djdesk.ui.main_window import MainWindow
from djdesk.ui.org_dialogs import OrgDialog
from tests.ui.helpers import choose_file, saved_messages
from tests.ui.windows import open_window

ON = demo.reference_date(2025)


def _open(qtbot: Any, paths: DataPaths) -> MainWindow:
    return open_window(qtbot, paths, clock=lambda: ON)


def _items(window: MainWindow) -> dict[str, QTreeWidgetItem]:
    tree = window.orgs_tab.tree
    found: dict[str, QTreeWidgetItem] = {}
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        found[item.text(0)] = item
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found


def _rows(paths: DataPaths, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_r_org_7_tree_shows_overdue_and_due_soon(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    items = _items(window)
    statuses = {name: item.text(3) for name, item in items.items() if item.text(3)}
    assert statuses[demo.OVERDUE_BRANCH] == "已超期"
    assert statuses[demo.DUE_SOON_BRANCH] == "即将届满"
    assert {n for n, s in statuses.items() if s != "正常"} == {demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH}


def test_r_org_7_home_lists_reminders_and_opens_the_branch(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    model = window.home_tab.model
    rows = [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())]
    term_rows = [name for name, topic in rows if topic == "换届"]
    assert term_rows == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]  # 紧急 first
    assert any(topic == "组织生活" for _name, topic in rows)  # R-MEET-1: missing meetings reminded too
    window.home_tab._open(rows.index((demo.OVERDUE_BRANCH, "换届")))
    assert window.tabs.currentWidget() is window.orgs_tab
    selected = window.orgs_tab.selected()
    assert selected is not None and selected.row.short_name == demo.OVERDUE_BRANCH
    detail = window.orgs_tab.detail
    assert "已超期" in detail.term_labels["状态"].text()
    assert detail.seats.rowCount() >= 3


def test_add_branch_through_the_dialog(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    window.orgs_tab.select_org(window.orgs_tab.rows[0].id)  # the 机关党委

    def fill(dialog: OrgDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(OrgKind.BRANCH))
        dialog.name.setText("中共示例省交通运输厅科技处支部委员会")
        dialog.short_name.setText("科技处支部")
        dialog.founded.setText("2024.3.1")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(OrgDialog, "exec", fill)
    with qtbot.waitSignal(window.details_loaded, timeout=10000):
        window.orgs_tab.actions.add_child()
    assert "科技处支部" in _items(window)
    created = window.orgs_tab.selected()
    assert created is not None and created.row.short_name == "科技处支部"
    assert str(created.founded_on) == "2024-03-01"


def test_refused_change_keeps_the_dialog_and_the_database(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    window.orgs_tab.select_org(window.orgs_tab.rows[0].id)
    before = _rows(demo_paths, "organizations")
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))

    def fill(dialog: OrgDialog) -> int:
        dialog.kind.setCurrentIndex(dialog.kind.findData(OrgKind.BRANCH))
        dialog.name.setText("重名支部")
        dialog.short_name.setText(demo.OVERDUE_BRANCH)  # already used
        dialog.accept()
        assert dialog.isVisible() or dialog.result() == 0  # still open: nothing the clerk typed is lost
        return 0

    monkeypatch.setattr(OrgDialog, "exec", fill)
    window.orgs_tab.actions.add_child()
    assert warnings and demo.OVERDUE_BRANCH in warnings[0] and "换一个" in warnings[0]
    assert _rows(demo_paths, "organizations") == before


def test_r_org_9_election_dialog_says_valid_or_not(qtbot: Any) -> None:
    dialog = ElectionDialog("测试支部", 4, [(1, "甲（测试支部）"), (2, "乙（测试支部）")])
    qtbot.addWidget(dialog)
    dialog.entitled.setValue(10)
    dialog.present.setValue(8)
    dialog.add_candidate("甲（测试支部）", CommitteeRole.SECRETARY, 6, member_id=1)
    assert "选举无效" in dialog.hint.text()  # 8 is not more than 4/5 of 10
    dialog.present.setValue(9)
    assert "选举有效" in dialog.hint.text() and "当选：甲" in dialog.hint.text()
    dialog.add_candidate("乙（测试支部）", None, 4, member_id=2)
    assert "乙 得 4 票" in dialog.hint.text()  # not more than half of 9
    cands = dialog.election().candidates
    assert [(c.member_id, c.votes) for c in cands] == [(1, 6), (2, 4)]


def test_r_org_9_election_dialog_prefills_voters_not_probationary(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-ORG-9 with R-MEET-9: the 应到 of a new election is the branch's members with a vote today — its 正式党员
    in normal standing (counted here from the table), not its 预备党员 nor one under 留党察看."""
    import datetime as dt

    from djdesk.services.database import open_store
    from djdesk.services.member_status import record_party_probation

    conn = sqlite3.connect(demo_paths.database)
    try:
        branch_id, watched = conn.execute(
            "SELECT o.id, min(m.id) FROM organizations o JOIN members m ON m.organization_id = o.id "
            "WHERE o.short_name = ? AND m.category = 'FULL'", (demo.OVERDUE_BRANCH,)).fetchone()
    finally:
        conn.close()
    store = open_store(demo_paths)
    record_party_probation(store.sessions, watched, dt.date.today() - dt.timedelta(days=30), 1)
    store.close()
    window = _open(qtbot, demo_paths)
    branch = next(r for r in window.orgs_tab.rows if r.id == branch_id)
    conn = sqlite3.connect(demo_paths.database)
    try:
        full, probationary = conn.execute(
            "SELECT sum(category = 'FULL' AND standing = 'NORMAL'), sum(category = 'PROBATIONARY') FROM members "
            "WHERE organization_id = ? AND deleted_at IS NULL AND roster_status = 'ACTIVE'", (branch.id,)).fetchone()
    finally:
        conn.close()
    opened: list[ElectionDialog] = []
    monkeypatch.setattr(ElectionDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    window.orgs_tab.select_org(branch.id)
    window.orgs_tab.actions.election()
    assert probationary > 0 and opened and opened[0].entitled.value() == full - 1  # the one under 留党察看


def test_r_org_7_letter_for_a_term_not_due_asks_first(qtbot: Any, demo_paths: DataPaths,
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """换届提醒函 for a branch whose term is not due: the clerk is told and asked; 否 writes nothing."""
    from PySide6.QtWidgets import QInputDialog

    window = _open(qtbot, demo_paths)
    office = next(r for r in window.orgs_tab.rows if r.short_name == "办公室支部")
    window.orgs_tab.select_org(office.id)
    asked: list[str] = []
    answer = [QMessageBox.StandardButton.No]
    target = tmp_path / "提醒函.docx"
    offered = choose_file(monkeypatch, target)
    told = saved_messages(monkeypatch)

    def question(_p: Any, _title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("2025-10-01", True))
    monkeypatch.setattr(QMessageBox, "question", question)
    window.orgs_tab.actions.letter()
    assert len(asked) == 1 and "还不到换届提醒的时间" in asked[0] and "仍要生成" in asked[0]
    assert offered == [] and not target.exists()
    answer[0] = QMessageBox.StandardButton.Yes
    window.orgs_tab.actions.letter()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert len(offered) == 1 and target.exists()


def test_r_org_7_letter_for_a_due_branch_asks_nothing(qtbot: Any, demo_paths: DataPaths,
                                                       monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from PySide6.QtWidgets import QInputDialog

    window = _open(qtbot, demo_paths)
    due = next(r for r in window.orgs_tab.rows if r.short_name == demo.DUE_SOON_BRANCH)
    window.orgs_tab.select_org(due.id)
    target = tmp_path / "提醒函.docx"
    choose_file(monkeypatch, target)
    told = saved_messages(monkeypatch)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_a, **_k: ("2025-10-01", True))
    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: pytest.fail("no question for a due term"))
    window.orgs_tab.actions.letter()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert target.exists()
