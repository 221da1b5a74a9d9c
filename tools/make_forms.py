#!/usr/bin/env python3
"""(Re)generate the default document templates in ``forms/`` (a developer tool, not shipped code).

Run from the repository root::

    python3 tools/make_forms.py          # write the templates that changed
    python3 tools/make_forms.py --check  # exit 1 if a template in forms/ is out of date

Every template starts from :func:`new_gbt9704_document` (GB/T 9704 page, styles, fonts, page
numbers; rules.md §8), which is also saved as ``forms/_base.docx``. The layout code and the
content helpers (``add_title``, ``add_body``, ``add_heading1`` …) live in
``djdesk/services/docx_layout.py`` because a feature may also need them at run time (a document
built in code rather than rendered from a template); template builders import them from there.

Adding a template: write ``def build_xxx() -> DocxDocument`` below (start with
``doc = new_gbt9704_document()``, put ``{{ 占位符 }}`` in the text), register it in ``BUILDERS``
under its file name, list its placeholders in ``forms/模板说明.txt`` (a ``【文件名】说明`` section;
``djdesk.services.documents.list_templates`` reads the description from there), then run this
script. Files whose name starts with ``_`` are building blocks: they are not copied to the
clerk's data folder and not listed in the template manager.

The output is reproducible: fixed document dates and zip timestamps, so an unchanged template
gives identical bytes and no spurious git diff.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # running as a script from a checkout
    sys.path.insert(0, str(REPO))

from docx.document import Document as DocxDocument  # noqa: E402

from djdesk.services.docx_layout import (  # noqa: E402
    add_blank_line,
    add_body,
    add_labelled,
    add_signature,
    add_table,
    add_title,
    new_gbt9704_document,
    set_cell_text,
)

FORMS = REPO / "forms"
FIXED_TIME = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
ZIP_TIME = (2025, 1, 1, 0, 0, 0)


def build_base() -> DocxDocument:
    """``_base.docx``: the empty GB/T 9704 document (one empty body paragraph)."""
    document = new_gbt9704_document()
    add_blank_line(document)
    return document


def build_term_reminder() -> DocxDocument:
    """``换届提醒函.docx``: the 机关党委's letter reminding an organisation of its 换届 (R-ORG-7, R-ORG-8).

    Filled by ``djdesk.services.org_letter.remind_letter``; placeholders listed in 模板说明.txt.
    """
    doc = new_gbt9704_document()
    add_title(doc, "关于做好换届选举工作的提醒函")  # fixed length: one line; the 主送 names the organisation
    add_body(doc, "{{ org_name }}：", indent=False)
    add_body(
        doc,
        "{{ org_called }}{{ term_name }}于{{ elected_on }}经党员大会选举产生。根据{{ regulations }}有关规定，"
        "{{ org_kind }}每届任期{{ term_years }}年，{{ org_called }}本届任期应于{{ term_end }}届满。"
        "{{ adjust_note }}{{ status_note }}",
    )
    add_body(doc, "请{{ org_called }}高度重视，精心组织，严格按照规定程序做好换届选举工作。主要程序如下：")
    # The steps are whole paragraphs (仿宋, "1．" level), not headings: the heading styles keep with
    # the next paragraph, which would push all four steps to the next page together.
    add_body(
        doc,
        "1．提出换届申请并报批。{{ org_called }}应研究提出换届选举工作方案，向上级党组织报送召开党员大会进行换届选举的"
        "请示，明确委员会职数、候选人产生方式和选举办法等，经批准后实施。",
    )
    add_body(
        doc,
        "2．酝酿提出候选人。采取自下而上、上下结合、反复酝酿的方法，充分听取党员意见，按照差额选举的要求提出候选人"
        "预备人选（候选人数应多于应选人数的20%），报上级党组织审查同意。",
    )
    add_body(
        doc,
        "3．召开党员大会选举。以无记名投票方式进行选举。有选举权的到会党员超过应到会党员的五分之四，会议有效；"
        "被选举人获得的赞成票超过实到会有选举权党员的半数，始得当选。",
    )
    add_body(
        doc,
        "4．选举结果报批。选举结束后，及时将选举结果报上级党组织审批：书记、副书记报上级党组织批准，"
        "委员报上级党组织备案。",
    )
    add_body(
        doc,
        "按照{{ election_rule }}的规定，因特殊情况需要延期或提前换届的，应当向上级党组织书面报告，经批准后方可实施，"
        "延期或提前换届的时间一般不超过1年。换届工作中遇到的问题，请及时沟通报告。",
    )
    add_body(doc, "特此提醒。")
    add_blank_line(doc)  # GB/T 9704 §7.3.5.2: the 署名 one line below the text
    add_signature(doc, "{{ issuer }}", "{{ date }}")
    add_body(doc, "（联系人：{{ contact }}，联系电话：{{ phone }}）")  # 附注 (GB/T 9704 §7.3.6)
    return doc


BUILDERS: dict[str, Callable[[], DocxDocument]] = {
    "_base.docx": build_base,
    "换届提醒函.docx": build_term_reminder,
}

# The meeting documents (会议记录, 签到表, 会议通知, 会议记录本): tools/forms_meetings.py.
if str(Path(__file__).resolve().parent) not in sys.path:  # imported from elsewhere than tools/
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from forms_meetings import MEETING_BUILDERS  # noqa: E402

BUILDERS.update(MEETING_BUILDERS)


# --- 民主评议党员测评表, 评先评优推荐审批表 (R-EVAL-1, R-EVAL-2, R-EVAL-5): filled by djdesk.services.eval_docs ---

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402
from docx.shared import Pt, Twips  # noqa: E402
from docx.table import Table, _Cell, _Row  # noqa: E402

from djdesk.services.docx_layout import STYLE_LABEL, STYLE_TABLE_TEXT, mm_to_twips  # noqa: E402

BALLOT_WIDTHS_MM = [14, 30, 28, 20, 20, 24, 20]  # together the 156 mm text block
TABLE_CHAR_TWIPS = 280  # one 14 pt character
NARROW_MARGIN_TWIPS = 57  # 1 mm each side of a cell of the nomination form


def _grid_table(doc: DocxDocument, rows: int, widths_mm: list[float], header: list[str] | None = None) -> Table:
    """A bordered table; the grid gets the widths too (LibreOffice lays a table out by w:tblGrid)."""
    table = add_table(doc, rows, len(widths_mm), widths_mm=widths_mm, header=header)
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm, strict=True):
        col.set(qn("w:w"), str(mm_to_twips(width)))
    return table


def _row_props(row: _Row, height_mm: float | None = None, *, cant_split: bool = True) -> None:
    """A row kept on one page (unless ``cant_split`` is off), at least ``height_mm`` high, centred vertically."""
    tr_pr = row._tr.get_or_add_trPr()
    if cant_split:
        tr_pr.insert(0, parse_xml(f'<w:cantSplit {nsdecls("w")}/>'))
    if height_mm is not None:
        tr_pr.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{mm_to_twips(height_mm)}" w:hRule="atLeast"/>'))
    for cell in row.cells:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _instruction(doc: DocxDocument, label: str, text: str) -> None:
    """A line of the 填写说明 in 4号 (as the table): wrapped lines start under the text after the label."""
    paragraph = doc.add_paragraph("", style=STYLE_TABLE_TEXT)
    if label:
        paragraph.add_run(label, style=STYLE_LABEL)
    paragraph.add_run(text)
    paragraph.paragraph_format.left_indent = Twips(5 * TABLE_CHAR_TWIPS)
    paragraph.paragraph_format.first_line_indent = Twips(-len(label) * TABLE_CHAR_TWIPS)
    paragraph.paragraph_format.space_after = Pt(4)


def build_ballot() -> DocxDocument:
    """``民主评议党员测评表.docx``: every member on the branch's roster with four boxes (R-EVAL-1), "—" instead for
    a 预备党员 (R-EVAL-2: no 等次) and for one who left before the evaluation."""
    doc = new_gbt9704_document()
    add_title(doc, "{{ 年度 }}度民主评议党员测评表")
    add_labelled(doc, "党支部：", "{{ 党支部 }}", indent=False)
    # In 4号 like the table, so that a branch of 45 members fits on two pages.
    # R-EVAL-2: the share is of the 正式党员; 预备党员 get no 等次 (their boxes read "—"). As many lines as before.
    _instruction(doc, "填写说明：", "1．在对应的等次栏内画“√”，每名党员只选一个等次；多选或不选的，该党员测评无效；"
                                  "预备党员不评定等次。")
    _instruction(doc, "", "2．“优秀”不得超过正式党员总数的{{ 优秀比例 }}（本支部正式党员{{ 正式党员人数 }}名，"
                          "“优秀”最多{{ 优秀上限 }}名），超过的本表无效。")
    _instruction(doc, "", "3．本表不记名填写，填好后投入票箱。")
    table = _grid_table(doc, 4, BALLOT_WIDTHS_MM, ["序号", "姓名", "人员类别", "优秀", "合格", "基本合格", "不合格"])
    set_cell_text(table.rows[1].cells[0], "{%tr for 人 in 人员 %}")
    set_cell_text(table.rows[3].cells[0], "{%tr endfor %}")
    cells = ["{{ 人.序号 }}", "{{ 人.姓名 }}", "{{ 人.类别 }}", *["{{ 人.框 }}"] * 4]  # R-EVAL-2: "—" for no 等次
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        set_cell_text(cell, text, center=True)
    _row_props(table.rows[0], 7)
    _row_props(table.rows[2], 7)  # room to tick; 50 members (R-ORG-2) fit on two pages
    add_body(doc, "测评日期：　　　　年　　月　　日", indent=False).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def _cell_lines(cell: _Cell, lines: list[tuple[str, str]]) -> None:
    """Paragraphs in ``cell``: (text, how), how "l" indented 2 characters, "r" right-aligned, "" as is."""
    set_cell_text(cell, lines[0][0])
    paragraphs = [cell.paragraphs[0]] + [cell.add_paragraph(text, style=STYLE_TABLE_TEXT) for text, _ in lines[1:]]
    for paragraph, (_, how) in zip(paragraphs, lines, strict=True):
        if how == "r":
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.paragraph_format.right_indent = Twips(2 * TABLE_CHAR_TWIPS)
        elif how == "l":
            paragraph.paragraph_format.first_line_indent = Twips(2 * TABLE_CHAR_TWIPS)


def _opinion(table: Table, index: int, label: str, placeholder: str, signer: str) -> None:
    _, cell = _cells(table, index, [(label, "l"), ("", "v")], 33)
    _cell_lines(cell, [(placeholder, "l"), ("", ""), (f"{signer}（签字）：　　　　　　", "r"), ("（盖章）", "r"),
                       ("年　　月　　日", "r")])


# 14 pt characters are 4.94 mm, cells have 1 mm margins: a label of 4 characters needs 22 mm, 大学本科
# 22 mm, 1975年10月 (with no extra space between the Chinese characters and the digits) 31 mm. The last
# column is the 照片 box (一寸照片 25×35 mm; four rows are 50 mm high).
NOMINATION_WIDTHS_MM = [22, 21, 13, 22, 22, 32, 24]
OPINION_WIDTHS_MM = [22, 134]


def _cells(table: Table, index: int, cells: list[tuple[str, str]], height_mm: float = 11) -> list[_Cell]:
    """Row ``index`` from (text, how): how "l" a label (黑体, centred), "v" a value (centred), ">" joins
    the cell to the one before it (a value spanning columns), "^" leaves the cell to a vertical merge."""
    row = table.rows[index]
    spans: list[_Cell] = []
    for col, (text, how) in enumerate(cells):
        if how == ">":
            spans[-1] = spans[-1].merge(row.cells[col])
            continue
        if how != "^":
            paragraph = set_cell_text(row.cells[col], text, label=how == "l", center=True)
            if how == "v":  # no autospace between Chinese characters and digits: 1975年10月 on one line
                p_pr = paragraph._p.get_or_add_pPr()
                for name in ("autoSpaceDN", "autoSpaceDE"):  # inserted in front: DE ends up first (schema order)
                    p_pr.insert(1, parse_xml(f'<w:{name} {nsdecls("w")} w:val="0"/>'))
        spans.append(row.cells[col])
    for cell in spans:  # merging joins the paragraphs; keep the first
        for extra in cell.paragraphs[1:]:
            extra._p.getparent().remove(extra._p)
    _row_props(row, height_mm)
    return spans


def _narrow(table: Table) -> Table:
    """Cell margins of 1 mm left and right (the default is 1.9 mm): room for a label of 4 characters."""
    margins = "".join(f'<w:{side} w:w="{NARROW_MARGIN_TWIPS}" w:type="dxa"/>' for side in ("left", "right"))
    table._tbl.tblPr.append(parse_xml(f'<w:tblCellMar {nsdecls("w")}>{margins}</w:tblCellMar>'))
    return table


def _spacer(doc: DocxDocument) -> None:
    """A 1 pt paragraph between two tables, so that Word does not join them into one (the second
    table's header row must stay at its top to repeat)."""
    paragraph = doc.add_paragraph("", style=STYLE_TABLE_TEXT)
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:spacing {nsdecls("w")} w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>'))
    paragraph.add_run("").font.size = Pt(1)


def build_nomination() -> DocxDocument:
    """``评先评优推荐审批表.docx``: one nominee (member or organisation), 主要事迹 and the opinions (R-EVAL-5).

    Three tables, one under the other: the particulars (a 照片 box for a person; every cell wide enough
    for a date such as 1975年10月 and for a post), the 主要事迹 (its label a header row that repeats on
    each page, one row per paragraph, so a long 事迹 goes on to the next page under its label again),
    and the opinions: 推荐单位, the 党总支 where one stands between the branch and the 机关党委, 机关党委."""
    doc = new_gbt9704_document()
    add_title(doc, "{{ 标题 }}")
    table = _narrow(_grid_table(doc, 10, NOMINATION_WIDTHS_MM))
    set_cell_text(table.rows[0].cells[0], "{%tr if 个人 %}")
    _cells(table, 1, [("姓名", "l"), ("{{ 姓名 }}", "v"), ("性别", "l"), ("{{ 性别 }}", "v"), ("出生年月", "l"),
                      ("{{ 出生年月 }}", "v"), ("照\n\n片", "v")])
    _cells(table, 2, [("民族", "l"), ("{{ 民族 }}", "v"), ("学历", "l"), ("{{ 学历 }}", "v"), ("入党时间", "l"),
                      ("{{ 入党时间 }}", "v"), ("", "^")])
    _cells(table, 3, [("工作单位\n及职务", "l"), ("{{ 单位职务 }}", "v"), *[("", ">")] * 4, ("", "^")], 14)
    _cells(table, 4, [("党内职务", "l"), ("{{ 党内职务 }}", "v"), ("", ">"), ("", ">"), ("所在支部", "l"),
                      ("{{ 所在党组织 }}", "v"), ("", "^")], 14)
    photo = table.cell(1, 6).merge(table.cell(4, 6))  # the 照片 box: four rows high
    for extra in photo.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    set_cell_text(table.rows[5].cells[0], "{%tr else %}")
    _cells(table, 6, [("党组织\n名　称", "l"), ("{{ 党组织名称 }}", "v"), *[("", ">")] * 5])
    _cells(table, 7, [("书记", "l"), ("{{ 书记 }}", "v"), ("党员\n人数", "l"), ("{{ 党员人数 }}", "v"),
                      ("成立时间", "l"), ("{{ 成立时间 }}", "v"), ("", ">")])
    set_cell_text(table.rows[8].cells[0], "{%tr endif %}")
    _cells(table, 9, [("推荐类别", "l"), ("{{ 荣誉称号 }}", "v"), ("", ">"), ("", ">"), ("表彰层级", "l"),
                      ("{{ 表彰层级 }}", "v"), ("", ">")])

    _spacer(doc)
    deeds = _narrow(_grid_table(doc, 8, [156], header=["主　要　事　迹"]))
    _row_props(deeds.rows[0], 10)  # the header row (w:tblHeader): repeated on every page the table goes on
    for index, tag in ((1, "{%tr if 事迹段落 %}"), (2, "{%tr for 段 in 事迹段落 %}"), (4, "{%tr endfor %}"),
                       (5, "{%tr else %}"), (7, "{%tr endif %}")):
        set_cell_text(deeds.rows[index].cells[0], tag)
    paragraph = set_cell_text(deeds.rows[3].cells[0], "{{ 段 }}")  # one row a paragraph: may split
    paragraph.paragraph_format.first_line_indent = Twips(2 * TABLE_CHAR_TWIPS)
    paragraph.paragraph_format.space_before = Pt(3)
    paragraph.paragraph_format.space_after = Pt(3)
    deeds.rows[3].cells[0].vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    blank = deeds.rows[6]._tr.get_or_add_trPr()  # nothing recorded: room to write by hand
    blank.append(parse_xml(f'<w:trHeight {nsdecls("w")} w:val="{mm_to_twips(90)}" w:hRule="atLeast"/>'))

    _spacer(doc)
    opinions = _narrow(_grid_table(doc, 5, OPINION_WIDTHS_MM))
    _opinion(opinions, 0, "推荐单位\n意　　见", "{{ 推荐意见 }}", "负责人")
    set_cell_text(opinions.rows[1].cells[0], "{%tr if 党总支 %}")
    _opinion(opinions, 2, "党总支\n意　　见", "{{ 总支意见 }}", "负责人")
    set_cell_text(opinions.rows[3].cells[0], "{%tr endif %}")
    _opinion(opinions, 4, "机关党委\n意　　见", "{{ 审批意见 }}", "负责人")
    return doc


BUILDERS.update({"民主评议党员测评表.docx": build_ballot, "评先评优推荐审批表.docx": build_nomination})


def docx_bytes(document: DocxDocument) -> bytes:
    """The document as a .docx with fixed dates and zip timestamps (reproducible bytes)."""
    props = document.core_properties
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(item.filename))
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate the default templates in forms/.")
    parser.add_argument("--check", action="store_true", help="only report templates that are out of date")
    parser.add_argument("--out", type=Path, default=FORMS, help="output folder (default: forms/)")
    args = parser.parse_args(argv)
    stale: list[str] = []
    for name, build in BUILDERS.items():
        data = docx_bytes(build())
        target: Path = args.out / name
        if target.is_file() and target.read_bytes() == data:
            continue
        stale.append(name)
        if not args.check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"wrote {target}")
    if args.check and stale:
        print("out of date: " + ", ".join(stale) + " (run python3 tools/make_forms.py)")
        return 1
    if not stale:
        print("all templates up to date")
    return 0


__all__ = ["BUILDERS", "docx_bytes", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
