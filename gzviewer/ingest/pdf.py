"""PDF with a text layer → RawDocument (pdfplumber).

Each page gives its text lines and its ruled tables, ordered top to bottom; running headers,
footers and page numbers are removed (see ``running_lines``). Lines keep the PDF's line
breaks; the cleaner rejoins lines broken inside a paragraph.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import is_data_table, render_table

REASON_CORRUPT = "文件已损坏或不是有效的PDF文件"
REASON_ENCRYPTED = "PDF已加密，无法读取"
REASON_NO_TEXT = "PDF没有文字层（可能是扫描件）"
REASON_UNMAPPED = "PDF文字层无法识别（字体缺少编码信息）"
PDF_MAGIC = b"%PDF-"
MAGIC_SEARCH_LIMIT = 1024
# pdfminer writes "(cid:123)" for glyphs it cannot map to Unicode.
UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
MAX_UNMAPPED_SHARE = 0.3
# Running headers/footers and page numbers are looked for in the top and bottom band of each
# page (this share of its height) and must recur on this share of the pages.
MARGIN_BAND = 0.1
RUNNING_MIN_PAGES = 3
RUNNING_SHARE = 0.5
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_·•\s]*\d{1,4}[-—–－_·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)\s*$"
)
DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")


def read_pdf(path: Path, data: bytes) -> RawDocument:
    if PDF_MAGIC not in data[:MAGIC_SEARCH_LIMIT]:
        raise DocumentReadError(path, REASON_CORRUPT)
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except PdfminerException as exc:
        encrypted = exc.args and isinstance(exc.args[0], PDFPasswordIncorrect)
        raise DocumentReadError(path, REASON_ENCRYPTED if encrypted else REASON_CORRUPT) from exc
    except (MalformedPDFException, ValueError, TypeError, KeyError, AssertionError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    body = "".join(item.text for page in pages for item in page if isinstance(item, _Line))
    if not body.strip():
        raise DocumentReadError(path, REASON_NO_TEXT)
    if len("".join(UNMAPPED_GLYPH.findall(body))) > MAX_UNMAPPED_SHARE * len(body):
        raise DocumentReadError(path, REASON_UNMAPPED)
    return _assemble(path, pages)


@dataclass
class _Line:
    text: str
    in_margin: bool  # in the top or bottom band of the page, where running heads live


PageItem = _Line | Table


def _page_items(page) -> list[PageItem]:
    """The page's text lines and tables, top to bottom; table text is not repeated as lines."""
    found = [t for t in page.find_tables() if is_data_table(t.extract())]
    boxes = [t.bbox for t in found]

    def outside_tables(obj) -> bool:
        return obj.get("object_type") != "char" or not any(_inside(obj, box) for box in boxes)

    source = page.filter(outside_tables) if boxes else page
    band = MARGIN_BAND * float(page.height)
    positioned: list[tuple[float, PageItem]] = [
        (line["top"], _Line(line["text"], line["top"] < band or line["bottom"] > page.height - band))
        for line in source.extract_text_lines(return_chars=False)
    ]
    positioned += [(t.bbox[1], [[cell or "" for cell in row] for row in t.extract()]) for t in found]
    positioned.sort(key=lambda pair: pair[0])
    page.close()
    return [item for _, item in positioned]


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _assemble(path: Path, pages: list[list[PageItem]]) -> RawDocument:
    running = running_lines([[i.text for i in page if isinstance(i, _Line) and i.in_margin] for page in pages])
    blocks: list[str] = []
    tables: list[Table] = []
    for page in pages:
        for item in page:
            if isinstance(item, _Line):
                if not (item.in_margin and (_signature(item.text) in running or PAGE_NUMBER.match(item.text))):
                    blocks.append(item.text)
            else:
                tables.append(item)
                blocks.append(render_table(item))
    return RawDocument(path.name, "pdf", "\n".join(blocks), tables)


def running_lines(margin_lines: list[list[str]]) -> set[str]:
    """Signatures of lines that recur in the top/bottom margin of most pages (running heads).

    Digits are masked so "第3页" and "第4页", or a header with the page number, compare equal.
    """
    if len(margin_lines) < RUNNING_MIN_PAGES:
        return set()
    counts: Counter[str] = Counter()
    for lines in margin_lines:
        counts.update({_signature(line) for line in lines})
    needed = max(RUNNING_MIN_PAGES, RUNNING_SHARE * len(margin_lines))
    return {sig for sig, n in counts.items() if n >= needed and sig}


def _signature(line: str) -> str:
    return DIGITS.sub("#", SPACES.sub("", line))
