"""Sentence splitting with offsets.

A sentence runs up to and including 。！？!? plus any closing quotation mark after it;
semicolons do not end a sentence; a line never continues a sentence into the next line
(so a heading line without a final 。 is a sentence of its own).
"""

from __future__ import annotations

import re
from bisect import bisect_right

from gzviewer.parse.records import HeadingRecord, SentenceRecord

_SENTENCE = re.compile(r"[^\n]*?(?:[。！？!?][”’」』\"')）]*|(?=\n)|$)")


def split_sentences(text: str, outline: list[HeadingRecord] | None = None) -> list[SentenceRecord]:
    """Split ``text`` into sentences; each knows its paragraph and innermost heading."""
    heading_starts = [h.start for h in outline or []]
    sentences: list[SentenceRecord] = []
    paragraph = -1
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            paragraph += 1
            for match in _SENTENCE.finditer(line):
                raw = match.group(0)
                stripped = raw.strip()
                if not stripped:
                    continue
                start = offset + match.start() + (len(raw) - len(raw.lstrip()))
                end = start + len(stripped)
                index = bisect_right(heading_starts, start) - 1
                sentences.append(
                    SentenceRecord(start=start, end=end, text=stripped, paragraph=paragraph,
                                   heading=index if index >= 0 else None)
                )
        offset += len(line) + 1
    return sentences
