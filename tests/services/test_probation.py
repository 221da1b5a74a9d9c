"""R-DEV-10, R-DEV-11: a 预备党员 whose 预备期 has ended without a 转正 record is a 首页 reminder."""

from __future__ import annotations

import datetime as dt

from djdesk.domain.enums import DisposalKind, EvalGrade, MemberCategory
from djdesk.domain.terms import Severity
from djdesk.paths import DataPaths
from djdesk.services.reminders import reminders
from djdesk.store.models import Disposal, Evaluation, Member
from tests.services.test_roster_import_support import open_fresh, pid

ON = dt.date(2026, 6, 1)


def _member(name: str, number: str, org: int, category: MemberCategory, joined: dt.date) -> Member:
    confirmed = None if category is MemberCategory.PROBATIONARY else joined.replace(year=joined.year + 1)
    return Member(name=name, id_number=number, organization_id=org, category=category, joined_on=joined,
                  confirmed_on=confirmed)


def test_r_dev_10_r_dev_11_probation_ended_without_confirmation_is_reminded(data_paths: DataPaths) -> None:
    store, ids = open_fresh(data_paths)
    office, prob = ids["办公室支部"], MemberCategory.PROBATIONARY
    try:
        with store.sessions.begin() as session:
            session.add_all([
                _member("满期", pid(1990), office, prob, dt.date(2025, 5, 20)),  # ended 2026-05-20
                _member("未满", pid(1991, seq=13), office, prob, dt.date(2025, 6, 1)),  # ends today
                _member("正式", pid(1992, seq=15), office, MemberCategory.FULL, dt.date(2020, 1, 1)),
            ])
            extended = _member("延长", pid(1993, seq=17), office, MemberCategory.PROBATIONARY, dt.date(2025, 3, 1))
            session.add(extended)
            session.flush()
            evaluation = Evaluation(year=2025, member_id=extended.id, organization_id=office,
                                    grade=EvalGrade.UNQUALIFIED)
            session.add(evaluation)
            session.flush()
            session.add(Disposal(evaluation_id=evaluation.id, kind=DisposalKind.EXTEND_PROBATION,
                                 deadline=dt.date(2026, 9, 1)))
        found = [r for r in reminders(store.sessions, ON) if r.topic == "发展党员"]
        later = [r for r in reminders(store.sessions, dt.date(2026, 9, 2)) if r.topic == "发展党员"]
    finally:
        store.close()
    assert [(r.organisation, r.deadline, r.severity) for r in found] == [
        ("办公室支部", dt.date(2026, 5, 20), Severity.WARNING)]
    assert "满期" in found[0].text and "2026年5月20日" in found[0].text and "转正" in found[0].text
    # 未满 (ends on 2026-06-01) is due by September; 延长 at its extension's 期限.
    assert [(r.deadline, "延长的预备期" in r.text) for r in later] == [
        (dt.date(2026, 5, 20), False), (dt.date(2026, 6, 1), False), (dt.date(2026, 9, 1), True)]
