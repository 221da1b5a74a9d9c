"""When a member may be recorded as a 失联党员 (R-EVAL-7). Pure: no Qt, no SQLAlchemy.

A member is 失联 after being out of contact for **6 months or more**; the 失联 date is the last contact: the
later of the 失去联系日期 the clerk gives and the last organisational life or dues payment on record. The
status action (:func:`djdesk.services.member_status.change_status`) passes all three; the roster checks
(:func:`djdesk.domain.member_check.check_rules`, for the form and the import) know only the date in the record.
Both ask :func:`lost_contact_problem` on the day the 失联 is recorded, and say the same words.

Six months are calendar months (:func:`djdesk.domain.dates.add_months`): last contact on 8 May 2026, 失联 can be
recorded from 8 November 2026; on 31 August, from the last day of February.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from djdesk.domain.dates import add_months, format_cn

LOST_CONTACT_MONTHS: Final = 6  # R-EVAL-7

GIVEN: Final = "失去联系日期"
LIFE: Final = "最后一次参加组织生活"
DUES: Final = "最后一次交纳党费"


@dataclass(frozen=True)
class LastContact:
    """The day of the last contact and what it was (``GIVEN``, ``LIFE`` or ``DUES``)."""

    on: dt.date
    what: str


def last_contact(given: dt.date | None, last_life: dt.date | None = None,
                 last_dues: dt.date | None = None) -> LastContact | None:
    """R-EVAL-7: the latest of the 失去联系日期 given, the last organisational life and the last dues payment
    (None when none is known). On a tie the recorded life or dues wins: it is evidence, the given date a claim."""
    found = [LastContact(day, what) for day, what in ((last_life, LIFE), (last_dues, DUES), (given, GIVEN))
             if day is not None]
    return max(found, key=lambda c: c.on) if found else None


def recordable_from(last: dt.date) -> dt.date:
    """The first day on which a member last in contact on ``last`` may be recorded as 失联 (R-EVAL-7)."""
    return add_months(last, LOST_CONTACT_MONTHS)


def lost_contact_problem(last: LastContact, recorded_on: dt.date) -> str | None:
    """Why the 失联 cannot be recorded on ``recorded_on`` (fewer than 6 months after the last contact), naming the
    day from which it can; None when it can."""
    earliest = recordable_from(last.on)
    if recorded_on >= earliest:
        return None
    return (f"{last.what}是{format_cn(last.on)}，满 {LOST_CONTACT_MONTHS} 个月后，即{format_cn(earliest)}起，"
            "才能登记为失联党员。")


__all__ = ["DUES", "GIVEN", "LIFE", "LOST_CONTACT_MONTHS", "LastContact", "last_contact", "lost_contact_problem",
           "recordable_from"]
