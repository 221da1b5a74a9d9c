"""R-EVAL-7: a member is recorded as 失联 only when the last contact is at least 6 months before the day it is
recorded; the last contact is the later of the 失去联系日期 given and the last organisational life on record
(dues do not exist yet). The status action, the member form and the roster import say the same words.

Expected dates are written out by hand (six calendar months after the last contact).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from djdesk.domain.enums import MeetingKind, MemberCategory, MemberEventKind
from djdesk.domain.idcard import make_id
from djdesk.domain.member_check import check_member
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.meetings import create_meeting, delete_meeting
from djdesk.services.member_admin import load_member_form, save_member
from djdesk.services.member_status import change_status
from djdesk.services.roster_import import plan_import
from djdesk.store.models import Member
from tests.services.refusals import RefusalCheck
from tests.services.test_meetings_support import BRANCH_ON_ROSTER, G1, TODAY, Tree, assembly, everyone

CHECK = RefusalCheck(("members", "member_events"))
MAN = make_id("110105", dt.date(1980, 5, 6), 11)


def _lost(store: Store, member_id: int) -> tuple[bool, dt.date | None]:
    with store.sessions() as s:
        m = s.get(Member, member_id)
        assert m is not None
        return m.lost_contact, m.lost_contact_on


# --- the status action ----------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "today", "words"), [
    (dt.date(2026, 5, 8), dt.date(2026, 11, 7), "失去联系日期是2026年5月8日，满 6 个月后，即2026年11月8日起，"
                                                "才能登记为失联党员。"),
    (dt.date(2026, 2, 28), dt.date(2026, 8, 27), "失去联系日期是2026年2月28日，满 6 个月后，即2026年8月28日起，"
                                                 "才能登记为失联党员。"),
    (dt.date(2025, 8, 31), dt.date(2026, 2, 27), "失去联系日期是2025年8月31日，满 6 个月后，即2026年2月28日起，"
                                                 "才能登记为失联党员。"),
])
def test_r_eval_7_lost_contact_only_after_six_months(store: Store, tree: Tree, given: dt.date, today: dt.date,
                                                     words: str) -> None:
    """The day before the six months are full is refused with the day it can be recorded; that day it is."""
    member = tree.m["何十四"]  # no meeting recorded
    CHECK.refused(store.sessions, lambda: change_status(store.sessions, member, MemberEventKind.LOST_CONTACT, given,
                                                        today=today), words)
    change_status(store.sessions, member, MemberEventKind.LOST_CONTACT, given, today=today + dt.timedelta(days=1))
    assert _lost(store, member) == (True, given)


def test_r_eval_7_the_last_organisational_life_on_record_counts(store: Store, tree: Tree) -> None:
    """钱五 was present at the assembly of 10 June 2026: a 失去联系日期 of 1 January is overtaken by it."""
    create_meeting(store.sessions, assembly(tree), today=TODAY)  # everyone present on 2026-06-10
    member = tree.m["钱五"]
    CHECK.refused(store.sessions, lambda: change_status(store.sessions, member, MemberEventKind.LOST_CONTACT,
                                                        dt.date(2026, 1, 1), today=dt.date(2026, 12, 9)),
                  "最后一次参加组织生活是2026年6月10日，满 6 个月后，即2026年12月10日起，才能登记为失联党员。")
    change_status(store.sessions, member, MemberEventKind.LOST_CONTACT, dt.date(2026, 1, 1),
                  today=dt.date(2026, 12, 10))
    # The 失联 date recorded is the last contact (R-EVAL-7), and the history says where it came from.
    assert _lost(store, member) == (True, dt.date(2026, 6, 10))
    from djdesk.services.member_status import member_history

    (line,) = [x for x in member_history(store.sessions, member) if x.what == "失联"]
    assert line.on == dt.date(2026, 6, 10) and "最后一次参加组织生活" in line.detail


def test_r_eval_7_only_presence_at_a_held_live_meeting_counts(store: Store, tree: Tree) -> None:
    """请假/缺席, a planned meeting and one in the 回收站 are no organisational life."""
    rows = everyone(tree, BRANCH_ON_ROSTER, 孙六="请假:出差", 冯十="缺席")
    create_meeting(store.sessions, assembly(tree, attendance=rows), today=TODAY)
    group = dict(organization_id=tree.g1, kind=MeetingKind.GROUP_MEETING, attendance=everyone(tree, G1))
    create_meeting(store.sessions, assembly(tree, held=False, held_on=dt.date(2026, 11, 30), **group), today=TODAY)
    gone = create_meeting(store.sessions, assembly(tree, held_on=dt.date(2026, 7, 1), **group), today=TODAY)
    delete_meeting(store.sessions, gone)
    on, today = dt.date(2026, 1, 5), dt.date(2026, 12, 9)  # 6 months after 1 January, not after 10 June
    change_status(store.sessions, tree.m["孙六"], MemberEventKind.LOST_CONTACT, on, today=today)
    assert _lost(store, tree.m["孙六"]) == (True, on)
    CHECK.refused(store.sessions, lambda: change_status(store.sessions, tree.m["王一"], MemberEventKind.LOST_CONTACT,
                                                        on, today=today), "2026年6月10日", "2026年12月10日起")


# --- the roster checks: form and import -----------------------------------------------------------


def test_r_eval_7_roster_check_refuses_a_recent_lost_contact_date() -> None:
    cells = {"name": "张三", "id_number": MAN, "lost_contact": "是", "lost_contact_on": "2026-05-08"}
    early = check_member(cells, today=dt.date(2026, 11, 7))
    assert [(i.level, i.field, i.message) for i in early.issues if i.field == "lost_contact_on"] == [
        ("error", "lost_contact_on",
         "失去联系日期是2026年5月8日，满 6 个月后，即2026年11月8日起，才能登记为失联党员。")]
    assert not [i for i in check_member(cells, today=dt.date(2026, 11, 8)).issues if i.field == "lost_contact_on"]
    # Not a 失联党员: the date alone says 是 (rules.md §7), so it is judged too.
    alone = check_member({"name": "张三", "id_number": MAN, "lost_contact_on": "2026-05-08"},
                         today=dt.date(2026, 11, 7))
    assert [i.level for i in alone.issues if i.field == "lost_contact_on"] == ["error"]
    flag_off = check_member({**cells, "lost_contact": "否"}, today=dt.date(2026, 11, 7))
    assert not [i for i in flag_off.issues if i.field == "lost_contact_on"]


def test_r_eval_7_member_form_refuses_and_writes_nothing(store: Store, tree: Tree) -> None:
    form = load_member_form(store.sessions, tree.m["何十四"])
    form.cells.update(id_number=MAN, lost_contact="是", lost_contact_on="2026-06-01")
    message = CHECK.refused(store.sessions, lambda: save_member(store.sessions, tree.m["何十四"], form, today=TODAY))
    assert "失去联系日期是2026年6月1日，满 6 个月后，即2026年12月1日起，才能登记为失联党员。" in message
    form.cells.update(lost_contact_on="2026-05-26")
    save_member(store.sessions, tree.m["何十四"], form, today=TODAY)
    assert _lost(store, tree.m["何十四"]) == (True, dt.date(2026, 5, 26))


def _roster(tmp_path: Path, lost_on: str) -> Path:
    from tests.services.test_roster_import_support import HEADER, member_row, write_xlsx

    row = [*member_row("王五", MAN), "是", lost_on]
    return write_xlsx(tmp_path / "名册.xlsx", {"名册": [[*HEADER, "是否为失联党员", "失去联系日期"], row]})


def _import_messages(data_paths: DataPaths, tmp_path: Path, lost_on: str, *, existing: bool) -> list[Any]:
    from tests.services.test_roster_import_support import TODAY as IMPORT_DAY
    from tests.services.test_roster_import_support import open_fresh

    store, ids = open_fresh(data_paths)
    try:
        if existing:  # the same person already on the roster: the row updates them
            with store.sessions.begin() as s:
                s.add(Member(name="王五", organization_id=ids["办公室支部"], id_number=MAN,
                             category=MemberCategory.FULL, joined_on=dt.date(2010, 7, 1),
                             confirmed_on=dt.date(2011, 7, 1)))
        plan = plan_import(store.sessions, _roster(tmp_path, lost_on), today=IMPORT_DAY)
        (row,) = plan.rows
        return [(m.level, m.message) for m in row.messages if "失联" in m.message]
    finally:
        store.close()


def test_r_eval_7_import_update_refuses_a_recent_lost_contact_date(data_paths: DataPaths, tmp_path: Path) -> None:
    """The import's day is 2026-06-01: a 失去联系日期 of 2026-01-15 is less than 6 months before it."""
    found = _import_messages(data_paths, tmp_path, "2026-01-15", existing=True)
    assert found == [("error", "失去联系日期是2026年1月15日，满 6 个月后，即2026年7月15日起，才能登记为失联党员。")]


def test_r_eval_7_import_of_a_new_member_refuses_a_recent_lost_contact_date(data_paths: DataPaths,
                                                                            tmp_path: Path) -> None:
    found = _import_messages(data_paths, tmp_path, "2026-01-15", existing=False)
    assert found == [("error", "失去联系日期是2026年1月15日，满 6 个月后，即2026年7月15日起，才能登记为失联党员。")]


def test_r_eval_7_import_of_an_old_lost_contact_date_is_accepted(data_paths: DataPaths, tmp_path: Path) -> None:
    assert _import_messages(data_paths, tmp_path, "2025-12-01", existing=True) == []
