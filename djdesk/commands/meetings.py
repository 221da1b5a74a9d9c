"""``djdesk meetings …``: 三会一课 and the other organisational life.

Other command modules add their own ``meetings`` subcommands without editing this file: after the
``meetings`` subparsers exist, :func:`register` calls ``register_into(meetings_sub)`` of each module in
:data:`EXTENSIONS` that is present.
"""

from __future__ import annotations

import argparse
import importlib
from typing import Any, Final

from djdesk.commands.common import EXIT_OK, opened_store, print_json, subparsers
from djdesk.domain.enums import MeetingKind

EXTENSIONS: Final = ("djdesk.commands.meeting_docs", "djdesk.commands.compliance")
"""Modules that may add ``meetings`` subcommands through ``register_into(meetings_sub)``."""


def kind_arg(text: str) -> MeetingKind:
    """``--kind 支部党员大会`` or ``--kind GENERAL_ASSEMBLY``."""
    key = text.strip()
    for kind in MeetingKind:
        if key in (kind.label, kind.name):
            return kind
    raise argparse.ArgumentTypeError(f"“{key}”不是会议类型，可选：{'、'.join(MeetingKind.labels())}")


def cmd_list(args: argparse.Namespace) -> int:
    from djdesk.services.meeting_list import list_meetings
    from djdesk.services.members import find_org
    from djdesk.services.orgs import list_orgs

    with opened_store(args) as store:
        org_id = find_org(list_orgs(store.sessions, include_dissolved=True), args.branch).id if args.branch else None
        rows = list_meetings(store.sessions, year=args.year, org_id=org_id, kind=args.kind,
                             include_deleted=args.deleted)
    if args.json:
        print_json([
            {"id": r.id, "kind": r.kind.label, "title": r.title, "organisation": r.organisation,
             "organisation_full": r.organisation_full, "org_id": r.org_id, "date": r.held_on,
             "start_time": r.start_time.strftime("%H:%M") if r.start_time else None,
             "end_time": r.end_time.strftime("%H:%M") if r.end_time else None, "place": r.place,
             "expected": r.expected, "present": r.present, "held": r.held, "deleted": r.deleted}
            for r in rows
        ])
        return EXIT_OK
    for r in rows:
        flags = ("（计划）" if not r.held else "") + ("（回收站）" if r.deleted else "")
        print(f"{r.held_on.isoformat()}  {r.organisation}  {r.kind.label}  {r.title}{flags}  "
              f"应到 {r.expected} 人，实到 {r.present} 人  [编号 {r.id}]")
    print(f"共 {len(rows)} 次会议" if rows else "没有符合条件的会议。")
    return EXIT_OK


def _extend(meetings_sub: Any) -> None:
    for name in EXTENSIONS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:  # the module exists but one of its own imports is missing: a real error
                raise
            continue
        module.register_into(meetings_sub)


def register(sub: Any) -> None:
    meetings = sub.add_parser("meetings", help="会议（三会一课等组织生活）")
    meetings_sub = subparsers(meetings, "meetings_command")
    listing = meetings_sub.add_parser("list", help="列出会议（最新的在前）")
    listing.add_argument("--year", type=int, metavar="YYYY", help="只列该年度的会议")
    listing.add_argument("--branch", metavar="NAME", help="党组织全称或简称（含其下级组织和党小组）")
    listing.add_argument("--kind", type=kind_arg, metavar="KIND",
                         help=f"会议类型：{'、'.join(MeetingKind.labels())}（或英文名，如 GENERAL_ASSEMBLY）")
    listing.add_argument("--deleted", action="store_true", help="包括回收站中的会议")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(func=cmd_list)
    _extend(meetings_sub)
