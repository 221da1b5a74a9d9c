"""The minutes and record books as a clerk files them (issue 13): the kind-specific sections (党课 R-MEET-4,
组织生活会 R-MEET-6, 民主评议党员会议 R-MEET-8 with the grades R-EVAL-1), the 党课 notice, and signatures that
never stand alone on a page (R-DOC-5)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from sqlalchemy import select

from djdesk.domain.enums import EvalGrade, MeetingKind
from djdesk.paths import DataPaths
from djdesk.services import meeting_docs as md
from djdesk.services.documents import docx_text
from djdesk.services.meeting_detail import load_meetings
from djdesk.store.models import Evaluation, Meeting, Member, Organization
from tests.services.test_meeting_docs import YEAR, meeting_of

HAVE_LIBREOFFICE = bool(shutil.which("soffice") and shutil.which("pdftotext"))
SIGN_LINES = ("主持人（签字）", "记录人（签字）")


def _paragraphs(out: Path) -> list[Any]:
    return list(docx.Document(str(out)).paragraphs)


def _after(lines: list[str], heading: str) -> list[str]:
    """The lines after the heading that ends with ``heading``, up to the next 一、-level heading."""
    start = next(i for i, line in enumerate(lines) if re.fullmatch(rf"[一二三四五六七八九十]+、{heading}", line))
    rest = lines[start + 1:]
    end = next((i for i, line in enumerate(rest) if re.match(r"[一二三四五六七八九十]+、", line)
                or line.startswith(SIGN_LINES)), len(rest))
    return rest[:end]


# --- 民主评议党员会议: the 测评 results and the grades agreed -------------------------------------------


def test_r_meet_8_evaluation_minutes_carry_the_grades(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.EVALUATION_MEETING)
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "评议.docx")
    lines = [line for line in docx_text(out).splitlines() if line.strip()]
    section = _after(lines, "民主测评结果和评定等次")
    with opened.sessions() as session:  # the grades as stored, read here without the services
        graded = dict(session.execute(
            select(Member.name, Evaluation.grade).join(Member, Member.id == Evaluation.member_id)
            .where(Evaluation.year == YEAR, Evaluation.organization_id == detail.org_id)).all())
    table = docx.Document(str(out)).tables[-1]
    assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "优秀", "合格", "基本合格", "不合格", "评定等次"]
    rows = {r.cells[1].text: r.cells[6].text for r in table.rows[1:]}
    excellent = sorted(name for name, grade in rows.items() if grade == "优秀")
    assert excellent == sorted(n for n, g in graded.items() if g is EvalGrade.EXCELLENT and rows.get(n) == "优秀")
    assert excellent and all(graded[name] is EvalGrade.EXCELLENT for name in excellent)
    text = "".join(section)
    assert f"优秀{len(excellent)}名" in text
    assert f"合格{sum(1 for g in rows.values() if g == '合格')}名" in text
    named = next(line for line in section if line.startswith("评定为优秀的党员："))
    assert sorted(named.removeprefix("评定为优秀的党员：").rstrip("。").split("、")) == excellent
    assert "预备党员" in text and "不评定等次" in text  # R-EVAL-2
    assert "三分之一" in text  # the share as the 测评表 says it


# --- 组织生活会: 对照检查, 批评和自我批评, 整改措施 ------------------------------------------------------


def test_r_meet_6_life_meeting_has_its_sections(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.LIFE_MEETING)
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "生活会.docx")
    lines = [line for line in docx_text(out).splitlines() if line.strip()]
    headings = [re.sub(r"^[一二三四五六七八九十]+、", "", line) for line in lines
                if re.match(r"[一二三四五六七八九十]+、", line)]
    assert headings[-3:] == ["对照检查", "批评和自我批评", "整改措施"]
    checking = next(a for a in detail.agenda if "对照检查" in a.title)
    assert _after(lines, "对照检查") == [checking.discussion]
    criticism = next(a for a in detail.agenda if "批评" in a.title)
    assert _after(lines, "批评和自我批评") == [criticism.discussion]
    measures = "".join(_after(lines, "整改措施"))
    assert detail.resolutions and all(r.content in measures for r in detail.resolutions)
    assert "会议决议" not in headings  # the resolutions are the 整改措施, not repeated
    # the items with a section of their own are not written out again under 会议内容
    content = "".join(_after(lines, "会议内容"))
    assert checking.discussion not in content and criticism.discussion not in content


def test_r_meet_6_sections_without_a_record_get_lines_to_write_on(opened: Any, demo_paths: DataPaths,
                                                                   tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.LIFE_MEETING)
    with opened.sessions.begin() as session:
        meeting = session.get(Meeting, detail.id)
        assert meeting is not None
        meeting.agenda.clear()
        meeting.resolutions.clear()
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "生活会.docx")
    paragraphs = _paragraphs(out)
    texts = [p.text for p in paragraphs]
    for heading in ("对照检查", "批评和自我批评", "整改措施"):
        index = next(i for i, t in enumerate(texts) if t.endswith(f"、{heading}"))
        ruled = paragraphs[index + 1]
        assert ruled.text == "\t"
        stops = ruled._p.findall(f".//{qn('w:tab')}")
        assert any(s.get(qn("w:leader")) == "underscore" for s in stops)


# --- 党课: 主讲人, 题目, 提纲; the notice -----------------------------------------------------------------


def test_r_meet_4_lecture_minutes_carry_speaker_topic_and_outline(opened: Any, demo_paths: DataPaths,
                                                                   tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.PARTY_LECTURE)
    assert "党课：" in detail.title and detail.speaker
    topic = detail.title.split("党课：", 1)[1]
    out = md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "党课.docx")
    lines = [line for line in docx_text(out).splitlines() if line.strip()]
    assert f"主讲人：{detail.speaker}" in lines
    assert f"党课题目：{topic}" in lines
    lecture = next(a for a in detail.agenda if "党课" in a.title)
    assert _after(lines, "党课提纲和主要内容") == [lecture.discussion]


def test_lecture_notice_numbers_every_item(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """No «主讲人» line stands between the numbered items: it is an item of its own."""
    detail = meeting_of(opened, MeetingKind.PARTY_LECTURE)
    out = md.render_notice(demo_paths, opened.sessions, detail.id, tmp_path / "通知.docx")
    lines = [line for line in docx_text(out).splitlines() if line.strip()]
    first = next(i for i, line in enumerate(lines) if line.startswith("一、"))
    last = next(i for i, line in enumerate(lines) if "有关要求" in line)
    numbered = lines[first:last + 1]
    for line in numbered:  # an item 一、… or an agenda line 1．… under 会议议程
        assert re.match(r"[一二三四五六七八九十]+、|\d+．", line), line
    labels = [re.sub(r"^[一二三四五六七八九十]+、", "", line).split("：")[0] for line in numbered
              if not re.match(r"\d", line)]
    assert labels == ["会议时间", "会议地点", "党课题目", "主讲人", "会议议程", "参会人员", "有关要求"]
    assert f"四、主讲人：{detail.speaker}" in numbered
    numbers = [line.split("、")[0] for line in numbered if not re.match(r"\d", line)]
    assert numbers == ["一", "二", "三", "四", "五", "六", "七"]


def test_assembly_notice_keeps_its_five_items(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    detail = meeting_of(opened, MeetingKind.GENERAL_ASSEMBLY)
    lines = docx_text(md.render_notice(demo_paths, opened.sessions, detail.id, tmp_path / "通知.docx")).splitlines()
    numbers = [line.split("、")[0] for line in lines if re.match(r"[一二三四五六]、", line)]
    assert numbers == ["一", "二", "三", "四", "五"]
    assert "主讲人" not in "".join(lines)


# --- signatures stay with the text -----------------------------------------------------------------


def test_r_doc_5_last_paragraph_keeps_with_the_signatures(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    for kind in (MeetingKind.GENERAL_ASSEMBLY, MeetingKind.COMMITTEE_MEETING, MeetingKind.EVALUATION_MEETING):
        detail = meeting_of(opened, kind)
        paragraphs = _paragraphs(md.render_minutes(demo_paths, opened.sessions, detail.id, tmp_path / "m.docx"))
        first = next(i for i, p in enumerate(paragraphs) if p.text.startswith(SIGN_LINES[0]))
        last_text = max(i for i in range(first) if paragraphs[i].text.strip())
        for p in paragraphs[last_text:first]:  # the last text, the empty line, the first sign line
            assert p.paragraph_format.keep_with_next, (kind, p.text)
        assert paragraphs[first].style.name == "签字栏"


def _pages(pdf: Path) -> list[list[str]]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]
    return [[line for line in page if not re.fullmatch(r"—\s*\d+\s*—", line)] for page in pages]


@pytest.mark.skipif(not HAVE_LIBREOFFICE, reason="LibreOffice and poppler-utils are not installed")
def test_r_doc_5_no_signature_alone_on_a_page_in_any_record_book(opened: Any, demo_paths: DataPaths,
                                                                   tmp_path: Path) -> None:
    """Every record book of the demo (which holds every minutes of the year) printed by LibreOffice: no page
    starts with a signature line, and each meeting's signatures share a page with its text."""
    with opened.sessions() as session:
        holders = list(session.scalars(select(Organization.id).where(
            Organization.id.in_(select(Meeting.organization_id).where(Meeting.held.is_(True))))))
    books = []
    for org_id in holders:
        if load_meetings(opened.sessions, org_id, YEAR):
            books.append(md.render_book(demo_paths, opened.sessions, org_id, YEAR, tmp_path / f"book{org_id}.docx"))
    assert len(books) >= 8
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), *map(str, books)], check=True, capture_output=True, timeout=600)
    checked = 0
    for book in books:
        for number, page in enumerate(_pages(tmp_path / "pdf" / f"{book.stem}.pdf"), start=1):
            if page and page[0].startswith(SIGN_LINES):
                pytest.fail(f"{book.name} page {number} starts with a signature: {page[:2]}")
            if any(line.startswith(SIGN_LINES[0]) for line in page):
                checked += 1
    assert checked >= 100  # every meeting's signature block was seen (the demo year has well over 100 meetings)

