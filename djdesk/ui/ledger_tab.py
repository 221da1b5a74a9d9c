"""The 台账 tab."""

from __future__ import annotations

from djdesk.ui.placeholder_tab import PlaceholderTab


class LedgerTab(PlaceholderTab):
    TITLE = "台账"
    DESCRIPTION = (
        "党建工作任务台账、问题整改台账和责任清单，跟踪每一项工作的责任人和完成情况。此功能尚在开发"
        "中。"
    )
