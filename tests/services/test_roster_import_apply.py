"""Writing an import (issue points 10, 11, 14): one transaction, 操作日志, error report, template."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from djdesk.domain.enums import AuditAction, Gender, MemberCategory
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.roster_import import apply_import, plan_import, save_error_report
from djdesk.services.roster_template import write_template
from djdesk.store.models import AuditEntry, Member
from tests.services.test_roster_import_support import (
    HEADER,
    TODAY,
    member_row,
    members_by_name,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)


def roster(tmp_path: Path, count: int, *, bad: int = 0) -> Path:
    births = [dt.date(1960, 1, 1) + dt.timedelta(days=i) for i in range(count)]
    rows = [member_row(f"党员{i}", pid(b.year, b.month, b.day)) for i, b in enumerate(births)]
    for i in range(bad):
        rows[i][2] = "123"
    return write_xlsx(tmp_path / "名册.xlsx", {"Sheet1": [HEADER, *rows]})


def test_apply_writes_members_with_search_keys_and_audit(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"Sheet1": [HEADER, member_row("张　三", pid(1980)),
                                                       member_row("单田芳", pid(1981, seq=13), category="")]})
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        result = apply_import(store.sessions, plan)
        members = members_by_name(store.sessions)
        with store.sessions() as session:
            entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
            zs = session.scalars(select(Member).where(Member.name == "张三")).one()
    finally:
        store.close()
    assert result.created == 2 and len(result.member_ids) == 2
    assert members["张三"]["name_initials"] == "zs" and members["单田芳"]["name_pinyin"] == "shantianfang"
    assert zs.gender is Gender.MALE and zs.birth_date == dt.date(1980, 1, 1)  # R-ID-2: from the ID
    assert zs.category is MemberCategory.FULL and zs.organization_id == ids["办公室支部"]
    imported = [e for e in entries if e.summary.startswith("导入")]
    assert [e.action for e in imported] == [AuditAction.CREATE] * 3
    assert imported[0].summary == "导入新增党员：张三" and imported[-1].entity == "党员导入"
    assert all(pid(1980) not in e.summary for e in entries)  # never an ID number in the log


def test_update_audit_never_shows_phone_or_id(demo_paths: DataPaths, tmp_path: Path) -> None:
    from djdesk.services.database import open_store

    store = open_store(demo_paths)
    try:
        with store.sessions() as session:
            member = session.scalars(select(Member).order_by(Member.id).limit(1)).one()
        file = write_xlsx(tmp_path / "a.xlsx", {"S": [["姓名", "公民身份号码", "联系电话", "备注"],
                                                      [member.name, member.id_number, "13700000000", "新备注"]]})
        apply_import(store.sessions, plan_import(store.sessions, file, today=dt.date(2026, 11, 26)))
        with store.sessions() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == AuditAction.UPDATE)
                                    .order_by(AuditEntry.id.desc()).limit(1)).one()
    finally:
        store.close()
    assert entry.summary.startswith(f"导入修改党员：{member.name}") and "联系电话：已修改" in entry.summary
    assert "13700000000" not in entry.summary and "备注：" in entry.summary


def test_any_row_error_refuses_the_whole_import(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 12 without --skip-invalid: nothing is written."""
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, roster(tmp_path, 5, bad=1), today=TODAY)
        before = snapshot(store.sessions)
        with pytest.raises(InputError, match="未导入任何数据"):
            apply_import(store.sessions, plan)
        assert snapshot(store.sessions) == before
        result = apply_import(store.sessions, plan, skip_invalid=True)
        assert (result.created, result.skipped_invalid) == (4, 1)
        assert len(members_by_name(store.sessions)) == 4
    finally:
        store.close()


def test_cancel_from_progress_rolls_back(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 11: the clerk cancels half-way: the database is exactly as before."""
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, roster(tmp_path, 2500), today=TODAY)
        before = snapshot(store.sessions)
        seen: list[tuple[int, int]] = []

        def progress(done: int, total: int) -> bool:
            seen.append((done, total))
            return done < 2000

        result = apply_import(store.sessions, plan, progress=progress)
        assert result.cancelled and result.created == 0
        assert seen[0] == (0, 2500) and seen[-1][0] >= 2000
        assert snapshot(store.sessions) == before
    finally:
        store.close()


def test_failure_half_way_rolls_back(data_paths: DataPaths, tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, roster(tmp_path, 2500), today=TODAY)
        before = snapshot(store.sessions)

        def progress(done: int, _total: int) -> bool:
            if done >= 2000:
                raise OSError("磁盘已满")
            return True

        with pytest.raises(OSError):
            apply_import(store.sessions, plan, progress=progress)
        assert snapshot(store.sessions) == before
    finally:
        store.close()


KILL_SCRIPT = """
import os, sys, datetime as dt
from pathlib import Path
from djdesk.paths import DataPaths
from djdesk.services.database import open_store
from djdesk.services.roster_import import apply_import, plan_import
store = open_store(DataPaths(Path(sys.argv[1])))
plan = plan_import(store.sessions, Path(sys.argv[2]), today=dt.date(2026, 6, 1))
def progress(done, total):
    if done >= 2000:
        os._exit(9)  # the process dies in the middle of the transaction
    return True
apply_import(store.sessions, plan, progress=progress)
"""


def test_process_killed_half_way_leaves_database_as_before(data_paths: DataPaths, tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    before = snapshot(store.sessions)
    store.close()
    file = roster(tmp_path, 2500)
    done = subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(data_paths.root), str(file)],
                          capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    assert done.returncode == 9, done.stderr
    from djdesk.services.database import open_store

    reopened = open_store(data_paths)
    try:
        assert snapshot(reopened.sessions) == before
    finally:
        reopened.close()


def test_plan_older_than_the_database_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, roster(tmp_path, 3), today=TODAY)
        apply_import(store.sessions, plan)
        before = snapshot(store.sessions)
        with pytest.raises(InputError, match="重新预览"):
            apply_import(store.sessions, plan)  # the same plan twice
        assert snapshot(store.sessions) == before
    finally:
        store.close()


def test_error_report_has_original_rows_and_a_problem_column(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 10: the report's rows match the errors, and it can be imported again once corrected."""
    file = write_xlsx(tmp_path / "a.xlsx", {"办公室支部": [["党员名册"], HEADER, member_row("张三", pid(1980)),
                                                         member_row("李四", "123"), member_row("", pid(1981))]})
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        out = save_error_report(plan, tmp_path / "错误报告.xlsx")
        book = openpyxl.load_workbook(out, read_only=True)
        rows = [list(r) for r in book["办公室支部"].iter_rows(values_only=True)]
        book.close()
        header_index = next(i for i, r in enumerate(rows) if r and "问题" in r)
        header = rows[header_index]
        body = [r for r in rows[header_index + 1:] if r[0] is not None and isinstance(r[0], int | float)]
        problem = header.index("问题")
        assert header[1:8] == HEADER
        assert [int(r[0]) for r in body] == [4, 5]
        assert "公民身份号码" in body[0][problem] and "姓名" in body[1][problem]
        assert body[0][3] == "123"
    finally:
        store.close()


def test_template_has_standard_columns_lists_and_text_id_and_imports(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 14: the template's 16 standard items; filled with a few rows it imports."""
    out = write_template(tmp_path / "模板.xlsx")
    book = openpyxl.load_workbook(out)
    sheet = book["党员名册"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["姓名", "性别", "民族", "公民身份号码"] and len(header) == 18
    assert "填写说明" in book.sheetnames
    id_letter = openpyxl.utils.get_column_letter(header.index("公民身份号码") + 1)
    assert sheet.column_dimensions[id_letter].number_format == "@"  # R-ID-4: typed IDs stay text
    lists = {str(v.sqref).split(":")[0].rstrip("0123456789"): v.formula1 for v in sheet.data_validations.dataValidation}
    assert '"男,女"' in lists.values() and any("研究生" in f for f in lists.values())
    rows = [["张三", "男", "汉族", pid(1980), None, "大学本科", "正式党员", "办公室支部", dt.date(2010, 7, 1),
             dt.date(2011, 7, 1), "科员", "13900000000", "示例市", "正常", "否", None, "否", None],
            ["李四", "女", "汉族", pid(1985, seq=12), None, "研究生", "预备党员", "财务处支部", dt.date(2026, 1, 5),
             None, "科员", "13900000001", "示例市", "正常", "否", None, "否", None]]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(row=r, column=c, value=value)
    book.save(out)
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, out, today=TODAY)
        assert plan.skipped_sheets == ["填写说明"] and plan.invalid == 0 and plan.created == 2
        apply_import(store.sessions, plan)
        members = members_by_name(store.sessions)
    finally:
        store.close()
    assert members["李四"]["category"] == "PROBATIONARY" and members["李四"]["organization_id"] == ids["财务处支部"]
