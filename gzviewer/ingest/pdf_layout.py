"""Undoing PDF text layout: lines broken inside a paragraph, and spaces around digits.

Whether a document is "PDF-broken" is decided once per document, because the same line
shapes mean different things elsewhere: a flattened table (seed 004) has one short cell per
line with no final punctuation, and web text (seeds 000, 002, 003) has one paragraph per line.

The signal is the share of body lines (at least ``BODY_LINE_MIN_CHARS`` long) that stop in
mid-sentence and are followed, after at most one blank line, by a line that continues the
sentence (not a heading, bullet, salutation, number or date). Text cut at a fixed width or
at page ends has many such pairs; web paragraphs have almost none; and a document made
mostly of very short lines is a flattened table, never joined.
"""

from __future__ import annotations

import re

from gzviewer.ingest.chrome import is_title_line
from gzviewer.ingest.tables import joiner
from gzviewer.ingest.tracked import TrackedLine

SENTENCE_END = frozenset("。！？!?；;：:…")
CLOSERS = frozenset("”’」』）)】》\"'")
CLAUSE_PUNCTUATION = re.compile(r"[，,、。；;：:！？!?]")
HANZI = re.compile(r"[\u4e00-\u9fff]")
# Labels that start a heading or a new paragraph; "2.0" or "23 个" are not labels.
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百]+[)）]|\d{1,3}[.．、](?!\d)"
    r"|[（(]\d{1,3}[)）]|第[一二三四五六七八九十百\d]+[章节条部分篇]|专栏[一二三四五六七八九十\d]+"
    r"|附件\s*\d*|附表|附录)"
)
PARAGRAPH_START = re.compile(r"^(?:——|—|●|•|◆|■|□|▲|△|★|※|○|注\s*[:：]|[①-⑳])")
NUMBER_OR_DATE_LINE = re.compile(
    r"^[\d\s.\-—–/]+$|^\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?$")
HEADING_MAX_CHARS = 30
SALUTATION_MAX_CHARS = 12
SHORT_UNPUNCTUATED_MAX = 14
BODY_LINE_MIN_CHARS = 20
CONTINUATION_MIN_CHARS = 8
MAX_BLANK_GAP = 1
# Document-level thresholds (see the module docstring).
MIN_BREAKS = 3
MIN_BREAK_SHARE = 0.1
TABLE_SHORT_LINE_CHARS = 6
TABLE_SHORT_LINE_SHARE = 0.5

# Wide characters: hanzi, CJK and full-width punctuation, curly quotes, dashes and ellipses.
WIDE = "\u2010-\u2027\u2030-\u205e\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
SPACE_NEXT_TO_WIDE = re.compile(rf"(?<=[{WIDE}])[ \t\u00a0\u3000]+|[ \t\u00a0\u3000]+(?=[{WIDE}])")
PDF_SPACING = re.compile(r"[\u4e00-\u9fff][ \u00a0]+[0-9A-Za-z]|[0-9A-Za-z%][ \u00a0]+[\u4e00-\u9fff]")
PDF_SPACING_MIN = 5
PDF_SPACING_PER_HANZI = 1 / 1000


def looks_pdf_broken(lines: list[str]) -> bool:
    non_empty = [line for line in lines if line.strip()]
    if not non_empty:
        return False
    short = sum(1 for line in non_empty if _width(line) <= TABLE_SHORT_LINE_CHARS)
    if short / len(non_empty) >= TABLE_SHORT_LINE_SHARE:
        return False
    body = sum(1 for line in non_empty if _width(line) >= BODY_LINE_MIN_CHARS)
    breaks = sum(
        1 for previous, following in _neighbours(lines)
        if _width(previous) >= BODY_LINE_MIN_CHARS and _width(following) >= CONTINUATION_MIN_CHARS
        and should_join(previous, following)
    )
    return breaks >= MIN_BREAKS and breaks >= MIN_BREAK_SHARE * body


def join_broken_lines(lines: list[TrackedLine]) -> list[TrackedLine]:
    """Join each mid-sentence break, dropping the blank line between the two parts.

    A display line (no clause punctuation: an occasion line, a heading) is joined at most
    once, so "——2020年6月在…第十五届" + "人民代表大会第五次会议上" become one line but
    the speaker's name line after them stays on its own.
    """
    result: list[TrackedLine] = []
    blanks: list[TrackedLine] = []
    last_was_joined = False
    for line in lines:
        if not line.text.strip():
            blanks.append(line)
            continue
        previous = result[-1].text if result else ""
        if previous.strip() and len(blanks) <= MAX_BLANK_GAP and should_join(previous, line.text) \
                and not (last_was_joined and _is_display_line(previous)):
            result[-1] = result[-1].joined(line, joiner(previous, line.text))
            last_was_joined = True
        else:
            result.extend(blanks)
            result.append(line)
            last_was_joined = False
        blanks = []
    result.extend(blanks)
    return result


def should_join(previous: str, following: str) -> bool:
    """Does ``following`` continue the sentence that ``previous`` leaves open?"""
    previous, following = previous.strip(), following.strip()
    if not previous or not following or not HANZI.search(previous):
        return False
    if not ends_open(previous) or _is_heading(previous) or is_title_line(previous):
        return False
    if _width(previous) <= SHORT_UNPUNCTUATED_MAX and not CLAUSE_PUNCTUATION.search(previous):
        return False  # a name, signature or title line
    return not starts_new_paragraph(following)


def ends_open(line: str) -> bool:
    """True when the line stops in mid-sentence."""
    body = line.rstrip()
    while body and body[-1] in CLOSERS:
        if len(body) >= 2 and body[-2] in SENTENCE_END:
            return False
        body = body[:-1]
    return bool(body) and body[-1] not in SENTENCE_END


def starts_new_paragraph(line: str) -> bool:
    return bool(
        HEADING_START.match(line) or PARAGRAPH_START.match(line) or NUMBER_OR_DATE_LINE.match(line)
        or (_width(line) <= SALUTATION_MAX_CHARS and line.rstrip()[-1] in "：:")
    )


def has_pdf_spacing(text: str) -> bool:
    """Does the text have the PDF habit of spaces between hanzi and digits ("2019 年")?"""
    found = len(PDF_SPACING.findall(text))
    hanzi = len(HANZI.findall(text))
    return found >= PDF_SPACING_MIN and found >= PDF_SPACING_PER_HANZI * hanzi


def wide_spacing_spans(text: str) -> list[tuple[int, int]]:
    """Whitespace next to a hanzi or full-width mark; spaces between ASCII characters stay."""
    return [match.span() for match in SPACE_NEXT_TO_WIDE.finditer(text)]


def _is_display_line(line: str) -> bool:
    return not CLAUSE_PUNCTUATION.search(line)


def _is_heading(line: str) -> bool:
    return bool(HEADING_START.match(line)) and "。" not in line and _width(line) <= HEADING_MAX_CHARS


def _neighbours(lines: list[str]):
    """Pairs of non-empty lines separated by at most ``MAX_BLANK_GAP`` blank lines."""
    previous = None
    gap = 0
    for line in lines:
        if not line.strip():
            gap += 1
            continue
        if previous is not None and gap <= MAX_BLANK_GAP:
            yield previous, line
        previous, gap = line, 0


def _width(line: str) -> int:
    return len("".join(line.split()))
