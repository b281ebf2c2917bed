"""Is a figure a commitment (target) or a reported result (achievement), and for when?

The enclosing headings decide first (a 回顾 section reports, a 工作安排 section plans);
clause and paragraph wording (已, 了, 同比, 一季度, 力争 …) decide where the headings are
silent or when a planning section opens with a look back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from gzviewer.parse.numbers import find_years
from gzviewer.parse.records import DocumentMeta, HeadingRecord, SentenceRecord
from gzviewer.parse.section_terms import (
    PLAN_TITLE_RE,
    PLAN_VERB_RE,
    REFERENCE_TITLE_RE,
    REVIEW_RESULT_TITLE_RE,
    REVIEW_TITLE_RE,
)
from gzviewer.parse.target_terms import (
    COMPARISON_WORDS,
    CURRENT_YEAR_RE,
    FALLBACK_HEADING_RE,
    FUTURE_SENTENCE_RE,
    PAST_CLAUSE_RE,
    PAST_OPENING_RE,
    PAST_PARAGRAPH_MIN_CUES,
    PAST_PARAGRAPH_RE,
    PERIOD_RE,
    PLAN_TITLE_PERIOD_RE,
    WEAK_PAST_CLAUSE_RE,
)

TARGET = "target"
ACHIEVEMENT = "achievement"
REVIEW = "review"
PLAN = "plan"
REFERENCE = "reference"


def classify_title(title: str, document_year: int | None) -> str | None:
    """``review``, ``plan``, ``reference`` (a glossary) or None (silent, or both at once
    as in 成就和主要目标)."""
    if REFERENCE_TITLE_RE.search(title):
        return REFERENCE
    review = bool(REVIEW_TITLE_RE.search(title))
    result = REVIEW_RESULT_TITLE_RE.search(title)
    if result and not PLAN_VERB_RE.search(title[: result.start()]):
        review = True
    plan = bool(PLAN_TITLE_RE.search(title))
    years = [year for year, _, _ in find_years(title)]
    if document_year and years and not review and not plan:
        if max(years) >= document_year:
            plan = True
        else:
            review = True
    if review == plan:
        return None
    return REVIEW if review else PLAN


def heading_chain(outline: list[HeadingRecord], index: int | None) -> list[HeadingRecord]:
    """The heading at ``index`` and its ancestors, innermost first."""
    chain: list[HeadingRecord] = []
    if index is None:
        return chain
    level = outline[index].level + 1
    for heading in reversed(outline[: index + 1]):
        if heading.level < level:
            chain.append(heading)
            level = heading.level
    return chain


@dataclass
class SentenceContext:
    """What the headings and the paragraph say about one sentence."""

    section: str | None = None  # review | plan | None
    year: str | None = None
    past_paragraph: bool = False
    titles: list[str] = field(default_factory=list)


class KindClassifier:
    """Decides kind and year for the figures of one document."""

    def __init__(self, outline: list[HeadingRecord], sentences: list[SentenceRecord],
                 meta: DocumentMeta, text: str) -> None:
        self.own_outline = not outline
        self.outline = outline or fallback_outline(text)
        self._starts = [heading.start for heading in self.outline]
        self.meta = meta
        self.document_year = meta.year
        self.document_period = self._document_period(meta, text)
        self._past_paragraphs = self._find_past_paragraphs(sentences)
        self._contexts: dict[int | None, SentenceContext] = {}

    @staticmethod
    def _document_period(meta: DocumentMeta, text: str) -> str | None:
        match = PLAN_TITLE_PERIOD_RE.search(meta.title or "") or PLAN_TITLE_PERIOD_RE.search(text[:2000])
        return f"{match.group(1)}五" if match else None

    @staticmethod
    def _find_past_paragraphs(sentences: list[SentenceRecord]) -> set[int]:
        texts: dict[int, list[str]] = {}
        for sentence in sentences:
            texts.setdefault(sentence.paragraph, []).append(sentence.text)
        return {paragraph for paragraph, parts in texts.items()
                if PAST_OPENING_RE.match(parts[0])
                or len(PAST_PARAGRAPH_RE.findall("".join(parts))) >= PAST_PARAGRAPH_MIN_CUES}

    def _heading_of(self, sentence: SentenceRecord) -> int | None:
        if not self.own_outline:
            return sentence.heading
        index = bisect_right(self._starts, sentence.start) - 1
        return index if index >= 0 else None

    def context(self, sentence: SentenceRecord) -> SentenceContext:
        heading = self._heading_of(sentence)
        if heading not in self._contexts:
            chain = heading_chain(self.outline, heading)
            section = next((c for c in (classify_title(h.title, self.document_year) for h in chain) if c),
                           None)
            self._contexts[heading] = SentenceContext(
                section=section, year=self._year_from_titles([h.title for h in chain]),
                titles=[h.title for h in chain])
        base = self._contexts[heading]
        return SentenceContext(section=base.section, year=base.year, titles=base.titles,
                               past_paragraph=sentence.paragraph in self._past_paragraphs)

    def _year_from_titles(self, titles: list[str]) -> str | None:
        for title in titles:
            year = year_of(title)
            if year:
                return year
        return None

    def is_reference(self, sentence: SentenceRecord) -> bool:
        """Inside a glossary or notes section, where figures only define terms."""
        return self.context(sentence).section == REFERENCE

    def kind(self, sentence: SentenceRecord, clause: str) -> str:
        """``target`` or ``achievement`` for a figure in ``clause`` of ``sentence``."""
        context = self.context(sentence)
        if PAST_CLAUSE_RE.search(clause):
            return ACHIEVEMENT
        if context.section == REVIEW:
            return ACHIEVEMENT
        if FUTURE_SENTENCE_RE.search(sentence.text):
            return TARGET
        if WEAK_PAST_CLAUSE_RE.search(clause) or context.past_paragraph or self._only_past_years(clause):
            return ACHIEVEMENT
        return TARGET

    def _only_past_years(self, text: str) -> bool:
        """``2020年地区生产总值突破2.5万亿元`` in a 2021 report; base years (比2015年) do not count."""
        if not self.document_year:
            return False
        years = [year for year, start, _ in find_years(text)
                 if not text[max(0, start - 3):start].endswith(COMPARISON_WORDS)]
        return bool(years) and max(years) < self.document_year

    def year(self, sentence: SentenceRecord) -> str | None:
        """The year or plan period the figure belongs to: for 「比2015年增长1.03倍」 the year the
        figure was reached (the context's), not the base year it is compared with."""
        own = year_of(sentence.text, skip_base_years=True)
        if own:
            return own
        if self.document_year and CURRENT_YEAR_RE.search(sentence.text):
            return str(self.document_year)
        return (self.context(sentence).year or self.document_period
                or (str(self.document_year) if self.document_year else None))


def fallback_outline(text: str) -> list[HeadingRecord]:
    """Section headings found by their labels alone, for a document without an outline."""
    headings = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        match = FALLBACK_HEADING_RE.match(line)
        if match:
            level = 1 if match.group("top") else 2
            title = re.split("[。]", match.group("title"), maxsplit=1)[0].strip()
            headings.append(HeadingRecord(level=level, label=match.group("label"), title=title,
                                          start=offset + match.start("label"), line=number))
        offset += len(line) + 1
    return headings


def year_of(text: str, skip_base_years: bool = False) -> str | None:
    """The latest year written in ``text`` (``2035`` over a base year ``2023``), else a period;
    with ``skip_base_years`` a year after a comparison word (比2015年) does not count."""
    years = [year for year, start, _ in find_years(text)
             if not (skip_base_years and text[max(0, start - 3):start].endswith(COMPARISON_WORDS))]
    if years:
        return str(max(years))
    period = PERIOD_RE.search(text)
    return period.group(0) if period else None
