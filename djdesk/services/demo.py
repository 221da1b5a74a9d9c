"""Demo data: a fictional 机关党委 with a year of records, and a fast synthetic fill for benchmarks.

:func:`fill_demo` loads 中共示例省交通运输厅直属机关委员会 (all people and units are invented)
into an empty database: 2 党总支, 8 党支部 (one of retired cadres), 12 党小组, about 320 members,
committees and 换届 records, the year's meetings, 谈心谈话, 民主评议, 述职评议 and 评先评优.
It is deterministic for a given ``seed``, ``year`` and ``today`` and writes in one transaction.

The demo carries deliberate problems for reminders to find: the constants of
:mod:`djdesk.services.demo_plan` name them (re-exported here). The people come from
:mod:`djdesk.services.demo_people`, the meetings and talks from :mod:`djdesk.services.demo_meetings`,
the assessments from :mod:`djdesk.services.demo_assess`.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from djdesk.domain.enums import AuditAction, CommitteeRole, MemberCategory, OrgKind
from djdesk.domain.errors import InputError
from djdesk.services import demo_meetings as meetings
from djdesk.services import demo_people as people
from djdesk.services.demo_assess import assess
from djdesk.services.demo_people import Branch
from djdesk.services.demo_plan import (
    ADVANCED_BRANCH,
    DEMO_GAPS,
    DEMO_TALK_GAPS,
    DUE_SOON_BRANCH,
    EXCELLENT_HEAVY_BRANCH,
    OVERDUE_BRANCH,
    SECRETARY_BRANCH,
    UNQUALIFIED_BRANCH,
    reference_date,
)
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import (
    AuditEntry,
    Commendation,
    CommitteeSeat,
    Election,
    ElectionVote,
    Evaluation,
    Meeting,
    Member,
    Organization,
    Setting,
    Talk,
)

ROOT_NAME: Final = "中共示例省交通运输厅直属机关委员会"
ROOT_NOTE: Final = "示例数据：本组织、所属单位和全部人员均为虚构，仅供试用和培训，请勿用于正式工作。"
AUDIT_ENTITY: Final = "示例数据"  # the one 操作日志 entry of fill_demo
# The demo unit's names, used in document titles (设置 → 单位信息).
DEMO_SETTINGS: Final = {"unit.committee_name": ROOT_NAME, "unit.upper_org": "中共示例省委直属机关工作委员会",
                        "unit.clerk_name": "示例经办人"}


@dataclass(frozen=True)
class DemoSummary:
    """How many rows :func:`fill_demo` wrote, for the message shown to the clerk."""

    organizations: int
    members: int
    meetings: int
    talks: int
    evaluations: int
    commendations: int


def _refuse_non_empty(session: Session) -> None:
    orgs = session.scalar(select(func.count()).select_from(Organization)) or 0
    members = session.scalar(select(func.count()).select_from(Member)) or 0
    if orgs or members:
        raise InputError(
            "数据库中已有数据，示例数据只能载入空数据库。"
            "要查看示例，请换一个新的空数据文件夹（命令行可用 --data-dir 指定）后再载入。"
        )


def _term_start(short: str, i: int, year: int) -> tuple[dt.date, int]:
    """Electing 党员大会 date and 届次 of a branch (R-ORG-5: 3 years; R-ORG-6: from that date)."""
    if short == OVERDUE_BRANCH:
        return meetings.workday(year - 4, 9, 20), 2  # ended in year - 1: overdue all year
    if short == DUE_SOON_BRANCH:
        return meetings.workday(year - 2, 3, 12), 3  # ends in March of year + 1
    if i % 2 == 0:
        return meetings.workday(year - 2, 9 + i % 3, 10 + i), 3 + i % 2
    return meetings.workday(year - 1, 3 + i, 8 + i), 2 + i % 3


def _build_orgs(session: Session, maker: people.PeopleMaker, *, ref: dt.date, latest: dt.date) -> tuple[
    Organization, dict[str, Organization], list[Branch]
]:
    year = ref.year
    root = Organization(
        kind=OrgKind.ORGAN_COMMITTEE, name=ROOT_NAME, short_name="机关党委", unit_name=people.UNIT,
        founded_on=dt.date(1985, 7, 1), contact="机关党委办公室（内线 8001）", sort_order=0,
        term_number=3, term_elected_on=meetings.workday(year - 3, 4, 22), note=ROOT_NOTE,
    )
    generals: dict[str, Organization] = {}
    for k, (short, full) in enumerate(people.GENERAL_BRANCHES):
        elected = meetings.workday(year - 1, 6, 12) if k == 0 else meetings.workday(year - 2, 11, 16)
        generals[short] = Organization(
            kind=OrgKind.GENERAL_BRANCH, name=full, short_name=short, unit_name=people.UNIT, parent=root,
            sort_order=10 * (k + 1), term_number=2 + k, term_elected_on=elected, founded_on=dt.date(2003, 6, 1),
        )
    session.add_all([root, *generals.values()])
    session.flush()  # flushing level by level keeps the ids in reading order
    branches: list[Branch] = []
    for i, spec in enumerate(people.BRANCH_SPECS):
        parent = generals[spec.parent] if spec.parent else root
        elected, term = _term_start(spec.short, i, year)
        org = Organization(
            kind=OrgKind.BRANCH, name=spec.full, short_name=spec.short, unit_name=spec.unit, parent=parent,
            sort_order=10 * (i + 1), term_number=term, term_elected_on=elected, is_retiree_branch=spec.retiree,
            founded_on=dt.date(1990 + 2 * i, 7, 1),
        )
        groups = [
            Organization(kind=OrgKind.GROUP, name=f"{spec.short}{g}", short_name=spec.short.removesuffix("支部") + g,
                         unit_name=spec.unit, parent=org, sort_order=gi + 1)
            for gi, g in enumerate(spec.groups)
        ]
        branch = Branch(spec, i, org)
        people.populate(branch, maker, groups, ref=ref, latest=latest)
        branches.append(branch)
        session.add_all([org, *groups, *branch.members])
        session.flush()
    return root, generals, branches


def _seat_holders(branches: Sequence[Branch], count: int) -> list[Member]:
    """Round robin over the branches' committees: secretaries first, then the next seats."""
    chosen: list[Member] = []
    for k in range(5):
        for b in branches:
            if k < len(b.committee) and b.committee[k][1] not in chosen and len(chosen) < count:
                chosen.append(b.committee[k][1])
    return chosen


def _elect(
    session: Session, rng: random.Random, org: Organization, seats: Sequence[tuple[CommitteeRole, Member]],
    electorate: Sequence[Member], position: str,
) -> None:
    """Seats of the current term and the 换届 election that filled them (R-ORG-9, R-ORG-10)."""
    held = org.term_elected_on
    assert held is not None and org.term_number is not None
    voters = [m for m in electorate if m.confirmed_on is not None and m.confirmed_on <= held]
    entitled = len(voters)
    present = entitled - rng.randint(0, max(0, (entitled - 1) // 5))  # R-ORG-9: > 4/5 attend
    doc = f"示交直党〔{held.year}〕{rng.randint(10, 60)}号" if org.kind is not OrgKind.ORGAN_COMMITTEE \
        else f"示直工委〔{held.year}〕{rng.randint(10, 60)}号"
    election = Election(
        organization_id=org.id, held_on=held, term_number=org.term_number, entitled=entitled, present=present,
        approval_doc=doc, approval_on=held + dt.timedelta(days=rng.randint(10, 25)),
        note="差额选举，无记名投票。",
    )
    for role, m in seats:
        session.add(CommitteeSeat(organization_id=org.id, member_id=m.id, person_name=m.name, role=role,
                                  started_on=held))
        label = position + ("委员" if role is CommitteeRole.MEMBER else role.label)
        if label not in (m.party_position or ""):
            m.party_position = f"{m.party_position}、{label}" if m.party_position else label
        # R-ORG-9: elected with more than half of the voters present.
        votes = present - rng.randint(0, max(0, (present - 1) // 2 - 1))
        election.votes.append(ElectionVote(member_id=m.id, candidate_name=m.name, role=role, votes=votes,
                                           elected=True))
    seated = {m.id for _, m in seats}
    runner = next(m for m in voters if m.id not in seated and not m.is_leading_cadre)
    election.votes.append(ElectionVote(member_id=runner.id, candidate_name=runner.name, role=None,
                                       votes=rng.randint(present // 5, present // 2), elected=False))
    session.add(election)


def _committees(
    session: Session, rng: random.Random, root: Organization, generals: Mapping[str, Organization],
    branches: Sequence[Branch],
) -> list[tuple[Organization, list[Member]]]:
    """Committees of every branch, 党总支 and the 机关党委; returns those of the upper organisations."""
    uppers: list[tuple[Organization, list[Member]]] = []
    for b in branches:
        _elect(session, rng, b.org, b.committee, b.members, "")
    general_roles = (CommitteeRole.SECRETARY, CommitteeRole.ORGANIZATION, CommitteeRole.PROPAGANDA,
                     CommitteeRole.DISCIPLINE, CommitteeRole.MEMBER)
    for short, org in generals.items():
        under = [b for b in branches if b.spec.parent == short]
        holders = _seat_holders(under, len(general_roles))
        _elect(session, rng, org, list(zip(general_roles, holders, strict=True)),
               [m for b in under for m in b.members], "党总支")
        uppers.append((org, holders))
    everyone = [m for b in branches for m in b.members]
    # The 机关党委书记 is a 厅领导 (厅党组成员); the 专职副书记 sits in the 办公室支部.
    secretary = next(m for b in branches if b.spec.short == SECRETARY_BRANCH for m in b.members
                     if m.is_leading_cadre)
    deputy = next(m for m in everyone if m.admin_position == "机关党委专职副书记")
    others = _seat_holders([b for b in branches if not b.spec.retiree], 5)
    roles = (CommitteeRole.SECRETARY, CommitteeRole.DEPUTY_SECRETARY, CommitteeRole.ORGANIZATION,
             CommitteeRole.PROPAGANDA, CommitteeRole.DISCIPLINE, CommitteeRole.MEMBER, CommitteeRole.MEMBER)
    holders = [secretary, deputy, *others]
    _elect(session, rng, root, list(zip(roles, holders, strict=True)), everyone, "机关党委")
    return [(root, holders), *uppers]



def fill_demo(
    sessions: SessionFactory, year: int, *, today: dt.date | None = None, seed: int = 7
) -> DemoSummary:
    """Load the fictional 机关党委 with the records of ``year`` into an empty database.

    Meetings are dated no later than ``today`` (default: the real date) nor 31 December.
    Refuses a database that already has organisations or members (:class:`InputError`).
    """
    today = dt.date.today() if today is None else today
    if not 2000 <= year <= today.year:
        raise InputError(f"示例数据的年度应在 2000 年到今年（{today.year} 年）之间，现在是 {year} 年。")
    rng = random.Random(seed)
    ref = reference_date(year)
    cutoff = min(dt.date(year, 12, 31), today)
    settings = load_settings(sessions)
    with sessions.begin() as session:
        _refuse_non_empty(session)
        # One summary line in the 操作日志 instead of thousands of "新增" entries.
        session.info["audit_disabled"] = True
        maker = people.PeopleMaker(rng)
        root, generals, branches = _build_orgs(session, maker, ref=ref, latest=min(ref, today))
        for org in (root, *generals.values(), *(b.org for b in branches)):
            org.term_years = settings.term_years(org.kind)  # R-ORG-5: stored with the term it was elected for
        uppers = _committees(session, rng, root, generals, branches)
        session.flush()
        laggard = rng.choice([m for b in branches if b.spec.short == UNQUALIFIED_BRANCH for m in b.ordinary
                              if m.category is MemberCategory.FULL and m.party_position is None])
        writer = meetings.MeetingWriter(rng, year, frozenset({laggard.id}))
        board = uppers[0][1]
        for b in branches:
            # R-MEET-6: a 机关党委 member sits in (列席) on each branch's 组织生活会.
            guest = next((m for m in board[1:] if m.organization_id != b.org.id), None)
            meetings.branch_meetings(writer, b, cutoff=cutoff, gaps=DEMO_GAPS, observer=guest)
        for org, committee in uppers:
            meetings.upper_meetings(writer, org, committee, cutoff=cutoff, place="厅机关三楼第一会议室")
        writer.flush(session)
        meetings.add_talks(session, rng, branches, year=year, cutoff=cutoff, gaps=DEMO_TALK_GAPS)
        assess(session, rng, branches, year=year, today=today, laggard=laggard)
        session.flush()
        summary = DemoSummary(*(
            session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Organization, Member, Meeting, Talk, Evaluation, Commendation)
        ))
        for key, value in DEMO_SETTINGS.items():
            session.merge(Setting(key=key, value=json.dumps(value, ensure_ascii=False)))
        session.add(AuditEntry(
            entity=AUDIT_ENTITY, entity_id="", action=AuditAction.CREATE,
            summary=f"载入{year}年示例数据：党组织{summary.organizations}个，党员{summary.members}名，"
                    f"会议{summary.meetings}次。",
        ))
    return summary


SYNTHETIC_BRANCH_SIZE: Final = 45  # R-ORG-2: at most 50
SYNTHETIC_BRANCHES_PER_GENERAL: Final = 20
SYNTHETIC_REFERENCE: Final = dt.date(2025, 10, 1)  # fixed, so a benchmark fill never depends on the clock


def fill_synthetic(sessions: SessionFactory, members: int, *, seed: int = 1) -> None:
    """Bulk-load ``members`` synthetic members for benchmarks, in one transaction.

    One 机关党委, a 党总支 for every 20 branches, branches of at most 45 members (R-ORG-2); names
    from common surnames, valid unique ID numbers matching gender and birth date (R-ID-1, R-ID-2),
    joined at 19 or later (R-DEV-1), 转正 one year later (R-DEV-10). Rows go in with Core
    ``insert`` executemany; the pinyin search keys are computed once per distinct name.
    Refuses a non-empty database like :func:`fill_demo`.
    """
    if members < 0:
        raise ValueError(f"members must be >= 0, got {members}")
    from djdesk.store.base import now

    rng = random.Random(seed)
    stamp = now()
    n_branches = max(1, -(-members // SYNTHETIC_BRANCH_SIZE))
    n_generals = -(-n_branches // SYNTHETIC_BRANCHES_PER_GENERAL)
    org_rows: list[dict[str, object]] = [
        {"id": 1, "parent_id": None, "kind": OrgKind.ORGAN_COMMITTEE, "name": "中共合成数据机关委员会",
         "short_name": "合成机关党委", "sort_order": 0, "note": "基准测试用的合成数据"}
    ]
    for g in range(n_generals):
        org_rows.append({"id": 2 + g, "parent_id": 1, "kind": OrgKind.GENERAL_BRANCH,
                         "name": f"合成第{g + 1}党总支", "short_name": f"第{g + 1}总支", "sort_order": g + 1,
                         "note": None})
    first_branch = 2 + n_generals
    for b in range(n_branches):
        org_rows.append({"id": first_branch + b, "parent_id": 2 + b // SYNTHETIC_BRANCHES_PER_GENERAL,
                         "kind": OrgKind.BRANCH, "name": f"合成第{b + 1}党支部", "short_name": f"第{b + 1}支部",
                         "sort_order": b + 1, "note": None})
    for row in org_rows:
        row.update(created_at=stamp, updated_at=stamp)

    branch_ids = range(first_branch, first_branch + n_branches)
    rows = people.synthetic_members(rng, members, branch_ids, reference=SYNTHETIC_REFERENCE, stamp=stamp)
    tables = Organization.metadata.tables
    with sessions.begin() as session:
        _refuse_non_empty(session)
        conn = session.connection()
        conn.execute(insert(tables["organizations"]), org_rows)
        if rows:
            conn.execute(insert(tables["members"]), rows)
        conn.execute(insert(tables["audit_log"]), [{
            "at": stamp, "entity": "合成数据", "entity_id": "", "action": AuditAction.CREATE,
            "summary": f"载入合成数据：党支部{n_branches}个，党员{members}名。"}])


__all__ = [
    "ADVANCED_BRANCH",
    "AUDIT_ENTITY",
    "DEMO_GAPS",
    "DEMO_SETTINGS",
    "DEMO_TALK_GAPS",
    "DUE_SOON_BRANCH",
    "EXCELLENT_HEAVY_BRANCH",
    "OVERDUE_BRANCH",
    "ROOT_NAME",
    "ROOT_NOTE",
    "SECRETARY_BRANCH",
    "SYNTHETIC_BRANCHES_PER_GENERAL",
    "SYNTHETIC_BRANCH_SIZE",
    "SYNTHETIC_REFERENCE",
    "UNQUALIFIED_BRANCH",
    "DemoSummary",
    "fill_demo",
    "fill_synthetic",
    "reference_date",
]
