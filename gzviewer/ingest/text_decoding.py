"""Bytes → str for plain-text formats, tuned for Chinese government texts.

Detectors misjudge short Chinese texts, so the order is: byte-order mark, UTF-16 without one
(recognised by where its NUL bytes fall), strict UTF-8, strict GB18030 (checked against Big5,
because any Big5 byte string also decodes as GB18030), and only then charset-normalizer's guess.
NUL bytes padding a text at its start or end (a pre-allocated or block-copied file) are dropped.
"""

from __future__ import annotations

import codecs
from functools import cache

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
# damaged bytes. Each line takes the reading made most of what Chinese documents are made of
# (see ``_plausibility``); the whole text may have at most MAX_DAMAGED_SHARE of replacement
# characters, or it is not taken for text.
LINE_ENCODINGS = ("utf-8", "gb18030")
MAX_DAMAGED_SHARE = 0.01
REPLACEMENT = "\ufffd"
# UTF-16 without a byte-order mark: ASCII characters (line breaks, digits, punctuation) have a
# NUL byte on one side, always the same; most of the NUL bytes must be on one side, and at least
# this share of the decoded characters must be what Chinese documents are made of.
UTF16_NUL_SIDE_SHARE = 0.6
UTF16_MIN_TEXT_SHARE = 0.95
# Files that begin with these bytes are never text, however few other bytes they hold (an empty
# SQLite database is its header and NUL bytes, which would otherwise pass for padded text).
BINARY_SIGNATURES = (b"SQLite format 3\x00", b"\x7fELF", b"PK\x03\x04", b"\x89PNG", b"\xd0\xcf\x11\xe0", b"%PDF")
# Punctuation blocks of Chinese text: general punctuation (—“”), CJK symbols (、。《》), full-width forms.
CHINESE_PUNCTUATION_BLOCKS = (range(0x2000, 0x2070), range(0x3000, 0x3040), range(0xFF00, 0xFFF0))


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
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        if data.startswith(BINARY_SIGNATURES):
            raise NotTextError("a binary file format")
        data = data.strip(b"\x00")
        if b"\x00" in data:
            raise NotTextError("NUL bytes without a UTF-16/32 byte-order mark")
    if declared:
        decoded = _strict(data, _widen(declared))
        if decoded is not None:
            return decoded
    for candidate in (_strict(data, "utf-8"), _utf8_cut_short(data), _chinese_legacy(data)):
        if candidate is not None:
            return candidate
    best = from_bytes(data).best()
    if best is None:
        by_line = _decode_by_line(data)
        return _fail() if by_line is None else by_line
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 (little- or big-endian) text without a byte-order mark, or None.

    Not every NUL byte is on the ASCII side (一 is U+4E00, the ideographic space U+3000), so the
    side holding most of them is tried first; either reading must be nearly all text.
    NUL padding after the text is dropped first.
    """
    data = data.rstrip(b"\x00")
    data += b"\x00" * (len(data) % 2)  # the last character's NUL byte went with the padding
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < UTF16_NUL_SIDE_SHARE * (even + odd):
        return None
    for encoding in ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le"):
        text = (_strict(data, encoding) or "").strip("\x00")
        if text and sum(map(_text_char, text)) >= UTF16_MIN_TEXT_SHARE * len(text):
            return text
    return None


@cache
def _text_char(ch: str) -> bool:
    """Printable ASCII, whitespace, CJK punctuation or any CJK ideograph (rare ones included)."""
    if " " <= ch < "\x7f" or ch in ALLOWED_CONTROLS:
        return True
    return any(ord(ch) in block for block in CHINESE_PUNCTUATION_BLOCKS) or "\u3400" <= ch <= "\u9fff"


def _decode_by_line(data: bytes) -> str | None:
    lines = [_decode_line(raw) for raw in data.split(b"\n")]
    text = "\n".join(lines)
    return text if text.count(REPLACEMENT) <= MAX_DAMAGED_SHARE * len(text) else None


def _decode_line(raw: bytes) -> str:
    readings = [raw.decode(encoding, errors="replace") for encoding in LINE_ENCODINGS]
    return max(readings, key=_plausibility)  # on a tie, UTF-8 (listed first)


def _plausibility(line: str) -> float:
    """Share of ``line`` in ASCII, Chinese punctuation or common hanzi (GB2312 level 1).

    GB18030 bytes read as UTF-8 give other scripts (``(一)`` becomes ``(һ)``), UTF-8 bytes
    read as GB18030 give rare hanzi, and damaged bytes give replacement characters.
    """
    return sum(map(_plausible_char, line)) / len(line) if line else 1.0


@cache
def _plausible_char(ch: str) -> bool:
    if ch < "\x80" or any(ord(ch) in block for block in CHINESE_PUNCTUATION_BLOCKS):
        return True
    return "\u4e00" <= ch <= "\u9fff" and _common_share(ch, "gb2312", GB2312_COMMON_LEADS) > 0


def _utf8_cut_short(data: bytes) -> str | None:
    """UTF-8 text cut off inside its last character (an interrupted download or copy),
    without the partial character; otherwise None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.end == len(data) and exc.reason == "unexpected end of data":
            return _strict(data[:exc.start], "utf-8")
    return None


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
