"""``djdesk orgs …`` and ``djdesk reminders``."""

from __future__ import annotations

import argparse
from typing import Any

from djdesk.commands.common import (
    EXIT_OK,
    date_arg,
    force_flag,
    opened_store,
    output_path,
    print_json,
    subparsers,
    today,
)


def cmd_list(args: argparse.Namespace) -> int:
    from djdesk.services.org_info import org_overviews

    with opened_store(args) as store:
        overviews = org_overviews(store.sessions, today(args))
    if args.json:
        print_json([
            {"id": o.row.id, "name": o.row.name, "short_name": o.row.short_name, "kind": o.row.kind.label,
             "parent": o.row.parent, "members": o.row.members, "full": o.full, "probationary": o.probationary,
             "secretary": o.secretary, "term_number": o.term.number, "term_elected_on": o.term.elected_on,
             "term_end": o.term.end, "term_status": o.term.status.label if o.term.end else None}
            for o in overviews
        ])
    else:
        for o in overviews:
            term = f"，第{o.term.number}届，{o.term.status.label}" if o.term.end else ""
            print(f"{'  ' * o.row.depth}{o.row.name}（{o.row.kind.label}，党员 {o.row.members} 名{term}）")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    from djdesk.domain.enums import OrgKind
    from djdesk.domain.errors import InputError
    from djdesk.services.members import find_org
    from djdesk.services.org_admin import OrgFields, create_org
    from djdesk.services.orgs import list_orgs

    try:
        kind = OrgKind.from_label(args.kind)
    except ValueError as exc:
        raise InputError(f"组织类型“{args.kind}”不对，应为：{'、'.join(OrgKind.labels())}。") from exc
    fields = OrgFields(args.name, kind, short_name=args.short, founded_on=args.founded)
    with opened_store(args) as store:
        parent = find_org(list_orgs(store.sessions), args.parent) if args.parent else None
        create_org(store.sessions, fields, parent.id if parent else None)
    under = f"（上级：{parent.name}）" if parent else ""
    print(f"已新增{kind.label}“{args.name.strip()}”{under}。")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from djdesk.services.org_export import export_org_tables

    target = output_path(args)
    with opened_store(args) as store:
        out = export_org_tables(store.sessions, target, on=today(args))
    print(f"已导出党组织一览表和班子成员名单：{out}")
    return EXIT_OK


def cmd_letter(args: argparse.Namespace) -> int:
    from djdesk.services.org_letter import remind_letter

    target = output_path(args)
    with opened_store(args) as store:
        out = remind_letter(store.paths, store.sessions, args.name, target, on=today(args))
    print(f"已生成换届提醒函：{out}")
    return EXIT_OK


def cmd_reminders(args: argparse.Namespace) -> int:
    from djdesk.services.reminders import reminders

    topics = frozenset(args.topic) if args.topic else None
    with opened_store(args) as store:
        found = reminders(store.sessions, today(args), topics=topics)
    if args.json:
        print_json([
            {"organisation": r.organisation, "org_id": r.org_id, "topic": r.topic, "severity": r.severity.label,
             "rule": r.rule, "deadline": r.deadline, "text": r.text}
            for r in found
        ])
    else:
        for r in found:
            print(f"【{r.severity.label}】{r.text}")
        print(f"共 {len(found)} 条提醒" if found else "没有需要提醒的事项。")
    return EXIT_OK


def register(sub: Any) -> None:
    orgs = sub.add_parser("orgs", help="党组织")
    orgs_sub = subparsers(orgs, "orgs_command")
    orgs_list = orgs_sub.add_parser("list", help="列出党组织（含任期届满时间和换届状态）")
    orgs_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    orgs_list.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="按该日期计算换届状态（默认今天）")
    orgs_list.set_defaults(func=cmd_list)
    add = orgs_sub.add_parser("add", help="新增党组织（第一个通常是机关党委）")
    add.add_argument("--kind", required=True, metavar="类型", help="机关党委、党委、党总支、党支部、联合党支部或党小组")
    add.add_argument("--name", required=True, metavar="全称")
    add.add_argument("--short", metavar="简称", help="简称（导入名册时用来识别组织）")
    add.add_argument("--parent", metavar="上级名称", help="上级组织的全称或简称（机关党委不填）")
    add.add_argument("--founded", type=date_arg, metavar="YYYY-MM-DD", help="成立日期")
    add.set_defaults(func=cmd_add)
    export = orgs_sub.add_parser("export", help="导出党组织一览表和班子成员名单（.xlsx）")
    export.add_argument("out", metavar="OUT.xlsx")
    export.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="统计截止日期（默认今天）")
    force_flag(export)
    export.set_defaults(func=cmd_export)
    letter = orgs_sub.add_parser("remind-letter", help="生成换届提醒函（.docx）")
    letter.add_argument("name", metavar="NAME", help="党组织全称或简称")
    letter.add_argument("out", metavar="OUT.docx")
    letter.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="发函日期（默认今天）")
    force_flag(letter)
    letter.set_defaults(func=cmd_letter)

    rem = sub.add_parser("reminders", help="列出换届、组织设置等提醒")
    rem.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="按该日期计算（默认今天）")
    rem.add_argument("--json", action="store_true", help="以 JSON 输出")
    rem.add_argument("--topic", action="append", metavar="事项",
                     choices=["换届", "组织设置", "班子", "组织生活", "评先评优", "发展党员", "数据安全"],
                     help="只列出该类事项（可重复）：换届、组织设置、班子、组织生活、评先评优、发展党员、数据安全")
    rem.set_defaults(func=cmd_reminders)
