"""File → ExtractedDocument: read, clean, structure, extract. No database involved."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from gzviewer.ingest import read_document
from gzviewer.ingest.cleaner import clean_text
from gzviewer.parse.glossary import extract_glossary
from gzviewer.parse.metadata import detect_metadata
from gzviewer.parse.outline import parse_outline
from gzviewer.parse.records import KIND_OTHER, KIND_TASK_ASSIGNMENT, ExtractedDocument
from gzviewer.parse.sentences import split_sentences
from gzviewer.parse.targets import extract_targets
from gzviewer.parse.tasks import extract_tasks


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract_file(path: str | Path) -> ExtractedDocument:
    """Parse one file completely; raises ``DocumentReadError`` for unreadable input."""
    path = Path(path)
    raw = read_document(path)
    cleaned = clean_text(raw.text)
    text = cleaned.text
    meta = detect_metadata(text, path.name)
    outline = parse_outline(text)
    sentences = split_sentences(text, outline)
    tasks = extract_tasks(raw, text, outline, sentences)
    if meta.kind == KIND_OTHER and tasks and raw.tables:
        # A workbook or table of tasks whose title names no genre ("分工.xls") is still one.
        meta = replace(meta, kind=KIND_TASK_ASSIGNMENT)
    return ExtractedDocument(
        source_name=path.name,
        format=raw.format,
        content_hash=content_hash(text),
        meta=meta,
        text=text,
        outline=outline,
        sentences=sentences,
        targets=extract_targets(text, outline, sentences, meta),
        tasks=tasks,
        glossary=extract_glossary(text, outline),
    )
