"""Where a report plans the coming work, and what each of its sentences does there.

A work report reviews the past year, sets out five-year goals, then arranges this year's
work (工作安排 / 重点工作); only the last part is copied into assignment tables. Inside it
a sentence is a heading, a section's framing text, a paragraph's lead phrase (the
category of the tasks that follow) or a body sentence stating work to do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from gzviewer.parse.records import HeadingRecord, SentenceRecord
from gzviewer.parse.section_terms import (
    ANNUAL_TARGETS_RE,
    APPENDIX_LABEL_RE,
    FIVE_YEAR_TITLE_RE,
    REVIEW_TITLE_RE,
    YEAR_WORK_TITLE_RE,
)

# A closing address ends the planned work even inside the last section.
CLOSING_ADDRESS = re.compile(r"^各位(?:代表|委员)")


def _section_end(outline: Sequence[HeadingRecord], index: int, text_length: int) -> int:
    level = outline[index].level
    for later in outline[index + 1:]:
        if later.level <= level:
            return later.start
    return text_length


def _is_plan_heading(heading: HeadingRecord, pattern: re.Pattern[str]) -> bool:
    return bool(pattern.search(heading.title)) and not REVIEW_TITLE_RE.search(heading.title)


def _through_appendix(tops: Sequence[HeadingRecord], index: int, text_length: int) -> tuple[int, int]:
    """From top-level heading ``index`` to the first appendix after it (or the end)."""
    end = next((h.start for h in tops[index + 1:] if APPENDIX_LABEL_RE.match(h.label)), text_length)
    return tops[index].start, end


def work_arrangement_spans(outline: Sequence[HeadingRecord], text_length: int,
                           sentences: Sequence[SentenceRecord] = ()) -> list[tuple[int, int]]:
    """Character spans of the sections that plan the coming work.

    In order of preference: a top-level section titled like a year's work; the top-level
    section that states the year's expected targets (for reports whose titles are slogans);
    any heading titled like a year's work; a five-year task section of a report that also
    reviews past work. The arrangement runs through the following top-level sections
    (reports often close with one on the government's own conduct) up to any appendix.
    Failing everything, the whole text from the first heading (the title, a news line and the
    preamble come before it), so that a document without such sections keeps its sentences.
    """
    if not outline:
        return [(0, text_length)]
    top = min(h.level for h in outline)
    tops = [h for h in outline if h.level == top and not APPENDIX_LABEL_RE.match(h.label)]
    tops_and_appendices = [h for h in outline if h.level == top]
    for heading in tops:
        if _is_plan_heading(heading, YEAR_WORK_TITLE_RE):
            return [_through_appendix(tops_and_appendices, tops_and_appendices.index(heading), text_length)]
    targets_at = next((s.start for s in sentences if ANNUAL_TARGETS_RE.search(s.text)), None)
    if targets_at is not None:
        owner = bisect_right([h.start for h in tops_and_appendices], targets_at) - 1
        if owner >= 0 and not REVIEW_TITLE_RE.search(tops_and_appendices[owner].title):
            return [_through_appendix(tops_and_appendices, owner, text_length)]
    reviews_past = any(REVIEW_TITLE_RE.search(h.title) for h in tops)
    for pattern in (YEAR_WORK_TITLE_RE, FIVE_YEAR_TITLE_RE if reviews_past else None):
        spans = [(h.start, _section_end(outline, i, text_length))
                 for i, h in enumerate(outline) if pattern is not None and _is_plan_heading(h, pattern)]
        if spans:
            return spans
    return [(min(h.start for h in outline), text_length)]


def work_arrangement_sentences(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                               text_length: int) -> list[int]:
    """Indices of the sentences inside the work-arrangement sections, up to a closing address.

    Only an address after the last heading of the arrangement closes it: reports also open
    with one (各位代表：).
    """
    spans = work_arrangement_spans(outline, text_length, sentences)
    last_heading = max((h.start for h in outline if any(a <= h.start < b for a, b in spans)), default=-1)
    chosen: list[int] = []
    closed_paragraph: int | None = None
    for index, sentence in enumerate(sentences):
        if not any(start <= sentence.start < end for start, end in spans):
            continue
        if (closed_paragraph is None and sentence.start > last_heading and chosen
                and CLOSING_ADDRESS.match(sentence.text)):
            closed_paragraph = sentence.paragraph
        if closed_paragraph is not None and sentence.paragraph >= closed_paragraph:
            continue
        chosen.append(index)
    return chosen


# --- sentence roles ------------------------------------------------------------------------------

ROLE_HEADING = "heading"  # a heading line or a run-in heading sentence
ROLE_PREAMBLE = "preamble"  # framing text of a section that has its own paragraphs below
ROLE_LEAD = "lead"  # the short lead phrase opening a paragraph (加强战略科技力量建设。)
ROLE_BODY = "body"  # a sentence that states work to do

# A lead phrase is short and has no internal clause break.
LEAD_MAX_CHARS = 30
_INTERNAL_BREAK = re.compile(r"[，,；;：:]")
_NON_WORD = re.compile(r"[\W_]+")


def _heading_sentences(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                       indices: Sequence[int]) -> set[int]:
    """Indices of the sentences that hold a heading's label."""
    found: set[int] = set()
    for heading in outline:
        for i in indices:
            if sentences[i].start <= heading.start < max(sentences[i].end, sentences[i].start + 1):
                found.add(i)
                break
    return found


def _is_lead(sentence: SentenceRecord, paragraph_size: int) -> bool:
    letters = _NON_WORD.sub("", sentence.text)
    return (paragraph_size > 1 and 0 < len(letters) <= LEAD_MAX_CHARS
            and not _INTERNAL_BREAK.search(sentence.text.rstrip("。！？!?")))


def _first_child_start(outline: Sequence[HeadingRecord], index: int) -> int | None:
    """Where the first sub-heading of heading ``index`` starts, if it has one."""
    level = outline[index].level
    following = outline[index + 1] if index + 1 < len(outline) else None
    return following.start if following is not None and following.level > level else None


def sentence_roles(sentences: Sequence[SentenceRecord], outline: Sequence[HeadingRecord],
                   indices: Sequence[int]) -> dict[int, str]:
    """The role of each sentence in ``indices`` (in document order): heading, preamble, lead or body.

    Text between a heading and its first sub-heading frames the section, and so does the
    rest of a run-in heading's paragraph when more paragraphs follow in the section. A
    section whose only text is its heading paragraph keeps that text as body.
    """
    starts = [h.start for h in outline]
    heading_sentences = _heading_sentences(sentences, outline, indices)
    paragraph_sizes: dict[int, int] = {}
    for i in indices:
        paragraph_sizes[sentences[i].paragraph] = paragraph_sizes.get(sentences[i].paragraph, 0) + 1
    heading_paragraph_of = {bisect_right(starts, sentences[i].start) - 1: sentences[i].paragraph
                            for i in heading_sentences}
    section_paragraphs: dict[int, set[int]] = {}
    for i in indices:
        section_paragraphs.setdefault(bisect_right(starts, sentences[i].start) - 1, set()).add(
            sentences[i].paragraph)

    roles: dict[int, str] = {}
    previous_paragraph = None
    for i in indices:
        sentence = sentences[i]
        first_in_paragraph = sentence.paragraph != previous_paragraph
        previous_paragraph = sentence.paragraph
        owner = bisect_right(starts, sentence.start) - 1
        if i in heading_sentences:
            roles[i] = ROLE_HEADING
        elif owner >= 0 and _first_child_start(outline, owner) is not None:
            roles[i] = ROLE_PREAMBLE  # before the first sub-heading of a section that has some
        elif owner >= 0 and heading_paragraph_of.get(owner) == sentence.paragraph:
            more = len(section_paragraphs.get(owner, ())) > 1
            roles[i] = ROLE_PREAMBLE if more else ROLE_BODY
        elif first_in_paragraph and _is_lead(sentence, paragraph_sizes[sentence.paragraph]):
            roles[i] = ROLE_LEAD
        else:
            roles[i] = ROLE_BODY
    return roles
