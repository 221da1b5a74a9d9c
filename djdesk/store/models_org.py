"""Organisations (a tree), committee seats (班子成员) and elections (换届记录)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from djdesk.domain.enums import CommitteeRole, OrgKind
from djdesk.store.base import Base, TimestampMixin, enum_column


class Organization(TimestampMixin, Base):
    __tablename__ = "organizations"
    __label__ = "党组织"

    id: Mapped[int] = mapped_column(primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str | None] = mapped_column(String(100))
    unit_name: Mapped[str | None] = mapped_column(String(200))  # 所在单位
    founded_on: Mapped[dt.date | None] = mapped_column(Date)
    contact: Mapped[str | None] = mapped_column(String(200))
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date)  # 撤销 date; history kept

    # Current term (R-ORG-5, R-ORG-6, R-ORG-8).
    term_number: Mapped[int | None] = mapped_column(Integer)  # 届次
    term_elected_on: Mapped[dt.date | None] = mapped_column(Date)  # date of the electing 党员大会
    term_years: Mapped[int | None] = mapped_column(Integer)  # R-ORG-5: the current term's length, stored when elected
    term_adjust_months: Mapped[int] = mapped_column(Integer, default=0)  # + extension / - advance
    term_adjust_doc: Mapped[str | None] = mapped_column(String(200))
    term_adjust_on: Mapped[dt.date | None] = mapped_column(Date)

    # 标准化建设示范党支部 designation.
    model_branch_batch: Mapped[int | None] = mapped_column(Integer)
    model_branch_year: Mapped[int | None] = mapped_column(Integer)
    is_retiree_branch: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str | None] = mapped_column(Text)

    parent: Mapped[Organization | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Organization]] = relationship(back_populates="parent")
    seats: Mapped[list[CommitteeSeat]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )
    elections: Mapped[list[Election]] = relationship(
        back_populates="organization", cascade="all, delete-orphan", passive_deletes=True
    )


class CommitteeSeat(TimestampMixin, Base):
    """A seat on a committee (班子成员): role and the dates it was held."""

    __tablename__ = "committee_seats"
    __label__ = "班子成员"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), index=True)
    person_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[CommitteeRole] = mapped_column(enum_column(CommitteeRole))
    started_on: Mapped[dt.date | None] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    # R-ORG-10: 书记/副书记 are approved (批准) by the upper organisation, 委员 reported for record (备案).
    filing_doc: Mapped[str | None] = mapped_column(String(200))
    filing_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship(back_populates="seats")

    def audit_title(self) -> str:
        return f"{self.person_name}（{self.role.label}）"


class Election(TimestampMixin, Base):
    """换届记录: the 党员大会 that elected a committee (R-ORG-9)."""

    __tablename__ = "elections"
    __label__ = "换届记录"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    held_on: Mapped[dt.date] = mapped_column(Date)
    term_number: Mapped[int] = mapped_column(Integer)
    entitled: Mapped[int] = mapped_column(Integer)  # 应到
    present: Mapped[int] = mapped_column(Integer)  # 实到
    approval_doc: Mapped[str | None] = mapped_column(String(200))
    approval_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship(back_populates="elections")
    votes: Mapped[list[ElectionVote]] = relationship(
        back_populates="election", cascade="all, delete-orphan", passive_deletes=True
    )

    def audit_title(self) -> str:
        return f"第{self.term_number}届"


class ElectionVote(Base):
    __tablename__ = "election_votes"
    __label__ = "选举票数"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    candidate_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[CommitteeRole | None] = mapped_column(enum_column(CommitteeRole))
    votes: Mapped[int] = mapped_column(Integer, default=0)
    elected: Mapped[bool] = mapped_column(Boolean, default=False)

    election: Mapped[Election] = relationship(back_populates="votes")

    def audit_title(self) -> str:
        return self.candidate_name
