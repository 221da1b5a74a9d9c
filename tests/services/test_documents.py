"""Templates and Word rendering (design.md Documents, rules.md §8 R-DOC-1 … R-DOC-3)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Length, Pt

from djdesk.domain.errors import FolderNotWritable, InputError
from djdesk.paths import DataPaths, bundled_dir
from djdesk.services import documents
from djdesk.services.documents import (
    GUIDE_FILENAME,
    TemplateError,
    docx_text,
    ensure_user_templates,
    list_templates,
    render_docx,
    restore_default,
    template_path,
)

REPO = Path(__file__).resolve().parents[2]
BASE = bundled_dir("forms") / "_base.docx"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def make_template(path: Path, *paragraphs: str, base: Path | None = None) -> Path:
    """A tiny template: python-docx's default document (or a copy of ``base``) plus paragraphs."""
    document = docx.Document(str(base)) if base else docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


@pytest.fixture
def defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for the bundled forms/ folder: 通知.docx, 名单.xlsx, _底稿.docx and the guide."""
    folder = tmp_path / "bundled_forms"
    make_template(folder / "通知.docx", "默认：{{ title }}")
    make_template(folder / "_底稿.docx", "building block")
    (folder / "名单.xlsx").write_bytes(b"not really a workbook")
    (folder / "README.txt").write_text("开发者说明", encoding="utf-8")
    (folder / GUIDE_FILENAME).write_text(
        "模板说明\n\n【通知.docx】测试用的通知\n  占位符：{{ title }}\n【名单.xlsx】名单表\n", encoding="utf-8-sig"
    )
    monkeypatch.setattr(documents, "default_forms_dir", lambda: folder)
    return folder


def no_temp_files(folder: Path) -> bool:
    return not [p for p in folder.iterdir() if p.name.startswith(".~") or p.suffix == ".tmp"]


# --- where templates come from -------------------------------------------------------------------


def test_default_is_used_when_the_clerk_has_no_copy(data_paths: DataPaths, defaults: Path) -> None:
    assert template_path(data_paths, "通知.docx") == defaults / "通知.docx"
    assert template_path(data_paths, "通知") == defaults / "通知.docx"  # suffix optional


def test_clerks_copy_wins_over_the_default(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    make_template(data_paths.forms / "通知.docx", "改过的：{{ title }}")
    assert template_path(data_paths, "通知.docx") == data_paths.forms / "通知.docx"
    out = render_docx(data_paths, "通知.docx", {"title": "年度评议"}, tmp_path / "out.docx")
    assert "改过的：年度评议" in docx_text(out)
    again = render_docx(data_paths, "通知.docx", {"title": "年度评议"}, tmp_path / "d.docx", use_default=True)
    assert "默认：年度评议" in docx_text(again)


@pytest.mark.parametrize("name", ["../通知.docx", "sub/通知.docx", "..", "", "a\\b.docx"])
def test_template_name_must_be_a_plain_file_name(data_paths: DataPaths, defaults: Path, name: str) -> None:
    with pytest.raises(TemplateError):
        template_path(data_paths, name)


def test_missing_template_is_a_template_error(data_paths: DataPaths, defaults: Path) -> None:
    with pytest.raises(TemplateError, match=re.escape("找不到程序自带的模板“不存在.docx”")):
        template_path(data_paths, "不存在.docx")


def test_ensure_user_templates_copies_defaults_but_not_building_blocks(data_paths: DataPaths, defaults: Path) -> None:
    copied = ensure_user_templates(data_paths)
    assert sorted(copied) == sorted(["通知.docx", "名单.xlsx", GUIDE_FILENAME])
    names = {p.name for p in data_paths.forms.iterdir()}
    assert {"通知.docx", "名单.xlsx", GUIDE_FILENAME} <= names
    assert "_底稿.docx" not in names and "README.txt" not in names
    assert ensure_user_templates(data_paths) == []  # second run: nothing to do
    assert no_temp_files(data_paths.forms)


def test_ensure_user_templates_never_overwrites_the_clerks_edit(data_paths: DataPaths, defaults: Path) -> None:
    ensure_user_templates(data_paths)
    edited = make_template(data_paths.forms / "通知.docx", "我改的 {{ title }}")
    edited_bytes = edited.read_bytes()
    make_template(defaults / "通知.docx", "新版默认 {{ title }}")  # a program update changes the default
    assert "通知.docx" not in ensure_user_templates(data_paths)
    assert edited.read_bytes() == edited_bytes


def test_ensure_user_templates_does_not_overwrite_a_copy_made_by_hand(data_paths: DataPaths, defaults: Path) -> None:
    own = make_template(data_paths.forms / "通知.docx", "手工放进来的 {{ title }}")
    before = own.read_bytes()
    ensure_user_templates(data_paths)
    assert own.read_bytes() == before


def test_ensure_user_templates_refreshes_an_unedited_copy_after_an_update(
    data_paths: DataPaths, defaults: Path
) -> None:
    ensure_user_templates(data_paths)
    make_template(defaults / "通知.docx", "新版默认 {{ title }}")
    assert ensure_user_templates(data_paths) == ["通知.docx"]
    assert (data_paths.forms / "通知.docx").read_bytes() == (defaults / "通知.docx").read_bytes()


def test_restore_default_puts_the_default_back(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    make_template(data_paths.forms / "通知.docx", "改坏了 {{ title }")
    with pytest.raises(TemplateError):
        render_docx(data_paths, "通知.docx", {"title": "x"}, tmp_path / "out.docx")
    restored = restore_default(data_paths, "通知.docx")
    assert restored == data_paths.forms / "通知.docx"
    assert restored.read_bytes() == (defaults / "通知.docx").read_bytes()
    out = render_docx(data_paths, "通知.docx", {"title": "恢复了"}, tmp_path / "out.docx")
    assert "默认：恢复了" in docx_text(out)
    # the restored copy counts as unedited: a later program update refreshes it
    make_template(defaults / "通知.docx", "新版默认 {{ title }}")
    assert "通知.docx" in ensure_user_templates(data_paths)
    assert (data_paths.forms / "通知.docx").read_bytes() == (defaults / "通知.docx").read_bytes()


def test_restore_default_of_an_unknown_template_is_refused(data_paths: DataPaths, defaults: Path) -> None:
    with pytest.raises(TemplateError):
        restore_default(data_paths, "没有这个.docx")


def test_list_templates_describes_and_flags_customised_copies(data_paths: DataPaths, defaults: Path) -> None:
    infos = {info.name: info for info in list_templates(data_paths)}
    assert set(infos) == {"通知.docx", "名单.xlsx"}
    assert infos["通知.docx"].description == "测试用的通知"
    assert infos["名单.xlsx"].description == "名单表"
    assert not infos["通知.docx"].is_customised
    assert infos["通知.docx"].path == data_paths.forms / "通知.docx"
    make_template(data_paths.forms / "通知.docx", "我改的 {{ title }}")
    infos = {info.name: info for info in list_templates(data_paths)}
    assert infos["通知.docx"].is_customised
    assert not infos["名单.xlsx"].is_customised


def test_bundled_forms_hold_the_base_and_the_guide(data_paths: DataPaths) -> None:
    assert template_path(data_paths, "_base.docx") == BASE
    assert all(not info.name.startswith("_") for info in list_templates(data_paths))
    assert (data_paths.forms / GUIDE_FILENAME).is_file()
    assert not (data_paths.forms / "_base.docx").exists()


# --- rendering ---------------------------------------------------------------------------------


def test_render_keeps_ampersand_and_angle_brackets(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    """design.md known trap: without autoescape, ``A&B <公司>`` cuts the document."""
    make_template(data_paths.forms / "通知.docx", "标题：{{ title }}", "单位：{{ 单位 }}", "这一段在后面", base=BASE)
    out = render_docx(
        data_paths, "通知.docx", {"title": "A&B <公司> \"引号\" 'x'", "单位": "<w:p>党支部</w:p>"}, tmp_path / "o.docx"
    )
    text = docx_text(out)
    assert "标题：A&B <公司> \"引号\" 'x'" in text
    assert "单位：<w:p>党支部</w:p>" in text
    assert "这一段在后面" in text


def test_render_fills_tags_split_across_runs(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    """WPS/Word often split a typed tag over several runs (e.g. after a spelling check)."""
    document = docx.Document()
    paragraph = document.add_paragraph("会议：")
    for piece in ("{{ ", "会议", "名称", " }}"):
        paragraph.add_run(piece).bold = piece == "名称"
    data_paths.forms.mkdir(parents=True, exist_ok=True)
    document.save(str(data_paths.forms / "通知.docx"))
    out = render_docx(data_paths, "通知.docx", {"会议名称": "支部党员大会"}, tmp_path / "o.docx")
    assert "会议：支部党员大会" in docx_text(out)


def test_render_replaces_an_existing_output(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "通知.docx"  # a missing folder is created
    render_docx(data_paths, "通知.docx", {"title": "第一次"}, out)
    render_docx(data_paths, "通知.docx", {"title": "第二次"}, out)
    assert "默认：第二次" in docx_text(out)
    assert no_temp_files(out.parent)


def test_broken_tag_raises_template_error_naming_file_and_tag(
    data_paths: DataPaths, defaults: Path, tmp_path: Path
) -> None:
    make_template(data_paths.forms / "通知.docx", "第一段", "主持人：{{ 主持人 }，记录人：{{ 记录人 }}")
    out = tmp_path / "out.docx"
    with pytest.raises(TemplateError) as caught:
        render_docx(data_paths, "通知.docx", {"主持人": "张三", "记录人": "李四"}, out)
    message = caught.value.message
    assert "模板“通知.docx”" in message
    assert "第2段" in message
    assert "{{ 主持人 }" in message and "不完整" in message
    assert "恢复默认模板" in message
    assert isinstance(caught.value, InputError)
    assert not out.exists()
    assert no_temp_files(tmp_path)


def test_failed_render_leaves_the_previous_output_untouched(
    data_paths: DataPaths, defaults: Path, tmp_path: Path
) -> None:
    out = render_docx(data_paths, "通知.docx", {"title": "好的"}, tmp_path / "out.docx")
    before = out.read_bytes()
    make_template(data_paths.forms / "通知.docx", "{{ title")
    with pytest.raises(TemplateError):
        render_docx(data_paths, "通知.docx", {"title": "坏的"}, out)
    assert out.read_bytes() == before


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("{{ 主持 }}", ["{{ 主持 }}", "程序不认识", GUIDE_FILENAME]),  # a mistyped placeholder
        ("{% if 列席 %}列席：{{ 列席 }}", ["{% if 列席 %}", "{% endif %}"]),
        ("多余的 {% endif %}", ["{% endif %}", "多余"]),
        ("{% 如果 列席 %}", ["{% 如果 列席 %}", "程序不认识"]),
        ("{{ 列席|大写 }}", ["{{ 列席|大写 }}", "大写"]),
        ("{{ 列席 名单 }}", ["{{ 列席 名单 }}", "写法有误"]),
    ],
)
def test_template_errors_are_explained_in_chinese(
    data_paths: DataPaths, defaults: Path, tmp_path: Path, paragraph: str, expected: list[str]
) -> None:
    make_template(data_paths.forms / "通知.docx", "标题", "{{ 列席 }}", paragraph)
    with pytest.raises(TemplateError) as caught:
        render_docx(data_paths, "通知.docx", {"列席": "王五"}, tmp_path / "out.docx")
    message = caught.value.message
    assert message.startswith("模板“通知.docx”有错误：")
    for part in expected:
        assert part in message
    assert not (tmp_path / "out.docx").exists()


def test_tag_in_footer_is_located(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("{{ title }}")
    document.sections[0].footer.paragraphs[0].text = "页脚 {{ 单位 }"
    data_paths.forms.mkdir(parents=True, exist_ok=True)
    document.save(str(data_paths.forms / "通知.docx"))
    with pytest.raises(TemplateError, match="页脚的标签 \\{\\{ 单位 \\} 不完整"):
        render_docx(data_paths, "通知.docx", {"title": "x", "单位": "y"}, tmp_path / "out.docx")


def test_a_file_that_is_not_a_docx_is_a_template_error(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    data_paths.forms.mkdir(parents=True, exist_ok=True)
    (data_paths.forms / "通知.docx").write_bytes(b"\xd0\xcf\x11\xe0 an old .doc file")
    with pytest.raises(TemplateError, match="不是有效的 Word 文档"):
        render_docx(data_paths, "通知.docx", {"title": "x"}, tmp_path / "out.docx")


def test_error_in_the_default_template_says_reinstall(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> None:
    make_template(defaults / "通知.docx", "{{ title }")
    with pytest.raises(TemplateError, match="重新安装"):
        render_docx(data_paths, "通知.docx", {"title": "x"}, tmp_path / "out.docx")


def test_output_folder_that_cannot_be_created_is_folder_not_writable(
    data_paths: DataPaths, defaults: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    with pytest.raises(FolderNotWritable, match="not_a_folder"):
        render_docx(data_paths, "通知.docx", {"title": "x"}, blocker / "out.docx")


def test_output_locked_by_word_is_folder_not_writable(
    data_paths: DataPaths, defaults: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(FolderNotWritable, match=re.escape("“out.docx”")):
        render_docx(data_paths, "通知.docx", {"title": "x"}, tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()
    assert no_temp_files(tmp_path)


def test_disk_full_is_folder_not_writable(
    data_paths: DataPaths, defaults: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    def full(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(FolderNotWritable, match="磁盘空间不足"):
        render_docx(data_paths, "通知.docx", {"title": "x"}, tmp_path / "out.docx")
    assert no_temp_files(tmp_path)


def test_documents_module_does_not_import_document_libraries() -> None:
    """design.md, Start-up: docxtpl/python-docx are imported only when a document is made."""
    code = "import sys, djdesk.services.documents; print(sorted({'docxtpl', 'docx', 'jinja2'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert result.stdout.strip() == "[]"


# --- _base.docx: GB/T 9704 layout (rules.md §8) ---------------------------------------------------


@pytest.fixture(scope="module")
def base() -> DocxDocument:
    return docx.Document(str(BASE))


def close_to(length: Length | None, mm: float) -> bool:
    assert length is not None
    return bool(abs(length.mm - mm) <= 0.5)


def style_rpr(document: DocxDocument, style_id: str) -> dict[str, str]:
    """Font sizes and fonts of a style, following basedOn, then docDefaults."""
    styles = document.styles.element
    found: dict[str, str] = {}
    chain = []
    current = styles.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{style_id}']")
    while current is not None:
        chain.append(current)
        based = current.find(qn("w:basedOn"))
        if based is None:
            break
        current = styles.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='{based.get(qn('w:val'))}']")
    defaults = styles.find(qn("w:docDefaults"))
    layers = [*chain, defaults]
    for layer in layers:
        rpr = layer.find(f".//{{{W_NS}}}rPr")
        if rpr is None:
            continue
        size = rpr.find(qn("w:sz"))
        if size is not None:
            found.setdefault("sz", size.get(qn("w:val")))
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is not None:
            for key in ("eastAsia", "ascii"):
                value = fonts.get(qn(f"w:{key}"))
                if value:
                    found.setdefault(key, value)
    return found


def test_r_doc_1_base_page_is_a4(base: DocxDocument) -> None:
    section = base.sections[0]
    assert close_to(section.page_width, 210)
    assert close_to(section.page_height, 297)


def test_r_doc_1_base_margins_37_35_28_26(base: DocxDocument) -> None:
    section = base.sections[0]
    assert close_to(section.top_margin, 37)
    assert close_to(section.bottom_margin, 35)
    assert close_to(section.left_margin, 28)
    assert close_to(section.right_margin, 26)


def test_r_doc_1_22_lines_of_28_characters(base: DocxDocument) -> None:
    """The section's grid fixes 22 lines × 28 characters (not the renderer): lines of exactly the grid's
    line pitch, and a character pitch (16 pt plus charSpace/4096 pt) of which 28, not 29, fit 156 mm."""
    spacing = base.styles.element.find(qn("w:docDefaults")).find(f".//{{{W_NS}}}spacing")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert spacing.get(qn("w:line")) == "579"  # 28.95 pt
    grid = base.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    assert grid.get(qn("w:linePitch")) == "579"
    assert 22 * 28.95 <= 225 / 25.4 * 72 < 23 * 28.95  # 22 lines fill the 225 mm text block
    pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    section = base.sections[0]
    text_width_pt = (section.page_width - section.left_margin - section.right_margin) / 12700  # EMU → pt
    assert abs(text_width_pt - 156 / 25.4 * 72) < 0.1  # the 156 mm line (in whole twips)
    assert 28 * pitch <= text_width_pt < 29 * pitch
    # the body character, drawn at w:w percent, fits one grid cell (LibreOffice gives a wider one two)
    normal = base.styles.element.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='Normal']")
    scale = int(normal.find(f".//{{{W_NS}}}rPr/{{{W_NS}}}w").get(qn("w:val")))
    assert 16 * scale / 100 <= pitch and scale >= 95


def test_r_doc_2_body_is_16pt_fangsong_indented_two_characters(base: DocxDocument) -> None:
    body = style_rpr(base, "Normal")
    assert int(body["sz"]) / 2 == 16
    assert body["eastAsia"] == "仿宋_GB2312"
    assert body["ascii"] == "Times New Roman"
    assert base.styles["Normal"].font.size == Pt(16)
    indent = base.styles.element.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='Normal']").find(f".//{{{W_NS}}}ind")
    assert indent.get(qn("w:firstLineChars")) == "200"


def test_r_doc_2_title_is_22pt_xiaobiaosong_centred(base: DocxDocument) -> None:
    title = style_rpr(base, "Title")
    assert int(title["sz"]) / 2 == 22
    assert title["eastAsia"] == "方正小标宋简体"
    assert base.styles["Title"].font.size == Pt(22)
    jc = base.styles.element.find(f"{{{W_NS}}}style[@{{{W_NS}}}styleId='Title']").find(f".//{{{W_NS}}}jc")
    assert jc.get(qn("w:val")) == "center"


def test_r_doc_2_headings_heiti_and_kaiti(base: DocxDocument) -> None:
    assert style_rpr(base, "Heading1")["eastAsia"] == "黑体"
    assert style_rpr(base, "Heading2")["eastAsia"] == "楷体_GB2312"
    assert style_rpr(base, "Heading3")["eastAsia"] == "仿宋_GB2312"
    assert int(style_rpr(base, "Heading1")["sz"]) / 2 == 16


def test_r_doc_2_fonts_have_fallbacks_in_the_font_table() -> None:
    import zipfile

    from lxml import etree  # type: ignore[import-untyped]

    with zipfile.ZipFile(BASE) as package:
        fonts = etree.fromstring(package.read("word/fontTable.xml"))
    alt = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in fonts.findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert alt["仿宋_GB2312"] == "仿宋"
    assert alt["楷体_GB2312"] == "楷体"
    assert alt["方正小标宋简体"] == "宋体"
    charsets = {font.get(qn("w:name")): font.find(qn("w:charset")).get(qn("w:val")) for font in fonts}
    assert charsets["仿宋_GB2312"] == "86"  # GB2312: a reader without the font substitutes a Chinese one


def test_r_doc_2_language_is_simplified_chinese(base: DocxDocument) -> None:
    lang = base.styles.element.find(qn("w:docDefaults")).find(f".//{{{W_NS}}}lang")
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_r_doc_3_footer_has_page_field_between_em_dashes(base: DocxDocument) -> None:
    section = base.sections[0]
    for footer in (section.footer, section.even_page_footer):
        assert not footer.is_linked_to_previous
        xml = footer._element.xml
        assert "PAGE" in "".join(t.text for t in footer._element.iter(qn("w:instrText")))
        assert 'w:fldCharType="begin"' in xml and 'w:fldCharType="end"' in xml
        text = "".join(t.text for t in footer._element.iter(qn("w:t")))
        assert text == "— 1 —"  # em dashes around the field's cached value
    footer_style = style_rpr(base, "Footer")
    assert int(footer_style["sz"]) / 2 == 14
    assert footer_style["eastAsia"] == "宋体"


def test_r_doc_3_odd_pages_right_even_pages_left(base: DocxDocument) -> None:
    settings = base.settings.element
    assert settings.find(qn("w:evenAndOddHeaders")) is not None
    assert base.settings.odd_and_even_pages_header_footer
    section = base.sections[0]
    odd = section.footer.paragraphs[0]._p.find(f".//{{{W_NS}}}jc").get(qn("w:val"))
    even = section.even_page_footer.paragraphs[0]._p.find(f".//{{{W_NS}}}jc").get(qn("w:val"))
    assert (odd, even) == ("right", "left")


def test_r_doc_3_page_number_about_7mm_below_the_text_block(base: DocxDocument) -> None:
    section = base.sections[0]
    assert section.footer_distance is not None and section.bottom_margin is not None
    line_mm = Pt(14).mm  # the footer line is exactly 14 pt high
    gap = section.bottom_margin.mm - section.footer_distance.mm - line_mm
    assert abs(gap - 7) <= 0.5


def test_base_docx_is_up_to_date_with_the_generator() -> None:
    result = subprocess.run(
        [sys.executable, "tools/make_forms.py", "--check"], capture_output=True, text=True, cwd=REPO
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- the rendered document as printed (LibreOffice) -----------------------------------------------

CHINESE_PARAGRAPH = (
    "以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入落实新时代党的建设总要求，"
    "严格按照《中国共产党党员教育管理工作条例》有关规定，认真组织开展民主评议党员工作。"
)


@pytest.fixture
def pdf_of_rendered(data_paths: DataPaths, defaults: Path, tmp_path: Path) -> Iterator[Path]:
    from djdesk.services.docx_layout import add_body, add_heading1, add_title, new_gbt9704_document

    document = new_gbt9704_document()
    add_title(document, "{{ 标题 }}")
    add_heading1(document, "一、总体要求")
    for _ in range(8):
        add_body(document, "{{ 正文 }}")
    data_paths.forms.mkdir(parents=True, exist_ok=True)
    document.save(str(data_paths.forms / "通知.docx"))
    out = render_docx(
        data_paths,
        "通知.docx",
        {"标题": "关于开展民主评议党员工作的通知（A&B <公司>）", "正文": CHINESE_PARAGRAPH},
        tmp_path / "通知.docx",
    )
    pdf_dir = tmp_path / "pdf"
    profile = tmp_path / "lo-profile"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(pdf_dir),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    yield pdf_dir / "通知.pdf"


@pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdfinfo") and shutil.which("pdftotext")),
    reason="LibreOffice and poppler-utils are not installed",
)
def test_r_doc_1_rendered_pdf_is_a4_with_chinese_text_and_page_numbers(pdf_of_rendered: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pdf_of_rendered)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split("x"))
    assert round(width) == 595 and round(height) == 842  # A4
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    assert pages >= 2
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf_of_rendered), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    assert "关于开展民主评议党员工作的通知（A&B<公司>）" in flat
    assert "深入落实新时代党的建设总要求" in flat
    assert "—1—" in flat and "—2—" in flat
