"""The demo 机关党委 obeys the rules a clerk would check (rules.md), and the fills behave."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.dates import add_months, add_years
from djdesk.domain.enums import (
    AttendanceStatus,
    CommendationStatus,
    CommitteeRole,
    DisposalKind,
    Employment,
    EvalGrade,
    Gender,
    MeetingKind,
    MemberCategory,
    OrgKind,
    TalkKind,
)
from djdesk.domain.errors import InputError
from djdesk.domain.idcard import age_on, is_valid_id, parse_id
from djdesk.domain.names import pinyin_full, pinyin_initials
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.services.demo import (
    DEMO_GAPS,
    DEMO_TALK_GAPS,
    DUE_SOON_BRANCH,
    EXCELLENT_HEAVY_BRANCH,
    OVERDUE_BRANCH,
    DemoSummary,
    fill_demo,
    fill_synthetic,
    reference_date,
)
from djdesk.store.base import Base
from djdesk.store.models import (
    Attendance,
    Commendation,
    CommitteeSeat,
    Disposal,
    Election,
    Evaluation,
    Meeting,
    Member,
    Motion,
    Organization,
    SecretaryReview,
    Talk,
    TalkParticipant,
)

YEAR = 2025
FULL_YEAR_TODAY = dt.date(2026, 2, 1)
TERM_YEARS = {OrgKind.ORGAN_COMMITTEE: 5, OrgKind.GENERAL_BRANCH: 3, OrgKind.BRANCH: 3}  # R-ORG-5


def _open(root: Path) -> Store:
    return open_store(DataPaths(root))


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    """The demo of 2025 loaded after the year ended, so every meeting of the year is there."""
    store = _open(tmp_path_factory.mktemp("demo"))
    summary = fill_demo(store.sessions, YEAR, today=FULL_YEAR_TODAY)
    yield store, summary
    store.close()


@pytest.fixture
def session(demo: tuple[Store, DemoSummary]) -> Iterator[Session]:
    with demo[0].sessions() as s:
        yield s


def _orgs(session: Session, kind: OrgKind) -> list[Organization]:
    return list(session.scalars(select(Organization).where(Organization.kind == kind).order_by(Organization.id)))


def _branch_members(session: Session) -> dict[int, list[Member]]:
    result: dict[int, list[Member]] = defaultdict(list)
    for m in session.scalars(select(Member).order_by(Member.id)):
        result[m.organization_id].append(m)
    return result


def _term_end(org: Organization) -> dt.date:
    assert org.term_elected_on is not None
    return add_years(org.term_elected_on, TERM_YEARS[org.kind])  # R-ORG-6: from the electing meeting


def test_reference_date_is_1_october() -> None:
    assert reference_date(2031) == dt.date(2031, 10, 1)


def test_summary_matches_the_database(session: Session, demo: tuple[Store, DemoSummary]) -> None:
    summary = demo[1]
    for model, count in ((Organization, summary.organizations), (Member, summary.members),
                         (Meeting, summary.meetings), (Talk, summary.talks), (Evaluation, summary.evaluations),
                         (Commendation, summary.commendations)):
        assert session.scalar(select(func.count()).select_from(model)) == count
        assert count > 0


def test_organisation_tree(session: Session) -> None:
    (root,) = _orgs(session, OrgKind.ORGAN_COMMITTEE)
    assert root.parent_id is None and root.short_name == "机关党委" and "虚构" in (root.note or "")
    generals = _orgs(session, OrgKind.GENERAL_BRANCH)
    branches = _orgs(session, OrgKind.BRANCH)
    groups = _orgs(session, OrgKind.GROUP)
    assert len(generals) == 2 and all(g.parent_id == root.id for g in generals)
    assert len(branches) == 8
    assert [b.is_retiree_branch for b in branches].count(True) == 1
    assert sorted(sum(1 for b in branches if b.parent_id == p.id) for p in generals) == [2, 3]
    assert sum(1 for b in branches if b.parent_id == root.id) == 3
    assert 10 <= len(groups) <= 14
    branch_ids = {b.id for b in branches}
    assert all(g.parent_id in branch_ids for g in groups), "党小组 only under 党支部"
    assert session.scalar(select(func.count()).select_from(Organization)) == 1 + 2 + 8 + len(groups)
    assert len({o.short_name for o in session.scalars(select(Organization))}) == 1 + 2 + 8 + len(groups)


def test_member_count_and_groups(session: Session) -> None:
    members = list(session.scalars(select(Member)))
    assert 300 <= len(members) <= 340
    groups = {g.id: g for g in _orgs(session, OrgKind.GROUP)}
    for m in members:
        if m.group_id is not None:
            assert groups[m.group_id].parent_id == m.organization_id
    assert all(any(m.group_id == gid for m in members) for gid in groups)


def test_r_id_1_ids_valid_and_unique(session: Session) -> None:
    ids = [m.id_number for m in session.scalars(select(Member))]
    assert all(n is not None and is_valid_id(n) for n in ids)
    assert len(set(ids)) == len(ids)


def test_r_id_2_gender_and_birth_date_match_the_id(session: Session) -> None:
    for m in session.scalars(select(Member)):
        info = parse_id(m.id_number)
        assert info.birth_date == m.birth_date
        assert info.gender == (m.gender.label if m.gender else None)
    genders = Counter(m.gender for m in session.scalars(select(Member)))
    assert genders[Gender.MALE] > 50 and genders[Gender.FEMALE] > 50


def test_ages_and_employment(session: Session) -> None:
    ref = reference_date(YEAR)
    retiree_branch = next(b for b in _orgs(session, OrgKind.BRANCH) if b.is_retiree_branch)
    for m in session.scalars(select(Member)):
        assert m.birth_date is not None
        age = age_on(m.birth_date, ref)
        if m.organization_id == retiree_branch.id:
            assert m.employment is Employment.RETIRED and 60 <= age <= 90
        else:
            assert m.employment is Employment.IN_SERVICE and 24 <= age <= 60


def test_r_dev_1_joined_at_18_or_later(session: Session) -> None:
    for m in session.scalars(select(Member)):
        assert m.birth_date is not None and m.joined_on is not None
        assert age_on(m.birth_date, m.joined_on) >= 18


def test_r_dev_10_confirmed_one_year_after_joining(session: Session) -> None:
    ref = reference_date(YEAR)
    probationary = []
    for m in session.scalars(select(Member)):
        assert m.joined_on is not None
        if m.category is MemberCategory.FULL:
            assert m.confirmed_on == add_years(m.joined_on, 1)
            assert m.confirmed_on <= ref
        else:
            probationary.append(m)
            assert m.confirmed_on is None
            assert add_years(ref, -1) < m.joined_on <= ref, "still in the 预备期 on the reference date"
    assert 8 <= len(probationary) <= 12


def test_personal_fields_filled(session: Session) -> None:
    members = list(session.scalars(select(Member)))
    for m in members:
        assert m.name_initials and m.name_pinyin and m.education and m.ethnicity and m.department
        assert m.phone is not None and m.phone.startswith("138") and len(m.phone) == 11
    assert Counter(m.ethnicity for m in members)["汉族"] > len(members) * 0.8
    assert len({m.name for m in members}) == len(members)
    assert 3 <= sum(1 for m in members if m.is_leading_cadre) <= 8  # R-MEET-12


def test_r_org_1_r_org_2_branch_sizes(session: Session) -> None:
    by_branch = _branch_members(session)
    for b in _orgs(session, OrgKind.BRANCH):
        members = by_branch[b.id]
        assert sum(1 for m in members if m.category is MemberCategory.FULL) >= 3  # R-ORG-1
        assert len(members) <= 50  # R-ORG-2
    assert not any(by_branch[o.id] for o in session.scalars(select(Organization).where(
        Organization.kind != OrgKind.BRANCH))), "members belong to 党支部 only"


def test_r_org_3_branch_committees(session: Session) -> None:
    by_branch = _branch_members(session)
    for b in _orgs(session, OrgKind.BRANCH):
        members = {m.id: m for m in by_branch[b.id]}
        full = sum(1 for m in members.values() if m.category is MemberCategory.FULL)
        seats = list(session.scalars(select(CommitteeSeat).where(CommitteeSeat.organization_id == b.id)))
        roles = Counter(s.role for s in seats)
        assert roles[CommitteeRole.SECRETARY] == 1
        for s in seats:
            assert s.member_id in members and s.person_name == members[s.member_id].name
            assert members[s.member_id].category is MemberCategory.FULL
        if full >= 7:
            assert 3 <= len(seats) <= 5
            assert {CommitteeRole.ORGANIZATION, CommitteeRole.PROPAGANDA, CommitteeRole.DISCIPLINE} <= set(roles)
        else:
            assert set(roles) <= {CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY}
        secretary = next(members[s.member_id or 0] for s in seats if s.role is CommitteeRole.SECRETARY)
        assert "支部书记" in (secretary.party_position or "")


def test_upper_committees(session: Session) -> None:
    names = {m.id: m.name for m in session.scalars(select(Member))}
    for org in [*_orgs(session, OrgKind.GENERAL_BRANCH), *_orgs(session, OrgKind.ORGAN_COMMITTEE)]:
        seats = list(session.scalars(select(CommitteeSeat).where(CommitteeSeat.organization_id == org.id)))
        assert 5 <= len(seats) <= 7
        assert [s.role for s in seats].count(CommitteeRole.SECRETARY) == 1
        assert all(s.member_id is not None and s.person_name == names[s.member_id] for s in seats)


def test_r_org_4_sizes_of_general_branches(session: Session) -> None:
    by_branch = _branch_members(session)
    for g in _orgs(session, OrgKind.GENERAL_BRANCH):
        total = sum(len(by_branch[b.id]) for b in _orgs(session, OrgKind.BRANCH) if b.parent_id == g.id)
        assert 50 <= total <= 100
    assert sum(len(v) for v in by_branch.values()) >= 100  # a 机关党委


def test_r_org_9_elections_valid(session: Session) -> None:
    for org in session.scalars(select(Organization).where(Organization.kind != OrgKind.GROUP)):
        (election,) = session.scalars(select(Election).where(Election.organization_id == org.id))
        assert election.held_on == org.term_elected_on and election.term_number == org.term_number
        assert election.present * 5 > election.entitled * 4
        elected = {v.member_id for v in election.votes if v.elected}
        assert all(2 * v.votes > election.present for v in election.votes if v.elected)
        assert all(2 * v.votes <= election.present for v in election.votes if not v.elected)
        seats = {s.member_id for s in session.scalars(select(CommitteeSeat).where(
            CommitteeSeat.organization_id == org.id))}
        assert elected == seats


def test_r_org_5_r_org_6_r_org_7_exactly_one_overdue_and_one_due_soon(session: Session) -> None:
    ref = reference_date(YEAR)
    orgs = list(session.scalars(select(Organization).where(Organization.kind != OrgKind.GROUP)))
    overdue = [o.short_name for o in orgs if _term_end(o) < dt.date(YEAR, 1, 1)]  # overdue all year
    assert overdue == [OVERDUE_BRANCH]
    due_soon = [o.short_name for o in orgs if ref <= _term_end(o) <= add_months(ref, 6)]
    assert due_soon == [DUE_SOON_BRANCH]
    for o in orgs:
        if o.short_name not in (OVERDUE_BRANCH, DUE_SOON_BRANCH):
            assert _term_end(o) > add_months(ref, 6)
            # Not due soon at any date of the demo year either (R-ORG-7: 6 months before expiry).
            assert add_months(_term_end(o), -6) > dt.date(YEAR, 12, 31)
            assert o.term_elected_on is not None and o.term_elected_on < dt.date(YEAR, 1, 1)


def test_no_meeting_after_today(tmp_path: Path) -> None:
    store = _open(tmp_path)
    today = dt.date(YEAR, 6, 15)
    fill_demo(store.sessions, YEAR, today=today)
    with store.sessions() as s:
        days = list(s.scalars(select(Meeting.held_on)))
        kinds = set(s.scalars(select(Meeting.kind)))
        talks = list(s.scalars(select(Talk.held_on)))
    store.close()
    assert days and max(days) <= today and min(days) >= dt.date(YEAR, 1, 1)
    assert talks and max(talks) <= today
    assert MeetingKind.LIFE_MEETING not in kinds  # R-MEET-6: held in Q4, not yet begun


def test_no_meeting_after_the_demo_year(session: Session) -> None:
    days = list(session.scalars(select(Meeting.held_on)))
    assert min(days) >= dt.date(YEAR, 1, 1) and max(days) <= dt.date(YEAR, 12, 31)
    assert 300 <= len(days) <= 600
    assert all(d.weekday() < 5 for d in days), "meetings on working days"


def test_demo_gaps_are_really_missing_and_other_branches_hold_everything(session: Session) -> None:
    """R-MEET-1…R-MEET-11: the full-year schedule, except the deliberate DEMO_GAPS."""
    branches = _orgs(session, OrgKind.BRANCH)
    assert set(DEMO_GAPS) <= {b.short_name for b in branches} and 2 <= len(DEMO_GAPS) <= 3
    group_rows = _orgs(session, OrgKind.GROUP)
    groups = Counter(g.parent_id for g in group_rows)
    branch_of = {g.id: g.parent_id for g in group_rows}  # a 党小组会 is recorded on its group (R-MEET-3)
    held = Counter((branch_of.get(org, org), kind)
                   for org, kind in session.execute(select(Meeting.organization_id, Meeting.kind)))
    expected = {
        MeetingKind.GENERAL_ASSEMBLY: 4,  # R-MEET-1
        MeetingKind.COMMITTEE_MEETING: 12,  # R-MEET-2
        MeetingKind.PARTY_LECTURE: 4,  # R-MEET-4
        MeetingKind.THEME_DAY: 12,  # R-MEET-5
        MeetingKind.LIFE_MEETING: 1,  # R-MEET-6
        MeetingKind.EVALUATION_MEETING: 1,  # R-MEET-8
        MeetingKind.IDEOLOGY: 2,  # R-MEET-11
    }
    for b in branches:
        gaps = DEMO_GAPS.get(b.short_name or "", frozenset())
        wanted = {**expected, MeetingKind.GROUP_MEETING: 12 * groups[b.id]}  # R-MEET-3
        for kind, count in wanted.items():
            assert held[(b.id, kind)] == (0 if kind in gaps else count), (b.short_name, kind)
    for org in [*_orgs(session, OrgKind.GENERAL_BRANCH), *_orgs(session, OrgKind.ORGAN_COMMITTEE)]:
        assert held[(org.id, MeetingKind.IDEOLOGY)] >= 2  # R-MEET-11 for 党委 and 党总支


def test_r_meet_9_r_meet_10_attendance_and_quorum(session: Session) -> None:
    members = {m.id: m for m in session.scalars(select(Member))}
    seated: dict[int, set[int | None]] = defaultdict(set)
    for seat in session.scalars(select(CommitteeSeat)):
        seated[seat.organization_id].add(seat.member_id)
    rows: dict[int, list[Attendance]] = defaultdict(list)
    for a in session.scalars(select(Attendance)):
        rows[a.meeting_id].append(a)
    statuses: Counter[AttendanceStatus] = Counter()
    for meeting in session.scalars(select(Meeting)):
        expected = [a for a in rows[meeting.id] if not a.observer]
        assert expected, meeting.title
        present = [a for a in expected if a.status is AttendanceStatus.PRESENT]
        assert 2 * len(present) > len(expected)
        for a in expected:
            statuses[a.status] += 1
            assert a.member_id is not None
            # Branch members attend their branch's meetings; a 党委/党总支 meets as its committee.
            assert meeting.organization_id in (members[a.member_id].organization_id, members[a.member_id].group_id) \
                or a.member_id in seated[meeting.organization_id]
            if meeting.kind in (MeetingKind.COMMITTEE_MEETING, MeetingKind.IDEOLOGY):
                assert a.member_id in seated[meeting.organization_id]  # R-MEET-10: the committee
            assert (a.reason is not None) == (a.status is not AttendanceStatus.PRESENT)
        present_ids = {a.member_id for a in present}
        assert meeting.host_member_id in present_ids and meeting.recorder_member_id in present_ids
        assert 1 <= len(meeting.agenda) <= 3 and all(item.discussion for item in meeting.agenda)
        if meeting.kind is MeetingKind.PARTY_LECTURE:
            assert meeting.speaker_member_id in present_ids and meeting.speaker_name
        if meeting.kind is MeetingKind.GENERAL_ASSEMBLY:
            voters = [a for a in expected if members[a.member_id or 0].category is MemberCategory.FULL]
            voting = [a for a in voters if a.status is AttendanceStatus.PRESENT]
            assert 2 * len(voting) > len(voters)
            for motion in meeting.motions:
                assert 2 * motion.yes > len(voters)  # passes on more than half of those entitled
                assert motion.yes + motion.no + motion.abstain <= len(voting)
    assert statuses[AttendanceStatus.PRESENT] > 0.8 * sum(statuses.values())
    assert statuses[AttendanceStatus.LEAVE] > 0 and statuses[AttendanceStatus.ABSENT] > 0
    assert statuses[AttendanceStatus.ABSENT] < statuses[AttendanceStatus.LEAVE]
    assert (session.scalar(select(func.count()).select_from(Motion)) or 0) > 0


def test_an_upper_committee_member_sits_in_on_each_life_meeting(session: Session) -> None:
    """R-MEET-6: the 组织生活会 has a 列席 guest from the 机关党委, outside the expected attendees."""
    members = {m.id: m for m in session.scalars(select(Member))}
    for meeting in session.scalars(select(Meeting).where(Meeting.kind == MeetingKind.LIFE_MEETING)):
        guests = list(session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                               Attendance.observer)))
        assert len(guests) == 1 and guests[0].status is AttendanceStatus.PRESENT
        assert members[guests[0].member_id or 0].organization_id != meeting.organization_id


def test_r_meet_12_leading_cadres_attend_their_branch(session: Session) -> None:
    leaders = list(session.scalars(select(Member).where(Member.is_leading_cadre)))
    for m in leaders:
        attended = session.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.member_id == m.id, Attendance.status == AttendanceStatus.PRESENT))
        assert attended


def test_r_meet_7_talks_of_every_kind(session: Session) -> None:
    kinds = Counter((org, kind) for org, kind in session.execute(select(Talk.organization_id, Talk.kind)))
    for b in _orgs(session, OrgKind.BRANCH):
        missing = DEMO_TALK_GAPS.get(b.short_name or "", frozenset())
        for kind in TalkKind:
            assert (kinds[(b.id, kind)] > 0) == (kind not in missing), (b.short_name, kind)
    for talk in session.scalars(select(Talk)):
        participants = session.scalars(select(TalkParticipant).where(TalkParticipant.talk_id == talk.id)).all()
        assert len(participants) == 2


def test_r_eval_1_every_active_member_evaluated(session: Session) -> None:
    evaluated = {e.member_id: e for e in session.scalars(select(Evaluation).where(Evaluation.year == YEAR))}
    for m in session.scalars(select(Member)):
        assert m.id in evaluated and evaluated[m.id].organization_id == m.organization_id
    assert len(evaluated) == session.scalar(select(func.count()).select_from(Member))


def test_r_eval_2_excellent_share_exceeded_only_in_the_heavy_branch(session: Session) -> None:
    grades: dict[int, Counter[EvalGrade]] = defaultdict(Counter)
    for e in session.scalars(select(Evaluation)):
        grades[e.organization_id][e.grade] += 1
    over = [b.short_name for b in _orgs(session, OrgKind.BRANCH)
            if 3 * grades[b.id][EvalGrade.EXCELLENT] > sum(grades[b.id].values())]
    assert over == [EXCELLENT_HEAVY_BRANCH]
    assert all(grades[b.id][EvalGrade.EXCELLENT] > 0 for b in _orgs(session, OrgKind.BRANCH))


def test_r_eval_3_one_unqualified_full_member_gets_a_deadline(session: Session) -> None:
    evaluations = list(session.scalars(select(Evaluation)))
    grades = Counter(e.grade for e in evaluations)
    assert grades[EvalGrade.UNQUALIFIED] == 1 and 1 <= grades[EvalGrade.BASIC] <= 2
    bad = next(e for e in evaluations if e.grade is EvalGrade.UNQUALIFIED)
    member = session.get(Member, bad.member_id)
    assert member is not None and member.category is MemberCategory.FULL
    (disposal,) = session.scalars(select(Disposal))
    assert disposal.evaluation_id == bad.id and disposal.kind is DisposalKind.CORRECT_IN_TIME


def test_r_eval_4_secretary_reviews(session: Session) -> None:
    reviews = {r.organization_id: r for r in session.scalars(select(SecretaryReview))}
    for b in _orgs(session, OrgKind.BRANCH):
        review = reviews[b.id]
        secretary = session.scalar(select(CommitteeSeat).where(
            CommitteeSeat.organization_id == b.id, CommitteeSeat.role == CommitteeRole.SECRETARY))
        assert secretary is not None and review.member_id == secretary.member_id and review.year == YEAR
        assert review.grade in ("好", "较好", "一般")


def test_r_eval_5_commendations(session: Session) -> None:
    awards = list(session.scalars(select(Commendation)))
    titles = Counter(c.title for c in awards)
    assert titles["先进基层党组织"] == 1 and 1 <= titles["优秀党务工作者"] <= 2 and titles["优秀共产党员"] >= 2
    for c in awards:
        assert c.year == YEAR and c.level == "机关党委" and c.status is CommendationStatus.AWARDED
        assert (c.member_id is None) == (c.title == "先进基层党组织")
        assert c.doc_on is not None and c.doc_on < dt.date(YEAR, 7, 1)


def test_refuses_a_non_empty_database_and_adds_nothing(demo: tuple[Store, DemoSummary]) -> None:
    store = demo[0]
    before = _dump(store)
    with pytest.raises(InputError, match="只能载入空数据库"):
        fill_demo(store.sessions, YEAR, today=FULL_YEAR_TODAY)
    with pytest.raises(InputError, match="只能载入空数据库"):
        fill_synthetic(store.sessions, 10)
    assert _dump(store) == before


def test_refuses_a_database_with_only_an_organisation(tmp_path: Path) -> None:
    store = _open(tmp_path)
    with store.sessions.begin() as s:
        s.add(Organization(kind=OrgKind.BRANCH, name="某支部"))
    with pytest.raises(InputError):
        fill_demo(store.sessions, YEAR, today=FULL_YEAR_TODAY)
    with store.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 1
        assert s.scalar(select(func.count()).select_from(Member)) == 0
    store.close()


def test_a_failure_midway_leaves_the_database_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Everything is one transaction: a failure after the meetings were flushed rolls all back."""
    from djdesk.services import demo_meetings

    def broken(*_args: object, **_kwargs: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(demo_meetings, "add_talks", broken)
    store = _open(tmp_path)
    with pytest.raises(RuntimeError):
        fill_demo(store.sessions, YEAR, today=FULL_YEAR_TODAY)
    try:
        assert all(not rows for rows in _dump(store).values())
    finally:
        store.close()


def test_refuses_a_year_after_today(tmp_path: Path) -> None:
    store = _open(tmp_path)
    with pytest.raises(InputError):
        fill_demo(store.sessions, 2027, today=dt.date(2026, 5, 1))
    store.close()


def _dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows without timestamps or the 操作日志 (which records when it was loaded)."""
    result: dict[str, list[tuple[Any, ...]]] = {}
    with store.engine.connect() as conn:
        for table in Base.metadata.sorted_tables:
            if table.name == "audit_log":
                continue
            cols = [c for c in table.columns if c.name not in ("created_at", "updated_at")]
            result[table.name] = [tuple(r) for r in conn.execute(select(*cols).order_by(*table.primary_key))]
    return result


def test_same_seed_gives_the_same_data(tmp_path: Path, demo: tuple[Store, DemoSummary]) -> None:
    again = _open(tmp_path / "again")
    fill_demo(again.sessions, YEAR, today=FULL_YEAR_TODAY)
    other = _open(tmp_path / "other")
    fill_demo(other.sessions, YEAR, today=FULL_YEAR_TODAY, seed=8)
    try:
        assert _dump(again) == _dump(demo[0])
        assert _dump(other)["members"] != _dump(demo[0])["members"]
    finally:
        again.close()
        other.close()


def test_fill_synthetic_gives_valid_members(tmp_path: Path) -> None:
    store = _open(tmp_path)
    fill_synthetic(store.sessions, 2000)
    with store.sessions() as s:
        members = list(s.scalars(select(Member)))
        branches = _orgs(s, OrgKind.BRANCH)
    store.close()
    assert len(members) == 2000
    ids = [m.id_number for m in members]
    assert len(set(ids)) == 2000 and all(n is not None and is_valid_id(n) for n in ids)  # R-ID-1
    sizes = Counter(m.organization_id for m in members)
    assert set(sizes) == {b.id for b in branches} and max(sizes.values()) <= 50  # R-ORG-2
    for m in members[:300]:
        info = parse_id(m.id_number)
        assert info.birth_date == m.birth_date and m.gender is not None and info.gender == m.gender.label
        assert m.name_initials == pinyin_initials(m.name) and m.name_pinyin == pinyin_full(m.name)
        assert m.joined_on is not None and m.birth_date is not None and age_on(m.birth_date, m.joined_on) >= 18
