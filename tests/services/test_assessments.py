"""支部年度考核: the checklist from the annual work plan, scores and totals, ranking, and the evidence lines
(the facts djdesk holds: compliance R-MEET-*, 民主评议 R-EVAL-1/2, 评先评优 R-EVAL-5, 换届 R-ORG-7, 述职 R-EVAL-4)."""

from __future__ import annotations

from typing import Any

import pytest

from djdesk.domain.enums import AssessmentItemKind
from djdesk.services import demo
from djdesk.services.assessments import (
    ItemInput,
    assessment,
    delete_item,
    ensure_checklist,
    evidence,
    list_items,
    ranking,
    save_item,
    set_scores,
)
from tests.services.test_evaluations import TODAY, YEAR, org_id, refused

NORMAL, BONUS, PENALTY = AssessmentItemKind.NORMAL, AssessmentItemKind.BONUS, AssessmentItemKind.PENALTY
AREAS = ["政治建设", "理论武装", "基层组织建设", "党员教育管理", "正风肃纪", "党建与业务融合", "责任落实"]


@pytest.fixture
def opened(opened: Any) -> Any:
    """The demo store (tests/conftest.py) with the year's checklist."""
    ensure_checklist(opened.sessions, YEAR, today=TODAY)
    return opened


def basic(store: Any) -> list[Any]:
    return [i for i in list_items(store.sessions, YEAR) if i.kind is NORMAL]


def test_default_checklist_follows_the_work_plan(opened: Any) -> None:
    items = list_items(opened.sessions, YEAR)
    assert list(dict.fromkeys(i.area for i in items if i.kind is NORMAL)) == AREAS
    assert sum(i.max_points for i in items if i.kind is NORMAL) == 100
    assert {i.kind for i in items} == {NORMAL, BONUS, PENALTY}
    assert all(i.max_points > 0 and i.scoring_note for i in items)
    assert [i.seq for i in items] == sorted(i.seq for i in items)
    assert ensure_checklist(opened.sessions, YEAR, today=TODAY) == 0  # the year has one already
    assert ensure_checklist(opened.sessions, YEAR - 1, today=TODAY) == len(items)  # each year its own


def test_checklist_items_can_be_added_edited_and_removed(opened: Any) -> None:
    new = save_item(opened.sessions, YEAR, ItemInput("基层组织建设", "党建工作经费使用规范", 2, scoring_note="查账"))
    assert list_items(opened.sessions, YEAR)[-1].id == new
    save_item(opened.sessions, YEAR, ItemInput("基层组织建设", "党建经费使用规范", 3), item_id=new)
    item = next(i for i in list_items(opened.sessions, YEAR) if i.id == new)
    assert (item.title, item.max_points, item.scored) == ("党建经费使用规范", 3, 0)
    delete_item(opened.sessions, new)
    assert new not in {i.id for i in list_items(opened.sessions, YEAR)}


@pytest.mark.parametrize(("data", "fragment"), [
    (ItemInput("政治建设", "新项目", 0), "应大于 0"),
    (ItemInput("政治建设", "新项目", -2), "应大于 0"),
    (ItemInput("", "新项目", 2), "类别"),
    (ItemInput("政治建设", "新项目", "五"), "分值应为数字"),  # type: ignore[arg-type]
])
def test_bad_items_are_refused(opened: Any, data: ItemInput, fragment: str) -> None:
    refused(opened.sessions, lambda: save_item(opened.sessions, YEAR, data), fragment)


def test_scored_item_keeps_its_kind_and_room_for_the_scores(opened: Any) -> None:
    item = basic(opened)[0]  # 5 points
    set_scores(opened.sessions, YEAR, org_id(opened, "办公室支部"), {item.id: (5, 4.5)}, today=TODAY)
    refused(opened.sessions, lambda: save_item(opened.sessions, YEAR, ItemInput(item.area, item.title, 4),
                                               item_id=item.id), "5 分", "4 分")
    refused(opened.sessions, lambda: save_item(opened.sessions, YEAR, ItemInput(item.area, item.title, 5, BONUS),
                                               item_id=item.id), "类型")


def test_deleting_a_scored_item_needs_confirmation_and_recomputes_totals(opened: Any) -> None:
    branch = org_id(opened, "办公室支部")
    items = basic(opened)
    set_scores(opened.sessions, YEAR, branch, {items[0].id: (5, 4), items[1].id: (6, 5)}, today=TODAY)
    refused(opened.sessions, lambda: delete_item(opened.sessions, items[0].id), "已有 1 个党组织的得分", "确认")
    delete_item(opened.sessions, items[0].id, confirm_scored=True)
    result = assessment(opened.sessions, YEAR, branch)
    assert result is not None and result.total == 5 and [s.item_id for s in result.scores] == [items[1].id]


def test_total_is_committee_points_else_own_plus_bonus_minus_penalty(opened: Any) -> None:
    items = basic(opened)
    scores: dict[int, tuple[float | None, float | None]] = {i.id: (i.max_points, i.max_points - 1) for i in items[:4]}
    scores[items[4].id] = (3.5, None)  # no committee score: the branch's own counts
    result = set_scores(opened.sessions, YEAR, org_id(opened, "办公室支部"), scores, bonus=2, bonus_reason="获表彰",
                        penalty=1.5, penalty_reason="整改不到位", grade="好", today=TODAY)
    committee = sum(i.max_points - 1 for i in items[:4])
    assert result.base == committee + 3.5
    assert result.total == committee + 3.5 + 2 - 1.5
    assert result.self_score == sum(i.max_points for i in items[:4]) + 3.5
    assert result.committee_score == committee
    assert result.grade == "好" and result.bonus_reason == "获表彰"
    # a total that adds up is accepted; (None, None) removes an item's score
    again = set_scores(opened.sessions, YEAR, org_id(opened, "办公室支部"), {items[4].id: (None, None)}, bonus=2,
                       bonus_reason="获表彰", penalty=1.5, penalty_reason="整改不到位", total=committee + 0.5,
                       today=TODAY)
    assert again.total == committee + 0.5 and len(again.scores) == 4


@pytest.mark.parametrize(("points", "fragment"), [((6, None), "应在 0 到 5 分"), ((None, -0.5), "应在 0 到 5 分"),
                                                  ((5.01, 5), "超出范围")])
def test_a_score_above_the_maximum_or_below_zero_is_refused(opened: Any, points: tuple[Any, Any],
                                                            fragment: str) -> None:
    item = basic(opened)[0]  # 5 points
    refused(opened.sessions, lambda: set_scores(opened.sessions, YEAR, org_id(opened, "办公室支部"), {item.id: points},
                                                today=TODAY), fragment)


def test_a_total_that_does_not_add_up_is_refused(opened: Any) -> None:
    item = basic(opened)[0]
    message = refused(opened.sessions, lambda: set_scores(
        opened.sessions, YEAR, org_id(opened, "办公室支部"), {item.id: (5, 4)}, bonus=1, bonus_reason="表彰",
        total=6, today=TODAY), "总分对不上", "4 分", "加分 1 分", "= 5 分", "6 分")
    assert "不填总分" in message


@pytest.mark.parametrize(("kwargs", "fragment"), [
    ({"bonus": 1}, "必须写明加分理由"),
    ({"penalty": 2, "penalty_reason": "  "}, "必须写明减分理由"),
    ({"bonus": -1, "bonus_reason": "x"}, "应为 0 或正数"),
    ({"bonus": 8, "bonus_reason": "多项表彰"}, "加分合计最多 7 分"),
    ({"penalty": 12, "penalty_reason": "违纪"}, "减分合计最多 11 分"),
])
def test_bonus_and_penalty_need_a_reason_and_stay_within_the_checklist(opened: Any, kwargs: dict[str, Any],
                                                                        fragment: str) -> None:
    refused(opened.sessions, lambda: set_scores(opened.sessions, YEAR, org_id(opened, "办公室支部"), {},
                                                today=TODAY, **kwargs), fragment)


def test_wrong_items_and_organisations_are_refused(opened: Any) -> None:
    bonus_item = next(i for i in list_items(opened.sessions, YEAR) if i.kind is BONUS)
    branch = org_id(opened, "办公室支部")
    refused(opened.sessions, lambda: set_scores(opened.sessions, YEAR, branch, {bonus_item.id: (1, 1)}, today=TODAY),
            "加分项", "理由")
    ensure_checklist(opened.sessions, YEAR - 1, today=TODAY)
    old = list_items(opened.sessions, YEAR - 1)[0]
    refused(opened.sessions, lambda: set_scores(opened.sessions, YEAR, branch, {old.id: (1, 1)}, today=TODAY),
            "不在2025年的考核表中")
    for short in ("机关党委", "办公室第一党小组"):
        wrong = org_id(opened, short)
        refused(opened.sessions, lambda: set_scores(opened.sessions, YEAR, wrong, {}, today=TODAY),  # noqa: B023
                "不参加支部年度考核")


def test_ranking_by_total_with_equal_places_shared(opened: Any) -> None:
    items = basic(opened)
    for short, points in (("办公室支部", 4), ("财务审计处支部", 5), ("离退休支部", 4), ("综合规划处支部", 3)):
        set_scores(opened.sessions, YEAR, org_id(opened, short), {items[0].id: (None, points)}, today=TODAY)
    rows = ranking(opened.sessions, YEAR)
    assert [(r.rank, r.organisation) for r in rows[:4]] == [
        (1, "财务审计处支部"), (2, "办公室支部"), (2, "离退休支部"), (4, "综合规划处支部")]
    assert len(rows) == 8 and all(r.rank is None and r.result is None for r in rows[4:])


def test_evidence_of_the_unqualified_branch(opened: Any) -> None:
    lines = evidence(opened.sessions, YEAR, org_id(opened, demo.UNQUALIFIED_BRANCH), on=TODAY)
    life, evaluations, talks, honours, term = lines[:5]
    assert life.startswith("组织生活（截至2025年12月31日）") and "意识形态专题研究" in life and "党小组会" in life
    assert "应评48名，已评定48名" in evaluations and "不合格1名" in evaluations
    assert "缺“党员之间”" in talks
    assert honours == "评先评优：无。"
    assert term.startswith("换届：")
    assert lines[5].startswith("书记述职评议：") and "较好" in lines[5]


def test_evidence_of_the_other_demo_branches(opened: Any) -> None:
    heavy = evidence(opened.sessions, YEAR, org_id(opened, demo.EXCELLENT_HEAVY_BRANCH), on=TODAY)
    assert "没有缺项" in heavy[0] and "优秀一般不超过" in heavy[1]
    advanced = evidence(opened.sessions, YEAR, org_id(opened, demo.ADVANCED_BRANCH), on=TODAY)
    assert "先进基层党组织" in advanced[3] and "表彰" in advanced[3]
    overdue = evidence(opened.sessions, YEAR, org_id(opened, demo.OVERDUE_BRANCH), on=TODAY)
    assert any(line.startswith("换届：") and "已超期" in line for line in overdue)
