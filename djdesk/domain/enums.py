"""Enumerations of the records and their Chinese labels.

The database stores the member *names* (ASCII, stable); the clerk reads ``label``.
``from_label`` accepts the Chinese label (or the name) as found in spreadsheets.
"""

from __future__ import annotations

import enum
from typing import Self


class LabeledEnum(enum.Enum):
    """An enum whose value is its Chinese label."""

    @property
    def label(self) -> str:
        return str(self.value)

    @classmethod
    def from_label(cls, text: str) -> Self:
        key = text.strip()
        for item in cls:
            if item.value == key or item.name == key:
                return item
        labels = "、".join(str(i.value) for i in cls)
        raise ValueError(f"“{key}”不是有效的取值，应为：{labels}")

    @classmethod
    def labels(cls) -> list[str]:
        return [str(i.value) for i in cls]


class OrgKind(LabeledEnum):
    ORGAN_COMMITTEE = "机关党委"
    COMMITTEE = "党委"
    GENERAL_BRANCH = "党总支"
    BRANCH = "党支部"
    JOINT_BRANCH = "联合党支部"
    GROUP = "党小组"

    @property
    def is_branch(self) -> bool:
        return self in (OrgKind.BRANCH, OrgKind.JOINT_BRANCH)


class CommitteeRole(LabeledEnum):
    SECRETARY = "书记"
    DEPUTY_SECRETARY = "副书记"
    ORGANIZATION = "组织委员"
    PROPAGANDA = "宣传委员"
    DISCIPLINE = "纪检委员"
    YOUTH = "青年委员"
    MEMBER = "委员"


class Gender(LabeledEnum):
    MALE = "男"
    FEMALE = "女"


class MemberCategory(LabeledEnum):
    FULL = "正式党员"
    PROBATIONARY = "预备党员"


class PartyStanding(LabeledEnum):
    """党籍状态 (rules.md §7)."""

    NORMAL = "正常"
    SUSPENDED = "停止党籍"


class RosterStatus(LabeledEnum):
    """Whether the member is on the roster; anything but ACTIVE is a 历史党员."""

    ACTIVE = "在册"
    TRANSFERRED_OUT = "已转出"
    LEFT_PARTY = "出党"
    DECEASED = "去世"


class Employment(LabeledEnum):
    IN_SERVICE = "在职"
    RETIRED = "离退休"


class MemberEventKind(LabeledEnum):
    TRANSFER_OUT = "转出"
    TRANSFER_IN = "转入"
    SUSPEND = "停止党籍"
    RESTORE = "恢复党籍"
    LOST_CONTACT = "失联"
    REGAINED_CONTACT = "恢复联系"
    FLOATING = "流动"
    FLOATING_END = "结束流动"
    LEFT_PARTY = "出党"
    DECEASED = "去世"
    # 留党察看 (党章 第四十条: one or two years) and its end; see djdesk.domain.discipline.
    PARTY_PROBATION_ONE = "留党察看一年"
    PARTY_PROBATION_TWO = "留党察看二年"
    PARTY_RIGHTS_RESTORED = "恢复党员权利"


class TransferDirection(LabeledEnum):
    IN = "转入"
    OUT = "转出"


class MeetingKind(LabeledEnum):
    GENERAL_ASSEMBLY = "支部党员大会"
    COMMITTEE_MEETING = "支部委员会会议"
    GROUP_MEETING = "党小组会"
    PARTY_LECTURE = "党课"
    THEME_DAY = "主题党日"
    LIFE_MEETING = "组织生活会"
    EVALUATION_MEETING = "民主评议党员会议"
    IDEOLOGY = "意识形态专题研究"
    CENTRAL_GROUP_STUDY = "理论学习中心组学习"
    OTHER = "其他"


class AttendanceStatus(LabeledEnum):
    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


class TalkKind(LabeledEnum):
    SECRETARY_COMMITTEE = "书记与委员"
    AMONG_COMMITTEE = "委员之间"
    COMMITTEE_MEMBER = "委员与党员"
    AMONG_MEMBERS = "党员之间"


class EvalGrade(LabeledEnum):
    """民主评议党员 grades (R-EVAL-1)."""

    EXCELLENT = "优秀"
    QUALIFIED = "合格"
    BASIC = "基本合格"
    UNQUALIFIED = "不合格"


class DisposalKind(LabeledEnum):
    """组织处置 of a 不合格 member (R-EVAL-3)."""

    CORRECT_IN_TIME = "限期改正"
    PERSUADE_TO_LEAVE = "劝其退党"
    REMOVE = "除名"
    EXTEND_PROBATION = "延长预备期"
    CANCEL_PROBATION = "取消预备党员资格"


class CommendationStatus(LabeledEnum):
    NOMINATED = "推荐"
    UNDER_APPROVAL = "审批"
    AWARDED = "表彰"
    REJECTED = "未通过"


class AssessmentItemKind(LabeledEnum):
    NORMAL = "基本项"
    BONUS = "加分项"
    PENALTY = "减分项"


class AuditAction(LabeledEnum):
    CREATE = "新增"
    UPDATE = "修改"
    DELETE = "删除"
    RESTORE = "恢复"
    PURGE = "彻底删除"


EDUCATION_LEVELS: tuple[str, ...] = (
    "研究生",
    "大学本科",
    "大学专科",
    "中等专科",
    "高中",
    "初中及以下",
)

COMMENDATION_TITLES: tuple[str, ...] = ("优秀共产党员", "优秀党务工作者", "先进基层党组织")

# R-EVAL-4: configurable grades of 书记抓党建述职评议考核; these are the defaults.
SECRETARY_REVIEW_GRADES: tuple[str, ...] = ("好", "较好", "一般", "差")
