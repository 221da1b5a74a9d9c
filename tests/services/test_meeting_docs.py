"""The meeting documents on the demo data: 会议记录 (R-DOC-5), 签到表, 会议通知 and 会议记录本, in GB/T 9704
layout (R-DOC-1, R-DOC-2), dates as 2025年7月1日 (R-DOC-4), quorum and votes (R-MEET-9, R-MEET-10); and
the same content as HTML for the print preview."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select, update

from djdesk.domain.enums import CommitteeRole, MeetingKind
from djdesk.domain.errors import InputError
from djdesk.paths import DataPaths
from djdesk.services import meeting_docs as md
from djdesk.services.documents import GUIDE_FILENAME, TemplateError, default_forms_dir, docx_text
from djdesk.services.meeting_detail import MeetingDetail, load_meeting, load_meetings
from djdesk.services.meeting_print import minutes_html, signin_html
from djdesk.store.models import AgendaItem, CommitteeSeat, Meeting, Organization

YEAR = 2025
BRANCH = "办公室支部"
DATE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日")
KINDS = [MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.PARTY_LECTURE,
         MeetingKind.THEME_DAY, MeetingKind.GROUP_MEETING, MeetingKind.LIFE_MEETING]


def branch_id(store: Any, short: str = BRANCH) -> int:
    with store.sessions() as session:
        return int(session.scalar(select(Organization.id).where(Organization.short_name == short)))


def meeting_of(store: Any, kind: MeetingKind) -> MeetingDetail:
    """The first meeting of ``kind`` of the branch, or of one of its 党小组 (where 党小组会 are recorded)."""
    with store.sessions() as session:
        holders = [branch_id(store), *session.scalars(
            select(Organization.id).where(Organization.parent_id == branch_id(store)))]
    return next(d for org in holders for d in load_meetings(store.sessions, org, YEAR) if d.kind is kind)


def flat(text: str) -> str:
    return "".join(text.split())


# --- 会议记录 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_r_doc_5_minutes_hold_every_field(opened: Any, demo_paths: DataPaths, tmp_path: Path,
                                          kind: MeetingKind) -> None:
    """R-DOC-5: title with 第N次, 主持人/记录人, each present attendee, 请假 with reasons, resolutions."""
    detail = meeting_of(opened, kind)
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "记录.docx")
    text = docx_text(out)
    assert "{{" not in text and "{%" not in text
    assert text.startswith(md.record_title(detail) + "\n")  # a long title breaks after the organisation
    assert f"第{detail.sequence}次" in text.split("会议名称")[0]
    assert f"主持人：{detail.host}" in text and f"记录人：{detail.recorder}" in text
    assert f"地点：{detail.place}" in text
    present_line = next(line for line in text.splitlines() if line.startswith("出席："))
    assert all(p.name in present_line for p in detail.present)
    leave_line = next(line for line in text.splitlines() if line.startswith("请假："))
    for person in detail.on_leave:
        assert f"{person.name}（{person.reason}）" in leave_line
    if not detail.on_leave:
        assert leave_line == "请假：无"
    for item in detail.agenda:
        assert item.title in text
    for resolution in detail.resolutions:
        assert resolution.content in text and f"负责人：{resolution.owner}" in text
    assert ("主讲人：" in text) is (kind is MeetingKind.PARTY_LECTURE)
    assert "主持人（签字）：" in text and "记录人（签字）：" in text
    assert text.rstrip().endswith("主持人（签字）：\t\n\n记录人（签字）：")  # signed at the end


def test_r_doc_5_labels_are_heiti(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-DOC-5: the labels 出席, 请假, 缺席, 列席 are 黑体 (the 标签 character style)."""
    detail = meeting_of(opened, MeetingKind.LIFE_MEETING)  # has a 列席 guest
    document = docx.Document(str(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx")))
    labels = {run.text for p in document.paragraphs for run in p.runs if run.style.name == "标签"}
    assert {"出席：", "请假：", "缺席：", "列席："} <= labels
    heiti = document.styles["标签"].element.find(qn("w:rPr")).find(qn("w:rFonts")).get(qn("w:eastAsia"))
    assert heiti == "黑体"


def test_r_meet_9_minutes_state_voting_rights_quorum_and_votes(opened: Any, demo_paths: DataPaths,
                                                               tmp_path: Path) -> None:
    detail = next(d for d in load_meetings(opened.sessions, branch_id(opened), YEAR) if d.motions)
    text = docx_text(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
    assert f"有表决权的党员应到{detail.entitled_voting}人，实到{detail.present_voting}人" in text
    assert f"会议有效性：有效。有表决权的党员应到{detail.entitled_voting}人" in text
    motion = detail.motions[0]
    assert f"{motion.title}" in text
    assert f"现场表决：赞成{motion.yes}票，反对{motion.no}票，弃权{motion.abstain}票。" in text
    assert f"表决结果：通过。赞成{motion.yes}票" in text
    assert "三、表决情况" in text and "四、会议决议" in text


def test_r_meet_10_committee_minutes_state_the_quorum(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.COMMITTEE_MEETING)
    text = docx_text(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
    assert f"会议有效性：有效。支部委员{detail.expected_count}人，到会{detail.present_count}人，超过半数。" in text
    assert "表决权：" not in text and "表决情况" not in text


def test_empty_sections_vanish_and_numbering_follows(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.THEME_DAY)  # no motions, no resolutions
    text = docx_text(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
    assert "一、会议议题" in text and "二、会议内容" in text
    assert "表决情况" not in text and "会议决议" not in text and "三、" not in text
    assert "会议有效性" not in text and "列席：" not in text


def test_r_doc_4_dates_without_zero_padding(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """R-DOC-4: 2025年3月14日, never 2025年03月14日 or 2025-03-14."""
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    texts = [docx_text(render(demo_paths, opened.sessions, detail.id, tmp_path / f"{i}.docx"))
             for i, render in enumerate((md.render_minutes, md.render_signin, md.render_notice))]
    for text in texts:
        dates = DATE.findall(text)
        assert dates and all(not re.search(r"[年月]0", d) for d in dates)
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)
        assert f"{detail.held_on.year}年{detail.held_on.month}月{detail.held_on.day}日" in text


def test_autoescape_keeps_ampersand_and_angle_brackets(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """design.md, Known traps: without autoescape "A&B <支部>" cuts the document."""
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    with opened.sessions.begin() as session:
        session.execute(update(Meeting).where(Meeting.id == detail.id).values(title="A&B <支部>", place="楼<3>&室"))
        session.execute(update(AgendaItem).where(AgendaItem.meeting_id == detail.id, AgendaItem.seq == 1)
                        .values(discussion="张三说：\"A&B\" <很好>。\n李四补充。"))
    for render in (md.render_minutes, md.render_signin, md.render_notice):
        text = docx_text(render(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
        assert "A&B <支部>" in text and "楼<3>&室" in text
    text = docx_text(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
    assert "张三说：\"A&B\" <很好>。\n李四补充。" in text
    page = minutes_html(load_meeting(opened.sessions, detail.id))
    assert "A&amp;B &lt;支部&gt;" in page and "<支部>" not in page


def test_planned_meeting_has_no_minutes(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    planned = _planned(opened, MeetingKind.GENERAL_ASSEMBLY)
    with pytest.raises(InputError, match="还没有召开"):
        md.render_minutes(demo_paths, opened.sessions, planned, tmp_path / "m.docx")
    assert not (tmp_path / "m.docx").exists()


def test_unknown_meeting_is_refused(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    for render in (md.render_minutes, md.render_signin, md.render_notice):
        with pytest.raises(InputError, match="找不到编号为 987654 的会议"):
            render(demo_paths, opened.sessions, 987654, tmp_path / "m.docx")
    assert not (tmp_path / "m.docx").exists()


def test_broken_user_template_names_it_and_default_still_works(opened: Any, demo_paths: DataPaths,
                                                               tmp_path: Path) -> None:
    """A clerk's copy with a mistyped placeholder: TemplateError names the file; use_default renders."""
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    document = docx.Document(str(default_forms_dir() / md.MINUTES_TEMPLATE))
    document.add_paragraph("{{ 主持 }}")
    demo_paths.forms.mkdir(parents=True, exist_ok=True)
    document.save(str(demo_paths.forms / md.MINUTES_TEMPLATE))
    with pytest.raises(TemplateError) as caught:
        md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx")
    assert "会议记录.docx" in caught.value.message and "{{ 主持 }}" in caught.value.message
    assert GUIDE_FILENAME in caught.value.message
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx", use_default=True)
    assert f"主持人：{detail.host}" in docx_text(out)


def test_every_placeholder_is_in_the_context_and_the_guide(opened: Any) -> None:
    """Each template's top-level placeholders are provided by its context and listed in 模板说明.txt."""
    guide = (default_forms_dir() / GUIDE_FILENAME).read_text(encoding="utf-8-sig")
    context = md.minutes_context(meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY))
    for name in ("会议记录.docx", "签到表.docx", "会议通知.docx", "会议记录本.docx"):
        section = guide.split(f"【{name}】")[1].split("\n【")[0]
        with zipfile.ZipFile(default_forms_dir() / name) as package:
            xml = package.read("word/document.xml").decode()
        used = set(re.findall(r"\{\{r? ([\w.]+) \}\}", re.sub(r"<[^>]+>", "", xml)))
        loops = set(re.findall(r"for (\w+) in", re.sub(r"<[^>]+>", "", xml)))
        for placeholder in used:
            head = placeholder.split(".")[0]
            if head in loops:
                continue
            assert f"{{{{ {placeholder} }}}}" in section or f"{{{{r {placeholder} }}}}" in section, (name, placeholder)
            if name == "会议记录.docx":
                assert head in context, placeholder
    assert context == md.minutes_context(meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY))  # a pure function
    assert context["节号"] == {"议题": "一", "内容": "二", "表决": "三", "决议": "四"}


# --- 签到表 and 会议通知 --------------------------------------------------------------------------


def _planned(store: Any, kind: MeetingKind, short: str = BRANCH) -> int:
    with store.sessions.begin() as session:
        meeting = Meeting(organization_id=branch_id(store, short), kind=kind, title=f"计划中的{kind.label}",
                          held_on=dt.date(YEAR, 12, 29), held=False, start_time=dt.time(9, 0), place="第一会议室")
        session.add(meeting)
        session.flush()
        return int(meeting.id)


def test_signin_sheet_lists_recorded_attendees_with_header_repeated(opened: Any, demo_paths: DataPaths,
                                                                    tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    out = md.render_signin(demo_paths, opened.sessions, detail.id, tmp_path / "签到表.docx")
    text = docx_text(out)
    assert text.splitlines()[0] == "办公室支部党员大会签到表"
    assert f"应到：{detail.expected_count}人" in text
    document = docx.Document(str(out))
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "人员类别", "签到", "备注"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    body = table.rows[1:]
    assert [r.cells[1].text for r in body] == [p.name for p in detail.attendees]
    assert all(r.cells[3].text == "" for r in body)
    height = body[0]._tr.trPr.find(qn("w:trHeight"))
    assert int(height.get(qn("w:val"))) >= 9 * 1440 / 25.4  # ≥ 9 mm to sign in (about 20 names a page)
    leave = detail.on_leave[0]
    assert next(r for r in body if r.cells[1].text == leave.name).cells[4].text == f"请假（{leave.reason}）"


def test_signin_sheet_of_a_planned_meeting_uses_the_roster(opened: Any, demo_paths: DataPaths,
                                                           tmp_path: Path) -> None:
    planned = _planned(opened, MeetingKind.GENERAL_ASSEMBLY)
    detail = load_meeting(opened.sessions, planned)
    expected = md.expected_attendees(opened.sessions, detail)
    assert len(expected) == 36 and expected[0].role == "书记"
    text = docx_text(md.render_signin(demo_paths, opened.sessions, planned, tmp_path / "s.docx"))
    assert "应到：36人" in text and expected[-1].name in text


def test_signin_sheet_of_a_planned_committee_meeting_lists_the_committee(opened: Any, demo_paths: DataPaths,
                                                                         tmp_path: Path) -> None:
    planned = _planned(opened, MeetingKind.COMMITTEE_MEETING)
    expected = md.expected_attendees(opened.sessions, load_meeting(opened.sessions, planned))
    assert expected[0].role == "书记" and len(expected) == 4
    document = docx.Document(str(md.render_signin(demo_paths, opened.sessions, planned, tmp_path / "s.docx")))
    assert document.tables[0].rows[0].cells[2].text == "职务"
    assert document.tables[0].rows[1].cells[2].text == "书记"


def test_notice_of_a_planned_meeting(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    planned = _planned(opened, MeetingKind.GENERAL_ASSEMBLY)
    out = md.render_notice(demo_paths, opened.sessions, planned, tmp_path / "n.docx", on=dt.date(2025, 12, 1))
    text = docx_text(out)
    lines = text.splitlines()
    assert lines[0] == "关于召开支部党员大会的通知"
    assert "办公室支部全体党员：" in lines
    assert "定于2025年12月29日（星期一）9:00在第一会议室召开计划中的支部党员大会" in text
    assert "1．计划中的支部党员大会" in text  # no agenda yet: the meeting itself
    assert "办公室支部全体党员（共36人）" in text and "向支部书记请假" in text
    assert "中共示例省交通运输厅办公室支部委员会\n2025年12月1日" in text


def test_notice_of_a_party_lecture_names_the_speaker(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.PARTY_LECTURE)
    text = docx_text(md.render_notice(demo_paths, opened.sessions, detail.id, tmp_path / "n.docx", on=dt.date.today()))
    assert text.splitlines()[0] == "关于开展党课学习的通知"
    assert f"主讲人：{detail.speaker}" in text


# --- 会议记录本 -------------------------------------------------------------------------------------


def test_record_book_holds_every_meeting_in_date_order(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    details = load_meetings(opened.sessions, branch_id(opened), YEAR)
    out = md.render_book(demo_paths, opened.sessions, BRANCH, YEAR, tmp_path / "记录本.docx")
    text = docx_text(out)
    assert text.lstrip().startswith("办公室支部2025年会议记录本")
    assert f"共{len(details)}次" in text
    positions = [text.index(md.record_title(d)) for d in details]  # titles are unique (第N次)
    assert positions == sorted(positions)
    document = docx.Document(str(out))
    breaks = [p for p in document.paragraphs if p.paragraph_format.page_break_before]
    assert len(breaks) == len(details) + 1  # the contents, then each meeting on a new page
    marks = [b.get(qn("w:name")) for b in document.element.body.iter(qn("w:bookmarkStart"))]
    assert marks == [f"djdesk_meeting_{i}" for i in range(1, len(details) + 1)]
    # The contents work without updating fields in WPS or Word: no field at all, each line 第N次 and
    # the date, and a link to its meeting's bookmark.
    assert not list(document.element.body.iter(qn("w:instrText")))
    assert document.settings.element.find(qn("w:updateFields")) is None
    contents = document.tables[0]
    assert [c.text for c in contents.rows[0].cells] == ["序号", "日期", "会议"]
    lines = [r.cells[2].text for r in contents.rows[1:]]
    kinds: dict[tuple[str, MeetingKind], int] = {}
    for line, d, row in zip(lines, details, contents.rows[1:], strict=True):
        holder = d.group_name if d.group_name and d.group_name != d.org_short_name else ""
        kinds[(holder, d.kind)] = kinds.get((holder, d.kind), 0) + 1  # counted here, not by the program
        assert line.startswith(f"{holder}第{kinds[(holder, d.kind)]}次{d.kind.label}"), line
        assert row.cells[1].text == f"{d.held_on.month}月{d.held_on.day}日"
    anchors = [h.get(qn("w:anchor")) for h in contents._tbl.iter(qn("w:hyperlink"))]
    assert anchors == marks
    # the cover carries the branch's 基本情况
    cover = text.split("目　　录")[0]
    for label in ("书　记：", "委　员：", "党　员：", "党小组："):
        assert label in cover
    assert "办公室支部第一党小组" in cover or "办公室第一党小组" in cover
    with opened.sessions() as session:
        secretary = session.scalar(select(CommitteeSeat.person_name).where(
            CommitteeSeat.organization_id == branch_id(opened), CommitteeSeat.role == CommitteeRole.SECRETARY,
            CommitteeSeat.ended_on.is_(None)))
    assert f"书　记：{secretary}" in cover


def test_record_book_by_id_and_refusals(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    out = md.render_book(demo_paths, opened.sessions, branch_id(opened, "财务审计处支部"), YEAR, tmp_path / "b.docx")
    assert "财务审计处支部2025年会议记录本" in docx_text(out)
    with pytest.raises(InputError, match="找不到党组织“没有这个支部”"):
        md.render_book(demo_paths, opened.sessions, "没有这个支部", YEAR, tmp_path / "x.docx")
    with pytest.raises(InputError, match="1999年没有已召开的会议"):
        md.render_book(demo_paths, opened.sessions, BRANCH, 1999, tmp_path / "x.docx")
    assert not (tmp_path / "x.docx").exists()


# --- GB/T 9704 page and the printed result ----------------------------------------------------------


def test_r_doc_1_margins_of_every_meeting_document(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    outs = [render(demo_paths, opened.sessions, detail.id, tmp_path / f"{i}.docx")
            for i, render in enumerate((md.render_minutes, md.render_signin, md.render_notice))]
    outs.append(md.render_book(demo_paths, opened.sessions, BRANCH, YEAR, tmp_path / "book.docx"))
    for out in outs:
        section = docx.Document(str(out)).sections[0]
        measured = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                    section.left_margin, section.right_margin]
        for length, mm in zip(measured, (210, 297, 37, 35, 28, 26), strict=True):
            assert length is not None and abs(length.mm - mm) <= 1, (out.name, mm)


def _pdf(docx_path: Path, tmp_path: Path) -> tuple[str, str]:
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(docx_path)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "pdf" / f"{docx_path.stem}.pdf"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return info, flat(text)


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
                    reason="LibreOffice and poppler-utils are not installed")
def test_r_doc_1_documents_print_on_a4_with_their_content(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """Minutes, sign-in sheet and record book convert to A4 PDFs holding title, 主持人, attendees, resolutions."""
    details = load_meetings(opened.sessions, branch_id(opened, "财务审计处支部"), YEAR)
    detail = next(d for d in details if d.resolutions)
    minutes = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "minutes.docx")
    signin = md.render_signin(demo_paths, opened.sessions, detail.id, tmp_path / "signin.docx")
    book = md.render_book(demo_paths, opened.sessions, "财务审计处支部", YEAR, tmp_path / "book.docx")
    for out in (minutes, signin, book):
        info, text = _pdf(out, tmp_path)
        size = next(line for line in info.splitlines() if line.startswith("Page size:"))
        width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split("x"))
        assert (round(width), round(height)) == (595, 842), out.name
        assert all(p.name in text for p in detail.attendees), out.name
        if out is signin:
            assert "财务审计处支部党员大会签到表" in text
            continue
        assert flat(md.record_title(detail)) in text
        assert f"主持人：{detail.host}" in text
        assert flat(detail.resolutions[0].content) in text
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages > len(details)  # one meeting per page at least, after the cover and the contents
    assert "—1—" not in text.split("目录")[0]  # no page number on the cover


# --- HTML for the print preview ---------------------------------------------------------------------


def html_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page.split("</head>")[1]))


def test_minutes_html_has_the_fields_of_the_document(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = next(d for d in load_meetings(opened.sessions, branch_id(opened), YEAR) if d.motions)
    page = minutes_html(detail)
    text = flat(html_text(page))
    document = flat(docx_text(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx")))
    for piece in (flat(md.record_title(detail)), f"主持人：{detail.host}", f"记录人：{detail.recorder}",
                  *[p.name for p in detail.attendees], *[r.content for r in detail.resolutions],
                  "会议有效性：有效。", "表决结果：通过。", "主持人（签字）"):
        assert flat(piece) in text and flat(piece) in document, piece
    sections = page.count("、会议") + page.count("、表决情况")  # the four numbered sections
    assert "FangSong" in page and "<h1>" in page and sections == 4


def test_signin_html_is_a_bordered_table_with_a_repeated_header(opened: Any) -> None:
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    expected = md.expected_attendees(opened.sessions, detail)
    page = signin_html(detail, expected)
    assert "<thead>" in page and 'border="1"' in page and page.count("<tr>") == len(expected) + 1
    text = html_text(page)
    assert all(p.name in text for p in expected) and "人员类别" in text


def test_signin_html_escapes_user_text(opened: Any) -> None:
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    with opened.sessions.begin() as session:
        session.execute(update(Meeting).where(Meeting.id == detail.id).values(title="<b>A&B</b>", place="<script>"))
    again = load_meeting(opened.sessions, detail.id)
    page = signin_html(again, md.expected_attendees(opened.sessions, again))
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in page and "&lt;script&gt;" in page
    assert "<script>" not in page and "<b>" not in page
