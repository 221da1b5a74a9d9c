"""The 考核评议 tab."""

from __future__ import annotations

from djdesk.ui.placeholder_tab import PlaceholderTab


class AssessmentsTab(PlaceholderTab):
    TITLE = "考核评议"
    DESCRIPTION = (
        "民主评议党员、书记抓党建述职评议考核、支部年度考核和评先评优，导出年终汇总表格。此功能尚在"
        "开发中。"
    )
