"""Builders of the meeting templates (会议记录, 签到表, 会议通知, 会议记录本) for ``tools/make_forms.py``.

Filled by ``djdesk.services.meeting_docs``; every placeholder is listed in ``forms/模板说明.txt``.
Each starts from the GB/T 9704 page (:func:`new_gbt9704_document`); the record book repeats the
minutes body of 会议记录.docx inside one ``{%p for 会议 in 会议列表 %}`` loop (one render for a
whole year), so both are built by :func:`_minutes_body`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from djdesk.services.docx_layout import (
    ONE_CHAR_TWIPS,
    STYLE_LABEL,
    STYLE_SIGN_LINE,
    TEXT_WIDTH_TWIPS,
    add_blank_line,
    add_body,
    add_heading1,
    add_heading2,
    add_labelled,
    add_signature,
    add_table,
    add_title,
    mm_to_twips,
    new_gbt9704_document,
    set_cell_text,
)

SIGN_ROW_HEIGHT_MM: Final[float] = 9.5  # room to sign by hand; about 20 names a page (15 on the first)
SIGN_INDENT_CHARS: Final[int] = 10


def _hanging(paragraph: Paragraph, chars: int) -> Paragraph:
    """Wrapped lines start under the text after a ``chars``-character label (出席：…)."""
    p_pr = paragraph._p.get_or_add_pPr()
    for old in p_pr.findall(qn("w:ind")):
        p_pr.remove(old)
    twips = chars * ONE_CHAR_TWIPS
    ind = parse_xml(f'<w:ind {nsdecls("w")} w:leftChars="{chars * 100}" w:left="{twips}"'
                    f' w:hangingChars="{chars * 100}" w:hanging="{twips}"/>')
    jc = p_pr.find(qn("w:jc"))
    if jc is not None:
        jc.addprevious(ind)
    else:
        p_pr.append(ind)
    return paragraph


def _tag(doc: DocxDocument, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl ``{%p … %}`` tag (removed when rendered)."""
    return add_body(doc, tag, indent=False)


def _sign_line(doc: DocxDocument, label: str) -> Paragraph:
    """``主持人（签字）：`` and a line to sign on (an underscore tab leader up to the right margin), in
    the 签字栏 style: docx_finish keeps the lines with the text above them."""
    paragraph = doc.add_paragraph(label + "\t", style=STYLE_SIGN_LINE)
    paragraph.paragraph_format.left_indent = Twips(SIGN_INDENT_CHARS * ONE_CHAR_TWIPS)
    paragraph.paragraph_format.tab_stops.add_tab_stop(
        Twips(TEXT_WIDTH_TWIPS - ONE_CHAR_TWIPS), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.LINES)
    return paragraph


def _fill_line(doc: DocxDocument) -> Paragraph:
    """A ruled line to write on by hand (an underscore tab leader across the line)."""
    paragraph = add_body(doc, "\t", indent=False)
    paragraph.paragraph_format.tab_stops.add_tab_stop(Twips(TEXT_WIDTH_TWIPS), WD_TAB_ALIGNMENT.RIGHT,
                                                      WD_TAB_LEADER.LINES)
    return paragraph


def _signatures(doc: DocxDocument) -> None:
    """The 主持人 and 记录人 sign at the end (R-DOC-5), on the page of the last paragraph above them:
    the rendered document's docx_finish keeps them (and that paragraph) together."""
    add_blank_line(doc)
    _sign_line(doc, "主持人（签字）：")
    add_blank_line(doc)
    _sign_line(doc, "记录人（签字）：")


def _minutes_body(doc: DocxDocument, v: str, *, book: bool) -> None:
    """The minutes (R-DOC-5 纪要 style); ``v`` prefixes every placeholder (``会议.`` in the book)."""
    title = add_title(doc, "")
    if book:  # each meeting on a new page, with a bookmark for the 页次 of the table of contents
        title.paragraph_format.page_break_before = True
        title.add_run(f"{{{{r {v}书签 }}}}")
    title.add_run(f"{{{{ {v}标题 }}}}")
    add_labelled(doc, "会议名称：", f"{{{{ {v}会议名称 }}}}", indent=False)
    add_labelled(doc, "时间：", f"{{{{ {v}时间 }}}}", indent=False)
    add_labelled(doc, "地点：", f"{{{{ {v}地点 }}}}", indent=False)
    add_labelled(doc, "主持人：", f"{{{{ {v}主持人 }}}}", indent=False)
    add_labelled(doc, "记录人：", f"{{{{ {v}记录人 }}}}", indent=False)
    _tag(doc, f"{{%p if {v}主讲人 %}}")
    add_labelled(doc, "主讲人：", f"{{{{ {v}主讲人 }}}}", indent=False)
    _tag(doc, "{%p endif %}")
    _tag(doc, f"{{%p if {v}党课题目 %}}")
    _hanging(add_labelled(doc, "党课题目：", f"{{{{ {v}党课题目 }}}}", indent=False), 5)
    _tag(doc, "{%p endif %}")
    _hanging(add_labelled(doc, "人数：", f"{{{{ {v}人数 }}}}"), 3)
    _tag(doc, f"{{%p if {v}表决权 %}}")
    _hanging(add_labelled(doc, "表决权：", f"{{{{ {v}表决权 }}}}"), 4)
    _tag(doc, "{%p endif %}")
    for label in ("出席", "请假", "缺席"):
        _hanging(add_labelled(doc, f"{label}：", f"{{{{ {v}{label} }}}}"), 3)
    _tag(doc, f"{{%p if {v}列席 %}}")
    _hanging(add_labelled(doc, "列席：", f"{{{{ {v}列席 }}}}"), 3)
    _tag(doc, "{%p endif %}")
    _tag(doc, f"{{%p if {v}会议有效性 %}}")
    _hanging(add_labelled(doc, "会议有效性：", f"{{{{ {v}会议有效性 }}}}"), 6)
    _tag(doc, "{%p endif %}")

    _tag(doc, f"{{%p if {v}议题列表 %}}")
    add_heading1(doc, f"{{{{ {v}节号.议题 }}}}、会议议题")
    _tag(doc, f"{{%p for 议题 in {v}议题列表 %}}")
    add_body(doc, "{{ 议题.序号 }}．{{ 议题.名称 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")

    _tag(doc, f"{{%p if {v}内容段落 or {v}讨论列表 %}}")
    add_heading1(doc, f"{{{{ {v}节号.内容 }}}}、会议内容")
    _tag(doc, f"{{%p for 段 in {v}内容段落 %}}")
    add_body(doc, "{{ 段 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p for 议题 in {v}讨论列表 %}}")
    add_heading2(doc, "（{{ 议题.中文序号 }}）{{ 议题.名称 }}")
    _tag(doc, "{%p for 段 in 议题.讨论段落 %}")
    add_body(doc, "{{ 段 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")

    # 党课提纲, 对照检查 / 批评和自我批评 / 整改措施 (组织生活会): what was recorded, or lines to write on
    _tag(doc, f"{{%p for 节 in {v}专项列表 %}}")
    add_heading1(doc, "{{ 节.节号 }}、{{ 节.标题 }}")
    _tag(doc, "{%p for 段 in 节.段落 %}")
    add_body(doc, "{{ 段 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p for 行 in 节.填写行 %}")
    _fill_line(doc)
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endfor %}")

    # 民主评议党员会议: the 测评 results and the grades agreed
    _tag(doc, f"{{%p if {v}测评 %}}")
    add_heading1(doc, f"{{{{ {v}节号.测评 }}}}、民主测评结果和评定等次")
    _tag(doc, f"{{%p for 段 in {v}测评.段落 %}}")
    add_body(doc, "{{ 段 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p for 行 in {v}测评.填写行 %}}")
    _fill_line(doc)
    _tag(doc, "{%p endfor %}")
    _tag(doc, f"{{%p if {v}测评.人员 %}}")
    table = _table(doc, [15, 27, 21, 21, 26, 21, 25],
                   ["序号", "姓名", "优秀", "合格", "基本合格", "不合格", "评定等次"])
    _loop_rows(table, f"for 人 in {v}测评.人员", ["{{ 人.序号 }}", "{{ 人.姓名 }}", "{{ 人.优秀 }}", "{{ 人.合格 }}",
                                                "{{ 人.基本合格 }}", "{{ 人.不合格 }}", "{{ 人.等次 }}"], "ccccccc")
    _tag(doc, "{%p endif %}")
    _tag(doc, f"{{%p for 段 in {v}测评.结论 %}}")
    add_body(doc, "{{ 段 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")

    _tag(doc, f"{{%p if {v}表决列表 %}}")
    add_heading1(doc, f"{{{{ {v}节号.表决 }}}}、表决情况")
    _tag(doc, f"{{%p for 表决 in {v}表决列表 %}}")
    add_body(doc, "{{ 表决.序号 }}．{{ 表决.事项 }}")
    add_body(doc, "现场表决：赞成{{ 表决.赞成 }}票，反对{{ 表决.反对 }}票，弃权{{ 表决.弃权 }}票。{{ 表决.书面意见 }}")
    add_labelled(doc, "表决结果：", "{{ 表决.结果 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")

    _tag(doc, f"{{%p if {v}决议列表 %}}")
    add_heading1(doc, f"{{{{ {v}节号.决议 }}}}、会议决议")
    _tag(doc, f"{{%p for 决议 in {v}决议列表 %}}")
    add_body(doc, "{{ 决议.序号 }}．{{ 决议.内容 }}{{ 决议.附注 }}")
    _tag(doc, "{%p if 决议.完成情况 %}")
    add_body(doc, "完成情况：{{ 决议.完成情况 }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p endif %}")

    _tag(doc, f"{{%p if {v}备注 %}}")
    add_labelled(doc, "备注：", f"{{{{ {v}备注 }}}}")
    _tag(doc, "{%p endif %}")
    _signatures(doc)


def build_minutes() -> DocxDocument:
    """``会议记录.docx``: the minutes of one meeting (rules.md §2; R-DOC-5)."""
    doc = new_gbt9704_document()
    _minutes_body(doc, "", book=False)
    return doc


def _table(doc: DocxDocument, widths_mm: list[float], header: list[str]) -> Table:
    """A bordered table of 4 rows (header, loop start, repeated row, loop end); the grid gets the
    column widths too (LibreOffice lays a table out by its w:tblGrid, not by the cell widths)."""
    table = add_table(doc, 4, len(widths_mm), widths_mm=widths_mm, header=header)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(mm_to_twips(width)))
    return table


def _loop_rows(table: Table, loop: str, cells: list[str], centred: str, *, height_mm: float | None = None) -> None:
    """Rows 1–3 of ``table``: ``{%tr for … %}``, the repeated row (``cells``; ``centred`` marks
    centred cells with "c"), ``{%tr endfor %}``."""
    set_cell_text(table.rows[1].cells[0], f"{{%tr {loop} %}}")
    set_cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    row = table.rows[2]
    for cell, text, how in zip(row.cells, cells, centred, strict=True):
        set_cell_text(cell, text, center=how in "cs")
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if height_mm is not None:
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{mm_to_twips(height_mm)}" w:hRule="atLeast"/>'))
    for tr in (table.rows[0], row):  # a row is never split across pages
        tr._tr.get_or_add_trPr().insert(0, parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))


def build_signin() -> DocxDocument:
    """``签到表.docx``: the sign-in sheet printed before the meeting; header row repeated on each page."""
    doc = new_gbt9704_document()
    add_title(doc, "{{ 标题 }}")
    add_labelled(doc, "会议名称：", "{{ 会议名称 }}", indent=False)
    add_labelled(doc, "时间：", "{{ 时间 }}", indent=False)
    add_labelled(doc, "地点：", "{{ 地点 }}", indent=False)
    # above the table: a line after it would stand alone on a page of its own when the names fill the last
    leaders = add_labelled(doc, "主持人：", "{{ 主持人 }}　　　　", indent=False)
    leaders.add_run("记录人：", style=STYLE_LABEL)
    leaders.add_run("{{ 记录人 }}")
    counts = add_labelled(doc, "应到：", "{{ 应到 }}人　　　　", indent=False)
    counts.add_run("实到：", style=STYLE_LABEL)
    counts.add_run("　　　人")
    table = _table(doc, [14, 28, 28, 42, 44], ["序号", "姓名", "{{ 类别列名 }}", "签到", "备注"])
    _loop_rows(table, "for 人 in 人员", ["{{ 人.序号 }}", "{{ 人.姓名 }}", "{{ 人.类别 }}", "", "{{ 人.备注 }}"],
               "cccll", height_mm=SIGN_ROW_HEIGHT_MM)
    return doc


def build_notice() -> DocxDocument:
    """``会议通知.docx``: the notice of a meeting to the members who are to attend."""
    doc = new_gbt9704_document()
    add_title(doc, "{{ 标题 }}")
    add_body(doc, "{{ 主送 }}：", indent=False)
    add_body(doc, "经研究，定于{{ 日期 }}（{{ 星期 }}）{{ 开始时间 }}在{{ 地点 }}{{ 事由 }}。现将有关事项通知如下：")
    # The numbered items: 时间, 地点, (党课) 题目 and 主讲人, 议题, 参会人员 — numbered by the program.
    _tag(doc, "{%p for 条 in 条目 %}")
    _tag(doc, "{%p if 条.子项 %}")
    add_heading1(doc, "{{ 条.编号 }}、{{ 条.标签 }}")
    _tag(doc, "{%p for 子 in 条.子项 %}")
    add_body(doc, "{{ 子 }}")
    _tag(doc, "{%p endfor %}")
    _tag(doc, "{%p else %}")
    add_labelled(doc, "{{ 条.编号 }}、{{ 条.标签 }}：", "{{ 条.内容 }}")
    _tag(doc, "{%p endif %}")
    _tag(doc, "{%p endfor %}")
    add_labelled(doc, "{{ 要求编号 }}、有关要求：", "请参会人员提前10分钟到达会场，按时签到，不得无故缺席。"
                 "因故不能参加的，须在会前向{{ 请假对象 }}请假，并说明原因。")
    add_blank_line(doc)  # GB/T 9704 §7.3.5.2: the 署名 one line below the text
    add_signature(doc, "{{ 署名 }}", "{{ 成文日期 }}")
    return doc


def _cover_line(doc: DocxDocument, label: str, text: str) -> Paragraph:
    """``党组织：…`` on the cover: a block 3 characters in, wrapped lines under the text."""
    paragraph = _hanging(add_labelled(doc, label, text, indent=False), 4)
    ind = paragraph._p.pPr.find(qn("w:ind"))
    ind.set(qn("w:leftChars"), "700")
    ind.set(qn("w:left"), str(7 * ONE_CHAR_TWIPS))
    return paragraph


def build_book() -> DocxDocument:
    """``会议记录本.docx``: all minutes of one organisation for one year: cover, contents, minutes."""
    doc = new_gbt9704_document()
    section = doc.sections[0]
    section.different_first_page_header_footer = True  # no page number on the cover
    section.first_page_footer.is_linked_to_previous = False
    for _ in range(3):
        add_blank_line(doc)
    cover = add_title(doc, "{{ 封面标题 }}")
    for run in cover.runs:
        run.font.size = Pt(26)  # 一号
    for _ in range(3):
        add_blank_line(doc)
    _cover_line(doc, "党组织：", "{{ 组织名称 }}")
    _tag(doc, "{%p if 单位 %}")
    _cover_line(doc, "单　位：", "{{ 单位 }}")
    _tag(doc, "{%p endif %}")
    _cover_line(doc, "年　度：", "{{ 年度 }}")
    # 基本情况 of the organisation: its committee, members and 党小组
    _cover_line(doc, "书　记：", "{{ 基本情况.书记 }}")
    _cover_line(doc, "委　员：", "{{ 基本情况.委员 }}")
    _cover_line(doc, "党　员：", "{{ 基本情况.党员人数 }}")
    _cover_line(doc, "党小组：", "{{ 基本情况.党小组 }}")
    _cover_line(doc, "会　议：", "共{{ 会议总数 }}次")
    contents = add_title(doc, "目　　录")
    contents.paragraph_format.page_break_before = True
    # No page numbers: a PAGEREF field shows nothing until Word updates fields. Each name links to its meeting.
    table = _table(doc, [15, 30, 111], ["序号", "日期", "会议"])
    _loop_rows(table, "for 会议 in 会议列表", ["{{ 会议.序号 }}", "{{ 会议.月日 }}", ""], "ccl")
    table.rows[2].cells[2].paragraphs[0].add_run("{{r 会议.目录链接 }}")
    _tag(doc, "{%p for 会议 in 会议列表 %}")
    _minutes_body(doc, "会议.", book=True)
    _tag(doc, "{%p endfor %}")
    return doc


MEETING_BUILDERS: Final[dict[str, Callable[[], DocxDocument]]] = {
    "会议记录.docx": build_minutes,
    "签到表.docx": build_signin,
    "会议通知.docx": build_notice,
    "会议记录本.docx": build_book,
}
