"""The minutes and the sign-in sheet as HTML, for the print preview of the GUI (a ``QTextDocument``
printed on A4; the GUI sets the page size and the R-DOC-1 margins). No Qt here.

The content is the same as the Word documents': both are built from
:func:`djdesk.services.meeting_docs.minutes_context` / :func:`signin_context`. The HTML keeps to
what ``QTextDocument`` understands (a subset of HTML 4 and CSS 2.1: type and class selectors,
``font-family``/``font-size``/``font-weight``, ``text-align``, ``margin``, ``padding``, table
``border``/``cellpadding``/``cellspacing`` attributes, ``border-collapse``, ``<thead>`` rows repeated
on each printed page, ``page-break-inside``). Every piece of user text goes through
:func:`html.escape`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any, Final

from djdesk.services.evaluations import BranchResults
from djdesk.services.meeting_detail import Attendee, MeetingDetail
from djdesk.services.meeting_docs import minutes_context, signin_context

BODY_FONT: Final[str] = '"FangSong", "仿宋", "SimSun", "Noto Serif CJK SC"'
TITLE_FONT: Final[str] = '"方正小标宋简体", "SimSun", "宋体", "Noto Serif CJK SC"'
LABEL_FONT: Final[str] = '"SimHei", "黑体", "Noto Sans CJK SC"'
HEADING2_FONT: Final[str] = '"KaiTi", "楷体", "Noto Serif CJK SC"'

STYLE: Final[str] = f"""
body {{ font-family: {BODY_FONT}; font-size: 16pt; }}
h1 {{ font-family: {TITLE_FONT}; font-size: 22pt; font-weight: normal; text-align: center;
      margin-top: 0; margin-bottom: 16pt; }}
h2 {{ font-family: {LABEL_FONT}; font-size: 16pt; font-weight: normal; margin-top: 6pt; margin-bottom: 0; }}
h3 {{ font-family: {HEADING2_FONT}; font-size: 16pt; font-weight: normal; margin-top: 0; margin-bottom: 0;
      text-indent: 32pt; }}
p {{ margin-top: 0; margin-bottom: 0; }}
p.body {{ text-indent: 32pt; }}
span.label {{ font-family: {LABEL_FONT}; }}
p.sign {{ margin-top: 28pt; margin-left: 160pt; }}
table {{ border-collapse: collapse; }}
th {{ font-family: {LABEL_FONT}; font-size: 14pt; font-weight: normal; }}
td {{ font-size: 14pt; }}
td.sign {{ padding-top: 12pt; padding-bottom: 12pt; }}
"""

_SIGN_BLANK: Final[str] = "_" * 16
_FILL: Final[str] = "_" * 52  # a line to write on
_GAP: Final[str] = "&nbsp;" * 8  # QTextDocument collapses runs of spaces, U+3000 included


def _e(text: object) -> str:
    """User text, escaped; a line break (a title in two lines) becomes ``<br/>``."""
    return html.escape(str(text)).replace("\n", "<br/>")


# QTextDocument gives <h2>/<h3> its own smaller sizes whatever the style sheet says: use styled <p>.
_H2: Final[str] = f'<p style="font-family: {LABEL_FONT}; font-size: 16pt; margin-top: 6pt;">'
_H3: Final[str] = f'<p style="font-family: {HEADING2_FONT}; font-size: 16pt; text-indent: 32pt;">'


def _page(title: str, body: list[str]) -> str:
    body = [line.replace("<h2>", _H2).replace("</h2>", "</p>").replace("<h3>", _H3).replace("</h3>", "</p>")
            for line in body]
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"/>'
        f"<title>{_e(title.replace(chr(10), ''))}</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _field(label: str, text: object) -> str:
    return f'<p><span class="label">{_e(label)}：</span>{_e(text)}</p>'


def _minutes_body(c: Mapping[str, Any]) -> list[str]:
    out = [f"<h1>{_e(c['标题'])}</h1>"]
    for label, key in (("会议名称", "会议名称"), ("时间", "时间"), ("地点", "地点"), ("主持人", "主持人"),
                       ("记录人", "记录人"), ("主讲人", "主讲人"), ("党课题目", "党课题目"), ("人数", "人数"),
                       ("表决权", "表决权"),
                       ("出席", "出席"), ("请假", "请假"), ("缺席", "缺席"), ("列席", "列席"),
                       ("会议有效性", "会议有效性")):
        if c[key] or key in ("出席", "请假", "缺席", "地点", "主持人", "记录人"):
            out.append(_field(label, c[key]))
    number = c["节号"]
    if c["议题列表"]:
        out.append(f"<h2>{number['议题']}、会议议题</h2>")
        out += [f'<p class="body">{a["序号"]}．{_e(a["名称"])}</p>' for a in c["议题列表"]]
    if "内容" in number:
        out.append(f"<h2>{number['内容']}、会议内容</h2>")
        out += [f'<p class="body">{_e(text)}</p>' for text in c["内容段落"]]
        for a in c["讨论列表"]:
            out.append(f"<h3>（{a['中文序号']}）{_e(a['名称'])}</h3>")
            out += [f'<p class="body">{_e(text)}</p>' for text in a["讨论段落"]]
    for section in c["专项列表"]:
        out.append(f"<h2>{section['节号']}、{_e(section['标题'])}</h2>")
        out += [f'<p class="body">{_e(text)}</p>' for text in section["段落"]]
        out += [f"<p>{_FILL}</p>" for _ in section["填写行"]]
    if c["测评"]:
        out.append(f"<h2>{number['测评']}、民主测评结果和评定等次</h2>")
        out += [f'<p class="body">{_e(text)}</p>' for text in c["测评"]["段落"]]
        out += [f"<p>{_FILL}</p>" for _ in c["测评"]["填写行"]]
        if c["测评"]["人员"]:
            head = ("序号", "姓名", "优秀", "合格", "基本合格", "不合格", "评定等次")
            keys = ("序号", "姓名", "优秀", "合格", "基本合格", "不合格", "等次")
            out.append('<table border="1" cellspacing="0" cellpadding="3" width="100%"><thead><tr>'
                       + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>")
            out += ["<tr>" + "".join(f'<td align="center">{_e(p[k])}</td>' for k in keys) + "</tr>"
                    for p in c["测评"]["人员"]]
            out.append("</tbody></table>")
        out += [f'<p class="body">{_e(text)}</p>' for text in c["测评"]["结论"]]
    if c["表决列表"]:
        out.append(f"<h2>{number['表决']}、表决情况</h2>")
        for m in c["表决列表"]:
            out.append(f'<p class="body">{m["序号"]}．{_e(m["事项"])}</p>')
            out.append(f'<p class="body">现场表决：赞成{m["赞成"]}票，反对{m["反对"]}票，弃权{m["弃权"]}票。'
                       f'{_e(m["书面意见"])}</p>')
            out.append(f'<p class="body"><span class="label">表决结果：</span>{_e(m["结果"])}</p>')
    if c["决议列表"]:
        out.append(f"<h2>{number['决议']}、会议决议</h2>")
        for r in c["决议列表"]:
            out.append(f'<p class="body">{r["序号"]}．{_e(r["内容"])}{_e(r["附注"])}</p>')
            if r["完成情况"]:
                out.append(f'<p class="body">完成情况：{_e(r["完成情况"])}</p>')
    if c["备注"]:
        out.append(f'<p class="body"><span class="label">备注：</span>{_e(c["备注"])}</p>')
    out.append(f'<p class="sign">主持人（签字）：{_SIGN_BLANK}</p>')
    out.append(f'<p class="sign">记录人（签字）：{_SIGN_BLANK}</p>')
    return out


def minutes_html(detail: MeetingDetail, results: BranchResults | None = None) -> str:
    """The minutes of ``detail`` (the fields of 会议记录.docx) as an HTML page; ``results``: the
    民主评议 printed in the minutes of a 民主评议党员会议 (``meeting_docs.evaluation_of``)."""
    context = minutes_context(detail, results)
    return _page(context["标题"], _minutes_body(context))


def signin_html(detail: MeetingDetail, expected: Sequence[Attendee]) -> str:
    """The sign-in sheet: the meeting, then a bordered table 序号 | 姓名 | 人员类别 (职务) | 签到 | 备注
    with one tall row per expected attendee (see ``meeting_docs.expected_attendees``); the header
    row repeats on every printed page."""
    c = signin_context(detail, expected)
    head = "".join(f'<th width="{width}%">{_e(text)}</th>' for text, width in
                   (("序号", 9), ("姓名", 18), (c["类别列名"], 18), ("签到", 27), ("备注", 28)))
    centred = '<td class="sign" align="center">'
    rows = [
        f'<tr>{centred}{_e(p["序号"])}</td>{centred}{_e(p["姓名"])}</td>{centred}{_e(p["类别"])}</td>'
        # Two lines of room in the 签到 cell: QTextDocument ignores row heights and cell padding.
        f'<td class="sign">&nbsp;<br>&nbsp;</td><td class="sign">{_e(p["备注"])}</td></tr>'
        for p in c["人员"]
    ]
    body = [
        f"<h1>{_e(c['标题'])}</h1>",
        _field("会议名称", c["会议名称"]),
        _field("时间", c["时间"]),
        _field("地点", c["地点"]),
        f'<p><span class="label">主持人：</span>{_e(c["主持人"])}{_GAP}<span class="label">记录人：</span>'
        f'{_e(c["记录人"])}</p>',
        f'<p><span class="label">应到：</span>{_e(c["应到"])}人{_GAP}<span class="label">实到：</span>{_GAP}人</p>',
        '<table border="1" cellspacing="0" cellpadding="4" width="100%">',
        '<thead><tr>' + head + "</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody></table>",
    ]
    return _page(c["标题"], body)


__all__ = ["BODY_FONT", "minutes_html", "signin_html"]
