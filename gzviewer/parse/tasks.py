"""Tasks with lead and cooperating units: assignment tables and inline brackets."""

from __future__ import annotations

from gzviewer.ingest.raw import RawDocument
from gzviewer.parse.records import HeadingRecord, SentenceRecord, TaskRecord


def extract_tasks(raw: RawDocument, text: str, outline: list[HeadingRecord],
                  sentences: list[SentenceRecord]) -> list[TaskRecord]:
    return []  # PLACEHOLDER: implemented by the tasks work (issue 3)
