"""Glossary terms from 名词解释 appendices."""

from __future__ import annotations

from gzviewer.parse.records import GlossaryRecord, HeadingRecord


def extract_glossary(text: str, outline: list[HeadingRecord]) -> list[GlossaryRecord]:
    return []  # PLACEHOLDER: implemented by the structure work (issue 2)
