"""What a reader hands on: plain text in reading order plus any tables it found."""

from __future__ import annotations

from dataclasses import dataclass, field

from gzviewer.control_characters import without_controls

# A table is a list of rows, each a list of cell texts. Merged cells are repeated in every
# grid position they cover (as python-docx and a printed table present them).
Table = list[list[str]]

def tables_without_controls(tables: list[Table]) -> list[Table]:
    """``tables`` with control characters removed from every cell (the text is cleaned apart).

    The rule is shared with the store: ``gzviewer.control_characters``.
    """
    return [[[without_controls(cell) for cell in row] for row in table] for table in tables]


@dataclass
class RawDocument:
    source_name: str
    format: str  # "txt" | "docx" | "pdf" | "html" | "mhtml" | "xlsx" | "xls" | "doc" | "wps" | "ofd" | "image"
    text: str
    tables: list[Table] = field(default_factory=list)
    # Read by text recognition (a scan or a photo): front ends add RECOGNISED_LABEL to its name.
    recognised: bool = False
    # (start, end) spans of ``text`` recognised with low confidence, for the reader to check.
    uncertain: list[tuple[int, int]] = field(default_factory=list)


RECOGNISED_LABEL = "（文字识别）"
