"""Tasks with lead and cooperating units: assignment tables and inline brackets.

A document's tasks come from the first source that has any: grid tables found by the reader
(docx, xlsx, html), then tables flattened into the text (web pages saved as text), then
responsibility brackets in the prose and label lines under each task (牵头单位：X), merged in
document order.
"""

from __future__ import annotations

from gzviewer.ingest.raw import RawDocument
from gzviewer.parse.inline_tasks import extract_inline_tasks
from gzviewer.parse.labelled_tasks import extract_labelled_tasks
from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.parse.tasktable import parse_flattened_tables, parse_grid_tables
from gzviewer.parse.units import UnitDirectory


def extract_tasks(raw: RawDocument, text: str, outline: list[HeadingRecord],
                  sentences: list[SentenceRecord]) -> list[TaskRecord]:
    """All tasks of one document, numbered 1..n; offsets (``start``) refer to the cleaned ``text``."""
    directory = UnitDirectory.load()
    tasks = parse_grid_tables(raw.tables, directory)
    if tasks:
        return _located(tasks, text)
    tasks = parse_flattened_tables(text, directory)
    if tasks:
        return tasks
    if raw.text != text:
        # The cleaner may have reflowed a flattened table; its offsets would not fit ``text``.
        tasks = parse_flattened_tables(raw.text, directory)
        if tasks:
            return _located(tasks, text)
    return _in_document_order(extract_inline_tasks(text, outline, directory)
                              + extract_labelled_tasks(text, outline, directory))


def _in_document_order(tasks: list[TaskRecord]) -> list[TaskRecord]:
    ordered = sorted(tasks, key=lambda task: task.start)
    for no, task in enumerate(ordered, start=1):
        task.no = no
    return ordered


def _located(tasks: list[TaskRecord], text: str) -> list[TaskRecord]:
    """Point each task at its text in ``text`` (the reader renders grid tables into the text)."""
    cursor = 0
    for task in tasks:
        found = text.find(task.text, cursor) if task.text else -1
        task.start = found
        if found >= 0:
            cursor = found + len(task.text)
    return tasks
