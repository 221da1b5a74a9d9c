"""The year-end workbook: 民主评议, 组织处置, 述职评议考核, 支部年度考核, 评先评优 in one .xlsx. No Qt.

:func:`export_yearend` writes, through :mod:`djdesk.services.xlsx_print` (A4, fitted to the page
width, title with the unit and year, 制表日期, header repeated on every page, totals row), the sheets

* 民主评议党员结果汇总表: per organisation the 正式党员 to grade (R-EVAL-2: not those who left before the
  evaluation), those graded, each grade's count and share of those graded, those not graded, the 预备党员 (who
  take part but get no 等次) and the R-EVAL-2 warning;
* 民主评议党员结果明细表: every member on a roster that year with grade (``evaluations.grade_text``: 预备党员,
  未参加评议, 未评定) and 民主测评 votes;
* 组织处置情况: every member graded 不合格 with the 组织处置 recorded (R-EVAL-3), or "尚未处置";
* 支部书记述职评议考核结果表: every 党支部, 党总支 and the 机关党委 with its review (R-EVAL-4);
* 党支部年度考核得分表: ranked by total, with 名次 and the points per area of the checklist;
* 评先评优名单: the year's nominations (R-EVAL-5).

Text from the database is always written as text, never as a formula (xlsx_print).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Final

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import AssessmentItemKind, EvalGrade, Gender, MemberCategory
from djdesk.services.assessments import RankedRow, list_items, ranking
from djdesk.services.commendations import NominationRow, list_nominations
from djdesk.services.evaluations import (
    ABSENT_TEXT,
    PROBATIONARY_TEXT,
    BranchResults,
    DisposalRow,
    all_branch_results,
    grade_text,
    list_disposals,
)
from djdesk.services.perf import paused_gc
from djdesk.services.secretary_reviews import ReviewRow, list_reviews
from djdesk.services.settings import load_settings
from djdesk.services.xlsx_print import WIDE_CHAR, Column, Indented, SheetSpec, display_width, write_workbook
from djdesk.store.engine import SessionFactory

SUMMARY: Final = "民主评议党员结果汇总表"
DETAIL: Final = "民主评议党员结果明细表"
DISPOSALS: Final = "组织处置情况"
REVIEWS: Final = "支部书记述职评议考核结果表"
SCORES: Final = "党支部年度考核得分表"
HONOURS: Final = "评先评优名单"
SHEETS: Final = (SUMMARY, DETAIL, DISPOSALS, REVIEWS, SCORES, HONOURS)
UNGRADED: Final = "未评定"
NOT_YET: Final = "尚未处置"
TOTAL: Final = "合计"
TITLE_SCALE: Final = 18 / 11  # the title is 18 pt, the body 11 pt (xlsx_print)


def _fitted(spec: SheetSpec) -> SheetSpec:
    """Widen the widest text column so that the merged title (18 pt over 11 pt columns) is not cut."""
    lack = display_width(spec.title) * TITLE_SCALE + 4 - sum(c.width for c in spec.columns)
    if lack > 0:
        widest = max(range(len(spec.columns)), key=lambda i: (spec.columns[i].kind == "text", spec.columns[i].width))
        spec.columns[widest] = replace(spec.columns[widest], width=round(spec.columns[widest].width + lack, 1))
    return spec


def _names(texts: Iterable[str], minimum: float, maximum: float) -> float:
    """A column wide enough to show each name on one line (xlsx_print counts every character as wide
    when it decides whether a text needs a taller row: a narrower column would cost that check per row)."""
    return min(max([minimum, *(len(t) * WIDE_CHAR + 0.6 for t in texts)]), maximum)


def _pct(part: int, whole: int) -> float | str:
    """A share as a number (a cell shown 33.3 %: xlsx_print's percent kind), "—" when there is no whole."""
    return part / whole if whole else "—"


def _summary_rows(results: Sequence[BranchResults]) -> Iterator[list[object]]:
    for i, r in enumerate(results, start=1):
        shares: list[object] = []
        for grade in EvalGrade:
            shares += [r.counts[grade], _pct(r.counts[grade], r.graded)]
        over = f"优秀超过{r.excellent_share}（一般不超过{r.excellent_limit}名）" if r.warnings else ""
        yield [i, r.organisation, r.full, r.graded, *shares, r.ungraded, r.probationary, over]


def _summary(results: Sequence[BranchResults], title: str, made: str, span: str) -> SheetSpec:
    full, graded = sum(r.full for r in results), sum(r.graded for r in results)
    counts = {g: sum(r.counts[g] for r in results) for g in EvalGrade}
    grade_columns: list[Column] = []
    totals: list[object] = [None, TOTAL, full, graded]
    for grade in EvalGrade:
        grade_columns += [Column(f"{grade.label}\n人数", 7, "number"), Column(f"{grade.label}\n占比", 8, "percent")]
        totals += [counts[grade], _pct(counts[grade], graded)]
    share = results[0].excellent_share if results else "1/3"
    return SheetSpec(
        SUMMARY, title,
        [Column("序号", 5, "number"), Column("党组织", _names([r.organisation for r in results], 12, 24)),
         Column("应评\n人数", 7, "number"), Column("已评\n人数", 7, "number"), *grade_columns,
         Column("未评定", 7, "number"), Column("预备\n党员", 7, "number"), Column("备注", 27)],
        _summary_rows(results), subtitle=span, subtitle_right=made, landscape=True,
        totals=[*totals, full - graded, sum(r.probationary for r in results), None],
        footer_note=f"注：1. 应评人数为当年在册的正式党员（含年内转出、去世而已参加评议的；"
                    f"年内离开、未参加评议的不计）；占比为占已评定党员的比例。预备党员参加民主评议，不评定等次，单列人数。\n"
                    f"2. 优秀一般不超过本支部正式党员的{share}，超过的在备注中标出。")


def _detail_rows(results: Sequence[BranchResults]) -> Iterator[list[object]]:
    labels: dict[object, str] = {e: e.label for kind in (EvalGrade, Gender, MemberCategory) for e in kind}
    labels[None] = ""
    n = 0
    for r in results:
        for m in r.members:
            n += 1
            note = m.note or ""
            if m.left_on:
                note = "；".join(x for x in (note, f"{m.roster_status.label}（{format_cn(m.left_on)}）") if x)
            yield [n, r.organisation, m.name, labels[m.gender], labels[m.category], grade_text(m), *m.votes, note]


def _detail(results: Sequence[BranchResults], title: str, made: str, span: str) -> SheetSpec:
    counts = {g.label: sum(r.counts[g] for r in results) for g in EvalGrade}
    counts[UNGRADED] = sum(r.ungraded for r in results)
    counts[PROBATIONARY_TEXT] = sum(r.probationary for r in results)
    counts[ABSENT_TEXT] = sum(1 for r in results for m in r.members if grade_text(m) == ABSENT_TEXT)
    by_grade = "、".join(f"{label}{n}" for label, n in counts.items() if n)
    members = sum(r.roster for r in results)
    return SheetSpec(
        DETAIL, title,
        [Column("序号", 6, "number"), Column("党支部", _names([r.organisation for r in results], 10, 22)),
         Column("姓名", 9), Column("性别", 5, align="center"), Column("人员类别", 9, align="center"),
         Column("评议等次", 9, align="center"), *(Column(f"测评\n{g.label}", 6, "number") for g in EvalGrade),
         Column("备注", 24)],
        _detail_rows(results), subtitle=span, subtitle_right=made,
        # the count of each 等次 in the wide 备注 column: in the 9-wide 评议等次 column it took nine lines
        totals=[None, TOTAL, f"{members}人", None, None, None, None, None, None, None, by_grade],
        footer_note="注：测评票数为民主测评中各等次的得票数，未录入的为空。预备党员参加民主评议，不评定等次；"
                    "年内离开、未参加评议的注明“未参加评议”。")


def _disposal_rows(results: Sequence[BranchResults], disposals: Sequence[DisposalRow]) -> Iterator[list[object]]:
    by_eval: dict[int, list[DisposalRow]] = {}
    for disposal in disposals:
        by_eval.setdefault(disposal.evaluation_id, []).append(disposal)
    n = 0
    for r in results:
        for m in r.members:
            if m.grade is not EvalGrade.UNQUALIFIED or m.evaluation_id is None:
                continue
            found: list[DisposalRow | None] = [*by_eval.get(m.evaluation_id, [])] or [None]
            for d in found:
                n += 1
                yield [n, r.organisation, m.name, m.category.label, d.kind.label if d else NOT_YET,
                       d.decided_on if d else None, d.deadline if d else None, d.decision if d else m.note,
                       d.outcome if d else None]
    if n == 0:
        yield [None, "本年度没有评定为不合格的党员。", None, None, None, None, None, None, None]


def _disposal(results: Sequence[BranchResults], disposals: Sequence[DisposalRow], title: str, made: str,
              span: str) -> SheetSpec:
    unqualified = sum(1 for r in results for m in r.members
                      if m.grade is EvalGrade.UNQUALIFIED and m.evaluation_id is not None)
    kinds = Counter(d.kind.label for d in disposals)
    return SheetSpec(
        DISPOSALS, title,
        [Column("序号", 5, "number"), Column("党支部", _names([r.organisation for r in results], 10, 20)),
         Column("姓名", 9), Column("人员类别", 9, align="center"), Column("处置方式", 11, align="center"),
         Column("决定日期", 11, "date"), Column("期限", 11, "date"), Column("处置决定", 30), Column("处置结果", 24)],
        _disposal_rows(results, disposals), subtitle=span, subtitle_right=made, landscape=True,
        totals=[None, TOTAL, f"{unqualified}人", None, "、".join(f"{k}{v}" for k, v in kinds.items()) or None,
                None, None, None, None],
        footer_note="注：评定为不合格的党员按规定进行组织处置：正式党员限期改正、劝其退党或除名；"
                    "预备党员延长预备期或取消预备党员资格，不劝退。")


def _review_rows(reviews: Sequence[ReviewRow]) -> Iterator[list[object]]:
    for i, r in enumerate(reviews, start=1):
        yield [i, Indented(r.organisation, r.depth), r.kind.label, r.secretary, r.reported_on, r.score,
               r.grade or ("未考核" if r.review_id is None else ""), r.comments, r.reviewer]


def _review(reviews: Sequence[ReviewRow], title: str, made: str, span: str) -> SheetSpec:
    scores = [r.score for r in reviews if r.score is not None]
    grades = Counter(r.grade for r in reviews if r.grade)
    done = sum(1 for r in reviews if r.review_id is not None)
    return SheetSpec(
        REVIEWS, title,
        [Column("序号", 5, "number"), Column("党组织", _names([r.organisation for r in reviews], 12, 24)),
         Column("类型", 8, align="center"), Column("书记", 9), Column("述职日期", 11, "date"),
         Column("得分", 7, "number"), Column("等次", 7, align="center"), Column("评议意见", 30),
         Column("考核主体", 18)],
        _review_rows(reviews), subtitle=span, subtitle_right=made, landscape=True,
        totals=[None, TOTAL, f"{done}个", None, None, round(sum(scores) / len(scores), 1) if scores else None, None,
                "；".join(x for x in ("、".join(f"{g}{n}个" for g, n in grades.items()),
                                      "得分栏为平均分" if scores else "") if x) or None, None],
        footer_note="注：书记抓党建述职评议考核每年开展：党支部、党总支书记向机关党委述职，"
                    "机关党委书记向上级党组织述职。")


def _score(rows: Sequence[RankedRow], areas: Sequence[tuple[str, float]], title: str, made: str,
           span: str) -> SheetSpec:
    def values(row: RankedRow) -> list[object]:
        r = row.result
        if r is None:
            return [None, row.organisation, *([None] * len(areas)), None, None, None, "未考核", None, None]
        points: dict[str, float] = {}
        for s in r.scores:
            points[s.area] = round(points.get(s.area, 0.0) + s.points, 2)
        reasons = "；".join(x for x in (f"加分：{r.bonus_reason}" if r.bonus else "",
                                         f"减分：{r.penalty_reason}" if r.penalty else "") if x)
        return [row.rank, row.organisation, *(points.get(a, 0.0) for a, _ in areas), r.base, r.bonus, r.penalty,
                r.total, r.grade, reasons]

    done = [r.result for r in rows if r.result is not None]
    mean = round(sum(r.total for r in done) / len(done), 2) if done else None
    return SheetSpec(
        SCORES, title,
        [Column("名次", 5, "number"), Column("党组织", _names([r.organisation for r in rows], 12, 22)),
         *(Column(f"{a}\n（{m:g}分）", max(8.0, display_width(a) + 1), "number") for a, m in areas),
         Column("基本项\n得分", 7, "number"),
         Column("加分", 6, "number"), Column("减分", 6, "number"), Column("总分", 7, "number"),
         Column("等次", 7, align="center"), Column("加减分说明", 24)],
        (values(r) for r in rows), subtitle=span, subtitle_right=made, landscape=True,
        totals=[None, "平均", *([None] * len(areas)), None, None, None, mean, None, f"已考核{len(done)}个"],
        footer_note="注：各项得分按考核组评分计算，考核组未评分的按支部自评分；总分＝基本项得分＋加分－减分；"
                    "名次按总分由高到低排列，总分相同的名次并列。")


def _honour(rows: Sequence[NominationRow], title: str, made: str, span: str) -> SheetSpec:
    status = Counter(r.status.label for r in rows)
    return SheetSpec(
        HONOURS, title,
        [Column("序号", 5, "number"), Column("荣誉称号", _names([r.title for r in rows], 10, 18)),
         Column("推荐对象", _names([r.nominee_name for r in rows], 9, 22)),
         Column("所在党组织", _names([r.organisation for r in rows], 10, 18)), Column("主要事迹", 36),
         Column("推荐层级", 10, align="center"), Column("状态", 6, align="center"),
         Column("文号", _names([r.doc_number or "" for r in rows], 8, 22)), Column("日期", 11, "date")],
        ([i, r.title, r.nominee_name, r.organisation, r.deeds, r.level, r.status.label, r.doc_number, r.doc_on]
         for i, r in enumerate(rows, start=1)),
        subtitle=span, subtitle_right=made, landscape=True,
        totals=[None, TOTAL, f"{len(rows)}项", None, "、".join(f"{k}{v}项" for k, v in status.items()) or None,
                None, None, None, None],
        footer_note="注：“七一”前评选表彰优秀共产党员、优秀党务工作者和先进基层党组织。")


def export_yearend(sessions: SessionFactory, year: int, out: Path, *, on: dt.date | None = None) -> Path:
    """Write the year-end workbook of ``year`` into ``out`` (.xlsx); ``on`` is the 制表日期 (default today).

    Raises FolderNotWritable (nothing left behind) when ``out`` cannot be written."""
    settings = load_settings(sessions)
    unit, made = settings.made_by(on)
    head = f"{unit}{year}年"
    span = f"统计时段：{year}年1月1日至12月31日"
    with paused_gc():
        results = all_branch_results(sessions, year)
        areas: dict[str, float] = {}
        for item in list_items(sessions, year):
            if item.kind is AssessmentItemKind.NORMAL:
                areas[item.area] = areas.get(item.area, 0.0) + item.max_points
        return write_workbook(out, [_fitted(spec) for spec in (
            _summary(results, head + SUMMARY, made, span),
            _detail(results, head + DETAIL, made, span),
            _disposal(results, list_disposals(sessions, year), head + DISPOSALS, made, span),
            _review(list_reviews(sessions, year), head + REVIEWS, made, span),
            _score(ranking(sessions, year), list(areas.items()), head + SCORES, made, span),
            _honour(list_nominations(sessions, year), head + HONOURS, made, span),
        )])

__all__ = ["DETAIL", "DISPOSALS", "HONOURS", "NOT_YET", "REVIEWS", "SCORES", "SHEETS", "SUMMARY", "UNGRADED",
           "export_yearend"]
