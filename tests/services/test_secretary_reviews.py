"""书记抓党建述职评议考核 (R-EVAL-4) on the demo 机关党委: one record per organisation and year, grades from
the settings, refusals that write nothing."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pytest
from sqlalchemy import delete

from djdesk.domain.enums import SECRETARY_REVIEW_GRADES, OrgKind
from djdesk.services import demo
from djdesk.services.org_info import org_overview
from djdesk.services.secretary_reviews import (
    ReviewInput,
    default_secretary,
    delete_review,
    list_reviews,
    save_review,
)
from djdesk.services.settings import load_settings, save_setting
from djdesk.store.models import CommitteeSeat
from tests.services.test_evaluations import TODAY, YEAR, members_of, org_id, refused


def test_r_eval_4_demo_reviews_of_every_branch(opened: Any) -> None:
    rows = list_reviews(opened.sessions, YEAR)
    kinds = {r.kind for r in rows}
    assert kinds == {OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}
    branches = [r for r in rows if r.kind is OrgKind.BRANCH]
    assert len(branches) == 8 and all(r.review_id is not None for r in branches)
    assert all(r.grade in SECRETARY_REVIEW_GRADES for r in branches)
    assert next(r for r in branches if r.organisation == demo.OVERDUE_BRANCH).grade == "一般"
    settings = load_settings(opened.sessions)
    root = next(r for r in rows if r.kind is OrgKind.ORGAN_COMMITTEE)
    assert root.reviewer == settings.get("unit.upper_org")  # 机关党委书记 → 省直机关工委
    assert {r.reviewer for r in rows if r is not root} == {settings.get("unit.committee_name")}
    assert root.review_id is None and root.secretary  # not yet reviewed; the seated 书记 is shown


def test_r_eval_4_default_secretary_is_the_one_seated_and_save_is_an_upsert(opened: Any) -> None:
    general = org_id(opened, "综合管理总支")
    seated = org_overview(opened.sessions, general, dt.date(YEAR, 12, 31)).secretary
    assert default_secretary(opened.sessions, general, YEAR) is not None
    first = save_review(opened.sessions, YEAR, general, ReviewInput(dt.date(2026, 1, 16), 91.5, "好", "成效明显"),
                        today=TODAY)
    again = save_review(opened.sessions, YEAR, general, ReviewInput(dt.date(2026, 1, 16), 88, "较好"), today=TODAY)
    assert first == again
    row = next(r for r in list_reviews(opened.sessions, YEAR) if r.org_id == general)
    assert (row.secretary, row.score, row.grade, row.comments) == (seated, 88, "较好", None)


def test_r_eval_4_secretary_chosen_or_typed(opened: Any) -> None:
    root = org_id(opened, "机关党委")
    member = members_of(opened, demo.SECRETARY_BRANCH)[0]
    save_review(opened.sessions, YEAR, root, ReviewInput(dt.date(2026, 2, 3), 95, "好", member_id=member.id),
                today=TODAY)
    assert next(r for r in list_reviews(opened.sessions, YEAR) if r.org_id == root).secretary == member.name
    save_review(opened.sessions, YEAR, root, ReviewInput(secretary_name="王某某"), today=TODAY)
    assert next(r for r in list_reviews(opened.sessions, YEAR) if r.org_id == root).secretary == "王某某"


@pytest.mark.parametrize(("data", "fragment"), [
    (ReviewInput(score=100.5), "0 到 100"),
    (ReviewInput(score=-1), "0 到 100"),
    (ReviewInput(score=math.nan), "0 到 100"),
    (ReviewInput(grade="优"), "好、较好、一般、差"),
    (ReviewInput(reported_on=dt.date(2026, 11, 27)), "在今天之后"),
    (ReviewInput(member_id=99999), "找不到"),
])
def test_r_eval_4_bad_reviews_are_refused(opened: Any, data: ReviewInput, fragment: str) -> None:
    branch = org_id(opened, "办公室支部")
    refused(opened.sessions, lambda: save_review(opened.sessions, YEAR, branch, data, today=TODAY), fragment)


def test_r_eval_4_group_future_year_and_missing_secretary_are_refused(opened: Any) -> None:
    refused(opened.sessions, lambda: save_review(opened.sessions, YEAR, org_id(opened, "办公室第一党小组"),
                                                 ReviewInput(), today=TODAY), "党小组")
    refused(opened.sessions, lambda: save_review(opened.sessions, 2027, org_id(opened, "办公室支部"),
                                                 ReviewInput(), today=TODAY), "2027年")
    general = org_id(opened, "行业管理总支")
    with opened.sessions.begin() as session:
        session.execute(delete(CommitteeSeat).where(CommitteeSeat.organization_id == general))
    refused(opened.sessions, lambda: save_review(opened.sessions, YEAR, general, ReviewInput(score=90), today=TODAY),
            "没有书记的任职记录")


def test_r_eval_4_grades_are_configurable(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    save_setting(opened.sessions, "eval.secretary_grades", ["优秀", "称职", "基本称职", "不称职"])
    save_review(opened.sessions, YEAR, branch, ReviewInput(grade="称职"), today=TODAY)
    refused(opened.sessions, lambda: save_review(opened.sessions, YEAR, branch, ReviewInput(grade="好"),
                                                 today=TODAY), "优秀、称职、基本称职、不称职")


def test_r_eval_4_delete(opened: Any) -> None:
    row = next(r for r in list_reviews(opened.sessions, YEAR) if r.review_id is not None)
    assert row.review_id is not None
    delete_review(opened.sessions, row.review_id)
    assert next(r for r in list_reviews(opened.sessions, YEAR) if r.org_id == row.org_id).review_id is None
    refused(opened.sessions, lambda: delete_review(opened.sessions, row.review_id or 0), "找不到")
