"""Every configurable value of rules.md with its default, and the general settings.

A setting is stored as JSON in the ``settings`` table under its key; a missing row means the
default. Changing a setting affects new calculations only (rules.md, preamble).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

# The columns the printed 党员花名册 may have (services/roster_print), in their usual order; the
# clerk chooses which (设置 → 文书, the export dialog, ``--columns``). The full record of every field
# is always in the workbook's second sheet «完整信息».
ROSTER_PRINT_COLUMNS: Final[tuple[str, ...]] = (
    "序号", "姓名", "性别", "民族", "出生年月", "公民身份号码", "学历", "所在党支部", "党小组", "入党时间",
    "转正时间", "人员类别", "工作岗位/职务", "联系电话", "备注",
)
# The sheet of an exported 花名册 that holds the full record; the roster import reads only it.
ROSTER_FULL_SHEET: Final[str] = "完整信息"
ROSTER_PRINT_DEFAULT: Final[tuple[str, ...]] = tuple(
    c for c in ROSTER_PRINT_COLUMNS if c not in ("公民身份号码", "党小组"))


@dataclass(frozen=True)
class SettingSpec:
    key: str
    label: str  # what the clerk reads in 设置
    default: Any
    rule: str | None = None  # the rules.md ID it configures
    group: str = "规则参数"
    unit: str = ""
    maximum: int | None = None  # for whole numbers


def _specs() -> list[SettingSpec]:
    return [
        # Empty until the clerk names them (建立本机关党委, 设置): never a placeholder in a title or a letter.
        SettingSpec("unit.committee_name", "机关党委全称", "", group="单位信息"),
        SettingSpec("unit.upper_org", "上级党组织", "", group="单位信息"),
        SettingSpec("unit.clerk_name", "经办人（默认记录人、制表人）", "", group="单位信息"),
        # The 联系人 and telephone that letters (换届提醒函) give below the signature.
        SettingSpec("unit.contact_name", "联系人（函件中注明）", "", group="单位信息"),
        SettingSpec("unit.contact_phone", "联系电话（函件中注明）", "", group="单位信息"),
        # R-ORG-5: term lengths by kind, in years.
        SettingSpec("term.years.BRANCH", "党支部任期", 3, "R-ORG-5", unit="年", maximum=10),
        SettingSpec("term.years.JOINT_BRANCH", "联合党支部任期", 3, "R-ORG-5", unit="年", maximum=10),
        SettingSpec("term.years.GENERAL_BRANCH", "党总支任期", 3, "R-ORG-5", unit="年", maximum=10),
        SettingSpec("term.years.ORGAN_COMMITTEE", "机关党委任期", 5, "R-ORG-5", unit="年", maximum=10),
        SettingSpec("term.years.COMMITTEE", "党委任期", 5, "R-ORG-5", unit="年", maximum=10),
        # R-ORG-7: months before expiry when the 换届 reminder starts.
        SettingSpec("term.remind_months", "换届提前提醒", 6, "R-ORG-7", unit="个月", maximum=24),
        # R-MEET-1 … R-MEET-8, R-MEET-11, R-MEET-13: frequencies (month / quarter / year).
        SettingSpec("meet.freq.GENERAL_ASSEMBLY", "支部党员大会频次", "quarter", "R-MEET-1"),
        SettingSpec("meet.freq.COMMITTEE_MEETING", "支部委员会会议频次", "month", "R-MEET-2"),
        SettingSpec("meet.freq.GROUP_MEETING", "党小组会频次", "month", "R-MEET-3"),
        SettingSpec("meet.freq.PARTY_LECTURE", "党课频次", "quarter", "R-MEET-4"),
        SettingSpec("meet.secretary_lectures", "书记每年讲党课次数", 1, "R-MEET-4", unit="次"),
        SettingSpec("meet.freq.THEME_DAY", "主题党日频次", "month", "R-MEET-5"),
        SettingSpec("meet.freq.LIFE_MEETING", "组织生活会频次", "year", "R-MEET-6"),
        SettingSpec("meet.talks_per_year", "谈心谈话每类每年至少", 1, "R-MEET-7", unit="次"),
        SettingSpec("meet.freq.EVALUATION_MEETING", "民主评议党员频次", "year", "R-MEET-8"),
        SettingSpec("meet.ideology_per_year", "意识形态专题研究每年至少", 2, "R-MEET-11", unit="次"),
        SettingSpec("meet.research_topics_per_year", "县处级以上领导每年调研课题", 1, "R-MEET-13", unit="个"),
        SettingSpec("dev.publicity_workdays", "发展党员公示期", 5, "R-DEV-8", unit="个工作日"),
        SettingSpec("dev.youth_age", "团组织推优年龄（不满）", 28, "R-DEV-14", unit="周岁"),
        SettingSpec("dues.rounding", "党费计算精确到", "0.01", "R-DUES-5", unit="元"),
        SettingSpec("eval.excellent_share", "民主评议优秀比例上限", "1/3", "R-EVAL-2"),
        SettingSpec("eval.secretary_grades", "述职评议考核等次", ["好", "较好", "一般", "差"], "R-EVAL-4"),
        SettingSpec("xfer.validity_days", "介绍信默认有效期", 30, "R-XFER-2", unit="天", maximum=90),
        SettingSpec("roster.print_columns", "花名册打印的列", list(ROSTER_PRINT_DEFAULT), group="文书"),
    ]


SETTINGS: dict[str, SettingSpec] = {spec.key: spec for spec in _specs()}
