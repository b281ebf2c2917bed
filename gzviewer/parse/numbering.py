"""Heading labels of Chinese official documents and their numbers.

A label is the numbering token that opens a heading: ``一、``, ``(一)``/``（一）``, ``1.``/``1．``/``1、``,
``(1)``/``（1）``, ``专栏一`` and ``附件1``. This module only recognises a label at a given offset and
turns it into (style, number); deciding whether the label really opens a heading is the outline's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import cn2an

# Characters that make up a Chinese cardinal numeral as used in heading labels.
CHINESE_DIGITS = "一二三四五六七八九十百零〇两"

_CN = f"[{CHINESE_DIGITS}]{{1,4}}"
# Horizontal blanks that may sit inside a label (PDF text puts spaces around digits).
_BLANK = r"[ \t\u3000\xa0]*"
# A bracket label broken over two lines by a PDF/web export: "（\n三）".
_BRACKET_GAP = rf"{_BLANK}\n?{_BLANK}"
_OPEN = "[(（]"
_CLOSE = "[)）]"


class LabelStyle(Enum):
    """Label families, from the outermost to the innermost usual nesting."""

    APPENDIX = "appendix"  # 附件1
    SECTION = "section"  # 一、
    SUBSECTION = "subsection"  # (一) / （一）
    BOX = "box"  # 专栏一
    ITEM = "item"  # 1. / 1． / 1、
    PARAGRAPH = "paragraph"  # (1) / （1）


# The label must not be followed by another numeral: "一、二、三产业" and "1、2、3" are enumerations,
# "5.5%" is a decimal number.
_LABEL_PATTERNS: dict[LabelStyle, re.Pattern[str]] = {
    LabelStyle.APPENDIX: re.compile(rf"附件{_BLANK}(\d{{1,2}}|{_CN})"),
    LabelStyle.SECTION: re.compile(rf"({_CN})、(?![{CHINESE_DIGITS}]、)"),
    LabelStyle.SUBSECTION: re.compile(rf"{_OPEN}{_BRACKET_GAP}({_CN}){_BRACKET_GAP}{_CLOSE}"),
    LabelStyle.BOX: re.compile(rf"专栏{_BLANK}(\d{{1,2}}|{_CN})(?=[\s:：]|$)"),
    LabelStyle.ITEM: re.compile(r"(\d{1,2})[ \t]*[.．、](?![\d.．、%％])"),
    LabelStyle.PARAGRAPH: re.compile(rf"{_OPEN}{_BLANK}(\d{{1,3}}){_BLANK}{_CLOSE}"),
}


@dataclass(frozen=True)
class Label:
    style: LabelStyle
    number: int
    text: str  # the label as written, without the blanks or line break a PDF export put inside it
    start: int
    end: int


def chinese_numeral_to_int(numeral: str) -> int | None:
    """``十一`` → 11; ``None`` for strings that are not a well-formed numeral (``十百``)."""
    try:
        value = cn2an.cn2an(numeral, "strict")
    except (ValueError, KeyError, IndexError):
        return None
    return int(value) if value == int(value) else None


def label_number(token: str) -> int | None:
    """The value of the number inside a label: Arabic or Chinese digits."""
    if token.isdigit():
        return int(token)
    return chinese_numeral_to_int(token)


# Every label starts with one of these or with a decimal digit (what ``\d`` matches): the outline
# asks at every line and sentence start, and most of them start with none.
_LABEL_FIRST_CHARACTERS = frozenset("附专(（" + CHINESE_DIGITS)


def match_label(text: str, pos: int, styles: tuple[LabelStyle, ...] = tuple(LabelStyle)) -> Label | None:
    """The label starting exactly at ``pos``, if any, trying ``styles`` in order."""
    if 0 <= pos < len(text) and text[pos] not in _LABEL_FIRST_CHARACTERS and not text[pos].isdecimal():
        return None
    for style in styles:
        found = _LABEL_PATTERNS[style].match(text, pos)
        if not found:
            continue
        number = label_number(found.group(1))
        if number is None or number <= 0:
            continue
        written = re.sub(r"\s+", "", found.group(0))
        return Label(style, number, written, found.start(), found.end())
    return None
