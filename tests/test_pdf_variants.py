"""Documents printed to PDF read like the text they were printed from.

A small typesetter lays a seed's text out on A4 pages the way a word processor prints plain
text: lines wrapped wherever they are full (also inside a word or a unit's name), an empty
line as an empty line's space, page numbers at the foot. Reading the PDF back must give the
same task table and the same targets as the text itself. A task table printed as a ruled
table, broken over many pages, must read as the gold table too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from gzviewer.ingest.pdf import NO_LINE_START, _first_word_chars
from gzviewer.parse.pipeline import extract_file
from tests.conftest import load_gold, seed_path
from tests.test_readers import build_pdf
from tests.test_tasktable import _assert_matches_gold

CHARS_PER_LINE = 38
LEFT, TOP, BOTTOM, ADVANCE = 60, 790, 70, 18


def _width(char: str) -> float:
    return 0.5 if char.isascii() else 1.0  # the test font's Latin glyphs are half as wide


def wrap(line: str) -> list[str]:
    """Lines as wide as ``CHARS_PER_LINE`` hanzi; like a word processor, never inside a Latin word
    or number, and never starting with a comma or a closing mark (it stays on the line above)."""
    pieces, piece = [], ""
    for char in line:
        if sum(map(_width, piece + char)) > CHARS_PER_LINE and char not in NO_LINE_START:
            run = len(piece) - len(piece.rstrip(LATIN)) if _latin(char) else 0
            keep = len(piece) - run if run < len(piece) else len(piece)
            pieces.append(piece[:keep])
            piece = piece[keep:]
        piece += char
    return [*pieces, piece]


LATIN = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.%"


def _latin(char: str) -> bool:
    return char in LATIN


def typeset(text: str) -> list[list[tuple[int, int, str]]]:
    """Pages of ``(x, y, line)``: full lines wrapped, empty lines kept as space."""
    pages: list[list[tuple[int, int, str]]] = [[]]
    y = TOP
    for line in text.split("\n"):
        for piece in wrap(line.rstrip()):
            if y < BOTTOM:
                pages.append([])
                y = TOP
            if piece.strip():
                pages[-1].append((LEFT, y, piece))
            y -= ADVANCE
    for number, page in enumerate(pages, start=1):
        page.append((280, 30, f"- {number} -"))
    return pages


def printed(seed: str, folder: Path) -> Path:
    text = seed_path(seed).read_text(encoding="utf-8")
    path = folder / f"{seed}.pdf"
    path.write_bytes(build_pdf(typeset(text), cjk=True))
    return path


def test_the_task_table_printed_to_pdf_gives_the_gold_table(tmp_path):
    tasks = extract_file(printed("004", tmp_path)).tasks
    _assert_matches_gold(tasks, load_gold("004_tasks.json"), exact=True)


@pytest.mark.parametrize("seed", ["000", "002"])
def test_a_report_printed_to_pdf_gives_the_same_outline_and_targets(tmp_path, seed):
    from_text, from_pdf = extract_file(seed_path(seed)), extract_file(printed(seed, tmp_path))
    assert [(h.level, h.title) for h in from_pdf.outline] == [(h.level, h.title) for h in from_text.outline]
    assert sorted((t.indicator, t.value, t.unit, t.kind) for t in from_pdf.targets) == sorted(
        (t.indicator, t.value, t.unit, t.kind) for t in from_text.targets)


@pytest.mark.parametrize(("text", "width"), [
    ("万人，比2015年", 1.0),  # one hanzi
    ("1000亿元", 2.4),  # a run of digits, about half a hanzi each
    ("1.8%，城镇", 3.4),  # with the comma that may not start a line
    ("49.8%、11.9%、36.4%。海康", 12.0),  # figures with no place to break between them
])
def test_the_first_unbreakable_piece_of_a_line(text, width):
    assert _first_word_chars(text) == pytest.approx(width)


# The gold table of seed 004 as a Word table (tests/test_tasktable._write_docx, with borders and
# the lead units merged down over runs of tasks) printed to PDF by LibreOffice 7.4: 75 pages,
# rows and merged cells cut by page breaks, cell texts wrapped in narrow columns.
RULED_TABLE_PDF = Path(__file__).parent / "data" / "004_ruled_table.pdf"


def test_a_ruled_table_broken_over_pages_gives_the_gold_table():
    _assert_matches_gold(extract_file(RULED_TABLE_PDF).tasks, load_gold("004_tasks.json"), exact=True)
