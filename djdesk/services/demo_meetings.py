"""Organisational life of the demo year: 三会一课 and the rest (R-MEET-1…11), and 谈心谈话.

Each branch follows a fixed yearly schedule; a meeting is written only when its date is on or
before ``cutoff`` (the earlier of 31 December and today), and a kind listed in the branch's gaps is
left out entirely so that reminders have something to show.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert
from sqlalchemy.orm import Session

from djdesk.domain.enums import AttendanceStatus, MeetingKind, MemberCategory, TalkKind
from djdesk.services.demo_people import Branch
from djdesk.store.models import (
    AgendaItem,
    Attendance,
    Meeting,
    Member,
    Motion,
    Organization,
    Resolution,
    Talk,
    TalkParticipant,
)

_QUARTERS: Final = ("一", "二", "三", "四")
LECTURE_TOPICS: Final = (
    "深入学习党章，做合格共产党员",
    "坚定理想信念，筑牢思想根基",
    "加强作风建设，提升服务效能",
    "严守纪律规矩，永葆清正廉洁",
)
THEMES: Final = (
    "重温入党誓词，坚定理想信念",
    "学习党内法规，增强纪律意识",
    "学雷锋志愿服务",
    "缅怀革命先烈，传承红色基因",
    "弘扬劳动精神，立足岗位作贡献",
    "廉政警示教育",
    "庆祝中国共产党成立{age}周年",
    "学习行业先进典型事迹",
    "安全生产主题宣讲",
    "学习党史，赓续精神血脉",
    "“我为群众办实事”实践活动",
    "宪法学习宣传",
)
# Months whose 主题党日 goes out of the office, and where to.
_THEME_PLACES: Final[dict[int, str]] = {3: "示例市新华区志愿服务站", 4: "示例市革命历史纪念馆", 6: "示例市廉政教育基地"}
_GA_AGENDA: Final = (
    ("传达学习上级会议精神", "审议《{branch}{year}年党建工作要点》"),
    ("学习党章党规", "推荐{year}年度“两优一先”人选"),
    ("集中学习党的创新理论", "通报上半年支部工作情况"),
    ("公开{year}年度党费收缴使用情况", "研究部署年度组织生活会"),
)
_COMMITTEE_AGENDA: Final = ("研究本月支部工作安排", "研究主题党日活动方案", "研究党员教育管理工作")
_LIFE_AGENDA: Final = ("通报上年度查摆问题整改情况", "支部班子对照检查", "开展批评和自我批评")
_EVAL_AGENDA: Final = ("个人自评", "党员互评", "民主测评")
_IDEOLOGY_AGENDA: Final = ("分析研判意识形态领域情况", "研究部署意识形态工作任务")
_TALK_TOPICS: Final = (
    "思想和工作情况交流",
    "对支部班子建设的意见建议",
    "落实全面从严治党责任",
    "工作作风和廉洁自律",
    "家庭和生活困难",
)
_LEAVE_REASONS: Final = ("出差", "病假", "公务外出", "参加培训", "事假")
_RETIREE_REASONS: Final = ("身体原因", "住院治疗", "外出探亲", "照顾家人")
_NATIONAL_DAY_END: Final = 8


def workday(year: int, month: int, day: int) -> dt.date:
    """``day`` of the month moved off the New Year, May Day and National Day holidays and weekends."""
    if (month == 1 and day < 4) or (month == 5 and day < 6):
        day += 5
    if month == 10 and day <= _NATIONAL_DAY_END:
        day += _NATIONAL_DAY_END
    result = dt.date(year, month, min(day, 28))
    weekday = result.weekday()
    if weekday < 5:
        return result
    earlier = result - dt.timedelta(days=weekday - 4)
    holiday = (month == 1 and earlier.day < 4) or (month == 10 and earlier.day <= _NATIONAL_DAY_END)
    return result + dt.timedelta(days=7 - weekday) if holiday else earlier


@dataclass(frozen=True)
class Slot:
    kind: MeetingKind
    day: dt.date
    n: int  # 1-based number of this kind in the year (quarter, month …)
    group: int = -1


def schedule(branch: Branch, year: int) -> list[Slot]:
    """The full-year plan of one branch (before gaps and the cutoff are applied)."""
    i = branch.index
    slots = [Slot(MeetingKind.GENERAL_ASSEMBLY, workday(year, 3 * q, 14 + i % 4), q) for q in range(1, 5)]
    slots += [Slot(MeetingKind.PARTY_LECTURE, workday(year, 3 * q, 22 + i % 4), q) for q in range(1, 5)]
    for month in range(1, 13):
        if len(branch.committee) > 1:  # R-MEET-2: only a branch that has a committee
            slots.append(Slot(MeetingKind.COMMITTEE_MEETING, workday(year, month, 5 + i % 3), month))
        slots.append(Slot(MeetingKind.THEME_DAY, workday(year, month, 10 + i % 4), month))
        for g in range(len(branch.groups)):
            slots.append(Slot(MeetingKind.GROUP_MEETING, workday(year, month, 17 + 2 * g + i % 2), month, g))
    slots.append(Slot(MeetingKind.LIFE_MEETING, workday(year, 11, 12 + i), 1))
    slots.append(Slot(MeetingKind.EVALUATION_MEETING, workday(year, 11, 19 + i), 1))
    slots += [Slot(MeetingKind.IDEOLOGY, workday(year, month, 6 + i % 5), k) for k, month in ((1, 6), (2, 12))]
    return sorted(slots, key=lambda s: (s.day, s.kind.name, s.group))


class MeetingWriter:
    """Builds meetings in memory, then writes them with their attendance in bulk."""

    def __init__(self, rng: random.Random, year: int, often_absent: frozenset[int]) -> None:
        self.rng = rng
        self.year = year
        self.often_absent = often_absent
        self._pending: list[tuple[Meeting, list[dict[str, Any]]]] = []

    def flush(self, session: Session) -> int:
        session.add_all([m for m, _ in self._pending])
        session.flush()
        rows = [{**row, "meeting_id": m.id} for m, attendance in self._pending for row in attendance]
        if rows:
            session.execute(insert(Attendance), rows)
        return len(self._pending)

    def _attendance(
        self, people: Sequence[Member], must: Sequence[Member], retirees: bool
    ) -> list[dict[str, Any]]:
        rng = self.rng
        status: dict[int, tuple[AttendanceStatus, str | None]] = {}
        must_ids = {m.id for m in must}
        for m in people:
            r = rng.random()
            if m.id in must_ids:
                status[m.id] = (AttendanceStatus.PRESENT, None)
                continue
            if m.id in self.often_absent and r < 0.6:
                status[m.id] = (AttendanceStatus.ABSENT, "未履行请假手续")
                continue
            leave = 0.3 if m.is_leading_cadre else (0.14 if retirees else 0.08)
            if r >= leave:
                status[m.id] = (AttendanceStatus.PRESENT, None)
            elif r < 0.006:
                status[m.id] = (AttendanceStatus.ABSENT, "未履行请假手续")
            else:
                reasons = ("公务活动", "出差") if m.is_leading_cadre else (
                    _RETIREE_REASONS if retirees else _LEAVE_REASONS)
                status[m.id] = (AttendanceStatus.LEAVE, rng.choice(reasons))

        def short(group: Sequence[Member]) -> bool:
            present = sum(1 for m in group if status[m.id][0] is AttendanceStatus.PRESENT)
            return bool(group) and 2 * present <= len(group)

        voters = [m for m in people if m.category is MemberCategory.FULL]
        # R-MEET-9/R-MEET-10: more than half present (counting voting members for the 党员大会).
        for m in people:
            if not (short(people) or short(voters)):
                break
            if status[m.id][0] is not AttendanceStatus.PRESENT:
                status[m.id] = (AttendanceStatus.PRESENT, None)
        return [
            {"member_id": m.id, "person_name": m.name, "status": status[m.id][0], "reason": status[m.id][1],
             "observer": False}
            for m in people
        ]

    def add(
        self,
        org: Organization,
        kind: MeetingKind,
        title: str,
        day: dt.date,
        *,
        people: Sequence[Member],
        host: Member,
        recorder: Member,
        place: str,
        agenda: Sequence[str],
        speaker: Member | None = None,
        retirees: bool = False,
        start: dt.time = dt.time(9, 0),
        minutes: int = 90,
    ) -> Meeting:
        rng = self.rng
        # Only those already members on the day are expected (a 预备党员 admitted later is not).
        people = [m for m in people if m.joined_on is None or m.joined_on <= day]
        attendance = self._attendance(people, [host, recorder, *([speaker] if speaker else [])], retirees)
        present = [m for m, row in zip(people, attendance, strict=True)
                   if row["status"] is AttendanceStatus.PRESENT]
        end = (dt.datetime.combine(day, start) + dt.timedelta(minutes=minutes)).time()
        meeting = Meeting(
            organization_id=org.id, kind=kind, title=title, held_on=day, start_time=start, end_time=end,
            place=place, host_member_id=host.id, host_name=host.name, recorder_member_id=recorder.id,
            recorder_name=recorder.name, speaker_member_id=speaker.id if speaker else None,
            speaker_name=speaker.name if speaker else None,
            content=f"{host.name}主持会议，应到{len(people)}人，实到{len(present)}人。",
        )
        for seq, item in enumerate(agenda, start=1):
            a, b = rng.sample(present, 2) if len(present) >= 2 else (host, host)
            meeting.agenda.append(AgendaItem(
                seq=seq, title=item,
                discussion=f"{a.name}作了发言，{b.name}结合本职工作谈了认识和打算。与会同志一致表示，"
                           "要把会议精神落实到具体工作中。",
            ))
        self._pending.append((meeting, attendance))
        return meeting

    def observe(self, meeting: Meeting, guest: Member) -> None:
        """A 列席 guest from the upper organisation (not one of the expected attendees)."""
        for m, rows in self._pending:
            if m is meeting:
                rows.append({"member_id": guest.id, "person_name": guest.name,
                             "status": AttendanceStatus.PRESENT, "reason": None, "observer": True})

    def vote(self, meeting: Meeting, title: str, voters: Sequence[Member]) -> None:
        """A motion that passes: yes-votes > half of those entitled (R-MEET-9)."""
        voter_ids = {v.id for v in voters}
        present = sum(1 for m, rows in self._pending if m is meeting for row in rows
                      if row["status"] is AttendanceStatus.PRESENT and row["member_id"] in voter_ids)
        no, abstain = self.rng.randint(0, 1), self.rng.randint(0, 1)
        if 2 * (present - no - abstain) <= len(voters):
            no = abstain = 0
        meeting.motions.append(Motion(seq=len(meeting.motions) + 1, title=title, yes=present - no - abstain,
                                      no=no, abstain=abstain))


def branch_meetings(
    writer: MeetingWriter,
    branch: Branch,
    *,
    cutoff: dt.date,
    gaps: Mapping[str, frozenset[MeetingKind]],
    observer: Member | None,
) -> None:
    """Write one branch's meetings of the year up to ``cutoff``, leaving out its gaps."""
    rng, year, spec = writer.rng, writer.year, branch.spec
    committee = branch.committee_members
    secretary = branch.secretary
    recorder = committee[2] if len(committee) > 2 else branch.members[1]
    voters = [m for m in branch.members if m.category is MemberCategory.FULL]
    leaders = [m for m in branch.members if m.is_leading_cadre]
    omitted = gaps.get(spec.short, frozenset())
    for slot in schedule(branch, year):
        if slot.day > cutoff or slot.kind in omitted:
            continue
        common: dict[str, Any] = {"host": secretary, "recorder": recorder, "place": spec.place,
                                  "retirees": spec.retiree}
        kind, n = slot.kind, slot.n
        if kind is MeetingKind.GENERAL_ASSEMBLY:
            agenda = [t.format(branch=spec.short, year=year) for t in _GA_AGENDA[n - 1]]
            m = writer.add(branch.org, kind, f"{year}年第{_QUARTERS[n - 1]}季度支部党员大会", slot.day,
                           people=branch.members, agenda=agenda, **common)
            if n == 1:
                writer.vote(m, f"关于《{spec.short}{year}年党建工作要点》的表决", voters)
                m.resolutions.append(Resolution(
                    seq=1, content=f"通过《{spec.short}{year}年党建工作要点》，由支部委员会分工抓好落实。",
                    owner_name=secretary.name, due_on=dt.date(year, 12, 31)))
            elif n == 4:
                writer.vote(m, f"关于{year}年度党费收缴使用情况的表决", voters)
        elif kind is MeetingKind.PARTY_LECTURE:
            # R-MEET-4: the secretary gives the first lecture of the year; a 厅领导 the second.
            speakers = [secretary, *(leaders or committee[1:2]), *committee[2:]]
            speaker = speakers[(n - 1) % len(speakers)]
            writer.add(branch.org, kind, f"第{_QUARTERS[n - 1]}季度党课：{LECTURE_TOPICS[n - 1]}", slot.day,
                       people=branch.members, agenda=[f"{speaker.name}同志讲授专题党课", "交流研讨"], speaker=speaker,
                       start=dt.time(14, 30), **common)
        elif kind is MeetingKind.COMMITTEE_MEETING:
            agenda = rng.sample(_COMMITTEE_AGENDA, rng.randint(1, 3))
            writer.add(branch.org, kind, f"{year}年{n}月支部委员会会议", slot.day, people=committee,
                       agenda=agenda, minutes=60, **common)
        elif kind is MeetingKind.THEME_DAY:
            theme = THEMES[n - 1].format(age=year - 1921)
            common["place"] = _THEME_PLACES.get(n, spec.place)
            writer.add(branch.org, kind, f"{n}月主题党日：{theme}", slot.day, people=branch.members,
                       agenda=[theme], start=dt.time(14, 30), minutes=120, **common)
        elif kind is MeetingKind.GROUP_MEETING:
            group, people = branch.groups[slot.group]
            name = group.short_name or group.name
            writer.add(group, kind, f"{name}{n}月党小组会", slot.day, people=people, host=people[0],
                       recorder=people[1], place=spec.place, agenda=[f"学习{n}月学习篇目", "交流学习体会"],
                       retirees=spec.retiree, minutes=60)
        elif kind is MeetingKind.LIFE_MEETING:
            m = writer.add(branch.org, kind, f"{year}年度组织生活会", slot.day, people=branch.members,
                           agenda=list(_LIFE_AGENDA), minutes=180, **common)
            m.resolutions.append(Resolution(
                seq=1, content="对查摆出的问题建立整改清单，明确责任人和整改时限，按期销号。",
                owner_name=secretary.name, due_on=dt.date(year + 1, 3, 31)))
            if observer is not None:
                writer.observe(m, observer)
        elif kind is MeetingKind.EVALUATION_MEETING:
            writer.add(branch.org, kind, f"{year}年度民主评议党员会议", slot.day, people=branch.members,
                       agenda=list(_EVAL_AGENDA), minutes=150, **common)
        elif kind is MeetingKind.IDEOLOGY:
            half = "上" if n == 1 else "下"
            writer.add(branch.org, kind, f"{year}年{half}半年意识形态工作专题研究", slot.day,
                       people=committee, agenda=list(_IDEOLOGY_AGENDA), minutes=60, **common)


def upper_meetings(
    writer: MeetingWriter, org: Organization, committee: Sequence[Member], *, cutoff: dt.date, place: str
) -> None:
    """R-MEET-11: a 党委/党总支 holds at least two ideology discussions a year."""
    year = writer.year
    for n, month in ((1, 6), (2, 12)):
        day = workday(year, month, 3 + org.sort_order % 3)
        if day <= cutoff:
            half = "上" if n == 1 else "下"
            writer.add(org, MeetingKind.IDEOLOGY, f"{year}年{half}半年意识形态工作专题研究", day,
                       people=committee, host=committee[0], recorder=committee[1], place=place,
                       agenda=list(_IDEOLOGY_AGENDA), minutes=60)


def add_talks(
    session: Session,
    rng: random.Random,
    branches: Sequence[Branch],
    *,
    year: int,
    cutoff: dt.date,
    gaps: Mapping[str, frozenset[TalkKind]],
) -> int:
    """谈心谈话 register (R-MEET-7): two talks of each kind per branch, one per half year."""
    count = 0
    for branch in branches:
        committee = branch.committee_members
        ordinary = branch.ordinary
        for kind in TalkKind:
            if kind in gaps.get(branch.spec.short, frozenset()):
                continue
            for half in (0, 1):
                day = workday(year, rng.randint(2, 5) + 6 * half, rng.randint(3, 26))
                if day > cutoff:
                    continue
                if kind is TalkKind.SECRETARY_COMMITTEE:
                    pair = [committee[0], rng.choice(committee[1:])]
                elif kind is TalkKind.AMONG_COMMITTEE:
                    pair = rng.sample(committee[1:], 2)
                elif kind is TalkKind.COMMITTEE_MEMBER:
                    pair = [rng.choice(committee), rng.choice(ordinary)]
                else:
                    pair = rng.sample(ordinary, 2)
                talk = Talk(organization_id=branch.org.id, held_on=day, kind=kind,
                            topic=rng.choice(_TALK_TOPICS),
                            summary=f"{pair[0].name}与{pair[1].name}进行了谈心谈话，双方坦诚交流了思想和工作情况。",
                            follow_up="提出的意见建议已记录，由支部委员会研究落实。")
                talk.participants = [TalkParticipant(member_id=m.id, person_name=m.name) for m in pair]
                session.add(talk)
                count += 1
    return count
