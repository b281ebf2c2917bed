"""A web page saved as one file (.mht / .mhtml, "网页，单个文件") → RawDocument.

The file is a MIME message (the standard library's ``email`` reads it): its first text/html
part, decoded from quoted-printable or base64 but still in its own character set, is read as a
saved web page. Pictures and style sheets in the other parts are not needed.
"""

from __future__ import annotations

import email
from email import policy
from pathlib import Path

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.bounds import check_page_archive_html
from gzviewer.ingest.html import read_html
from gzviewer.ingest.raw import RawDocument

REASON_NO_PAGE = "网页存档中没有网页正文（找不到 text/html 部分）"
HTML_TYPE = "text/html"


def read_mhtml(path: Path, data: bytes) -> RawDocument:
    message = email.message_from_bytes(data, policy=policy.compat32)
    page = next((part for part in message.walk() if part.get_content_type() == HTML_TYPE), None)
    payload = page.get_payload(decode=True) if page is not None else None
    if page is None or not isinstance(payload, bytes) or not payload:
        raise DocumentReadError(path, REASON_NO_PAGE)
    check_page_archive_html(path, payload)  # the HTML size cap of .html files, here after decoding
    charset = page.get_content_charset()
    if charset and not _declares_charset(payload):
        payload = _with_declared_charset(payload, charset)
    document = read_html(path, payload)
    return RawDocument(document.source_name, "mhtml", document.text, document.tables)


def _declares_charset(markup: bytes) -> bool:
    return b"charset" in markup[:4096].lower()


def _with_declared_charset(markup: bytes, charset: str) -> bytes:
    """The part's charset (from its MIME header) written into the page, where the HTML reader
    looks for it."""
    meta = f'<meta charset="{charset}">'.encode("ascii", "ignore")
    return meta + markup
