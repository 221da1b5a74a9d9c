"""调研课题 (R-MEET-13): each leader at or above 县处级 (members flagged 领导干部) takes at least the configured
number of research topics a year (``meet.research_topics_per_year``, default 1)."""

from __future__ import annotations

from sqlalchemy import select

from djdesk.services.database import Store
from djdesk.services.research import (
    ResearchInput,
    create_topic,
    delete_topic,
    leaders_without_topic,
    list_topics,
    topics_required,
    update_topic,
)
from djdesk.services.settings import reset_setting, save_setting
from djdesk.store.models import Member
from tests.services.test_meetings_support import TODAY, Tree, refused


def test_r_meet_13_record_edit_and_delete_a_topic(store: Store, tree: Tree) -> None:
    tid = create_topic(store.sessions, ResearchInput(2026, tree.m["赵四"], " 交通运输高质量发展调研 ", "进行中"),
                       today=TODAY)
    (row,) = list_topics(store.sessions, year=2026)
    assert (row.id, row.year, row.member_id, row.person_name, row.title, row.status, row.result) == (
        tid, 2026, tree.m["赵四"], "赵四", "交通运输高质量发展调研", "进行中", None)
    update_topic(store.sessions, tid, ResearchInput(2026, tree.m["赵四"], "交通运输高质量发展调研", "已结题",
                                                   "形成调研报告一篇，被采纳。"), today=TODAY)
    assert list_topics(store.sessions, member_id=tree.m["赵四"])[0].status == "已结题"
    other = create_topic(store.sessions, ResearchInput(2025, "厅外专家", "历年课题"), today=TODAY)
    assert [r.id for r in list_topics(store.sessions)] == [tid, other]  # newest year first
    delete_topic(store.sessions, other)
    assert [r.id for r in list_topics(store.sessions)] == [tid]
    refused(store.sessions, lambda: delete_topic(store.sessions, other), "找不到该调研课题")


def test_r_meet_13_refusals_write_nothing(store: Store, tree: Tree) -> None:
    cases = [
        (ResearchInput(1999, tree.m["赵四"], "课题"), "课题年度应在 2000 年到 2027 年之间"),
        (ResearchInput(2028, tree.m["赵四"], "课题"), "现填写 2028"),
        (ResearchInput(2026, tree.m["赵四"], "  "), "请填写调研课题名称"),
        (ResearchInput(2026, 9999, "课题"), "找不到所选的党员"),
        (ResearchInput(2026, tree.m["卫删"], "课题"), "找不到所选的党员"),
        (ResearchInput(2026, " ", "课题"), "请选择或填写承担课题的领导"),
        (ResearchInput(2026, tree.m["赵四"], "课题", status="状" * 51), "课题状态太长"),
    ]
    for data, fragment in cases:
        refused(store.sessions, lambda data=data: create_topic(store.sessions, data, today=TODAY), fragment)
    refused(store.sessions, lambda: update_topic(store.sessions, 9999, ResearchInput(2026, "某", "课题"),
                                                 today=TODAY), "找不到该调研课题")


def test_r_meet_13_leaders_without_topic_with_the_configured_number(store: Store, tree: Tree) -> None:
    """R-MEET-13: 赵四 (领导干部) needs 1 topic a year by default; the setting raises it to 2."""
    assert topics_required(store.sessions) == 1
    (gap,) = leaders_without_topic(store.sessions, 2026)
    assert (gap.member_id, gap.name, gap.admin_position, gap.organisation, gap.topics, gap.required) == (
        tree.m["赵四"], "赵四", "副厅长", "一支部", 0, 1)
    create_topic(store.sessions, ResearchInput(2025, tree.m["赵四"], "去年的课题"), today=TODAY)
    assert [g.topics for g in leaders_without_topic(store.sessions, 2026)] == [0]  # another year does not count
    create_topic(store.sessions, ResearchInput(2026, tree.m["赵四"], "今年的课题"), today=TODAY)
    assert leaders_without_topic(store.sessions, 2026) == []
    save_setting(store.sessions, "meet.research_topics_per_year", 2)
    (gap,) = leaders_without_topic(store.sessions, 2026)
    assert (gap.topics, gap.required) == (1, 2)
    create_topic(store.sessions, ResearchInput(2026, "赵四", "按姓名登记的课题"), today=TODAY)  # name, no link
    assert leaders_without_topic(store.sessions, 2026) == []
    reset_setting(store.sessions, "meet.research_topics_per_year")
    assert topics_required(store.sessions) == 1


def test_r_meet_13_demo_leaders_have_no_topics_yet(opened: Store) -> None:
    """R-MEET-13: the demo records no 调研课题, so each of its 领导干部 is listed."""
    with opened.sessions() as s:
        flagged = set(s.scalars(select(Member.id).where(Member.is_leading_cadre.is_(True))))
    gaps = leaders_without_topic(opened.sessions, 2025)
    assert {g.member_id for g in gaps} == flagged and all(g.topics == 0 and g.required == 1 for g in gaps)
