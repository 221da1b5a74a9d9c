"""Database files on disk: their ``file:`` URIs, their side files, and copies staged as ``.part``.

URIs: SQLite reads ``#`` and ``?`` in a ``file:`` URI as the start of a fragment or of parameters and
decodes ``%41`` to ``A``, so ``f"file:{path}"`` of a folder named ``数据 #1`` opens another file (design.md,
known traps). :func:`file_uri` percent-encodes the path as :meth:`pathlib.Path.as_uri` does.

Staged copies: every copy djdesk writes (a backup, the safety copy before a restore, a new database)
is written to ``<target>.part`` and renamed only when it is complete and checked, so that a copy cut
short (the program killed, the power gone) is never taken for a good one. While a copy is being
written its writer holds the ``.part`` open (and, where the system has it, an advisory ``flock``);
:func:`remove_leftovers` deletes only the ``.part`` files nobody holds: those of a writer that died.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

try:
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted there, which is the guard
    fcntl = None  # type: ignore[assignment]

PART = ".part"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
# What djdesk stages: database copies. Nothing else ending in .part is ever touched.
STAGED_GLOB = "*.sqlite3" + PART


def file_uri(path: Path, **params: str) -> str:
    """``file:`` URI of ``path`` (made absolute) with its query ``params`` (``mode="ro"``…)."""
    uri = Path(os.path.abspath(path)).as_uri()
    return f"{uri}?{urlencode(params)}" if params else uri


def side_files(db: Path) -> list[Path]:
    """The files SQLite keeps beside ``db``: ``-wal``, ``-shm`` and ``-journal``."""
    return [db.with_name(db.name + suffix) for suffix in SIDE_SUFFIXES]


def same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file: the same resolved path, or (both existing) the same
    file through a link (:func:`os.path.samefile`)."""
    if Path(os.path.abspath(a)).resolve() == Path(os.path.abspath(b)).resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def is_database_or_side_file(candidate: Path, db: Path) -> bool:
    """Whether ``candidate`` is ``db`` itself or one of its side files (never to be overwritten by a copy)."""
    return any(same_file(candidate, f) for f in (db, *side_files(db)))


def part_of(target: Path) -> Path:
    return target.with_name(target.name + PART)


class Staged:
    """``<target>.part``, held as in use while it is written (see :func:`staged`)."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.path = part_of(target)
        self._guard: IO[bytes] | None = None

    def publish(self) -> None:
        """Rename the complete, checked copy onto its target (atomic on one file system)."""
        wal = self.path.with_name(self.path.name + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise OSError(f"unfinished write-ahead log beside {self.path.name}")
        with open(self.path, "rb+") as handle:
            os.fsync(handle.fileno())
        self._release()  # Windows renames no file that is open
        os.replace(self.path, self.target)
        _sync_folder(self.target.parent)

    def _release(self) -> None:
        if self._guard is not None:
            self._guard.close()
            self._guard = None


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Staged]:
    """A :class:`Staged` copy of ``target``: the caller writes ``.path`` and calls ``.publish()``
    once it is complete and checked. Whatever is left of it when the block ends (a failure, a copy
    not published) is deleted, side files included."""
    copy = Staged(target)
    if _in_use(copy.path):  # another djdesk is writing this very copy right now
        raise BlockingIOError(f"{copy.path.name} is being written by another process")
    discard(copy.path)
    copy._guard = _hold(copy.path)
    try:
        yield copy
    finally:
        copy._release()
        discard(copy.path)


def _sync_folder(folder: Path) -> None:
    """Make a rename durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # some file systems (FAT on a USB stick) refuse it: the rename stands
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def discard(part: Path) -> None:
    for path in (part, *side_files(part)):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def remove_leftovers(folder: Path) -> list[Path]:
    """Delete the staged copies (``*.sqlite3.part`` and their side files) in ``folder`` that no running
    writer holds: what a copy killed half-way left behind. Returns what was deleted."""
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    for part in sorted(folder.glob(STAGED_GLOB)):
        if _in_use(part):
            continue
        discard(part)
        removed.append(part)
    for side in sorted(folder.glob(STAGED_GLOB + "-*")):  # side files whose .part is gone already
        base = side.with_name(side.name.rsplit("-", 1)[0])
        if side.name.endswith(SIDE_SUFFIXES) and not base.exists():
            with contextlib.suppress(FileNotFoundError):
                side.unlink()
                removed.append(side)
    return removed


def _hold(part: Path) -> IO[bytes]:
    handle = open(part, "ab")  # held for the whole copy, closed by staged()
    if fcntl is not None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    return handle


def _in_use(part: Path) -> bool:
    if fcntl is None:
        # Windows: a file open in another process cannot be deleted; the attempt itself is the test.
        try:
            part.unlink()
        except PermissionError:
            return True
        except FileNotFoundError:
            pass
        return False
    try:
        handle = open(part, "rb")
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        handle.close()  # closing also drops the flock
    return False
