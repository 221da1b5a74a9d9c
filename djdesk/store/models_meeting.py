"""Meetings (三会一课 and other organisational life) and 谈心谈话 records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from djdesk.domain.enums import AttendanceStatus, MeetingKind, TalkKind
from djdesk.store.base import Base, SoftDeleteMixin, TimestampMixin, enum_column
from djdesk.store.models_org import Organization


class Meeting(SoftDeleteMixin, TimestampMixin, Base):
    __tablename__ = "meetings"
    __label__ = "会议"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind), index=True)
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # False while the meeting is only planned (notice and sign-in sheet printed beforehand).
    held: Mapped[bool] = mapped_column(Boolean, default=True)
    start_time: Mapped[dt.time | None] = mapped_column(Time)
    end_time: Mapped[dt.time | None] = mapped_column(Time)
    place: Mapped[str | None] = mapped_column(String(200))
    host_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    host_name: Mapped[str | None] = mapped_column(String(100))  # 主持人
    recorder_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    recorder_name: Mapped[str | None] = mapped_column(String(100))  # 记录人
    speaker_member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    speaker_name: Mapped[str | None] = mapped_column(String(100))  # 主讲人 (党课)
    content: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    attendance: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    agenda: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True, order_by="AgendaItem.seq"
    )
    motions: Mapped[list[Motion]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True, order_by="Motion.seq"
    )
    resolutions: Mapped[list[Resolution]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True, order_by="Resolution.seq"
    )


class Attendance(Base):
    """One expected attendee (出席/请假/缺席 + reason), or a 列席 guest."""

    __tablename__ = "meeting_attendance"
    __label__ = "会议出席"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(100))
    status: Mapped[AttendanceStatus] = mapped_column(enum_column(AttendanceStatus))
    reason: Mapped[str | None] = mapped_column(String(200))
    observer: Mapped[bool] = mapped_column(Boolean, default=False)  # 列席

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")

    def audit_title(self) -> str:
        return self.person_name


class AgendaItem(Base):
    __tablename__ = "agenda_items"
    __label__ = "议题"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    discussion: Mapped[str | None] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda")


class Motion(Base):
    """A vote (表决): 赞成/反对/弃权, written opinions counted separately (R-MEET-9)."""

    __tablename__ = "motions"
    __label__ = "表决事项"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str] = mapped_column(String(300))
    yes: Mapped[int] = mapped_column(Integer, default=0)
    no: Mapped[int] = mapped_column(Integer, default=0)
    abstain: Mapped[int] = mapped_column(Integer, default=0)
    written_yes: Mapped[int] = mapped_column(Integer, default=0)
    written_no: Mapped[int] = mapped_column(Integer, default=0)
    written_abstain: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="motions")


class Resolution(Base):
    __tablename__ = "resolutions"
    __label__ = "决议"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer, default=1)
    content: Mapped[str] = mapped_column(Text)
    owner_name: Mapped[str | None] = mapped_column(String(100))  # 负责人
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    progress: Mapped[str | None] = mapped_column(Text)  # 完成情况
    completed_on: Mapped[dt.date | None] = mapped_column(Date)

    meeting: Mapped[Meeting] = relationship(back_populates="resolutions")

    def audit_title(self) -> str:
        return self.content[:30]


class Talk(SoftDeleteMixin, TimestampMixin, Base):
    """谈心谈话 register (R-MEET-7)."""

    __tablename__ = "talks"
    __label__ = "谈心谈话"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # False while the meeting is only planned (notice and sign-in sheet printed beforehand).
    held: Mapped[bool] = mapped_column(Boolean, default=True)
    kind: Mapped[TalkKind] = mapped_column(enum_column(TalkKind))
    topic: Mapped[str | None] = mapped_column(String(300))
    summary: Mapped[str | None] = mapped_column(Text)
    follow_up: Mapped[str | None] = mapped_column(Text)

    participants: Mapped[list[TalkParticipant]] = relationship(
        back_populates="talk", cascade="all, delete-orphan", passive_deletes=True
    )

    def audit_title(self) -> str:
        return f"{self.kind.label} {self.topic or ''}".strip()


class TalkParticipant(Base):
    __tablename__ = "talk_participants"
    __label__ = "谈话人员"

    id: Mapped[int] = mapped_column(primary_key=True)
    talk_id: Mapped[int] = mapped_column(ForeignKey("talks.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(100))

    talk: Mapped[Talk] = relationship(back_populates="participants")

    def audit_title(self) -> str:
        return self.person_name


class ResearchTopic(TimestampMixin, Base):
    """调研课题 of a leader at or above 县处级 (R-MEET-13)."""

    __tablename__ = "research_topics"
    __label__ = "调研课题"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str | None] = mapped_column(String(50))  # 进行中, 已结题 …
    result: Mapped[str | None] = mapped_column(Text)
