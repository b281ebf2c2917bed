"""Limits checked before the expensive step of reading a file, so that a hostile or accidental
input (a pipe or device named .txt, a page archive or Word part of hundreds of megabytes, a
PDF of thousands of pages) is refused in one line within seconds instead of taking minutes and
gigabytes. Each limit is far above any plan document seen (the longest: ~150 pages, ~5 MB of
document.xml, ~20,000 paragraphs)."""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from pathlib import Path

from gzviewer.errors import DocumentReadError

MEGABYTE = 1024 * 1024
MAX_WORD_XML_BYTES = 40 * MEGABYTE  # word/document.xml, uncompressed
MAX_PARAGRAPHS = 200_000
MAX_PDF_PAGES = 500
MAX_PAGE_ARCHIVE_HTML_BYTES = 20 * MEGABYTE  # the web page inside an .mht, decoded
WORD_BODY_PART = "word/document.xml"
PARAGRAPH_START = (b"<w:p>", b"<w:p ", b"<w:p/>")

REASON_NOT_REGULAR = "不是普通文件（可能是管道、设备或特殊文件），未读取"
REASON_WORD_XML_TOO_BIG = "Word 文档正文过大（{size:.1f}MB，上限{limit:.0f}MB）"
REASON_TOO_MANY_PARAGRAPHS = "Word 文档段落过多（{count}段，上限{limit}段）"
REASON_TOO_MANY_PAGES = "PDF 页数过多（{count}页，上限{limit}页）"
REASON_PAGE_TOO_BIG = "网页存档中的网页过大（{size:.1f}MB，上限{limit:.0f}MB）"


def read_regular_file(path: Path, limit: int, too_big: str) -> bytes:
    """The bytes of ``path`` if it is a regular file (after links) of at most ``limit`` bytes.

    A FIFO would block the import forever and a link to /dev/zero would read until memory runs
    out, so the type is checked before the file is opened (opened without blocking, in case it
    changed in between), and at most ``limit`` + 1 bytes are read in any case."""
    status = os.stat(path)
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    if not stat.S_ISREG(status.st_mode):
        raise DocumentReadError(path, REASON_NOT_REGULAR)
    if status.st_size > limit:
        raise DocumentReadError(path, too_big.format(size=status.st_size / MEGABYTE, limit=limit / MEGABYTE))
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with os.fdopen(descriptor, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise DocumentReadError(path, REASON_NOT_REGULAR)
        data = stream.read(limit + 1)
    if len(data) > limit:  # grew after the check
        raise DocumentReadError(path, too_big.format(size=len(data) / MEGABYTE, limit=limit / MEGABYTE))
    return data


def check_word_body(path: Path, archive: zipfile.ZipFile) -> None:
    """Refuse a .docx whose body part is too large or has too many paragraphs to parse in time."""
    try:
        info = archive.getinfo(WORD_BODY_PART)
    except KeyError:
        return  # python-docx says what is missing
    if info.file_size > MAX_WORD_XML_BYTES:
        raise DocumentReadError(path, REASON_WORD_XML_TOO_BIG.format(size=info.file_size / MEGABYTE,
                                                                     limit=MAX_WORD_XML_BYTES / MEGABYTE))
    with archive.open(info) as stream:
        body = stream.read(MAX_WORD_XML_BYTES + 1)
    count = sum(body.count(start) for start in PARAGRAPH_START)
    if count > MAX_PARAGRAPHS:
        raise DocumentReadError(path, REASON_TOO_MANY_PARAGRAPHS.format(count=count, limit=MAX_PARAGRAPHS))


def check_pdf_pages(path: Path, count: int) -> None:
    if count > MAX_PDF_PAGES:
        raise DocumentReadError(path, REASON_TOO_MANY_PAGES.format(count=count, limit=MAX_PDF_PAGES))


def check_page_archive_html(path: Path, payload: bytes) -> None:
    if len(payload) > MAX_PAGE_ARCHIVE_HTML_BYTES:
        raise DocumentReadError(path, REASON_PAGE_TOO_BIG.format(size=len(payload) / MEGABYTE,
                                                                 limit=MAX_PAGE_ARCHIVE_HTML_BYTES / MEGABYTE))
