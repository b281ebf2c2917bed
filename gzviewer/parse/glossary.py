"""Glossary terms from 名词解释 appendices.

Entries are one per line, usually ``术语:定义`` but web copies lose separators: ``四个服务即为党…``,
``三人小组由社区工作人员…组成的…队伍`` or ``“六稳稳就业、稳金融…`` (the closing quote and colon are
gone). When no separator is left, the term is the longest opening of the line that the report
itself uses: a glossary explains words of the report it is attached to.
"""

from __future__ import annotations

import re

from gzviewer.parse.numbering import LabelStyle, match_label
from gzviewer.parse.records import GlossaryRecord, HeadingRecord
from gzviewer.parse.section_terms import GLOSSARY_TITLE_RE

COLONS = ":："
# Words that join a term to its definition when there is no colon, checked in this order.
DEFINING_WORDS = ("是指", "即")
OPEN_QUOTES = "“\"'‘「『"
CLOSE_QUOTES = "”\"'’」』"
# Web page furniture after the last entry: it ends the glossary.
END_MARKS = ("【", "】", "相关文件", "浏览次数", "分享", "打印", "返回顶部", "主办", "承办", "网站",
             "联系方式", "ICP")
MAX_TERM_CHARS = 20
MIN_TERM_CHARS = 2
MIN_DEFINITION_CHARS = 2
_ENTRY_NUMBER_STYLES = (LabelStyle.ITEM, LabelStyle.PARAGRAPH)


def extract_glossary(text: str, outline: list[HeadingRecord]) -> list[GlossaryRecord]:
    """The entries of the document's 名词解释 section, in order; [] when there is none."""
    region = _glossary_region(text, outline)
    if region is None:
        return []
    start, end = region
    body = text[:start]
    entries: list[GlossaryRecord] = []
    for line in text[start:end].split("\n"):
        line = line.strip()
        if not line:
            continue
        if any(mark in line for mark in END_MARKS):
            break
        entry = parse_entry(line, body)
        if entry is None:
            if entries:
                break
            continue
        entries.append(entry)
    return entries


def parse_entry(line: str, body: str = "") -> GlossaryRecord | None:
    """Split one glossary line into term and definition; ``None`` if it is not an entry."""
    label = match_label(line, 0, _ENTRY_NUMBER_STYLES)
    if label:
        line = line[label.end:].lstrip()
    split = _split_at_separator(line) or _split_at_known_term(line, body)
    if split is None:
        return None
    term, definition = _clean_term(split[0]), split[1].strip()
    if len(term) < MIN_TERM_CHARS or len(definition) < MIN_DEFINITION_CHARS:
        return None
    return GlossaryRecord(term=term, definition=definition)


def _glossary_region(text: str, outline: list[HeadingRecord]) -> tuple[int, int] | None:
    """Offsets from the line after the 名词解释 title to the next heading of the same rank."""
    for index, heading in enumerate(outline):
        if GLOSSARY_TITLE_RE.search(heading.title):
            title_at = text.find(heading.title, heading.start)
            start = _line_end(text, title_at if title_at >= 0 else heading.start)
            later = [h.start for h in outline[index + 1:] if h.level <= heading.level]
            return start, later[0] if later else len(text)
    for found in re.finditer(r"^[ \t\u3000]*(?:附[:：]?)?" + GLOSSARY_TITLE_RE.pattern + r"[ \t\u3000]*$",
                             text, re.MULTILINE):
        following = [h.start for h in outline if h.start > found.end()]
        return found.end(), following[0] if following else len(text)
    return None


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _split_at_separator(line: str) -> tuple[str, str] | None:
    head = line[:MAX_TERM_CHARS + 1]
    colon = min((head.find(c) for c in COLONS if c in head), default=-1)
    if colon > 0:
        return line[:colon], line[colon + 1:]
    for word in DEFINING_WORDS:
        at = head.find(word)
        if at > 0:
            return line[:at], line[at + len(word):]
    return None


def _split_at_known_term(line: str, body: str) -> tuple[str, str] | None:
    """The longest opening of ``line`` that the report's body also uses is the term."""
    longest = min(MAX_TERM_CHARS, len(line) - MIN_DEFINITION_CHARS)
    for size in range(longest, MIN_TERM_CHARS - 1, -1):
        if line[:size] in body:
            return line[:size], line[size:]
    return None


def _clean_term(term: str) -> str:
    """Drop quotes that wrap the whole term, or an opening quote whose closing one was lost."""
    term = term.strip()
    if term[:1] in OPEN_QUOTES:
        inner = term[1:]
        if inner[-1:] in CLOSE_QUOTES and not any(q in inner[:-1] for q in OPEN_QUOTES + CLOSE_QUOTES):
            return inner[:-1].strip()
        if not any(q in inner for q in CLOSE_QUOTES):
            return inner.strip()
    return term
