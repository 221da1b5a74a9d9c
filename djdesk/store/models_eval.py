"""民主评议, 述职评议, branch assessments, commendations; settings and the audit log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from djdesk.domain.enums import (
    AssessmentItemKind,
    AuditAction,
    CommendationStatus,
    DisposalKind,
    EvalGrade,
)
from djdesk.store.base import Base, TimestampMixin, enum_column, now


class Evaluation(TimestampMixin, Base):
    """A member's 民主评议 grade for a year (R-EVAL-1), with optional 民主测评 tallies."""

    __tablename__ = "evaluations"
    __label__ = "民主评议"
    __table_args__ = (UniqueConstraint("year", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="RESTRICT"), index=True)
    grade: Mapped[EvalGrade] = mapped_column(enum_column(EvalGrade))
    votes_excellent: Mapped[int | None] = mapped_column(Integer)
    votes_qualified: Mapped[int | None] = mapped_column(Integer)
    votes_basic: Mapped[int | None] = mapped_column(Integer)
    votes_unqualified: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)

    disposals: Mapped[list[Disposal]] = relationship(
        back_populates="evaluation", cascade="all, delete-orphan", passive_deletes=True
    )

    def audit_title(self) -> str:
        return f"{self.year}年 {self.grade.label}"


class Disposal(TimestampMixin, Base):
    """组织处置 of a 不合格 member (R-EVAL-3)."""

    __tablename__ = "disposals"
    __label__ = "组织处置"

    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    kind: Mapped[DisposalKind] = mapped_column(enum_column(DisposalKind))
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    deadline: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[str | None] = mapped_column(Text)
    decision: Mapped[str | None] = mapped_column(Text)

    evaluation: Mapped[Evaluation] = relationship(back_populates="disposals")

    def audit_title(self) -> str:
        return self.kind.label


class SecretaryReview(TimestampMixin, Base):
    """书记抓党建述职评议考核 (R-EVAL-4)."""

    __tablename__ = "secretary_reviews"
    __label__ = "述职评议考核"
    __table_args__ = (UniqueConstraint("year", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    secretary_name: Mapped[str] = mapped_column(String(100))
    reported_on: Mapped[dt.date | None] = mapped_column(Date)
    score: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(20))
    comments: Mapped[str | None] = mapped_column(Text)

    def audit_title(self) -> str:
        return f"{self.year}年 {self.secretary_name}"


class AssessmentItem(TimestampMixin, Base):
    """One line of the editable 支部年度考核 checklist for a year."""

    __tablename__ = "assessment_items"
    __label__ = "考核项目"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    area: Mapped[str] = mapped_column(String(100))
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[AssessmentItemKind] = mapped_column(enum_column(AssessmentItemKind))
    max_points: Mapped[float] = mapped_column(Float)
    scoring_note: Mapped[str | None] = mapped_column(Text)
    seq: Mapped[int] = mapped_column(Integer, default=0)


class OrgAssessment(TimestampMixin, Base):
    __tablename__ = "org_assessments"
    __label__ = "支部年度考核"
    __table_args__ = (UniqueConstraint("year", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    self_score: Mapped[float | None] = mapped_column(Float)
    committee_score: Mapped[float | None] = mapped_column(Float)
    bonus: Mapped[float] = mapped_column(Float, default=0.0)
    bonus_reason: Mapped[str | None] = mapped_column(Text)
    penalty: Mapped[float] = mapped_column(Float, default=0.0)
    penalty_reason: Mapped[str | None] = mapped_column(Text)
    total: Mapped[float | None] = mapped_column(Float)
    grade: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    scores: Mapped[list[AssessmentScore]] = relationship(
        back_populates="assessment", cascade="all, delete-orphan", passive_deletes=True
    )

    def audit_title(self) -> str:
        return f"{self.year}年"


class AssessmentScore(Base):
    __tablename__ = "assessment_scores"
    __label__ = "考核得分"
    __table_args__ = (UniqueConstraint("assessment_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("org_assessments.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("assessment_items.id", ondelete="CASCADE"), index=True)
    self_points: Mapped[float | None] = mapped_column(Float)
    committee_points: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str | None] = mapped_column(Text)

    assessment: Mapped[OrgAssessment] = relationship(back_populates="scores")


class Commendation(TimestampMixin, Base):
    """评先评优 nomination (R-EVAL-5)."""

    __tablename__ = "commendations"
    __label__ = "评先评优"

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(100))  # 优秀共产党员 …
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("organizations.id", ondelete="SET NULL"))
    nominee_name: Mapped[str] = mapped_column(String(200))
    deeds: Mapped[str | None] = mapped_column(Text)  # 主要事迹
    level: Mapped[str | None] = mapped_column(String(100))  # 机关党委, 省直机关工委 …
    status: Mapped[CommendationStatus] = mapped_column(
        enum_column(CommendationStatus), default=CommendationStatus.NOMINATED
    )
    doc_number: Mapped[str | None] = mapped_column(String(200))
    doc_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    def audit_title(self) -> str:
        return f"{self.title}：{self.nominee_name}"


class Setting(Base):
    __tablename__ = "settings"
    __label__ = "设置"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class AuditEntry(Base):
    """操作日志. Written by the audit hook; never itself audited."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=now, index=True)
    # No index on entity or action: the 操作日志 is read newest first along ``at``, filtering as it
    # goes (with an index on these few values SQLite chose it and sorted: far slower for 党员), and
    # every index costs each of an import's 10,000 entries.
    entity: Mapped[str] = mapped_column(String(50))
    entity_id: Mapped[str] = mapped_column(String(50))
    action: Mapped[AuditAction] = mapped_column(enum_column(AuditAction))
    summary: Mapped[str] = mapped_column(Text)
