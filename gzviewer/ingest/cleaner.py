"""Cleaning: web chrome, PDF line breaks and spacing, with a map back to the original text.

The cleaned text keeps one paragraph per line and the wording and punctuation as written
(no half/full-width conversion): the parsers and the gold annotations compare sentences as
they stand in the document. Steps, in order:

1. line breaks normalised to ``\\n``, zero-width and control characters (but tab) removed,
   lines stripped;
2. website chrome lines dropped, a trailing font-size widget cut from metadata lines
   (``chrome``);
3. on a web or news page only, unrelated lines before the document title dropped
   (``chrome.preamble_to_drop``) and listed in ``CleanedText.dropped_preamble``;
4. for PDF-broken documents only, lines broken inside a paragraph rejoined (``pdf_layout``);
5. for documents with PDF spacing only, whitespace next to hanzi or full-width marks removed;
6. ``X_{…}`` subscripts flattened (``PM_{2.5}`` → ``PM2.5``);
7. runs of three or more blank lines reduced to one, blank lines at both ends removed.
   Runs of one or two blank lines are kept: in flattened tables they separate cells and rows.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from gzviewer.control_characters import CONTROL_CHARACTERS
from gzviewer.ingest import chrome, pdf_layout
from gzviewer.ingest.tracked import OffsetMap, TrackedLine, assemble, split_lines

LOG = logging.getLogger(__name__)
# Removed inside lines: zero-width characters and control characters (see ``raw``).
INVISIBLE = re.compile(f"[\u200b\u200c\u200d\u2060\ufeff{CONTROL_CHARACTERS}]")
LINE_WHITESPACE = " \t\f\v\u00a0\u3000\u2002\u2003\u2009"
SUBSCRIPT = re.compile(r"_\{([^{}\n]{1,20})\}")
MAX_BLANK_RUN = 2


@dataclass
class CleanedText:
    """The cleaned text and where each of its characters came from in the reader's text."""

    text: str
    _map: OffsetMap = field(repr=False)
    # Lines before the title dropped as unrelated to the document (site names, other news).
    dropped_preamble: tuple[str, ...] = ()

    def to_original(self, offset: int) -> int:
        """Offset in the reader's text of the cleaned character at ``offset``.

        Monotonic; ``len(text)`` maps to the length of the original text. For a span
        ``[start, end)`` use ``to_original(start)`` and ``to_original(end - 1) + 1``.
        """
        return self._map(offset)


def clean_text(text: str) -> CleanedText:
    lines = [_tidy(line) for line in split_lines(text)]
    without_chrome = _without_chrome(lines)
    from_web_page = [line.text for line in without_chrome] != [line.text for line in lines]
    lines = without_chrome
    dropped = chrome.preamble_to_drop([line.text for line in lines], from_web_page)
    dropped_lines = tuple(lines[i].text for i in sorted(dropped))
    if dropped_lines:
        LOG.info("dropped %d unrelated line(s) before the title: %s", len(dropped_lines), dropped_lines)
    lines = [line for i, line in enumerate(lines) if i not in dropped]
    if pdf_layout.looks_pdf_broken([line.text for line in lines]):
        lines = pdf_layout.join_broken_lines(lines)
    if pdf_layout.has_pdf_spacing("\n".join(line.text for line in lines)):
        lines = [line.without(pdf_layout.wide_spacing_spans(line.text)) for line in lines]
    lines = [_flatten_subscripts(line) for line in lines]
    lines = _collapse_blank_runs(lines)
    cleaned, origins = assemble(lines)
    return CleanedText(cleaned, OffsetMap(origins, len(text)), dropped_lines)


def _tidy(line: TrackedLine) -> TrackedLine:
    spans = [m.span() for m in INVISIBLE.finditer(line.text)]
    if spans:
        line = line.without(spans)
    return line.stripped(LINE_WHITESPACE)


def _without_chrome(lines: list[TrackedLine]) -> list[TrackedLine]:
    kept = []
    after_chrome = False
    for line in lines:
        if not line.text:
            kept.append(line)
            continue
        after_chrome = chrome.is_chrome_line(line.text, after_chrome)
        if after_chrome:
            continue
        tail = chrome.chrome_tail(line.text)
        kept.append(line.without([tail]).stripped(LINE_WHITESPACE) if tail else line)
    return kept


def _flatten_subscripts(line: TrackedLine) -> TrackedLine:
    spans = []
    for match in SUBSCRIPT.finditer(line.text):
        spans += [(match.start(), match.start(1)), (match.end(1), match.end())]
    return line.without(spans) if spans else line


def _collapse_blank_runs(lines: list[TrackedLine]) -> list[TrackedLine]:
    """Runs of more than ``MAX_BLANK_RUN`` blank lines become one; none at either end."""
    result: list[TrackedLine] = []
    run: list[TrackedLine] = []
    for line in lines:
        if not line.text:
            run.append(line)
            continue
        if result:
            result.extend(run if len(run) <= MAX_BLANK_RUN else run[:1])
        result.append(line)
        run = []
    return result
