"""Reminders on a given date (R-ORG-7 换届, R-ORG-1 … R-ORG-6 organisation warnings) on the demo 机关党委.

The demo (tests/conftest.py ``demo_paths``: year 2025) has exactly two term problems by design:
:data:`demo.OVERDUE_BRANCH` whose term ended in 2024 and :data:`demo.DUE_SOON_BRANCH` whose term ends
within 6 months after :func:`demo.reference_date`.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from djdesk.domain.dates import add_months, add_years, format_cn
from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.domain.terms import Severity
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.database import Store
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.org_info import org_overview
from djdesk.services.org_terms import end_seat
from djdesk.services.orgs import list_orgs
from djdesk.services.reminders import Reminder, org_reminders
from djdesk.services.settings import save_setting
from djdesk.store.models import CommitteeSeat, Organization

ON = demo.reference_date(2025)
CN_DATE = re.compile(r"\d{4}年[1-9]\d?月[1-9]\d?日")  # R-DOC-4: no zero padding


def _elected_on(store: Store, short: str) -> dt.date:
    with store.sessions() as session:
        org = session.scalars(select(Organization).where(Organization.short_name == short)).one()
        assert org.term_elected_on is not None
        return org.term_elected_on


def _org_id(store: Store, short: str) -> int:
    return next(r.id for r in list_orgs(store.sessions) if r.short_name == short)


def _by_org(found: list[Reminder]) -> dict[str, list[Reminder]]:
    result: dict[str, list[Reminder]] = {}
    for r in found:
        result.setdefault(r.organisation, []).append(r)
    return result


def test_r_org_7_demo_has_exactly_the_two_designed_reminders(opened: Store) -> None:
    found = org_reminders(opened.sessions, ON)
    assert [r.organisation for r in found] == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH], found
    overdue, soon = found

    # R-ORG-5/R-ORG-6: 3 years from the electing 党员大会.
    overdue_end = add_years(_elected_on(opened, demo.OVERDUE_BRANCH), 3)
    soon_end = add_years(_elected_on(opened, demo.DUE_SOON_BRANCH), 3)
    assert overdue_end < dt.date(2025, 1, 1)  # ended before the demo year
    assert ON < soon_end <= add_months(ON, 6)  # ends within 6 months after the reference date

    assert (overdue.severity, overdue.rule, overdue.topic, overdue.deadline) == (
        Severity.URGENT, "R-ORG-7", "换届", overdue_end)
    assert "已超期" in overdue.text
    assert format_cn(overdue_end) in overdue.text
    assert CN_DATE.search(overdue.text)
    assert overdue.text.startswith(demo.OVERDUE_BRANCH)

    assert (soon.severity, soon.rule, soon.topic, soon.deadline) == (Severity.WARNING, "R-ORG-7", "换届", soon_end)
    assert "届满" in soon.text and "已超期" not in soon.text
    assert format_cn(soon_end) in soon.text

    # 紧急 before 注意, whatever the deadlines.
    assert soon.deadline is not None and overdue.deadline is not None and soon.deadline > overdue.deadline
    assert overdue.org_id == _org_id(opened, demo.OVERDUE_BRANCH)


def test_r_org_7_overdue_date_is_written_the_chinese_way(opened: Store) -> None:
    overdue = next(r for r in org_reminders(opened.sessions, ON) if r.organisation == demo.OVERDUE_BRANCH)
    assert "2024年9月20日" in overdue.text
    assert "2024-09-20" not in overdue.text and "2024年09月" not in overdue.text


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (dt.date(2025, 1, 1), [demo.OVERDUE_BRANCH]),
        (dt.date(2025, 6, 30), [demo.OVERDUE_BRANCH]),
        (dt.date(2025, 12, 31), [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]),
    ],
)
def test_r_org_7_reminders_through_the_year(opened: Store, on: dt.date, expected: list[str]) -> None:
    found = org_reminders(opened.sessions, on)
    assert [r.organisation for r in found] == expected
    assert found[0].severity is Severity.URGENT


def test_r_org_7_due_soon_window_opens_exactly_six_months_before(opened: Store) -> None:
    end = add_years(_elected_on(opened, demo.DUE_SOON_BRANCH), 3)
    opens = add_months(end, -6)

    def names(on: dt.date) -> set[str]:
        return {r.organisation for r in org_reminders(opened.sessions, on)}

    assert demo.DUE_SOON_BRANCH not in names(opens - dt.timedelta(days=1))
    assert demo.DUE_SOON_BRANCH in names(opens)
    on_end = _by_org(org_reminders(opened.sessions, end))[demo.DUE_SOON_BRANCH]
    assert [r.severity for r in on_end] == [Severity.WARNING]  # the end day itself is not yet overdue
    after = _by_org(org_reminders(opened.sessions, end + dt.timedelta(days=1)))[demo.DUE_SOON_BRANCH]
    assert [r.severity for r in after] == [Severity.URGENT]
    assert "已超期" in after[0].text


def test_r_org_7_remind_months_setting_shrinks_the_window(opened: Store) -> None:
    """R-ORG-7 is configurable: with 3 months the due-soon branch is not yet reminded on 1 October."""
    save_setting(opened.sessions, "term.remind_months", 3)
    assert [r.organisation for r in org_reminders(opened.sessions, ON)] == [demo.OVERDUE_BRANCH]
    end = add_years(_elected_on(opened, demo.DUE_SOON_BRANCH), 3)
    late = [r.organisation for r in org_reminders(opened.sessions, add_months(end, -3))]
    assert late == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]
    save_setting(opened.sessions, "term.remind_months", 6)
    assert len(org_reminders(opened.sessions, ON)) == 2


def test_r_org_5_branch_term_setting_of_five_years_leaves_the_terms_elected_before(opened: Store) -> None:
    """R-ORG-5 is configurable, for the terms elected afterwards: with 5-year branch terms in 设置 the
    overdue branch (elected in 2021 for 3 years) is still overdue, and the due-soon branch still due
    (tests/services/test_term_lengths.py has the terms elected after the change)."""
    save_setting(opened.sessions, "term.years.BRANCH", 5)
    names = [r.organisation for r in org_reminders(opened.sessions, ON)]
    assert demo.OVERDUE_BRANCH in names
    assert demo.DUE_SOON_BRANCH in names
    overview = org_overview(opened.sessions, _org_id(opened, demo.OVERDUE_BRANCH), ON)
    assert overview.term.years == 3
    assert overview.term.end == add_years(_elected_on(opened, demo.OVERDUE_BRANCH), 3)


def test_r_org_6_org_without_a_recorded_term_gets_an_info(opened: Store) -> None:
    root = next(r.id for r in list_orgs(opened.sessions) if r.parent_id is None)
    new = create_org(opened.sessions, OrgFields("中共示例省交通运输厅信息中心支部委员会", OrgKind.BRANCH,
                                                short_name="信息中心支部"), root, today=ON)
    mine = _by_org(org_reminders(opened.sessions, ON))["信息中心支部"]
    infos = [r for r in mine if r.rule == "R-ORG-6"]
    assert len(infos) == 1
    info = infos[0]
    assert (info.severity, info.deadline, info.topic, info.org_id) == (Severity.INFO, None, "换届", new)
    assert "选举日期" in info.text
    # An empty branch also has no 正式党员 (R-ORG-1) and no 书记 (R-ORG-3).
    assert {r.rule for r in mine} == {"R-ORG-6", "R-ORG-1", "R-ORG-3"}
    # Undated reminders come after those with a deadline, the more serious first.
    found = org_reminders(opened.sessions, ON)
    assert [r.organisation for r in found[:2]] == [demo.OVERDUE_BRANCH, demo.DUE_SOON_BRANCH]
    undated = found[2:]
    assert all(r.deadline is None for r in undated)
    assert [int(r.severity) for r in undated] == sorted((int(r.severity) for r in undated), reverse=True)


def test_r_org_3_branch_losing_its_secretary_is_reminded(opened: Store) -> None:
    short = "办公室支部"
    org_id = _org_id(opened, short)
    assert short not in {r.organisation for r in org_reminders(opened.sessions, ON)}
    with opened.sessions() as session:
        seat_id = session.scalars(select(CommitteeSeat.id).where(
            CommitteeSeat.organization_id == org_id, CommitteeSeat.role == CommitteeRole.SECRETARY,
            CommitteeSeat.ended_on.is_(None))).one()
    end_seat(opened.sessions, seat_id, dt.date(2025, 9, 15), today=ON)
    mine = _by_org(org_reminders(opened.sessions, ON))[short]
    assert [(r.rule, r.severity, r.topic) for r in mine] == [("R-ORG-3", Severity.WARNING, "班子")]
    assert mine[0].text.startswith(f"{short}：")
    assert "没有书记" in mine[0].text
    # Before the 书记 left there was nothing to say.
    assert short not in {r.organisation for r in org_reminders(opened.sessions, dt.date(2025, 9, 14))}


def test_dissolved_orgs_are_not_reminded(opened: Store) -> None:
    with opened.sessions.begin() as session:
        org = session.scalars(select(Organization).where(Organization.short_name == demo.OVERDUE_BRANCH)).one()
        org.dissolved_on = dt.date(2025, 6, 30)
    assert [r.organisation for r in org_reminders(opened.sessions, ON)] == [demo.DUE_SOON_BRANCH]


def test_reminders_ordered_by_urgency_then_nearest_deadline() -> None:
    """紧急 first, then 注意, then 提示; within each the nearest (earliest) deadline first, undated last."""
    from djdesk.services.reminders import _ordered

    def r(name: str, severity: Severity, deadline: dt.date | None) -> Reminder:
        return Reminder(None, name, severity, name, "R-ORG-7", deadline, "换届")

    found = [r("提示无期", Severity.INFO, None), r("注意晚", Severity.WARNING, dt.date(2026, 9, 1)),
             r("紧急无期", Severity.URGENT, None), r("紧急晚", Severity.URGENT, dt.date(2025, 3, 1)),
             r("注意早", Severity.WARNING, dt.date(2026, 2, 1)), r("紧急早", Severity.URGENT, dt.date(2024, 1, 1)),
             r("提示有期", Severity.INFO, dt.date(2027, 1, 1))]
    assert [x.organisation for x in _ordered(found, dt.date(2026, 1, 1))] == [
        "紧急早", "紧急晚", "紧急无期", "注意早", "注意晚", "提示有期", "提示无期"]
    # A database that needs repair comes before every other 紧急 item, whatever their deadlines.
    repair = Reminder(None, "数据库", Severity.URGENT, "数据需要修复", "", None, "数据安全")
    assert _ordered([*found, repair], dt.date(2026, 1, 1))[0] is repair


def test_demo_reminders_start_with_the_urgent_one(demo_paths: DataPaths) -> None:
    from djdesk.services.database import open_store
    from djdesk.services.reminders import reminders

    store = open_store(demo_paths)
    try:
        found = reminders(store.sessions, ON)
    finally:
        store.close()
    severities = [int(x.severity) for x in found]
    assert found[0].severity is Severity.URGENT and severities == sorted(severities, reverse=True)
