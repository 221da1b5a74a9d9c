"""The compliance grid, its reminders and its export (R-MEET-1 … R-MEET-8, R-MEET-11).

On the demo 机关党委 (tests/conftest.py ``demo_paths``: year 2025, built on 2026-11-26, so all of 2025
is in the past) every branch holds every kind on schedule except :data:`demo.DEMO_GAPS` and
:data:`demo.DEMO_TALK_GAPS`, which it misses all year: the grid must flag exactly those.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
from sqlalchemy import event, select, update

from djdesk.domain.enums import CommitteeRole, MeetingKind, OrgKind, TalkKind
from djdesk.domain.schedule import CellStatus, Frequency
from djdesk.domain.terms import Severity
from djdesk.services import demo
from djdesk.services.compliance import ComplianceGrid, ComplianceRow, compliance, compliance_reminders
from djdesk.services.compliance_export import (
    MISSING_SHEET,
    MONTH_SHEET,
    QUARTER_SHEET,
    SUMMARY_SHEET,
    export_compliance,
)
from djdesk.services.database import Store
from djdesk.services.orgs import list_orgs
from djdesk.services.reminders import Reminder
from djdesk.services.settings import load_settings, save_setting
from djdesk.store.models import CommitteeSeat, Meeting, Member, Organization, Talk

ON = dt.date(2026, 11, 26)
OFFICE = "办公室支部"


def _grid(store: Store, on: dt.date = ON) -> ComplianceGrid:
    return compliance(store.sessions, 2025, on=on)


def _row(grid: ComplianceGrid, short: str) -> ComplianceRow:
    return next(r for r in grid.rows if r.short_name == short)


def _statuses(grid: ComplianceGrid, short: str, key: str) -> list[CellStatus]:
    line = _row(grid, short).line(key)
    assert line is not None
    return [c.status for c in line.cells]


def _org_id(store: Store, short: str) -> int:
    with store.sessions() as s:
        return int(s.scalar(select(Organization.id).where(Organization.short_name == short)) or 0)


def _meetings(store: Store, short: str, kind: MeetingKind) -> list[Meeting]:
    with store.sessions() as s:
        return list(s.scalars(select(Meeting).where(Meeting.organization_id == _org_id(store, short),
                                                    Meeting.kind == kind).order_by(Meeting.held_on)))


def _set(store: Store, model: Any, ids: list[int], **values: Any) -> None:
    with store.sessions.begin() as s:
        s.execute(update(model).where(model.id.in_(ids)).values(**values))


def test_r_meet_1_to_r_meet_11_demo_grid_flags_exactly_the_demo_gaps(opened: Store) -> None:
    """R-MEET-1 … R-MEET-8, R-MEET-11: missing in every period exactly where the demo leaves a kind out."""
    grid = _grid(opened)
    by_id = {r.org_id: r for r in grid.rows}
    meetings: set[tuple[str | None, MeetingKind]] = set()
    talks: set[tuple[str | None, TalkKind]] = set()
    for row in grid.rows:
        branch = by_id[row.parent_id] if row.kind is OrgKind.GROUP and row.parent_id else row
        for line in row.lines:
            statuses = {c.status for c in line.cells}
            assert statuses in ({CellStatus.HELD}, {CellStatus.MISSING}), (row.name, line.requirement.key)
            if statuses == {CellStatus.MISSING}:
                req = line.requirement
                if req.talk_kind:
                    talks.add((branch.short_name, req.talk_kind))
                else:
                    assert req.meeting_kind is not None
                    meetings.add((branch.short_name, req.meeting_kind))
    assert meetings == {(b, k) for b, kinds in demo.DEMO_GAPS.items() for k in kinds}
    assert talks == {(b, k) for b, kinds in demo.DEMO_TALK_GAPS.items() for k in kinds}
    assert len(grid.missing) == sum(len(line.missing) for row in grid.rows for line in row.lines)
    assert [r.org_id for r in grid.rows] == [r.id for r in list_orgs(opened.sessions)]  # tree order


def test_the_grid_reads_each_table_once(opened: Store) -> None:
    statements: list[str] = []
    event.listen(opened.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    _grid(opened)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 5, selects  # settings, organisations, seats, meetings, talks


def test_r_meet_5_a_deleted_meeting_leaves_its_cell_missing(opened: Store) -> None:
    march = next(m for m in _meetings(opened, OFFICE, MeetingKind.THEME_DAY) if m.held_on.month == 3)
    _set(opened, Meeting, [march.id], deleted_at=dt.datetime(2026, 1, 5))
    grid = _grid(opened)
    statuses = _statuses(grid, OFFICE, "THEME_DAY")
    assert statuses[2] is CellStatus.MISSING and statuses.count(CellStatus.HELD) == 11
    assert any(i.organisation == OFFICE and i.period.label == "3月" and i.rule == "R-MEET-5" for i in grid.missing)


def test_r_meet_1_a_planned_meeting_does_not_count(opened: Store) -> None:
    q2 = _meetings(opened, OFFICE, MeetingKind.GENERAL_ASSEMBLY)[1]
    _set(opened, Meeting, [q2.id], held=False)
    assert _statuses(_grid(opened), OFFICE, "GENERAL_ASSEMBLY") == [
        CellStatus.HELD, CellStatus.MISSING, CellStatus.HELD, CellStatus.HELD]


def test_r_meet_4_only_a_lecture_by_the_secretary_on_that_day_counts(opened: Store) -> None:
    org = _org_id(opened, OFFICE)
    with opened.sessions() as s:
        seat = s.scalars(select(CommitteeSeat).where(CommitteeSeat.organization_id == org,
                                                     CommitteeSeat.role == CommitteeRole.SECRETARY)).one()
        other = s.scalars(select(Member).where(Member.organization_id == org, Member.id != seat.member_id)).first()
        assert other is not None
        seat_id, secretary_id, secretary, other_id, other_name = seat.id, seat.member_id, seat.person_name, \
            other.id, other.name
    by_secretary = [m for m in _meetings(opened, OFFICE, MeetingKind.PARTY_LECTURE)
                    if m.speaker_member_id == secretary_id]
    assert by_secretary
    _set(opened, Meeting, [m.id for m in by_secretary], speaker_member_id=other_id, speaker_name=other_name)
    assert _statuses(_grid(opened), OFFICE, "SECRETARY_LECTURE") == [CellStatus.MISSING]
    assert _statuses(_grid(opened), OFFICE, "PARTY_LECTURE") == [CellStatus.HELD] * 4  # still a 党课
    lecture = by_secretary[0]
    _set(opened, Meeting, [lecture.id], speaker_member_id=None, speaker_name=secretary)  # the name only
    assert _statuses(_grid(opened), OFFICE, "SECRETARY_LECTURE") == [CellStatus.HELD]
    _set(opened, CommitteeSeat, [seat_id], started_on=lecture.held_on + dt.timedelta(days=1))
    assert _statuses(_grid(opened), OFFICE, "SECRETARY_LECTURE") == [CellStatus.MISSING]  # not yet 书记


def test_r_meet_8_a_life_meeting_held_with_the_evaluation_counts(opened: Store) -> None:
    evaluation = _meetings(opened, OFFICE, MeetingKind.EVALUATION_MEETING)[0]
    _set(opened, Meeting, [evaluation.id], deleted_at=dt.datetime(2026, 1, 5))
    assert _statuses(_grid(opened), OFFICE, "EVALUATION") == [CellStatus.MISSING]
    life = _meetings(opened, OFFICE, MeetingKind.LIFE_MEETING)[0]
    _set(opened, Meeting, [life.id], title="2025年度组织生活会暨民主评议党员会议")
    assert _statuses(_grid(opened), OFFICE, "EVALUATION") == [CellStatus.HELD]


def test_r_meet_7_planned_talks_do_not_count(opened: Store) -> None:
    with opened.sessions() as s:
        ids = list(s.scalars(select(Talk.id).where(Talk.organization_id == _org_id(opened, OFFICE),
                                                    Talk.kind == TalkKind.AMONG_MEMBERS)))
    _set(opened, Talk, ids, held=False)
    assert _statuses(_grid(opened), OFFICE, "TALK_AMONG_MEMBERS") == [CellStatus.MISSING]


def test_r_meet_2_no_committee_no_committee_meetings_owed(opened: Store) -> None:
    org = _org_id(opened, "离退休支部")
    with opened.sessions.begin() as s:
        s.execute(update(CommitteeSeat).where(
            CommitteeSeat.organization_id == org,
            CommitteeSeat.role.not_in([CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY]),
        ).values(ended_on=dt.date(2025, 1, 1)))
    grid = _grid(opened)
    line = _row(grid, "离退休支部").line("COMMITTEE_MEETING")
    assert line is not None and not line.applies
    assert {c.status for c in line.cells} == {CellStatus.NOT_REQUIRED}
    assert not any(i.rule == "R-MEET-2" for i in grid.missing)


def test_r_meet_11_ideology_minimum_is_configurable(opened: Store) -> None:
    save_setting(opened.sessions, "meet.ideology_per_year", 3)
    grid = _grid(opened)
    for row in grid.rows:
        line = row.line("IDEOLOGY")
        assert (line is None) == (row.kind is OrgKind.GROUP)
        if line is not None:
            assert line.cells[0].status is CellStatus.MISSING and line.cells[0].count in (0, 2)


def test_r_meet_1_monthly_general_assembly_setting_changes_the_periods(opened: Store) -> None:
    save_setting(opened.sessions, "meet.freq.GENERAL_ASSEMBLY", "month")
    statuses = _statuses(_grid(opened), OFFICE, "GENERAL_ASSEMBLY")
    assert len(statuses) == 12
    assert [i + 1 for i, s in enumerate(statuses) if s is CellStatus.HELD] == [3, 6, 9, 12]


def test_mid_year_periods_are_current_or_not_due_and_later_meetings_do_not_count(opened: Store) -> None:
    on = dt.date(2025, 6, 10)
    grid = _grid(opened, on)
    for row in grid.rows:
        for line in row.lines:
            for cell in line.cells:
                assert all(d <= on for d in cell.dates) and cell.count == len(cell.dates)
                if cell.period.start > on:
                    assert cell.status is CellStatus.NOT_DUE
                elif cell.period.end >= on:
                    assert cell.status in (CellStatus.CURRENT, CellStatus.HELD)
    assert {i.period.end < on for i in grid.missing} == {True}


def _fresh_orgs(store: Store) -> dict[str, int]:
    with store.sessions.begin() as s:
        root = Organization(kind=OrgKind.ORGAN_COMMITTEE, name="测试机关党委")
        new = Organization(kind=OrgKind.BRANCH, name="新建支部", parent=root, founded_on=dt.date(2025, 3, 20))
        gone = Organization(kind=OrgKind.BRANCH, name="撤销支部", parent=root, dissolved_on=dt.date(2025, 8, 15))
        old = Organization(kind=OrgKind.BRANCH, name="早已撤销支部", parent=root, dissolved_on=dt.date(2024, 5, 1))
        groups = [Organization(kind=OrgKind.GROUP, name=f"撤销支部第{n}党小组", parent=gone) for n in "一二"]
        single = Organization(kind=OrgKind.BRANCH, name="单组支部", parent=root)
        lone = Organization(kind=OrgKind.GROUP, name="单组支部党小组", parent=single)
        s.add_all([root, new, gone, old, *groups, single, lone])
        s.flush()
        ids = {o.name: o.id for o in (root, new, gone, old, *groups, single, lone)}
        for org, title, day in ((groups[0].id, "1月党小组会", 1), (gone.id, "第二党小组2月学习", 2),
                                (gone.id, "3月党小组会", 3), (single.id, "党小组会", 1)):
            s.add(Meeting(organization_id=org, kind=MeetingKind.GROUP_MEETING, title=title,
                          held_on=dt.date(2025, day, 10)))
    return ids


def test_founded_and_dissolved_branches_owe_only_their_periods(store: Store) -> None:
    ids = _fresh_orgs(store)
    grid = compliance(store.sessions, 2025, on=dt.date(2026, 1, 10))
    names = [r.name for r in grid.rows]
    assert "早已撤销支部" not in names and "新建支部" in names and "撤销支部" in names
    new, gone = grid.row(ids["新建支部"]), grid.row(ids["撤销支部"])
    assert new is not None and gone is not None
    theme = new.line("THEME_DAY")
    assert theme is not None
    assert [c.status for c in theme.cells] == [CellStatus.NOT_REQUIRED] * 3 + [CellStatus.MISSING] * 9
    gone_theme = gone.line("THEME_DAY")
    assert gone_theme is not None
    assert [c.status for c in gone_theme.cells] == [CellStatus.MISSING] * 7 + [CellStatus.NOT_REQUIRED] * 5
    life = gone.line("LIFE_MEETING")
    assert life is not None and life.cells[0].status is CellStatus.NOT_REQUIRED
    group = grid.row(ids["撤销支部第二党小组"])
    assert group is not None and group.dissolved_on == dt.date(2025, 8, 15)  # ends with its branch


def test_r_meet_3_group_meetings_count_for_the_group_they_name(store: Store) -> None:
    ids = _fresh_orgs(store)
    grid = compliance(store.sessions, 2025, on=dt.date(2026, 1, 10))

    def held(name: str) -> list[int]:
        row = grid.row(ids[name])
        line = row.line("GROUP_MEETING") if row else None
        assert line is not None
        return [c.period.index for c in line.cells if c.status is CellStatus.HELD]

    assert held("撤销支部第一党小组") == [1]  # recorded on the group itself
    assert held("撤销支部第二党小组") == [2]  # recorded on the branch, named in the title; March: no group named
    assert held("单组支部党小组") == [1]  # the only group of its branch


def test_r_meet_2_a_committee_needs_three_seats_and_r_meet_7_group_talks_count_for_the_branch(store: Store) -> None:
    ids = _fresh_orgs(store)
    branch = ids["单组支部"]
    with store.sessions.begin() as s:
        for name, role, start in (("甲", CommitteeRole.SECRETARY, None), ("乙", CommitteeRole.ORGANIZATION, None),
                                  ("丙", CommitteeRole.PROPAGANDA, dt.date(2025, 6, 15))):
            s.add(CommitteeSeat(organization_id=branch, person_name=name, role=role, started_on=start))
        s.add(Talk(organization_id=ids["单组支部党小组"], held_on=dt.date(2025, 4, 2), kind=TalkKind.AMONG_MEMBERS))
    grid = compliance(store.sessions, 2025, on=dt.date(2026, 1, 10))
    row = grid.row(branch)
    assert row is not None
    committee, talks = row.line("COMMITTEE_MEETING"), row.line("TALK_AMONG_MEMBERS")
    assert committee is not None and talks is not None
    assert [c.status for c in committee.cells] == [CellStatus.NOT_REQUIRED] * 6 + [CellStatus.MISSING] * 6
    assert talks.cells[0].status is CellStatus.HELD


def test_compliance_reminders_mid_period(opened: Store) -> None:
    """R-MEET-2, R-MEET-3, R-MEET-4: on 20 May, April and the first quarter are past, May is running."""
    found = compliance_reminders(opened.sessions, dt.date(2025, 5, 20))
    assert all(isinstance(r, Reminder) and r.topic == "组织生活" for r in found)
    assert len({(r.org_id, r.severity) for r in found}) == len(found)  # one per organisation and severity
    warnings = {(r.organisation, r.rule, r.deadline) for r in found if r.severity is Severity.WARNING}
    assert warnings == {("离退休支部", "R-MEET-2", dt.date(2025, 4, 30)),
                        ("后勤服务中心支部", "R-MEET-3", dt.date(2025, 4, 30)),
                        ("财务审计处支部", "R-MEET-4", dt.date(2025, 3, 31))}
    text = next(r.text for r in found if r.organisation == "财务审计处支部" and r.severity is Severity.WARNING)
    assert text == "财务审计处支部2025年第一季度未组织党课（要求每季度一次）。"
    infos = [r for r in found if r.severity is Severity.INFO]
    assert infos and all(r.deadline == dt.date(2025, 5, 31) for r in infos)
    assert {rule for r in infos for rule in r.rule.split("、")} <= {"R-MEET-2", "R-MEET-3", "R-MEET-5"}
    groups = next(r for r in found if r.organisation == "后勤服务中心支部" and r.severity is Severity.WARNING)
    assert groups.text.startswith("后勤服务中心支部：") and "第一党小组、" in groups.text
    assert found.index(groups) < found.index(infos[0])  # warnings first


def test_compliance_reminders_skip_a_year_with_no_records(opened: Store) -> None:
    found = compliance_reminders(opened.sessions, dt.date(2025, 1, 20))  # the demo has nothing in 2024
    assert found and all(r.deadline is not None and r.deadline.year == 2025 for r in found)
    late = compliance_reminders(opened.sessions, dt.date(2025, 10, 20))
    assert any("本年度" in r.text and "组织生活会" in r.text for r in late)  # R-MEET-6 in the fourth quarter


def _export(store: Store, tmp_path: Path, on: dt.date = ON) -> tuple[ComplianceGrid, Any]:
    out = export_compliance(store.sessions, 2025, tmp_path / "统计表.xlsx", on=on, made_on=dt.date(2026, 11, 26))
    return _grid(store, on), openpyxl.load_workbook(out)


def _marked(sheet: Any) -> set[tuple[str, str, str]]:
    """(organisation, 项目, column header) of every cell reading 缺 on a month or quarter sheet."""
    headers = [c.value for c in sheet[3]]
    found, name = set(), ""
    for row in sheet.iter_rows(min_row=4, values_only=True):
        if str(row[0] or "").startswith("注："):
            break
        name = row[0] or name
        found |= {(name, row[1], headers[i]) for i, v in enumerate(row) if i >= 2 and str(v).startswith("缺")}
    return found


def test_export_has_the_sheets_titles_and_print_settings(opened: Store, tmp_path: Path) -> None:
    _, book = _export(opened, tmp_path)
    assert book.sheetnames == [SUMMARY_SHEET, MONTH_SHEET, QUARTER_SHEET, MISSING_SHEET]
    unit = load_settings(opened.sessions).get("unit.committee_name")
    for sheet in book.worksheets:
        expected = "组织生活缺项清单" if sheet.title == MISSING_SHEET else "组织生活开展情况统计表"
        assert sheet["A1"].value == f"{unit}2025年{expected}"
        assert "截至2025年12月31日" in sheet["A2"].value
        assert sheet.page_setup.orientation == ("portrait" if sheet.title == MISSING_SHEET else "landscape")
        assert int(sheet.page_setup.paperSize) == 9 and sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows.replace("$", "") == "3:3" and sheet.freeze_panes == "A4"


def test_export_missing_cells_match_the_grid(opened: Store, tmp_path: Path) -> None:
    grid, book = _export(opened, tmp_path)
    for sheet, freq in ((MONTH_SHEET, Frequency.MONTH), (QUARTER_SHEET, Frequency.QUARTER)):
        expected = {(i.organisation, i.requirement.short, i.period.label) for i in grid.missing
                    if i.requirement.frequency is freq}
        assert _marked(book[sheet]) == expected and expected
    summary = book[SUMMARY_SHEET]
    headers = [str(c.value).replace("\n", "·") for c in summary[3]]
    yearly = {(i.organisation, i.requirement.short) for i in grid.missing if i.requirement.frequency is Frequency.YEAR}
    marked = {(row[0], headers[i]) for row in summary.iter_rows(min_row=4, max_row=14, values_only=True)
              for i, v in enumerate(row) if str(v).startswith("缺")}
    assert marked == yearly
    finance = next(r for r in summary.iter_rows(min_row=4, values_only=True) if r[0] == "财务审计处支部")
    assert finance[headers.index("党课")] == "0（缺4）" and finance[headers.index("党员大会")] == 4
    listed = [r for r in book[MISSING_SHEET].iter_rows(min_row=4, values_only=True) if isinstance(r[0], int)]
    assert len(listed) == len(grid.missing) == 43


def test_export_mid_year_leaves_running_periods_blank(opened: Store, tmp_path: Path) -> None:
    _, book = _export(opened, tmp_path, dt.date(2025, 6, 10))
    sheet = book[MONTH_SHEET]
    assert "截至2025年6月10日" in sheet["A2"].value
    office = next(r for r in sheet.iter_rows(min_row=4, values_only=True) if r[0] == OFFICE)
    assert office[1] == "支委会" and office[2:7] == (1, 1, 1, 1, 1) and office[8:14] == (None,) * 6


def test_export_never_writes_a_formula(store: Store, tmp_path: Path) -> None:
    with store.sessions.begin() as s:
        s.add(Organization(kind=OrgKind.BRANCH, name="=HYPERLINK(\"x\")", short_name="=1+1"))
    out = export_compliance(store.sessions, 2025, tmp_path / "f.xlsx", on=dt.date(2026, 1, 5))
    sheet = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    assert sheet["A4"].value == "=1+1" and sheet["A4"].data_type == "s"
