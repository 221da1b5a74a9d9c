"""``djdesk demo`` and ``djdesk db path|check|backup|restore``."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from djdesk.commands.common import EXIT_OK, data_paths, force_flag, opened_store, refuse, subparsers, unlock


def cmd_demo(args: argparse.Namespace) -> int:
    from djdesk.services.demo import fill_demo

    if args.remove:
        return _remove_demo(args)
    with opened_store(args) as store:
        summary = fill_demo(store.sessions, args.year)
    print(
        f"已载入 {args.year} 年示例数据：党组织 {summary.organizations} 个，党员 {summary.members} 名，"
        f"会议 {summary.meetings} 次。数据位置：{store.paths.database}"
    )
    return EXIT_OK


def _remove_demo(args: argparse.Namespace) -> int:
    from djdesk.services.demo_removal import remove_demo

    with opened_store(args) as store:
        backup = remove_demo(store.paths, store.sessions)
    print(f"已清除示例数据，数据库已恢复为空。清除前的数据库已备份为：{backup}")
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from djdesk.services import database

    paths = data_paths(args)
    if args.db_command == "path":
        print(paths.database)
    elif args.db_command == "check":
        print(database.check_database(paths))
    elif args.db_command == "backup":
        database.refuse_backup_onto_database(paths, Path(args.file))  # refused, --force or not
        if Path(args.file).is_file() and not args.force:  # an older backup is not replaced by surprise
            refuse(f"文件“{args.file}”已存在。要覆盖它请加 --force，或换一个文件名。")
        unlock(args, paths)  # the copy holds every record: the start-up password first
        dest = database.backup_database(paths, Path(args.file))
        print(f"已备份到：{dest}")
    elif args.db_command == "restore":
        unlock(args, paths, unless_unreadable=True)  # a damaged database can always be restored
        safety = database.restore_database(paths, Path(args.file))
        print(f"已从 {args.file} 恢复。恢复前的数据库已另存为：{safety}")
    return EXIT_OK


def register(sub: Any) -> None:
    demo = sub.add_parser("demo", help="向空数据库载入示例数据，或清除示例数据")
    demo.add_argument("--year", type=int, default=dt.date.today().year, help="示例数据的年度（默认今年）")
    demo.add_argument("--remove", action="store_true",
                      help="清除示例数据（先备份到 backups/）；数据库中有示例数据以外的内容时拒绝")
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="数据库：位置、检查、备份、恢复")
    db_sub = subparsers(db, "db_command")
    db_sub.add_parser("path", help="显示数据库文件位置")
    db_sub.add_parser("check", help="检查数据库是否完好")
    backup = db_sub.add_parser("backup", help="备份数据库到指定文件")
    backup.add_argument("file", metavar="FILE")
    force_flag(backup)
    restore = db_sub.add_parser("restore", help="从备份文件恢复（先自动备份当前数据库）")
    restore.add_argument("file", metavar="FILE")
    db.set_defaults(func=cmd_db)
