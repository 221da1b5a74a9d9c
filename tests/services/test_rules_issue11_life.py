"""Organisational life owed by whom: R-MEET-7 (a branch without a 支部委员会 owes only the talks between members)
and R-MEET-4 (the 机关党委书记's yearly 党课 is checked, not only the branch secretaries').

The small tree of tests/services/test_meetings_support.py: 一支部 has a committee of 3 (王一 书记, 李二, 张三);
二支部 has a single seat (书记 林甲), so no committee (R-ORG-3); the 机关党委 has no seats there, and each test that
needs its 书记 seats 赵四 (a 领导干部 of 一支部, not on its committee).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from djdesk.domain.enums import CommitteeRole, MeetingKind, TalkKind
from djdesk.domain.schedule import CellStatus
from djdesk.services.assessments import evidence
from djdesk.services.compliance import ComplianceGrid, compliance, compliance_reminders
from djdesk.services.compliance_export import SUMMARY_SHEET, export_compliance
from djdesk.services.database import Store
from djdesk.services.meetings import create_meeting
from djdesk.services.talks import TalkInput, create_talk, talk_coverage
from djdesk.store.models import CommitteeSeat
from tests.services.test_meetings_support import BRANCH_ON_ROSTER, TODAY, Tree, assembly, everyone

YEAR = 2026
AFTER = dt.date(2027, 1, 10)  # the whole of 2026 is over
DAY = dt.date(2026, 5, 20)
COMMITTEE_TALKS = ("TALK_SECRETARY_COMMITTEE", "TALK_AMONG_COMMITTEE", "TALK_COMMITTEE_MEMBER")


def _grid(store: Store) -> ComplianceGrid:
    return compliance(store.sessions, YEAR, on=AFTER)


def _statuses(grid: ComplianceGrid, org_id: int, key: str) -> list[CellStatus] | None:
    row = grid.row(org_id)
    assert row is not None
    line = row.line(key)
    return None if line is None else [c.status for c in line.cells]


def _talk(store: Store, tree: Tree, kind: TalkKind, *names: str) -> None:
    create_talk(store.sessions, TalkInput(DAY, kind, tree.ids(*names)), today=TODAY)


# --- R-MEET-7 ----------------------------------------------------------------------------------------


def test_r_meet_7_branch_without_committee_owes_only_talks_between_members(store: Store, tree: Tree) -> None:
    grid = _grid(store)
    for key in COMMITTEE_TALKS:
        assert _statuses(grid, tree.small, key) == [CellStatus.NOT_REQUIRED], key
        assert _statuses(grid, tree.branch, key) == [CellStatus.MISSING], key  # 一支部 has a committee
    assert _statuses(grid, tree.small, "TALK_AMONG_MEMBERS") == [CellStatus.MISSING]
    missing = {(i.org_id, i.requirement.key) for i in grid.missing if i.rule == "R-MEET-7"}
    assert missing == {(tree.small, "TALK_AMONG_MEMBERS"), (tree.branch, "TALK_AMONG_MEMBERS"),
                       *((tree.branch, key) for key in COMMITTEE_TALKS)}


def test_r_meet_7_a_talk_held_by_a_branch_without_committee_still_shows(store: Store, tree: Tree) -> None:
    """Recorded anyway (the clerk chose 书记与委员): counted and shown as held, but never owed."""
    _talk(store, tree, TalkKind.SECRETARY_COMMITTEE, "林甲", "林乙")
    _talk(store, tree, TalkKind.AMONG_MEMBERS, "林乙", "林丁")
    grid = _grid(store)
    assert _statuses(grid, tree.small, "TALK_SECRETARY_COMMITTEE") == [CellStatus.HELD]
    assert _statuses(grid, tree.small, "TALK_AMONG_COMMITTEE") == [CellStatus.NOT_REQUIRED]
    assert not [i for i in grid.missing if i.org_id == tree.small and i.rule == "R-MEET-7"]


def test_r_meet_7_coverage_asks_a_branch_without_committee_only_for_talks_between_members(
    store: Store, tree: Tree
) -> None:
    coverage = {c.org_id: c for c in talk_coverage(store.sessions, YEAR)}
    assert coverage[tree.small].missing() == [TalkKind.AMONG_MEMBERS]
    assert coverage[tree.branch].missing() == [TalkKind.SECRETARY_COMMITTEE, TalkKind.AMONG_COMMITTEE,
                                               TalkKind.COMMITTEE_MEMBER, TalkKind.AMONG_MEMBERS]
    _talk(store, tree, TalkKind.AMONG_MEMBERS, "林乙", "林丁")
    assert {c.org_id: c for c in talk_coverage(store.sessions, YEAR)}[tree.small].missing() == []


def test_r_meet_7_reminders_and_evidence_agree_with_the_grid(store: Store, tree: Tree) -> None:
    _talk(store, tree, TalkKind.AMONG_MEMBERS, "钱五", "孙六")  # something recorded in 2026
    found = compliance_reminders(store.sessions, AFTER)
    small = " ".join(r.text for r in found if r.org_id == tree.small)
    assert "党员之间" in small
    for label in ("书记与委员", "委员之间", "委员与党员"):
        assert label not in small, small
    first = " ".join(r.text for r in found if r.org_id == tree.branch)
    assert all(label in first for label in ("书记与委员", "委员之间", "委员与党员"))
    lines = evidence(store.sessions, YEAR, tree.small, on=AFTER)
    talks = next(line for line in lines if line.startswith("谈心谈话"))
    assert talks == "谈心谈话：共0次，缺“党员之间”。"


def test_r_meet_7_export_marks_committee_talks_not_owed(store: Store, tree: Tree, tmp_path: Path) -> None:
    out = export_compliance(store.sessions, YEAR, tmp_path / "统计表.xlsx", on=AFTER, made_on=AFTER)
    sheet = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    headers = [str(c.value).replace("\n", "·") for c in sheet[3]]
    rows = {r[0]: r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] in ("一支部", "二支部")}
    for short in ("谈话·书记与委员", "谈话·委员之间", "谈话·委员与党员"):
        assert rows["二支部"][headers.index(short)] == "—", short
        assert rows["一支部"][headers.index(short)] == "缺", short
    assert rows["二支部"][headers.index("谈话·党员之间")] == "缺"


def test_r_meet_7_talk_form_hint_says_who_owes_which_talks(qtbot: object) -> None:
    from djdesk.ui.talks_view import TalkDialog

    dialog = TalkDialog([])
    hint = dialog.hint.text()
    assert "未设支部委员会的党支部" in hint and "党员之间" in hint
    assert "R-MEET" not in hint


# --- R-MEET-4 ----------------------------------------------------------------------------------------


def _seat_root_secretary(store: Store, tree: Tree) -> None:
    with store.sessions.begin() as s:
        s.add(CommitteeSeat(organization_id=tree.root, member_id=tree.m["赵四"], person_name="赵四",
                            role=CommitteeRole.SECRETARY, started_on=dt.date(2024, 1, 1)))


def _lecture(store: Store, tree: Tree, org_id: int, speaker: str, on: dt.date) -> None:
    people = BRANCH_ON_ROSTER if org_id != tree.root else (*BRANCH_ON_ROSTER, "林甲", "林乙", "林丙", "林丁")
    create_meeting(store.sessions, assembly(tree, organization_id=org_id, kind=MeetingKind.PARTY_LECTURE, held_on=on,
                                            speaker=tree.m[speaker], attendance=everyone(tree, people)), today=TODAY)


def test_r_meet_4_organ_committee_secretary_lecture_is_checked(store: Store, tree: Tree) -> None:
    _seat_root_secretary(store, tree)
    grid = _grid(store)
    assert _statuses(grid, tree.root, "SECRETARY_LECTURE") == [CellStatus.MISSING]
    assert _statuses(grid, tree.general, "SECRETARY_LECTURE") is None  # a 党总支 is not bound
    assert any(i.org_id == tree.root and i.requirement.key == "SECRETARY_LECTURE" for i in grid.missing)
    assert _statuses(grid, tree.root, "PARTY_LECTURE") is None  # the quarterly 党课 stay the branches'


def test_r_meet_4_a_lecture_by_the_organ_committee_secretary_counts_where_it_is_given(store: Store, tree: Tree) -> None:
    """赵四 (书记 of the 机关党委) lectures at 一支部: the 机关党委's 书记讲党课 is held, 一支部's is not (its 书记
    is 王一)."""
    _seat_root_secretary(store, tree)
    _lecture(store, tree, tree.branch, "赵四", dt.date(2026, 6, 23))
    grid = _grid(store)
    assert _statuses(grid, tree.root, "SECRETARY_LECTURE") == [CellStatus.HELD]
    assert _statuses(grid, tree.branch, "SECRETARY_LECTURE") == [CellStatus.MISSING]
    _lecture(store, tree, tree.branch, "王一", dt.date(2026, 6, 24))
    assert _statuses(_grid(store), tree.branch, "SECRETARY_LECTURE") == [CellStatus.HELD]


def test_r_meet_4_a_lecture_recorded_on_the_organ_committee_counts(store: Store, tree: Tree) -> None:
    _seat_root_secretary(store, tree)
    _lecture(store, tree, tree.root, "赵四", dt.date(2026, 6, 23))
    assert _statuses(_grid(store), tree.root, "SECRETARY_LECTURE") == [CellStatus.HELD]
    # Given by someone else, it does not.
    with store.sessions.begin() as s:
        s.query(CommitteeSeat).filter(CommitteeSeat.organization_id == tree.root).update(
            {CommitteeSeat.started_on: dt.date(2026, 7, 1)})
    assert _statuses(_grid(store), tree.root, "SECRETARY_LECTURE") == [CellStatus.MISSING]


def test_r_meet_4_reminders_and_export_include_the_organ_committee(store: Store, tree: Tree, tmp_path: Path) -> None:
    _seat_root_secretary(store, tree)
    _lecture(store, tree, tree.branch, "王一", dt.date(2026, 3, 23))  # something recorded in 2026
    found = compliance_reminders(store.sessions, AFTER)
    root = [r for r in found if r.org_id == tree.root]
    assert root and any("书记未讲党课" in r.text for r in root), [r.text for r in root]
    assert "R-MEET-4" in {rule for r in root for rule in r.rule.split("、")}
    out = export_compliance(store.sessions, YEAR, tmp_path / "统计表.xlsx", on=AFTER, made_on=AFTER)
    sheet = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    headers = [str(c.value).replace("\n", "·") for c in sheet[3]]
    row = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == "机关党委")
    assert row[headers.index("书记讲党课")] == "缺"
    assert row[headers.index("党课")] == "—"


def test_r_meet_7_export_notes_say_the_requirements_in_words(store: Store, tree: Tree, tmp_path: Path) -> None:
    out = export_compliance(store.sessions, YEAR, tmp_path / "统计表.xlsx", on=AFTER, made_on=AFTER)
    sheet = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    notes = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if str(c.value or "").startswith("注："))
    assert "谈心谈话每类每年至少1次（未设支部委员会的党支部只要求党员之间）" in notes
    assert "机关党委（党委）统计书记讲党课" in notes
    assert "R-MEET" not in notes
