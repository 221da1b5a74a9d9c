"""The 首页 reminders when the main window passes the organisation overviews it has just read.

The window reads :func:`org_overviews` (with the dissolved organisations when 显示已撤销 is ticked)
and hands them to :func:`reminders` instead of having them read again: the reminders shown must be
exactly those computed alone, and a dissolved organisation is never reminded of.
"""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.enums import OrgKind
from djdesk.services import demo
from djdesk.services.database import Store
from djdesk.services.org_admin import OrgFields, create_org, dissolve_org
from djdesk.services.org_info import org_overviews
from djdesk.services.orgs import list_orgs
from djdesk.services.reminders import ORG_TOPICS, org_reminders, reminders

ON = demo.reference_date(2025)


@pytest.mark.parametrize("include_dissolved", [False, True])
@pytest.mark.parametrize("on", [ON, dt.date(2025, 12, 20), dt.date(2026, 1, 10), dt.date(2026, 3, 31)])
def test_reminders_with_the_windows_overviews_are_those_computed_alone(
    opened: Store, on: dt.date, include_dissolved: bool
) -> None:
    alone = reminders(opened.sessions, on)
    assert alone  # the demo has 换届 and organisational-life reminders
    shown = org_overviews(opened.sessions, on, include_dissolved=include_dissolved)
    assert reminders(opened.sessions, on, overviews=shown) == alone
    assert org_reminders(opened.sessions, on, overviews=shown) == org_reminders(opened.sessions, on)


def test_a_dissolved_branch_shown_in_the_tree_gets_no_org_reminder(opened: Store) -> None:
    root = next(r.id for r in list_orgs(opened.sessions) if r.parent_id is None)
    empty = create_org(opened.sessions, OrgFields("中共示例省交通运输厅信息中心支部委员会", OrgKind.BRANCH,
                                                  short_name="信息中心支部"), root, today=ON)
    # Before 撤销: an empty branch without a recorded term (R-ORG-1, R-ORG-3, R-ORG-6).
    assert "信息中心支部" in {r.organisation for r in org_reminders(opened.sessions, ON)}

    dissolve_org(opened.sessions, empty, ON, today=ON)
    shown = org_overviews(opened.sessions, ON, include_dissolved=True)
    assert empty in {ov.row.id for ov in shown}  # the tree still lists it (显示已撤销)
    found = reminders(opened.sessions, ON, overviews=shown)
    assert not [r for r in found if r.organisation == "信息中心支部" and r.topic in ORG_TOPICS]
    assert found == reminders(opened.sessions, ON)
