"""Ruled tables on page images (scanned PDF pages, photos) → the PDF reader's ``PageTable``.

A scan has no drawing operators, so a table's rules are found in its pixels: long runs of dark
pixels across the page (horizontal rules) and down it (vertical rules). Horizontal rules joined
by vertical rules make a table; the rules' positions give its grid, and a rule missing between
two grid places merges them (a cell over several columns or rows), as pdfplumber finds a PDF's
merged cells. Each recognised text box goes to the grid place under its middle (a box running
over a vertical rule is first cut there by its characters' positions); a cell's lines are
joined as the PDF reader joins a wrapped cell, and a merged cell's text is given at every place
it covers. The result is the ``PageTable`` the PDF reader makes from a ruled table, so a table
going on over several pages reads the same way.

Lengths are shares of the page image's width, so any resolution works; a scan may be skewed by
about a pixel over a rule's length before its rules break up (a photo at an angle is not
straightened). Tables drawn with horizontal rules only (three-line tables) are read as lines.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gzviewer.ingest.pdf import PageTable, TextBox
from gzviewer.ingest.tables import is_data_table, join_wrapped
from gzviewer.ingest.text_lines import lines_of_runs

if TYPE_CHECKING:
    import numpy

DARK_LEVEL = 160  # grey levels below this are ink
# A horizontal rule is at least this share of the page's width (longer than "——" or a word);
# a piece of a vertical rule at least this share (one row of text and its padding).
MIN_ACROSS = 0.07
MIN_DOWN = 0.02
# Rules this close (share of the page's width) are one; an end this close to a rule meets it.
NEAR = 0.004
# Runs on rows this many pixels apart belong to one (thick or slightly skewed) rule.
ROW_GAP = 2
# A text box is cut at a vertical rule that lies at least this share of a character inside it.
CUT_INSIDE = 0.3


@dataclass
class Rule:
    """A rule: ``at`` is its y (horizontal) or x (vertical); it runs from ``start`` to ``end``."""

    at: float
    start: float
    end: float


@dataclass
class Column:
    """A column edge: its x and the pieces of vertical rule drawn there."""

    at: float
    pieces: list[Rule]


@dataclass
class TextPiece:
    """A recognised line (or part of one) with, where known, each character's left and right."""

    box: TextBox
    chars: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class FoundTable:
    top: float
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in pixels
    table: PageTable


def ruled_tables(image, pieces: Sequence[TextPiece]) -> tuple[list[FoundTable], list[TextPiece]]:
    """The ruled tables of a page image (PIL) filled with ``pieces``, and the pieces outside them.

    numpy comes with the recognition extra; without it (a stand-in engine in tests) no table
    is looked for."""
    if importlib.util.find_spec("numpy") is None:
        return [], list(pieces)
    import numpy

    gray = numpy.asarray(image.convert("L"))
    width = gray.shape[1]
    dark = gray < DARK_LEVEL
    near = max(2.0, NEAR * width)
    horizontal = _rules(_runs(dark, int(MIN_ACROSS * width)), near)
    vertical = _rules(_runs(dark.T, int(MIN_DOWN * width)), near)
    found: list[FoundTable] = []
    outside = list(pieces)
    for rows, columns in _tables(horizontal, vertical, near):
        inside = [p for p in outside if _within(p.box, columns[0].at, rows[0], columns[-1].at, rows[-1])]
        table = _fill(rows, columns, horizontal, near, inside)
        if table is None or not is_data_table(table.grid):
            continue
        found.append(FoundTable(rows[0], (columns[0].at, rows[0], columns[-1].at, rows[-1]), table))
        outside = [p for p in outside if p not in inside]
    return found, outside


def _runs(dark: numpy.ndarray, min_length: int) -> list[tuple[int, int, int]]:
    """(row, start, end) of each run of ink at least ``min_length`` long, row by row."""
    import numpy

    padded = numpy.zeros((dark.shape[0], dark.shape[1] + 2), dtype=numpy.int8)
    padded[:, 1:-1] = dark
    steps = numpy.diff(padded, axis=1)
    rows, starts = numpy.nonzero(steps == 1)
    _, ends = numpy.nonzero(steps == -1)  # same rows, same order: each run starts, then ends
    keep = ends - starts >= max(1, min_length)
    return list(zip(rows[keep].tolist(), starts[keep].tolist(), ends[keep].tolist(), strict=True))


def _rules(runs: list[tuple[int, int, int]], near: float) -> list[Rule]:
    """Runs on neighbouring rows that overlap, merged into rules (a rule is a few pixels thick)."""
    open_rules: list[list[float]] = []  # first row, last row, start, end
    for row, start, end in runs:
        for rule in open_rules:
            if row - rule[1] <= ROW_GAP and start <= rule[3] + near and end >= rule[2] - near:
                rule[1], rule[2], rule[3] = row, min(rule[2], start), max(rule[3], end)
                break
        else:
            open_rules.append([row, row, start, end])
    return [Rule((first + last) / 2, start, end) for first, last, start, end in open_rules]


def _tables(horizontal: list[Rule], vertical: list[Rule], near: float) -> list[tuple[list[float], list[Column]]]:
    """Each table as its row edges (y) and its columns' rules, top to bottom.

    Two horizontal rules belong to one table when a vertical rule reaches from one to the other;
    a vertical rule belongs when at least one of its ends meets a horizontal rule.
    """
    def meets(y: float, x: float) -> bool:
        return any(abs(h.at - y) <= near and h.start - near <= x <= h.end + near for h in horizontal)

    vertical = [v for v in vertical if meets(v.start, v.at) or meets(v.end, v.at)]
    parent = list(range(len(horizontal)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    joined: dict[int, list[Rule]] = {}
    for v in vertical:
        crossed = [i for i, h in enumerate(horizontal)
                   if v.start - near <= h.at <= v.end + near and h.start - near <= v.at <= h.end + near]
        for i in crossed[1:]:
            parent[root(i)] = root(crossed[0])
        if len(crossed) >= 2:
            joined.setdefault(crossed[0], []).append(v)
    groups: dict[int, list[Rule]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(root(i), []).append(h)
    tables = []
    for key, rules in groups.items():
        columns = _columns([v for first, vs in joined.items() if root(first) == key for v in vs], near)
        rows = [r.at for r in _clustered(rules, near)]
        if len(rows) >= 2 and len(columns) >= 2:
            tables.append((rows, columns))
    return sorted(tables, key=lambda table: table[0][0])


def _clustered(rules: list[Rule], near: float) -> list[Rule]:
    """Rules at (nearly) the same position as one, spanning them all, in order of position."""
    merged: list[Rule] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if merged and rule.at - merged[-1].at <= near:
            last = merged[-1]
            merged[-1] = Rule(last.at, min(last.start, rule.start), max(last.end, rule.end))
        else:
            merged.append(Rule(rule.at, rule.start, rule.end))
    return merged


def _columns(rules: list[Rule], near: float) -> list[Column]:
    """Vertical rules at (nearly) the same x as one column edge, keeping each piece."""
    columns: list[Column] = []
    for rule in sorted(rules, key=lambda r: r.at):
        if columns and rule.at - columns[-1].at <= near:
            columns[-1].pieces.append(rule)
        else:
            columns.append(Column(rule.at, [rule]))
    return columns


def _fill(rows: list[float], columns: list[Column], horizontal: list[Rule], near: float,
          pieces: list[TextPiece]) -> PageTable | None:
    xs = [c.at for c in columns]
    n, m = len(rows) - 1, len(xs) - 1
    parent = {(r, c): (r, c) for r in range(n) for c in range(m)}

    def root(place):
        while parent[place] != place:
            place = parent[place]
        return place

    def join(a, b) -> None:
        parent[root(b)] = root(a)

    for r in range(n):
        middle = (rows[r] + rows[r + 1]) / 2
        for c in range(1, m):
            if not _has_vertical(columns[c], middle):
                join((r, c - 1), (r, c))
    for r in range(1, n):
        for c in range(m):
            centre = (xs[c] + xs[c + 1]) / 2
            if not any(abs(h.at - rows[r]) <= near and h.start - near <= centre <= h.end + near
                       for h in horizontal):
                join((r - 1, c), (r, c))
    texts: dict[tuple[int, int], list[TextBox]] = {}
    for piece in pieces:
        for box in _cut(piece, xs):
            cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
            at_row, at_column = _index(rows, cy), _index(xs, cx)
            if at_row is not None and at_column is not None:
                texts.setdefault(root((at_row, at_column)), []).append(box)
    cell_text = {place: join_wrapped("\n".join(line.text for line in lines_of_runs(boxes)))
                 for place, boxes in texts.items()}
    grid = [[cell_text.get(root((r, c)), "") for c in range(m)] for r in range(n)]
    spans = [[c > 0 and root((r, c)) == root((r, c - 1)) for c in range(m)] for r in range(n)]
    return PageTable(grid, spans) if n and m else None


def _has_vertical(column: Column, y: float) -> bool:
    return any(piece.start <= y <= piece.end for piece in column.pieces)


def _index(edges: list[float], value: float) -> int | None:
    for i in range(len(edges) - 1):
        if edges[i] <= value < edges[i + 1]:
            return i
    return None


def _within(box: TextBox, x0: float, top: float, x1: float, bottom: float) -> bool:
    cx, cy = (box.x0 + box.x1) / 2, (box.top + box.bottom) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _cut(piece: TextPiece, xs: list[float]) -> list[TextBox]:
    """The piece cut at each column rule well inside it (by its characters' positions, or by
    equal shares of its width when they are not known)."""
    box, text = piece.box, piece.box.text
    if len(text) < 2:
        return [box]
    chars = piece.chars if len(piece.chars) == len(text) else [
        (box.x0 + (box.x1 - box.x0) * i / len(text), box.x0 + (box.x1 - box.x0) * (i + 1) / len(text))
        for i in range(len(text))]
    char_width = (box.x1 - box.x0) / len(text)
    cuts = [x for x in xs if box.x0 + CUT_INSIDE * char_width < x < box.x1 - CUT_INSIDE * char_width]
    if not cuts:
        return [box]
    boxes: list[list[tuple[str, float, float]]] = []
    current: list[tuple[str, float, float]] = []
    edges = [*cuts, float("inf")]
    edge = 0
    for char, (left, right) in zip(text, chars, strict=True):
        while (left + right) / 2 > edges[edge]:
            if current:
                boxes.append(current)
            current, edge = [], edge + 1
        current.append((char, left, right))
    if current:
        boxes.append(current)
    return [TextBox("".join(ch for ch, _, _ in part).strip(), part[0][1], box.top, part[-1][2], box.bottom)
            for part in boxes if "".join(ch for ch, _, _ in part).strip()]
