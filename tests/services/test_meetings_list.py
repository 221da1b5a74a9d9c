"""Listing meetings, default titles and 第N次 numbering (R-MEET-1 … R-MEET-11 kinds), on a small tree and
on the demo 机关党委 (year 2025)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from djdesk.domain.enums import MeetingKind, OrgKind
from djdesk.services import demo
from djdesk.services.database import Store
from djdesk.services.meetings import (
    create_meeting,
    default_title,
    delete_meeting,
    list_meetings,
    meeting_input,
    meeting_sequence,
    update_meeting,
)
from djdesk.services.orgs import list_orgs
from tests.services.test_meetings_support import (
    BRANCH_ON_ROSTER,
    COMMITTEE,
    G1,
    ON,
    SMALL,
    TODAY,
    Tree,
    assembly,
    everyone,
    refused,
)


def test_default_title_names_year_sequence_and_kind() -> None:
    """Empty titles become «{年}年第{N}次{会议}»; a 党总支 holds a 党员大会 and a 党总支委员会会议."""
    on = dt.date(2026, 3, 14)
    assert default_title(OrgKind.BRANCH, MeetingKind.GENERAL_ASSEMBLY, on, 1) == "2026年第1次支部党员大会"
    assert default_title(OrgKind.GROUP, MeetingKind.GROUP_MEETING, on, 7) == "2026年第7次党小组会"
    assert default_title(OrgKind.GENERAL_BRANCH, MeetingKind.GENERAL_ASSEMBLY, on, 2) == "2026年第2次党员大会"
    assert default_title(OrgKind.GENERAL_BRANCH, MeetingKind.COMMITTEE_MEETING, on, 3) == "2026年第3次党总支委员会会议"
    assert default_title(OrgKind.ORGAN_COMMITTEE, MeetingKind.IDEOLOGY, on, 1) == "2026年第1次意识形态专题研究"


def test_r_meet_1_numbering_by_date_not_by_entry_order(store: Store, tree: Tree) -> None:
    """R-MEET-1: 第N次 counts the held 党员大会 of the branch in the calendar year by date; entering an earlier
    meeting later renumbers the live sequence, and each title given by default keeps the number it got."""
    june = create_meeting(store.sessions, assembly(tree, title=""), today=TODAY)
    march_day = dt.date(2026, 3, 10)
    march = create_meeting(store.sessions, assembly(tree, held_on=march_day), today=TODAY)
    december = (*(n for n in BRANCH_ON_ROSTER if n != "吴八"), "褚旧")  # 吴八 joined in 2026, 褚旧 left in March
    last_year = create_meeting(store.sessions, assembly(tree, held_on=dt.date(2025, 12, 1),
                                                        attendance=everyone(tree, december)), today=TODAY)
    lecture = create_meeting(store.sessions, assembly(tree, kind=MeetingKind.PARTY_LECTURE, speaker="王一"),
                             today=TODAY)
    assert meeting_input(store.sessions, june).title == "2026年第1次支部党员大会"
    assert meeting_input(store.sessions, march).title == "2026年第1次支部党员大会"
    assert meeting_input(store.sessions, lecture).title == "2026年第1次党课"
    assert [meeting_sequence(store.sessions, m) for m in (march, june, last_year, lecture)] == [1, 2, 1, 1]
    # Clearing the title on edit gives the current number; a meeting in the 回收站 does not count.
    data = meeting_input(store.sessions, june)
    data.title = ""
    update_meeting(store.sessions, june, data, today=TODAY)
    assert meeting_input(store.sessions, june).title == "2026年第2次支部党员大会"
    delete_meeting(store.sessions, march)
    assert meeting_sequence(store.sessions, june) == 1
    refused(store.sessions, lambda: meeting_sequence(store.sessions, 9999), "找不到该会议记录")


def test_planned_meetings_do_not_take_numbers_from_held_ones(store: Store, tree: Tree) -> None:
    planned = create_meeting(store.sessions, assembly(tree, held=False, held_on=dt.date(2026, 5, 1), attendance=[]),
                             today=TODAY)
    held = create_meeting(store.sessions, assembly(tree), today=TODAY)
    assert meeting_sequence(store.sessions, planned) == 1  # ranked as if held
    assert meeting_sequence(store.sessions, held) == 1  # the planned one is not counted


def _three_orgs(store: Store, tree: Tree) -> dict[str, int]:
    ids = {
        "assembly": create_meeting(store.sessions, assembly(tree, attendance=everyone(
            tree, BRANCH_ON_ROSTER, 钱五="请假:出差", 孙六="缺席")), today=TODAY),
        "committee": create_meeting(store.sessions, assembly(tree, kind=MeetingKind.COMMITTEE_MEETING,
                                                             held_on=dt.date(2026, 6, 3),
                                                             attendance=everyone(tree, COMMITTEE)), today=TODAY),
        "group": create_meeting(store.sessions, assembly(tree, organization_id=tree.g1, held_on=dt.date(2026, 6, 20),
                                                         kind=MeetingKind.GROUP_MEETING,
                                                         attendance=everyone(tree, G1)), today=TODAY),
        "small": create_meeting(store.sessions, assembly(tree, organization_id=tree.small, held_on=dt.date(2025, 9, 1),
                                                         kind=MeetingKind.THEME_DAY,
                                                         attendance=everyone(tree, SMALL)), today=TODAY),
    }
    return ids


def test_list_meetings_filters_and_counts(store: Store, tree: Tree) -> None:
    """Newest first, with 应到/实到; filters by year, organisation (with or without those below), kind, 回收站."""
    ids = _three_orgs(store, tree)
    rows = list_meetings(store.sessions)
    assert [r.id for r in rows] == [ids["group"], ids["assembly"], ids["committee"], ids["small"]]
    first = next(r for r in rows if r.id == ids["assembly"])
    assert (first.kind, first.organisation, first.organisation_full, first.held_on) == (
        MeetingKind.GENERAL_ASSEMBLY, "一支部", "中共示例厅一支部委员会", ON)
    assert (first.expected, first.present, first.held, first.deleted) == (11, 9, True, False)
    assert (first.start_time, first.end_time, first.place) == (dt.time(9), dt.time(10, 30), "三楼会议室")
    assert {r.id for r in list_meetings(store.sessions, year=2025)} == {ids["small"]}
    assert {r.id for r in list_meetings(store.sessions, org_id=tree.branch)} == {
        ids["assembly"], ids["committee"], ids["group"]}
    assert {r.id for r in list_meetings(store.sessions, org_id=tree.branch, include_children=False)} == {
        ids["assembly"], ids["committee"]}
    assert {r.id for r in list_meetings(store.sessions, org_id=tree.root)} == set(ids.values())
    assert {r.id for r in list_meetings(store.sessions, org_id=tree.root, include_children=False)} == set()
    assert [r.id for r in list_meetings(store.sessions, kind=MeetingKind.COMMITTEE_MEETING)] == [ids["committee"]]
    delete_meeting(store.sessions, ids["group"])
    assert ids["group"] not in {r.id for r in list_meetings(store.sessions)}
    assert ids["group"] in {r.id for r in list_meetings(store.sessions, include_deleted=True, org_id=tree.g1)}
    refused(store.sessions, lambda: list_meetings(store.sessions, org_id=9999), "找不到该党组织")


def test_list_meetings_on_the_demo(opened: Store) -> None:
    """The demo year: the gaps of DEMO_GAPS show in the list (R-MEET-2, R-MEET-3, R-MEET-4, R-MEET-11)."""
    sessions = opened.sessions
    rows = list_meetings(sessions, year=2025)
    assert len(rows) == len(list_meetings(sessions)) > 300
    assert rows == sorted(rows, key=lambda r: (r.held_on, r.start_time or dt.time(0), r.id), reverse=True)
    assert all(r.present <= r.expected for r in rows)
    orgs = {o.display_name: o.id for o in list_orgs(sessions)}
    for branch, missing in demo.DEMO_GAPS.items():
        kinds = Counter(r.kind for r in list_meetings(sessions, year=2025, org_id=orgs[branch]))
        assert all(kinds[kind] == 0 for kind in missing), (branch, kinds)
    office = Counter(r.kind for r in list_meetings(sessions, year=2025, org_id=orgs["办公室支部"]))
    assert office[MeetingKind.GENERAL_ASSEMBLY] == 4  # R-MEET-1: quarterly
    assert office[MeetingKind.COMMITTEE_MEETING] == 12  # R-MEET-2: monthly
    assert office[MeetingKind.GROUP_MEETING] == 24  # R-MEET-3: two 党小组, monthly
    assert office[MeetingKind.PARTY_LECTURE] == 4  # R-MEET-4
    assert office[MeetingKind.THEME_DAY] == 12  # R-MEET-5
    assert office[MeetingKind.LIFE_MEETING] == office[MeetingKind.EVALUATION_MEETING] == 1  # R-MEET-6, R-MEET-8
    assert office[MeetingKind.IDEOLOGY] == 2  # R-MEET-11
    general = list_meetings(sessions, year=2025, org_id=orgs["综合管理总支"], kind=MeetingKind.IDEOLOGY)
    assert len(general) == 2 + 3 * 2  # the 党总支's own two and its three branches'
    assert len(list_meetings(sessions, year=2025, org_id=orgs["综合管理总支"], include_children=False)) == 2
    assert list_meetings(sessions, year=2024) == []
    quarter = [r for r in list_meetings(sessions, org_id=orgs["办公室支部"], kind=MeetingKind.GENERAL_ASSEMBLY)]
    assert [meeting_sequence(sessions, r.id) for r in quarter] == [4, 3, 2, 1]
