"""Changes of a member's status (rules.md §6 R-XFER-1 … R-XFER-3, R-EVAL-7) and the 回收站.

The clerk transfers members out with a 介绍信 (R-XFER-1), waits for the 回执, transfers them back in,
records 停止党籍/恢复党籍, 失联/恢复联系, 流动/结束流动, 出党 and 去世, and moves mistaken records to the
回收站. Every refusal says in Chinese what to change and leaves the database exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select, text

from djdesk.domain.enums import (
    AuditAction,
    MemberCategory,
    MemberEventKind,
    OrgKind,
    PartyStanding,
    RosterStatus,
    TransferDirection,
)
from djdesk.paths import DataPaths
from djdesk.services.database import Store, open_store
from djdesk.services.member_status import (
    TransferOut,
    change_status,
    delete_member,
    member_history,
    receipt_returned,
    restore_member,
    transfer_in,
    transfer_out,
)
from djdesk.services.members import MemberRow, list_members
from djdesk.services.settings import save_setting
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AuditEntry, Member, MemberEvent, MemberTransfer, Organization
from tests.services.refusals import RefusalCheck

TODAY = dt.date(2026, 11, 26)
LONG_DIGITS = re.compile(r"\d{11,}")
TABLES = ("members", "member_events", "member_transfers")

BRANCH_NAME = "中共示例厅办公室支部委员会"
OTHER_BRANCH_NAME = "中共示例厅政策法规处支部委员会"
ZHANG_ID = "110101198003074514"
ZHANG_PHONE = "13812345678"
LI_ID = "11010119850615802X"
LI_PHONE = "13987654321"


# --- helpers ------------------------------------------------------------------------------------


CHECK = RefusalCheck(TABLES)
dump, refused = CHECK.dump, CHECK.refused


def last_audit_id(sessions: SessionFactory) -> int:
    with sessions() as session:
        return session.scalar(text("SELECT coalesce(max(id), 0) FROM audit_log")) or 0


def audit_since(sessions: SessionFactory, after_id: int) -> list[AuditEntry]:
    with sessions() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id)))


def assert_no_personal_digits(entries: list[AuditEntry], *secrets: str) -> None:
    for entry in entries:
        for secret in secrets:
            assert secret not in entry.summary, entry.summary
            assert secret not in entry.entity_id, entry.entity_id
        assert not LONG_DIGITS.search(entry.summary), entry.summary


def member(sessions: SessionFactory, member_id: int) -> Member:
    with sessions() as session:
        found = session.get(Member, member_id)
        assert found is not None
        return found


def events(sessions: SessionFactory, member_id: int) -> list[tuple[MemberEventKind, dt.date, str | None]]:
    with sessions() as session:
        rows = session.scalars(select(MemberEvent).where(MemberEvent.member_id == member_id).order_by(MemberEvent.id))
        return [(e.kind, e.occurred_on, e.detail) for e in rows]


def transfers(sessions: SessionFactory, member_id: int) -> list[MemberTransfer]:
    with sessions() as session:
        return list(session.scalars(
            select(MemberTransfer).where(MemberTransfer.member_id == member_id).order_by(MemberTransfer.id)
        ))


def roster_ids(sessions: SessionFactory, *, history: bool = False) -> set[int]:
    return {row.id for row in list_members(sessions, history=history)}


def roster_row(sessions: SessionFactory, member_id: int) -> MemberRow:
    return next(row for row in list_members(sessions, history=True) if row.id == member_id)


def letter(on: dt.date = dt.date(2026, 5, 1), **changes: Any) -> TransferOut:
    fields: dict[str, Any] = {
        "on": on, "letter_number": "办支转〔2026〕3号", "to_org": "中共示例市财政局机关委员会",
        "dues_paid_to": "2026年10月", "validity_days": 30,
    }
    fields.update(changes)
    return TransferOut(**fields)


@dataclass
class Office:
    store: Store
    branch: int
    other_branch: int
    zhang: int  # 张建国, joined 2005-07-01, with ID and phone numbers
    li: int  # 李红梅, joined 2010-03-15

    @property
    def sessions(self) -> SessionFactory:
        return self.store.sessions


@pytest.fixture
def office(store: Store) -> Office:
    with store.sessions.begin() as session:
        root = Organization(kind=OrgKind.ORGAN_COMMITTEE, name="中共示例厅直属机关委员会", short_name="机关党委")
        branch = Organization(kind=OrgKind.BRANCH, name=BRANCH_NAME, short_name="办公室支部", parent=root)
        other = Organization(kind=OrgKind.BRANCH, name=OTHER_BRANCH_NAME, short_name="法规处支部", parent=root)
        zhang = Member(name="张建国", category=MemberCategory.FULL, organization=branch, id_number=ZHANG_ID,
                       phone=ZHANG_PHONE, address="示例市东城区和平路7号", joined_on=dt.date(2005, 7, 1),
                       confirmed_on=dt.date(2006, 7, 1))
        li = Member(name="李红梅", category=MemberCategory.FULL, organization=branch, id_number=LI_ID,
                    phone=LI_PHONE, joined_on=dt.date(2010, 3, 15), confirmed_on=dt.date(2011, 3, 15))
        session.add_all([root, branch, other, zhang, li])
        session.flush()
        return Office(store, branch.id, other.id, zhang.id, li.id)


# --- 转出 (R-XFER-1) ----------------------------------------------------------------------------


def test_r_xfer_1_transfer_out_records_the_letter_and_takes_the_member_off_the_roster(office: Office) -> None:
    """R-XFER-1: letter number, from/to, 党费缴至 (year-month), validity; the member becomes a 历史党员."""
    sessions = office.sessions
    audit_before = last_audit_id(sessions)
    on = dt.date(2026, 5, 1)

    transfer_id = transfer_out(sessions, office.zhang, letter(on, validity_days=15, note="调往市财政局"), today=TODAY)

    [record] = transfers(sessions, office.zhang)
    assert record.id == transfer_id
    assert record.direction is TransferDirection.OUT
    assert record.letter_number == "办支转〔2026〕3号"
    assert record.from_org == BRANCH_NAME  # the branch's full name, as on the 介绍信
    assert record.to_org == "中共示例市财政局机关委员会"
    assert record.dues_paid_to == "2026-10"
    assert record.validity_days == 15
    assert record.issued_on == on
    assert record.receipt_returned is False and record.receipt_on is None
    assert record.note == "调往市财政局"

    [(kind, when, detail)] = events(sessions, office.zhang)
    assert (kind, when) == (MemberEventKind.TRANSFER_OUT, on)
    assert detail is not None
    assert "中共示例市财政局机关委员会" in detail and "办支转〔2026〕3号" in detail and "15 天" in detail

    gone = member(sessions, office.zhang)
    assert gone.roster_status is RosterStatus.TRANSFERRED_OUT
    assert gone.left_on == on
    assert office.zhang not in roster_ids(sessions)
    assert office.li in roster_ids(sessions), "the other member stays on the roster"
    row = roster_row(sessions, office.zhang)
    assert row.roster_status is RosterStatus.TRANSFERRED_OUT
    assert row.roster_status.label == "已转出"
    assert row.left_on == on

    logged = audit_since(sessions, audit_before)
    summaries = [e.summary for e in logged]
    assert any(e.entity == "组织关系转接" and e.action is AuditAction.CREATE and "办支转〔2026〕3号" in e.summary
               for e in logged), summaries
    assert any(e.entity == "党员变动" and "转出" in e.summary for e in logged), summaries
    assert any(e.entity == "党员" and "张建国" in e.summary and "已转出" in e.summary for e in logged), summaries
    assert_no_personal_digits(logged, ZHANG_ID, ZHANG_PHONE)


def test_r_xfer_1_audit_lines_of_a_transfer_read_in_chinese(office: Office) -> None:
    """The 操作日志 lines of a 转出 and 转入 name the changed fields in Chinese, not as program identifiers."""
    sessions = office.sessions
    before = last_audit_id(sessions)
    transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    transfer_in(sessions, office.zhang, dt.date(2026, 9, 1), "财转〔2026〕12号", "中共示例市财政局机关委员会",
                today=TODAY)
    for entry in audit_since(sessions, before):
        assert not re.search(r"[A-Za-z_]{3,}", entry.summary), entry.summary


@pytest.mark.parametrize("entered", ["2026年10月", "2026.10", "2026-10", " 2026年10月 "])
def test_r_xfer_1_dues_paid_to_is_kept_as_year_month(office: Office, entered: str) -> None:
    """R-XFER-1: 党费缴至 is a year-month, whichever way the clerk types it."""
    transfer_out(office.sessions, office.zhang, letter(dues_paid_to=entered), today=TODAY)
    [record] = transfers(office.sessions, office.zhang)
    assert record.dues_paid_to == "2026-10"


def test_r_xfer_1_single_digit_month_is_padded(office: Office) -> None:
    transfer_out(office.sessions, office.zhang, letter(dues_paid_to="2026年3月"), today=TODAY)
    assert transfers(office.sessions, office.zhang)[0].dues_paid_to == "2026-03"


@pytest.mark.parametrize(
    ("changes", "fragments"),
    [
        pytest.param({"letter_number": ""}, ("请填写介绍信编号",), id="empty-letter-number"),
        pytest.param({"letter_number": "   "}, ("请填写介绍信编号",), id="blank-letter-number"),
        pytest.param({"to_org": ""}, ("请填写转往的党组织",), id="empty-destination"),
        pytest.param({"to_org": "  "}, ("请填写转往的党组织",), id="blank-destination"),
        pytest.param({"validity_days": 91}, ("1 至 90 天", "91 天"), id="validity-91"),
        pytest.param({"validity_days": -5}, ("1 至 90 天", "-5 天"), id="validity-negative"),
        pytest.param({"on": TODAY + dt.timedelta(days=1)}, ("今天之后", "请填写实际发生的日期"), id="future"),
        pytest.param({"on": dt.date(2005, 6, 30)}, ("早于张建国的入党日期", "2005年7月1日", "请检查"),
                     id="before-joining"),
        pytest.param({"dues_paid_to": "2026-13"}, ("党费缴至", "2026-13", "应写成年月", "2026年10月"),
                     id="dues-month-13"),
        pytest.param({"dues_paid_to": "abc"}, ("党费缴至", "abc", "应写成年月"), id="dues-abc"),
    ],
)
def test_r_xfer_1_r_xfer_2_transfer_out_refusals(office: Office, changes: dict[str, Any],
                                                 fragments: tuple[str, ...]) -> None:
    """R-XFER-1/R-XFER-2: an incomplete or impossible 介绍信 is refused and nothing is written."""
    refused(office.sessions, lambda: transfer_out(office.sessions, office.zhang, letter(**changes), today=TODAY),
            *fragments)
    assert office.zhang in roster_ids(office.sessions)


def test_r_xfer_2_validity_of_zero_days_is_refused(office: Office) -> None:
    """R-XFER-2: validity must be 1 … 90 days; 0 is a typing slip, not 'use the default'."""
    refused(office.sessions,
            lambda: transfer_out(office.sessions, office.zhang, letter(validity_days=0), today=TODAY),
            "1 至 90 天", "0 天")


def test_r_xfer_2_validity_of_90_days_is_accepted(office: Office) -> None:
    """R-XFER-2: at most 90 days — 90 itself is allowed."""
    transfer_out(office.sessions, office.zhang, letter(validity_days=90), today=TODAY)
    assert transfers(office.sessions, office.zhang)[0].validity_days == 90


def test_r_xfer_2_default_validity_comes_from_the_setting(office: Office) -> None:
    """R-XFER-2 (configurable): default 30 days; after setting 10 days the next letter defaults to 10."""
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(validity_days=None), today=TODAY)
    assert transfers(sessions, office.zhang)[0].validity_days == 30

    save_setting(sessions, "xfer.validity_days", 10)
    transfer_out(sessions, office.li, letter(validity_days=None, letter_number="办支转〔2026〕4号"), today=TODAY)
    assert transfers(sessions, office.li)[0].validity_days == 10
    assert "有效期 10 天" in (events(sessions, office.li)[0][2] or "")


def test_r_xfer_1_transferring_out_twice_is_refused(office: Office) -> None:
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(), today=TODAY)
    refused(sessions, lambda: transfer_out(sessions, office.zhang, letter(letter_number="办支转〔2026〕9号"),
                                           today=TODAY),
            "张建国", "已不在册", "已转出")


def test_r_xfer_1_transfer_out_of_a_demo_member(demo_paths: DataPaths) -> None:
    """On the demo data: from_org is the member's branch full name; the log keeps no ID or phone digits."""
    opened = open_store(demo_paths)
    try:
        sessions = opened.sessions
        row = next(r for r in list_members(sessions) if r.id_number and r.phone and r.joined_on)
        before = last_audit_id(sessions)
        transfer_out(sessions, row.id, letter(TODAY, dues_paid_to="2026.11"), today=TODAY)
        [record] = transfers(sessions, row.id)
        assert record.from_org == row.branch
        assert record.dues_paid_to == "2026-11"
        assert row.id not in roster_ids(sessions)
        assert roster_row(sessions, row.id).roster_status is RosterStatus.TRANSFERRED_OUT
        assert_no_personal_digits(audit_since(sessions, before), row.id_number or "", row.phone or "")
    finally:
        opened.close()


# --- 回执 (R-XFER-1) ---------------------------------------------------------------------------


def test_r_xfer_1_receipt_returned_is_recorded(office: Office) -> None:
    """R-XFER-1: the 回执 part of the letter came back."""
    sessions = office.sessions
    transfer_id = transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    receipt_returned(sessions, transfer_id, dt.date(2026, 5, 20), today=TODAY)
    [record] = transfers(sessions, office.zhang)
    assert record.receipt_returned is True
    assert record.receipt_on == dt.date(2026, 5, 20)


def test_r_xfer_1_receipt_before_the_letter_is_refused(office: Office) -> None:
    sessions = office.sessions
    transfer_id = transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    refused(sessions, lambda: receipt_returned(sessions, transfer_id, dt.date(2026, 4, 30), today=TODAY),
            "回执日期早于介绍信开具日期", "请检查")
    refused(sessions, lambda: receipt_returned(sessions, transfer_id, TODAY + dt.timedelta(days=1), today=TODAY),
            "回执日期在今天之后", "请检查")
    assert transfers(sessions, office.zhang)[0].receipt_returned is False


def test_r_xfer_1_receipt_for_an_unknown_transfer_is_refused(office: Office) -> None:
    refused(office.sessions, lambda: receipt_returned(office.sessions, 999, dt.date(2026, 5, 20), today=TODAY),
            "找不到该转接记录", "请刷新后再试")


# --- 转入 ---------------------------------------------------------------------------------------


def test_transfer_in_brings_a_transferred_out_member_back(office: Office) -> None:
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    transfer_in(sessions, office.zhang, dt.date(2026, 9, 1), "财转〔2026〕12号", "中共示例市财政局机关委员会",
                today=TODAY)

    back = member(sessions, office.zhang)
    assert back.roster_status is RosterStatus.ACTIVE
    assert back.transferred_in_on == dt.date(2026, 9, 1)
    assert back.left_on is None
    assert office.zhang in roster_ids(sessions)
    assert events(sessions, office.zhang)[-1] == (
        MemberEventKind.TRANSFER_IN, dt.date(2026, 9, 1), "由中共示例市财政局机关委员会转入")
    incoming = transfers(sessions, office.zhang)[-1]
    assert incoming.direction is TransferDirection.IN
    assert incoming.letter_number == "财转〔2026〕12号"
    assert incoming.from_org == "中共示例市财政局机关委员会"
    assert incoming.to_org == BRANCH_NAME
    assert incoming.issued_on == dt.date(2026, 9, 1)


def test_transfer_in_to_another_branch_records_the_receiving_branch(office: Office) -> None:
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    transfer_in(sessions, office.zhang, dt.date(2026, 9, 1), "财转〔2026〕12号", "中共示例市财政局机关委员会",
                office.other_branch, today=TODAY)
    assert roster_row(sessions, office.zhang).branch == OTHER_BRANCH_NAME
    assert transfers(sessions, office.zhang)[-1].to_org == OTHER_BRANCH_NAME


def test_transfer_in_of_a_deceased_member_is_refused(office: Office) -> None:
    sessions = office.sessions
    change_status(sessions, office.zhang, MemberEventKind.DECEASED, dt.date(2026, 3, 2), today=TODAY)
    refused(sessions, lambda: transfer_in(sessions, office.zhang, dt.date(2026, 9, 1), "财转〔2026〕12号",
                                          "中共示例市财政局机关委员会", today=TODAY),
            "张建国", "去世", "不能办理转入")


def test_transfer_in_dated_in_the_future_is_refused(office: Office) -> None:
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    refused(sessions, lambda: transfer_in(sessions, office.zhang, TODAY + dt.timedelta(days=3), "财转〔2026〕12号",
                                          "中共示例市财政局机关委员会", today=TODAY),
            "转入日期", "今天之后")


# --- change_status (停止党籍, 失联 R-EVAL-7, 流动, 出党, 去世) ----------------------------------------


def test_suspend_then_restore_party_standing(office: Office) -> None:
    sessions = office.sessions
    change_status(sessions, office.zhang, MemberEventKind.SUSPEND, dt.date(2026, 2, 1), "连续6个月未交党费",
                  today=TODAY)
    assert member(sessions, office.zhang).standing is PartyStanding.SUSPENDED
    assert roster_row(sessions, office.zhang).standing is PartyStanding.SUSPENDED
    refused(sessions, lambda: change_status(sessions, office.zhang, MemberEventKind.SUSPEND, dt.date(2026, 3, 1),
                                            today=TODAY),
            "张建国", "已是停止党籍状态")

    change_status(sessions, office.zhang, MemberEventKind.RESTORE, dt.date(2026, 6, 1), today=TODAY)
    assert member(sessions, office.zhang).standing is PartyStanding.NORMAL
    assert events(sessions, office.zhang) == [
        (MemberEventKind.SUSPEND, dt.date(2026, 2, 1), "连续6个月未交党费"),
        (MemberEventKind.RESTORE, dt.date(2026, 6, 1), None),
    ]
    assert office.zhang in roster_ids(sessions), "停止党籍 does not take the member off the roster"


def test_restore_of_a_member_in_good_standing_is_refused(office: Office) -> None:
    refused(office.sessions,
            lambda: change_status(office.sessions, office.li, MemberEventKind.RESTORE, dt.date(2026, 6, 1),
                                  today=TODAY),
            "李红梅", "党籍状态正常", "无需恢复")


def test_r_eval_7_lost_contact_keeps_the_date_given_and_regained_contact_clears_it(office: Office) -> None:
    """R-EVAL-7: the 失联 date is the last organisational life or dues date, as the clerk enters it."""
    sessions = office.sessions
    last_seen = dt.date(2026, 3, 31)
    change_status(sessions, office.li, MemberEventKind.LOST_CONTACT, last_seen, "最后一次参加组织生活", today=TODAY)
    lost = member(sessions, office.li)
    assert lost.lost_contact is True and lost.lost_contact_on == last_seen
    row = roster_row(sessions, office.li)
    assert row.lost_contact is True and row.lost_contact_on == last_seen
    assert office.li in roster_ids(sessions)

    change_status(sessions, office.li, MemberEventKind.REGAINED_CONTACT, dt.date(2026, 10, 8), today=TODAY)
    found = member(sessions, office.li)
    assert found.lost_contact is False and found.lost_contact_on is None
    assert [e[0] for e in events(sessions, office.li)] == [MemberEventKind.LOST_CONTACT,
                                                           MemberEventKind.REGAINED_CONTACT]


def test_r_eval_7_regained_contact_of_a_member_not_lost_is_refused(office: Office) -> None:
    refused(office.sessions,
            lambda: change_status(office.sessions, office.li, MemberEventKind.REGAINED_CONTACT, dt.date(2026, 6, 1),
                                  today=TODAY),
            "李红梅", "不是失联党员")


def test_floating_needs_a_destination_and_ending_clears_it(office: Office) -> None:
    sessions = office.sessions
    def float_to(destination: str | None) -> Callable[[], None]:
        return lambda: change_status(sessions, office.li, MemberEventKind.FLOATING, dt.date(2026, 1, 10),
                                     destination, today=TODAY)

    for missing in (None, "", "   "):
        refused(sessions, float_to(missing), "请填写外出流向", "广东省深圳市")

    change_status(sessions, office.li, MemberEventKind.FLOATING, dt.date(2026, 1, 10), " 广东省深圳市 ", today=TODAY)
    moving = member(sessions, office.li)
    assert moving.floating is True and moving.floating_to == "广东省深圳市"
    assert roster_row(sessions, office.li).floating_to == "广东省深圳市"

    change_status(sessions, office.li, MemberEventKind.FLOATING_END, dt.date(2026, 7, 1), today=TODAY)
    home = member(sessions, office.li)
    assert home.floating is False and home.floating_to is None


@pytest.mark.parametrize(
    ("kind", "status"),
    [(MemberEventKind.LEFT_PARTY, RosterStatus.LEFT_PARTY), (MemberEventKind.DECEASED, RosterStatus.DECEASED)],
)
def test_leaving_the_party_or_death_moves_the_member_to_history(office: Office, kind: MemberEventKind,
                                                                status: RosterStatus) -> None:
    sessions = office.sessions
    on = dt.date(2026, 4, 12)
    change_status(sessions, office.zhang, kind, on, today=TODAY)
    gone = member(sessions, office.zhang)
    assert gone.roster_status is status and gone.left_on == on
    assert office.zhang not in roster_ids(sessions)
    row = roster_row(sessions, office.zhang)
    assert row.roster_status is status and row.left_on == on
    assert events(sessions, office.zhang) == [(kind, on, None)]
    refused(sessions, lambda: change_status(sessions, office.zhang, MemberEventKind.SUSPEND, TODAY, today=TODAY),
            "张建国", "已不在册", status.label)


@pytest.mark.parametrize("kind", [MemberEventKind.TRANSFER_OUT, MemberEventKind.TRANSFER_IN])
def test_transfers_are_refused_by_change_status(office: Office, kind: MemberEventKind) -> None:
    """转出/转入 need the 介绍信 (R-XFER-1), so they go through their own functions."""
    refused(office.sessions,
            lambda: change_status(office.sessions, office.zhang, kind, dt.date(2026, 5, 1), today=TODAY),
            "转出、转入请使用相应的功能办理", "介绍信")
    assert office.zhang in roster_ids(office.sessions)


@pytest.mark.parametrize(
    ("on", "fragments"),
    [(TODAY + dt.timedelta(days=1), ("失联日期", "今天之后")),
     (dt.date(2005, 6, 1), ("失联日期", "早于张建国的入党日期"))],
)
def test_status_change_dates_are_checked(office: Office, on: dt.date, fragments: tuple[str, ...]) -> None:
    refused(office.sessions,
            lambda: change_status(office.sessions, office.zhang, MemberEventKind.LOST_CONTACT, on, today=TODAY),
            *fragments)


# --- member_history -----------------------------------------------------------------------------


def test_member_history_lists_dated_changes_in_order_with_the_receipt(office: Office) -> None:
    sessions = office.sessions
    change_status(sessions, office.zhang, MemberEventKind.FLOATING, dt.date(2026, 1, 10), "广东省深圳市",
                  today=TODAY)
    change_status(sessions, office.zhang, MemberEventKind.FLOATING_END, dt.date(2026, 3, 1), today=TODAY)
    transfer_id = transfer_out(sessions, office.zhang, letter(dt.date(2026, 5, 1)), today=TODAY)
    transfer_in(sessions, office.zhang, dt.date(2026, 9, 1), "财转〔2026〕12号", "中共示例市财政局机关委员会",
                today=TODAY)
    # The 回执 is entered last but dated between the 转出 and the 转入.
    receipt_returned(sessions, transfer_id, dt.date(2026, 5, 20), today=TODAY)
    # An earlier 失联 entered late still sorts by its date.
    change_status(sessions, office.zhang, MemberEventKind.LOST_CONTACT, dt.date(2025, 12, 1), today=TODAY)

    lines = member_history(sessions, office.zhang)
    assert [(line.on, line.what) for line in lines] == [
        (dt.date(2025, 12, 1), "失联"),
        (dt.date(2026, 1, 10), "流动"),
        (dt.date(2026, 3, 1), "结束流动"),
        (dt.date(2026, 5, 1), "转出"),
        (dt.date(2026, 5, 20), "回执已退回"),
        (dt.date(2026, 9, 1), "转入"),
    ]
    assert lines[1].detail == "广东省深圳市"
    assert lines[4].detail == "介绍信 办支转〔2026〕3号"
    assert all(isinstance(line.detail, str) for line in lines)
    assert member_history(sessions, office.li) == []


# --- 回收站 ---------------------------------------------------------------------------------------


def test_delete_moves_the_member_to_the_recycle_bin_and_restore_brings_them_back(office: Office) -> None:
    sessions = office.sessions
    before = last_audit_id(sessions)
    delete_member(sessions, office.li)

    assert member(sessions, office.li).deleted_at is not None
    assert office.li not in roster_ids(sessions)
    assert office.li not in roster_ids(sessions, history=True), "the 回收站 is not 历史党员"
    [deleted] = [e for e in audit_since(sessions, before) if e.entity == "党员"]
    assert deleted.action is AuditAction.DELETE and deleted.action.label == "删除"
    assert "移入回收站" in deleted.summary and "李红梅" in deleted.summary
    assert_no_personal_digits([deleted], LI_ID, LI_PHONE)

    refused(sessions, lambda: delete_member(sessions, office.li), "已在回收站中")
    refused(sessions, lambda: change_status(sessions, office.li, MemberEventKind.SUSPEND, dt.date(2026, 6, 1),
                                            today=TODAY),
            "找不到该党员", "请刷新后再试")

    middle = last_audit_id(sessions)
    restore_member(sessions, office.li)
    assert member(sessions, office.li).deleted_at is None
    assert office.li in roster_ids(sessions)
    [restored] = [e for e in audit_since(sessions, middle) if e.entity == "党员"]
    assert restored.action is AuditAction.RESTORE and restored.action.label == "恢复"
    assert "从回收站恢复" in restored.summary and "李红梅" in restored.summary

    refused(sessions, lambda: restore_member(sessions, office.li), "回收站中没有这条记录", "请刷新后再试")


def test_a_transferred_out_member_deleted_and_restored_stays_in_history(office: Office) -> None:
    sessions = office.sessions
    transfer_out(sessions, office.zhang, letter(), today=TODAY)
    delete_member(sessions, office.zhang)
    assert office.zhang not in roster_ids(sessions, history=True)
    restore_member(sessions, office.zhang)
    assert office.zhang not in roster_ids(sessions)
    assert roster_row(sessions, office.zhang).roster_status is RosterStatus.TRANSFERRED_OUT


def test_restore_is_refused_when_another_member_now_has_the_same_id_number(office: Office) -> None:
    sessions = office.sessions
    delete_member(sessions, office.li)
    with sessions.begin() as session:  # the clerk enters 李红梅 again, correctly
        session.add(Member(name="李红梅", category=MemberCategory.FULL, organization_id=office.branch,
                           id_number=LI_ID, joined_on=dt.date(2010, 3, 15)))
    refused(sessions, lambda: restore_member(sessions, office.li),
            "已有身份证号相同的党员", "李红梅", "不能恢复", "请先核对")
    assert member(sessions, office.li).deleted_at is not None
