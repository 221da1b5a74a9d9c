"""The 考核评议 tab as the clerk uses it, on the demo data (rules.md §5, R-EVAL-1 … R-EVAL-5).

民主评议党员 with the R-EVAL-2 warning, 全部设为合格, grades of selected members and the 组织处置 a 不合格
member may get (R-EVAL-3); 述职评议考核 (R-EVAL-4); 支部年度考核 (checklist, scoring grid, ranking);
评先评优 (R-EVAL-5); the 测评表, 推荐审批表 and the 年终汇总表. Every refusal shows a Chinese message
and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QComboBox, QMessageBox

from djdesk.domain.enums import DisposalKind, EvalGrade, MemberCategory
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.ui import assessment_common, assessments_tab
from djdesk.ui.assessment_checklist import ChecklistDialog
from djdesk.ui.assessment_view import COMMITTEE, OWN, AssessmentView
from djdesk.ui.assessments_tab import AssessmentsTab, default_year
from djdesk.ui.evaluation_view import HEADERS, DisposalDialog, EvaluationView, VotesDialog
from djdesk.ui.main_window import MainWindow
from djdesk.ui.nomination_view import NominationDialog
from djdesk.ui.review_view import ReviewDialog
from tests.ui.helpers import answer, choose_file, saved_messages
from tests.ui.windows import open_window

TODAY = dt.date(2026, 1, 15)  # year-end work of 2025 is still going on
OFFICE = "办公室支部"  # the first branch: the page opens on it


def _open(qtbot: Any, paths: DataPaths) -> MainWindow:
    return open_window(qtbot, paths, clock=lambda: TODAY, tab="assessments_tab",
                       tab_loaded=lambda w: w.assessments_tab.evaluation_view.loaded)


def _page(qtbot: Any, window: MainWindow, page: Any) -> Any:
    with qtbot.waitSignal(page.loaded, timeout=10000):
        window.assessments_tab.pages.setCurrentWidget(page)
    return page


def _loaded(qtbot: Any, page: Any, action: Callable[[], object]) -> None:
    with qtbot.waitSignal(page.loaded, timeout=10000):
        action()


def _choose(qtbot: Any, page: Any, box: QComboBox, text: str) -> None:
    index = _find(box, text)
    _loaded(qtbot, page, lambda: box.setCurrentIndex(index))


def _find(box: QComboBox, text: str) -> int:
    return next(i for i in range(box.count()) if box.itemText(i).strip("　") == text)


def _select(view: EvaluationView, *rows: int) -> None:
    view.view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        view.view.selectionModel().select(view.model.index(row, 0), flags)


def _row(view: EvaluationView, test: Callable[[Any], bool]) -> int:
    return next(r for r in range(view.model.rowCount()) if test(view.model.payload(r)))


def _shown(model: Any) -> list[list[str]]:
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def _query(paths: DataPaths, sql: str, *args: Any) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _table(paths: DataPaths, table: str) -> list[tuple[Any, ...]]:
    return _query(paths, f"SELECT * FROM {table} ORDER BY id")


def _warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a: told.append(text))
    return told


def _save_to(monkeypatch: pytest.MonkeyPatch, target: Path) -> list[str]:
    choose_file(monkeypatch, target)
    return saved_messages(monkeypatch)


# --- the tab ---------------------------------------------------------------------------------------

def test_year_runs_into_the_first_quarter() -> None:
    """R-EVAL-4: year-end work spans into Q1, so until 1 March the tab opens on last year."""
    assert default_year(dt.date(2026, 1, 15)) == 2025
    assert default_year(dt.date(2026, 2, 28)) == 2025
    assert default_year(dt.date(2026, 3, 1)) == 2026
    assert default_year(dt.date(2025, 12, 31)) == 2025


def test_the_tab_is_cheap_until_wired(qtbot: Any) -> None:
    tab = AssessmentsTab()
    qtbot.addWidget(tab)
    assert tab.year is None and tab.pages.count() == 1 and tab.pages.tabText(0) == "民主评议党员"


def test_pages_share_the_year(qtbot: Any, demo_paths: DataPaths) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.assessments_tab
    year = tab.year
    assert year is not None and year.value() == 2025 and year.maximum() == 2026
    assert [tab.pages.tabText(i) for i in range(tab.pages.count())] == list(assessments_tab.PAGE_TITLES)
    view = tab.evaluation_view
    assert view.org.currentText().strip("　") == OFFICE and view.model.rowCount() > 0
    _loaded(qtbot, view, lambda: year.setValue(2026))  # nothing graded in 2026 yet
    assert {r[3] for r in _shown(view.model)} <= {"未评定", "预备党员"}  # R-EVAL-2: 预备党员 get no 等次
    assert "未评定" in {r[3] for r in _shown(view.model)}
    reviews = _page(qtbot, window, tab.review_view)
    assert all(r[3] == "" for r in _shown(reviews.model))
    _loaded(qtbot, reviews, lambda: year.setValue(2025))
    assert any(r[4] == "好" for r in _shown(reviews.model))


# --- 民主评议党员 (R-EVAL-1, R-EVAL-2) --------------------------------------------------------------

def test_r_eval_2_warns_when_excellent_exceeds_the_share(qtbot: Any, demo_paths: DataPaths, qtmodeltester: Any) -> None:
    """R-EVAL-2: the excellent-heavy branch shows the red warning (not a block); another branch does not."""
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    assert view.warning.isHidden() and "优秀" in view.counts.text() and "1/3" in view.counts.text()
    _choose(qtbot, view, view.org, demo.EXCELLENT_HEAVY_BRANCH)
    assert not view.warning.isHidden()
    assert "1/3" in view.warning.text() and "正式党员" in view.warning.text() and "复核" in view.warning.text()
    results = view.results
    assert results is not None and view.model.rowCount() == results.roster and results.full == results.graded
    excellent = results.counts[EvalGrade.EXCELLENT]
    assert excellent * 3 > results.full  # R-EVAL-2: a share of the 正式党员
    assert f"优秀 {excellent} 名（{excellent / results.graded:.1%}）" in view.counts.text()
    assert [view.model.headerData(c, Qt.Orientation.Horizontal) for c in range(len(HEADERS))] == HEADERS
    qtmodeltester.check(view.model)
    _choose(qtbot, view, view.org, OFFICE)
    assert view.warning.isHidden() and view.warning.text() == ""


def test_r_eval_1_all_qualified_grades_only_the_ungraded(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    first = view.model.payload(0)
    excellent = _row(view, lambda m: m.grade is EvalGrade.EXCELLENT)
    kept = view.model.payload(excellent)
    _select(view, 0, 1)
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    _loaded(qtbot, view, view.clear_grades)
    assert [r[3] for r in _shown(view.model)[:2]] == ["未评定", "未评定"]
    assert "未评定 2 名" in view.counts.text()
    assert not _query(demo_paths, "SELECT id FROM evaluations WHERE member_id = ? AND year = 2025", first.member_id)
    _loaded(qtbot, view, view.all_qualified)  # one step
    assert [r[3] for r in _shown(view.model)[:2]] == ["合格", "合格"] and "未评定" not in view.counts.text()
    assert view.status.text() == "已把 2 名未评定的党员设为合格。"
    assert view.model.payload(excellent).grade is EvalGrade.EXCELLENT  # the graded ones are untouched
    assert view.model.payload(excellent).votes == kept.votes


def test_r_eval_1_grade_the_selected_members_keeping_their_votes(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    rows = [r for r in range(view.model.rowCount()) if view.model.payload(r).grade is EvalGrade.QUALIFIED][:3]
    members = [view.model.payload(r) for r in rows]
    _select(view, *rows)
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)  # three graded 合格 at once: asked first
    _loaded(qtbot, view, lambda: view.set_grade(EvalGrade.BASIC))
    assert len(asked) == 1 and "3 名已评定为其他等次" in asked[0] and members[0].name in asked[0]
    for m in members:
        grade, votes = _query(demo_paths, "SELECT grade, votes_excellent FROM evaluations WHERE member_id = ? "
                                          "AND year = 2025", m.member_id)[0]
        assert grade == "BASIC" and votes == m.votes[0]
    assert {view.model.payload(r).member_id for r in range(view.model.rowCount()) if
            view.view.selectionModel().isRowSelected(r)} == {m.member_id for m in members}  # still selected


def test_r_eval_1_votes_dialog_records_the_tallies(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    member = view.model.payload(0)
    _select(view, 0)

    def fill(dialog: VotesDialog) -> int:
        assert [box.value() for box in dialog.votes] == list(member.votes)
        for box, value in zip(dialog.votes, (20, 10, 2, 0), strict=True):
            box.setValue(value)
        dialog.grade.setCurrentIndex(dialog.grade.findText("优秀"))
        dialog.note.setText("民主测评得票较高")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(VotesDialog, "exec", fill)
    _loaded(qtbot, view, view.edit_votes)
    assert _query(demo_paths, "SELECT grade, votes_excellent, votes_qualified, votes_basic, votes_unqualified, note "
                              "FROM evaluations WHERE member_id = ? AND year = 2025", member.member_id) == [
        ("EXCELLENT", 20, 10, 2, 0, "民主测评得票较高")]
    assert _shown(view.model)[0][3:5] == ["优秀", "20 / 10 / 2 / 0"]


# --- 组织处置 (R-EVAL-3) ---------------------------------------------------------------------------

@pytest.mark.parametrize(("category", "kinds"), [
    (MemberCategory.PROBATIONARY, ["延长预备期", "取消预备党员资格"]),
    (MemberCategory.FULL, ["限期改正", "劝其退党", "除名"]),
])
def test_r_eval_3_disposal_offers_only_the_allowed_kinds(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, category: MemberCategory, kinds: list[str]
) -> None:
    """R-EVAL-3: 预备党员 are not 劝退 (延长预备期 or 取消资格); 正式党员: 限期改正, 劝其退党, 除名."""
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    row = _row(view, lambda m: m.category is category and m.grade is EvalGrade.QUALIFIED)
    member = view.model.payload(row)
    _select(view, row)
    _loaded(qtbot, view, lambda: view.set_grade(EvalGrade.UNQUALIFIED))
    shown = "预备党员（不合格）" if category is MemberCategory.PROBATIONARY else "不合格"  # R-EVAL-2: no 等次
    assert _shown(view.model)[row][3] == shown and _shown(view.model)[row][5] == "尚未处置"
    offered: list[list[str]] = []

    def fill(dialog: DisposalDialog) -> int:
        offered.append([dialog.kind.itemText(i) for i in range(dialog.kind.count())])
        dialog.kind.setCurrentIndex(1)
        dialog.decision.setPlainText("经支部委员会研究、支部党员大会讨论决定。")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(DisposalDialog, "exec", fill)
    _loaded(qtbot, view, view.dispose)
    assert offered == [kinds]
    saved = _query(demo_paths, "SELECT d.kind, d.decided_on FROM disposals d JOIN evaluations e ON "
                               "d.evaluation_id = e.id WHERE e.member_id = ?", member.member_id)
    assert saved == [(DisposalKind.from_label(kinds[1]).name, TODAY.isoformat())]
    assert _shown(view.model)[row][5] == f"{kinds[1]}（{TODAY.isoformat()}）"


def test_r_eval_3_refused_disposals_write_nothing(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    """R-EVAL-3: no 处置 for a member graded 合格; a refused date keeps the dialog open; nothing is written."""
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    before = _table(demo_paths, "disposals")
    told = _warnings(monkeypatch)
    opened: list[DisposalDialog] = []

    def record(dialog: DisposalDialog) -> int:
        opened.append(dialog)
        return 0

    monkeypatch.setattr(DisposalDialog, "exec", record)
    _select(view, _row(view, lambda m: m.grade is EvalGrade.QUALIFIED))
    view.dispose()
    assert not opened and len(told) == 1 and "只有评定为“不合格”的党员才进行组织处置。" in told[0]

    _choose(qtbot, view, view.org, demo.UNQUALIFIED_BRANCH)  # the demo's 不合格 正式党员, already 限期改正
    row = _row(view, lambda m: m.grade is EvalGrade.UNQUALIFIED)
    assert _shown(view.model)[row][5].startswith("限期改正")

    def future(dialog: DisposalDialog) -> int:
        dialog.decided_on.setText("2026-02-01")  # after today
        dialog.accept()
        assert dialog.result() == 0  # still open: nothing the clerk typed is lost
        return 0

    monkeypatch.setattr(DisposalDialog, "exec", future)
    _select(view, row)
    view.dispose()
    assert len(told) == 2 and "处置决定日期2026年2月1日在今天之后" in told[1]
    assert _table(demo_paths, "disposals") == before
    _select(view, row)
    view.set_grade(EvalGrade.QUALIFIED)  # a member with a 处置 keeps the grade 不合格
    assert len(told) == 3 and "已有组织处置记录" in told[2]
    assert _query(demo_paths, "SELECT grade FROM evaluations WHERE id = ?",
                  view.model.payload(row).evaluation_id) == [("UNQUALIFIED",)]


# --- 述职评议考核 (R-EVAL-4) ------------------------------------------------------------------------

def test_r_eval_4_edit_saves_a_grade(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    view = _page(qtbot, window, window.assessments_tab.review_view)
    row = next(r for r in range(view.model.rowCount()) if view.model.payload(r).review_id is None)
    target = view.model.payload(row)
    view.view.selectRow(row)
    told = _warnings(monkeypatch)
    grades: list[str] = []

    def fill(dialog: ReviewDialog) -> int:
        grades.extend(dialog.grade.itemText(i) for i in range(dialog.grade.count()))
        dialog.score.setText("八十八")
        dialog.accept()
        assert dialog.result() == 0 and told and "不是数字" in told[0]
        dialog.score.setText("88.5")
        dialog.reported_on.setText("2026.1.10")
        dialog.grade.setCurrentIndex(dialog.grade.findText("较好"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(ReviewDialog, "exec", fill)
    _loaded(qtbot, view, view.edit)
    assert grades == ["（未评定）", "好", "较好", "一般", "差"]  # R-EVAL-4: the configured grades
    saved = _query(demo_paths, "SELECT grade, score, reported_on, secretary_name FROM secretary_reviews "
                               "WHERE organization_id = ? AND year = 2025", target.org_id)
    assert saved == [("较好", 88.5, "2026-01-10", target.secretary)]
    shown = _shown(view.model)[row]
    assert shown[2:5] == ["2026-01-10", "88.5", "较好"]


# --- 支部年度考核 ----------------------------------------------------------------------------------

def _grid(qtbot: Any, window: MainWindow) -> AssessmentView:
    view: AssessmentView = _page(qtbot, window, window.assessments_tab.assessment_view)
    return view


def test_score_above_the_maximum_is_refused_and_nothing_saved(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, qtmodeltester: Any
) -> None:
    window = _open(qtbot, demo_paths)
    view = _grid(qtbot, window)
    assert len(_query(demo_paths, "SELECT id FROM assessment_items WHERE year = 2025")) == 26  # the default
    model = view.model
    assert model.rowCount() == 20 and model.index(0, 2).data() == "5"
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable
    assert model.flags(model.index(0, COMMITTEE)) & Qt.ItemFlag.ItemIsEditable
    qtmodeltester.check(model)
    assert "评分依据" not in view.evidence.toPlainText() and "民主评议党员：应评" in view.evidence.toPlainText()
    told = _warnings(monkeypatch)
    model.setData(model.index(0, COMMITTEE), "9")
    assert view.dirty and "总分 9 分" in view.total.text()
    view.save()
    assert len(told) == 1 and "超出范围：应在 0 到 5 分之间" in told[0]
    model.setData(model.index(0, COMMITTEE), "4")
    model.setData(model.index(1, OWN), "-1")
    view.save()
    assert len(told) == 2 and "超出范围" in told[1]
    model.setData(model.index(1, OWN), "五")
    view.save()
    assert len(told) == 3 and "不是数字" in told[2]
    model.setData(model.index(1, OWN), "5.5")
    view.bonus.setValue(1)  # 加分 without a reason
    view.save()
    assert len(told) == 4 and "必须写明加分理由" in told[3]
    for table in ("org_assessments", "assessment_scores"):
        assert _table(demo_paths, table) == []
    view.bonus_reason.setText("获评先进基层党组织")
    _loaded(qtbot, view, view.save)
    assert _query(demo_paths, "SELECT total, bonus, bonus_reason FROM org_assessments") == [
        (10.5, 1.0, "获评先进基层党组织")]
    assert not view.dirty and view.status.text() == f"已保存{OFFICE}的评分：总分 10.5 分。"
    assert model.index(0, COMMITTEE).data() == "4" and model.index(1, OWN).data() == "5.5"


def test_ranking_shows_ranks(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    view = _grid(qtbot, window)
    for branch, points in ((OFFICE, "3"), ("综合规划处支部", "5"), ("财务审计处支部", "5")):
        if view.org.currentText().strip("　") != branch:
            _choose(qtbot, view, view.org, branch)
        view.model.setData(view.model.index(0, COMMITTEE), points)
        _loaded(qtbot, view, view.save)
    view.pages.setCurrentWidget(view.rank_view)
    shown = _shown(view.ranking)
    assert [r[:2] for r in shown[:3]] == [["1", "综合规划处支部"], ["1", "财务审计处支部"], ["3", OFFICE]]
    assert shown[0][7] == "5" and {r[0] for r in shown[3:]} == {"—"} and {r[8] for r in shown[3:]} == {"未考核"}
    # Unsaved scores are not lost when the clerk picks another branch by mistake.
    view.model.setData(view.model.index(2, OWN), "2")
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    view.org.setCurrentIndex(_find(view.org, OFFICE))
    assert asked and view.org.currentText().strip("　") == "财务审计处支部" and view.model.index(2, OWN).data() == "2"


def test_deleting_a_scored_item_asks_first(qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    view = _grid(qtbot, window)
    view.model.setData(view.model.index(0, COMMITTEE), "4")
    view.model.setData(view.model.index(1, COMMITTEE), "6")
    _loaded(qtbot, view, view.save)
    store = window.store
    assert store is not None
    dialog = ChecklistDialog(store.sessions, 2025, view)
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 26 and "基本项合计 100 分" in dialog.totals.text()
    dialog.view.selectRow(0)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.delete()
    assert "已有 1 个党组织在该项有得分" in asked[0] and dialog.model.rowCount() == 26 and not dialog.changed
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.delete()
    assert dialog.model.rowCount() == 25 and dialog.changed
    assert _query(demo_paths, "SELECT total FROM org_assessments") == [(6.0,)]  # computed again


# --- 评先评优 (R-EVAL-5) ---------------------------------------------------------------------------

def test_r_eval_5_organisation_title_needs_an_organisation(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = _page(qtbot, window, window.assessments_tab.nomination_view)
    assert view.model.rowCount() == 7
    told = _warnings(monkeypatch)
    before = _table(demo_paths, "commendations")

    def fill(dialog: NominationDialog) -> int:
        assert not dialog.member.isHidden() and dialog.org.isHidden()  # 优秀共产党员: a member
        dialog.title_box.setEditText("先进基层党组织")
        assert dialog.member.isHidden() and not dialog.org.isHidden()
        assert dialog.nominee_label.text() == "推荐党组织："
        dialog.deeds.setPlainText("组织生活规范。\n党建与业务深度融合。")
        dialog.accept()  # no organisation chosen
        assert dialog.result() == 0 and told and "请选择一个党组织作为推荐对象" in told[0]
        assert _table(demo_paths, "commendations") == before
        dialog.org.setCurrentIndex(_find(dialog.org, "财务审计处支部"))
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(NominationDialog, "exec", fill)
    with qtbot.waitSignals([view.loaded, window.details_loaded], timeout=20000):
        view.add()
    saved = _query(demo_paths, "SELECT title, member_id, nominee_name, status, deeds FROM commendations "
                               "WHERE id > ?", before[-1][0])
    assert saved == [("先进基层党组织", None, "中共示例省交通运输厅财务审计处支部委员会", "NOMINATED",
                      "组织生活规范。\n党建与业务深度融合。")]
    assert view.model.rowCount() == 8 and "先进基层党组织 2 个" in view.summary.text()


# --- documents and the year-end workbook -----------------------------------------------------------

def test_ballot_and_nomination_form_are_written(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    told = _save_to(monkeypatch, tmp_path / "测评表.docx")
    view.print_ballot()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert "已生成民主评议党员测评表" in told[0] and zipfile.is_zipfile(tmp_path / "测评表.docx")
    nominations = _page(qtbot, window, window.assessments_tab.nomination_view)
    nominations.view.selectRow(0)
    told = _save_to(monkeypatch, tmp_path / "审批表.docx")
    nominations.form()
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert "已生成推荐审批表" in told[0] and zipfile.is_zipfile(tmp_path / "审批表.docx")


def test_export_writes_the_yearend_workbook(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    from djdesk.services.yearend_export import SHEETS

    window = _open(qtbot, demo_paths)
    tab = window.assessments_tab
    target = tmp_path / "年终汇总表.xlsx"
    told = _save_to(monkeypatch, target)
    tab.export()
    assert not tab.export_button.isEnabled()  # working in the background
    qtbot.waitUntil(lambda: bool(told), timeout=20000)
    assert told == [f"已导出2025年度考核评议年终汇总表：\n{target}"] and tab.export_button.isEnabled()
    assert load_workbook(target, read_only=True).sheetnames == list(SHEETS)


def test_a_late_answer_for_an_earlier_branch_is_dropped(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    held: list[tuple[Callable[[], Any], Callable[[Any], None]]] = []
    monkeypatch.setattr(assessment_common, "run_in_background",
                        lambda work, done, _failed, owner=None: held.append((work, done)))
    view.org.setCurrentIndex(_find(view.org, demo.EXCELLENT_HEAVY_BRANCH))
    view.org.setCurrentIndex(_find(view.org, demo.UNQUALIFIED_BRANCH))
    (work_heavy, show_heavy), (work_last, show_last) = held
    show_last(work_last())
    show_heavy(work_heavy())  # arrives last, for a branch no longer chosen
    assert view.results is not None and view.results.organisation == demo.UNQUALIFIED_BRANCH
    assert view.warning.isHidden()
