"""The zip's size rules one at a time (roster_import/reader.py ``_check_zip``; design.md, Reading spreadsheets).

Two rules refuse a workbook from its central directory: entries that declare more than 200 MB in all,
however they compress (the absolute limit), and more than 20 MB declared at more than 100 times the
file's size (the ratio rule). The zip bomb of test_roster_import_files.py trips both, so it cannot tell
whether either works. Here a real roster carries one extra entry (``xl/media/padding.bin``), sized so
that the whole declares exactly what a test wants:

* the absolute limit alone: 2.5 MiB of random bytes (which do not compress) then zeros, 200 MiB + 1 byte
  or exactly 200 MiB declared by a file of about 3.5 MB: a ratio near 60, under the ratio rule's 100;
* the ratio rule's floor alone: zeros only, 20 MiB + 1 byte or exactly 20 MiB, a ratio above 200.

calamine never reads the padding, so a roster the rules let through is read and planned like any other.

The limits are written here as the design states them, not imported: a test that read them from the
code would follow a changed limit and still pass.
"""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.roster_import import plan_import
from tests.services.test_roster_import_support import HEADER, TODAY, member_row, open_fresh, pid, snapshot, write_xlsx

LIMIT = 200 * 1024 * 1024  # "> 200 MB" is refused
RATIO = 100  # "a compression ratio > 100 with more than 20 MB" is refused
FLOOR = 20 * 1024 * 1024
RANDOM_BYTES = 5 * 512 * 1024
SIZE_REFUSAL = "解压后的大小异常"


def _padded_roster(path: Path, declared: int, *, random_bytes: int = RANDOM_BYTES) -> Path:
    """A one-member roster whose zip entries declare ``declared`` bytes in all, ``random_bytes`` of them random."""
    write_xlsx(path, {"名册": [HEADER, member_row("张三", pid(1980))]})
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        padding = declared - sum(info.file_size for info in archive.infolist())
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as entry:
            entry.write(random.Random(14).randbytes(random_bytes))
            left, block = padding - random_bytes, bytes(1 << 20)
            while left > 0:
                entry.write(block[:left])
                left -= len(block)
    with zipfile.ZipFile(path) as archive:
        assert sum(info.file_size for info in archive.infolist()) == declared
    return path


def _refused(paths: DataPaths, file: Path) -> str:
    store, _ids = open_fresh(paths)
    try:
        before = snapshot(store.sessions)
        with pytest.raises(InputError) as caught:
            plan_import(store.sessions, file, today=TODAY)
        assert snapshot(store.sessions) == before
    finally:
        store.close()
    assert SIZE_REFUSAL in caught.value.message and file.name in caught.value.message
    return caught.value.message


def _read(paths: DataPaths, file: Path) -> None:
    store, _ids = open_fresh(paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert [r.name for r in plan.rows] == ["张三"] and not plan.rows[0].errors


def test_declared_size_just_over_the_limit_is_refused_under_the_ratio_rule(
    data_paths: DataPaths, tmp_path: Path
) -> None:
    file = _padded_roster(tmp_path / "名册.xlsx", LIMIT + 1)
    assert LIMIT < RATIO * file.stat().st_size  # the ratio rule alone would let it through
    assert "约 200 MB" in _refused(data_paths, file)


def test_declared_size_at_the_limit_is_read(data_paths: DataPaths, tmp_path: Path) -> None:
    file = _padded_roster(tmp_path / "名册.xlsx", LIMIT)
    assert LIMIT < RATIO * file.stat().st_size
    _read(data_paths, file)


def test_high_ratio_just_over_the_floor_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = _padded_roster(tmp_path / "名册.xlsx", FLOOR + 1, random_bytes=0)
    assert FLOOR > 2 * RATIO * file.stat().st_size  # twice the ratio the rule allows
    assert "约 20 MB" in _refused(data_paths, file)


def test_high_ratio_at_the_floor_is_read(data_paths: DataPaths, tmp_path: Path) -> None:
    file = _padded_roster(tmp_path / "名册.xlsx", FLOOR, random_bytes=0)
    assert FLOOR > 2 * RATIO * file.stat().st_size
    _read(data_paths, file)
