"""Copies staged as ``.part`` (djdesk.store.files): published only when complete, never taken from a
writer that is still at work, removed when their writer died."""

from __future__ import annotations

from pathlib import Path

import pytest

from djdesk.store.files import file_uri, remove_leftovers, staged


def test_file_uri_percent_encodes_what_sqlite_would_misread(tmp_path: Path) -> None:
    uri = file_uri(tmp_path / "数据 #1 %41 ?x" / "a'b&[c].sqlite3", mode="ro")
    path_part, query = uri.split("?", 1)
    assert query == "mode=ro"
    for raw in ("#", " ", "%41", "'", "&", "[", "?"):
        assert raw not in path_part.removeprefix("file://"), raw
    assert "%2541" in path_part and "%23" in path_part and "%3F" in path_part


def test_a_copy_is_published_only_when_asked(tmp_path: Path) -> None:
    target = tmp_path / "备份.sqlite3"
    with staged(target) as part:
        part.path.write_bytes(b"complete")
        part.publish()
    assert target.read_bytes() == b"complete"
    with staged(tmp_path / "另一份.sqlite3") as part:
        part.path.write_bytes(b"half")  # a failure before publish
    assert sorted(p.name for p in tmp_path.iterdir()) == ["备份.sqlite3"]


def test_a_copy_another_writer_holds_is_neither_removed_nor_taken_over(tmp_path: Path) -> None:
    target = tmp_path / "daily-20261126.sqlite3"
    with staged(target) as first:
        first.path.write_bytes(b"being written")
        assert remove_leftovers(tmp_path) == []
        with pytest.raises(OSError), staged(target):
            pass
        assert first.path.read_bytes() == b"being written"
    left = tmp_path / "daily-20261125.sqlite3.part"
    left.write_bytes(b"its writer died")
    assert remove_leftovers(tmp_path) == [left]
