"""The 党费 tab."""

from __future__ import annotations

from djdesk.ui.placeholder_tab import PlaceholderTab


class DuesTab(PlaceholderTab):
    TITLE = "党费"
    DESCRIPTION = (
        "按规定的比例计算每名党员的月缴党费，登记收缴情况，提醒连续未交党费的情况，生成党费收缴公示"
        "表。此功能尚在开发中。"
    )
