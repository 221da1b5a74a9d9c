"""The people of the demo 机关党委: branch plans, member records, committees, 党小组.

Everything here is fictional. Names are drawn from common surnames and given names, ID numbers
are built with a correct check character (R-ID-1) from a sequence digit that matches the gender
(R-ID-2), and all randomness comes from the caller's ``random.Random``. The word lists and the
maker of unique names and ID numbers live in :mod:`djdesk.services.demo_names` (its public
names are re-exported here).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

from djdesk.domain.dates import add_years
from djdesk.domain.enums import CommitteeRole, Employment, Gender, MemberCategory
from djdesk.domain.idcard import birthday, make_id
from djdesk.domain.names import pinyin_full, pinyin_initials
from djdesk.services.demo_names import (
    AREAS,
    DISTRICTS,
    ETHNICITIES,
    FEMALE_GIVEN,
    MALE_GIVEN,
    RANKS,
    SERVICE_POSTS,
    STREETS,
    SURNAMES,
    PeopleMaker,
)
from djdesk.store.models import Member, Organization

PROVINCE: Final = "示例省"
UNIT: Final = "示例省交通运输厅"
CITY: Final = "示例市"


@dataclass(frozen=True)
class Special:
    """A named post held by one member of a branch (厅领导, 专职副书记)."""

    admin_position: str
    party_position: str | None
    leading_cadre: bool  # R-MEET-12: 副厅级 and above


@dataclass(frozen=True)
class BranchSpec:
    short: str  # 简称, e.g. 办公室支部
    full: str  # 中共示例省交通运输厅办公室支部委员会
    department: str
    parent: str | None  # short name of the 党总支, None = directly under the 机关党委
    size: int
    groups: tuple[str, ...] = ()
    probationary: int = 0  # 预备党员 among ``size``
    retiree: bool = False
    unit: str = UNIT
    job_post: str = "公务员"
    place: str = "厅机关会议室"
    specials: tuple[Special, ...] = ()


_LEADER = Special("副厅长", "厅党组成员", True)

BRANCH_SPECS: Final[tuple[BranchSpec, ...]] = (
    BranchSpec(
        "办公室支部", "中共示例省交通运输厅办公室支部委员会", "办公室", "综合管理总支", 36,
        ("第一党小组", "第二党小组"), 2, place="厅机关三楼第一会议室",
        specials=(Special("厅长", "厅党组书记", True), Special("机关党委专职副书记", "机关党委副书记", False)),
    ),
    BranchSpec(
        "综合规划处支部", "中共示例省交通运输厅综合规划处支部委员会", "综合规划处", "综合管理总支", 32,
        ("第一党小组", "第二党小组"), 1, place="厅机关五楼会议室", specials=(_LEADER,),
    ),
    BranchSpec(
        "财务审计处支部", "中共示例省交通运输厅财务审计处支部委员会", "财务审计处", "综合管理总支", 28,
        (), 1, place="厅机关四楼小会议室",
    ),
    BranchSpec(
        "公路管理处支部", "中共示例省交通运输厅公路管理处支部委员会", "公路管理处", "行业管理总支", 46,
        ("第一党小组", "第二党小组"), 2, place="厅机关六楼会议室", specials=(_LEADER,),
    ),
    BranchSpec(
        "水运管理处支部", "中共示例省交通运输厅水运管理处支部委员会", "水运管理处", "行业管理总支", 44,
        ("第一党小组", "第二党小组"), 1, place="厅机关七楼会议室",
        specials=(Special("总工程师", "厅党组成员", True),),
    ),
    BranchSpec(
        "政策法规处支部", "中共示例省交通运输厅政策法规处支部委员会", "政策法规处", None, 44,
        (), 1, place="厅机关二楼会议室", specials=(_LEADER,),
    ),
    BranchSpec(
        "后勤服务中心支部", "中共示例省交通运输厅机关后勤服务中心支部委员会", "机关后勤服务中心", None, 48,
        ("第一党小组", "第二党小组"), 2, unit="示例省交通运输厅机关后勤服务中心",
        job_post="事业单位管理人员", place="后勤服务中心二楼会议室",
    ),
    BranchSpec(
        "离退休支部", "中共示例省交通运输厅离退休干部支部委员会", "离退休干部处", None, 47,
        ("城东党小组", "城西党小组"), 0, retiree=True, job_post="离退休人员", place="老干部活动中心",
    ),
)

GENERAL_BRANCHES: Final[tuple[tuple[str, str], ...]] = (
    ("综合管理总支", "中共示例省交通运输厅机关综合管理总支部委员会"),
    ("行业管理总支", "中共示例省交通运输厅机关行业管理总支部委员会"),
)


@dataclass
class Branch:
    """A demo branch as built: its organisation, members, groups and committee."""

    spec: BranchSpec
    index: int
    org: Organization
    members: list[Member] = field(default_factory=list)
    groups: list[tuple[Organization, list[Member]]] = field(default_factory=list)
    committee: list[tuple[CommitteeRole, Member]] = field(default_factory=list)

    @property
    def secretary(self) -> Member:
        return self.committee[0][1]

    @property
    def committee_members(self) -> list[Member]:
        return [m for _, m in self.committee]

    @property
    def ordinary(self) -> list[Member]:
        """Members without a committee seat or a 厅领导 post."""
        seated = {id(m) for m in self.committee_members}
        return [m for m in self.members if id(m) not in seated and not m.is_leading_cadre]


BRANCH_ROLE_POSITIONS: Final[dict[CommitteeRole, str]] = {
    CommitteeRole.SECRETARY: "支部书记",
    CommitteeRole.DEPUTY_SECRETARY: "支部副书记",
    CommitteeRole.ORGANIZATION: "支部组织委员",
    CommitteeRole.PROPAGANDA: "支部宣传委员",
    CommitteeRole.DISCIPLINE: "支部纪检委员",
}


def between(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    """A day in [lo, hi] that is not 29 February (so that ``+1 year`` is exact)."""
    if hi < lo:
        hi = lo
    day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
    return day - dt.timedelta(days=1) if (day.month, day.day) == (2, 29) else day


def _birth_for_age(rng: random.Random, age: int, ref: dt.date) -> dt.date:
    """A birth date giving exactly ``age`` full years on ``ref``."""
    latest = add_years(ref, -age)
    earliest = add_years(ref, -age - 1) + dt.timedelta(days=1)
    return between(rng, earliest, latest)


# Ages of the committee slots (书记, 副书记, 委员 …): old enough to have been 正式党员 when elected.
_COMMITTEE_AGES: Final[tuple[tuple[int, int], ...]] = ((44, 56), (38, 52), (30, 55), (30, 55), (30, 55))
# Committee members and holders of a special post joined at least this many years before the
# reference date, so they were 正式党员 at the electing 党员大会 (at most about 4 years back).
SENIOR_YEARS: Final = 6


def _age_for(rng: random.Random, spec: BranchSpec, slot: int, special: Special | None, probationary: bool) -> int:
    if spec.retiree:
        return rng.randint(62, 70) if slot == 0 else min(90, round(rng.triangular(60, 90, 66)))
    if special is not None:
        return rng.randint(50, 58) if special.leading_cadre else rng.randint(45, 55)
    if probationary:
        return rng.randint(24, 33)
    if slot < len(_COMMITTEE_AGES):
        return rng.randint(*_COMMITTEE_AGES[slot])
    return rng.randint(24, 59)


def _education(rng: random.Random, retiree: bool, age: int) -> tuple[str, str | None]:
    r = rng.random()
    if retiree:
        if r < 0.35:
            return "大学本科", "学士" if age < 75 else None
        return ("大学专科", None) if r < 0.7 else (("中等专科", None) if r < 0.88 else ("高中", None))
    if r < 0.38:
        return "研究生", "博士" if rng.random() < 0.1 else "硕士"
    return ("大学本科", "学士") if r < 0.92 else ("大学专科", None)


def _admin_position(spec: BranchSpec, slot: int, age: int) -> str | None:
    if spec.retiree:
        return None
    head = "主任" if spec.department.endswith(("办公室", "中心")) else "处长"
    if slot == 0:
        return head
    if slot == 1:
        return "副" + head
    if spec.job_post != "公务员":
        return None
    return RANKS[max(0, min(len(RANKS) - 1, (56 - age) // 7))]


def make_member(
    maker: PeopleMaker,
    spec: BranchSpec,
    slot: int,
    *,
    ref: dt.date,
    latest: dt.date,
    special: Special | None = None,
    probationary: bool = False,
    senior: bool = False,
) -> Member:
    """One member of ``spec``'s branch; ``slot`` 0 is the secretary, 1 the deputy.

    ``latest`` is the last day a membership date may fall on (the earlier of the reference date
    and today).
    """
    rng = maker.rng
    male = rng.random() < (0.65 if spec.retiree or slot < 2 or special else 0.55)
    age = _age_for(rng, spec, slot, special, probationary)
    birth = _birth_for_age(rng, age, ref)
    number, native = maker.id_number(birth, male)
    adult = birthday(birth, 18)  # R-DEV-1: at least 18 on joining
    if probationary:
        # Admitted within the year before the reference date: still 预备党员, no 转正 yet.
        joined = between(rng, max(adult, add_years(latest, -1) + dt.timedelta(days=31)), latest)
        confirmed = None
    else:
        last_join = min(add_years(birth, min(age - 2, rng.randint(22, 42))), add_years(latest, -1))
        if senior:
            last_join = min(last_join, add_years(ref, -SENIOR_YEARS))
        joined = between(rng, add_years(birth, 19), last_join)
        confirmed = add_years(joined, 1)  # R-DEV-10: 预备期 is one year
    education, degree = _education(rng, spec.retiree, age)
    district = rng.choice(DISTRICTS)
    address = (
        f"{CITY}{district}{rng.choice(STREETS)}{rng.randint(1, 199)}号"
        f"{rng.randint(1, 12)}栋{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}"
    )
    job_post = spec.job_post if spec.job_post != "事业单位管理人员" or slot < 2 else rng.choice(SERVICE_POSTS)
    return Member(
        name=maker.name(male, birth.year),
        gender=Gender.MALE if male else Gender.FEMALE,
        ethnicity="汉族" if rng.random() < 0.92 else rng.choice(ETHNICITIES),
        id_number=number,
        birth_date=birth,
        education=education,
        degree=degree,
        category=MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
        joined_on=joined,
        confirmed_on=confirmed,
        job_post=job_post,
        phone=maker.phone(),
        address=address,
        native_place=native,
        work_started_on=between(rng, add_years(birth, 22), add_years(birth, 24)),
        admin_position=special.admin_position if special else _admin_position(spec, slot, age),
        department=f"原{rng.choice(BRANCH_SPECS[:-1]).department}" if spec.retiree else spec.department,
        party_position=special.party_position if special else None,
        employment=Employment.RETIRED if spec.retiree else Employment.IN_SERVICE,
        community=f"{CITY}{district}{rng.choice(STREETS)}社区" if spec.retiree or rng.random() < 0.3 else None,
        is_leading_cadre=bool(special and special.leading_cadre),
        note="示例数据（虚构人员）",
    )


def committee_roles(full_members: int, size: int) -> list[CommitteeRole]:
    """R-ORG-3: 7+ 正式党员 → a committee of 4–5; fewer → only a 书记."""
    if full_members < 7:
        return [CommitteeRole.SECRETARY]
    roles = [CommitteeRole.SECRETARY]
    if size >= 40:
        roles.append(CommitteeRole.DEPUTY_SECRETARY)
    return [*roles, CommitteeRole.ORGANIZATION, CommitteeRole.PROPAGANDA, CommitteeRole.DISCIPLINE]


def populate(
    branch: Branch, maker: PeopleMaker, groups: Sequence[Organization], *, ref: dt.date, latest: dt.date
) -> None:
    """Create the branch's members, its committee (by slot) and the 党小组 assignment."""
    spec = branch.spec
    rng = maker.rng
    roles = committee_roles(spec.size - spec.probationary, spec.size)
    specials = list(spec.specials)
    members: list[Member] = []
    for slot in range(spec.size):
        special = specials.pop(0) if slot >= len(roles) and specials else None
        probationary = slot >= spec.size - spec.probationary
        senior = slot < len(roles) or special is not None
        members.append(make_member(maker, spec, slot, ref=ref, latest=latest, special=special,
                                   probationary=probationary, senior=senior))
    for role, member in zip(roles, members, strict=False):
        member.party_position = BRANCH_ROLE_POSITIONS[role]
        branch.committee.append((role, member))
    for m in members:
        m.organization = branch.org
    branch.members = members
    if groups:
        order = members[:]
        rng.shuffle(order)
        for gi, group in enumerate(groups):
            part = order[gi :: len(groups)]
            leader = next(m for m in part if m.party_position is None and not m.is_leading_cadre)
            leader.party_position = "党小组组长"
            part.sort(key=lambda m: 0 if m is leader else 1)
            for m in part:
                m.group = group
            branch.groups.append((group, part))


def synthetic_members(
    rng: random.Random, count: int, branch_ids: Sequence[int], *, reference: dt.date, stamp: dt.datetime
) -> list[dict[str, object]]:
    """Plain rows for a Core bulk insert, members dealt round-robin over ``branch_ids``.

    The ORM event that fills the pinyin search keys does not run for Core inserts, so they are
    computed here, once per distinct name (a few thousand at most).
    """
    surnames = sorted(set(SURNAMES))
    keys: dict[str, tuple[str, str]] = {}
    used: set[str] = set()
    rows: list[dict[str, object]] = []
    for i in range(count):
        male = rng.random() < 0.55
        name = rng.choice(surnames) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        if name not in keys:
            keys[name] = (pinyin_initials(name), pinyin_full(name))
        birth = reference - dt.timedelta(days=rng.randint(24 * 366, 60 * 365))
        while True:  # R-ID-1, R-ID-2: valid, unique, sequence digit matching the gender
            number = make_id(rng.choice(AREAS)[0], birth, rng.randrange(500) * 2 + (1 if male else 0))
            if number not in used:
                used.add(number)
                break
        probationary = rng.random() < 0.03
        joined = (reference - dt.timedelta(days=rng.randint(30, 330)) if probationary
                  else between(rng, add_years(birth, 19), add_years(reference, -2)))  # R-DEV-1
        rows.append({
            "name": name, "name_initials": keys[name][0], "name_pinyin": keys[name][1],
            "gender": Gender.MALE if male else Gender.FEMALE, "ethnicity": "汉族", "id_number": number,
            "birth_date": birth, "education": "大学本科",
            "category": MemberCategory.PROBATIONARY if probationary else MemberCategory.FULL,
            "organization_id": branch_ids[i % len(branch_ids)], "joined_on": joined,
            "confirmed_on": None if probationary else add_years(joined, 1),  # R-DEV-10
            "phone": f"138{rng.randrange(10**8):08d}", "created_at": stamp, "updated_at": stamp,
        })
    return rows


__all__ = [
    "AREAS",
    "BRANCH_ROLE_POSITIONS",
    "BRANCH_SPECS",
    "CITY",
    "ETHNICITIES",
    "FEMALE_GIVEN",
    "GENERAL_BRANCHES",
    "MALE_GIVEN",
    "PROVINCE",
    "SENIOR_YEARS",
    "SURNAMES",
    "UNIT",
    "Branch",
    "BranchSpec",
    "PeopleMaker",
    "Special",
    "between",
    "committee_roles",
    "make_member",
    "populate",
    "synthetic_members",
]
