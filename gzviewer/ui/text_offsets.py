"""Python string offsets ↔ Qt document positions.

The store keeps offsets into the Python ``str`` (code points); QTextDocument counts UTF-16
units, so every character beyond the Basic Multilingual Plane (rare CJK extensions, emoji)
shifts the positions after it by one.
"""

from __future__ import annotations

from bisect import bisect_left

_BMP_LIMIT = 0x10000


class TextOffsets:
    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point offsets of the characters that take two UTF-16 units.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) >= _BMP_LIMIT]

    def to_qt(self, offset: int) -> int:
        offset = max(0, min(offset, self._length))
        return offset + bisect_left(self._wide, offset) if self._wide else offset

    def to_python(self, position: int) -> int:
        if not self._wide:
            return position
        low, high = 0, self._length
        while low < high:  # smallest offset whose Qt position is >= position
            middle = (low + high) // 2
            if self.to_qt(middle) < position:
                low = middle + 1
            else:
                high = middle
        return low
