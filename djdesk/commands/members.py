"""``djdesk members …``."""

from __future__ import annotations

import argparse
from typing import Any

from djdesk.commands.common import EXIT_OK, opened_store, print_json, subparsers


def cmd_list(args: argparse.Namespace) -> int:
    from djdesk.services.members import list_members

    with opened_store(args) as store:
        rows = list_members(store.sessions, branch=args.branch)
    if args.json:
        print_json(
            [
                {"id": r.id, "name": r.name, "gender": r.gender, "id_number": r.id_number,
                 "branch": r.branch, "category": r.category, "joined_on": r.joined_on,
                 "confirmed_on": r.confirmed_on}
                for r in rows
            ]
        )
    else:
        for r in rows:
            gender = r.gender.label if r.gender else ""
            print(f"{r.name}\t{gender}\t{r.branch}\t{r.category.label}\t{r.joined_on or ''}")
        print(f"共 {len(rows)} 名党员")
    return EXIT_OK


def register(sub: Any) -> None:
    members = sub.add_parser("members", help="党员")
    members_sub = subparsers(members, "members_command")
    members_list = members_sub.add_parser("list", help="列出党员")
    members_list.add_argument("--branch", metavar="NAME", help="只列出该组织（含下级组织）的党员")
    members_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    members_list.set_defaults(func=cmd_list)
