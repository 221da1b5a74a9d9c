"""R-DEV-1 on the import's fast path (roster_import/columns.py ``settle_new``), at its boundary, dates by hand.

``settle_new`` skips the calendar for a member who joined at least 6575 days (18 years at most) after birth.
The hypothesis test of test_roster_import_fast.py draws joining ages in whole years, so a fast path that
skipped the calendar too early (from 16½ years on, say) would pass it: here every case lies in the last
year and a half before the 18th birthday. A row joined before 18 must go to the full path (settle_new
False), where check_rules reports it, and an import reports it on the row.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from djdesk.domain.enums import Gender, MemberCategory
from djdesk.domain.idcard import IdInfo, make_id
from djdesk.domain.member_check import MemberCheck, check_rules
from djdesk.paths import DataPaths
from djdesk.services.roster_import import plan_import
from djdesk.services.roster_import.columns import settle_new
from tests.services.test_roster_import_support import HEADER, TODAY, member_row, open_fresh, write_xlsx

UNDER_18 = "入党时不满 18 周岁"

# (birth, joined, confirmed a year on): the 18th birthday of 1990-03-15 is 2008-03-15; of 1992-02-29, 2010-03-01.
TOO_YOUNG = [
    (dt.date(1990, 3, 15), dt.date(2008, 3, 14), dt.date(2009, 3, 14)),  # one day short
    (dt.date(1990, 3, 15), dt.date(2007, 12, 1), dt.date(2008, 12, 1)),  # 17 years 8 months
    (dt.date(1990, 3, 15), dt.date(2007, 9, 15), dt.date(2008, 9, 15)),  # 17½
    (dt.date(1990, 3, 15), dt.date(2006, 9, 15), dt.date(2007, 9, 15)),  # 16½
    (dt.date(1992, 2, 29), dt.date(2010, 2, 28), dt.date(2011, 2, 28)),  # born on 29 February: 18 on 1 March
]
OLD_ENOUGH = [
    (dt.date(1990, 3, 15), dt.date(2008, 3, 15), dt.date(2009, 3, 15)),  # the 18th birthday itself
    (dt.date(1992, 2, 29), dt.date(2010, 3, 1), dt.date(2011, 3, 1)),
]


def _values(joined: dt.date, confirmed: dt.date) -> dict[str, object]:
    return {"name": "张三", "category": MemberCategory.FULL, "joined_on": joined, "confirmed_on": confirmed}


@pytest.mark.parametrize(("birth", "joined", "confirmed"), TOO_YOUNG)
def test_r_dev_1_joined_before_18_leaves_the_fast_path(birth: dt.date, joined: dt.date, confirmed: dt.date) -> None:
    values = _values(joined, confirmed)
    assert not settle_new(values, (birth, "男"))
    assert values == _values(joined, confirmed)  # untouched, for the full path
    info = IdInfo(make_id("110105", birth, 11), birth, "男")
    full = check_rules(MemberCheck(dict(values), id_info=info), today=TODAY)
    assert [(i.level, i.field) for i in full.issues if UNDER_18 in i.message] == [("error", "joined_on")]


@pytest.mark.parametrize(("birth", "joined", "confirmed"), OLD_ENOUGH)
def test_r_dev_1_joined_on_the_18th_birthday_stays_on_the_fast_path(
    birth: dt.date, joined: dt.date, confirmed: dt.date
) -> None:
    values = _values(joined, confirmed)
    assert settle_new(values, (birth, "男"))
    assert values["gender"] is Gender.MALE and values["birth_date"] == birth


def test_r_dev_1_an_import_reports_every_row_joined_before_18(data_paths: DataPaths, tmp_path: Path) -> None:
    rows = [member_row(f"党员{i}", make_id("110105", birth, 11 + 2 * i), joined=joined.isoformat(),
                       confirmed=confirmed.isoformat())
            for i, (birth, joined, confirmed) in enumerate(TOO_YOUNG + OLD_ENOUGH)]
    file = write_xlsx(tmp_path / "名册.xlsx", {"S": [HEADER, *rows]})
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    refused = [r.name for r in plan.rows if any(UNDER_18 in m.message for m in r.messages)]
    assert refused == [f"党员{i}" for i in range(len(TOO_YOUNG))]
    assert all(not r.errors for r in plan.rows[len(TOO_YOUNG):])
