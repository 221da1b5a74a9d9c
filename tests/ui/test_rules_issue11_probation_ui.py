"""留党察看 through the 党员 tab's 变动 menu: the dialog records its start and period, then 恢复党员权利 its end; both
are kept in the member's history. A bad date shows a Chinese message and writes nothing."""

from __future__ import annotations

import datetime as dt
import sqlite3
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from djdesk.domain.enums import MemberCategory, MemberEventKind, PartyStanding
from djdesk.paths import DataPaths
from djdesk.ui.member_dialogs import PartyProbationDialog, StatusDialog
from tests.ui.helpers import member_snapshot
from tests.ui.test_members_tab import _open, _refreshed, _row_of, _shown


def _events(paths: DataPaths, member_id: int) -> list[tuple[str, str, str | None]]:
    conn = sqlite3.connect(paths.database)
    try:
        return conn.execute("SELECT kind, occurred_on, detail FROM member_events WHERE member_id = ? ORDER BY id",
                            (member_id,)).fetchall()
    finally:
        conn.close()


def test_party_probation_from_the_status_menu(qtbot: Any, demo_paths: DataPaths,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window = _open(qtbot, demo_paths)
    tab = window.members_tab
    member = next(m for m in _shown(tab) if m.category is MemberCategory.FULL and m.standing is PartyStanding.NORMAL
                  and m.confirmed_on is not None and m.confirmed_on < dt.date(2020, 1, 1))
    labels = [a.text() for a in window.member_actions.status_menu().actions()]
    assert "留党察看…" in labels and "恢复党员权利…" in labels
    assert labels.index("留党察看…") + 1 == labels.index("恢复党员权利…")
    tab.table.selectRow(_row_of(tab, member.id))

    def fill(dialog: PartyProbationDialog) -> int:
        assert dialog.windowTitle() == f"留党察看：{member.name}"
        dialog.on.setText("2025-03-01")
        dialog.years.setCurrentIndex(dialog.years.findData(2))
        dialog.detail.setText("示纪〔2025〕3号")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(PartyProbationDialog, "exec", fill)
    _refreshed(qtbot, window, window.member_actions.party_probation)
    assert _events(demo_paths, member.id)[-1] == (
        "PARTY_PROBATION_TWO", "2025-03-01", "至2027年3月1日；示纪〔2025〕3号")

    # 恢复党员权利 before the start: refused, nothing written.
    tab.table.selectRow(_row_of(tab, member.id))
    before = member_snapshot(demo_paths)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a: warnings.append(text))

    def early(dialog: StatusDialog) -> int:
        assert dialog.windowTitle() == f"恢复党员权利：{member.name}"
        dialog.on.setText("2025-02-01")
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(StatusDialog, "exec", early)
    window.member_actions.change_status(MemberEventKind.PARTY_RIGHTS_RESTORED)
    assert len(warnings) == 1 and "早于或等于留党察看的开始日期2025年3月1日" in warnings[0], warnings
    assert member_snapshot(demo_paths) == before
    assert _events(demo_paths, member.id)[-1][0] == "PARTY_PROBATION_TWO"
