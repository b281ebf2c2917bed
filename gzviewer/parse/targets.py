"""Quantitative targets and achievements."""

from __future__ import annotations

from gzviewer.parse.records import DocumentMeta, HeadingRecord, SentenceRecord, TargetRecord


def extract_targets(text: str, outline: list[HeadingRecord], sentences: list[SentenceRecord],
                    meta: DocumentMeta) -> list[TargetRecord]:
    return []  # PLACEHOLDER: implemented by the targets work (issue 4)
