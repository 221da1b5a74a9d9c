"""Where an exported table or document may be written (issue 12, point 6). No Qt.

Files the clerk owns are never overwritten by surprise: a writer refuses a target that is

* the file being read (the roster an import reads, given again as its error report);
* a database file of djdesk (``paths.DB_FILENAME`` and its ``-wal``/``-shm``/``-journal``), wherever it is;
* anything inside a data folder: the folder ``data_dirs`` names, or any folder holding a djdesk
  database or the window's lock file (the live one, another one, its backups, logs and templates).

:func:`refuse_protected` is called by :func:`djdesk.services.template_files.write_atomically`, which
every exported file goes through (the Excel tables, the Word documents, the import template, the
error report, the PDF). Whether an *existing* file may be replaced is the caller's question: the
window's save dialog asks it (Qt's default), the command line wants ``--force``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from djdesk.domain.errors import InputError
from djdesk.paths import DB_FILENAME, DataPaths

_DATABASE_NAMES = frozenset(n.casefold() for n in (
    DB_FILENAME, f"{DB_FILENAME}-wal", f"{DB_FILENAME}-shm", f"{DB_FILENAME}-journal"))


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except OSError:
        return path.expanduser().absolute()


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)  # links, and letter case on Windows
    except OSError:
        pass
    return os.path.normcase(_resolved(a)) == os.path.normcase(_resolved(b))


def _is_data_folder(folder: Path, named: list[Path]) -> bool:
    if any(_same(folder, d) for d in named):
        return True
    paths = DataPaths(folder)
    return paths.database.exists() or paths.lock_file.exists()


def refuse_protected(out: Path, *, sources: Iterable[Path] = (), data_dirs: Iterable[Path] = ()) -> None:
    """Raise :class:`InputError` (nothing written) when ``out`` must not be written: see the module."""
    for source in sources:
        if _same(out, Path(source)):
            raise InputError(f"“{out.name}”是正在读取的文件本身，不能把结果保存到它上面。请换一个文件名。")
    if out.name.casefold() in _DATABASE_NAMES:
        raise InputError(
            f"“{out.name}”是党建工作台的数据库文件，不能把导出的内容保存到它上面（那样会毁掉全部记录）。请换一个文件名。")
    named = [Path(d) for d in data_dirs]
    for folder in _resolved(out).parents:
        if _is_data_folder(folder, named):
            raise InputError(
                f"“{out}”在党建工作台的数据文件夹“{folder}”中，那里的文件（数据库、备份、日志、模板）由程序管理，"
                "不能把导出的文件保存在那里。请换一个文件夹，如“文档”或桌面。")


__all__ = ["refuse_protected"]
