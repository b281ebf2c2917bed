"""Quantitative targets and achievements.

For every figure with a unit (see ``numbers.find_quantities``) the extractor finds the
indicator it measures (``target_indicator``), its metric, qualifier and hedge, and whether
it is a commitment or a reported result, and for which year (``target_kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gzviewer.parse.numbers import MULTIPLE_UNIT, Quantity, find_quantities, hedge_before
from gzviewer.parse.records import DocumentMeta, HeadingRecord, SentenceRecord, TargetRecord
from gzviewer.parse.target_indicator import (
    clean_following,
    clean_object,
    clean_preceding,
    describes_other_noun,
    share_head,
    split_items,
    starts_noun_phrase,
    starts_verb,
    without_brackets,
)
from gzviewer.parse.target_kind import KindClassifier
from gzviewer.parse.target_terms import (
    ADDITION_WORDS,
    CLAUSE_DELIMITERS,
    DURATION_UNITS,
    GENERIC_TOTALS,
    GROWTH_WORDS,
    LEADING_SPAN_RE,
    LEVEL_LINK_MARKS,
    LINEAR_NOUN_ENDINGS,
    LINEAR_UNITS,
    LINKS_BEFORE_FIGURE,
    LIST_SEPARATORS,
    META_NOUNS,
    METAPHOR_NOUNS,
    PAIRED_SCOPES,
    RATIO_WORDS,
    RESPECTIVELY,
    SHARED_FIGURE_WORDS,
    TRAILING_LINK_WORDS,
)

GROWTH = "growth"
LEVEL = "level"
RATIO = "ratio"
DOUBLING_MARK = "番"
MIN_INDICATOR_LENGTH = 2
MODIFIER_MARK = "的"
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、]"
_SPACE_NEAR_CJK_RE = re.compile(rf"(?<={_CJK})\s+|\s+(?={_CJK})")


@dataclass
class _Compact:
    """A sentence without the spaces a PDF leaves around Chinese text, mapped back."""

    text: str
    positions: list[int]  # original index of every compact character

    @classmethod
    def of(cls, text: str) -> _Compact:
        kept, positions, last = [], [], 0
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


@dataclass
class _Found:
    """An indicator for a figure and the compact range it covers with the figure."""

    indicator: str
    quantity: Quantity
    span_start: int
    span_end: int
    link: str = ""  # the words between indicator and figure (增长, 控制在 …)
    following: bool = False  # the indicator is the noun after the figure


def _clause_bounds(text: str, position: int) -> tuple[int, int]:
    start = max(text.rfind(mark, 0, position) for mark in CLAUSE_DELIMITERS) + 1
    ends = [i for i in (text.find(mark, position) for mark in CLAUSE_DELIMITERS) if i >= 0]
    return start, min(ends, default=len(text))


def _only_separators(text: str) -> bool:
    rest = text
    for separator in sorted(LIST_SEPARATORS, key=len, reverse=True):
        rest = rest.replace(separator, "")
    return not rest.strip("，, ")


def _share_following_heads(text: str, found: list[_Found | None]) -> None:
    """``10个以上省级和5个市级现代农业产业园``: the first count borrows the second's head."""
    for first, second in zip(found, found[1:], strict=False):
        if not (first and second and first.following and second.following):
            continue
        between = text[first.quantity.end:second.quantity.start]
        if between.rstrip().endswith(LIST_SEPARATORS) and between.startswith(first.indicator):
            first.indicator = share_head([first.indicator, second.indicator], parallel_only=True)[0]


def _only_link(text: str) -> bool:
    """``、增长`` or ``，比上年增长``: nothing but separators, a time span and link words."""
    rest = LEADING_SPAN_RE.sub("", text.strip("、，, "))
    return bool(rest) and (rest in TRAILING_LINK_WORDS or rest in GROWTH_WORDS)


def _metric(quantity: Quantity, indicator: str, link: str) -> str:
    if quantity.unit == MULTIPLE_UNIT:
        return RATIO if DOUBLING_MARK in quantity.text else GROWTH
    if not quantity.is_percent:
        return LEVEL
    if link.endswith(LEVEL_LINK_MARKS):
        return RATIO
    if any(word in link for word in GROWTH_WORDS) or indicator.endswith(GROWTH_WORDS):
        return GROWTH
    if any(word in indicator for word in RATIO_WORDS):
        return RATIO
    return RATIO


def _expand_pairs(items: list[str]) -> list[str]:
    """``城乡居民收入`` → ``城镇居民收入``, ``农村居民收入``."""
    expanded = []
    for item in items:
        for scope, parts in PAIRED_SCOPES.items():
            if item.startswith(scope):
                expanded.extend(part + item[len(scope):] for part in parts)
                break
        else:
            expanded.append(item)
    return expanded


class TargetExtractor:
    """Finds the figures of one document and describes each as a ``TargetRecord``."""

    def __init__(self, text: str, outline: list[HeadingRecord], sentences: list[SentenceRecord],
                 meta: DocumentMeta) -> None:
        self.text = text
        self.sentences = sentences
        self.kinds = KindClassifier(outline, sentences, meta, text)

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
            by_clause.setdefault(_clause_bounds(compact.text, quantity.start), []).append(quantity)
        records = []
        history: list[_Found] = []
        for (start, end), members in by_clause.items():
            for found in self._clause_indicators(compact.text, start, end, members, history):
                record = self._record(sentence, index, compact, found, compact.text[start:end])
                if record:
                    records.append(record)
                    history.append(found)
        return records

    def _clause_indicators(self, text: str, start: int, end: int, members: list[Quantity],
                           history: list[_Found]) -> list[_Found]:
        """Indicators for the figures of one clause; ``history`` holds the sentence's earlier ones."""
        previous = history[-1] if history else None
        found: list[_Found | None] = []
        i = 0
        while i < len(members):
            quantity = members[i]
            before_start = members[i - 1].end if i else start
            before = text[before_start:quantity.start]
            if RESPECTIVELY in before:
                group = [quantity]
                while i + len(group) < len(members) and _only_separators(
                        text[group[-1].end:members[i + len(group)].start]):
                    group.append(members[i + len(group)])
                subject = before[: before.index(RESPECTIVELY)]
                link = before[before.index(RESPECTIVELY) + len(RESPECTIVELY):]
                items = share_head(_expand_pairs(split_items(clean_preceding(subject))))
                if not items and len(history) >= len(group):
                    # 市场主体269.67万户、企业158.43万户,比2015年分别增长1.03倍和2.01倍
                    items = [earlier.indicator for earlier in history[-len(group):]]
                if len(items) == len(group) or len(items) == 1:
                    for position, member in enumerate(group):
                        item = items[position] if len(items) > 1 else items[0]
                        found.append(_Found(item, member, before_start, member.end, link))
                    i += len(group)
                    continue
            shared = next((w for w in SHARED_FIGURE_WORDS if before.rstrip().endswith(w)
                           or re.search(rf"{w}(?:达到|达|为|在|保持在|稳定在)?$", before)), None)
            if shared and any(s in before for s in LIST_SEPARATORS):
                subject = before[: before.rindex(shared)]
                items = split_items(clean_preceding(subject))
                if len(items) > 1:
                    found.extend(_Found(item, quantity, before_start, quantity.end) for item in items)
                    i += 1
                    continue
            after_end = members[i + 1].start if i + 1 < len(members) else end
            single = self._single(text, quantity, before_start, after_end)
            last = found[-1] if found else previous
            if single is None and last is not None and _only_link(before):
                # 达3507.6亿元、增长1.7%: the second figure shares the first one's indicator
                link = before if any(word in before for word in GROWTH_WORDS) else last.link
                span_start = before_start + len(before) - len(before.lstrip("、，, "))
                single = _Found(last.indicator, quantity, span_start, quantity.end, link)
            elif single is not None and last is not None and single.indicator in GENERIC_TOTALS:
                # 增加26家,总数达309家: the total of the indicator just named
                single.indicator = last.indicator + single.indicator
            found.append(single)
            i += 1
        _share_following_heads(text, found)
        return [f for f in found if f is not None]

    def _single(self, text: str, quantity: Quantity, before_start: int, after_end: int) -> _Found | None:
        before = text[before_start:quantity.start]
        # Only the last item of a list belongs to this figure (新增绿道40公里、赏花点10个).
        cut = before.rfind("、")
        if cut >= 0:
            before_start, before = before_start + cut + 1, before[cut + 1:]
        after = text[quantity.end:after_end]
        percent_like = quantity.is_percent or quantity.unit == MULTIPLE_UNIT
        noun_follows = starts_noun_phrase(after)
        if quantity.unit in DURATION_UNITS and after and not starts_verb(after):
            return None  # 15分钟生活圈, 24小时营业区: a name, not an amount
        if not percent_like and noun_follows and not clean_following(after).endswith(METAPHOR_NOUNS):
            if describes_other_noun(after, quantity.is_money):
                return None  # 首期20亿元基金的作用: the figure only describes something
            if after_end < len(text) and text[after_end:after_end + 1] not in CLAUSE_DELIMITERS \
                    and after.endswith(LINKS_BEFORE_FIGURE):
                return None  # 30个总投资达120亿元的项目: the counted noun is out of sight
            return self._following(text, quantity, before, after)
        if percent_like and before.endswith(MODIFIER_MARK):
            return None  # 返还失业保险费的50%: a share of some amount, a policy parameter
        indicator = clean_preceding(before)
        if len(indicator) >= MIN_INDICATOR_LENGTH:
            offset = before_start + before.find(indicator)
            link = text[offset + len(indicator):quantity.start]
            if quantity.unit in LINEAR_UNITS and not without_brackets(indicator).endswith(LINEAR_NOUN_ENDINGS):
                return None  # 促进外贸稳定增长23条 names a policy package
            return _Found(indicator, quantity, offset, quantity.end, link)
        if not clean_preceding(before) and (not percent_like or starts_verb(after)):
            indicator = clean_object(after)
            if len(indicator) >= MIN_INDICATOR_LENGTH:
                end = quantity.end + after.find(indicator) + len(indicator)
                return _Found(indicator, quantity, quantity.start, end)
        return None

    @staticmethod
    def _following(text: str, quantity: Quantity, before: str, after: str) -> _Found | None:
        """The counted noun after the figure (打造30个夜间经济集聚区)."""
        indicator = clean_following(after)
        if len(indicator) < MIN_INDICATOR_LENGTH:
            return None
        end = quantity.end + after.find(indicator) + len(indicator)
        addition = next((w for w in ADDITION_WORDS if before.endswith(w)), None)
        if addition:
            return _Found(addition + indicator, quantity, quantity.start - len(addition), end, following=True)
        return _Found(indicator, quantity, quantity.start, end, following=True)

    def _record(self, sentence: SentenceRecord, index: int, compact: _Compact, found: _Found,
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
