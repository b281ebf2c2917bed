"""Readers: a file of any supported format → RawDocument (plain text + tables)."""

from __future__ import annotations

from pathlib import Path

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument

__all__ = ["RawDocument", "read_document"]


def read_document(path: str | Path) -> RawDocument:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentReadError(path, f"无法读取（{exc.strerror}）") from exc
    if not data.strip():
        raise DocumentReadError(path, "文件为空")
    return RawDocument(path.name, "txt", data.decode("utf-8"))  # PLACEHOLDER (issue 2 readers)
