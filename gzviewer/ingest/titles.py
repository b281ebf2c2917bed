"""What a document's title line looks like, in one place.

The cleaner uses it to find where a saved page's document begins (lines before the title may be
site furniture), the PDF line joiner never runs a title into the next line, and the metadata
parser takes the first such line as the document's title: all three must agree on what a title is.
"""

from __future__ import annotations

import re

# A title ends with the name of a document genre ...
TITLE_GENRES = (
    "报告", "建议", "纲要", "通知", "规划", "意见", "方案", "决定", "办法", "计划", "分工", "决议",
    "公告", "通报", "公报", "批复", "纪要", "条例", "规定", "细则", "要点", "清单",
)
# ... optionally followed by its year or status: （2021年）, （草案）, （征求意见稿）.
TITLE_QUALIFIERS = (r"\d{4}\s*年?", "草案", "征求意见稿", "修订稿", "试行")
# A title is one phrase: no sentence or clause punctuation, no colon (so no "来源：…" line).
TITLE_LINE = re.compile(
    rf"^[^。，,；;！？!?：:]{{4,90}}(?:{'|'.join(TITLE_GENRES)})"
    rf"\s*(?:[(（]\s*(?:{'|'.join(TITLE_QUALIFIERS)})\s*[)）])?$"
)
# A numbered heading (一、 （一） 1.) is a section of the body, never the title, even when it ends
# with a genre word ("二、2021年计划安排建议").
HEADING_LABEL = re.compile(r"^(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d+[.．、])")


def is_title_line(text: str) -> bool:
    """True when the (stripped) line has the shape of a document title."""
    text = text.strip()
    return bool(TITLE_LINE.match(text)) and not HEADING_LABEL.match(text)
