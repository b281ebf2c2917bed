"""Office 97–2003 and WPS files by what they are, not by their names (.doc, .wps, .et).

A ``.doc`` or ``.wps`` is usually a Word binary document in an OLE compound file, but offices
also pass on Word 2007 files renamed (a zip), web pages saved "as Word" (HTML or MHT) and RTF.
A ``.et`` is a WPS spreadsheet, which WPS writes as an Excel 97–2003 (BIFF) workbook or, newer,
as an .xlsx. Each gets the reader it needs, or a one-line message saying what the file is.
"""

from __future__ import annotations

import io
import re
import struct
from pathlib import Path

import olefile

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.docx import read_docx
from gzviewer.ingest.html import read_html
from gzviewer.ingest.mhtml import read_mhtml
from gzviewer.ingest.package import OLE_MAGIC
from gzviewer.ingest.raw import RawDocument
from gzviewer.ingest.word97 import read_word97
from gzviewer.ingest.xls import read_xls
from gzviewer.ingest.xlsx import read_xlsx

ZIP_MAGIC = b"PK\x03\x04"
RTF_MAGIC = b"{\\rtf"
SNIFF_BYTES = 2048
HTML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)
MIME_START = re.compile(rb"^\s*(?:[\w-]+:[^\r\n]*\r?\n)*mime-version:", re.I)

REASON_NOT_WORD = "文件已损坏或不是有效的Word文档"
REASON_NOT_WPS = "文件已损坏或不是有效的WPS文字文档"
REASON_NOT_ET = "文件已损坏或不是有效的WPS表格文件"
REASON_RTF = "这是RTF格式的文件，无法直接读取，请在 Word 或 WPS 中另存为 .docx 后再导入"
REASON_ENCRYPTED = "文件已加密，无法读取"
REASON_WORKS = "这是 Microsoft Works 或早期 WPS 格式的文件，无法直接读取，请在 WPS 中另存为 .docx 后再导入"
REASON_SPREADSHEET_AS_TEXT = "这是一个表格文件（Excel/WPS表格），请将扩展名改为 .xls 后再导入"
REASON_TEXT_AS_SPREADSHEET = "这是一个文字文档（Word/WPS文字），请将扩展名改为 .doc 后再导入"
REASON_OTHER_OLE = "这是其他软件的文件（{what}），不是文字文档"
# What olefile raises on a damaged compound file.
BROKEN_OLE_ERRORS = (OSError, struct.error, IndexError, ValueError, TypeError, KeyError, EOFError,
                     AssertionError, RecursionError, ZeroDivisionError, OverflowError, MemoryError)
WORD_STREAM = "WordDocument"
WORKBOOK_STREAMS = ("Workbook", "Book")
ENCRYPTED_STREAMS = ("EncryptedPackage",)
WORKS_STREAMS = ("MatOST", "CONTENTS")
OTHER_KINDS = {"PowerPoint Document": "PowerPoint 演示文稿", "VisioDocument": "Visio 绘图",
               "Quill": "Publisher 出版物"}


def read_doc(path: Path, data: bytes) -> RawDocument:
    """A .doc (or .wps) file, whatever it really is."""
    return _read_text_document(path, data, REASON_NOT_WORD)


def read_wps(path: Path, data: bytes) -> RawDocument:
    return _read_text_document(path, data, REASON_NOT_WPS)


def read_et(path: Path, data: bytes) -> RawDocument:
    """A WPS spreadsheet: a BIFF workbook through the .xls reader, a zip through the .xlsx reader."""
    if data.startswith(ZIP_MAGIC):
        return read_xlsx(path, data)
    if not data.startswith(OLE_MAGIC):
        raise DocumentReadError(path, REASON_NOT_ET)
    with _open_ole(path, data, REASON_NOT_ET) as ole:
        if ole.exists(WORD_STREAM):
            raise DocumentReadError(path, REASON_TEXT_AS_SPREADSHEET)
        _refuse_other_kinds(path, ole)
        if not any(ole.exists(name) for name in WORKBOOK_STREAMS):
            raise DocumentReadError(path, REASON_NOT_ET)
    return read_xls(path, data)


def _read_text_document(path: Path, data: bytes, reason_corrupt: str) -> RawDocument:
    head = data[:SNIFF_BYTES]
    if head.startswith(ZIP_MAGIC):
        return read_docx(path, data)
    if head.startswith(RTF_MAGIC):
        raise DocumentReadError(path, REASON_RTF)
    if MIME_START.match(head):
        return read_mhtml(path, data)
    if HTML_START.match(head.lstrip(b"\xef\xbb\xbf")):
        return read_html(path, data)
    if not head.startswith(OLE_MAGIC):
        raise DocumentReadError(path, reason_corrupt)
    with _open_ole(path, data, reason_corrupt) as ole:
        if ole.exists(WORD_STREAM):
            document = read_word97(path, ole)
            document.format = path.suffix.lower().lstrip(".") or "doc"
            return document
        if any(ole.exists(name) for name in WORKBOOK_STREAMS):
            raise DocumentReadError(path, REASON_SPREADSHEET_AS_TEXT)
        if any(ole.exists(name) for name in WORKS_STREAMS):
            raise DocumentReadError(path, REASON_WORKS)
        _refuse_other_kinds(path, ole)
    raise DocumentReadError(path, reason_corrupt)


def _open_ole(path: Path, data: bytes, reason_corrupt: str) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(io.BytesIO(data))
    except BROKEN_OLE_ERRORS as exc:
        raise DocumentReadError(path, reason_corrupt) from exc


def _refuse_other_kinds(path: Path, ole: olefile.OleFileIO) -> None:
    if any(ole.exists(name) for name in ENCRYPTED_STREAMS):
        raise DocumentReadError(path, REASON_ENCRYPTED)
    for stream, what in OTHER_KINDS.items():
        if ole.exists(stream):
            raise DocumentReadError(path, REASON_OTHER_OLE.format(what=what))
