"""Bytes → str for plain-text formats, tuned for Chinese government texts.

Detectors misjudge short Chinese texts, so the order is: byte-order mark, strict UTF-8,
strict GB18030 (checked against Big5, because any Big5 byte string also decodes as GB18030),
and only then charset-normalizer's guess.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Lead bytes of the frequently used hanzi blocks: GB2312 level 1 (3,755 common simplified
# characters) and Big5 常用字 (5,401 common traditional characters).
GB2312_COMMON_LEADS = range(0xB0, 0xD8)
BIG5_COMMON_LEADS = range(0xA4, 0xC7)
BIG5_PREFERENCE_MARGIN = 0.1
# Share of control characters above which decoded "text" is taken for binary data.
MAX_CONTROL_SHARE = 0.01
ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1a")
# Last resort, line by line: text pieced together from UTF-8 and GB18030 parts, or with a few
# damaged bytes (a file cut off inside a character). A UTF-8 line keeps its replacement
# characters when they are at most LINE_DAMAGE_SHARE of it; the whole text may have at most
# MAX_DAMAGED_SHARE of them, or it is not taken for text.
LINE_ENCODINGS = ("utf-8", "gb18030")
LINE_DAMAGE_SHARE = 0.1
MAX_DAMAGED_SHARE = 0.01
REPLACEMENT = "\ufffd"


class NotTextError(ValueError):
    """The bytes are not text in any encoding we recognise."""


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``; ``declared`` (e.g. an HTML meta charset) is tried first when given.

    Raises ``NotTextError`` for binary data. The result has no BOM and only ``\\n`` newlines.
    """
    text = _decode(data, declared)
    if _looks_binary(text):
        raise NotTextError("binary content")
    return normalize_newlines(text.lstrip("\ufeff"))


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            decoded = _strict(data[len(bom):], encoding)
            return _fail() if decoded is None else decoded
    if b"\x00" in data:
        raise NotTextError("NUL bytes without a UTF-16/32 byte-order mark")
    if declared:
        decoded = _strict(data, _widen(declared))
        if decoded is not None:
            return decoded
    for candidate in (_strict(data, "utf-8"), _chinese_legacy(data)):
        if candidate is not None:
            return candidate
    best = from_bytes(data).best()
    if best is None:
        by_line = _decode_by_line(data)
        return _fail() if by_line is None else by_line
    return str(best)


def _decode_by_line(data: bytes) -> str | None:
    lines = [_decode_line(raw) for raw in data.split(b"\n")]
    text = "\n".join(lines)
    return text if text.count(REPLACEMENT) <= MAX_DAMAGED_SHARE * len(text) else None


def _decode_line(raw: bytes) -> str:
    utf8 = raw.decode("utf-8", errors="replace")
    if utf8.count(REPLACEMENT) <= LINE_DAMAGE_SHARE * len(utf8):
        return utf8
    gb = _strict(raw, "gb18030")
    if gb is not None:
        return gb
    return min((raw.decode(encoding, errors="replace") for encoding in LINE_ENCODINGS),
               key=lambda line: line.count(REPLACEMENT))


def _chinese_legacy(data: bytes) -> str | None:
    """GB18030, unless the same bytes read clearly better as Big5."""
    gb = _strict(data, "gb18030")
    big5 = _strict(data, "big5")
    if gb is None:
        return big5
    if big5 is None:
        return gb
    gb_score = _common_share(gb, "gb2312", GB2312_COMMON_LEADS)
    big5_score = _common_share(big5, "big5", BIG5_COMMON_LEADS)
    return big5 if big5_score > gb_score + BIG5_PREFERENCE_MARGIN else gb


def _common_share(text: str, encoding: str, leads: range) -> float:
    """Share of the hanzi in ``text`` that belong to the common block of ``encoding``."""
    hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not hanzi:
        return 0.0
    common = 0
    for ch in hanzi:
        try:
            common += ch.encode(encoding)[0] in leads
        except UnicodeEncodeError:
            pass
    return common / len(hanzi)


def _widen(encoding: str) -> str:
    """Pages declared as GB2312/GBK routinely contain GB18030-only characters."""
    name = encoding.strip().lower().replace("_", "-")
    return "gb18030" if name in {"gb2312", "gbk", "x-gbk", "cp936", "euc-cn"} else name


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _looks_binary(text: str) -> bool:
    if not text:
        return False
    controls = sum(1 for ch in text if ch < " " and ch not in ALLOWED_CONTROLS)
    return controls / len(text) > MAX_CONTROL_SHARE


def _fail() -> str:
    raise NotTextError("undecodable")
