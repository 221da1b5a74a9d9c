"""The command line. No subcommand opens the GUI; subcommands run the same services headless.

Exit codes: 0 done; 1 input refused, nothing written; 2 usage error; 3 environment problem
(database locked, corrupt, newer schema, folder not writable).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from djdesk import APP_NAME, __version__
from djdesk.domain.errors import EnvironmentProblem, InputError
from djdesk.paths import DataPaths, resolve_data_dir

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV = 0, 1, 2, 3

_ARGPARSE_CN = {
    "the following arguments are required: ": "缺少必需的参数：",
    "unrecognized arguments: ": "无法识别的参数：",
    "invalid choice: ": "无效的选项：",
    "expected one argument": "需要一个参数值",
    "argument ": "参数 ",
    "(choose from ": "（可选：",
    "invalid int value: ": "不是有效的整数：",
}


class ChineseParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def format_help(self) -> str:
        text = super().format_help()
        for en, cn in (("usage: ", "用法："), ("positional arguments:", "参数："), ("options:", "选项：")):
            text = text.replace(en, cn)
        return text

    def format_usage(self) -> str:
        return super().format_usage().replace("usage: ", "用法：")

    def error(self, message: str) -> NoReturn:
        for en, cn in _ARGPARSE_CN.items():
            message = message.replace(en, cn)
        self.exit(EXIT_USAGE, f"参数有误：{message}\n使用 “{self.prog} -h” 查看用法。\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "label"):
        return value.label
    raise TypeError(type(value).__name__)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _paths(args: argparse.Namespace) -> DataPaths:
    return resolve_data_dir(args.data_dir, args.portable)


def _open(args: argparse.Namespace) -> Any:
    from djdesk.services.database import open_store

    return open_store(_paths(args))


def cmd_demo(args: argparse.Namespace) -> int:
    from djdesk.services.demo import fill_demo

    store = _open(args)
    try:
        summary = fill_demo(store.sessions, args.year)
    finally:
        store.close()
    print(
        f"已载入 {args.year} 年示例数据：党组织 {summary.organizations} 个，党员 {summary.members} 名，"
        f"会议 {summary.meetings} 次。数据位置：{store.paths.database}"
    )
    return EXIT_OK


def cmd_db(args: argparse.Namespace) -> int:
    from djdesk.services import database

    paths = _paths(args)
    if args.db_command == "path":
        print(paths.database)
    elif args.db_command == "check":
        print(database.check_database(paths))
    elif args.db_command == "backup":
        dest = database.backup_database(paths, Path(args.file))
        print(f"已备份到：{dest}")
    elif args.db_command == "restore":
        safety = database.restore_database(paths, Path(args.file))
        print(f"已从 {args.file} 恢复。恢复前的数据库已另存为：{safety}")
    return EXIT_OK


def cmd_orgs(args: argparse.Namespace) -> int:
    from djdesk.services.orgs import list_orgs

    store = _open(args)
    try:
        rows = list_orgs(store.sessions)
    finally:
        store.close()
    if args.json:
        _print_json(
            [
                {"id": r.id, "name": r.name, "short_name": r.short_name, "kind": r.kind.label,
                 "parent": r.parent, "members": r.members}
                for r in rows
            ]
        )
    else:
        for r in rows:
            print(f"{'  ' * r.depth}{r.name}（{r.kind.label}，党员 {r.members} 名）")
    return EXIT_OK


def cmd_members(args: argparse.Namespace) -> int:
    from djdesk.services.members import list_members

    store = _open(args)
    try:
        rows = list_members(store.sessions, branch=args.branch)
    finally:
        store.close()
    if args.json:
        _print_json(
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


def build_parser() -> ChineseParser:
    parser = ChineseParser(prog="djdesk", description=f"{APP_NAME}：机关党委党务工作的离线桌面工具。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}",
                        help="显示版本号")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（优先于其他设置）")
    parser.add_argument("--portable", action="store_true", help="绿色版模式：数据放在程序旁的 data 文件夹")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)

    demo = sub.add_parser("demo", help="向空数据库载入示例数据")
    demo.add_argument("--year", type=int, default=dt.date.today().year, help="示例数据的年度（默认今年）")
    demo.set_defaults(func=cmd_demo)

    db = sub.add_parser("db", help="数据库：位置、检查、备份、恢复")
    db_sub = db.add_subparsers(dest="db_command", metavar="操作", required=True, parser_class=ChineseParser)
    db_sub.add_parser("path", help="显示数据库文件位置")
    db_sub.add_parser("check", help="检查数据库是否完好")
    backup = db_sub.add_parser("backup", help="备份数据库到指定文件")
    backup.add_argument("file", metavar="FILE")
    restore = db_sub.add_parser("restore", help="从备份文件恢复（先自动备份当前数据库）")
    restore.add_argument("file", metavar="FILE")
    db.set_defaults(func=cmd_db)

    orgs = sub.add_parser("orgs", help="党组织")
    orgs_sub = orgs.add_subparsers(dest="orgs_command", metavar="操作", required=True, parser_class=ChineseParser)
    orgs_list = orgs_sub.add_parser("list", help="列出党组织")
    orgs_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    orgs.set_defaults(func=cmd_orgs)

    members = sub.add_parser("members", help="党员")
    members_sub = members.add_subparsers(dest="members_command", metavar="操作", required=True,
                                         parser_class=ChineseParser)
    members_list = members_sub.add_parser("list", help="列出党员")
    members_list.add_argument("--branch", metavar="NAME", help="只列出该组织（含下级组织）的党员")
    members_list.add_argument("--json", action="store_true", help="以 JSON 输出")
    members.set_defaults(func=cmd_members)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if func is None:
            from djdesk.app import run_gui

            return run_gui(_paths(args), smoke_test=args.smoke_test)
        return func(args)
    except InputError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_INPUT
    except EnvironmentProblem as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_ENV


if __name__ == "__main__":
    sys.exit(main())
