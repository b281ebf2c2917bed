"""Safety checks for zip-based Office files (.docx, .xlsx) before a library opens them.

Two hostile inputs are refused: zip bombs (judged from the sizes the zip directory declares;
Python's zipfile never inflates an entry beyond its declared size, so these are real bounds)
and XML parts with a DOCTYPE or ENTITY declaration (external entities, "billion laughs").
Office never writes a DOCTYPE, so refusing any is safe.
"""

from __future__ import annotations

import io
import re
import zipfile

MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
MAX_ENTRIES = 20_000
# An entry larger than RATIO_CHECK_MIN_SIZE may not be compressed more than MAX_RATIO times;
# real Office XML compresses 10–30 times, a bomb thousands of times.
MAX_RATIO = 200
RATIO_CHECK_MIN_SIZE = 1024 * 1024
# The prolog (where a DOCTYPE must stand) is read up to this many bytes.
PROLOG_READ_LIMIT = 1024 * 1024
XML_SUFFIXES = (".xml", ".rels", ".vml")
DTD_MARKERS = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
ROOT_START = re.compile(rb"<[A-Za-z_]")
# User-facing reasons (shown after the file name).
REASON_TOO_LARGE = "解压后体积过大（超过200MB），可能是恶意构造的压缩包"
REASON_BOMB = "压缩比异常，可能是恶意构造的压缩包（zip炸弹）"
REASON_TOO_MANY = "压缩包内文件数量异常"
REASON_DTD = "文档内含DOCTYPE/实体声明，出于安全原因拒绝读取"
# Encrypted Office files and the old binary formats are OLE compound files, not zips.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REASON_OLE = "文件已加密或是旧版Office格式，请另存为{suffix}后再导入"
# OpenDocument files (LibreOffice, WPS) are zips too, but not Office Open XML: named for what they
# are, with what to save them as, instead of 「文件已损坏」.
OPENDOCUMENT_MIMETYPE = "application/vnd.oasis.opendocument."
OPENDOCUMENT_KINDS = {
    "spreadsheet": ("OpenDocument 表格（.ods）", ".xlsx"),
    "text": ("OpenDocument 文档（.odt）", ".docx"),
    "presentation": ("OpenDocument 演示文稿（.odp）", ".pdf"),
}
REASON_OPENDOCUMENT = "这是{kind}，本工具不支持此格式，请在 WPS、LibreOffice 或 Office 中另存为{suffix}后再导入"


class UnsafePackageError(ValueError):
    """The package is hostile; ``str(exc)`` is the Chinese reason."""


def open_package(data: bytes, suffix: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip after the safety checks (``suffix`` names the format in messages).

    Raises ``zipfile.BadZipFile`` for a corrupt archive, ``UnsafePackageError`` for a hostile
    one or an OLE file (encrypted or legacy Office) that cannot be read.
    """
    if data.startswith(OLE_MAGIC):
        raise UnsafePackageError(REASON_OLE.format(suffix=suffix))
    archive = zipfile.ZipFile(io.BytesIO(data))
    check_sizes(archive.infolist())
    opendocument = opendocument_reason(archive)
    if opendocument:
        raise UnsafePackageError(opendocument)
    for info in archive.infolist():
        if info.filename.lower().endswith(XML_SUFFIXES):
            with archive.open(info) as part:
                check_prolog(part.read(PROLOG_READ_LIMIT))
    return archive


def opendocument_reason(archive: zipfile.ZipFile) -> str | None:
    """What to tell the user when ``archive`` is an OpenDocument file (its ``mimetype`` entry), else None."""
    try:
        mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
    except KeyError:
        return None
    if not mimetype.startswith(OPENDOCUMENT_MIMETYPE):
        return None
    kind = mimetype.removeprefix(OPENDOCUMENT_MIMETYPE).split("-")[0]
    return opendocument_message(kind)


def opendocument_message(kind: str) -> str:
    """The reason for an OpenDocument file of ``kind`` (spreadsheet, text, presentation …)."""
    label, suffix = OPENDOCUMENT_KINDS.get(kind, ("OpenDocument 文件", ".docx 或 .xlsx"))
    return REASON_OPENDOCUMENT.format(kind=label, suffix=suffix)


def check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ENTRIES:
        raise UnsafePackageError(REASON_TOO_MANY)
    if sum(info.file_size for info in infos) > MAX_TOTAL_UNCOMPRESSED:
        raise UnsafePackageError(REASON_TOO_LARGE)
    for info in infos:
        if info.file_size > RATIO_CHECK_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafePackageError(REASON_BOMB)


def check_prolog(head: bytes) -> None:
    """Refuse a DOCTYPE/ENTITY declaration before the root element of an XML part."""
    text = _as_utf8(head)
    root = ROOT_START.search(text)
    if root is None and len(head) >= PROLOG_READ_LIMIT:
        raise UnsafePackageError(REASON_DTD)
    prolog = text[: root.start()] if root else text
    if DTD_MARKERS.search(prolog):
        raise UnsafePackageError(REASON_DTD)


def _as_utf8(head: bytes) -> bytes:
    """XML parts may be UTF-16; re-encode so the byte patterns above apply."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head[:2] in (b"<\x00", b"\x00<"):
        encoding = "utf-16" if head.startswith((b"\xff\xfe", b"\xfe\xff")) else (
            "utf-16-le" if head.startswith(b"<\x00") else "utf-16-be")
        return head.decode(encoding, errors="ignore").encode("utf-8")
    return head
