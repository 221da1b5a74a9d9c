"""组织生活开展情况 as the clerk reads it (R-MEET-1 … R-MEET-8, R-MEET-11), on the demo data.

The demo year 2025 is judged on 2026-11-26, so the whole year is past: every branch holds every kind of
meeting on schedule except :data:`demo.DEMO_GAPS` (and the 谈心谈话 of :data:`demo.DEMO_TALK_GAPS`), which it
misses all year. For each requirement chosen in the combo, the red cells reading “缺” must be exactly those.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.enums import OrgKind
from djdesk.services import demo
from djdesk.services.compliance_export import MISSING_SHEET, MONTH_SHEET, QUARTER_SHEET, SUMMARY_SHEET
from djdesk.services.database import Store
from djdesk.services.orgs import OrgRow, list_orgs
from djdesk.ui.compliance_view import GREEN, RED, ComplianceView
from tests.ui.helpers import choose_file, saved_messages

TODAY = dt.date(2026, 11, 26)
RULES = {f"R-MEET-{n}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 11)}


def _context(store: Store) -> Any:
    return SimpleNamespace(store=lambda: store, orgs=lambda: list_orgs(store.sessions), people=lambda _o: [],
                           clock=lambda: TODAY, changed=lambda: None)


def _view(qtbot: Any, store: Store, year: int = 2025) -> ComplianceView:
    view = ComplianceView(_context(store))
    qtbot.addWidget(view)
    assert view.year.value() == TODAY.year
    view.year.setValue(year)  # refreshes in the background
    qtbot.waitUntil(lambda: view.grid is not None and view.grid.year == year, timeout=10000)
    return view


def _branch_of(orgs: list[OrgRow]) -> dict[str, str]:
    """Display name → the branch it belongs to (a 党小组's branch; itself otherwise)."""
    by_id = {r.id: r for r in orgs}
    return {r.display_name: (by_id[r.parent_id].display_name if r.kind is OrgKind.GROUP and r.parent_id else
                             r.display_name) for r in orgs}


def _red_cells(view: ComplianceView) -> dict[str, set[str]]:
    """Organisation → the period headers of its red cells, read from the model as the table shows it."""
    model = view.model
    periods = model.columnCount() - 1
    red: dict[str, set[str]] = {}
    for row in range(model.rowCount()):
        name = str(model.headerData(row, Qt.Orientation.Vertical)).strip("　")
        for col in range(periods):
            index = model.index(row, col)
            colour = index.data(Qt.ItemDataRole.BackgroundRole).color()
            text = str(index.data(Qt.ItemDataRole.DisplayRole))
            assert (colour == RED) == text.startswith("缺"), (name, col, text)
            assert colour in (RED, GREEN), (name, col, text)  # the whole of 2025 is judged
            if colour == RED:
                red.setdefault(name, set()).add(str(model.headerData(col, Qt.Orientation.Horizontal)))
    return red


def test_r_meet_1_to_r_meet_11_red_cells_are_exactly_the_demo_gaps(qtbot: Any, opened: Store) -> None:
    """R-MEET-1 支部党员大会, R-MEET-2 支委会, R-MEET-3 党小组会, R-MEET-4 党课 and 书记讲党课, R-MEET-5 主题党日,
    R-MEET-6 组织生活会, R-MEET-7 谈心谈话, R-MEET-8 民主评议党员, R-MEET-11 意识形态: red exactly where the demo
    leaves a kind out, in every period of the year."""
    view = _view(qtbot, opened)
    grid = view.grid
    assert grid is not None and grid.on == dt.date(2026, 1, 1)  # a past year is judged as a whole
    labels = [view.requirement.itemText(i) for i in range(view.requirement.count())]
    assert labels == [f"{r.label}（{r.demand}）" for r in grid.requirements]  # in words, no rule code
    assert {r.rule for r in grid.requirements} == RULES
    assert len(labels) == len(grid.requirements) == 13
    branch_of = _branch_of(list_orgs(opened.sessions))
    gaps: dict[str, set[str]] = {}
    for index in range(view.requirement.count()):
        view.requirement.setCurrentIndex(index)
        key = view.requirement.currentData()
        req = next(r for r in grid.requirements if r.key == key)
        assert view.requirement.currentText() == f"{req.label}（{req.demand}）" and view.model.rowCount() > 0
        periods = {p.label for p in grid.periods(req.frequency)}
        assert {str(view.model.headerData(c, Qt.Orientation.Horizontal))
                for c in range(view.model.columnCount() - 1)} == periods
        red = _red_cells(view)
        assert all(cells == periods for cells in red.values()), (key, red)  # missed all year, not in part
        if req.talk_kind is not None:
            expected = {b for b, kinds in demo.DEMO_TALK_GAPS.items() if req.talk_kind in kinds}
        else:
            expected = {b for b, kinds in demo.DEMO_GAPS.items() if req.meeting_kind in kinds}
        assert {branch_of[name] for name in red} == expected, (req.rule, key, red)
        for row in range(view.model.rowCount()):  # the 合计 column agrees
            name = str(view.model.headerData(row, Qt.Orientation.Vertical)).strip("　")
            total = str(view.model.index(row, len(periods)).data())
            assert (f"，缺 {len(periods)}" in total) == (name in red), (key, name, total)
        gaps[key] = {branch_of[name] for name in red}
    # R-MEET-3 is owed by each 党小组: both groups of the branch that holds none are red.
    view.requirement.setCurrentIndex(view.requirement.findData("GROUP_MEETING"))
    assert set(_red_cells(view)) == {"后勤服务中心第一党小组", "后勤服务中心第二党小组"}
    # R-MEET-4: the branch with no 党课 also misses 书记讲党课.
    assert gaps["PARTY_LECTURE"] == gaps["SECRETARY_LECTURE"] == {"财务审计处支部"}
    missing = len(grid.missing)
    assert missing == sum(len(line.missing) for row in grid.rows for line in row.lines) > 0
    assert f"共缺 {missing} 项" in view.summary.text() and "截至2026年1月1日" in view.summary.text()


def test_r_meet_11_ideology_covers_the_upper_organisations(qtbot: Any, opened: Store) -> None:
    """R-MEET-11 binds the 机关党委 and the 党总支 too (they are green); the other requirements only branches."""
    view = _view(qtbot, opened)
    view.requirement.setCurrentIndex(view.requirement.findData("IDEOLOGY"))
    names = [str(view.model.headerData(r, Qt.Orientation.Vertical)).strip("　") for r in range(view.model.rowCount())]
    assert {"机关党委", "综合管理总支", "行业管理总支"} <= set(names)
    assert view.model.headerData(0, Qt.Orientation.Horizontal) == "全年"
    tip = view.model.index(names.index("机关党委"), 0).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("2025年度：已开展") and "召开日期：2025-" in tip
    view.requirement.setCurrentIndex(view.requirement.findData("GENERAL_ASSEMBLY"))
    names = [str(view.model.headerData(r, Qt.Orientation.Vertical)).strip("　") for r in range(view.model.rowCount())]
    assert "机关党委" not in names and "综合管理总支" not in names and len(names) == 8


def test_the_current_year_is_judged_as_of_today(qtbot: Any, opened: Store) -> None:
    """2026 (no records): nothing held, the months and quarters already over are red, the rest not yet due."""
    view = _view(qtbot, opened, 2025)
    view.year.setValue(2026)
    qtbot.waitUntil(lambda: view.grid is not None and view.grid.year == 2026, timeout=10000)
    assert view.grid is not None and view.grid.on == TODAY
    view.requirement.setCurrentIndex(view.requirement.findData("THEME_DAY"))
    first = [str(view.model.index(0, c).data()) for c in range(12)]
    assert first == ["缺"] * 10 + ["", ""]  # November is still running, December not yet due


def test_grid_model_passes_the_model_tester(qtbot: Any, opened: Store, qtmodeltester: Any) -> None:
    view = _view(qtbot, opened)
    view.requirement.setCurrentIndex(view.requirement.findData("COMMITTEE_MEETING"))
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model)


def test_export_writes_the_workbook(
    qtbot: Any, opened: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, opened)
    out = tmp_path / "2025年组织生活开展情况统计表.xlsx"
    offered = choose_file(monkeypatch, out)
    done = saved_messages(monkeypatch)
    for box in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, box, lambda _p, title, text: done.append(f"{title}：{text}"))
    view.export()
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    assert offered[0].suggested == "2025年组织生活开展情况统计表.xlsx"
    assert done == [f"已导出：\n{out}"] and out.stat().st_size > 0
    book = openpyxl.load_workbook(out, read_only=True)
    try:
        assert {SUMMARY_SHEET, MONTH_SHEET, QUARTER_SHEET, MISSING_SHEET} <= set(book.sheetnames)
        text = "\n".join(str(v) for row in book[MISSING_SHEET].iter_rows(values_only=True) for v in row if v)
    finally:
        book.close()
    for branch in {*demo.DEMO_GAPS, *demo.DEMO_TALK_GAPS}:
        assert branch in text
    assert "办公室支部" not in text  # holds everything


def test_export_cancelled_writes_nothing(
    qtbot: Any, opened: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view = _view(qtbot, opened)
    choose_file(monkeypatch, None)
    told = saved_messages(monkeypatch)
    view.export()
    qtbot.wait(50)
    assert not list(tmp_path.glob("*.xlsx")) and not told
