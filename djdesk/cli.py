"""The command line. No subcommand opens the GUI; subcommands run the same services headless.

Exit codes: 0 done; 1 input refused, nothing written; 2 usage error; 3 environment problem
(database locked, corrupt, newer schema, folder not writable); 4 an unexpected error (a bug): one
Chinese sentence on the terminal, the traceback in the log. Nothing a database error carries (the
SQL, the names and numbers being written) is ever printed (services/problems.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence

from djdesk import APP_NAME, __version__
from djdesk.commands import assessments, db, meetings, members, orgs, settings
from djdesk.commands.common import (
    EXIT_BUG,
    EXIT_ENV,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_USAGE,
    ChineseParser,
    data_paths,
)
from djdesk.domain.errors import EnvironmentProblem

__all__ = ["EXIT_BUG", "EXIT_ENV", "EXIT_INPUT", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]


def build_parser() -> ChineseParser:
    parser = ChineseParser(prog="djdesk", description=f"{APP_NAME}：机关党委党务工作的离线桌面工具。")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}", help="显示版本号")
    parser.add_argument("--data-dir", metavar="DIR", help="数据文件夹（优先于其他设置）")
    parser.add_argument("--portable", action="store_true", help="绿色版模式：数据放在程序旁的 data 文件夹")
    parser.add_argument("--password-stdin", action="store_true",
                        help="从标准输入读入一行启动密码（设置了启动密码时，读写党员信息的命令需要密码）")
    parser.add_argument("--smoke-test", action="store_true", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=ChineseParser)
    for module in (db, orgs, members, meetings, assessments, settings):
        module.register(sub)
    return parser


def _chinese_safe_output() -> None:
    """A console or pipe that cannot show Chinese (an English-locale Windows) gets UTF-8 instead of a crash."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue
        try:
            "党建".encode(stream.encoding or "ascii")
        except (LookupError, UnicodeEncodeError):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _chinese_safe_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] | None = getattr(args, "func", None)
    try:
        if func is None:
            from djdesk.app import run_gui

            return run_gui(data_paths(args), smoke_test=args.smoke_test)
        return func(args)
    except BrokenPipeError:
        # The reader went away (``djdesk members list | head``): stop quietly, as other command-line
        # tools do. Python flushes stdout again at exit, so point it at nothing first.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:
        return _failed(exc, args)


def _failed(exc: Exception, args: argparse.Namespace) -> int:
    """Say what went wrong in one Chinese sentence; an unexpected error's traceback goes to the log."""
    from djdesk.services.problems import Unexpected, as_problem, log_unexpected

    problem = as_problem(exc)
    print(problem.message, file=sys.stderr)
    if isinstance(problem, Unexpected):
        try:
            from djdesk.services.logs import setup_logging

            setup_logging(data_paths(args).logs)
            log_unexpected(exc, f"命令 {args.command} 未完成")
        except Exception:  # no log (the folder cannot be written): the sentence has been printed
            pass
        return EXIT_BUG
    return EXIT_ENV if isinstance(problem, EnvironmentProblem) else EXIT_INPUT


if __name__ == "__main__":
    sys.exit(main())
