"""Which 党支部 a sheet without a branch column stands for (issue: the branch from the title).

A hand-kept 花名册 often names its branch only above the header: a title «机关第三党支部党员花名册»
(maybe with a year: «2024年度…»), a line «填报单位：机关第三党支部　　填报日期：…» or «党支部：…».
A sheet named after its branch («办公室支部») says it too. :func:`title_branch` finds the name in
the rows above the header; the planner decides between it and the sheet's name (see
:func:`djdesk.services.roster_import.planner.sheet_branch`) and the wizard shows where it came from
and lets the clerk change it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

# «填报单位：…», «党支部：…» and the like: the text after the colon, up to a wide gap or the next label.
_LABELLED: Final = re.compile(
    r"(?:填报单位|填表单位|报送单位|单位名称|所在党支部|所属党支部|党支部名称|支部名称|党组织名称|党组织|党支部|支部)"
    r"\s*[:：]\s*(?P<name>[^\s:：]+)")
# A title: «…党支部党员花名册», «中共××支部委员会党员名册», «…支部党员信息表».
_TITLE: Final = re.compile(
    r"^(?:\d{4}\s*年(?:度)?)?(?P<name>.+?(?:联合党支部|党支部|支部委员会|支部))(?:全体)?(?:党员|在册党员)?"
    r"(?:花名册|名册|名单|信息表|信息统计表|基本信息表?|基本情况表?|统计表|一览表|情况表|登记表)")
_BRANCH_ENDINGS: Final[tuple[str, ...]] = ("支部", "支部委员会")
_SPACES: Final = re.compile(r"[\s\u3000]+")


@dataclass(frozen=True)
class TitleBranch:
    """A branch name found above the header: the name and the 1-based sheet row it stands on."""

    name: str
    row: int
    text: str  # the cell as written, for the wizard («标题“…”（第1行）»)


def _texts(row: Sequence[object]) -> list[str]:
    """The distinct non-empty text cells of a row (a merged title repeats in every merged cell)."""
    seen: list[str] = []
    for value in row:
        if isinstance(value, str):
            text = value.strip()
            if text and text not in seen:
                seen.append(text)
    return seen


def branch_like(name: str) -> bool:
    """A name that says it is a branch (…支部, …支部委员会), whether or not the database knows it."""
    return name.endswith(_BRANCH_ENDINGS) and len(name) > 2


def title_candidates(rows_above: Sequence[Sequence[object]], first_row: int) -> list[TitleBranch]:
    """The branch names the rows above a header give, best first: labelled lines («填报单位：…») before
    titles; the planner takes the first that is a branch (``first_row``: the sheet row of ``rows_above[0]``).
    """
    labelled: list[TitleBranch] = []
    titles: list[TitleBranch] = []
    for offset, row in enumerate(rows_above):
        for text in _texts(row):
            for found in _LABELLED.finditer(_SPACES.sub(" ", text)):
                name = found.group("name").strip("，,。;；")
                if name:
                    labelled.append(TitleBranch(name, first_row + offset, text))
            title = _TITLE.match(_SPACES.sub("", text))
            if title is not None and branch_like(title.group("name")):
                titles.append(TitleBranch(title.group("name"), first_row + offset, text))
    return labelled + titles
