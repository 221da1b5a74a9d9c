"""Members (rules.md §7), their history events and transfers (R-XFER-1)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text, event, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from djdesk.domain.enums import (
    Employment,
    Gender,
    MemberCategory,
    MemberEventKind,
    PartyStanding,
    RosterStatus,
    TransferDirection,
)
from djdesk.domain.privacy import SECRET_MEMBER_FIELDS
from djdesk.store.base import Base, SoftDeleteMixin, TimestampMixin, enum_column
from djdesk.store.models_org import Organization


class Member(SoftDeleteMixin, TimestampMixin, Base):
    """A party member: the 16 standard items of rules.md §7 in order, then the common extras."""

    __tablename__ = "members"
    __label__ = "党员"
    __audit_secret__ = SECRET_MEMBER_FIELDS
    # One live record per ID number; a record in the 回收站 does not block re-entering the person.
    # Besides: the records in the 回收站 by ID number (someone entered again; the 回收站 list), and
    # members by 党小组 where they have one (most have none). Every index costs each insert (a
    # 10,000-row roster import was mostly index writes), so nothing else: name, roster_status and
    # deleted_at are read whole or nearly so, never looked up.
    __table_args__ = (
        Index("uq_members_live_id_number", "id_number", unique=True,
              sqlite_where=text("deleted_at IS NULL"), postgresql_where=text("deleted_at IS NULL")),
        Index("ix_members_binned_id_number", "id_number",
              sqlite_where=text("deleted_at IS NOT NULL"), postgresql_where=text("deleted_at IS NOT NULL")),
        Index("ix_members_group_id", "group_id",
              sqlite_where=text("group_id IS NOT NULL"), postgresql_where=text("group_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The 16 standard items (2017 全国党员管理信息系统).
    name: Mapped[str] = mapped_column(String(100))  # 姓名
    # Search keys kept with the row so the roster loads without computing pinyin.
    name_initials: Mapped[str] = mapped_column(String(100), default="")
    name_pinyin: Mapped[str] = mapped_column(String(400), default="")
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender))  # 性别
    ethnicity: Mapped[str | None] = mapped_column(String(20))  # 民族
    id_number: Mapped[str | None] = mapped_column(String(18))  # 公民身份号码
    birth_date: Mapped[dt.date | None] = mapped_column(Date)  # 出生日期
    education: Mapped[str | None] = mapped_column(String(20))  # 学历
    category: Mapped[MemberCategory] = mapped_column(enum_column(MemberCategory))  # 人员类别
    organization_id: Mapped[int] = mapped_column(  # 所在党支部
        ForeignKey("organizations.id", ondelete="RESTRICT"), index=True
    )
    joined_on: Mapped[dt.date | None] = mapped_column(Date)  # 加入党组织日期
    confirmed_on: Mapped[dt.date | None] = mapped_column(Date)  # 转为正式党员日期
    job_post: Mapped[str | None] = mapped_column(String(100))  # 工作岗位
    phone: Mapped[str | None] = mapped_column(String(40))  # 联系电话
    address: Mapped[str | None] = mapped_column(String(200))  # 家庭住址
    standing: Mapped[PartyStanding] = mapped_column(  # 党籍状态
        enum_column(PartyStanding), default=PartyStanding.NORMAL
    )
    lost_contact: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否为失联党员
    lost_contact_on: Mapped[dt.date | None] = mapped_column(Date)  # 失去联系日期 (R-EVAL-7)
    floating: Mapped[bool] = mapped_column(Boolean, default=False)  # 是否为流动党员
    floating_to: Mapped[str | None] = mapped_column(String(200))  # 外出流向
    # Common extras.
    native_place: Mapped[str | None] = mapped_column(String(100))  # 籍贯
    degree: Mapped[str | None] = mapped_column(String(20))  # 学位
    work_started_on: Mapped[dt.date | None] = mapped_column(Date)  # 参加工作日期
    admin_position: Mapped[str | None] = mapped_column(String(100))  # 行政职务
    department: Mapped[str | None] = mapped_column(String(200))  # 所在单位/部门
    party_position: Mapped[str | None] = mapped_column(String(100))  # 党内职务
    group_id: Mapped[int | None] = mapped_column(  # 党小组 (indexed where set: see __table_args__)
        ForeignKey("organizations.id", ondelete="SET NULL")
    )
    employment: Mapped[Employment] = mapped_column(enum_column(Employment), default=Employment.IN_SERVICE)
    transferred_in_on: Mapped[dt.date | None] = mapped_column(Date)  # 组织关系转入日期
    community: Mapped[str | None] = mapped_column(String(200))  # 双报到社区
    is_leading_cadre: Mapped[bool] = mapped_column(Boolean, default=False)  # 领导干部 (R-MEET-12)
    note: Mapped[str | None] = mapped_column(Text)  # 备注
    roster_status: Mapped[RosterStatus] = mapped_column(enum_column(RosterStatus), default=RosterStatus.ACTIVE)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)  # 回收站: no index of its own

    organization: Mapped[Organization] = relationship(foreign_keys=[organization_id])
    group: Mapped[Organization | None] = relationship(foreign_keys=[group_id])
    events: Mapped[list[MemberEvent]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True, order_by="MemberEvent.occurred_on"
    )
    transfers: Mapped[list[MemberTransfer]] = relationship(
        back_populates="member", cascade="all, delete-orphan", passive_deletes=True
    )


@event.listens_for(Member, "before_insert")
@event.listens_for(Member, "before_update")
def _fill_search_keys(_mapper: Any, _connection: Any, member: Member) -> None:
    from djdesk.domain.names import pinyin_full, pinyin_initials

    if member.name:
        member.name_initials = pinyin_initials(member.name)
        member.name_pinyin = pinyin_full(member.name)


class MemberEvent(TimestampMixin, Base):
    """A dated change of status kept in the member's history."""

    __tablename__ = "member_events"
    __label__ = "党员变动"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    kind: Mapped[MemberEventKind] = mapped_column(enum_column(MemberEventKind))
    occurred_on: Mapped[dt.date] = mapped_column(Date)
    detail: Mapped[str | None] = mapped_column(Text)

    member: Mapped[Member] = relationship(back_populates="events")

    def audit_title(self) -> str:
        return self.kind.label


class MemberTransfer(TimestampMixin, Base):
    """组织关系转接 with its 介绍信 (R-XFER-1, R-XFER-2)."""

    __tablename__ = "member_transfers"
    __label__ = "组织关系转接"

    id: Mapped[int] = mapped_column(primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    direction: Mapped[TransferDirection] = mapped_column(enum_column(TransferDirection))
    letter_number: Mapped[str | None] = mapped_column(String(100))
    from_org: Mapped[str | None] = mapped_column(String(200))
    to_org: Mapped[str | None] = mapped_column(String(200))
    dues_paid_to: Mapped[str | None] = mapped_column(String(7))  # 党费缴至 YYYY-MM
    validity_days: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[dt.date | None] = mapped_column(Date)
    receipt_returned: Mapped[bool] = mapped_column(Boolean, default=False)
    receipt_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)

    member: Mapped[Member] = relationship(back_populates="transfers")

    def audit_title(self) -> str:
        return f"{self.direction.label} {self.letter_number or ''}".strip()
