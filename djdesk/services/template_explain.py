"""Explaining a broken template in Chinese (design.md, Documents; rules.md §8).

When docxtpl/Jinja cannot render a template, :func:`explain` re-reads the template's paragraphs,
finds the tags in them (``{{ … }}``, ``{% … %}``, ``{# … #}``) and names the one behind the error
and where it is (第N段, 第N段（表格中）, 页眉, 页脚): an unknown placeholder, an unknown filter or
tag, a block without its ``end…``, a tag missing its closer. :func:`raised_in_template` tells an
error raised by template code (a tag that cannot be computed) from a bug in the program.

Imports jinja2 and python-docx only when called (design.md, Start-up).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from djdesk.services.template_files import GUIDE_FILENAME

if TYPE_CHECKING:
    import jinja2


def raised_in_template(exc: BaseException) -> bool:
    """True if ``exc`` came out of template code (Jinja marks those frames ``<template>``)."""
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            return True
        tb = tb.tb_next
    return False


_CLOSERS: Final[dict[str, str]] = {"{{": "}}", "{%": "%}", "{#": "#}"}
_OPENER: Final = re.compile(r"\{[{%#]")
_DOCXTPL_PREFIX: Final = re.compile(r"^(\{[{%#])(?:p|r|tr|tc)\s")  # {%p if %}, {{r x }}
_BLOCK_TAGS: Final[frozenset[str]] = frozenset({"if", "for", "with", "filter", "macro", "call", "block", "raw"})
_MAX_SHOWN: Final[int] = 40


@dataclass(frozen=True)
class _Tag:
    where: str  # 第3段, 第5段（表格中）, 页眉, 页脚
    text: str  # as typed, curly quotes made straight (as docxtpl does)
    complete: bool

    @property
    def shown(self) -> str:
        return self.text if len(self.text) <= _MAX_SHOWN else self.text[: _MAX_SHOWN - 1] + "…"

    @property
    def closer(self) -> str:
        return _CLOSERS[self.text[:2]]

    @property
    def normalized(self) -> str:
        """The tag as Jinja sees it: docxtpl's p/r/tr/tc prefix removed."""
        return _DOCXTPL_PREFIX.sub(r"\1 ", self.text)

    @property
    def body(self) -> str:
        """The text inside the braces, without whitespace-control marks."""
        inner = self.normalized[2:-2] if self.complete else self.normalized[2:]
        return inner.strip().strip("-+").strip()

    @property
    def keyword(self) -> str:
        words = self.body.split()
        return words[0] if self.text.startswith("{%") and words else ""


def _straight_quotes(text: str) -> str:
    return text.replace("“", '"').replace("”", '"').replace("‘", "'").replace("’", "'")


def _tags_in(text: str, where: str) -> Iterator[_Tag]:
    """The tags in one paragraph's text; a tag without its closer before the next tag (or the
    end of the paragraph) is incomplete."""
    text = _straight_quotes(text)
    pos = 0
    while (match := _OPENER.search(text, pos)) is not None:
        start = match.start()
        closer = _CLOSERS[match.group()]
        end = text.find(closer, start + 2)
        following = _OPENER.search(text, start + 2)
        stop = following.start() if following else len(text)
        if end == -1 or end >= stop:
            fragment = text[start:stop].rstrip()
            brace = fragment.find("}", 2)  # "{{ 主持人 }，记录人：" -> "{{ 主持人 }"
            if brace != -1:
                fragment = fragment[: brace + 1]
            yield _Tag(where, fragment, complete=False)
            pos = stop
        else:
            yield _Tag(where, text[start : end + 2], complete=True)
            pos = end + 2


def _paragraph_texts(source: Path) -> list[tuple[str, str]]:
    """(where, text) of every paragraph: body in order (tables included), then headers, footers."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(source))
    found: list[tuple[str, str]] = []

    def text_of(paragraph: Any) -> str:
        return "".join(node.text or "" for node in paragraph.iter(qn("w:t")))

    for number, paragraph in enumerate(document.element.body.iter(qn("w:p")), start=1):
        in_table = any(ancestor.tag == qn("w:tc") for ancestor in paragraph.iterancestors())
        found.append((f"第{number}段（表格中）" if in_table else f"第{number}段", text_of(paragraph)))
    for kind, where in (("/header", "页眉"), ("/footer", "页脚")):
        for rel in document.part.rels.values():
            if rel.reltype.endswith(kind) and not rel.is_external:
                for paragraph in rel.target_part.element.iter(qn("w:p")):
                    found.append((where, text_of(paragraph)))
    return found


def _tag_is_valid(tag: _Tag, env: jinja2.Environment) -> bool:
    import jinja2

    if not tag.complete:
        return False
    if tag.text.startswith("{#"):
        return True
    try:
        if tag.text.startswith("{{"):
            env.parse(tag.normalized)
        else:
            list(env.lex(tag.normalized))
    except jinja2.TemplateSyntaxError:
        return False
    return True


def _mentions(tag: _Tag, name: str) -> bool:
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", tag.body) is not None


def explain(name: str, source: Path, exc: Exception, document: Any, env: jinja2.Environment) -> str:
    """A Chinese sentence naming the template, the place and the tag behind ``exc``."""
    import jinja2

    head = f"模板“{name}”有错误："
    message = str(getattr(exc, "message", None) or exc)
    try:
        paragraphs = _paragraph_texts(source)
    except Exception:  # the template opened once; if it cannot be re-read, explain less
        paragraphs = []
    tags = [tag for where, text in paragraphs for tag in _tags_in(text, where)]

    # Where Jinja stopped: docxtpl puts each body paragraph on its own line (line 1 is the part
    # before the first paragraph), so line N is paragraph N-1 of the body.
    near = ""
    lineno = getattr(exc, "lineno", None)
    in_body = getattr(document, "current_rendering_part", None) is getattr(document.docx, "_part", None)
    body_count = sum(1 for where, _ in paragraphs if where.startswith("第"))
    if isinstance(lineno, int) and in_body and 2 <= lineno <= body_count + 1:
        near = paragraphs[lineno - 2][0]

    if isinstance(exc, jinja2.UndefinedError):
        match = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", message)
        missing = next((group for group in match.groups() if group), "") if match else ""
        for tag in tags:
            if tag.complete and missing and _mentions(tag, missing):
                return (
                    f"{head}{tag.where}的占位符 {tag.shown} 程序不认识"
                    f"（可用的占位符见模板文件夹中的“{GUIDE_FILENAME}”）。"
                )
        return f"{head}占位符“{missing}”程序不认识（可用的占位符见模板文件夹中的“{GUIDE_FILENAME}”）。"

    if isinstance(exc, jinja2.TemplateAssertionError):
        match = re.search(r"No (filter|test) named '([^']+)'", message)
        if match:
            for tag in tags:
                if tag.complete and _mentions(tag, match.group(2)):
                    return f"{head}{tag.where}的标签 {tag.shown} 用了程序不认识的“{match.group(2)}”。"

    if isinstance(exc, jinja2.TemplateSyntaxError):
        unknown = re.search(r"Encountered unknown tag '([^']+)'", message)
        if unknown:
            keyword = unknown.group(1)
            for tag in tags:
                if tag.complete and tag.keyword == keyword:
                    if keyword.startswith("end"):
                        return f"{head}{tag.where}的标签 {tag.shown} 多余：前面没有与它配对的 {{% {keyword[3:]} … %}}。"
                    return f"{head}{tag.where}的标签 {tag.shown} 程序不认识。"
        if "Unexpected end of template" in message:
            opened = _unclosed_block(tags)
            if opened is not None:
                return f"{head}{opened.where}的标签 {opened.shown} 没有对应的 {{% end{opened.keyword} %}}。"
        broken = [tag for tag in tags if not _tag_is_valid(tag, env)]
        broken.sort(key=lambda tag: tag.where != near)  # the paragraph Jinja named first
        if broken:
            tag = broken[0]
            if not tag.complete:
                return f"{head}{tag.where}的标签 {tag.shown} 不完整，缺少“{tag.closer}”。"
            return f"{head}{tag.where}的标签 {tag.shown} 写法有误。"

    place = f"{near}附近" if near else "某处"
    return f"{head}{place}的标签有错误（技术信息：{message}）。"


def _unclosed_block(tags: list[_Tag]) -> _Tag | None:
    stack: list[_Tag] = []
    for tag in tags:
        keyword = tag.keyword
        if keyword in _BLOCK_TAGS:
            stack.append(tag)
        elif keyword.startswith("end") and stack and stack[-1].keyword == keyword[3:]:
            stack.pop()
    return stack[-1] if stack else None


__all__ = ["explain", "raised_in_template"]
