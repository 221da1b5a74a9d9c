"""What every subcommand shares: the Chinese argument parser, paths, opening the store, JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths, resolve_data_dir

if TYPE_CHECKING:
    from djdesk.services.database import Store

EXIT_OK, EXIT_INPUT, EXIT_USAGE, EXIT_ENV, EXIT_BUG = 0, 1, 2, 3, 4

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


def subparsers(parser: argparse.ArgumentParser, dest: str) -> Any:
    return parser.add_subparsers(dest=dest, metavar="操作", required=True, parser_class=ChineseParser)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "label"):
        return value.label
    raise TypeError(type(value).__name__)


def print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def data_paths(args: argparse.Namespace) -> DataPaths:
    return resolve_data_dir(args.data_dir, args.portable)


PASSWORD_HOW = (
    "本机的党建工作台设置了启动密码，这条命令要先输入密码才能读写党员信息。请在终端（命令提示符）中直接运行它，"
    "按提示输入密码；在脚本中请在命令名之前加 --password-stdin，从标准输入读入一行密码，"
    "例如：djdesk --password-stdin members list < 密码文件")


def unlock(args: argparse.Namespace, paths: DataPaths, *, unless_unreadable: bool = False) -> None:
    """The start-up password, if the database has one, before anything is read, printed or written:
    from ``--password-stdin`` (one line), else asked on the terminal, else refused (AccessDenied,
    exit code 3). The lock-out is the window's (services.login.LoginGuard: five wrong tries, then
    30 seconds, shared through the data folder).

    A database that cannot be read raises ``sqlite3.Error``; with ``unless_unreadable`` (restoring
    a damaged database from a backup) nothing is asked then.
    """
    import sqlite3

    from djdesk.domain.errors import AccessDenied
    from djdesk.domain.password import Outcome
    from djdesk.services.login import LoginGuard, stored_record

    try:
        record = stored_record(paths)
    except sqlite3.Error:
        if unless_unreadable:
            return
        raise
    if record is None:
        return
    guard = LoginGuard(paths)
    waiting = guard.wait_left()
    if waiting:
        raise AccessDenied(Outcome(False, 0, waiting).message)
    if getattr(args, "password_stdin", False):
        line = sys.stdin.readline() if sys.stdin is not None else ""
        if not line:
            raise AccessDenied("没有从标准输入读到启动密码（--password-stdin），命令没有执行。")
        outcome = guard.attempt(record, line.rstrip("\r\n"))
        if not outcome.accepted:
            raise AccessDenied(f"启动密码不正确，命令没有执行。{outcome.message}")
        return
    if sys.stdin is None or not sys.stdin.isatty():
        raise AccessDenied(PASSWORD_HOW)
    import getpass

    while True:
        try:
            typed = getpass.getpass("请输入启动密码：")
        except (EOFError, KeyboardInterrupt):
            raise AccessDenied("没有输入启动密码，命令没有执行。") from None
        outcome = guard.attempt(record, typed)
        if outcome.accepted:
            return
        if outcome.wait:
            raise AccessDenied(outcome.message)
        print(outcome.message, file=sys.stderr)


@contextmanager
def opened_store(args: argparse.Namespace) -> Iterator[Store]:
    """The store, once the start-up password (if any) has been given: every command that reads or
    writes the records comes through here."""
    import sqlite3

    from djdesk.services.database import open_store

    paths = data_paths(args)
    try:
        unlock(args, paths)  # before anything is opened, migrated or printed
        asked = True
    except sqlite3.Error:
        asked = False  # the file cannot be read as it is: opening it says what is wrong
    store = open_store(paths)
    try:
        if not asked:
            unlock(args, paths)
        yield store
    finally:
        store.close()


def force_flag(parser: argparse.ArgumentParser) -> None:
    """``--force``: the command may replace an existing file (without it, it refuses; see :func:`output_path`)."""
    parser.add_argument("--force", action="store_true", help="覆盖已存在的同名文件（不加时拒绝覆盖）")


def output_path(args: argparse.Namespace, value: str | None = None, *, sources: tuple[Path, ...] = ()) -> Path:
    """The file a command writes (``args.out`` unless ``value``), checked before anything is done:
    never the file being read (``sources``), a database or anything in a data folder; an existing
    file only with ``--force`` (InputError, exit code 1, nothing written)."""
    from djdesk.services.targets import refuse_protected

    out = Path(args.out if value is None else value)
    refuse_protected(out, sources=sources, data_dirs=(data_paths(args).root,))
    if out.is_dir():
        refuse(f"“{out}”是一个文件夹。请写出要保存的文件名（含扩展名）。")
    if out.exists() and not getattr(args, "force", False):
        refuse(f"文件“{out}”已存在。要覆盖它请加 --force，或换一个文件名。")
    return out


def date_arg(text: str) -> dt.date:
    """``--on 2026-10-01`` (any form the domain date parser accepts)."""
    from djdesk.domain.dates import DateParseError, parse_date

    try:
        parsed = parse_date(text)
    except DateParseError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc
    if parsed is None or parsed.partial:
        raise argparse.ArgumentTypeError(f"请写完整的日期，如 2026-10-01（收到“{text}”）")
    return parsed.value


def today(args: argparse.Namespace) -> dt.date:
    on: dt.date | None = getattr(args, "on", None)
    return on or dt.date.today()


def refuse(message: str) -> NoReturn:
    raise InputError(message)
