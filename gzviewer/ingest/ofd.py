"""OFD (GB/T 33190, China's fixed-layout electronic document) → RawDocument.

An OFD file is a zip of XML parts: ``OFD.xml`` names the document root (``Doc_0/Document.xml``),
which lists the pages (``Pages/Page_0/Content.xml``); a page's layers hold text objects
(``TextObject``: a boundary box, a font size and ``TextCode`` runs placed at X, Y with glyph
advances in ``DeltaX``, all in millimetres, y growing down the page). The runs are put into
lines and read with the PDF reader's layout rules, so an OFD reads as the same pages printed to
PDF would: running heads and page numbers dropped, wrapped lines joined.

Every XML part goes through defusedxml, and the zip through the same size checks as .docx
(zip bombs, DTDs); the page count, each part's size and all the XML parsed are bounded before
parsing. Elements are matched by their local names, so files from writers that use
a non-standard namespace read as well. Template pages (running heads, seals) are not read.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.bounds import MAX_PDF_PAGES
from gzviewer.ingest.package import UnsafePackageError, open_package
from gzviewer.ingest.pdf import TextBox, assemble_pages, page_items
from gzviewer.ingest.raw import RawDocument
from gzviewer.ingest.text_lines import lines_of_runs

REASON_CORRUPT = "文件已损坏或不是有效的OFD文件"
REASON_NO_TEXT = "OFD文件中没有文字对象（可能是扫描件，或文字已转为图形）"
ROOT_PART = "OFD.xml"
DEFAULT_PAGE = (210.0, 297.0)  # A4, mm
MEGABYTE = 1024 * 1024
# Bounds checked before parsing (a page's Content.xml is tens of kilobytes; a plan of 150 pages
# holds a few megabytes of XML): the page count of a PDF, a part's size, all the XML parsed.
MAX_PAGES = MAX_PDF_PAGES
MAX_PART_BYTES = 10 * MEGABYTE
MAX_PARSED_BYTES = 30 * MEGABYTE
REASON_TOO_MANY_PAGES = "OFD页数过多（{count}页，上限{limit}页）"
REASON_PART_TOO_BIG = "OFD页面内容过大（{size:.1f}MB，上限{limit:.0f}MB）"
REASON_TOO_MUCH_XML = "OFD内容过大（解析超过{limit:.0f}MB，可能是恶意构造的文件）"
NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
NARROW = 0.5  # a Latin letter or digit is about half as wide as the font size


class OfdTooLarge(ValueError):
    """A bound was passed; ``str(exc)`` is the Chinese reason."""


def read_ofd(path: Path, data: bytes) -> RawDocument:
    try:
        archive = open_package(data, ".ofd")
    except UnsafePackageError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except zipfile.BadZipFile as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    try:
        with archive:
            pages = [page_items(lines_of_runs(runs), height) for runs, height in _pages(archive)]
    except OfdTooLarge as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (KeyError, ValueError, SyntaxError, DefusedXmlException, zipfile.BadZipFile, IndexError,
            OverflowError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    if not any(pages):
        raise DocumentReadError(path, REASON_NO_TEXT)
    return assemble_pages(path.name, "ofd", pages)


def _pages(archive: zipfile.ZipFile) -> Iterator[tuple[list[TextBox], float]]:
    """Each page's text runs and its height, in the document's page order."""
    names = {name.lower(): name for name in archive.namelist()}
    budget = [MAX_PARSED_BYTES]  # bytes of XML still allowed to be parsed
    root = _parse(archive, names, ROOT_PART, budget)
    doc_root = next((el.text for el in root.iter() if _local(el) == "DocRoot" and el.text), None)
    if doc_root is None:
        raise ValueError("no DocRoot")
    document_path = _resolve("", doc_root)
    document = _parse(archive, names, document_path, budget)
    folder = posixpath.dirname(document_path)
    default_box = _physical_box(_first(document, "PageArea")) or (0.0, 0.0, *DEFAULT_PAGE)
    pages = [el for el in document.iter() if _local(el) == "Page" and el.get("BaseLoc")]
    if len(pages) > MAX_PAGES:
        raise OfdTooLarge(REASON_TOO_MANY_PAGES.format(count=len(pages), limit=MAX_PAGES))
    locations = [_resolve(folder, page_element.get("BaseLoc")) for page_element in pages]
    # Summed from the zip's directory before any page is parsed: one large page listed hundreds
    # of times is refused at once.
    if sum(archive.getinfo(names[part.lower()]).file_size for part in locations if part.lower() in names) > budget[0]:
        raise OfdTooLarge(REASON_TOO_MUCH_XML.format(limit=MAX_PARSED_BYTES / MEGABYTE))
    for location in locations:
        content = _parse(archive, names, location, budget)
        box = _physical_box(_first(content, "Area")) or default_box
        yield list(_text_runs(content)), box[3]


def _text_runs(page) -> Iterator[TextBox]:
    for text_object in page.iter():
        if _local(text_object) != "TextObject":
            continue
        left, top = _numbers(text_object.get("Boundary", "0 0 0 0"))[:2] or [0.0, 0.0]
        size = (_numbers(text_object.get("Size", "")) or [3.5])[0]
        ctm = _numbers(text_object.get("CTM", ""))
        scale = abs(ctm[3]) if len(ctm) == 6 and ctm[3] else 1.0
        x = y = 0.0
        for code in text_object:
            if _local(code) != "TextCode" or not code.text:
                continue
            x = _number(code.get("X"), x)
            y = _number(code.get("Y"), y)
            text = code.text
            advances = _advances(code.get("DeltaX", ""), text, size)
            width = sum(advances) + _glyph_width(text[-1], size)
            x0, baseline = _transform(ctm, x, y)
            x1, _ = _transform(ctm, x + width, y)
            height = size * scale
            yield TextBox(text, left + min(x0, x1), top + baseline - height, left + max(x0, x1), top + baseline)
            x += sum(advances) + _glyph_width(text[-1], size)


def _advances(delta_x: str, text: str, size: float) -> list[float]:
    """The advance after each glyph but the last: DeltaX ("g n d" repeats d n times) or widths."""
    tokens = delta_x.split()
    advances: list[float] = []
    i = 0
    while i < len(tokens) and len(advances) < len(text) - 1:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = min(int(float(tokens[i + 1])), len(text))
            advances.extend([float(tokens[i + 2])] * count)
            i += 3
        else:
            advances.append(float(tokens[i]))
            i += 1
    advances = advances[:len(text) - 1]
    advances += [_glyph_width(char, size) for char in text[len(advances):len(text) - 1]]
    return advances


def _glyph_width(char: str, size: float) -> float:
    return size * (NARROW if char.isascii() else 1.0)


def _transform(ctm: list[float], x: float, y: float) -> tuple[float, float]:
    if len(ctm) != 6:
        return x, y
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def _parse(archive: zipfile.ZipFile, names: dict[str, str], part: str, budget: list[int]):
    name = names.get(part.lower())
    if name is None:
        raise KeyError(part)
    info = archive.getinfo(name)
    if info.file_size > MAX_PART_BYTES:
        raise OfdTooLarge(REASON_PART_TOO_BIG.format(size=info.file_size / MEGABYTE, limit=MAX_PART_BYTES / MEGABYTE))
    budget[0] -= info.file_size
    if budget[0] < 0:  # one large page listed thousands of times
        raise OfdTooLarge(REASON_TOO_MUCH_XML.format(limit=MAX_PARSED_BYTES / MEGABYTE))
    return ElementTree.fromstring(archive.read(name), forbid_dtd=True)


def _resolve(folder: str, location: str) -> str:
    """A part's path in the zip: absolute ("/Doc_0/…") or relative to the referring part's folder."""
    location = location.strip().replace("\\", "/")
    joined = location.lstrip("/") if location.startswith("/") else posixpath.join(folder, location)
    return posixpath.normpath(joined).lstrip("./") if joined else joined


def _physical_box(element) -> tuple[float, float, float, float] | None:
    box = _first(element, "PhysicalBox") if element is not None else None
    values = _numbers(box.text or "") if box is not None else []
    return (values[0], values[1], values[2], values[3]) if len(values) >= 4 and values[3] > 0 else None


def _first(element, name: str):
    return next((el for el in element.iter() if _local(el) == name), None)


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1].split(":")[-1] if isinstance(tag, str) else ""


def _numbers(text: str) -> list[float]:
    return [float(n) for n in NUMBER.findall(text)]


def _number(text: str | None, default: float) -> float:
    values = _numbers(text or "")
    return values[0] if values else default
