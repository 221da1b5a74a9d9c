"""R-EVAL-7 date arithmetic (djdesk.domain.contact): 6 calendar months after the last contact, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from djdesk.domain.contact import DUES, GIVEN, LIFE, LastContact, last_contact, lost_contact_problem, recordable_from


@pytest.mark.parametrize(("last", "first_day"), [
    (dt.date(2026, 5, 8), dt.date(2026, 11, 8)),
    (dt.date(2025, 8, 31), dt.date(2026, 2, 28)),  # no 31 February: the month's last day
    (dt.date(2023, 8, 31), dt.date(2024, 2, 29)),  # a leap year
    (dt.date(2025, 7, 1), dt.date(2026, 1, 1)),  # across the year
    (dt.date(2026, 3, 31), dt.date(2026, 9, 30)),
])
def test_r_eval_7_recordable_six_calendar_months_after_the_last_contact(last: dt.date, first_day: dt.date) -> None:
    assert recordable_from(last) == first_day
    contact = LastContact(last, GIVEN)
    assert lost_contact_problem(contact, first_day) is None
    assert lost_contact_problem(contact, first_day + dt.timedelta(days=40)) is None
    before = lost_contact_problem(contact, first_day - dt.timedelta(days=1))
    assert before == (f"失去联系日期是{last.year}年{last.month}月{last.day}日，满 6 个月后，"
                      f"即{first_day.year}年{first_day.month}月{first_day.day}日起，才能登记为失联党员。")


def test_r_eval_7_the_last_contact_is_the_latest_known() -> None:
    may, june, july = dt.date(2026, 5, 8), dt.date(2026, 6, 10), dt.date(2026, 7, 1)
    assert last_contact(may) == LastContact(may, GIVEN)
    assert last_contact(may, june) == LastContact(june, LIFE)
    assert last_contact(july, june) == LastContact(july, GIVEN)
    assert last_contact(may, june, july) == LastContact(july, DUES)
    assert last_contact(june, june) == LastContact(june, LIFE)  # a tie: the record is the evidence
    assert last_contact(None) is None
    problem = lost_contact_problem(LastContact(june, LIFE), dt.date(2026, 12, 9))
    assert problem is not None and problem.startswith("最后一次参加组织生活是2026年6月10日")
    problem = lost_contact_problem(LastContact(june, DUES), dt.date(2026, 12, 9))
    assert problem is not None and problem.startswith("最后一次交纳党费是2026年6月10日")
