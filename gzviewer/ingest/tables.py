"""Rendering a table grid into the reader's plain text.

Every reader that finds tables writes them into ``RawDocument.text`` the same way, close to
the flattened web tables the task parser already reads (seed 004): one cell per line with a
blank line between cells, and two blank lines between rows. A cell that spans several
columns is written once; the full grid, with merged cells repeated, goes to
``RawDocument.tables``. Line breaks inside a cell become spaces so a cell stays one line.
"""

from __future__ import annotations

from collections.abc import Sequence

CELL_SEPARATOR = "\n\n"
ROW_SEPARATOR = "\n\n\n"


def render_table(rows: Sequence[Sequence[str]], spans: Sequence[Sequence[bool]] | None = None) -> str:
    """Text of a table. ``spans[r][c]`` is true where cell (r, c) continues the cell to its left."""
    lines = []
    for r, row in enumerate(rows):
        cells = [
            one_line(cell)
            for c, cell in enumerate(row)
            if not (spans and spans[r][c]) and one_line(cell)
        ]
        if cells:
            lines.append(CELL_SEPARATOR.join(cells))
    return ROW_SEPARATOR.join(lines)


def joiner(text: str, following: str) -> str:
    """What goes between two pieces of one wrapped text: a space between two Latin words,
    nothing between Chinese characters (nor between "PM" and "2.5")."""
    a, b = text.rstrip()[-1:], following.lstrip()[:1]
    return " " if a.isascii() and a.isalpha() and b.isascii() and b.isalpha() else ""


def join_wrapped(cell: str) -> str:
    """A cell's lines joined as one text: a PDF wraps a cell wherever its column is full."""
    lines = [line.strip() for line in cell.split("\n") if line.strip()]
    parts = lines[:1]
    for previous, line in zip(lines, lines[1:], strict=False):  # each line against the one before, not the whole text
        parts += [joiner(previous, line), line]
    return "".join(parts)


def one_line(cell: str) -> str:
    return " ".join(part.strip() for part in cell.splitlines() if part.strip())


def is_data_table(table: Sequence[Sequence[str | None]]) -> bool:
    """A 1×1 "table" is page layout, not data."""
    return len(table) >= 2 or (len(table) == 1 and len(table[0]) >= 2)


def fills_one_column(table: Sequence[Sequence[str | None]]) -> bool:
    """True when only one column holds text: a web page's layout table, not data.

    Government sites wrap a page's whole body in a one-column table (a cell with every
    paragraph, maybe a blank row under it): read as a grid, its paragraphs would become cells.
    (Not for PDFs: there a one-column piece of a ruled table can carry on a row cut by a page.)
    """
    filled_columns = {column for row in table for column, cell in enumerate(row) if cell and cell.strip()}
    return len(filled_columns) <= 1
