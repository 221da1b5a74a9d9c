"""The clerk's first day in the window: the welcome's three ways in, the 首页 and the 组织 tab of an empty
database, 建立本机关党委, and 清除示例数据 taking the window back to the welcome."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QDialogButtonBox, QMessageBox

from djdesk.domain.enums import OrgKind
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.ui.found_dialog import FoundDialog
from djdesk.ui.main_window import MainWindow
from djdesk.ui.org_dialogs import OrgDialog
from djdesk.ui.welcome_dialog import WelcomeDialog
from tests.services.test_demo_removal import every_row
from tests.ui.helpers import answer
from tests.ui.windows import open_window

ON = dt.date(2026, 7, 15)
NAME = "中共示例省水利厅直属机关委员会"
UPPER = "中共示例省委直属机关工作委员会"
WAYS = ["建立本机关党委…", "导入党员名册…", "载入示例数据"]


def rows_of(db: Path) -> dict[str, int]:
    """How many rows each table holds (only the tables that hold any)."""
    return {t: len(rows) for t, rows in every_row(db).items() if rows}


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: told.append(text))
    return told


@pytest.fixture
def welcomes(monkeypatch: pytest.MonkeyPatch) -> list[WelcomeDialog]:
    """Every welcome shown; each is answered with 取消 (a test may click one of its ways first)."""
    shown: list[WelcomeDialog] = []

    def exec_(dialog: WelcomeDialog) -> int:
        shown.append(dialog)
        dialog.reject()
        return int(dialog.result())

    monkeypatch.setattr(WelcomeDialog, "exec", exec_)
    return shown


def found_by_form(monkeypatch: pytest.MonkeyPatch, name: str = NAME, upper: str = UPPER,
                  clerk: str = "李文") -> list[FoundDialog]:
    """Answer the 建立本机关党委 form: fill it in and press 确定."""
    seen: list[FoundDialog] = []

    def exec_(dialog: FoundDialog) -> int:
        seen.append(dialog)
        dialog.name.setText(name)
        dialog.upper_org.setText(upper)
        dialog.clerk.setText(clerk)
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(FoundDialog, "exec", exec_)
    return seen


def home_ways(window: MainWindow) -> list[QCommandLinkButton]:
    return [b for b in window.home_tab.findChildren(QCommandLinkButton) if b.isVisibleTo(window.home_tab)]


def test_an_empty_database_opens_with_the_welcome(qtbot: Any, data_paths: DataPaths,
                                                  welcomes: list[WelcomeDialog]) -> None:
    window = open_window(qtbot, data_paths, offer_demo=True, clock=lambda: ON)
    qtbot.waitUntil(lambda: len(welcomes) == 1, timeout=5000)
    dialog = welcomes[0]
    assert dialog.windowTitle() == "欢迎使用党建工作台"
    assert [b.text() for b in dialog.buttons] == WAYS
    [box] = dialog.findChildren(QDialogButtonBox)
    # 取消 (Qt's own translation, loaded by the application, names the standard button).
    assert [box.standardButton(b) for b in box.buttons()] == [QDialogButtonBox.StandardButton.Cancel]
    # 取消: the database stays empty, and the 首页 keeps the three ways in view, with no reminders.
    assert rows_of(data_paths.database) == {}
    assert [b.text() for b in home_ways(window)] == WAYS
    assert not window.home_tab.view.isVisibleTo(window.home_tab)
    assert window.home_tab.model.rowCount() == 0


def test_the_welcome_leads_to_the_founding_form(qtbot: Any, data_paths: DataPaths,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def exec_(dialog: WelcomeDialog) -> int:
        dialog.buttons[0].click()  # 建立本机关党委…
        return int(dialog.result())

    monkeypatch.setattr(WelcomeDialog, "exec", exec_)
    forms = found_by_form(monkeypatch)
    window = open_window(qtbot, data_paths, offer_demo=True, clock=lambda: ON)
    qtbot.waitUntil(lambda: bool(forms) and window.orgs_tab.tree.topLevelItemCount() == 1, timeout=10000)
    assert window.tabs.currentWidget() is window.orgs_tab
    assert window.orgs_tab.tree.topLevelItem(0).text(1) == "机关党委"


def test_founding_from_the_home_page_names_the_committee_everywhere(
        qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, data_paths, clock=lambda: ON)
    forms = found_by_form(monkeypatch)
    with qtbot.waitSignal(window.details_loaded, timeout=10000):
        home_ways(window)[0].click()
    [form] = forms
    placeholders = {"全称": form.name.placeholderText(), "上级党组织": form.upper_org.placeholderText()}
    assert placeholders == {"全称": "如 中共××厅直属机关委员会", "上级党组织": "如 中共××省委直属机关工委"}
    conn = sqlite3.connect(data_paths.database)
    try:
        orgs = conn.execute("SELECT kind, name, short_name, parent_id FROM organizations").fetchall()
        settings = dict(conn.execute("SELECT key, value FROM settings").fetchall())
    finally:
        conn.close()
    assert orgs == [("ORGAN_COMMITTEE", NAME, "机关党委", None)]
    assert settings == {"unit.committee_name": f'"{NAME}"', "unit.upper_org": f'"{UPPER}"',
                        "unit.clerk_name": '"李文"'}
    # The 首页 now shows the reminders (the 七一 nominations, by the committee's name), not the welcome.
    assert home_ways(window) == []
    model = window.home_tab.model
    named = [model.index(r, 1).data() for r in range(model.rowCount()) if model.index(r, 2).data() == "评先评优"]
    assert named == [NAME]
    assert all("××" not in str(model.index(r, 4).data()) for r in range(model.rowCount()))
    # The 组织 tab: the button for children again, the new 机关党委 without a size warning.
    assert window.orgs_tab.buttons["新增下级…"].text() == "新增下级…"
    selected = window.orgs_tab.selected()
    assert selected is not None and selected.row.name == NAME
    assert selected.findings == () and window.orgs_tab.detail.warnings.text() == ""


def test_a_refused_founding_keeps_the_form_and_writes_nothing(
        qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    window = open_window(qtbot, data_paths, clock=lambda: ON)
    kept: list[bool] = []

    def exec_(dialog: FoundDialog) -> int:
        dialog.name.setText(NAME)
        dialog.upper_org.setText("中共××省委直属机关工委")  # the hint copied as it is
        dialog.accept()
        kept.append(dialog.result() != QDialog.DialogCode.Accepted and dialog.name.text() == NAME)
        return 0

    monkeypatch.setattr(FoundDialog, "exec", exec_)
    window.first_day.found()
    assert kept == [True]
    assert warnings == ["“上级党组织”中还有“××”，请填写实际的名称。"]
    assert rows_of(data_paths.database) == {}


def test_the_import_way_opens_the_import(qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    import djdesk.ui.import_wizard as wizard

    window = open_window(qtbot, data_paths, clock=lambda: ON)
    asked: list[list[tuple[int, str]]] = []
    monkeypatch.setattr(wizard, "choose_and_import", lambda _parent, _sessions, branches: asked.append(branches))
    home_ways(window)[1].click()
    assert asked == [[]]  # the wizard was opened, on a database without branches
    assert window.tabs.currentWidget() is window.members_tab


def test_the_demo_way_loads_the_demo(qtbot: Any, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths, clock=lambda: ON)
    with qtbot.waitSignal(window.details_loaded, timeout=60000):
        home_ways(window)[2].click()
    assert window.members_tab.model.rowCount() > 300
    assert home_ways(window) == []


def test_orgs_tab_of_an_empty_database_founds_the_committee(
        qtbot: Any, data_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, data_paths, clock=lambda: ON)
    tab = window.orgs_tab
    assert tab.buttons["新增下级…"].text() == "建立机关党委…"
    assert tab.status.text() == "还没有党组织，请点“建立机关党委…”。"
    forms = found_by_form(monkeypatch)
    with qtbot.waitSignal(window.details_loaded, timeout=10000):
        tab.buttons["新增下级…"].click()
    assert len(forms) == 1
    assert [r.kind for r in tab.rows] == [OrgKind.ORGAN_COMMITTEE]
    assert tab.buttons["新增下级…"].text() == "新增下级…"


@pytest.mark.parametrize(("parent", "usual", "offered"), [
    ("机关党委", OrgKind.BRANCH, [OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH, OrgKind.JOINT_BRANCH]),
    ("综合管理总支", OrgKind.BRANCH, [OrgKind.BRANCH, OrgKind.JOINT_BRANCH]),
    (demo.OVERDUE_BRANCH, OrgKind.GROUP, [OrgKind.GROUP]),
])
def test_a_new_child_defaults_to_the_usual_kind(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch,
                                                parent: str, usual: OrgKind, offered: list[OrgKind]) -> None:
    window = open_window(qtbot, demo_paths, clock=lambda: ON)
    tab = window.orgs_tab
    org_id = next(r.id for r in tab.rows if r.short_name == parent)
    assert tab.select_org(org_id)
    seen: list[tuple[OrgKind, list[OrgKind]]] = []

    def exec_(dialog: OrgDialog) -> int:
        seen.append((dialog.kind.currentData(), [dialog.kind.itemData(i) for i in range(dialog.kind.count())]))
        return 0

    monkeypatch.setattr(OrgDialog, "exec", exec_)
    tab.buttons["新增下级…"].click()
    assert seen == [(usual, offered)]


def test_removing_the_demo_brings_the_welcome_back(qtbot: Any, demo_paths: DataPaths,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   welcomes: list[WelcomeDialog]) -> None:
    window = open_window(qtbot, demo_paths, clock=lambda: ON)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.first_day.remove_demo()
    qtbot.waitUntil(lambda: len(welcomes) == 1, timeout=20000)
    assert len(asked) == 1 and "确定要清除吗" in asked[0]
    [backup] = demo_paths.backups.glob("before-remove-demo-*.sqlite3")
    assert rows_of(demo_paths.database) == {}
    assert rows_of(backup)["members"] > 300
    assert welcomes[0].note == f"示例数据已清除，数据库已恢复为空。清除前的数据库已备份为：\n{backup}"
    assert window.tabs.currentWidget() is window.home_tab
    assert [b.text() for b in home_ways(window)] == WAYS
    assert window.members_tab.model.rowCount() == 0
    qtbot.waitUntil(lambda: window.orgs_tab.buttons["新增下级…"].text() == "建立机关党委…", timeout=10000)
    assert window.orgs_tab.detail.fact_labels["党员人数"].text() == ""


def test_removing_the_demo_is_refused_after_a_change(qtbot: Any, demo_paths: DataPaths,
                                                     monkeypatch: pytest.MonkeyPatch, warnings: list[str]) -> None:
    from djdesk.services.settings import save_setting

    window = open_window(qtbot, demo_paths, clock=lambda: ON)
    assert window.store is not None
    save_setting(window.store.sessions, "term.remind_months", 3)
    before = every_row(demo_paths.database)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.first_day.remove_demo()
    assert asked == []  # refused before asking
    assert len(warnings) == 1 and "除示例数据外还有其他内容" in warnings[0] and "没有清除" in warnings[0]
    assert every_row(demo_paths.database) == before
    assert list(demo_paths.backups.glob("before-remove-demo-*")) == []


def test_remove_demo_is_in_the_file_menu(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths, clock=lambda: ON)
    qtbot.waitUntil(lambda: bool(window.file_menu.actions()), timeout=5000)
    assert "清除示例数据(&D)…" in [a.text() for a in window.file_menu.actions()]
