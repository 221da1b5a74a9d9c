"""支部年度考核: the yearly checklist, each branch's scores, the ranking and the facts to score from. No Qt.

The checklist (``AssessmentItem`` rows of a year) is editable; :func:`ensure_checklist` creates the default
(:data:`DEFAULT_CHECKLIST`). A branch's total (:func:`set_scores`) is computed here: the sum over the 基本项
of the committee's points (the branch's own where the committee gave none) + 加分 − 减分. 加分 and 减分 are
totals with a reason, capped by the maxima of the checklist's 加分项 (减分项). Each write is one transaction;
a refusal raises :class:`InputError` and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from djdesk.domain.dates import format_cn
from djdesk.domain.enums import AssessmentItemKind, AuditAction, OrgKind
from djdesk.domain.errors import InputError
from djdesk.services.commendations import list_nominations
from djdesk.services.compliance import compliance
from djdesk.services.evaluations import branch_results, check_year, fetch
from djdesk.services.meeting_attendance import display_name, get_org
from djdesk.services.meeting_forms import clean_text
from djdesk.services.org_info import org_overview
from djdesk.services.orgs import list_orgs
from djdesk.services.secretary_reviews import list_reviews
from djdesk.services.talks import talk_coverage
from djdesk.store.engine import SessionFactory
from djdesk.store.models import AssessmentItem, AssessmentScore, AuditEntry, Organization, OrgAssessment

NORMAL, BONUS, PENALTY = AssessmentItemKind.NORMAL, AssessmentItemKind.BONUS, AssessmentItemKind.PENALTY
TOLERANCE: Final = 0.005  # points are kept to 0.01

# The default checklist: area | item | maximum points | scoring note. The areas are the section headings
# of the 机关党建 annual work plan; 加分项 and 减分项 say what earns or costs points, and at most how many.
DEFAULT_CHECKLIST: Final = """
政治建设|带头拥护“两个确立”、忠诚践行“两个维护”，把党的领导落实到业务工作各方面|5|查阅学习和会议记录
政治建设|严肃党内政治生活，落实“三会一课”、组织生活会、谈心谈话、主题党日等制度|6|对照组织生活开展情况，每缺一次扣1分
政治建设|深化模范机关创建，结合职能开展“让党中央放心、让人民群众满意”创建活动|4|查阅创建方案和台账
理论武装|学懂弄通做实习近平新时代中国特色社会主义思想，制定并落实年度学习计划|6|查阅学习计划和学习记录
理论武装|用好“学习强国”等平台，加强年轻干部学习研究小组建设|4|查阅平台学习情况和小组活动记录
理论武装|落实意识形态工作责任制，全年至少专题研究2次意识形态工作|5|每少一次扣2.5分
基层组织建设|组织设置规范，按期换届，支部委员会配备齐全|6|超期未换届且未经批准的扣3分
基层组织建设|推进党支部标准化规范化建设，基础台账规范完整|8|查阅党支部工作台账
基层组织建设|落实“双报到”，组织党员下沉社区服务|6|查阅双报到登记和活动记录
党员教育管理|按期开展党课、主题党日，党员教育培训覆盖全体党员|5|每缺一次扣1分
党员教育管理|按程序发展党员，党费按时足额收缴|5|程序不规范的每例扣1分
党员教育管理|开展民主评议党员，稳妥有序处置不合格党员|5|未开展民主评议的不得分
正风肃纪|开展党章党规党纪教育和廉洁文化建设|4|查阅学习和活动记录
正风肃纪|落实廉政谈话制度，驰而不息纠治“四风”|3|查阅谈话记录
正风肃纪|设置党员先锋示范岗，党员亮身份、作表率|3|实地查看和查阅资料
党建与业务融合|围绕中心抓党建，推动党建与业务工作同频共振、深度融合|8|结合年度业务工作完成情况评定
党建与业务融合|开展“集中攻关破解党建难题”活动，形成调研成果|4|查阅调研报告
党建与业务融合|县处级以上领导班子成员每年至少领题调研1个课题|3|每缺一人扣1分
责任落实|书记履行抓党建第一责任人职责，班子成员落实“一岗双责”|5|结合书记抓党建述职评议考核评定
责任落实|抓好巡视巡察和检查发现问题的整改|5|整改不到位的每项扣1分
加分项|支部或党员获得上级表彰（先进基层党组织、优秀共产党员、优秀党务工作者等）|3|每项加1分，最多3分
加分项|被命名为“标准化建设示范党支部”|2|当年命名的加2分
加分项|党建工作经验做法被上级推广，或党建调研论文被采用|2|每项加1分，最多2分
减分项|党员发生违纪违法问题受到党纪政务处分|5|每人次扣2分，最多5分
减分项|组织生活长期不正常、未按期换届且无正当理由|3|查实一项扣1分，最多3分
减分项|巡视巡察、督导检查发现的问题整改不到位|3|每项扣1分，最多3分
"""


@dataclass
class ItemInput:
    area: str
    title: str
    max_points: float
    kind: AssessmentItemKind = NORMAL
    scoring_note: str | None = None
    seq: int | None = None  # position; default: after the last item


@dataclass(frozen=True)
class ItemRow:
    id: int
    area: str
    title: str
    kind: AssessmentItemKind
    max_points: float
    scoring_note: str | None
    seq: int
    scored: int  # how many organisations have a score for it


@dataclass(frozen=True)
class ScoreRow:
    item_id: int
    area: str
    title: str
    max_points: float
    self_points: float | None
    committee_points: float | None

    @property
    def points(self) -> float:  # what counts: the committee's points, else the branch's own
        return (self.committee_points if self.committee_points is not None else self.self_points) or 0.0


@dataclass(frozen=True)
class AssessmentResult:
    id: int
    year: int
    org_id: int
    organisation: str  # short name
    organisation_full: str
    scores: tuple[ScoreRow, ...]
    self_score: float | None  # sum of the branch's own points
    committee_score: float | None  # sum of the committee's points
    base: float  # sum of the points that count
    bonus: float
    bonus_reason: str | None
    penalty: float
    penalty_reason: str | None
    total: float
    grade: str | None
    note: str | None


@dataclass(frozen=True)
class RankedRow:
    rank: int | None  # competition ranking (1, 2, 2, 4); None when not assessed
    org_id: int
    organisation: str
    organisation_full: str
    result: AssessmentResult | None


def _items(session: Session, year: int) -> list[AssessmentItem]:
    return list(session.scalars(select(AssessmentItem).where(AssessmentItem.year == year)
                                .order_by(AssessmentItem.seq, AssessmentItem.id)))


def ensure_checklist(sessions: SessionFactory, year: int, *, today: dt.date | None = None) -> int:
    """Create the default checklist for ``year`` if it has none; returns how many items were created.

    The program does this the first time a year's 支部年度考核 is shown, not the clerk: the 操作日志 gets one
    line saying so, not one «新增考核项目» per item."""
    check_year(year, today or dt.date.today(), "考核年度")
    with sessions.begin() as session:
        if _items(session, year):
            return 0
        rows = [line.split("|") for line in DEFAULT_CHECKLIST.strip().splitlines()]
        kinds = {"加分项": BONUS, "减分项": PENALTY}
        session.info["audit_disabled"] = True
        session.add_all(AssessmentItem(year=year, area=area, title=title, kind=kinds.get(area, NORMAL),
                                       max_points=float(points), scoring_note=note, seq=seq)
                        for seq, (area, title, points, note) in enumerate(rows, start=1))
        session.add(AuditEntry(entity=AssessmentItem.__label__, entity_id="", action=AuditAction.CREATE,
                               summary=f"建立{year}年度党支部考核表（默认考核项目 {len(rows)} 项）"))
        return len(rows)


def list_items(sessions: SessionFactory, year: int) -> list[ItemRow]:
    with sessions() as session:
        scored = dict(session.execute(select(AssessmentScore.item_id, func.count()).group_by(AssessmentScore.item_id))
                      .all())
        return [ItemRow(i.id, i.area, i.title, i.kind, i.max_points, i.scoring_note, i.seq,
                        scored.get(i.id, 0)) for i in _items(session, year)]


def _number(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"{what}应为数字（收到“{value}”）。请改正。")
    return round(float(value), 2)


def _check_item(data: ItemInput) -> tuple[str, str, float, str | None]:
    area, title = clean_text(data.area, 100, "考核内容的类别"), clean_text(data.title, 1000, "考核项目")
    if not area or not title:
        raise InputError("请填写考核项目的类别（如“政治建设”）和内容。")
    points = _number(data.max_points, "分值")
    if points <= 0:
        raise InputError(f"“{title[:20]}”的分值应大于 0（收到 {points:g}）。请填写该项最多可得（加、减）的分数。")
    return area, title, points, clean_text(data.scoring_note, 1000, "评分标准")


def save_item(sessions: SessionFactory, year: int, data: ItemInput, *, item_id: int | None = None) -> int:
    """Add an item to ``year``'s checklist, or edit item ``item_id``; returns its id. Refuses a maximum of
    0 or less, and, for an item already scored, a maximum below a given score or a change of kind."""
    area, title, points, note = _check_item(data)
    check_year(year, dt.date.today(), "考核年度")
    with sessions.begin() as session:
        if item_id is None:
            seq = max((i.seq for i in _items(session, year)), default=0) + 1
            item = AssessmentItem(year=year, seq=seq)
            session.add(item)
        else:
            item = fetch(session, AssessmentItem, item_id)
            scores = list(session.scalars(select(AssessmentScore).where(AssessmentScore.item_id == item.id)))
            highest = max((p for s in scores for p in (s.self_points, s.committee_points) if p is not None),
                          default=0.0)
            if highest > points + TOLERANCE:
                raise InputError(f"已有党组织在该项得了 {highest:g} 分，分值不能改为 {points:g} 分。请先修改这些得分。")
            if scores and data.kind is not item.kind:
                raise InputError("该项目已有得分，不能改变它的类型（基本项/加分项/减分项）。请新增一个项目。")
        item.area, item.title, item.kind, item.max_points, item.scoring_note = area, title, data.kind, points, note
        item.seq = data.seq if data.seq is not None else item.seq
        session.flush()
        return item.id


def delete_item(sessions: SessionFactory, item_id: int, *, confirm_scored: bool = False) -> None:
    """Remove an item. One that already has scores needs ``confirm_scored``: its scores go too and the
    totals are computed again."""
    with sessions.begin() as session:
        item = fetch(session, AssessmentItem, item_id)
        scores = list(session.scalars(select(AssessmentScore).where(AssessmentScore.item_id == item.id)))
        if scores and not confirm_scored:
            raise InputError(f"“{item.title[:20]}”已有 {len(scores)} 个党组织的得分。删除后这些得分一并删除、"
                             "总分重新计算；确需删除请确认后再删。")
        remaining = {i.id: i for i in _items(session, item.year) if i.id != item.id}
        for score in scores:
            owner = score.assessment
            owner.scores.remove(score)  # delete-orphan
            _recompute(owner, remaining)
        session.flush()  # the scores first: the database would cascade them too
        session.delete(item)


def _recompute(row: OrgAssessment, items: Mapping[int, AssessmentItem]) -> float:
    own = [s.self_points for s in row.scores if s.self_points is not None]
    committee = [s.committee_points for s in row.scores if s.committee_points is not None]
    base = sum((s.committee_points if s.committee_points is not None else s.self_points) or 0.0 for s in row.scores
               if s.item_id in items)
    row.self_score = round(sum(own), 2) if own else None
    row.committee_score = round(sum(committee), 2) if committee else None
    row.total = round(base + (row.bonus or 0.0) - (row.penalty or 0.0), 2)
    return round(base, 2)


def _adjustment(value: float, reason: str | None, kind: AssessmentItemKind, items: list[AssessmentItem],
                ) -> tuple[float, str | None]:
    label = "加分" if kind is BONUS else "减分"
    amount = _number(value, label)
    text = clean_text(reason, 1000, f"{label}理由")
    if amount < 0:
        raise InputError(f"{label}应为 0 或正数（收到 {amount:g}）。" + ("扣分请填在减分中。" * (kind is BONUS)))
    if amount and not text:
        raise InputError(f"有{label}（{amount:g} 分）时必须写明{label}理由，请补充。")
    cap = sum(i.max_points for i in items if i.kind is kind)
    if cap and amount > cap + TOLERANCE:
        raise InputError(f"{label}合计最多 {cap:g} 分（考核表{label}项的分值之和），现填 {amount:g} 分。请改正。")
    return amount, text if amount else None


def set_scores(
    sessions: SessionFactory, year: int, org_id: int, scores: Mapping[int, tuple[float | None, float | None]], *,
    bonus: float = 0.0, bonus_reason: str | None = None, penalty: float = 0.0, penalty_reason: str | None = None,
    grade: str | None = None, note: str | None = None, total: float | None = None, today: dt.date | None = None,
) -> AssessmentResult:
    """Record a branch's scores for ``year``: ``scores`` maps a 基本项 to (自评分, 考核分); (None, None)
    removes it; items not named keep their scores. Refuses (nothing written) points below 0 or above
    the item's maximum, an item of another year or a 加分项/减分项 (their points go in ``bonus``/
    ``penalty`` with a reason), and a ``total`` that does not add up."""
    check_year(year, today or dt.date.today(), "考核年度")
    with sessions.begin() as session:
        org = get_org(session, org_id)
        if org.kind in (OrgKind.GROUP, OrgKind.ORGAN_COMMITTEE, OrgKind.COMMITTEE):
            raise InputError(f"“{display_name(org)}”不参加支部年度考核。请选择党支部（或党总支）。")
        items = _items(session, year)
        by_id = {i.id: i for i in items}
        checked: dict[int, tuple[float | None, float | None]] = {}
        for item_id, pair in scores.items():
            item = by_id.get(item_id)
            if item is None:
                raise InputError(f"考核项目（编号 {item_id}）不在{year}年的考核表中。请刷新考核表后再试。")
            if item.kind is not NORMAL:
                raise InputError(f"“{item.title[:20]}”是{item.kind.label}，请把它的分数填在“{item.kind.label[:2]}”栏，"
                                 "并写明理由。")
            values = tuple(None if p is None else _number(p, f"“{item.title[:20]}”的得分") for p in pair)
            for value in values:
                if value is not None and not 0 <= value <= item.max_points + TOLERANCE:
                    raise InputError(f"“{item.title[:20]}”的得分 {value:g} 超出范围：应在 0 到 {item.max_points:g} 分"
                                     "之间。请改正。")
            checked[item_id] = (values[0], values[1])
        plus, plus_reason = _adjustment(bonus, bonus_reason, BONUS, items)
        minus, minus_reason = _adjustment(penalty, penalty_reason, PENALTY, items)
        row = session.scalar(select(OrgAssessment).where(OrgAssessment.year == year,
                                                         OrgAssessment.organization_id == org.id))
        if row is None:
            row = OrgAssessment(year=year, organization_id=org.id, bonus=0.0, penalty=0.0)
            session.add(row)
        existing = {s.item_id: s for s in row.scores}
        for item_id, (own, committee) in checked.items():
            score = existing.get(item_id)
            if own is None and committee is None:
                if score is not None:
                    row.scores.remove(score)
            elif score is None:
                row.scores.append(AssessmentScore(item_id=item_id, self_points=own, committee_points=committee))
            else:
                score.self_points, score.committee_points = own, committee
        row.bonus, row.bonus_reason, row.penalty, row.penalty_reason = plus, plus_reason, minus, minus_reason
        row.grade, row.note = clean_text(grade, 20, "考核等次"), clean_text(note, 1000, "备注")
        base = _recompute(row, by_id)
        if total is not None and abs(_number(total, "总分") - (row.total or 0.0)) > TOLERANCE:
            raise InputError(f"总分对不上：各项得分合计 {base:g} 分 + 加分 {plus:g} 分 − 减分 {minus:g} 分 = "
                             f"{row.total:g} 分，而填写的总分是 {total:g} 分。请核对各项得分，或不填总分由程序计算。")
        session.flush()
        return _result(row, org, by_id)


Points = tuple[int, float | None, float | None]  # item id, self points, committee points


def _result(row: OrgAssessment, org: Organization, items: Mapping[int, AssessmentItem],
            points: Iterable[Points] | None = None) -> AssessmentResult:
    given = points if points is not None else ((s.item_id, s.self_points, s.committee_points) for s in row.scores)
    scores = sorted((ScoreRow(i, items[i].area, items[i].title, items[i].max_points, own, committee)
                     for i, own, committee in given if i in items), key=lambda s: (items[s.item_id].seq, s.item_id))
    base = round(sum(s.points for s in scores), 2)
    return AssessmentResult(row.id, row.year, org.id, display_name(org), org.name, tuple(scores), row.self_score,
                            row.committee_score, base, row.bonus or 0.0, row.bonus_reason, row.penalty or 0.0,
                            row.penalty_reason, row.total or 0.0, row.grade, row.note)


def assessment(sessions: SessionFactory, year: int, org_id: int) -> AssessmentResult | None:
    """The recorded assessment of ``org_id`` for ``year``, or None."""
    with sessions() as session:
        org = get_org(session, org_id)
        row = session.scalar(select(OrgAssessment).where(OrgAssessment.year == year,
                                                         OrgAssessment.organization_id == org.id))
        return _result(row, org, {i.id: i for i in _items(session, year)}) if row else None


def ranking(sessions: SessionFactory, year: int) -> list[RankedRow]:
    """Branches (and any assessed 党总支) by total, highest first, with 名次 (equal totals share a place);
    branches not yet assessed follow in tree order without a place."""
    tree = {r.id: i for i, r in enumerate(list_orgs(sessions, include_dissolved=True))}
    with sessions() as session:
        items = {i.id: i for i in _items(session, year)}
        orgs = {o.id: o for o in session.scalars(select(Organization))}
        points: dict[int, list[Points]] = defaultdict(list)  # Core rows: ORM objects cost 4× (benchmarks)
        for assessment_id, item_id, own, committee in session.execute(
                select(AssessmentScore.assessment_id, AssessmentScore.item_id, AssessmentScore.self_points,
                       AssessmentScore.committee_points).join(OrgAssessment).where(OrgAssessment.year == year)):
            points[assessment_id].append((item_id, own, committee))
        results = sorted((_result(r, orgs[r.organization_id], items, points[r.id]) for r in
                          session.scalars(select(OrgAssessment).where(OrgAssessment.year == year))),
                         key=lambda r: (-r.total, tree.get(r.org_id, 0)))
    ranked: list[RankedRow] = []
    previous, rank = math.inf, 0
    for place, result in enumerate(results, start=1):
        if abs(previous - result.total) > TOLERANCE:
            rank = place
        previous = result.total
        ranked.append(RankedRow(rank, result.org_id, result.organisation, result.organisation_full, result))
    done = {r.org_id for r in results}
    waiting = [o for o in sorted(orgs.values(), key=lambda o: tree.get(o.id, 0)) if o.kind.is_branch
               and o.id not in done and (o.dissolved_on is None or o.dissolved_on > dt.date(year, 1, 1))]
    return ranked + [RankedRow(None, o.id, display_name(o), o.name, None) for o in waiting]


def _life(sessions: SessionFactory, year: int, org_id: int, on: dt.date, as_of: str) -> str:
    grid = compliance(sessions, year, on=on)
    ids = {r.org_id for r in grid.rows if r.org_id == org_id or (r.parent_id == org_id and r.kind is OrgKind.GROUP)}
    missing: dict[str, list[str]] = {}
    for item in grid.missing:
        if item.org_id in ids:
            where = "" if item.org_id == org_id else item.organisation
            missing.setdefault(f"{where}{item.requirement.label}", []).append(item.period.label)
    held = sum(r.held_count for r in grid.rows if r.org_id in ids)
    count = sum(len(periods) for periods in missing.values())
    for label, p in missing.items():  # "党课（第一季度、第三季度）", "党小组会（1月至12月共12期）"
        missing[label] = [] if p == ["全年"] else ["、".join(p) if len(p) < 4 else f"{p[0]}至{p[-1]}共{len(p)}期"]
    gaps = "；".join(label + "".join(f"（{p}）" for p in periods) for label, periods in missing.items())
    return f"组织生活（截至{as_of}）：按期开展{held}项，" + (f"缺{count}项：{gaps}。" if missing else "没有缺项。")


def evidence(sessions: SessionFactory, year: int, org_id: int, *, on: dt.date | None = None) -> list[str]:
    """Short Chinese lines to score ``org_id``'s year from: organisational life held and missing (as of
    ``on``; default the whole year once it is over, else today), 民主评议, 谈心谈话, 评先评优, 换届, 述职评议."""
    today = dt.date.today()
    on = on or (dt.date(year + 1, 1, 1) if year < today.year else today)
    end = min(on, dt.date(year, 12, 31))
    lines = [_life(sessions, year, org_id, on, format_cn(end))]
    results = branch_results(sessions, year, org_id)
    counts = "、".join(f"{g.label}{n}名" for g, n in results.counts.items() if n)
    probationary = f"预备党员{results.probationary}名参加评议，不评定等次。" if results.probationary else ""  # R-EVAL-2
    lines.append(f"民主评议党员：应评正式党员{results.full}名，已评定{results.graded}名"
                 + (f"（{counts}）" if counts else "")
                 + (f"，还有{results.ungraded}名未评定。" if results.ungraded else "。") + probationary
                 + "".join(results.warnings))
    for cover in talk_coverage(sessions, year):
        if cover.org_id == org_id:
            lacking = "、".join(k.label for k in cover.missing())
            lines.append(f"谈心谈话：共{cover.total}次，" + (f"缺“{lacking}”。" if lacking else "各类谈话都已开展。"))
    honours = [f"{n.title}：{n.nominee_name}（{n.status.label}）" for n in list_nominations(sessions, year)
               if n.org_id == org_id]
    lines.append("评先评优：" + ("；".join(honours) if honours else "无") + "。")
    term = org_overview(sessions, org_id, end).term
    if term.end is not None:
        lines.append(f"换届：第{term.number or '—'}届，{format_cn(term.end)}届满，{term.status.label}。")
    for review in list_reviews(sessions, year):
        if review.org_id == org_id and review.review_id is not None:
            score = f"{review.score:g}分" if review.score is not None else None
            graded = "，".join(x for x in (review.grade, score) if x)
            lines.append(f"书记述职评议：{review.secretary or ''}" + (f"，{graded}" if graded else "") + "。")
    return lines
