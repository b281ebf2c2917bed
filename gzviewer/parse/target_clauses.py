"""Reading the figures of one clause: which indicator each one measures.

A clause runs between the marks of ``CLAUSE_DELIMITERS``.  Besides the two plain shapes
(indicator before or after its figure, see ``target_indicator``), a clause can share one
indicator between figures (分别增长7%和8%, 各5家, 达3507.6亿元、增长1.7%) or one figure
between indicators (工业危险废物、医疗废物安全处置率均达到99%).
"""

from __future__ import annotations

from dataclasses import dataclass

from gzviewer.parse.numbers import MULTIPLE_UNIT, Quantity
from gzviewer.parse.target_indicator import (
    clean_following,
    clean_object,
    clean_preceding,
    describes_other_noun,
    ends_with_verb,
    share_head,
    split_items,
    starts_noun_phrase,
    starts_predicate,
    starts_verb,
    without_brackets,
)
from gzviewer.parse.target_terms import (
    ADDITION_WORDS,
    BENEFICIARY_MARKS,
    CLAUSE_DELIMITERS,
    DURATION_UNITS,
    GENERIC_TOTALS,
    GROWTH_WORDS,
    LEADING_SPAN_RE,
    LINEAR_NOUN_ENDINGS,
    LINEAR_UNITS,
    LINKS_BEFORE_FIGURE,
    LIST_ITEM_MARK,
    LIST_SEPARATORS,
    METAPHOR_NOUNS,
    PAIRED_SCOPES,
    RESPECTIVELY,
    SEPARATOR_MARKS,
    SERVICE_VERBS,
    SHARED_FIGURE_RE,
    TRAILING_LINK_WORDS,
)

MIN_INDICATOR_LENGTH = 2
MODIFIER_MARK = "的"


@dataclass
class Found:
    """An indicator for a figure and the compact range it covers with the figure."""

    indicator: str
    quantity: Quantity
    span_start: int
    span_end: int
    link: str = ""  # the words between indicator and figure (增长, 控制在 …)
    following: bool = False  # the indicator is the noun after the figure


def clause_bounds(text: str, position: int) -> tuple[int, int]:
    """The clause of ``text`` around ``position``."""
    start = max(text.rfind(mark, 0, position) for mark in CLAUSE_DELIMITERS) + 1
    ends = [i for i in (text.find(mark, position) for mark in CLAUSE_DELIMITERS) if i >= 0]
    return start, min(ends, default=len(text))


def _only_separators(text: str) -> bool:
    rest = text
    for separator in sorted(LIST_SEPARATORS, key=len, reverse=True):
        rest = rest.replace(separator, "")
    return not rest.strip(SEPARATOR_MARKS)


def _share_following_heads(text: str, found: list[Found | None]) -> None:
    """``10个以上省级和5个市级现代农业产业园``: the first count borrows the second's head."""
    for first, second in zip(found, found[1:], strict=False):
        if not (first and second and first.following and second.following):
            continue
        between = text[first.quantity.end:second.quantity.start]
        if between.rstrip().endswith(LIST_SEPARATORS) and between.startswith(first.indicator):
            first.indicator = share_head([first.indicator, second.indicator], parallel_only=True)[0]


def _only_link(text: str) -> bool:
    """``、增长`` or ``，比上年增长``: nothing but separators, a time span and link words."""
    rest = LEADING_SPAN_RE.sub("", text.strip(SEPARATOR_MARKS))
    return bool(rest) and (rest in TRAILING_LINK_WORDS or rest in GROWTH_WORDS)


def _expand_pairs(items: list[str]) -> list[str]:
    """``城乡居民收入`` → ``城镇居民收入``, ``农村居民收入``."""
    expanded: list[str] = []
    for item in items:
        for scope, parts in PAIRED_SCOPES.items():
            if item.startswith(scope):
                expanded.extend(part + item[len(scope):] for part in parts)
                break
        else:
            expanded.append(item)
    return expanded


def _service_for(before: str, after: str, beneficiary: str) -> str | None:
    """The service in ``对/为 N名 X 开展/提供 Y``; None for any other shape."""
    if not before.endswith(BENEFICIARY_MARKS):
        return None
    rest = after[after.find(beneficiary) + len(beneficiary):]
    verb = next((v for v in SERVICE_VERBS if rest.startswith(v)), None)
    if verb is None:
        return None
    service = clean_following(rest[len(verb):])
    return service if len(service) >= MIN_INDICATOR_LENGTH else None


class ClauseReader:
    """Finds the indicator of every figure in a clause."""

    def read(self, text: str, start: int, end: int, members: list[Quantity],
             history: list[Found]) -> list[Found]:
        """Indicators for the figures of one clause; ``history`` holds the sentence's earlier ones."""
        previous = history[-1] if history else None
        found: list[Found | None] = []
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
                        found.append(Found(item, member, before_start, member.end, link))
                    i += len(group)
                    continue
            shared = SHARED_FIGURE_RE.search(before)
            if shared and any(s in before for s in LIST_SEPARATORS):
                subject = before[: shared.start()]
                items = split_items(clean_preceding(subject))
                if len(items) > 1:
                    found.extend(Found(item, quantity, before_start, quantity.end) for item in items)
                    i += 1
                    continue
            after_end = members[i + 1].start if i + 1 < len(members) else end
            single = self._single(text, quantity, before_start, after_end)
            last = found[-1] if found else previous
            if single is None and last is not None and _only_link(before):
                # 达3507.6亿元、增长1.7%: the second figure shares the first one's indicator
                link = before if any(word in before for word in GROWTH_WORDS) else last.link
                span_start = before_start + len(before) - len(before.lstrip(SEPARATOR_MARKS))
                single = Found(last.indicator, quantity, span_start, quantity.end, link)
            elif single is not None and last is not None and single.indicator in GENERIC_TOTALS:
                # 增加26家,总数达309家: the total of the indicator just named
                single.indicator = last.indicator + single.indicator
            found.append(single)
            i += 1
        _share_following_heads(text, found)
        return [f for f in found if f is not None]

    def _single(self, text: str, quantity: Quantity, before_start: int, after_end: int) -> Found | None:
        before = text[before_start:quantity.start]
        # Only the last item of a list belongs to this figure (新增绿道40公里、赏花点10个).
        cut = before.rfind(LIST_ITEM_MARK)
        if cut >= 0:
            before_start, before = before_start + cut + 1, before[cut + 1:]
        after = text[quantity.end:after_end]
        percent_like = quantity.is_percent or quantity.unit == MULTIPLE_UNIT
        # 提供5万个就业岗位: jieba calls 就业 a verb, but after a verb the figure counts its object
        noun_follows = starts_noun_phrase(after) or (
            bool(after) and ends_with_verb(before) and not starts_predicate(after))
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
            return Found(indicator, quantity, offset, quantity.end, link)
        if not indicator and (not percent_like or starts_verb(after)):
            indicator = clean_object(after)
            if len(indicator) >= MIN_INDICATOR_LENGTH:
                service = _service_for(before, after, indicator)
                if service:
                    return Found(indicator + service, quantity, quantity.start,
                                 quantity.end + len(after.rstrip()))
                end = quantity.end + after.find(indicator) + len(indicator)
                return Found(indicator, quantity, quantity.start, end)
        return None

    @staticmethod
    def _following(text: str, quantity: Quantity, before: str, after: str) -> Found | None:
        """The counted noun after the figure (打造30个夜间经济集聚区)."""
        indicator = clean_following(after)
        if len(indicator) < MIN_INDICATOR_LENGTH:
            return None
        end = quantity.end + after.find(indicator) + len(indicator)
        service = _service_for(before, after, indicator)
        if service:
            # 对7万名中小学青少年开展脊柱侧弯筛查: the people served and the service
            return Found(indicator + service, quantity, quantity.start, quantity.end + len(after.rstrip()),
                         following=True)
        addition = next((w for w in ADDITION_WORDS if before.endswith(w)), None)
        if addition:
            return Found(addition + indicator, quantity, quantity.start - len(addition), end, following=True)
        return Found(indicator, quantity, quantity.start, end, following=True)

