"""The demo's plan: which branch of the demo 机关党委 carries which deliberate problem.

:func:`djdesk.services.demo.fill_demo` builds the demo year so that reminders and checks have
something to find; the constants below name the branches (by short name) and the gaps, so the
builders and the tests agree on them. :func:`reference_date` is the day the reminders are
designed around.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

from djdesk.domain.enums import MeetingKind, TalkKind

DEMO_GAPS: Final[Mapping[str, frozenset[MeetingKind]]] = {
    "离退休支部": frozenset({MeetingKind.COMMITTEE_MEETING}),
    "财务审计处支部": frozenset({MeetingKind.PARTY_LECTURE}),
    "后勤服务中心支部": frozenset({MeetingKind.IDEOLOGY, MeetingKind.GROUP_MEETING}),
}
"""Branch short name → kinds of meeting it holds *not at all* in the demo year (R-MEET-1…11).

Every other branch holds every kind on schedule (党小组会 only where it has 党小组)."""

DEMO_TALK_GAPS: Final[Mapping[str, frozenset[TalkKind]]] = {
    "后勤服务中心支部": frozenset({TalkKind.AMONG_MEMBERS}),
}
"""Branch short name → kinds of 谈心谈话 missing in the demo year (R-MEET-7)."""

OVERDUE_BRANCH: Final = "政策法规处支部"
"""The one organisation whose term ended before 1 January of the demo year (R-ORG-5, R-ORG-7)."""
DUE_SOON_BRANCH: Final = "综合规划处支部"
"""The one organisation whose term ends within 6 months after :func:`reference_date` (R-ORG-7)."""
EXCELLENT_HEAVY_BRANCH: Final = "公路管理处支部"
"""The one branch whose share of 优秀 in 民主评议 exceeds 1/3 (R-EVAL-2)."""
ADVANCED_BRANCH: Final = "水运管理处支部"
"""The branch commended as 先进基层党组织 (R-EVAL-5)."""
UNQUALIFIED_BRANCH: Final = "后勤服务中心支部"
"""The branch of the one 不合格 正式党员, who also often misses meetings (R-EVAL-3, R-EVAL-6)."""
SECRETARY_BRANCH: Final = "政策法规处支部"  # branch of the 厅领导 who is 机关党委书记


def reference_date(year: int) -> dt.date:
    """The day the demo's reminders are designed around: 1 October of the demo year."""
    return dt.date(year, 10, 1)


__all__ = [
    "ADVANCED_BRANCH",
    "DEMO_GAPS",
    "DEMO_TALK_GAPS",
    "DUE_SOON_BRANCH",
    "EXCELLENT_HEAVY_BRANCH",
    "OVERDUE_BRANCH",
    "SECRETARY_BRANCH",
    "UNQUALIFIED_BRANCH",
    "reference_date",
]
