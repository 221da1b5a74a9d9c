"""The clerk's first day, through the services: an empty database shows nothing about an unnamed
机关党委, 建立本机关党委 names it in one transaction, and there is only ever one 机关党委."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import pytest

from djdesk.domain.enums import MemberCategory, OrgKind
from djdesk.domain.terms import size_findings
from djdesk.services.database import Store
from djdesk.services.org_admin import (
    Founding,
    OrgFields,
    create_org,
    dissolve_org,
    found_committee,
    restore_org,
    update_org,
)
from djdesk.services.org_info import org_overview
from djdesk.services.reminders import reminders
from djdesk.services.settings import load_settings
from djdesk.store.models import Member
from tests.services.refusals import RefusalCheck

TODAY = dt.date(2026, 7, 15)  # after 七一: an unrecorded nomination would be urgent
CHECK = RefusalCheck(("organizations", "settings"), order_by="1")
dump, refused = CHECK.dump, CHECK.refused
NAME = "中共示例省水利厅直属机关委员会"


def settings_rows(store: Store) -> dict[str, str]:
    conn = sqlite3.connect(f"file:{store.paths.database}?mode=ro", uri=True)
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    finally:
        conn.close()


def test_an_empty_database_has_no_reminders(store: Store) -> None:
    """No 七一 nomination reminder for an unnamed 机关党委 (it used to name «中共××厅直属机关委员会»)."""
    for on in (dt.date(2026, 5, 2), dt.date(2026, 6, 20), TODAY):
        assert reminders(store.sessions, on) == []


def test_nothing_shows_a_placeholder_name(store: Store) -> None:
    settings = load_settings(store.sessions)
    assert (settings.committee_name, settings.upper_org, settings.clerk_name) == ("", "", "")
    assert settings.made_by(dt.date(2026, 7, 1)) == ("", "制表日期：2026年7月1日")


def test_found_committee_creates_it_and_fills_the_unit_settings(store: Store) -> None:
    org_id = found_committee(store.sessions, Founding(f" {NAME} ", "机关党委", "中共示例省委直属机关工作委员会",
                                                      "李文"), today=TODAY)
    overview = org_overview(store.sessions, org_id, TODAY)
    assert (overview.row.name, overview.row.short_name, overview.row.kind) == (NAME, "机关党委",
                                                                              OrgKind.ORGAN_COMMITTEE)
    assert settings_rows(store) == {"unit.committee_name": NAME, "unit.upper_org": "中共示例省委直属机关工作委员会",
                                    "unit.clerk_name": "李文"}
    made = load_settings(store.sessions).made_by(dt.date(2026, 7, 1))
    assert made == (NAME, "制表人：李文　　制表日期：2026年7月1日")


def test_the_named_committee_is_reminded_of_the_nominations(store: Store) -> None:
    found_committee(store.sessions, Founding(NAME, "机关党委"), today=TODAY)
    [nomination] = [r for r in reminders(store.sessions, TODAY) if r.topic == "评先评优"]
    assert nomination.organisation == NAME
    assert "××" not in nomination.text


def test_a_committee_made_without_the_form_names_the_reminder_too(store: Store) -> None:
    """Created from the 组织 tab or ``djdesk orgs add`` (设置 left empty): the tree's name stands in."""
    create_org(store.sessions, OrgFields(NAME, OrgKind.ORGAN_COMMITTEE), None, today=TODAY)
    [nomination] = [r for r in reminders(store.sessions, TODAY) if r.topic == "评先评优"]
    assert nomination.organisation == NAME
    assert load_settings(store.sessions).made_by(dt.date(2026, 7, 1))[0] == NAME


@pytest.mark.parametrize(("founding", "fragments"), [
    (Founding("", "机关党委"), ("请填写党组织名称",)),
    (Founding("中共××厅直属机关委员会", "机关党委"), ("××", "实际的名称")),
    (Founding(NAME, "机关党委", upper_org="中共××省委直属机关工作委员会"), ("上级党组织", "××")),
])
def test_found_committee_refusal_writes_neither_the_organisation_nor_the_settings(
        store: Store, founding: Founding, fragments: tuple[str, ...]) -> None:
    refused(store.sessions, lambda: found_committee(store.sessions, founding, today=TODAY), *fragments)
    assert dump(store.sessions) == ((), (), 0)


def test_a_second_organ_committee_is_refused_every_way_in(store: Store) -> None:
    first = found_committee(store.sessions, Founding(NAME, "机关党委"), today=TODAY)
    other = create_org(store.sessions, OrgFields("中共示例省水利厅机关党委（筹）", OrgKind.COMMITTEE), None,
                       today=TODAY)
    second = OrgFields("中共示例省另一厅直属机关委员会", OrgKind.ORGAN_COMMITTEE)
    refused(store.sessions, lambda: create_org(store.sessions, second, None, today=TODAY),
            f"已有机关党委“{NAME}”", "一个数据库只管理一个机关党委")
    refused(store.sessions,
            lambda: found_committee(store.sessions, Founding("中共示例省另一厅直属机关委员会"), today=TODAY),
            "已有机关党委")
    refused(store.sessions,
            lambda: update_org(store.sessions, other, OrgFields("中共示例省水利厅机关党委（筹）",
                                                                OrgKind.ORGAN_COMMITTEE), today=TODAY),
            "已有机关党委")
    # A 撤销 one may be followed by a new one; restoring the old one then would make two.
    dissolve_org(store.sessions, first, dt.date(2026, 7, 1), today=TODAY)
    create_org(store.sessions, OrgFields("中共示例省水利厅直属机关委员会（新）", OrgKind.ORGAN_COMMITTEE), None,
               today=TODAY)
    refused(store.sessions, lambda: restore_org(store.sessions, first), "已有机关党委")


def test_r_org_4_a_new_organ_committee_has_no_size_warning(store: Store) -> None:
    """R-ORG-4 (≥100 members → 机关党委) says nothing before the 机关党委 has any member."""
    org_id = found_committee(store.sessions, Founding(NAME, "机关党委"), today=TODAY)
    assert org_overview(store.sessions, org_id, TODAY).findings == ()
    assert [r for r in reminders(store.sessions, TODAY) if r.topic == "组织设置"] == []


def test_r_org_4_once_it_has_members_the_size_is_checked(store: Store) -> None:
    org_id = found_committee(store.sessions, Founding(NAME, "机关党委"), today=TODAY)
    branch = create_org(store.sessions, OrgFields("办公室支部委员会", OrgKind.BRANCH), org_id, today=TODAY)
    with store.sessions.begin() as session:
        session.add_all([Member(name=f"党员{i}", category=MemberCategory.FULL, organization_id=branch)
                         for i in range(5)])
    assert [f.rule for f in org_overview(store.sessions, org_id, TODAY).findings] == ["R-ORG-4"]


@pytest.mark.parametrize("kind", [OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH])
def test_r_org_4_no_size_finding_without_members(kind: OrgKind) -> None:
    assert size_findings(kind, 0, 0) == []


def test_r_org_4_one_member_is_counted() -> None:
    assert [f.rule for f in size_findings(OrgKind.GENERAL_BRANCH, 0, 1)] == ["R-ORG-4"]
    assert [f.rule for f in size_findings(OrgKind.ORGAN_COMMITTEE, 1, 0)] == ["R-ORG-4"]
