"""The assessments of the demo year: 评先评优 (R-EVAL-5), 民主评议 with its one 不合格 member
(R-EVAL-1…3, R-EVAL-6) and the secretaries' 述职评议 (R-EVAL-4). Called by
:func:`djdesk.services.demo.fill_demo` with its random stream, so the order of the draws here is
part of the demo's determinism.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Final

from sqlalchemy.orm import Session

from djdesk.domain.dates import add_months
from djdesk.domain.enums import CommendationStatus, DisposalKind, EvalGrade, MemberCategory
from djdesk.services import demo_meetings as meetings
from djdesk.services.demo_people import Branch
from djdesk.services.demo_plan import ADVANCED_BRANCH, DEMO_GAPS, EXCELLENT_HEAVY_BRANCH, OVERDUE_BRANCH
from djdesk.store.models import Commendation, Disposal, Evaluation, Member, SecretaryReview

_BASIC_BRANCHES: Final = ("财务审计处支部", "离退休支部")  # one 基本合格 member each


def _tallies(rng: random.Random, grade: EvalGrade, voters: int) -> tuple[int, int, int, int]:
    """民主测评 votes (优秀, 合格, 基本合格, 不合格) consistent with the grade."""
    share = {EvalGrade.EXCELLENT: (0.6, 0.9), EvalGrade.QUALIFIED: (0.05, 0.3)}.get(grade, (0.0, 0.0))
    excellent = round(voters * rng.uniform(*share))
    if grade in (EvalGrade.EXCELLENT, EvalGrade.QUALIFIED):
        basic = rng.randint(0, 1)
        return excellent, voters - excellent - basic, basic, 0
    unqualified = round(voters * (rng.uniform(0.45, 0.6) if grade is EvalGrade.UNQUALIFIED else 0.05))
    basic = round(voters * rng.uniform(0.3, 0.4)) if grade is EvalGrade.UNQUALIFIED \
        else round(voters * rng.uniform(0.5, 0.6))
    return 0, voters - basic - unqualified, basic, unqualified


def _past(day: dt.date, cutoff: dt.date) -> dt.date | None:
    return day if day <= cutoff else None


def assess(
    session: Session, rng: random.Random, branches: Sequence[Branch], *, year: int, today: dt.date,
    laggard: Member,
) -> None:
    """评先评优 (R-EVAL-5), 民主评议 with one 不合格 (R-EVAL-1…3) and 述职评议 (R-EVAL-4)."""
    by_short = {b.spec.short: b for b in branches}
    doc, doc_on = f"示交直党〔{year}〕18号", _past(dt.date(year, 6, 28), today)
    award = {"level": "机关党委", "status": CommendationStatus.AWARDED, "year": year, "doc_number": doc,
             "doc_on": doc_on}
    stars = [rng.choice([m for m in by_short[s].ordinary if m.category is MemberCategory.FULL])
             for s in ("办公室支部", "公路管理处支部", ADVANCED_BRANCH, "离退休支部")]
    for m in stars:
        session.add(Commendation(title="优秀共产党员", member_id=m.id, organization_id=m.organization_id,
                                 nominee_name=m.name, deeds="爱岗敬业、勇于担当，在急难险重任务中发挥先锋模范作用。",
                                 **award))
    workers = [by_short[ADVANCED_BRANCH].secretary,
               next(m for b in branches for m in b.members if m.admin_position == "机关党委专职副书记")]
    for m in workers:
        session.add(Commendation(title="优秀党务工作者", member_id=m.id, organization_id=m.organization_id,
                                 nominee_name=m.name, deeds="认真履行党务工作职责，支部标准化规范化建设成效明显。",
                                 **award))
    advanced = by_short[ADVANCED_BRANCH].org
    session.add(Commendation(title="先进基层党组织", organization_id=advanced.id, nominee_name=advanced.name,
                             deeds="“三会一课”等组织生活制度落实到位，党建与业务工作深度融合。", **award))

    basics = [rng.choice([m for m in by_short[s].ordinary if m is not laggard and m.party_position is None])
              for s in _BASIC_BRANCHES]
    fixed = {laggard.id: EvalGrade.UNQUALIFIED, **{m.id: EvalGrade.BASIC for m in basics}}
    star_ids = {m.id for m in stars}
    for b in branches:
        n = len(b.members)
        # R-EVAL-2: 优秀 normally at most 1/3 of the branch; the heavy branch exceeds it on purpose.
        top = n // 3 + rng.randint(2, 4) if b.spec.short == EXCELLENT_HEAVY_BRANCH else rng.randint(n // 6, n // 3)
        pool = [m for m in b.members if m.id not in fixed]
        rng.shuffle(pool)
        pool.sort(key=lambda m: 0 if m.id in star_ids else 1)
        excellent = {m.id for m in pool[:top]}
        voters = sum(1 for m in b.members if m.category is MemberCategory.FULL) - rng.randint(0, 3)
        for m in b.members:
            grade = fixed.get(m.id, EvalGrade.EXCELLENT if m.id in excellent else EvalGrade.QUALIFIED)
            ex, qu, ba, un = _tallies(rng, grade, voters)
            evaluation = Evaluation(year=year, member_id=m.id, organization_id=b.org.id, grade=grade,
                                    votes_excellent=ex, votes_qualified=qu, votes_basic=ba, votes_unqualified=un)
            if grade is EvalGrade.UNQUALIFIED:
                # R-EVAL-3: a 正式党员 judged 不合格 is given 限期改正 first.
                evaluation.note = "多次无正当理由不参加组织生活，经教育帮助仍未明显改正。"
                decided = _past(meetings.workday(year, 12, 15), today)
                evaluation.disposals.append(Disposal(
                    kind=DisposalKind.CORRECT_IN_TIME, decided_on=decided,
                    deadline=add_months(decided, 6) if decided else None,
                    decision="经支部委员会研究、支部党员大会讨论，决定对其限期改正，由支部书记负责帮教。"))
            session.add(evaluation)
    for b in branches:
        # R-EVAL-4: 好/较好/一般 (差 is not used in the demo).
        rating = "一般" if b.spec.short == OVERDUE_BRANCH else ("较好" if b.spec.short in DEMO_GAPS else "好")
        low, high = {"好": (90, 97), "较好": (80, 89), "一般": (70, 79)}[rating]
        s = b.secretary
        session.add(SecretaryReview(year=year, organization_id=b.org.id, member_id=s.id, secretary_name=s.name,
                                    reported_on=_past(dt.date(year + 1, 1, 15), today),
                                    score=round(rng.uniform(low, high), 1), grade=rating,
                                    comments="述职内容全面，履行抓党建第一责任人职责较好。"))


__all__ = ["assess"]
