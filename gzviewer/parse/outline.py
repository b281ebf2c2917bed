"""The heading outline: 一、 /（一）/ 1. /（1）/ 专栏 / 附件.

Levels come from nesting, not from the label style alone: a ``(1)`` directly under ``一、`` is level 2
(the numbered paragraphs of a five-year-plan recommendation), an ``一、`` under ``附件1`` is level 2.
False positives are kept out by sequence continuity: a label is a heading only when its number
starts a sequence (1) or continues the one already seen (二 after 一). A label in the middle of a line
is accepted only when it is exactly the next number expected and follows a sentence end, so an
"一、" inside running text never opens a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gzviewer.parse.numbering import Label, LabelStyle, match_label
from gzviewer.parse.records import HeadingRecord

# Nesting rank of each label style: a heading closes every open heading of the same or a deeper rank.
_RANK = {
    LabelStyle.APPENDIX: 0,
    LabelStyle.SECTION: 1,
    LabelStyle.SUBSECTION: 2,
    LabelStyle.BOX: 2,
    LabelStyle.ITEM: 3,
    LabelStyle.PARAGRAPH: 4,
}
# A 专栏 box is a side panel: it never contains headings, whatever follows it closes it.
_LEAF_STYLES = frozenset({LabelStyle.BOX})
# Styles that are only ever headings at the start of a line.
_INLINE_STYLES = (LabelStyle.SECTION, LabelStyle.SUBSECTION, LabelStyle.PARAGRAPH, LabelStyle.ITEM)

SENTENCE_ENDS = "。！？!?"
TITLE_END = "。"
CLOSING_MARKS = "”’」』\"'"
BLANKS = " \t\u3000\xa0"
# Characters allowed between an 附件 label and its title.
APPENDIX_SEPARATORS = ":："
# The copula that opens a section's first sentence ("现代化产业体系是……").
COPULA = "是"

MAX_TITLE_CHARS = 100  # a longer "title" is a paragraph that merely starts with a number
MAX_APPENDIX_LINE = 40
MAX_SUBJECT_CHARS = 12
MIN_SUBJECT_CHARS = 2
_ATTACHMENT_FILE = re.compile(r"\.(docx?|pdf|xlsx?|wps|ofd|zip|rar)\s*$", re.IGNORECASE)


@dataclass
class _Open:
    """A heading on the nesting stack."""

    style: LabelStyle
    index: int  # position in the result list


class _OutlineParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.headings: list[HeadingRecord] = []
        self.stack: list[_Open] = []
        self.last_child: dict[tuple[int, LabelStyle], int] = {}
        self.last_any: dict[LabelStyle, int] = {}
        # (style, number) → where that label last stands as a possible heading; built on first need.
        self.label_positions: dict[tuple[LabelStyle, int], int] | None = None

    def run(self) -> list[HeadingRecord]:
        offset = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            self._scan_line(line, offset, number)
            offset += len(line) + 1
        return self.headings

    def _scan_line(self, line: str, offset: int, line_no: int) -> None:
        stripped = len(line) - len(line.lstrip(BLANKS))
        label = match_label(self.text, offset + stripped)
        if label and stripped < len(line):
            self._consider(label, line_no, inline=False)
        for pos in _after_sentence_ends(line):
            label = match_label(self.text, offset + pos, _INLINE_STYLES)
            if label:
                self._consider(label, line_no, inline=True)

    def _consider(self, label: Label, line_no: int, inline: bool) -> None:
        depth = self._depth_for(label.style)
        parent_index = self.stack[depth - 1].index if depth else -1
        if not self._continues_sequence(label, parent_index, inline):
            return
        title = self._title(label, inline)
        if not title or len(title) > MAX_TITLE_CHARS:
            return
        parent = self.headings[parent_index].label if parent_index >= 0 else None
        self.headings.append(HeadingRecord(
            level=depth + 1, label=label.text, title=title, start=label.start, line=line_no,
            inline=inline, parent_label=parent,
        ))
        self.stack[depth:] = [_Open(label.style, len(self.headings) - 1)]
        self.last_child[(parent_index, label.style)] = label.number
        self.last_any[label.style] = label.number

    def _depth_for(self, style: LabelStyle) -> int:
        """How many open headings stay open when a heading of ``style`` starts."""
        depth = len(self.stack)
        while depth:
            top = self.stack[depth - 1].style
            if top not in _LEAF_STYLES and _RANK[top] < _RANK[style]:
                break
            depth -= 1
        return depth

    def _continues_sequence(self, label: Label, parent_index: int, inline: bool) -> bool:
        """Whether ``label`` fits the numbering seen so far under the same parent.

        A sequence that starts afresh under every parent restarts at 1; one that runs on through
        the whole document (a recommendation's (1)…(58)) continues from the last number of that
        style. Mid-line, only the next number counts. At a line start the numbering may jump
        forward, because copies lose labels (a web copy printing some numbered paragraphs without
        their numbers goes (9) → (14)). A jump is accepted when the numbering resumes from the new
        number (``n + 1`` follows where a heading could start), or when the numbers it skips are
        no more than those already counted: a lost stretch is a part of the sequence, while a
        number far beyond it ("(40)" after "(3)") is a figure or a citation opening a line.
        """
        previous = self.last_child.get((parent_index, label.style))
        reference = previous if previous is not None else self.last_any.get(label.style)
        if inline:
            return reference is not None and label.number == reference + 1
        if label.number == 1:
            return True
        if reference is None or label.number <= reference:
            return False
        skipped = label.number - reference - 1
        return skipped <= reference or self._resumes_after(label)

    def _resumes_after(self, label: Label) -> bool:
        """Whether the next number in the same style stands after ``label`` where a heading could."""
        if self.label_positions is None:
            self.label_positions = _last_label_positions(self.text)
        return self.label_positions.get((label.style, label.number + 1), -1) > label.start

    def _title(self, label: Label, inline: bool) -> str:
        line_end = _line_end(self.text, label.end)
        rest = self.text[label.end:line_end].lstrip(BLANKS)
        if label.style is LabelStyle.APPENDIX:
            if line_end - label.start > MAX_APPENDIX_LINE or _ATTACHMENT_FILE.search(rest):
                return ""
            rest = rest.lstrip(APPENDIX_SEPARATORS + BLANKS)
        if not rest.strip():
            following = _next_nonblank_line(self.text, line_end)
            if following is None or match_label(following, 0):
                return ""
            rest = following
        title = rest.split(TITLE_END, 1)[0].strip()
        if inline:
            title = _cut_run_on_sentence(title)
        return title


def _last_label_positions(text: str) -> dict[tuple[LabelStyle, int], int]:
    """For every label style and number, where it last stands where a heading could start.

    Those places are a line start and, for the inline styles, right after a sentence end.
    """
    found: dict[tuple[LabelStyle, int], int] = {}
    offset = 0
    for line in text.split("\n"):
        stripped = len(line) - len(line.lstrip(BLANKS))
        candidates = [match_label(text, offset + stripped)] if stripped < len(line) else []
        candidates += [match_label(text, offset + pos, _INLINE_STYLES) for pos in _after_sentence_ends(line)]
        for label in filter(None, candidates):
            found[(label.style, label.number)] = label.start
        offset += len(line) + 1
    return found


def _after_sentence_ends(line: str) -> list[int]:
    """Offsets in ``line`` right after each sentence end (and any closing quote or blank)."""
    positions = []
    for found in re.finditer(f"[{re.escape(SENTENCE_ENDS)}][{re.escape(CLOSING_MARKS)}]*[{BLANKS}]*", line):
        if found.end() < len(line):
            positions.append(found.end())
    return positions


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _next_nonblank_line(text: str, pos: int, limit: int = 12) -> str | None:
    """The first non-blank line after the line ending at ``pos``, looking at most ``limit`` lines on."""
    for _ in range(limit):
        if pos >= len(text):
            return None
        end = _line_end(text, pos + 1)
        line = text[pos + 1:end].strip()
        if line:
            return line
        pos = end
    return None


def _cut_run_on_sentence(title: str) -> str:
    """Split a heading that runs on into its section's opening sentence with no separator.

    The opening sentence of a section usually restates the heading's topic as its subject
    ("…走出一条…的广州路径" + "现代化产业体系是……"). Look for a subject before 是 that already occurs
    earlier in the heading; the longest such subject marks where the body begins.
    """
    for copula in (m.start() for m in re.finditer(COPULA, title)):
        lowest = max(1, copula - MAX_SUBJECT_CHARS)
        for start in range(lowest, copula - MIN_SUBJECT_CHARS + 1):
            if title[start:copula] in title[:start]:
                return title[:start].rstrip()
    return title


def parse_outline(text: str) -> list[HeadingRecord]:
    """All headings of ``text`` in document order (one paragraph per line expected)."""
    return _OutlineParser(text).run()
