"""What every rendered Word document gets (services/docx_finish): 署名 and 成文日期 placed as GB/T 9704
§7.3.5.2 says (R-DOC-1: on the 28-character line), signatures kept with the text above them (R-DOC-5),
and real core properties."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree  # type: ignore[import-untyped]

from djdesk.paths import DataPaths
from djdesk.services.documents import render_docx
from djdesk.services.docx_finish import signature_indents, text_chars
from djdesk.services.docx_layout import add_body, add_signature, new_gbt9704_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_text_chars_counts_digits_as_half() -> None:
    assert text_chars("中共某某委员会") == 7
    assert text_chars("2026年12月8日") == 2 + 1 + 1 + 1 + 0.5 + 1  # 2026 · 年 · 12 · 月 · 8 · 日
    assert text_chars("（联系人）") == 5


@pytest.mark.parametrize(("name", "date", "expected"), [
    (17, 6.5, (2, 10.5)),  # the date starts 2 characters right of the 署名: 2 + 17 − 2 − 6.5 from the right
    (6, 6.5, (4.5, 2)),  # a date longer than the 署名 allows: 右空二字, and the 署名 moves left
    (8.5, 6.5, (2, 2)),  # exactly fits
])
def test_r_doc_1_signature_indents_follow_gbt9704_7_3_5_2(name: float, date: float,
                                                           expected: tuple[float, float]) -> None:
    name_right, date_right = signature_indents(name, date)
    assert (name_right, date_right) == expected
    # the rule, checked on the result: 署名 starts two characters left of the date's first character
    assert (name_right + name) - (date_right + date) == 2
    assert min(name_right, date_right) == 2  # neither comes closer than 2 characters to the margin


def _letter(data_paths: DataPaths, tmp_path: Path, issuer: str, date: str, paragraphs: int = 3) -> Path:
    document = new_gbt9704_document()
    for _ in range(paragraphs):
        add_body(document, "{{ 正文 }}")
    add_body(document, "")
    add_signature(document, "{{ 署名 }}", "{{ 日期 }}")
    data_paths.forms.mkdir(parents=True, exist_ok=True)
    document.save(str(data_paths.forms / "函.docx"))
    return render_docx(data_paths, "函.docx", {"正文": "特此函告。" * 10, "署名": issuer, "日期": date},
                       tmp_path / "函.docx", author="中共某某厅直属机关委员会")


def _body(out: Path) -> list[etree._Element]:
    with zipfile.ZipFile(out) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return list(root.find(f"{W}body").iter(f"{W}p"))


def _ind(p: etree._Element) -> dict[str, str]:
    ind = p.find(f"{W}pPr/{W}ind")
    return {k.split("}")[1]: v for k, v in ind.attrib.items()}


def _jc(p: etree._Element) -> str:
    return str(p.find(f"{W}pPr/{W}jc").get(f"{W}val"))


def _text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_r_doc_1_signature_and_date_in_the_rendered_xml(data_paths: DataPaths, tmp_path: Path) -> None:
    """署名 (17 characters) 右空二字; the date's first character 2 characters right of the 署名's first one:
    the 署名 starts at character 28 − 2 − 17 = 9 from the left margin, so the date at 11."""
    paragraphs = _body(_letter(data_paths, tmp_path, "中共示例省交通运输厅直属机关委员会", "2026年12月8日"))
    name = next(p for p in paragraphs if _text(p) == "中共示例省交通运输厅直属机关委员会")
    date = next(p for p in paragraphs if _text(p) == "2026年12月8日")
    assert _jc(name) == "right" and _ind(name)["rightChars"] == "200"
    assert _jc(date) == "left" and _ind(date)["leftChars"] == "1100" and _ind(date)["firstLineChars"] == "0"
    assert int(_ind(date)["left"]) <= 11 * 442.25 * 20 / 28  # twips never past 11 cells (LibreOffice rounds up)


def test_r_doc_1_a_date_longer_than_the_signature(data_paths: DataPaths, tmp_path: Path) -> None:
    """署名 办公室支部 (5) and 2026年12月18日 (7): the date 右空二字, the 署名's first character two
    characters left of the date's: right indent 2 + 7 + 2 − 5 = 6."""
    paragraphs = _body(_letter(data_paths, tmp_path, "办公室支部", "2026年12月18日"))
    name = next(p for p in paragraphs if _text(p) == "办公室支部")
    date = next(p for p in paragraphs if _text(p) == "2026年12月18日")
    assert _jc(date) == "right" and _ind(date)["rightChars"] == "200"
    assert _jc(name) == "right" and _ind(name)["rightChars"] == "600"


def test_signature_keeps_with_the_last_paragraph(data_paths: DataPaths, tmp_path: Path) -> None:
    paragraphs = _body(_letter(data_paths, tmp_path, "办公室支部", "2026年12月8日"))
    index = next(i for i, p in enumerate(paragraphs) if _text(p) == "办公室支部")
    kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs]
    assert kept[index - 2:index + 1] == [True, True, True]  # last text, the empty line, the 署名
    assert not kept[index - 3]  # the text before it is free to stay on its page
    assert paragraphs[index - 2].find(f"{W}pPr/{W}keepLines") is not None  # 2 lines: kept whole


def test_core_properties_are_now_and_the_committee(data_paths: DataPaths, tmp_path: Path) -> None:
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    out = _letter(data_paths, tmp_path, "办公室支部", "2026年12月8日")
    props = docx.Document(str(out)).core_properties
    assert props.author == "中共某某厅直属机关委员会" and props.last_modified_by == "中共某某厅直属机关委员会"
    assert props.created is not None and props.modified is not None
    after = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    assert before <= props.created <= after and before <= props.modified <= after
    with zipfile.ZipFile(out) as package:
        core = package.read("docProps/core.xml").decode()
    assert "python-docx" not in core and "lastPrinted" not in core


def test_every_document_of_a_service_names_the_committee(opened: Any, demo_paths: DataPaths, tmp_path: Path) -> None:
    """The minutes (and every Word file, through render_docx) carry the 机关党委 and the time of making."""
    from sqlalchemy import select

    from djdesk.services.meeting_docs import render_minutes
    from djdesk.services.settings import save_setting
    from djdesk.store.models import Meeting

    save_setting(opened.sessions, "unit.committee_name", "中共某某厅直属机关委员会")
    with opened.sessions() as session:
        meeting_id = session.scalar(select(Meeting.id).where(Meeting.held.is_(True)).limit(1))
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    props = docx.Document(str(render_minutes(demo_paths, opened.sessions, meeting_id, tmp_path / "m.docx"))
                          ).core_properties
    assert props.author == "中共某某厅直属机关委员会" and props.created is not None and props.created >= before


def test_default_templates_name_no_program() -> None:
    from djdesk.services.documents import default_forms_dir

    for template in default_forms_dir().glob("*.docx"):
        with zipfile.ZipFile(template) as package:
            core = package.read("docProps/core.xml").decode()
        assert "python-docx" not in core, template.name
