"""Finding the indicator a figure measures: the short noun phrase next to it.

Two shapes cover most planning prose:

* indicator, link verb, figure: ``地区生产总值增长6%以上``, ``新增养老床位3000张``;
* verb, figure, indicator: ``打造30个夜间经济集聚区``, ``建设1000公里污水管网``.

jieba (with the project's indicator dictionary) decides whether the words after a figure
start a noun phrase, and which leading words are verbs to drop.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gzviewer.parse.segmentation import pos_cut
from gzviewer.parse.target_terms import (
    ACTION_VERBS,
    ADDITION_WORDS,
    DECREASE_WORDS,
    FOLLOWING_PREDICATES,
    GROWTH_VERBS,
    LEADING_SPAN_RE,
    LEADING_TIME_RE,
    LEADING_WORDS,
    LIST_SEPARATORS,
    MONEY_HEADS,
    PROTECTED_ENDINGS,
    TIME_ONLY_RE,
    TRAILING_BASE_RE,
    TRAILING_LINK_WORDS,
)

# jieba tags that can start a noun phrase (nouns, names, abbreviations, idioms, noun-verbs).
NOUN_TAGS = ("n", "nr", "ns", "nt", "nz", "nrt", "vn", "an", "j", "l", "s", "f", "b", "t", "eng", "m", "g")
# Tags dropped from the start of an indicator: verbs, adverbs, prepositions, conjunctions.
LEADING_DROP_TAGS = ("v", "vd", "d", "p", "c", "r", "u", "uj", "ul", "ad", "y", "zg")
TRAILING_DROP_TAGS = ("d", "p", "u", "uj", "ul", "c", "y")
ENUMERATION_END = "等"
MIN_OBJECT_LENGTH = 3
MIN_INDICATOR_KEEP = 2
MODIFIER_MARK = "的"
PUNCTUATION = "、，,；;：:。“”\"'‘’《》 \u3000"
QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"))
_BRACKETS_RE = re.compile(r"[（(][^（）()]{0,12}[）)]$")


@lru_cache(maxsize=8192)
def tag(text: str) -> tuple[tuple[str, str], ...]:
    """(word, part-of-speech) pairs; cached, because clause cleaning re-tags the same stretches."""
    return tuple(pos_cut(text)) if text else ()


def _strip_marks(text: str, extra: str = "") -> str:
    """Trim punctuation at both ends but keep a quotation mark whose partner is inside
    (``“三线”整治``), and drop a dangling half of a pair (``小微水体“长制久清``)."""
    marks = PUNCTUATION + extra
    while text and text[0] in marks and not any(text[0] == o and c in text[1:] for o, c in QUOTE_PAIRS):
        text = text[1:]
    while text and text[-1] in marks and not any(text[-1] == c and o in text[:-1] for o, c in QUOTE_PAIRS):
        text = text[:-1]
    for opening, closing in QUOTE_PAIRS:
        if text.count(opening) > text.count(closing):
            cut = text.rfind(opening)
            text = text[:cut] if cut >= MIN_INDICATOR_KEEP else text.replace(opening, "")
        elif text.count(closing) > text.count(opening):
            text = text.replace(closing, "", 1)
    return text


# Longest first, sorted once (clause cleaning runs thousands of times per document).
_LEADING_LONGEST_FIRST = tuple(sorted(LEADING_WORDS, key=len, reverse=True))
_TRAILING_LONGEST_FIRST = tuple(sorted(TRAILING_LINK_WORDS, key=len, reverse=True))
_SEPARATOR_CHARACTERS = "".join(s for s in LIST_SEPARATORS if len(s) == 1)


def _strip_leading(text: str, use_tags: bool = True) -> str:
    """Drop scope, time, hedge and verb words in front of the noun phrase."""
    changed = True
    while changed and text:
        changed = False
        text = _strip_marks(text, _SEPARATOR_CHARACTERS)
        time = LEADING_TIME_RE.match(text) or LEADING_SPAN_RE.match(text)
        if time and time.end() < len(text):
            text, changed = text[time.end():], True
            continue
        if text.startswith(_LEADING_LONGEST_FIRST):
            for word in _LEADING_LONGEST_FIRST:
                if text.startswith(word) and len(text) > len(word):
                    text, changed = text[len(word):], True
                    break
        if changed or not use_tags:
            continue
        tokens = tag(text)
        if len(tokens) > 1 and tokens[0][1] in LEADING_DROP_TAGS and tokens[0][0] not in ADDITION_WORDS:
            text, changed = text[len(tokens[0][0]):], True
    return text


def _strip_trailing(text: str) -> str:
    """Drop link verbs (增长, 控制在, 达到 …) between the indicator and its figure."""
    changed = True
    while changed and text:
        changed = False
        text = _strip_marks(text)
        without_base = TRAILING_BASE_RE.sub("", text)
        text = without_base if len(without_base) >= 2 else text
        if text.endswith(PROTECTED_ENDINGS):
            break
        if text.endswith(_TRAILING_LONGEST_FIRST):
            for word in _TRAILING_LONGEST_FIRST:
                if text.endswith(word) and len(text) > len(word):
                    if word in GROWTH_VERBS and len(text) - len(word) < MIN_OBJECT_LENGTH:
                        return text  # 经济增长5%左右: 经济 alone would say too little
                    text, changed = text[: -len(word)], True
                    break
        if changed:
            continue
        tokens = tag(text)
        if len(tokens) > 1 and tokens[-1][1] in TRAILING_DROP_TAGS and tokens[-1][0] not in DECREASE_WORDS:
            text, changed = text[: -len(tokens[-1][0])], True
    return text


def _after_last_action(text: str) -> str:
    """``国家科技部认定高新技术企业`` → ``高新技术企业``: the object of an action verb."""
    tokens = tag(text)
    offset = 0
    cut = None
    for position, (word, _) in enumerate(tokens):
        offset += len(word)
        if word in ACTION_VERBS and position + 1 < len(tokens) and tokens[position + 1][1] in NOUN_TAGS:
            cut = offset
    if cut is not None and len(text) - cut >= MIN_OBJECT_LENGTH:
        return text[cut:]
    return text


def _is_bare_verb(text: str) -> bool:
    """Nothing but a verb or link word is left (打造, 安排, 筹措)."""
    if text in LEADING_WORDS or text in ACTION_VERBS or text in TRAILING_LINK_WORDS:
        return True
    tokens = tag(text)
    return len(tokens) == 1 and tokens[0][1] in ("v", "vd")


def clean_object(text: str) -> str:
    """The words after a figure when nothing precedes it (70%以上达到省定美丽宜居村标准):
    only listed verbs are dropped, jieba's verb tags are too loose here (垂直领域大模型)."""
    text = clean_following(_strip_leading(text, use_tags=False))
    return "" if _is_bare_verb(text) else text


def clean_preceding(text: str) -> str:
    """The indicator in the words before a figure: ``力争科技信贷增速不低于`` → ``科技信贷增速``."""
    text = _strip_trailing(_after_last_action(_strip_leading(text)))
    return "" if _is_bare_verb(text) or TIME_ONLY_RE.fullmatch(text) else text


def starts_verb(text: str) -> bool:
    """Whether the words right after a figure are a verb (1小时互达, 0.5天办结)."""
    tokens = tag(text[:12])
    return bool(tokens) and tokens[0][1] in ("v", "vd")


def describes_other_noun(text: str, money: bool) -> bool:
    """A sum written before a noun that is not an amount only describes it
    (``20亿元产业投资发展基金的引领作用``, ``超10亿元项目``); ``600亿元融资规模`` counts."""
    if not money:
        return False
    position = text.find(MODIFIER_MARK)
    head = text[position + 1:] if position > 0 else clean_following(text)
    return not any(word in head for word in MONEY_HEADS)


def ends_with_verb(text: str) -> bool:
    """``为退役军人提供``: the figure after it is the verb's object."""
    tokens = tag(text[-8:])
    return bool(tokens) and tokens[-1][1] in ("v", "vd") and tokens[-1][0] not in TRAILING_LINK_WORDS


def starts_predicate(text: str) -> bool:
    """The words after a figure open a new predicate (达到…, 开设…)."""
    return text.startswith(FOLLOWING_PREDICATES) or text.startswith(TRAILING_LINK_WORDS)


def starts_noun_phrase(text: str) -> bool:
    """Whether the words right after a figure name what is counted (``个夜间经济集聚区``)."""
    tokens = tag(text[:12])
    return bool(tokens) and tokens[0][1] in NOUN_TAGS and tokens[0][0] not in ("的",)


def clean_following(text: str) -> str:
    """The indicator in the words after a figure, up to the end of the listed item."""
    for separator in ("、", ENUMERATION_END):
        position = text.find(separator)
        if position >= 0:
            text = text[:position]
    offset = 0
    for word, _ in tag(text):
        if word in FOLLOWING_PREDICATES and offset >= MIN_OBJECT_LENGTH - 1:
            text = text[:offset]
            break
        offset += len(word)
    return _strip_trailing(_strip_marks(text))


def split_items(text: str) -> list[str]:
    """``一产、二产、三产增加值`` → three items (for 分别 / 各 / 均 lists)."""
    parts = re.split("|".join(re.escape(s) for s in LIST_SEPARATORS), text)
    return [part for part in (_strip_marks(p) for p in parts) if part]


def share_head(items: list[str], parallel_only: bool = False) -> list[str]:
    """``一产、二产、三产增加值`` → ``一产增加值``, ``二产增加值``, ``三产增加值``.

    Applies when the earlier items have one length and the last item splits into words at
    that length (or, always required with ``parallel_only``, ends that stretch like the
    first item: 省级 / 市级); the rest of the last item is the head they share.
    """
    if len(items) < 2:
        return items
    length = len(items[0])
    last = items[-1]
    if any(len(item) != length for item in items[:-1]) or len(last) - length < MIN_INDICATOR_KEEP:
        return items
    boundaries, offset = set(), 0
    for word, _ in tag(last):
        offset += len(word)
        boundaries.add(offset)
    parallel = items[0][-1] == last[length - 1]  # 城镇居民、农村居民…: the same ending
    if not parallel and (parallel_only or length not in boundaries):
        return items
    head = last[length:]
    return [item + head for item in items[:-1]] + [last]


def without_brackets(indicator: str) -> str:
    """``示范街（镇）`` → ``示范街``, used only to judge what the indicator ends with."""
    return _BRACKETS_RE.sub("", indicator)
