"""Reminders for a given date: 换届 due soon or overdue (R-ORG-7), size and committee warnings.

Later features add their own kinds (missing organisational life, 七一 nominations) here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from djdesk.domain.enums import OrgKind
from djdesk.domain.terms import Severity, TermStatus, term_sentence
from djdesk.services.org_info import OrgOverview, org_overviews
from djdesk.store.engine import SessionFactory


@dataclass(frozen=True)
class Reminder:
    org_id: int | None
    organisation: str
    severity: Severity
    text: str
    rule: str
    deadline: dt.date | None
    topic: str  # 换届, 组织设置, 班子 …


ORG_TOPICS = frozenset({"换届", "组织设置", "班子"})
SAFETY_TOPIC = "数据安全"  # services.backups.safety_reminders


def reminders(sessions: SessionFactory, on: dt.date, *, topics: frozenset[str] | None = None,
              overviews: Sequence[OrgOverview] | None = None) -> list[Reminder]:
    """Every reminder on ``on`` (or those of ``topics``), most urgent first (see :func:`_ordered`).

    ``overviews``: what :func:`org_overviews` just returned for the same ``on`` (with or without
    the dissolved organisations), so that the caller that shows them too need not read them twice;
    ``None`` reads them here.
    """
    from djdesk.services.backups import safety_reminders
    from djdesk.services.commendations import nomination_reminder
    from djdesk.services.compliance import compliance_reminders

    found = org_reminders(sessions, on, overviews=overviews)
    found += compliance_reminders(sessions, on)  # R-MEET-*: organisational life missing this period
    nomination = nomination_reminder(sessions, on)  # R-EVAL-5: 七一 nominations due before 1 July
    if nomination is not None:
        found.append(nomination)
    found += probation_reminders(sessions, on)  # R-DEV-10/11: 预备期 ended, no 转正 recorded
    found += safety_reminders(sessions, on)  # 数据安全: the daily check or the automatic backup failed
    if topics is not None:
        found = [r for r in found if r.topic in topics]
    return _ordered(found, on)


def org_reminders(sessions: SessionFactory, on: dt.date, *,
                  overviews: Sequence[OrgOverview] | None = None) -> list[Reminder]:
    """换届 (R-ORG-7) and the organisation size and committee warnings (R-ORG-1 … R-ORG-4).

    ``overviews`` as for :func:`reminders`; dissolved organisations (and those under them) are
    never reminded of.
    """
    found: list[Reminder] = []
    for ov in org_overviews(sessions, on) if overviews is None else _live(overviews):
        name = ov.row.short_name or ov.row.name
        if ov.row.kind is not OrgKind.GROUP:
            status = ov.term.status
            if status in (TermStatus.DUE_SOON, TermStatus.OVERDUE) and ov.term.end is not None:
                severity = Severity.URGENT if status is TermStatus.OVERDUE else Severity.WARNING
                found.append(Reminder(ov.row.id, name, severity, term_sentence(name, status, ov.term.end, on),
                                      "R-ORG-7", ov.term.end, "换届"))
            elif status is TermStatus.UNKNOWN:
                found.append(Reminder(ov.row.id, name, Severity.INFO,
                                      f"{name}还没有记录本届委员会的选举日期，无法计算任期届满时间。请在组织页记录换届选举。",
                                      "R-ORG-6", None, "换届"))
        for finding in ov.findings:
            topic = "班子" if finding.rule == "R-ORG-3" else "组织设置"
            found.append(Reminder(ov.row.id, name, finding.severity, f"{name}：{finding.text}", finding.rule,
                                  None, topic))
    return _ordered(found, on)


def probation_reminders(sessions: SessionFactory, on: dt.date) -> list[Reminder]:
    """R-DEV-10, R-DEV-11: a 预备党员 whose 预备期 has ended without a 转正 record."""
    from djdesk.services.probation import TOPIC, overdue_probations, probation_reminder_texts

    found = []
    for due in overdue_probations(sessions, on):
        severity, text = probation_reminder_texts(due)
        found.append(Reminder(due.org_id, due.branch, severity, text, "R-DEV-10", due.ends, TOPIC))
    return found


def _live(overviews: Sequence[OrgOverview]) -> list[OrgOverview]:
    """The overviews ``org_overviews(..., include_dissolved=False)`` gives: without the dissolved
    organisations and everything under them (parents come before their children)."""
    dropped: set[int] = set()
    live = []
    for ov in overviews:
        if ov.row.dissolved or (ov.row.parent_id is not None and ov.row.parent_id in dropped):
            dropped.add(ov.row.id)
        else:
            live.append(ov)
    return live


def _ordered(found: list[Reminder], on: dt.date) -> list[Reminder]:
    """紧急 first, then 注意, then 提示; within each, the data's own safety first (a database that needs repair
    comes before any paperwork), then the nearest deadline first (the longest overdue, then the soonest due),
    and those without a deadline last. Stable: equal reminders keep their order."""
    return sorted(found, key=lambda r: (-int(r.severity), r.topic != SAFETY_TOPIC, r.deadline is None,
                                        r.deadline or on))
