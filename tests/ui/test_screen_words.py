"""Words that say what they mean, and help (issue 13, points 11 and 12): the compliance legend names the
grid's own colours, an empty 回收站 says so, 设置 is not on Ctrl+S, 帮助 → 使用说明 (F1) opens the guide
shipped with the program, and bulk changes ask first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMessageBox, QPushButton

from djdesk.domain.enums import EvalGrade
from djdesk.paths import DataPaths, bundled_dir
from djdesk.services.database import Store
from djdesk.ui import help_dialog
from djdesk.ui.admin_dialogs import RecycleDialog
from djdesk.ui.compliance_view import CELL_COLORS, LEGEND, legend_html
from djdesk.ui.help_dialog import HelpDialog, guide_file
from djdesk.ui.member_dialogs import RecycleBinDialog
from tests.rule_codes import codes_in
from tests.ui.helpers import answer
from tests.ui.test_compliance_view import _view
from tests.ui.windows import open_window

REPO = Path(__file__).resolve().parents[2]


# --- the compliance legend --------------------------------------------------------------------------

def test_the_legend_shows_every_colour_of_the_grid(qtbot: Any, opened: Store) -> None:
    view = _view(qtbot, opened)
    model = view.model
    painted = {model.index(r, c).data(Qt.ItemDataRole.BackgroundRole).color().name()
               for r in range(model.rowCount()) for c in range(model.columnCount() - 1)}
    legend = {color.name() for color, _shows, _means in LEGEND}
    assert painted <= legend  # every colour in the grid is explained
    assert {c.name() for c in CELL_COLORS.values()} == legend  # and the legend explains no other
    html = view.legend.text()
    assert html == legend_html()
    for color, shows, means in LEGEND:
        assert f"bgcolor='{color.name()}'" in html and shows in html and means in html
    assert "绿色" not in view.summary.text()  # no second, colour-word legend that could drift


# --- 回收站 --------------------------------------------------------------------------------------------

def test_an_empty_recycle_bin_says_so_and_restores_nothing(qtbot: Any, store: Store) -> None:
    dialog = RecycleDialog(store)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible() and dialog.empty.text().startswith("回收站是空的")
    assert not dialog.view.isVisible()
    buttons = {b.text(): b for b in dialog.findChildren(QPushButton)}
    assert not buttons["恢复"].isEnabled() and not buttons["彻底删除…"].isEnabled() and buttons["关闭"].isEnabled()


def test_the_members_recycle_bin_when_empty(qtbot: Any) -> None:
    dialog = RecycleBinDialog([], lambda _id: True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.empty.isVisible() and "回收站是空的" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()


# --- menus --------------------------------------------------------------------------------------------

def test_settings_is_on_ctrl_alt_s_and_the_guide_on_f1(qtbot: Any, demo_paths: DataPaths) -> None:
    window = open_window(qtbot, demo_paths)
    qtbot.waitUntil(lambda: bool(window.tools_menu.actions()), timeout=10000)
    shortcuts = {a.text(): a.shortcut() for m in (window.file_menu, window.tools_menu, window.help_menu)
                 for a in m.actions() if a.text()}
    assert shortcuts["设置(&P)…"] == QKeySequence("Ctrl+Alt+S")
    assert QKeySequence("Ctrl+S") not in shortcuts.values()  # 保存 in every other program
    assert shortcuts["使用说明(&G)"] == QKeySequence("F1")


# --- 使用说明 ------------------------------------------------------------------------------------------

def test_the_guide_is_shipped_and_readable_offline(qtbot: Any) -> None:
    path = guide_file()
    assert path == bundled_dir("resources") / "guide" / "使用说明.html"
    dialog = HelpDialog()
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    for part in ("建立本机关党委", "导入党员名册", "载入示例数据", "打印会议记录", "全部出席", "导出年终汇总表",
                 "备份", "从备份恢复", "模板管理", "恢复默认", "F1"):
        assert part in text, part
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"(?:src|href)=\"(?:https?:|//)", html)  # nothing fetched from a network
    assert codes_in([("guide", text)]) == []


def test_the_guide_goes_into_the_wheel_and_the_bundle() -> None:
    """An installed wheel carries resources/ as djdesk/bundled/resources (every file), the PyInstaller bundle
    as _internal/resources (every file but .py); bundled_dir finds either."""
    setup = (REPO / "setup.py").read_text(encoding="utf-8")
    assert '"djdesk.bundled.resources": "resources"' in setup
    assert '"djdesk.bundled.resources" = ["*", "**/*"]' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    spec = (REPO / "packaging" / "djdesk.spec").read_text(encoding="utf-8")
    assert '*tree(REPO / "resources", "resources"' in spec


def test_a_frozen_bundle_finds_the_guide_in_meipass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    guide = tmp_path / "_internal" / "resources" / "guide" / "使用说明.html"
    guide.parent.mkdir(parents=True)
    guide.write_text("<p>说明</p>", encoding="utf-8")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path / "_internal"), raising=False)
    assert help_dialog.guide_file() == guide


def test_a_missing_guide_is_explained(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(qtbot, demo_paths)
    qtbot.waitUntil(lambda: bool(window.help_menu.actions()), timeout=10000)
    monkeypatch.setattr(help_dialog, "bundled_dir", lambda _name: Path("/nonexistent"))
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: told.append(text))
    window.file_actions.guide()
    assert len(told) == 1 and "找不到使用说明文件" in told[0] and "重新安装" in told[0]


# --- bulk changes ask first ---------------------------------------------------------------------------

def test_all_qualified_asks_first_and_no_writes_nothing(qtbot: Any, demo_paths: DataPaths,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ui.test_assessments_tab import _loaded, _open, _query, _select

    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    _select(view, 0, 1)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _loaded(qtbot, view, view.clear_grades)  # two members without a grade
    count = lambda: _query(demo_paths, "SELECT count(*) FROM evaluations")[0][0]  # noqa: E731
    before = count()
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    view.all_qualified()
    assert len(asked) == 1 and "2 名正式党员全部设为“合格”" in asked[0] and count() == before
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _loaded(qtbot, view, view.all_qualified)
    assert len(asked) == 1 and count() == before + 2
    assert [view.model.payload(r).grade for r in (0, 1)] == [EvalGrade.QUALIFIED] * 2
