"""A clerk's first day on the command line: a brand-new data folder, real rosters, no demo data.

Two rosters of the kinds clerks have: a national-system export (全国党员管理信息系统: the standard item
names, full branch names, an 人员类别 column) and a hand-kept 花名册 whose only branch name is in its
title, without an 人员类别 column, with six 正式党员 whose 转正 date is blank and one real error.
Expected values are written out by hand from how the files are built here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK
from djdesk.domain.idcard import make_id
from djdesk.paths import DataPaths
from tests.e2e.cli_helpers import Result, run_main
from tests.services.test_roster_import_support import write_xlsx

TODAY = dt.date.today()  # the command line counts from the real date
RECENT = TODAY - dt.timedelta(days=100)  # joined under a year ago: a 预备党员 when no category is given
NATIONAL_HEADER = ["姓名", "性别", "民族", "公民身份号码", "出生日期", "学历", "人员类别", "所在党支部",
                   "加入党组织日期", "转为正式党员日期", "工作岗位", "联系电话", "家庭住址", "党籍状态",
                   "是否为失联党员", "失去联系日期", "是否为流动党员", "外出流向"]
OFFICE = "中共示例省交通运输厅办公室支部委员会"
FINANCE = "中共示例省交通运输厅财务处支部委员会"
HAND_HEADER = ["序号", "姓名", "性别", "民族", "身份证号", "文化程度", "入党时间", "转正时间", "职务", "联系电话",
               "备注"]
BLANK_CONFIRMED = [5, 12, 19, 26, 33, 40]  # 序号 of the six 正式党员 (joined 2005) whose 转正时间 is blank
PROBATIONARY = [47, 48, 49, 50]  # joined 100 days ago, 转正时间 blank: 预备党员
BROKEN = 51  # a mistyped ID number (wrong check character): the roster's one real error


def run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> Result:
    return run_main(capsys, ["--data-dir", str(root), *argv], catch_exit=False)


def members(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, Any]]:
    result = run(capsys, root, "members", "list", "--json")
    assert result.code == EXIT_OK, result.err
    listed: list[dict[str, Any]] = json.loads(result.out)
    return listed


def orgs(capsys: pytest.CaptureFixture[str], root: Path) -> list[dict[str, Any]]:
    result = run(capsys, root, "orgs", "list", "--json")
    assert result.code == EXIT_OK, result.err
    listed: list[dict[str, Any]] = json.loads(result.out)
    return listed


def national_export(path: Path) -> Path:
    rows: list[list[object]] = [["党员信息"], NATIONAL_HEADER]
    for i in range(6):
        probationary = i == 5
        joined = RECENT if probationary else dt.date(2000 + i, 7, 1)
        rows.append([f"国{'甲乙丙丁戊己'[i]}", "男", "汉族", make_id("110105", dt.date(1975 + i, 3, 4), 11 + 2 * i),
                     dt.date(1975 + i, 3, 4), "大学本科", "预备党员" if probationary else "正式党员",
                     OFFICE if i < 3 else FINANCE, joined, None if probationary else dt.date(2001 + i, 7, 1),
                     "科员", f"1380000000{i}", "示例市示例路1号", "正常", "否", None, "否", None])
    return write_xlsx(path, {"党员信息": rows})


def hand_kept(path: Path) -> Path:
    rows: list[list[object]] = [["机关第三党支部党员花名册"],
                                ["填报单位：机关第三党支部", None, None, None, "填报日期：2026年3月"], HAND_HEADER]
    for n in range(1, 52):
        number = make_id("320102", dt.date(1960 + n % 20, 1 + n % 12, 1 + n % 27), 100 + n)
        if n == BROKEN:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        joined: object = RECENT.isoformat() if n in PROBATIONARY else "2005-07-01"
        confirmed = None if n in BLANK_CONFIRMED or n in PROBATIONARY else "2006-07-01"
        gender = "男" if (100 + n) % 2 else "女"
        rows.append([n, f"手{n:02d}", gender, "汉族", number, "大学本科", joined, confirmed, "科员", None, None])
    rows.append(["填表人：示例"])
    return write_xlsx(path, {"Sheet1": rows})


def test_national_export_into_a_brand_new_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An empty database takes a roster: the import creates the 机关党委 («机关党委» until 设置 names it) and the
    file's two branches under it, lists them first, and says so in ``--json`` (``new_committee``)."""
    file, root = national_export(tmp_path / "全国系统导出.xlsx"), tmp_path / "新数据"
    dry = run(capsys, root, "members", "import", str(file), "--dry-run")
    assert dry.code == EXIT_OK, dry.err
    assert f"将新建的党组织：机关党委“机关党委”、党支部“{OFFICE}”、党支部“{FINANCE}”" in dry.out
    assert orgs(capsys, root) == []  # nothing written by the dry run
    done = run(capsys, root, "members", "import", str(file), "--json")
    assert done.code == EXIT_OK, done.err
    summary = json.loads(done.out)
    assert summary["written"] is True and summary["created"] == 6 and summary["invalid"] == 0
    assert summary["new_committee"] == "机关党委" and summary["new_branches"] == [OFFICE, FINANCE]
    tree = orgs(capsys, root)
    assert [(o["name"], o["kind"], o["parent"]) for o in tree] == [
        ("机关党委", "机关党委", None), (OFFICE, "党支部", "机关党委"), (FINANCE, "党支部", "机关党委")]
    listed = members(capsys, root)
    assert sorted((m["name"], m["category"]) for m in listed) == [
        ("国丁", "正式党员"), ("国丙", "正式党员"), ("国乙", "正式党员"), ("国己", "预备党员"), ("国戊", "正式党员"),
        ("国甲", "正式党员")]


def test_committee_named_in_settings_is_used(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from djdesk.services.database import open_store
    from djdesk.services.settings import save_setting

    root = tmp_path / "新数据"
    store = open_store(DataPaths(root))
    save_setting(store.sessions, "unit.committee_name", "中共示例省交通运输厅直属机关委员会")
    store.close()
    result = run(capsys, root, "members", "import", str(national_export(tmp_path / "a.xlsx")), "--json")
    assert json.loads(result.out)["new_committee"] == "中共示例省交通运输厅直属机关委员会"
    assert orgs(capsys, root)[0]["name"] == "中共示例省交通运输厅直属机关委员会"


def test_hand_kept_roster_branch_from_title_one_real_error(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    """The branch is only in the title: every row goes to 机关第三党支部 (no «所在党支部为空»); the one real error is
    the only error; the six inferred 正式党员 without 转正 date are warnings saying so; and the 正式/预备 counts
    then agree with what the member form warns about each member."""
    file, root = hand_kept(tmp_path / "花名册.xlsx"), tmp_path / "新数据"
    planned = run(capsys, root, "members", "import", str(file), "--dry-run", "--json")
    assert planned.code == EXIT_INPUT  # one row has an error: nothing written without --skip-invalid
    plan = json.loads(planned.out)
    assert plan["written"] is False and plan["invalid"] == 1 and plan["created"] == 50
    assert [(e["row"], e["column"]) for e in plan["errors"]] == [(3 + BROKEN, "身份证号")]
    assert plan["new_branches"] == ["机关第三党支部"] and plan["new_committee"] == "机关党委"
    inferred = [w for w in plan["warning_details"] if w["column"] == "人员类别"]
    assert sorted(w["row"] for w in inferred) == [3 + n for n in BLANK_CONFIRMED]
    assert all(w["sheet"] == "Sheet1" and "推定为正式党员" in w["message"] and "转正日期" in w["message"]
               for w in inferred)
    text = run(capsys, root, "members", "import", str(file), "--dry-run")
    assert "党员所在支部：机关第三党支部（取自表头上方的“填报单位：机关第三党支部”（第2行））" in text.out

    done = run(capsys, root, "members", "import", str(file), "--skip-invalid", "--json")
    assert done.code == EXIT_OK and json.loads(done.out)["written"] is True
    listed = members(capsys, root)
    assert len(listed) == 50 and {m["branch"] for m in listed} == {"机关第三党支部"}
    categories = {m["name"]: m["category"] for m in listed}
    assert sorted(n for n, c in categories.items() if c == "预备党员") == [f"手{n:02d}" for n in PROBATIONARY]

    # The member form says the same of the same people: exactly the six get 'no 转正 date' warnings.
    from djdesk.services.database import open_store
    from djdesk.services.member_admin import check_form, load_member_form

    store = open_store(DataPaths(root))
    try:
        forms = {m["name"]: check_form(store.sessions, m["id"], load_member_form(store.sessions, m["id"]))
                 for m in listed}
        warned = sorted(name for name, form in forms.items() if any("没有转正日期" in w for w in form.warnings))
    finally:
        store.close()
    assert warned == [f"手{n:02d}" for n in BLANK_CONFIRMED]


def test_branch_option_on_an_empty_database(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--branch`` used to end in AttributeError ('_Planner' object has no attribute 'new_branches'): the named
    branch is created under a new 机关党委 and listed before writing."""
    file, root = national_export(tmp_path / "a.xlsx"), tmp_path / "新数据"
    dry = run(capsys, root, "members", "import", str(file), "--branch", "机关第九党支部", "--dry-run")
    assert dry.code == EXIT_OK, dry.err
    assert "将新建的党组织：机关党委“机关党委”、党支部“机关第九党支部”" in dry.out
    assert "全部党员导入到：机关第九党支部" in dry.out
    done = run(capsys, root, "members", "import", str(file), "--branch", "机关第九党支部")
    assert done.code == EXIT_OK and "已新建的党组织：机关党委“机关党委”、党支部“机关第九党支部”" in done.out
    assert {m["branch"] for m in members(capsys, root)} == {"机关第九党支部"}
    # And an existing branch by its name: nothing new.
    again = run(capsys, root, "members", "import", str(file), "--branch", "机关第九党支部", "--json")
    assert json.loads(again.out)["new_branches"] == [] and json.loads(again.out)["unchanged"] == 6


def test_error_report_keeps_cells_as_typed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """An ID Excel stored as a number appears as Excel shows it (1.10105E+17), in a text-formatted column wide
    enough for 18 characters; the phone column too."""
    number = make_id("110105", dt.date(1958, 5, 27), 11)
    rows: list[list[object]] = [[*NATIONAL_HEADER[:8], "加入党组织日期", "联系电话"],
                                ["张三", "男", "汉族", float(number), None, "大学本科", "正式党员", "办公室支部",
                                 "2000-07-01", 13912345678.0]]
    file = write_xlsx(tmp_path / "a.xlsx", {"名册": rows})
    report = tmp_path / "报告.xlsx"
    result = run(capsys, tmp_path / "新数据", "members", "import", str(file), "--report", str(report))
    assert result.code == EXIT_INPUT
    sheet = openpyxl.load_workbook(report).active
    assert sheet is not None
    header_row = next(r for r in range(1, 6) if sheet.cell(r, 1).value == "原行号")
    headers = [c.value for c in sheet[header_row]]
    id_col, phone_col = headers.index("公民身份号码") + 1, headers.index("联系电话") + 1
    id_cell, phone_cell = sheet.cell(header_row + 1, id_col), sheet.cell(header_row + 1, phone_col)
    assert id_cell.value == "1.10105E+17" and id_cell.number_format == "@"
    assert phone_cell.value == "13912345678" and phone_cell.number_format == "@"
    letter = openpyxl.utils.get_column_letter(id_col)
    # widths count digits of the workbook's default font (宋体 11, xlsx_print): 18 digits on one line
    assert (sheet.column_dimensions[letter].width or 0) >= 18
