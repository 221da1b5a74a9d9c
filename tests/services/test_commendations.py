"""评先评优 (R-EVAL-5): nominations before 七一 and the reminder to record them, on the demo 机关党委."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from djdesk.domain.enums import CommendationStatus
from djdesk.domain.terms import Severity
from djdesk.services import demo
from djdesk.services.commendations import (
    NominationInput,
    add_nomination,
    delete_nomination,
    get_nomination,
    is_org_title,
    list_nominations,
    nomination_reminder,
    update_nomination,
)
from tests.services.test_evaluations import TODAY, YEAR, members_of, org_id, refused


def test_r_eval_5_demo_nominations(opened: Any) -> None:
    rows = list_nominations(opened.sessions, YEAR)
    assert [r.title for r in rows] == ["优秀共产党员"] * 4 + ["优秀党务工作者"] * 2 + ["先进基层党组织"]
    advanced = rows[-1]
    assert advanced.for_organisation and advanced.member_id is None
    assert advanced.organisation == demo.ADVANCED_BRANCH
    assert all(r.status is CommendationStatus.AWARDED and r.doc_number for r in rows)
    assert list_nominations(opened.sessions, YEAR + 1) == []


def test_r_eval_5_titles_for_members_and_for_organisations() -> None:
    assert not is_org_title("优秀共产党员") and not is_org_title("青年学习标兵")
    assert is_org_title("先进基层党组织") and is_org_title("标准化建设示范党支部") and is_org_title("先进集体")


def test_r_eval_5_record_update_and_delete(opened: Any) -> None:
    member = members_of(opened, "办公室支部")[4]
    new = add_nomination(opened.sessions, YEAR, NominationInput(
        "青年学习标兵", member_id=member.id, deeds="带头学习。\n成果突出。", level="机关党委"), today=TODAY)
    row = get_nomination(opened.sessions, new)
    assert (row.nominee_name, row.organisation, row.status) == (member.name, "办公室支部", CommendationStatus.NOMINATED)
    update_nomination(opened.sessions, new, NominationInput(
        "青年学习标兵", member_id=member.id, deeds="带头学习。", level="省直机关工委",
        status=CommendationStatus.AWARDED, doc_number="示直工委〔2025〕9号", doc_on=dt.date(2025, 6, 30)),
        today=TODAY)
    row = get_nomination(opened.sessions, new)
    assert (row.level, row.status, row.doc_on) == ("省直机关工委", CommendationStatus.AWARDED, dt.date(2025, 6, 30))
    branch = org_id(opened, "综合规划处支部")
    model = add_nomination(opened.sessions, YEAR, NominationInput("标准化建设示范党支部", organization_id=branch),
                           today=TODAY)
    assert get_nomination(opened.sessions, model).for_organisation
    delete_nomination(opened.sessions, new)
    assert new not in {r.id for r in list_nominations(opened.sessions, YEAR)}


def test_r_eval_5_wrong_kind_of_nominee_is_refused(opened: Any) -> None:
    member = members_of(opened, "办公室支部")[4]
    branch = org_id(opened, "办公室支部")
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        "优秀共产党员", organization_id=branch), today=TODAY), "个人荣誉", "选择一名党员")
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        "先进基层党组织", member_id=member.id), today=TODAY), "表彰的是党组织")
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        "先进基层党组织", organization_id=org_id(opened, "办公室第一党小组")), today=TODAY), "党小组")
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        "优秀共产党员", member_id=member.id, organization_id=branch), today=TODAY), "个人荣誉")


@pytest.mark.parametrize(("data", "fragment"), [
    (NominationInput("  "), "请填写荣誉称号"),
    (NominationInput("优秀共产党员", member_id=99999), "找不到所选的党员"),
    (NominationInput("优秀共产党员", member_id=1, doc_on=dt.date(2026, 12, 1)), "在今天之后"),
    (NominationInput("优秀共产党员", member_id=1, status="表彰"), "推荐、审批、表彰"),  # type: ignore[arg-type]
])
def test_r_eval_5_bad_nominations_are_refused(opened: Any, data: NominationInput, fragment: str) -> None:
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, data, today=TODAY), fragment)


def test_r_eval_5_the_same_nominee_twice_is_refused(opened: Any) -> None:
    first = list_nominations(opened.sessions, YEAR)[0]
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        first.title, member_id=first.member_id), today=TODAY), "已经推荐过", first.nominee_name)
    advanced = list_nominations(opened.sessions, YEAR)[-1]
    refused(opened.sessions, lambda: add_nomination(opened.sessions, YEAR, NominationInput(
        advanced.title, organization_id=advanced.org_id), today=TODAY), "已经推荐过")
    add_nomination(opened.sessions, YEAR, NominationInput("优秀党务工作者", member_id=first.member_id), today=TODAY)


def test_r_eval_5_reminder_from_may_until_recorded_due_before_july(opened: Any) -> None:
    year = YEAR + 1  # the demo recorded 2025's nominations, none yet for 2026
    assert nomination_reminder(opened.sessions, dt.date(year, 4, 30)) is None
    may = nomination_reminder(opened.sessions, dt.date(year, 5, 1))
    assert may is not None and may.severity is Severity.INFO
    assert (may.topic, may.rule, may.deadline) == ("评先评优", "R-EVAL-5", dt.date(year, 6, 30))
    assert "6月30日前" in may.text and "优秀共产党员" in may.text
    june = nomination_reminder(opened.sessions, dt.date(year, 6, 15))
    assert june is not None and june.severity is Severity.WARNING
    july = nomination_reminder(opened.sessions, dt.date(year, 7, 2))
    assert july is not None and july.severity is Severity.URGENT and "已过" in july.text
    assert nomination_reminder(opened.sessions, dt.date(YEAR, 5, 20)) is None  # recorded
    member = members_of(opened, "办公室支部")[0]
    add_nomination(opened.sessions, year, NominationInput("优秀共产党员", member_id=member.id),
                   today=dt.date(year, 6, 1))
    assert nomination_reminder(opened.sessions, dt.date(year, 6, 15)) is None
