"""Reading roster files (issue points 4, 5, 13): formats, messy layouts, whole-file refusals.

Every refused file leaves the database unchanged (all member and organisation rows and the
number of 操作日志 entries compared before and after).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services.roster_import import inspect_file, plan_import
from tests.services.test_roster_import_support import (
    FIXTURES,
    HEADER,
    TODAY,
    member_row,
    open_fresh,
    pid,
    snapshot,
    write_xlsx,
)

HAN = re.compile(r"[\u4e00-\u9fff]")


def refused(paths: DataPaths, file: Path, *fragments: str) -> str:
    store, _ids = open_fresh(paths)
    try:
        before = snapshot(store.sessions)
        with pytest.raises(InputError) as caught:
            plan_import(store.sessions, file, today=TODAY)
        assert snapshot(store.sessions) == before
    finally:
        store.close()
    message = caught.value.message
    assert HAN.search(message) and "\n" not in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)
    return message


def test_text_file_renamed_xlsx_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = tmp_path / "名册.xlsx"
    file.write_text("姓名,身份证号\n张三,110105198005060117\n", encoding="utf-8")
    refused(data_paths, file, "名册.xlsx", "不是电子表格")


def test_truncated_xlsx_is_refused_as_damaged(data_paths: DataPaths, tmp_path: Path) -> None:
    good = write_xlsx(tmp_path / "good.xlsx", {"S": [HEADER, member_row("张三", pid(1980))]})
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    refused(data_paths, bad, "损坏")


def test_encrypted_xlsx_ole_file_is_refused_as_password_protected(data_paths: DataPaths, tmp_path: Path) -> None:
    """A password-protected .xlsx is an OLE compound file holding an EncryptedPackage stream."""
    file = tmp_path / "加密.xlsx"
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    directory = "EncryptionInfo".encode("utf-16-le") + b"\x00" * 50 + "EncryptedPackage".encode("utf-16-le")
    file.write_bytes(header + directory + b"\x00" * 1024)
    refused(data_paths, file, "密码")


def test_empty_file_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = tmp_path / "空.xlsx"
    file.write_bytes(b"")
    refused(data_paths, file, "空的")


def test_header_without_data_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "只有表头.xlsx", {"名册": [["党员名册"], HEADER, [], ["合计：0人"]]})
    refused(data_paths, file, "只有表头")


def test_no_recognisable_columns_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "其他.xlsx", {"账目": [["日期", "金额", "用途"], ["2025-01-01", 100, "办公用品"]]})
    refused(data_paths, file, "没有找到可识别的表头", "账目")


def test_zip_bomb_is_refused_before_parsing(data_paths: DataPaths, tmp_path: Path) -> None:
    """A small zip whose sheet XML inflates to > 200 MB is refused from the central directory alone."""
    file = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(file, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            block = b"<row/>" * (1 << 20)
            for _ in range(40):
                sheet.write(block)
    assert file.stat().st_size < 2 * 1024 * 1024
    refused(data_paths, file, "解压后的大小异常")


def test_word_document_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = tmp_path / "通知.docx"
    with zipfile.ZipFile(file, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    refused(data_paths, file, "Word")


def test_xls_and_ods_are_read(data_paths: DataPaths) -> None:
    """Issue point 4: .xls (still common) and .ods, read with python-calamine."""
    store, _ids = open_fresh(data_paths)
    try:
        for name in ("small.xls", "small.ods"):
            plan = plan_import(store.sessions, FIXTURES / name, today=TODAY)
            assert [(r.row, r.name, r.branch) for r in plan.rows] == [(4, "赵一", "第一支部"), (5, "钱二", "第一支部")]
            assert plan.created == 2 and plan.new_branches == ["第一支部"]
    finally:
        store.close()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_with_or_without_bom_and_gbk(data_paths: DataPaths, tmp_path: Path, encoding: str) -> None:
    file = tmp_path / "名册.csv"
    lines = [",".join(HEADER), ",".join(str(v) for v in member_row("张　三", pid(1980))),
             ",".join(str(v) for v in member_row("李四", pid(1985, seq=12), gender="女", branch="财务处支部"))]
    file.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    store, _ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert [(r.name, r.branch, r.status.label) for r in plan.rows] == [("张三", "办公室支部", "新增"),
                                                                        ("李四", "财务处支部", "新增")]


def test_messy_layout_title_merged_subtitle_blank_rows_repeated_header_and_footers(
    data_paths: DataPaths, tmp_path: Path,
) -> None:
    """Points 5 and 7: the header is the first row with three known names; the rest is ignored."""
    header = ["序号", "姓 名", "性别", "身份证号", "所在支部", "入党时间", "转正时间", "人员类别"]
    rows: list[list[object]] = [
        ["示例省交通运输厅机关党员花名册"],
        ["填报单位：机关党委（盖章）", None, None, None, None, "填报日期：2026年5月"],
        [], header,
        [1, "张三", "男", pid(1980), "办公室支部", "2010-07-01", "2011-07-01", "正式党员"],
        [], header,
        [2, "李四", "女", pid(1985, seq=12), "办公室支部", "2012-07-01", "2013-07-01", "正式党员"],
        ["合计：2人"], ["填表人：王五", None, None, "审核人：赵六"], ["制表日期：2026-05-20"],
    ]
    file = write_xlsx(tmp_path / "花名册.xlsx", {"Sheet1": rows}, merges=[("Sheet1", (0, 0, 0, 7, rows[0][0]))])
    store, _ids = open_fresh(data_paths)
    try:
        info = inspect_file(file)[0]
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert info.header_row == 4 and info.data_rows == 2
    assert {info.headers[c]: k for c, k in info.mapping.items()} == {
        "姓名": "name", "性别": "gender", "身份证号": "id_number", "所在支部": "branch", "入党时间": "joined_on",
        "转正时间": "confirmed_on", "人员类别": "category"}
    statuses = [(r.row, r.status.label) for r in plan.rows]
    assert statuses == [(5, "新增"), (6, "忽略"), (7, "忽略"), (8, "新增"), (9, "忽略"), (10, "忽略"), (11, "忽略")]
    assert plan.rows[2].ignored == "重复的表头行" and plan.rows[4].ignored and "表尾" in plan.rows[4].ignored


def test_sheets_named_after_branches_and_a_sheet_without_header_skipped(data_paths: DataPaths, tmp_path: Path) -> None:
    """Point 4: every sheet is read; the sheet name is the branch when there is no branch column."""
    header = ["姓名", "身份证号", "入党时间", "转正时间"]
    file = write_xlsx(tmp_path / "分支部.xlsx", {
        "办公室支部": [header, ["张三", pid(1980), "2010-07-01", "2011-07-01"]],
        "财务处支部": [header, ["李四", pid(1985, seq=12), "2012-07-01", "2013-07-01"]],
        "说明": [["本表由各支部填报"], ["请于6月底前报送"]],
    })
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
        only = plan_import(store.sessions, file, sheets=["财务处支部"], today=TODAY)
    finally:
        store.close()
    assert [(r.name, r.org_id) for r in plan.rows] == [("张三", ids["办公室支部"]), ("李四", ids["财务处支部"])]
    assert plan.skipped_sheets == ["说明"] and plan.new_branches == []
    assert [r.name for r in only.rows] == ["李四"]


def test_merged_branch_cells_apply_to_every_row_they_cover(data_paths: DataPaths, tmp_path: Path) -> None:
    rows = [HEADER, member_row("张三", pid(1980), branch=""), member_row("李四", pid(1985, seq=12), branch="")]
    file = write_xlsx(tmp_path / "合并.xlsx", {"Sheet1": rows}, merges=[("Sheet1", (1, 3, 2, 3, "财务处支部"))])
    store, ids = open_fresh(data_paths)
    try:
        plan = plan_import(store.sessions, file, today=TODAY)
    finally:
        store.close()
    assert [r.org_id for r in plan.rows] == [ids["财务处支部"], ids["财务处支部"]]


def test_unknown_sheet_name_is_refused(data_paths: DataPaths, tmp_path: Path) -> None:
    file = write_xlsx(tmp_path / "a.xlsx", {"名册": [HEADER, member_row("张三", pid(1980))]})
    store, _ids = open_fresh(data_paths)
    try:
        with pytest.raises(InputError, match="没有工作表“二支部”"):
            plan_import(store.sessions, file, sheets=["二支部"], today=TODAY)
    finally:
        store.close()
