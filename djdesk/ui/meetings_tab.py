"""The 会议（三会一课） tab."""

from __future__ import annotations

from djdesk.ui.placeholder_tab import PlaceholderTab


class MeetingsTab(PlaceholderTab):
    TITLE = "会议（三会一课）"
    DESCRIPTION = (
        "记录支部党员大会、支委会、党小组会、党课、主题党日、组织生活会等组织生活，检查是否按规定开"
        "展，打印会议记录、签到表和会议记录本。此功能尚在开发中。"
    )
