"""Lines of text that remember where each character came from.

The cleaner only ever deletes characters or replaces one character by another in place
(a newline by a space, ``\\r`` by ``\\n``); it never inserts or reorders. So every cleaned
character has exactly one origin offset in the reader's text, and the origins grow strictly.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class TrackedLine:
    text: str
    origin: list[int]  # origin[i] is the offset in the original text of text[i]
    newline: int | None  # offset of the line break that ends this line; None for the last line

    def without(self, spans: Iterable[tuple[int, int]]) -> TrackedLine:
        """This line with the character ranges ``spans`` (sorted, non-overlapping) deleted."""
        keep_text: list[str] = []
        keep_origin: list[int] = []
        position = 0
        for start, end in spans:
            keep_text.append(self.text[position:start])
            keep_origin.extend(self.origin[position:start])
            position = max(position, end)
        keep_text.append(self.text[position:])
        keep_origin.extend(self.origin[position:])
        return TrackedLine("".join(keep_text), keep_origin, self.newline)

    def stripped(self, chars: str | None = None) -> TrackedLine:
        body = self.text.strip(chars)
        if not body:
            return TrackedLine("", [], self.newline)
        start = len(self.text) - len(self.text.lstrip(chars))
        return TrackedLine(body, self.origin[start:start + len(body)], self.newline)

    def joined(self, other: TrackedLine, separator: str = "") -> TrackedLine:
        """``self + other``; a one-character ``separator`` takes the place of the line break."""
        if separator and self.newline is not None:
            return TrackedLine(self.text + separator + other.text,
                               [*self.origin, self.newline, *other.origin], other.newline)
        return TrackedLine(self.text + other.text, self.origin + other.origin, other.newline)


def split_lines(text: str) -> list[TrackedLine]:
    lines: list[TrackedLine] = []
    start = 0
    for match in LINE_BREAK.finditer(text):
        lines.append(TrackedLine(text[start:match.start()], list(range(start, match.start())),
                                 match.end() - 1))
        start = match.end()
    lines.append(TrackedLine(text[start:], list(range(start, len(text))), None))
    return lines


class OffsetMap:
    """Cleaned offset → original offset, stored as runs of consecutive characters."""

    def __init__(self, origins: Iterable[int], original_length: int) -> None:
        self._clean_starts: list[int] = []
        self._orig_starts: list[int] = []
        previous = None
        length = 0
        for clean, orig in enumerate(origins):
            if previous is None or orig != previous + 1:
                self._clean_starts.append(clean)
                self._orig_starts.append(orig)
            previous = orig
            length = clean + 1
        self._length = length
        self._original_length = original_length

    def __call__(self, offset: int) -> int:
        """The original offset of the cleaned character at ``offset``; the end maps to the end."""
        if offset >= self._length or not self._clean_starts:
            return self._original_length
        offset = max(offset, 0)
        run = bisect_right(self._clean_starts, offset) - 1
        return self._orig_starts[run] + offset - self._clean_starts[run]

    @property
    def runs(self) -> list[tuple[int, int]]:
        return list(zip(self._clean_starts, self._orig_starts, strict=True))


def assemble(lines: list[TrackedLine]) -> tuple[str, list[int]]:
    """Join lines with their own line breaks (as ``\\n``); the last line gets none."""
    parts: list[str] = []
    origins: list[int] = []
    for i, line in enumerate(lines):
        parts.append(line.text)
        origins.extend(line.origin)
        if i < len(lines) - 1:
            parts.append("\n")
            origins.append(_break_origin(line, lines[i + 1]))
    return "".join(parts), origins


def _break_origin(line: TrackedLine, following: TrackedLine) -> int:
    """The line's own break; a line without one borrows the position just before the next."""
    if line.newline is not None:
        return line.newline
    return following.origin[0] - 1 if following.origin else (line.origin[-1] + 1 if line.origin else 0)
