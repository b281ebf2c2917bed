"""Quantitative targets and achievements.

For every figure with a unit (see ``numbers.find_quantities``) the extractor finds the
indicator it measures (``target_indicator``), its metric, qualifier and hedge, and whether
it is a commitment or a reported result, and for which year (``target_kind``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gzviewer.parse.numbers import MULTIPLE_UNIT, Quantity, find_quantities, hedge_before
from gzviewer.parse.records import DocumentMeta, HeadingRecord, SentenceRecord, TargetRecord
from gzviewer.parse.target_clauses import MIN_INDICATOR_LENGTH, ClauseReader, Found, clause_bounds
from gzviewer.parse.target_kind import KindClassifier
from gzviewer.parse.target_terms import (
    GROWTH_WORDS,
    LEVEL_LINK_MARKS,
    META_NOUNS,
)

GROWTH = "growth"
LEVEL = "level"
RATIO = "ratio"
DOUBLING_MARK = "番"
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、]"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")


@dataclass
class _Compact:
    """A sentence without the spaces a PDF leaves around Chinese text, mapped back."""

    text: str
    positions: Sequence[int]  # original index of every compact character

    @classmethod
    def of(cls, text: str) -> _Compact:
        if not _SPACE_NEAR_CJK_RE.search(text):  # nearly every sentence: no map to build
            return cls(text, range(len(text)))
        kept: list[str] = []
        positions: list[int] = []
        last = 0
        for match in _SPACE_NEAR_CJK_RE.finditer(text):
            kept.append(text[last:match.start()])
            positions.extend(range(last, match.start()))
            last = match.end()
        kept.append(text[last:])
        positions.extend(range(last, len(text)))
        return cls("".join(kept), positions)

    def original(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return (self.positions[start], self.positions[start]) if start < len(self.positions) else (0, 0)
        return self.positions[start], self.positions[end - 1] + 1


def _metric(quantity: Quantity, indicator: str, link: str) -> str:
    """growth (增长6%, 提高1倍), ratio (a share or rate, 翻一番) or level (an amount)."""
    if quantity.unit == MULTIPLE_UNIT:
        return RATIO if DOUBLING_MARK in quantity.text else GROWTH
    if not quantity.is_percent:
        return LEVEL
    if link.endswith(LEVEL_LINK_MARKS):
        return RATIO
    if any(word in link for word in GROWTH_WORDS) or indicator.endswith(GROWTH_WORDS):
        return GROWTH
    return RATIO


class TargetExtractor:
    """Finds the figures of one document and describes each as a ``TargetRecord``."""

    def __init__(self, text: str, outline: list[HeadingRecord], sentences: list[SentenceRecord],
                 meta: DocumentMeta) -> None:
        self.text = text
        self.sentences = sentences
        self.kinds = KindClassifier(outline, sentences, meta, text)
        self.clauses = ClauseReader()

    def extract(self) -> list[TargetRecord]:
        records: list[TargetRecord] = []
        for index, sentence in enumerate(self.sentences):
            records.extend(self._sentence_targets(index, sentence))
        return records

    def _sentence_targets(self, index: int, sentence: SentenceRecord) -> list[TargetRecord]:
        compact = _Compact.of(sentence.text)
        quantities = find_quantities(compact.text)
        if not quantities or self.kinds.is_reference(sentence):
            return []
        by_clause: dict[tuple[int, int], list[Quantity]] = {}
        for quantity in quantities:
            by_clause.setdefault(clause_bounds(compact.text, quantity.start), []).append(quantity)
        records = []
        history: list[Found] = []
        for (start, end), members in by_clause.items():
            for found in self.clauses.read(compact.text, start, end, members, history):
                record = self._record(sentence, index, compact, found, compact.text[start:end])
                if record:
                    records.append(record)
                    history.append(found)
        return records

    def _record(self, sentence: SentenceRecord, index: int, compact: _Compact, found: Found,
                clause: str) -> TargetRecord | None:
        quantity = found.quantity
        if len(found.indicator) < MIN_INDICATOR_LENGTH or found.indicator.endswith(META_NOUNS) \
                or found.indicator.startswith(META_NOUNS):
            return None
        hedge = hedge_before(compact.text, quantity.start)
        qualifier = quantity.qualifier or hedge
        span_start, span_end = compact.original(found.span_start, found.span_end)
        return TargetRecord(
            indicator=found.indicator,
            metric=_metric(quantity, found.indicator, found.link),
            value=quantity.value,
            value_high=quantity.value_high,
            unit=quantity.unit,
            qualifier=qualifier,
            qualifier_class=quantity.qualifier_class,
            year=self.kinds.year(sentence),
            kind=self.kinds.kind(sentence, clause),
            sentence=sentence.text,
            span=sentence.text[span_start:span_end],
            start=sentence.start + span_start,
            end=sentence.start + span_end,
            hedge=hedge,
            sentence_index=index,
        )


def extract_targets(text: str, outline: list[HeadingRecord], sentences: list[SentenceRecord],
                    meta: DocumentMeta) -> list[TargetRecord]:
    """Every quantified commitment and reported result in the document, in order."""
    return TargetExtractor(text, outline, sentences, meta).extract()
