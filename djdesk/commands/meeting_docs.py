"""``djdesk meetings minutes|signin|notice|book``: the meeting documents (.docx).

:func:`register_into` adds the four commands to the ``meetings`` sub-command parser (called by
``djdesk/commands/meetings.py``). An unknown meeting or organisation, or a meeting without
minutes yet, is refused with a Chinese message (exit code 1: ``cli.main`` maps InputError).
"""

from __future__ import annotations

import argparse
from typing import Any

from djdesk.commands.common import EXIT_OK, date_arg, force_flag, opened_store, output_path, today


def _meeting_id(text: str) -> int:
    try:
        value = int(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"会议编号应为整数（收到“{text}”）") from exc
    if value <= 0:
        raise argparse.ArgumentTypeError(f"会议编号应为正整数（收到“{text}”）")
    return value


def cmd_minutes(args: argparse.Namespace) -> int:
    from djdesk.services.meeting_docs import render_minutes

    target = output_path(args)
    with opened_store(args) as store:
        out = render_minutes(store.paths, store.sessions, args.id, target, use_default=args.default_template)
    print(f"已生成会议记录：{out}")
    return EXIT_OK


def cmd_signin(args: argparse.Namespace) -> int:
    from djdesk.services.meeting_docs import render_signin

    target = output_path(args)
    with opened_store(args) as store:
        out = render_signin(store.paths, store.sessions, args.id, target, use_default=args.default_template)
    print(f"已生成签到表：{out}")
    return EXIT_OK


def cmd_notice(args: argparse.Namespace) -> int:
    from djdesk.services.meeting_docs import render_notice

    target = output_path(args)
    with opened_store(args) as store:
        out = render_notice(store.paths, store.sessions, args.id, target, on=today(args),
                            use_default=args.default_template)
    print(f"已生成会议通知：{out}")
    return EXIT_OK


def cmd_book(args: argparse.Namespace) -> int:
    from djdesk.services.meeting_docs import render_book

    target = output_path(args)
    with opened_store(args) as store:
        out = render_book(store.paths, store.sessions, args.branch, args.year, target,
                          use_default=args.default_template)
    print(f"已生成会议记录本：{out}")
    return EXIT_OK


def _default_flag(parser: Any) -> None:
    parser.add_argument("--default-template", action="store_true",
                        help="使用程序自带的默认模板（忽略数据文件夹中修改过的模板）")
    force_flag(parser)


def register_into(meetings_sub: Any) -> None:
    """Add ``minutes``, ``signin``, ``notice`` and ``book`` to the ``meetings`` sub-commands."""
    minutes = meetings_sub.add_parser("minutes", help="生成会议记录（.docx）")
    minutes.add_argument("id", type=_meeting_id, metavar="ID", help="会议编号")
    minutes.add_argument("out", metavar="OUT.docx")
    _default_flag(minutes)
    minutes.set_defaults(func=cmd_minutes)

    signin = meetings_sub.add_parser("signin", help="生成签到表（.docx，会前打印）")
    signin.add_argument("id", type=_meeting_id, metavar="ID", help="会议编号")
    signin.add_argument("out", metavar="OUT.docx")
    _default_flag(signin)
    signin.set_defaults(func=cmd_signin)

    notice = meetings_sub.add_parser("notice", help="生成会议通知（.docx）")
    notice.add_argument("id", type=_meeting_id, metavar="ID", help="会议编号")
    notice.add_argument("out", metavar="OUT.docx")
    notice.add_argument("--on", type=date_arg, metavar="YYYY-MM-DD", help="通知的成文日期（默认今天）")
    _default_flag(notice)
    notice.set_defaults(func=cmd_notice)

    book = meetings_sub.add_parser("book", help="生成某党组织全年的会议记录本（.docx）")
    book.add_argument("--year", type=int, required=True, metavar="Y", help="年度，如 2025")
    book.add_argument("--branch", required=True, metavar="NAME", help="党组织全称、简称或编号")
    book.add_argument("out", metavar="OUT.docx")
    _default_flag(book)
    book.set_defaults(func=cmd_book)


__all__ = ["register_into"]
