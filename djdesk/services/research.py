"""调研课题 (R-MEET-13): each leader at or above 县处级 takes at least ``meet.research_topics_per_year`` research
topics a year. Members flagged 领导干部 (``Member.is_leading_cadre``) are treated as those leaders.

Each write is one transaction; a refusal raises :class:`InputError` and writes nothing. A topic has no
回收站: deleting removes it (the 操作日志 keeps a line).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from djdesk.domain.enums import RosterStatus
from djdesk.domain.errors import InputError
from djdesk.domain.names import stroke_sort_key
from djdesk.services.meeting_attendance import display_name
from djdesk.services.meeting_forms import clean_text
from djdesk.services.settings import load_settings
from djdesk.store.engine import SessionFactory
from djdesk.store.models import Member, ResearchTopic

SETTING_KEY: Final = "meet.research_topics_per_year"
STATUSES: Final = ("已立项", "进行中", "已结题")
"""Suggested 状态 values; the clerk may type another."""
FIRST_YEAR: Final = 2000


@dataclass
class ResearchInput:
    year: int
    person: int | str  # member id, or the leader's name typed in
    title: str
    status: str | None = None  # 已立项 / 进行中 / 已结题 …
    result: str | None = None  # 成果 (report, adopted measures …)


@dataclass(frozen=True)
class TopicRow:
    id: int
    year: int
    member_id: int | None
    person_name: str
    title: str
    status: str | None
    result: str | None


@dataclass(frozen=True)
class LeaderTopics:
    """A leader with fewer topics in the year than required (R-MEET-13)."""

    member_id: int
    name: str
    admin_position: str | None
    organisation: str
    topics: int
    required: int


def _check(session: Session, data: ResearchInput, today: dt.date) -> tuple[int | None, str]:
    if not FIRST_YEAR <= data.year <= today.year + 1:
        raise InputError(f"课题年度应在 {FIRST_YEAR} 年到 {today.year + 1} 年之间，现填写 {data.year}。")
    if not clean_text(data.title, 300, "课题名称"):
        raise InputError("请填写调研课题名称。")
    clean_text(data.status, 50, "课题状态")
    if isinstance(data.person, int):
        member = session.get(Member, data.person)
        if member is None or member.deleted_at is not None:
            raise InputError("找不到所选的党员（可能已被删除）。请重新选择承担课题的领导。")
        return member.id, member.name
    name = clean_text(data.person, 100, "承担人姓名")
    if name is None:
        raise InputError("请选择或填写承担课题的领导。")
    return None, name


def _fill(topic: ResearchTopic, data: ResearchInput, person: tuple[int | None, str]) -> None:
    values = {"year": data.year, "member_id": person[0], "person_name": person[1],
              "title": clean_text(data.title, 300, "课题名称"), "status": clean_text(data.status, 50, "课题状态"),
              "result": (data.result or "").strip() or None}
    for key, value in values.items():
        if getattr(topic, key, None) != value:
            setattr(topic, key, value)


def create_topic(sessions: SessionFactory, data: ResearchInput, *, today: dt.date | None = None) -> int:
    with sessions.begin() as session:
        person = _check(session, data, today or dt.date.today())
        topic = ResearchTopic()
        _fill(topic, data, person)
        session.add(topic)
        session.flush()
        return topic.id


def _get(session: Session, topic_id: int) -> ResearchTopic:
    topic = session.get(ResearchTopic, topic_id)
    if topic is None:
        raise InputError("找不到该调研课题，可能已被删除。请刷新后再试。")
    return topic


def update_topic(sessions: SessionFactory, topic_id: int, data: ResearchInput, *,
                 today: dt.date | None = None) -> None:
    with sessions.begin() as session:
        topic = _get(session, topic_id)
        _fill(topic, data, _check(session, data, today or dt.date.today()))


def delete_topic(sessions: SessionFactory, topic_id: int) -> None:
    with sessions.begin() as session:
        session.delete(_get(session, topic_id))


def list_topics(sessions: SessionFactory, *, year: int | None = None, member_id: int | None = None) -> list[TopicRow]:
    """Topics, newest year first, then by the leader's name (姓氏笔画)."""
    stmt = select(ResearchTopic)
    if year is not None:
        stmt = stmt.where(ResearchTopic.year == year)
    if member_id is not None:
        stmt = stmt.where(ResearchTopic.member_id == member_id)
    with sessions() as session:
        rows = [TopicRow(t.id, t.year, t.member_id, t.person_name, t.title, t.status, t.result)
                for t in session.scalars(stmt)]
    rows.sort(key=lambda r: (-r.year, stroke_sort_key(r.person_name), r.id))
    return rows


def topics_required(sessions: SessionFactory) -> int:
    """R-MEET-13: topics each leader takes a year (setting ``meet.research_topics_per_year``, default 1)."""
    return int(load_settings(sessions).get(SETTING_KEY))


def leaders_without_topic(sessions: SessionFactory, year: int) -> list[LeaderTopics]:
    """R-MEET-13: leaders on the roster (members flagged 领导干部) with fewer topics in ``year`` than required.

    A topic counts for a leader when it is linked to them, or was entered with their exact name and no link."""
    required = topics_required(sessions)
    with sessions() as session:
        leaders = session.scalars(select(Member).where(
            Member.is_leading_cadre.is_(True), Member.deleted_at.is_(None),
            Member.roster_status == RosterStatus.ACTIVE)).all()
        topics = [(mid, name) for mid, name in session.execute(
            select(ResearchTopic.member_id, ResearchTopic.person_name).where(ResearchTopic.year == year))]
        result = []
        for leader in leaders:
            count = sum(1 for mid, name in topics if mid == leader.id or (mid is None and name == leader.name))
            if count < required:
                result.append(LeaderTopics(leader.id, leader.name, leader.admin_position,
                                           display_name(leader.organization), count, required))
    result.sort(key=lambda r: (stroke_sort_key(r.name), r.member_id))
    return result
