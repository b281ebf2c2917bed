"""Reading quantities in Chinese planning prose.

``read_number`` turns one numeral (``三千``, ``1.2万``, ``二〇三五``) into a float.
``find_quantities`` scans a text for figures with a unit (``6.5万座``, ``5%—5.5%``,
``3至5个``, ``不低于30%``, ``翻一番``) and keeps what the text wrote: the value in the
unit as written (``6.5`` in ``万座``), the bounding word (``以上``, ``左右``, ``超``…) and
its class.  Years (``2021年``, ``二〇三五年``), ordinals (``第七次``), identifiers
(``5G``, ``PM2.5``, ``8号线``, ``“1+4”``) and magnitude classes (``20万吨级``) are not
quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import cn2an

# --- Numerals -----------------------------------------------------------------------------

CHINESE_DIGITS = "零〇一二两三四五六七八九"
DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                "七": 7, "八": 8, "九": 9}
CHINESE_NUMERAL_CHARS = CHINESE_DIGITS + "十百千万亿"
# Trailing magnitude characters that the documents keep as part of the written unit
# (``6.5万座`` is 6.5 in ``万座``; ``万亩`` is 1 in ``万亩``).
MAGNITUDES = ("万亿", "千万", "亿", "万")
MAGNITUDE_SCALE = {"万亿": 1e12, "千万": 1e7, "亿": 1e8, "万": 1e4}

_ARABIC = r"\d+(?:,\d{3}(?!\d))*(?:\.\d+)?"
_ARABIC_RE = re.compile(_ARABIC)
_CHINESE_RE = re.compile(rf"[{CHINESE_NUMERAL_CHARS}]+(?:点[{CHINESE_DIGITS}]+)?")
_DIGIT_BY_DIGIT_RE = re.compile(rf"[{CHINESE_DIGITS}]{{2,}}")

_FULLWIDTH = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {"．": ".", "％": "%"})
_FULLWIDTH_RE = re.compile("[\uff10-\uff19．％]")


def fold_width(text: str) -> str:
    """Full-width digits, point and percent sign to ASCII; keeps every offset."""
    # translate() looks up every character in a dict; most text has nothing to fold.
    return text.translate(_FULLWIDTH) if _FULLWIDTH_RE.search(text) else text


def read_chinese_numeral(numeral: str) -> float | None:
    """``三千`` → 3000, ``二〇三五`` → 2035, ``一点五`` → 1.5; None if not a numeral."""
    if not numeral:
        return None
    if _DIGIT_BY_DIGIT_RE.fullmatch(numeral):  # years and codes are read digit by digit
        return float("".join(str(DIGIT_VALUES[c]) for c in numeral))
    try:
        return float(cn2an.cn2an(numeral.replace("〇", "零"), "smart"))
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def read_number(text: str) -> float | None:
    """Read one numeral, Arabic, Chinese or mixed (``1.2万``); None when it is not one."""
    text = fold_width(text.strip()).replace(",", "")
    if not text:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]+)", text)
    if match:
        scale = 1.0
        for char in match.group(2):
            scale *= {"十": 10, "百": 100, "千": 1000, "万": 1e4, "亿": 1e8}[char]
        return float(match.group(1)) * scale
    if re.fullmatch(_CHINESE_RE.pattern, text):
        return read_chinese_numeral(text)
    return None


# --- Units and bounding words -------------------------------------------------------------

PERCENT_UNITS = ("个百分点", "百分点", "%", "‰")
MULTIPLE_UNIT = "倍"
CURRENCY_MARK = "元"
# Units a figure can carry, longest first when compiled.  Counting words that also start
# ordinary nouns (批, 期, 级, 号, 次, 年, 大, 类) are left out on purpose.
BASE_UNITS = (
    "个工作日", "工作日", "个月", "小时", "天", "分钟",
    "平方公里", "平方千米", "平方米", "公顷", "亩", "公里", "千米", "延米", "米",
    "立方米", "吨", "公斤", "千克", "斤", "微克", "毫克", "千瓦时", "千瓦", "兆瓦", "吉瓦",
    "美元", "港元", "欧元", "元",
    "人次", "家次", "场次", "间次", "架次", "车次", "班次",
    "个", "家", "座", "张", "条", "台", "套", "户", "人", "名", "场", "所", "项", "件",
    "辆", "艘", "架", "栋", "幢", "间", "处", "宗", "笔", "部", "株", "棵", "只", "头",
    "款", "种", "片", "段", "根", "盏", "块", "口", "份", "床", "标箱", "标准箱", "对", "列",
)
RATE_DENOMINATORS = ("立方米", "标准立方米", "平方米", "天", "日", "月", "年", "人", "升", "小时", "秒", "户")
# Chinese-numeral figures are read only with measure units: with counting words they are
# almost always names (三大平台, 两个维护, 十件民生实事, 千家万户).
CHINESE_NUMERAL_UNITS = ("平方公里", "平方米", "公顷", "亩", "公里", "千米", "吨", "小时", "倍", "元")

LOWER_BOUND_PREFIXES = ("不低于", "不少于", "多于", "超过", "高于", "突破", "超", "逾")
UPPER_BOUND_PREFIXES = ("不超过", "不高于", "不多于", "低于", "少于")
ABOUT_PREFIXES = ("约", "近", "大约", "接近")
LOWER_BOUND_SUFFIXES = ("以上",)
UPPER_BOUND_SUFFIXES = ("以内", "以下", "之内")
ABOUT_SUFFIXES = ("左右", "上下")
MANY = "多"  # 170多个
HEDGES = ("力争", "争取")
HEDGE_BARRIERS = ("；", ";", "。")

QUALIFIER_CLASSES = (
    {w: "at_least" for w in (*LOWER_BOUND_PREFIXES, *LOWER_BOUND_SUFFIXES, MANY)}
    | {w: "at_most" for w in (*UPPER_BOUND_PREFIXES, *UPPER_BOUND_SUFFIXES)}
    | {w: "about" for w in (*ABOUT_PREFIXES, *ABOUT_SUFFIXES)}
)
RANGE_SEPARATORS = ("——", "—", "－", "-", "–", "~", "～", "至", "到")
# A unit followed by these is part of a name or a class, not an amount.
NAME_SUFFIXES = ("级", "号", "期", "届", "代", "周年", "强")
# 翻一番 doubles, 翻两番 quadruples.
DOUBLING_RE = re.compile(r"翻(一|两|二|三)?番")
DOUBLING_FACTOR = {"一": 2.0, None: 2.0, "两": 4.0, "二": 4.0, "三": 8.0}
PERCENT_OF_RE = re.compile(rf"百分之([{CHINESE_NUMERAL_CHARS}]+|{_ARABIC})")


def qualifier_class(qualifier: str | None) -> str:
    """at_least / at_most / about / exact (no word, or only a hedge such as 力争)."""
    return QUALIFIER_CLASSES.get(qualifier or "", "exact")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


_MAGNITUDE = f"(?:{_alternation(MAGNITUDES)})"
_UNIT = (
    rf"(?:{_alternation(PERCENT_UNITS)}|{MULTIPLE_UNIT}"
    rf"|{_MAGNITUDE}?(?:{_alternation(BASE_UNITS)})(?:/(?:{_alternation(RATE_DENOMINATORS)}))?"
    rf"|{_MAGNITUDE})"
)
_NUMBER = rf"(?:{_ARABIC}|[{CHINESE_NUMERAL_CHARS}]+)"
_QUANTITY_RE = re.compile(
    rf"(?:(?P<prefix>{_alternation((*LOWER_BOUND_PREFIXES, *UPPER_BOUND_PREFIXES, *ABOUT_PREFIXES))})[ \u3000]?)?"
    rf"(?P<low>{_NUMBER})(?P<many>{MANY})?[ \u3000]?(?P<low_unit>{_UNIT})?"
    rf"(?:(?P<sep>{_alternation(RANGE_SEPARATORS)})(?P<high>{_NUMBER})[ \u3000]?)?"
    rf"(?P<unit>(?(high){_UNIT}|))"
    rf"(?P<suffix>{_alternation((*LOWER_BOUND_SUFFIXES, *UPPER_BOUND_SUFFIXES, *ABOUT_SUFFIXES))})?"
)


@dataclass
class Quantity:
    """One figure as the text wrote it; ``start``/``end`` cover the whole expression."""

    value: float
    value_high: float | None
    unit: str
    qualifier: str | None
    start: int
    end: int
    text: str
    number_start: int = -1  # where the digits begin (after a prefix such as 超)
    written_in_characters: bool = False

    @property
    def qualifier_class(self) -> str:
        return qualifier_class(self.qualifier)

    @property
    def scale(self) -> float:
        """Multiplier from the written unit to plain units (1e4 for ``万座``)."""
        for magnitude in MAGNITUDES:
            if self.unit.startswith(magnitude):
                return MAGNITUDE_SCALE[magnitude]
        return 1.0

    @property
    def is_money(self) -> bool:
        """亿元, 万美元, or a bare magnitude such as 超500亿."""
        return self.unit.endswith(CURRENCY_MARK) or self.unit in MAGNITUDES

    @property
    def is_percent(self) -> bool:
        return self.unit in ("%", "％", "‰") or self.unit.endswith("百分点")


def _split_magnitude(numeral: str) -> tuple[str, str]:
    """``三千万`` → (``三千``, ``万``): a trailing 万/亿 belongs to the written unit."""
    for magnitude in ("万亿", "亿", "万"):
        if numeral.endswith(magnitude):
            return numeral[: -len(magnitude)], magnitude
    return numeral, ""


def _numeral_value(numeral: str) -> tuple[float | None, str]:
    """The written value of a numeral and the magnitude it hands over to the unit."""
    if numeral[0].isdigit():
        return float(numeral.replace(",", "")), ""
    head, magnitude = _split_magnitude(numeral)
    if not head:
        return (1.0, magnitude) if magnitude else (None, "")
    return read_chinese_numeral(head), magnitude


def _is_identifier_context(folded: str, start: int, end: int) -> bool:
    """5G, PM2.5, P2P, 1+1+9, 3.0版, 第七: digits that name rather than count."""
    before = folded[start - 1] if start > 0 else ""
    after = folded[end] if end < len(folded) else ""
    if before and (before in "第+＋_.{" or (before.isascii() and before.isalpha())):
        return True
    return bool(after) and (after in "+＋" or (after.isascii() and after.isalpha()))


def _inside_short_quote(text: str, start: int, limit: int = 16) -> bool:
    """True inside “…” or 「…」 of at most ``limit`` characters (暖企15条, 万亿固投)."""
    opening = max(text.rfind("“", 0, start), text.rfind("「", 0, start))
    if opening < 0 or start - opening > limit:
        return False
    closing_before = max(text.rfind("”", opening, start), text.rfind("」", opening, start))
    if closing_before >= 0:
        return False
    closing = min((i for i in (text.find("”", start), text.find("」", start)) if i >= 0), default=-1)
    return closing >= 0 and closing - opening <= limit


def _is_chinese(numeral: str) -> bool:
    return not numeral[0].isdigit()


def _without_magnitude(unit: str) -> str:
    for magnitude in MAGNITUDES:
        if unit.startswith(magnitude):
            return unit[len(magnitude):]
    return unit


def _acceptable(match: re.Match[str], folded: str, unit: str) -> bool:
    low, high = match.group("low"), match.group("high")
    if not unit:
        return False
    if _is_chinese(low) or (high and _is_chinese(high)):
        base = _without_magnitude(unit)
        if not base or base not in CHINESE_NUMERAL_UNITS:
            return False
        magnitude_only = low in "十百千万亿"
        if len(low) == 1 and ((not magnitude_only and base != MULTIPLE_UNIT) or base == CURRENCY_MARK):
            return False  # 一公里, 三吨, 万元户: too often part of a name
    if _is_identifier_context(folded, match.start("low"), match.end("low")):
        return False
    end = match.end("unit") if match.group("unit") else match.end("low_unit")
    following = folded[end:end + 2]
    if any(following.startswith(s) for s in NAME_SUFFIXES):
        return False
    # 千家万户, 千村万户: a unit followed straight by another numeral is an idiom
    return not (_is_chinese(low) and following[:1] and following[0] in CHINESE_NUMERAL_CHARS)


def _build(match: re.Match[str], text: str) -> Quantity | None:
    low_unit = match.group("low_unit") or ""
    high_unit = match.group("unit") or ""
    if match.group("high") is not None and not high_unit:
        return None
    if match.group("high") is None and not low_unit:
        return None
    unit = high_unit or low_unit
    if low_unit and high_unit and low_unit != high_unit and low_unit not in MAGNITUDES:
        return None
    low_value, low_magnitude = _numeral_value(match.group("low"))
    if low_value is None:
        return None
    if low_magnitude:
        unit = low_magnitude + unit if not low_unit else low_magnitude + low_unit
    high_value = None
    if match.group("high") is not None:
        high_value, high_magnitude = _numeral_value(match.group("high"))
        if high_value is None or high_value < low_value:
            return None
        if high_magnitude and not unit.startswith(high_magnitude):
            unit = high_magnitude + unit
    written_unit = text[match.end() - len(match.group("suffix") or "") - len(unit):
                        match.end() - len(match.group("suffix") or "")]
    if fold_width(written_unit) == unit:
        unit = written_unit  # keep ％ as written
    qualifier = match.group("suffix") or match.group("many") or match.group("prefix")
    return Quantity(
        value=low_value, value_high=high_value, unit=unit, qualifier=qualifier,
        start=match.start(), end=match.end(), text=text[match.start():match.end()],
        number_start=match.start("low"), written_in_characters=_is_chinese(match.group("low")),
    )


def _doublings(text: str) -> list[Quantity]:
    found = []
    for match in DOUBLING_RE.finditer(text):
        factor = DOUBLING_FACTOR[match.group(1)]
        found.append(Quantity(value=factor, value_high=None, unit=MULTIPLE_UNIT, qualifier=None,
                              start=match.start(), end=match.end(), text=match.group(0),
                              number_start=match.start(), written_in_characters=True))
    return found


def _percent_of(text: str, folded: str) -> list[Quantity]:
    found = []
    for match in PERCENT_OF_RE.finditer(folded):
        value = read_number(match.group(1))
        if value is not None:
            found.append(Quantity(value=value, value_high=None, unit="%", qualifier=None,
                                  start=match.start(), end=match.end(), text=text[match.start():match.end()],
                                  number_start=match.start(1)))
    return found


def find_quantities(text: str) -> list[Quantity]:
    """Every figure with a unit in ``text``, in order; never raises."""
    folded = fold_width(text)
    found: list[Quantity] = []
    taken_until = 0
    for match in _QUANTITY_RE.finditer(folded):
        if match.start() < taken_until:
            continue
        quantity = _build(match, text)
        if quantity is None or not _acceptable(match, folded, fold_width(quantity.unit)):
            continue
        if _inside_short_quote(text, match.start("low")):
            continue
        found.append(quantity)
        taken_until = match.end()
    for extra in (*_doublings(text), *_percent_of(text, folded)):
        if all(extra.end <= q.start or extra.start >= q.end for q in found):
            found.append(extra)
    return sorted(found, key=lambda q: q.start)


def hedge_before(text: str, position: int) -> str | None:
    """The nearest 力争 or 争取 before ``position`` in the sentence ``text``.

    确保 and 不低于-style words are commitments and bounds, not hedges.  A hedge in an
    earlier semicolon-delimited part carries over only when figures follow it there
    (争取到2020年底A达17.5%；B达50%), not when it closes its part with words
    (…努力争取更好结果；城镇调查失业率5%以内).
    """
    head = text[:position]
    part_start = max(head.rfind(mark) for mark in HEDGE_BARRIERS) + 1
    own_part = True
    while True:
        part = head[part_start:]
        found = [(part.rfind(word), word) for word in HEDGES if word in part]
        if found:
            offset, word = max(found)
            if own_part or find_quantities(part[offset:]):
                return word
        own_part = False
        if part_start == 0:
            return None
        previous_end = part_start - 1
        part_start = max(head.rfind(mark, 0, previous_end) for mark in HEDGE_BARRIERS) + 1
        head = head[:previous_end]


def find_years(text: str) -> list[tuple[int, int, int]]:
    """(year, start, end) for every ``2021年`` / ``二〇三五年`` (the 年 is not included)."""
    years = []
    folded = fold_width(text)
    for match in re.finditer(rf"(?<![\d.])(\d{{4}})(?=\s?年)|([{CHINESE_DIGITS}]{{4}})(?=年)", folded):
        value = int(match.group(1)) if match.group(1) else int(read_chinese_numeral(match.group(2)) or 0)
        if 1900 <= value <= 2100:
            years.append((value, match.start(), match.end()))
    return years
