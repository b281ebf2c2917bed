"""Readers: a file of any supported format → RawDocument (plain text + tables).

The format is chosen by extension, but the bytes are sniffed first, so a renamed binary or
an empty file gives a clear ``DocumentReadError`` instead of a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.bounds import read_regular_file
from gzviewer.ingest.docx import read_docx
from gzviewer.ingest.html import read_html
from gzviewer.ingest.images import IMAGE_EXTENSIONS, read_image
from gzviewer.ingest.legacy import read_doc, read_et, read_wps
from gzviewer.ingest.mhtml import read_mhtml
from gzviewer.ingest.ofd import read_ofd
from gzviewer.ingest.package import opendocument_message
from gzviewer.ingest.page_progress import ReadingCancelled
from gzviewer.ingest.pdf import read_pdf
from gzviewer.ingest.raw import RawDocument, tables_without_controls
from gzviewer.ingest.txt import read_txt
from gzviewer.ingest.xls import read_xls
from gzviewer.ingest.xlsx import read_xlsx

__all__ = ["SUPPORTED_EXTENSIONS", "RawDocument", "read_document"]

Reader = Callable[[Path, bytes], RawDocument]
READERS: dict[str, Reader] = {
    ".txt": read_txt,
    ".text": read_txt,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
    ".shtml": read_html,
    ".xhtml": read_html,
    ".mht": read_mhtml,
    ".mhtml": read_mhtml,
    ".xlsx": read_xlsx,
    ".xlsm": read_xlsx,
    ".xls": read_xls,
    ".doc": read_doc,
    ".wps": read_wps,
    ".et": read_et,
    ".ofd": read_ofd,
    **dict.fromkeys(IMAGE_EXTENSIONS, read_image),
}
SUPPORTED_EXTENSIONS = tuple(READERS)
MEGABYTE = 1024 * 1024
MAX_FILE_BYTES = 200 * MEGABYTE
# Plain text and web pages are nearly all text: a plan document is well under 1MB, and parsing
# tens of MB would take minutes and gigabytes, so such files are refused before reading.
MAX_TEXT_FILE_BYTES = 20 * MEGABYTE
TEXT_FILE_READERS = (read_txt, read_html)  # a saved single-file page may carry large pictures
# About ten times the longest plan document; the pipeline needs ~20 s and ~0.5 GB for this much.
MAX_TEXT_CHARS = 2_000_000
REASON_EMPTY = "文件为空"
REASON_TOO_BIG = "文件过大（{size:.1f}MB，上限{limit:.0f}MB）"
REASON_TOO_MUCH_TEXT = "文字过多（约{chars:.0f}万字，上限{limit:.0f}万字）"
REASON_NO_TEXT = "文件中没有可读取的文字"
REASON_MALFORMED = "文件已损坏或格式无法识别"
# OpenDocument files by extension (the bytes are recognised too, see ``package``).
OPENDOCUMENT_EXTENSIONS = {".ods": "spreadsheet", ".fods": "spreadsheet", ".odt": "text", ".fodt": "text",
                           ".odp": "presentation"}
logger = logging.getLogger(__name__)


def read_document(path: str | Path) -> RawDocument:
    """Read ``path`` into plain text and tables; raises ``DocumentReadError`` for bad input."""
    path = Path(path)
    suffix = path.suffix.lower()
    reader = READERS.get(suffix)
    if reader is None:
        if suffix in OPENDOCUMENT_EXTENSIONS:
            raise DocumentReadError(path, opendocument_message(OPENDOCUMENT_EXTENSIONS[suffix]))
        raise DocumentReadError(path, f"不支持的文件类型（{suffix or '无扩展名'}）")
    data = _read_bytes(path, MAX_TEXT_FILE_BYTES if reader in TEXT_FILE_READERS else MAX_FILE_BYTES)
    if not data.strip(b" \t\r\n\x00\x0b\x0c"):
        raise DocumentReadError(path, REASON_EMPTY)
    try:
        document = reader(path, data)
    except (DocumentReadError, ReadingCancelled):
        raise
    except Exception as exc:  # a library choked on malformed input: report, don't crash
        # Debug level: Python's last-resort handler prints warnings, and a traceback on the
        # console would break the one-line message promised for bad input.
        logger.debug("reader for %s failed", path, exc_info=True)
        raise DocumentReadError(path, REASON_MALFORMED) from exc
    document.tables = tables_without_controls(document.tables)
    if not document.text.strip() and not any(any(map(str.strip, row)) for t in document.tables for row in t):
        raise DocumentReadError(path, REASON_EMPTY if reader is read_txt else REASON_NO_TEXT)
    if len(document.text) > MAX_TEXT_CHARS:
        raise DocumentReadError(path, REASON_TOO_MUCH_TEXT.format(chars=len(document.text) / 10_000,
                                                                  limit=MAX_TEXT_CHARS / 10_000))
    return document


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        return read_regular_file(path, limit, REASON_TOO_BIG)  # no FIFO, device or file that grows past ``limit``
    except IsADirectoryError as exc:
        raise DocumentReadError(path, "这是一个文件夹，不是文件") from exc
    except FileNotFoundError as exc:
        raise DocumentReadError(path, "文件不存在") from exc
    except PermissionError as exc:
        raise DocumentReadError(path, "没有读取权限") from exc
    except OSError as exc:
        raise DocumentReadError(path, f"无法读取（{exc.strerror or exc}）") from exc
