"""What a reader hands on: plain text in reading order plus any tables it found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A table is a list of rows, each a list of cell texts. Merged cells are repeated in every
# grid position they cover (as python-docx and a printed table present them).
Table = list[list[str]]

# C0 control characters other than tab, line feed and carriage return, and DEL: a form feed from
# a PDF page break, a vertical tab from a Word line break, stray bytes. They carry no wording,
# and no Excel cell may hold them (an export containing one would fail).
CONTROL_CHARACTERS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
_CONTROLS = re.compile(f"[{CONTROL_CHARACTERS}]")


def tables_without_controls(tables: list[Table]) -> list[Table]:
    """``tables`` with control characters removed from every cell (the text is cleaned apart)."""
    return [[[_CONTROLS.sub("", cell) for cell in row] for row in table] for table in tables]


@dataclass
class RawDocument:
    source_name: str
    format: str  # "txt" | "docx" | "pdf" | "html" | "xlsx"
    text: str
    tables: list[Table] = field(default_factory=list)
