"""Plain text in any common Chinese or Unicode encoding → RawDocument."""

from __future__ import annotations

from pathlib import Path

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument
from gzviewer.ingest.text_decoding import NotTextError, decode_text

REASON_NOT_TEXT = "不是文本文件"


def read_txt(path: Path, data: bytes) -> RawDocument:
    try:
        text = decode_text(data)
    except NotTextError as exc:
        raise DocumentReadError(path, REASON_NOT_TEXT) from exc
    return RawDocument(path.name, "txt", text)
