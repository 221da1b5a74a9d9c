"""Committees (班子成员), terms and 换届 elections (R-ORG-3, R-ORG-5 … R-ORG-10), through the services the
organisation page uses. A refused change says in Chinese what to change and leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from djdesk.domain.dates import add_years
from djdesk.domain.enums import CommitteeRole, MemberCategory, OrgKind, RosterStatus
from djdesk.domain.terms import TermStatus
from djdesk.paths import DataPaths
from djdesk.services import demo
from djdesk.services.database import Store, open_store
from djdesk.services.org_admin import OrgFields, create_org
from djdesk.services.org_info import org_overview
from djdesk.services.org_terms import (
    CandidateInput,
    ElectionInput,
    SeatInput,
    add_seat,
    end_seat,
    record_election,
    seats_of,
    set_adjustment,
    set_term,
)
from djdesk.services.orgs import list_orgs
from djdesk.services.reminders import org_reminders
from djdesk.store.engine import SessionFactory
from djdesk.store.models import CommitteeSeat, Election, Member, Organization
from tests.services.refusals import RefusalCheck

TODAY = dt.date(2026, 6, 1)
TABLES = ("organizations", "committee_seats", "elections", "election_votes")
NAMES = ("张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴霞")

SECRETARY = CommitteeRole.SECRETARY
DEPUTY = CommitteeRole.DEPUTY_SECRETARY
ORGANIZATION = CommitteeRole.ORGANIZATION
PROPAGANDA = CommitteeRole.PROPAGANDA
DISCIPLINE = CommitteeRole.DISCIPLINE


CHECK = RefusalCheck(TABLES)
dump, refused = CHECK.dump, CHECK.refused


@dataclass
class Setup:
    root: int
    branch: int  # 办公室支部: 10 正式党员 (NAMES) and 1 预备党员
    group: int  # a 党小组 of that branch
    other: int  # 法规处支部 with one member
    members: dict[str, int]
    outsider: int  # member of the other branch


@pytest.fixture
def org(store: Store) -> Setup:
    s = store.sessions
    root = create_org(s, OrgFields("中共示例厅直属机关委员会", OrgKind.ORGAN_COMMITTEE, short_name="机关党委"), None,
                      today=TODAY)
    branch = create_org(s, OrgFields("办公室支部委员会", OrgKind.BRANCH, short_name="办公室支部"), root, today=TODAY)
    group = create_org(s, OrgFields("办公室第一党小组", OrgKind.GROUP), branch, today=TODAY)
    other = create_org(s, OrgFields("政策法规处支部委员会", OrgKind.BRANCH, short_name="法规处支部"), root,
                       today=TODAY)
    with s.begin() as session:
        people = [Member(name=n, category=MemberCategory.FULL, organization_id=branch,
                         group_id=group if i < 5 else None) for i, n in enumerate(NAMES)]
        people.append(Member(name="孙丽", category=MemberCategory.PROBATIONARY, organization_id=branch))
        outsider = Member(name="钱七", category=MemberCategory.FULL, organization_id=other)
        session.add_all([*people, outsider])
        session.flush()
        members = {m.name: m.id for m in people}
        outsider_id = outsider.id
    return Setup(root, branch, group, other, members, outsider_id)


def seat(sessions: SessionFactory, setup: Setup, name: str, role: CommitteeRole,
         started: dt.date = dt.date(2023, 3, 15), **kw: Any) -> int:
    return add_seat(sessions, setup.branch, SeatInput(setup.members[name], role, started, **kw), today=TODAY)


def current(sessions: SessionFactory, org_id: int, on: dt.date = TODAY) -> list[tuple[str, CommitteeRole]]:
    return [(s.person_name, s.role) for s in org_overview(sessions, org_id, on).seats]


# --- 班子成员 (R-ORG-3, R-ORG-10) --------------------------------------------------------------------


def test_r_org_3_add_seats_for_branch_members(store: Store, org: Setup) -> None:
    seat(store.sessions, org, "张伟", SECRETARY)
    seat(store.sessions, org, "王芳", ORGANIZATION)
    seat(store.sessions, org, "刘洋", PROPAGANDA)  # not in the 党小组: still a member of the branch
    overview = org_overview(store.sessions, org.branch, TODAY)
    assert overview.secretary == "张伟"
    assert [(s.person_name, s.role) for s in overview.seats] == [
        ("张伟", SECRETARY), ("王芳", ORGANIZATION), ("刘洋", PROPAGANDA),
    ]
    # 10 正式党员 and a committee of 3 with a 书记: nothing to warn about.
    assert [f for f in overview.findings if f.rule == "R-ORG-3"] == []


def test_r_org_3_committee_member_must_be_a_member_of_that_organisation(store: Store, org: Setup) -> None:
    """Issue: "a committee member who is not a member of that organisation" is refused."""
    refused(store.sessions,
            lambda: add_seat(store.sessions, org.branch, SeatInput(org.outsider, ORGANIZATION, dt.date(2024, 1, 1)),
                             today=TODAY),
            "钱七不是“办公室支部”的党员", "不能担任其班子成员", "请先把该党员的组织关系转入本组织")


def test_r_org_3_member_no_longer_on_the_roster_cannot_take_a_seat(store: Store, org: Setup) -> None:
    with store.sessions.begin() as session:
        session.get_one(Member, org.members["赵磊"]).roster_status = RosterStatus.TRANSFERRED_OUT
    refused(store.sessions, lambda: seat(store.sessions, org, "赵磊", DISCIPLINE), "赵磊不是", "请先把")


def test_r_org_3_only_one_secretary_at_a_time(store: Store, org: Setup) -> None:
    seat(store.sessions, org, "张伟", SECRETARY)
    refused(store.sessions, lambda: seat(store.sessions, org, "王芳", SECRETARY, dt.date(2024, 1, 1)),
            "已有书记（张伟）", "同一时间只能有一名书记", "请先为张伟填写离任日期")


def test_r_org_3_second_secretary_with_an_earlier_start_is_refused(store: Store, org: Setup) -> None:
    """A 书记 entered with a start date before the current 书记's, and no end date, would make two 书记
    hold office today."""
    seat(store.sessions, org, "张伟", SECRETARY, dt.date(2024, 1, 1))
    refused(store.sessions, lambda: seat(store.sessions, org, "王芳", SECRETARY, dt.date(2023, 1, 1)),
            "同一时间只能有一名书记")
    assert [r for _, r in current(store.sessions, org.branch)].count(SECRETARY) == 1


def test_r_org_3_new_secretary_after_the_old_one_left(store: Store, org: Setup) -> None:
    old = seat(store.sessions, org, "张伟", SECRETARY)
    end_seat(store.sessions, old, dt.date(2025, 12, 31), today=TODAY)
    seat(store.sessions, org, "王芳", SECRETARY, dt.date(2025, 12, 31))
    assert current(store.sessions, org.branch) == [("王芳", SECRETARY)]
    assert current(store.sessions, org.branch, dt.date(2025, 12, 30)) == [("张伟", SECRETARY)]


def test_same_person_twice_is_refused(store: Store, org: Setup) -> None:
    seat(store.sessions, org, "张伟", DEPUTY)
    refused(store.sessions, lambda: seat(store.sessions, org, "张伟", PROPAGANDA), "张伟已是本届班子成员",
            "请先结束原职务")


def test_seat_start_date_in_the_future_is_refused(store: Store, org: Setup) -> None:
    refused(store.sessions, lambda: seat(store.sessions, org, "张伟", SECRETARY, TODAY + dt.timedelta(days=1)),
            "任职日期", "2026年6月2日", "在今天之后")


def test_seat_on_a_group_is_refused(store: Store, org: Setup) -> None:
    refused(store.sessions,
            lambda: add_seat(store.sessions, org.group, SeatInput(org.members["张伟"], SECRETARY, dt.date(2024, 1, 1)),
                             today=TODAY),
            "党小组不设委员会", "请在党支部的班子成员中设置")


def test_end_seat_before_its_start_is_refused(store: Store, org: Setup) -> None:
    seat_id = seat(store.sessions, org, "张伟", SECRETARY, dt.date(2023, 3, 15))
    refused(store.sessions, lambda: end_seat(store.sessions, seat_id, dt.date(2023, 3, 14), today=TODAY),
            "离任日期早于任职日期", "2023年3月15日")
    refused(store.sessions, lambda: end_seat(store.sessions, seat_id, TODAY + dt.timedelta(days=1), today=TODAY),
            "离任日期", "在今天之后")
    end_seat(store.sessions, seat_id, dt.date(2023, 3, 15), today=TODAY)
    assert current(store.sessions, org.branch) == []


def test_r_org_10_seat_keeps_the_approval_document(store: Store, org: Setup) -> None:
    """R-ORG-10: 书记 approved (批准) by the upper organisation, 委员 reported for record (备案)."""
    seat(store.sessions, org, "张伟", SECRETARY, filing_doc="示直党〔2023〕12号", filing_on=dt.date(2023, 3, 30))
    seat(store.sessions, org, "王芳", ORGANIZATION, filing_doc="示直党〔2023〕13号（备案）")
    shown = {s.person_name: (s.filing_doc, s.filing_on) for s in org_overview(store.sessions, org.branch, TODAY).seats}
    assert shown == {"张伟": ("示直党〔2023〕12号", dt.date(2023, 3, 30)), "王芳": ("示直党〔2023〕13号（备案）", None)}
    assert {s.person_name: s.filing_doc for s in seats_of(store.sessions, org.branch)}["张伟"] == "示直党〔2023〕12号"


# --- term and R-ORG-8 adjustment ------------------------------------------------------------------


def test_r_org_8_adjustment_over_twelve_months_is_refused(store: Store, org: Setup) -> None:
    set_term(store.sessions, org.branch, 3, dt.date(2023, 3, 15), today=TODAY)
    for months in (13, -13):
        refused(store.sessions,
                lambda months=months: set_adjustment(store.sessions, org.branch, months, "示直党〔2026〕5号",
                                                     dt.date(2026, 2, 1), today=TODAY),
                "最长 12 个月")


def test_r_org_8_adjustment_needs_a_document_number(store: Store, org: Setup) -> None:
    set_term(store.sessions, org.branch, 3, dt.date(2023, 3, 15), today=TODAY)
    refused(store.sessions,
            lambda: set_adjustment(store.sessions, org.branch, 6, "  ", dt.date(2026, 2, 1), today=TODAY),
            "请填写批准文号")
    refused(store.sessions,
            lambda: set_adjustment(store.sessions, org.branch, 6, "示直党〔2026〕5号", TODAY + dt.timedelta(days=1),
                                   today=TODAY),
            "批准日期", "在今天之后")


def test_r_org_8_adjustment_needs_a_recorded_term(store: Store, org: Setup) -> None:
    refused(store.sessions,
            lambda: set_adjustment(store.sessions, org.branch, 6, "示直党〔2026〕5号", None, today=TODAY),
            "还没有记录任期", "请先记录换届选举")


def test_r_org_8_extension_of_six_months_moves_the_end(store: Store, org: Setup) -> None:
    """R-ORG-5: a branch elected on 2023-03-15 serves 3 years; an approved extension of 6 months (R-ORG-8)
    moves the end to 2026-09-15, so on 2026-06-01 it is 即将届满 instead of 已超期 (R-ORG-7)."""
    set_term(store.sessions, org.branch, 3, dt.date(2023, 3, 15), today=TODAY)
    before = org_overview(store.sessions, org.branch, TODAY).term
    assert (before.end, before.status, before.years) == (dt.date(2026, 3, 15), TermStatus.OVERDUE, 3)
    set_adjustment(store.sessions, org.branch, 6, " 示直党〔2026〕5号 ", dt.date(2026, 2, 1), today=TODAY)
    after = org_overview(store.sessions, org.branch, TODAY).term
    assert after.end == dt.date(2026, 9, 15)
    assert after.status is TermStatus.DUE_SOON
    assert (after.adjust_months, after.adjust_doc, after.adjust_on) == (6, "示直党〔2026〕5号", dt.date(2026, 2, 1))
    # Setting it back to 0 clears the document as well.
    set_adjustment(store.sessions, org.branch, 0, None, None, today=TODAY)
    cleared = org_overview(store.sessions, org.branch, TODAY).term
    assert (cleared.end, cleared.adjust_doc, cleared.adjust_on) == (dt.date(2026, 3, 15), None, None)


def test_r_org_5_term_override_of_one_organisation(store: Store, org: Setup) -> None:
    set_term(store.sessions, org.branch, 3, dt.date(2023, 3, 15), term_years=5, today=TODAY)
    term = org_overview(store.sessions, org.branch, TODAY).term
    assert (term.years, term.end, term.status) == (5, dt.date(2028, 3, 15), TermStatus.NORMAL)
    refused(store.sessions, lambda: set_term(store.sessions, org.branch, 0, dt.date(2023, 3, 15), today=TODAY),
            "届次应为正整数")
    refused(store.sessions,
            lambda: set_term(store.sessions, org.branch, 3, TODAY + dt.timedelta(days=1), today=TODAY),
            "选举日期", "在今天之后")


# --- R-ORG-9 elections ----------------------------------------------------------------------------


def _candidates(setup: Setup, *spec: tuple[str, int, CommitteeRole | None]) -> list[CandidateInput]:
    return [CandidateInput(name, votes, setup.members[name], role) for name, votes, role in spec]


def _election(setup: Setup, held: dt.date, entitled: int, present: int,
              *spec: tuple[str, int, CommitteeRole | None], term: int = 4) -> ElectionInput:
    return ElectionInput(held_on=held, term_number=term, entitled=entitled, present=present,
                         candidates=_candidates(setup, *spec), approval_doc="示直党〔2026〕20号",
                         approval_on=held + dt.timedelta(days=10))


def test_r_org_9_more_present_than_entitled_is_refused(store: Store, org: Setup) -> None:
    data = _election(org, dt.date(2026, 3, 20), 10, 11, ("张伟", 10, SECRETARY))
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "实到人数（11）不能多于应到人数（10）")


def test_r_org_9_election_date_in_the_future_is_refused(store: Store, org: Setup) -> None:
    data = _election(org, TODAY + dt.timedelta(days=1), 10, 10, ("张伟", 10, SECRETARY))
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "选举日期", "在今天之后")


def test_r_org_9_four_fifths_present_is_not_enough(store: Store, org: Setup) -> None:
    """8 of 10 is exactly 4/5: the rule needs more, so the election is void and nothing is recorded."""
    data = _election(org, dt.date(2026, 3, 20), 10, 8, ("张伟", 8, SECRETARY))
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "选举无效", "未超过应到 10 人的五分之四")


def test_r_org_9_two_elected_secretaries_are_refused(store: Store, org: Setup) -> None:
    data = _election(org, dt.date(2026, 3, 20), 10, 10, ("张伟", 9, SECRETARY), ("王芳", 8, SECRETARY))
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "2 名书记", "请修改分工")


def test_r_org_9_candidate_from_another_branch_is_refused(store: Store, org: Setup) -> None:
    data = _election(org, dt.date(2026, 3, 20), 10, 10, ("张伟", 9, SECRETARY))
    data.candidates.append(CandidateInput("钱七", 9, org.outsider, ORGANIZATION))
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "钱七不是“办公室支部”的党员")


def test_r_org_9_no_election_for_a_group(store: Store, org: Setup) -> None:
    data = _election(org, dt.date(2026, 3, 20), 5, 5, ("张伟", 5, None))
    refused(store.sessions, lambda: record_election(store.sessions, org.group, data, today=TODAY),
            "党小组不进行换届选举")


def test_r_org_9_valid_election_starts_the_new_term(store: Store, org: Setup) -> None:
    """R-ORG-9 and R-ORG-6: a valid election is stored with its votes, starts the next term from its date,
    clears the old term's adjustment, ends the old committee and seats only those elected."""
    s = store.sessions
    set_term(s, org.branch, 3, dt.date(2023, 3, 15), today=TODAY)
    set_adjustment(s, org.branch, 6, "示直党〔2026〕5号", dt.date(2026, 2, 1), today=TODAY)
    old_secretary = seat(s, org, "张伟", SECRETARY)
    old_member = seat(s, org, "黄敏", ORGANIZATION)
    held = dt.date(2026, 5, 20)
    data = _election(org, held, 10, 10,
                     ("王芳", 9, SECRETARY), ("李娜", 8, ORGANIZATION), ("刘洋", 6, PROPAGANDA),
                     ("陈静", 5, DISCIPLINE),  # exactly half of the 10 present: not elected
                     ("张伟", 7, None))  # elected without a post: an ordinary 委员
    election_id = record_election(s, org.branch, data, today=TODAY)

    with s() as session:
        election = session.get_one(Election, election_id)
        assert (election.held_on, election.term_number, election.entitled, election.present) == (held, 4, 10, 10)
        assert election.approval_doc == "示直党〔2026〕20号"
        votes = {v.candidate_name: (v.votes, v.elected, v.role) for v in election.votes}
        old = {r.id: r.ended_on for r in session.scalars(select(CommitteeSeat).where(
            CommitteeSeat.id.in_([old_secretary, old_member])))}
    assert votes == {
        "王芳": (9, True, SECRETARY), "李娜": (8, True, ORGANIZATION), "刘洋": (6, True, PROPAGANDA),
        "陈静": (5, False, DISCIPLINE), "张伟": (7, True, None),
    }
    assert old == {old_secretary: held, old_member: held}

    overview = org_overview(s, org.branch, TODAY)
    assert (overview.term.number, overview.term.elected_on) == (4, held)
    assert (overview.term.adjust_months, overview.term.adjust_doc, overview.term.adjust_on) == (0, None, None)
    assert overview.term.end == add_years(held, 3)
    assert overview.term.status is TermStatus.NORMAL
    assert [(x.person_name, x.role, x.started_on) for x in overview.seats] == [
        ("王芳", SECRETARY, held), ("李娜", ORGANIZATION, held), ("刘洋", PROPAGANDA, held),
        ("张伟", CommitteeRole.MEMBER, held),
    ]
    assert overview.secretary == "王芳"
    assert [(e.term_number, e.elected) for e in overview.elections] == [
        (4, (("王芳", 9), ("李娜", 8), ("刘洋", 6), ("张伟", 7))),
    ]
    # The day before the election the old committee was still in office.
    assert current(s, org.branch, held - dt.timedelta(days=1)) == [("张伟", SECRETARY), ("黄敏", ORGANIZATION)]


def test_r_org_9_new_term_number_must_be_higher(store: Store, org: Setup) -> None:
    set_term(store.sessions, org.branch, 3, dt.date(2023, 3, 15), today=TODAY)
    data = _election(org, dt.date(2026, 5, 20), 10, 10, ("王芳", 9, SECRETARY), term=3)
    refused(store.sessions, lambda: record_election(store.sessions, org.branch, data, today=TODAY),
            "当前为第 3 届", "应大于 3")


def test_r_org_6_older_election_does_not_change_the_current_term(store: Store, org: Setup) -> None:
    """An election of the previous term entered afterwards for the record leaves the current term alone."""
    s = store.sessions
    newer = _election(org, dt.date(2026, 5, 20), 10, 10, ("王芳", 9, SECRETARY), ("李娜", 8, ORGANIZATION), term=4)
    record_election(s, org.branch, newer, today=TODAY)
    older = _election(org, dt.date(2023, 3, 15), 10, 9, ("张伟", 9, SECRETARY), term=3)
    record_election(s, org.branch, older, today=TODAY)
    overview = org_overview(s, org.branch, TODAY)
    assert (overview.term.number, overview.term.elected_on) == (4, dt.date(2026, 5, 20))
    assert overview.secretary == "王芳"
    assert [(x.person_name, x.role) for x in overview.seats] == [("王芳", SECRETARY), ("李娜", ORGANIZATION)]
    assert [e.held_on for e in overview.elections] == [dt.date(2026, 5, 20), dt.date(2023, 3, 15)]
    with s() as session:
        ended = session.scalars(select(CommitteeSeat.ended_on)).all()
    assert ended == [None, None]  # the older election neither ended nor created seats


def test_r_org_6_r_org_7_overdue_demo_branch_is_normal_after_a_new_election(demo_paths: DataPaths) -> None:
    """The demo branch whose term ended in 2024 is 已超期 on 1 October 2025; after its 换届 on
    26 September 2025 its new term runs 3 years from that date (R-ORG-6) and it is 正常 again (R-ORG-7)."""
    on = demo.reference_date(2025)
    opened = open_store(demo_paths)
    try:
        s = opened.sessions
        row = next(r for r in list_orgs(s) if r.short_name == demo.OVERDUE_BRANCH)
        before = org_overview(s, row.id, on)
        assert before.term.status is TermStatus.OVERDUE
        with s() as session:
            org = session.get_one(Organization, row.id)
            full = [(m.id, m.name) for m in session.scalars(select(Member).where(
                Member.organization_id == org.id, Member.category == MemberCategory.FULL,
                Member.roster_status == RosterStatus.ACTIVE, Member.deleted_at.is_(None)).order_by(Member.id))]
        entitled, present = len(full), len(full) - 2
        roles = [SECRETARY, ORGANIZATION, PROPAGANDA, DISCIPLINE, CommitteeRole.MEMBER]
        candidates = [CandidateInput(name, present - k, mid, roles[k]) for k, (mid, name) in enumerate(full[:5])]
        candidates.append(CandidateInput(full[5][1], present // 2, full[5][0], None))  # exactly half: not elected
        held = dt.date(2025, 9, 26)
        record_election(s, row.id, ElectionInput(held, (before.term.number or 0) + 1, entitled, present,
                                                 candidates), today=on)
        after = org_overview(s, row.id, on)
        assert after.term.elected_on == held
        assert after.term.end == dt.date(2028, 9, 26)
        assert after.term.status is TermStatus.NORMAL
        assert sorted(x.person_name for x in after.seats) == sorted(n for _, n in full[:5])
        overdue = [r for r in org_reminders(s, on) if r.organisation == demo.OVERDUE_BRANCH]
        assert overdue == []
    finally:
        opened.close()
