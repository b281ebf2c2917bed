"""What a reader hands on: plain text in reading order plus any tables it found."""

from __future__ import annotations

from dataclasses import dataclass, field

# A table is a list of rows, each a list of cell texts. Merged cells are repeated in every
# grid position they cover (as python-docx and a printed table present them).
Table = list[list[str]]


@dataclass
class RawDocument:
    source_name: str
    format: str  # "txt" | "docx" | "pdf" | "html" | "xlsx"
    text: str
    tables: list[Table] = field(default_factory=list)
