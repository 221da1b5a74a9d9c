"""``djdesk assessments …``: 民主评议, 述职评议, 支部年度考核 and 评先评优 (R-EVAL-1 … R-EVAL-5).

``export`` writes the year-end workbook, ``ballot`` the 民主评议党员测评表 of a branch, ``nomination``
the 评先评优推荐审批表 of one nomination; ``results``, ``nominations`` and ``checklist`` print what
is recorded. ``djdesk/cli.py`` calls :func:`register` with its subparsers.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from djdesk.commands.common import (
    EXIT_OK,
    date_arg,
    force_flag,
    opened_store,
    output_path,
    print_json,
    refuse,
    subparsers,
)
from djdesk.commands.compliance import year_arg


def _suffix(args: argparse.Namespace, suffix: str, what: str) -> Path:
    out = output_path(args)
    if out.suffix.lower() != suffix:
        kind = "Excel" if suffix == ".xlsx" else "Word"
        refuse(f"{what}保存为{kind}文件，文件名应以 {suffix} 结尾（收到“{out.name}”）。")
    return out


def cmd_export(args: argparse.Namespace) -> int:
    from djdesk.services.yearend_export import export_yearend

    out = _suffix(args, ".xlsx", "年终汇总表")
    with opened_store(args) as store:
        written = export_yearend(store.sessions, args.year, out, on=args.on)
    print(f"已导出{args.year}年民主评议、述职评议考核、支部年度考核和评先评优汇总表：{written}")
    return EXIT_OK


def cmd_ballot(args: argparse.Namespace) -> int:
    from djdesk.services.eval_docs import branch_id, write_ballot

    out = _suffix(args, ".docx", "测评表")
    with opened_store(args) as store:
        org_id = branch_id(store.sessions, args.branch)
        written = write_ballot(store.paths, store.sessions, args.year, org_id, out)
    print(f"已生成{args.branch}{args.year}年度民主评议党员测评表：{written}")
    return EXIT_OK


def cmd_nomination(args: argparse.Namespace) -> int:
    from djdesk.services.eval_docs import write_nomination_form

    out = _suffix(args, ".docx", "推荐审批表")
    with opened_store(args) as store:
        written = write_nomination_form(store.paths, store.sessions, args.id, out)
    print(f"已生成评先评优推荐审批表：{written}")
    return EXIT_OK


def cmd_results(args: argparse.Namespace) -> int:
    from djdesk.services.eval_docs import branch_id
    from djdesk.services.evaluations import all_branch_results, branch_results

    with opened_store(args) as store:
        if args.branch:
            results = [branch_results(store.sessions, args.year, branch_id(store.sessions, args.branch))]
        else:
            results = all_branch_results(store.sessions, args.year)
    if args.json:
        print_json([{"org_id": r.org_id, "organisation": r.organisation, "roster": r.roster, "graded": r.graded,
                     "full": r.full, "probationary": r.probationary,
                     "counts": {g.label: n for g, n in r.counts.items()}, "excellent_limit": r.excellent_limit,
                     "warnings": list(r.warnings)} for r in results])
        return EXIT_OK
    for r in results:
        counts = "，".join(f"{g.label}{n}" for g, n in r.counts.items())
        probationary = f"，预备党员{r.probationary}名不评定等次" if r.probationary else ""  # R-EVAL-2
        print(f"{r.organisation}：应评正式党员{r.full}名，已评{r.graded}名（{counts}）{probationary}")
        for warning in r.warnings:
            print(f"  【注意】{warning}")
    return EXIT_OK


def cmd_nominations(args: argparse.Namespace) -> int:
    from djdesk.services.commendations import list_nominations

    with opened_store(args) as store:
        rows = list_nominations(store.sessions, args.year)
    if args.json:
        print_json([{"id": r.id, "title": r.title, "nominee": r.nominee_name, "organisation": r.organisation,
                     "level": r.level, "status": r.status, "doc_number": r.doc_number, "doc_on": r.doc_on}
                    for r in rows])
        return EXIT_OK
    for r in rows:
        print(f"{r.id}　{r.title}　{r.nominee_name}（{r.organisation}）　{r.status.label}")
    print(f"共 {len(rows)} 项推荐" if rows else f"{args.year}年还没有录入评先评优推荐。")
    return EXIT_OK


def cmd_checklist(args: argparse.Namespace) -> int:
    from djdesk.services.assessments import ensure_checklist, list_items

    with opened_store(args) as store:
        created = ensure_checklist(store.sessions, args.year)
        items = list_items(store.sessions, args.year)
    if args.json:
        print_json([{"id": i.id, "area": i.area, "title": i.title, "kind": i.kind, "max_points": i.max_points,
                     "scoring_note": i.scoring_note} for i in items])
        return EXIT_OK
    if created:
        print(f"{args.year}年还没有考核表，已按年度党建工作要点建立默认考核表（{created}项）。")
    for i in items:
        print(f"{i.id}　[{i.kind.label}] {i.area}：{i.title}（{i.max_points:g}分）")
    return EXIT_OK


def register(sub: Any) -> None:
    parser = sub.add_parser("assessments", help="民主评议、述职评议考核、支部年度考核、评先评优")
    commands = subparsers(parser, "assessments_command")
    export = commands.add_parser(
        "export", help="导出年终汇总表（.xlsx）：民主评议、组织处置、述职评议考核、年度考核得分、评先评优")
    export.add_argument("year", type=year_arg, metavar="YEAR", help="年度，如 2025")
    export.add_argument("out", metavar="OUT.xlsx")
    export.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="制表日期（默认今天）")
    force_flag(export)
    export.set_defaults(func=cmd_export)
    ballot = commands.add_parser("ballot", help="生成党支部的民主评议党员测评表（.docx）")
    ballot.add_argument("--year", type=year_arg, required=True, metavar="YYYY", help="评议年度，如 2025")
    ballot.add_argument("--branch", required=True, metavar="NAME", help="党支部全称或简称")
    ballot.add_argument("out", metavar="OUT.docx")
    force_flag(ballot)
    ballot.set_defaults(func=cmd_ballot)
    nomination = commands.add_parser("nomination", help="生成一项推荐的评先评优推荐审批表（.docx）")
    nomination.add_argument("id", type=int, metavar="ID", help="推荐记录的编号（见 djdesk assessments nominations）")
    nomination.add_argument("out", metavar="OUT.docx")
    force_flag(nomination)
    nomination.set_defaults(func=cmd_nomination)
    results = commands.add_parser("results", help="列出民主评议结果（含优秀比例提醒）")
    results.add_argument("year", type=year_arg, metavar="YEAR")
    results.add_argument("--branch", metavar="NAME", help="只列该党支部")
    results.add_argument("--json", action="store_true", help="以 JSON 输出")
    results.set_defaults(func=cmd_results)
    nominations = commands.add_parser("nominations", help="列出某年的评先评优推荐（含编号）")
    nominations.add_argument("year", type=year_arg, metavar="YEAR")
    nominations.add_argument("--json", action="store_true", help="以 JSON 输出")
    nominations.set_defaults(func=cmd_nominations)
    checklist = commands.add_parser("checklist", help="列出某年的支部年度考核表（没有时按年度工作要点建立默认考核表）")
    checklist.add_argument("year", type=year_arg, metavar="YEAR")
    checklist.add_argument("--json", action="store_true", help="以 JSON 输出")
    checklist.set_defaults(func=cmd_checklist)
