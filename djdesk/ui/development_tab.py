"""The 发展党员 tab."""

from __future__ import annotations

from djdesk.ui.placeholder_tab import PlaceholderTab


class DevelopmentTab(PlaceholderTab):
    TITLE = "发展党员"
    DESCRIPTION = (
        "记录入党申请人、入党积极分子、发展对象和预备党员的 25 个步骤，按《发展党员工作细则》提"
        "醒谈话、考察、公示、审批和转正的期限。此功能尚在开发中。"
    )
