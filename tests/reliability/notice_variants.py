"""Revised copies of a task notice written as a flattened table (one cell per line, like seed 004).

The parser's own reading of the notice finds each task's number line (a line holding just the
number, followed after blank lines by the task's text); a revision is then made the way an
issuing office makes one: a task inserted (and every later number moved up), or a task dropped
(and every later number moved down). Nothing here knows a particular document.
"""

from __future__ import annotations

import random
from pathlib import Path

from gzviewer.parse.pipeline import extract_file


def _number_lines(path: Path) -> tuple[list[str], list[int]]:
    """The notice's lines and, for each parsed task in order, the index of its number line."""
    tasks = extract_file(path).tasks
    lines = path.read_text(encoding="utf-8").split("\n")
    found: list[int] = []
    i = 0
    while i < len(lines) and len(found) < len(tasks):
        task = tasks[len(found)]
        if lines[i].strip() == str(task.no):
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines) and lines[j].strip() and task.text.startswith(lines[j].strip()[:10]):
                found.append(i)
        i += 1
    assert len(found) == len(tasks), "the notice is not a flattened one-cell-per-line table"
    return lines, found


def _renumber(lines: list[str], number_lines: list[int], step: int) -> None:
    for i in number_lines:
        lines[i] = str(int(lines[i].strip()) + step)


def insert_task(source: Path, target: Path, at: int, text: str, leader: str, lead: str, coop: str = "") -> None:
    """``source`` with a task inserted before its ``at``-th task (0-based), numbers moved up."""
    lines, number_lines = _number_lines(source)
    place = number_lines[at]
    _renumber(lines, number_lines[at:], 1)
    number = lines[place].strip()
    block = [str(int(number) - 1), "", text, "", leader, "", lead, "", coop, "", ""]
    lines[place:place] = block
    target.write_text("\n".join(lines), encoding="utf-8")


def drop_task(source: Path, target: Path, index: int) -> None:
    """``source`` without its ``index``-th task (0-based), later numbers moved down."""
    lines, number_lines = _number_lines(source)
    _renumber(lines, number_lines[index + 1:], -1)
    end = number_lines[index + 1] if index + 1 < len(number_lines) else number_lines[index] + 1
    del lines[number_lines[index]:end]
    target.write_text("\n".join(lines), encoding="utf-8")


def damaged_gb18030_copy(source: Path, target: Path, damaged: int, seed: int = 7) -> None:
    """``source`` saved as GB18030 with ``damaged`` double-byte characters broken (lead byte 0xFF),
    as a bad copy or transfer leaves it: the reader decodes them as U+FFFD."""
    data = bytearray(source.read_text(encoding="utf-8").encode("gb18030"))
    lead_bytes = [i for i in range(len(data) - 1) if data[i] >= 0x81 and data[i + 1] >= 0x40]
    for i in random.Random(seed).sample(lead_bytes, damaged):
        data[i] = 0xFF
    target.write_bytes(bytes(data))


def task_table_workbook(target: Path, rows: list[tuple[int, str, str, str, str]]) -> None:
    """An .xlsx holding only a task table (序号, 重点工作, 分管领导, 牵头单位, 配合单位)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["序号", "重点工作", "分管领导", "牵头单位", "配合单位"])
    for row in rows:
        sheet.append(list(row))
    target.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(target)
