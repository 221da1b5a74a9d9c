"""Where an exported file may be written (issue 12, point 6): never the file being read, a database
or anything inside a data folder, whichever writer is asked (services/targets.py, called by
template_files.write_atomically)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from pathlib import Path

import pytest

from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.database import Store
from djdesk.services.targets import refuse_protected

BYTES = b"keep me\n"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_ordinary_file_may_be_written(tmp_path: Path) -> None:
    refuse_protected(tmp_path / "花名册.xlsx")
    refuse_protected(tmp_path / "新文件夹" / "花名册.xlsx")  # not there yet
    (tmp_path / "data").mkdir()
    DataPaths(tmp_path / "data").database.write_bytes(b"")
    refuse_protected(tmp_path / "花名册.xlsx")  # beside a data folder is fine


def test_the_source_is_refused_however_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "名册.xlsx"
    source.write_bytes(BYTES)
    link = tmp_path / "链接.xlsx"
    os.symlink(source, link)
    monkeypatch.chdir(tmp_path)
    for spelled in (source, tmp_path / "sub" / ".." / "名册.xlsx", Path("名册.xlsx"), link):
        with pytest.raises(InputError, match="正在读取的文件本身"):
            refuse_protected(spelled, sources=[source])
    refuse_protected(tmp_path / "报告.xlsx", sources=[source])


@pytest.mark.parametrize("name", ["djdesk.sqlite3", "DJDESK.SQLITE3", "djdesk.sqlite3-wal", "djdesk.sqlite3-shm",
                                  "djdesk.sqlite3-journal"])
def test_a_database_file_is_refused_anywhere(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match="数据库文件"):
        refuse_protected(tmp_path / "U盘" / name)


@pytest.mark.parametrize("marker", ["database", "lock_file"])
def test_anything_in_a_data_folder_is_refused(tmp_path: Path, marker: str) -> None:
    paths = DataPaths(tmp_path / "数据")
    paths.ensure()
    getattr(paths, marker).write_bytes(b"")
    for inside in (paths.root / "花名册.xlsx", paths.backups / "x.xlsx", paths.forms / "会议记录.docx",
                   paths.logs / "深" / "层" / "x.docx"):
        with pytest.raises(InputError, match="数据文件夹") as caught:
            refuse_protected(inside)
        assert str(paths.root) in caught.value.message


def test_the_named_data_folder_is_refused_before_it_has_a_database(tmp_path: Path) -> None:
    root = tmp_path / "新的数据文件夹"
    with pytest.raises(InputError, match="数据文件夹"):
        refuse_protected(root / "花名册.xlsx", data_dirs=[root])
    refuse_protected(tmp_path / "花名册.xlsx", data_dirs=[root])


# --- every writer asks it ----------------------------------------------------------------------


def test_the_organisation_export_refuses_the_database(opened: Store) -> None:
    from djdesk.services.org_export import export_org_tables

    db = opened.paths.database
    opened.engine.dispose()
    before = sha(db)
    with pytest.raises(InputError, match="数据库文件"):
        export_org_tables(opened.sessions, db, on=dt.date(2026, 11, 26))
    opened.engine.dispose()
    assert sha(db) == before


def test_word_documents_and_the_template_refuse_the_data_folder(opened: Store, tmp_path: Path) -> None:
    from djdesk.services import demo
    from djdesk.services.org_letter import remind_letter
    from djdesk.services.roster_template import write_template

    inside = opened.paths.root / "换届提醒函.docx"
    with pytest.raises(InputError, match="数据文件夹"):
        remind_letter(opened.paths, opened.sessions, demo.DUE_SOON_BRANCH, inside, on=dt.date(2026, 11, 26))
    with pytest.raises(InputError, match="数据文件夹"):
        write_template(opened.paths.backups / "模板.xlsx")
    assert not inside.exists() and not (opened.paths.backups / "模板.xlsx").exists()
    # Outside it, both are written.
    remind_letter(opened.paths, opened.sessions, demo.DUE_SOON_BRANCH, tmp_path / "函.docx", on=dt.date(2026, 11, 26))
    write_template(tmp_path / "模板.xlsx")
    assert (tmp_path / "函.docx").stat().st_size > 0 and (tmp_path / "模板.xlsx").stat().st_size > 0


def test_the_error_report_refuses_its_roster(store: Store, tmp_path: Path) -> None:
    from djdesk.services.roster_import import plan_import, save_error_report
    from tests.services.test_roster_import_support import HEADER, member_row, write_xlsx

    roster = write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, member_row("王五", "110105198005060118")]})
    before = sha(roster)
    plan = plan_import(store.sessions, roster)
    with pytest.raises(InputError, match="正在读取的文件本身"):
        save_error_report(plan, roster)
    assert sha(roster) == before
    assert save_error_report(plan, tmp_path / "报告.xlsx").stat().st_size > 0


def test_a_failed_write_leaves_the_old_file_byte_identical(tmp_path: Path) -> None:
    from djdesk.services.template_files import not_writable, write_atomically

    target = tmp_path / "已有.docx"
    target.write_bytes(BYTES)

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("中途失败")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_fail, suffix=".tmp", cannot_create=not_writable,
                         locked=lambda out: not_writable(out.parent, PermissionError()))
    assert target.read_bytes() == BYTES
    assert [p.name for p in tmp_path.iterdir()] == ["已有.docx"]
