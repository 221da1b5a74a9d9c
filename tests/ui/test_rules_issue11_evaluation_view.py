"""R-EVAL-2 on the 民主评议党员 page: the limit of 优秀 is a third of the 正式党员 («优秀上限 9 名（已评 N 名）»);
预备党员 show as «预备党员», neither graded nor 未评定, and a grade for one is refused with a message."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.enums import EvalGrade, MemberCategory
from djdesk.paths import DataPaths
from djdesk.ui.evaluation_view import VotesDialog
from tests.ui.test_assessments_tab import _choose, _open, _select, _shown

FINANCE = "财务审计处支部"  # 28 members, one 预备党员


def _stored(paths: DataPaths) -> tuple[int, int, int]:
    """(正式党员, of them graded 优秀, 预备党员) of 财务审计处支部 in 2025, read straight from the database."""
    conn = sqlite3.connect(paths.database)
    try:
        full_sql = ("m.category = 'FULL' AND (m.confirmed_on IS NULL OR m.confirmed_on <= '2025-12-31')")
        base = ("FROM members m JOIN organizations o ON o.id = m.organization_id "
                "WHERE o.short_name = ? AND m.deleted_at IS NULL")
        full = conn.execute(f"SELECT count(*) {base} AND {full_sql}", (FINANCE,)).fetchone()[0]
        excellent = conn.execute(
            f"SELECT count(*) {base} AND {full_sql} AND EXISTS (SELECT 1 FROM evaluations e WHERE "
            "e.member_id = m.id AND e.year = 2025 AND e.grade = 'EXCELLENT')", (FINANCE,)).fetchone()[0]
        probationary = conn.execute(f"SELECT count(*) {base} AND NOT ({full_sql})", (FINANCE,)).fetchone()[0]
        return full, excellent, probationary
    finally:
        conn.close()


def test_r_eval_2_screen_counts_full_members_and_shows_probationary_ones(qtbot: Any, demo_paths: DataPaths) -> None:
    full, excellent, probationary = _stored(demo_paths)
    assert (full, probationary) == (27, 1)
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    _choose(qtbot, view, view.org, FINANCE)
    text = view.counts.text()
    assert f"优秀上限 {full // 3} 名（已评 {excellent} 名）" in text, text
    assert "现为" not in text and "R-EVAL" not in text
    assert f"预备党员 {probationary} 名" in text and "未评定" not in text
    rows = _shown(view.model)
    grades = [row[3] for row in rows]
    assert grades.count("预备党员") == probationary
    assert [r[1] for r in rows if r[3] == "预备党员"] == ["预备党员"]  # the 人员类别 column agrees
    assert "未评定" not in grades


def test_r_eval_2_a_grade_for_a_probationary_member_is_refused_on_screen(
    qtbot: Any, demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = _open(qtbot, demo_paths)
    view = window.assessments_tab.evaluation_view
    _choose(qtbot, view, view.org, FINANCE)
    row = next(r for r in range(view.model.rowCount())
               if view.model.payload(r).category is MemberCategory.PROBATIONARY)
    member = view.model.payload(row)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *_a, **_k: shown.append(text))
    before = _evaluations(demo_paths)
    _select(view, row)
    view.set_grade(EvalGrade.QUALIFIED)
    assert len(shown) == 1 and member.name in shown[0] and "不评定等次" in shown[0], shown
    assert _evaluations(demo_paths) == before
    assert "不评定等次" in VotesDialog(member).hint.text()


def _evaluations(paths: DataPaths) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute("SELECT * FROM evaluations ORDER BY id").fetchall()
    finally:
        conn.close()
