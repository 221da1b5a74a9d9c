"""The first day from the command line: ``djdesk orgs add``, ``djdesk settings list|set|reset`` and
``djdesk demo --remove``. Every refusal exits 1 with a Chinese message and leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from djdesk.cli import EXIT_INPUT, EXIT_OK
from djdesk.domain.config import SETTINGS
from djdesk.paths import DataPaths
from tests.e2e.cli_helpers import Cli, cli_runner, json_output
from tests.services.test_demo_removal import every_row

HAN = re.compile(r"[\u4e00-\u9fff]")
NAME = "中共示例省水利厅直属机关委员会"


@pytest.fixture
def fresh(capsys: pytest.CaptureFixture[str], data_paths: DataPaths) -> Cli:
    """``djdesk --data-dir <an empty data folder> ...``."""
    return cli_runner(capsys, "--data-dir", str(data_paths.root))


@pytest.fixture
def tree(fresh: Cli) -> Cli:
    """机关党委 → 综合总支 → 办公室支部 → 第一党小组, made with ``orgs add``."""
    for argv in (
        ("--kind", "机关党委", "--name", NAME, "--short", "机关党委"),
        ("--kind", "党总支", "--name", "综合管理总支部委员会", "--short", "综合总支", "--parent", "机关党委"),
        ("--kind", "党支部", "--name", "办公室支部委员会", "--short", "办公室支部", "--parent", "综合管理总支部委员会",
         "--founded", "2001-07-01"),
        ("--kind", "党小组", "--name", "办公室第一党小组", "--parent", "办公室支部"),
    ):
        result = fresh("orgs", "add", *argv)
        assert result.code == EXIT_OK, result.err
    return fresh


def refused(cli: Cli, db: Path, *argv: str) -> str:
    """``djdesk argv`` exits 1 with a Chinese message on stderr, and the database is as it was."""
    before = every_row(db)
    result = cli(*argv)
    assert result.code == EXIT_INPUT, (result.out, result.err)
    assert HAN.search(result.err) and result.out == ""
    assert "R-" not in result.err  # rule IDs are for the code, not for the clerk
    assert every_row(db) == before
    return result.err.strip()


# --- orgs add ------------------------------------------------------------------------------------


def test_orgs_add_builds_the_tree(tree: Cli) -> None:
    rows = json_output(tree("orgs", "list", "--json"))
    assert [(r["name"], r["kind"], r["parent"], r["short_name"]) for r in rows] == [
        (NAME, "机关党委", None, "机关党委"),
        ("综合管理总支部委员会", "党总支", NAME, "综合总支"),
        ("办公室支部委员会", "党支部", "综合管理总支部委员会", "办公室支部"),
        ("办公室第一党小组", "党小组", "办公室支部委员会", None),
    ]


def test_orgs_add_says_what_it_made(fresh: Cli) -> None:
    first = fresh("orgs", "add", "--kind", "机关党委", "--name", NAME)
    assert (first.code, first.out.strip()) == (EXIT_OK, f"已新增机关党委“{NAME}”。")
    second = fresh("orgs", "add", "--kind", "党支部", "--name", "办公室支部委员会", "--parent", NAME)
    assert second.out.strip() == f"已新增党支部“办公室支部委员会”（上级：{NAME}）。"


def test_orgs_add_a_second_organ_committee_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "机关党委", "--name",
                      "中共另一厅直属机关委员会")
    assert message == (f"已有机关党委“{NAME}”，一个数据库只管理一个机关党委。请在它下面新增党总支、党支部等下级组织。")


def test_orgs_add_under_a_group_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "党支部", "--name", "某支部",
                      "--parent", "办公室第一党小组")
    assert message == "党支部不能设在党小组下面，上级只能是：机关党委、党委、党总支。"


def test_orgs_add_a_group_under_a_general_branch_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "党小组", "--name", "第二党小组",
                      "--parent", "综合总支")
    assert message.startswith("党小组只能设在党支部（或联合党支部）下面。")


def test_orgs_add_with_an_unknown_parent_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "党支部", "--name", "某支部",
                      "--parent", "不存在的总支")
    assert message == "找不到党组织“不存在的总支”。请用 djdesk orgs list 查看准确的名称。"


def test_orgs_add_with_an_unknown_kind_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "支部", "--name", "某支部",
                      "--parent", "综合总支")
    assert message == "组织类型“支部”不对，应为：机关党委、党委、党总支、党支部、联合党支部、党小组。"


def test_orgs_add_with_a_placeholder_name_is_refused(fresh: Cli, data_paths: DataPaths) -> None:
    assert fresh("orgs", "list").code == EXIT_OK  # the database exists before the refusal
    message = refused(fresh, data_paths.database, "orgs", "add", "--kind", "机关党委", "--name",
                      "中共××厅直属机关委员会")
    assert "××" in message and "实际的名称" in message


def test_orgs_add_with_a_future_founding_date_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    later = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    message = refused(tree, data_paths.database, "orgs", "add", "--kind", "党支部", "--name", "某支部",
                      "--parent", "综合总支", "--founded", later)
    assert "在今天之后" in message


# --- settings ------------------------------------------------------------------------------------


def listed(cli: Cli) -> dict[str, dict[str, Any]]:
    return {row["key"]: row for row in json_output(cli("settings", "list", "--json"))}


def test_settings_list_has_every_value_of_the_dialog(fresh: Cli) -> None:
    rows = listed(fresh)
    assert list(rows) == list(SETTINGS)  # every one, in the dialog's order
    assert rows["unit.committee_name"] == {
        "key": "unit.committee_name", "label": "机关党委全称", "group": "单位信息", "value": "", "text": "",
        "default": "", "unit": "", "changed": False, "rule": None}
    assert (rows["term.years.BRANCH"]["value"], rows["term.years.BRANCH"]["rule"]) == (3, "R-ORG-5")
    assert rows["meet.freq.THEME_DAY"]["text"] == "每月"
    assert rows["eval.secretary_grades"]["text"] == "好、较好、一般、差"


def test_settings_list_plain_text_names_every_key_without_rule_ids(fresh: Cli) -> None:
    result = fresh("settings", "list")
    assert result.code == EXIT_OK
    for key in SETTINGS:
        assert key in result.out
    assert "党支部任期：3 年" in result.out and "R-" not in result.out


@pytest.mark.parametrize(("key", "typed", "value", "text"), [
    ("unit.committee_name", f" {NAME} ", NAME, NAME),
    ("term.years.BRANCH", "4", 4, "4"),
    ("meet.freq.THEME_DAY", "每季度", "quarter", "每季度"),
    ("eval.secretary_grades", "优秀,称职，基本称职、不称职", ["优秀", "称职", "基本称职", "不称职"],
     "优秀、称职、基本称职、不称职"),
    ("eval.excellent_share", "1/4", "1/4", "1/4"),
    ("dues.rounding", "0.1", "0.1", "0.1"),
])
def test_settings_set_stores_the_value(fresh: Cli, key: str, typed: str, value: Any, text: str) -> None:
    result = fresh("settings", "set", key, typed)
    assert result.code == EXIT_OK, result.err
    assert result.out.startswith(f"已保存：{SETTINGS[key].label}：{text}")
    row = listed(fresh)[key]
    assert (row["value"], row["text"], row["changed"]) == (value, text, True)


def test_settings_reset_puts_the_default_back(fresh: Cli) -> None:
    assert fresh("settings", "set", "term.years.BRANCH", "4").code == EXIT_OK
    result = fresh("settings", "reset", "term.years.BRANCH")
    assert (result.code, result.out.strip()) == (EXIT_OK, "已恢复默认：党支部任期：3 年。")
    assert listed(fresh)["term.years.BRANCH"]["changed"] is False


@pytest.mark.parametrize(("key", "typed", "fragments"), [
    ("unit.committee_nme", NAME, ("没有名为“unit.committee_nme”的设置项", "djdesk settings list")),
    ("term.years.BRANCH", "11", ("“党支部任期”最多为 10", "请改小一些")),
    ("term.years.BRANCH", "0", ("“党支部任期”应大于 0",)),
    ("term.years.BRANCH", "三年", ("“党支部任期”应为整数",)),
    ("meet.freq.THEME_DAY", "每周", ("只能是 每月、每季度 或 每年",)),
    ("eval.secretary_grades", "优秀", ("至少两个互不相同的项",)),
    ("eval.excellent_share", "2", ("不超过 1",)),
    ("dues.rounding", "0.05", ("只能是 0.01、0.1、1",)),
    ("unit.upper_org", "中共××省委直属机关工委", ("“上级党组织”中还有“××”",)),
])
def test_settings_set_bad_input_is_refused(fresh: Cli, data_paths: DataPaths, key: str, typed: str,
                                           fragments: tuple[str, ...]) -> None:
    assert fresh("settings", "list").code == EXIT_OK  # the database exists before the refusal
    message = refused(fresh, data_paths.database, "settings", "set", key, typed)
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_settings_reset_of_an_unknown_key_is_refused(fresh: Cli, data_paths: DataPaths) -> None:
    fresh("settings", "list")
    message = refused(fresh, data_paths.database, "settings", "reset", "nope")
    assert message.startswith("没有名为“nope”的设置项")


# --- demo --remove -------------------------------------------------------------------------------


def test_demo_remove_takes_the_demo_back_to_empty(cli: Cli, demo_paths: DataPaths) -> None:
    result = cli("demo", "--remove")
    assert result.code == EXIT_OK, result.err
    [backup] = demo_paths.backups.glob("before-remove-demo-*.sqlite3")
    assert result.out.strip() == f"已清除示例数据，数据库已恢复为空。清除前的数据库已备份为：{backup}"
    assert {t: rows for t, rows in every_row(demo_paths.database).items() if rows} == {}
    assert json_output(cli("orgs", "list", "--json")) == []
    assert json_output(cli("reminders", "--json")) == []


def test_demo_remove_on_real_data_is_refused(tree: Cli, data_paths: DataPaths) -> None:
    message = refused(tree, data_paths.database, "demo", "--remove")
    assert message == "数据库中没有载入过示例数据，里面是其他记录，不能清除。"
    assert list(data_paths.backups.glob("before-remove-demo-*")) == []


def test_demo_remove_after_a_change_is_refused(cli: Cli, demo_paths: DataPaths) -> None:
    assert cli("settings", "set", "unit.clerk_name", "李文").code == EXIT_OK
    message = refused(cli, demo_paths.database, "demo", "--remove")
    assert "除示例数据外还有其他内容" in message and "修改设置：" in message
    assert list(demo_paths.backups.glob("before-remove-demo-*")) == []


def test_demo_remove_on_an_empty_database_is_refused(fresh: Cli, data_paths: DataPaths) -> None:
    fresh("settings", "list")
    assert refused(fresh, data_paths.database, "demo", "--remove") == "数据库是空的，没有示例数据需要清除。"


def test_an_empty_database_has_no_reminders(fresh: Cli) -> None:
    assert json_output(fresh("reminders", "--json", "--on", "2026-07-15")) == []
    assert fresh("reminders", "--on", "2026-07-15").out.strip() == "没有需要提醒的事项。"
