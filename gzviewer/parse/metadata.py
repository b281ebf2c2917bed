"""Document metadata: title, kind, issuer, speaker, meeting, date, year, level."""

from __future__ import annotations

from gzviewer.parse.records import DocumentMeta


def detect_metadata(text: str, source_name: str) -> DocumentMeta:
    first = next((line.strip() for line in text.splitlines() if line.strip()), source_name)
    return DocumentMeta(title=first)  # PLACEHOLDER: implemented by the structure work (issue 2)
