"""PDF with a text layer → RawDocument (pdfplumber).

Each page gives its text lines and its ruled tables, ordered top to bottom; running headers,
footers and page numbers are removed (see ``running_lines``). Lines keep the PDF's line
breaks; the cleaner rejoins lines broken inside a paragraph. Where the page leaves room for
whole empty lines between two lines, as many empty lines are written (``blank_lines``): a
table flattened to text, one cell per paragraph, stays readable after printing to PDF.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.bounds import check_pdf_pages
from gzviewer.ingest.pdf_layout import should_join
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import is_data_table, join_wrapped, joiner, render_table

REASON_CORRUPT = "文件已损坏或不是有效的PDF文件"
REASON_ENCRYPTED = "PDF已加密，无法读取"
REASON_NO_TEXT = "PDF没有文字层（可能是扫描件）"
REASON_UNMAPPED = "PDF文字层无法识别（字体缺少编码信息）"
PDF_MAGIC = b"%PDF-"
SCAN_DPI = 200  # scanned pages are rendered at this resolution for text recognition
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
# A step down the page shorter than this share of a line's height is part of the same row.
MIN_ADVANCE_SHARE = 0.8
# A wrapped line leaves less room at the right edge than the next line's first word (plus this
# many characters) would take; the line it goes on with starts within this many characters of
# the left edge (a new paragraph is indented by two).
WRAP_SLACK_CHARS = 0.5
INDENT_SLACK_CHARS = 0.5
LATIN_RUN = re.compile(r"[0-9A-Za-z.%]+")
HALF_WIDTH = 0.6  # a Latin letter or digit, in Chinese characters
FULL_LINE_BAND_CHARS = 3
# Punctuation a line may not start with: it goes to the next line with the word before it.
NO_LINE_START = "，。、；：！？,.;:!?”’）)》」』】%"
SPACES = re.compile(r"\s+")


def read_pdf(path: Path, data: bytes) -> RawDocument:
    if PDF_MAGIC not in data[:MAGIC_SEARCH_LIMIT]:
        raise DocumentReadError(path, REASON_CORRUPT)
    scanned: list[int] = []  # pages with pictures and no text: scans, for text recognition
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            check_pdf_pages(path, _declared_page_count(pdf))  # before any page is laid out
            pages = []
            for page in pdf.pages:
                has_images = bool(page.images)
                pages.append(_page_items(page))
                if has_images and not pages[-1]:
                    scanned.append(len(pages) - 1)
    except PdfminerException as exc:
        encrypted = exc.args and isinstance(exc.args[0], PDFPasswordIncorrect)
        raise DocumentReadError(path, REASON_ENCRYPTED if encrypted else REASON_CORRUPT) from exc
    except (MalformedPDFException, ValueError, TypeError, KeyError, AssertionError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    body = "".join(item.text for page in pages for item in page if isinstance(item, PageLine))
    if scanned:
        from gzviewer.ingest.ocr import REASON_NOT_INSTALLED, ocr_available  # onnxruntime: only for scans

        if ocr_available():
            return _with_scanned_pages(path, data, pages, scanned)
        if not body.strip():
            raise DocumentReadError(path, f"{REASON_NO_TEXT}；{REASON_NOT_INSTALLED}")
    if not body.strip():
        raise DocumentReadError(path, REASON_NO_TEXT)
    if len("".join(UNMAPPED_GLYPH.findall(body))) > MAX_UNMAPPED_SHARE * len(body):
        raise DocumentReadError(path, REASON_UNMAPPED)
    return assemble_pages(path.name, "pdf", pages)


def _declared_page_count(pdf) -> int:
    """The page count the document's page tree declares (read without loading the pages)."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(pdf.doc.catalog["Pages"]).get("Count"))
    except Exception:  # a damaged page tree: the page loop below reports it
        return 0
    return count if isinstance(count, int) else 0


def _with_scanned_pages(path: Path, data: bytes, pages: list[list[PageItem]], scanned: list[int]) -> RawDocument:
    """The document with its scanned pages rendered at ``SCAN_DPI`` and recognised."""
    import pypdfium2  # comes with pdfplumber

    from gzviewer.ingest.ocr import recognise_pages, recognised_document

    scale = SCAN_DPI / 72  # pixels per point
    document = pypdfium2.PdfDocument(data)
    try:
        loaders = [lambda index=index: document[index].render(scale=scale).to_pil() for index in scanned]
        recognised = recognise_pages(loaders, scale)
    except pypdfium2.PdfiumError as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    finally:
        document.close()
    for index, page in zip(scanned, recognised, strict=True):
        pages[index] = page.items
    return recognised_document(path.name, "pdf", pages, [line for page in recognised for line in page.lines])


@dataclass
class PageLine:
    text: str
    in_margin: bool  # in the top or bottom band of the page, where running heads live
    top: float = 0.0
    advance: float = 0.0  # the page's line advance (0 when unknown)
    blank_before: int = 0  # empty lines the page leaves between this line and the one above
    x0: float = 0.0
    x1: float = 0.0
    height: float = 0.0


@dataclass
class PageTable:
    grid: Table
    spans: list[list[bool]]  # spans[r][c]: cell (r, c) is the cell to its left, merged


PageItem = PageLine | PageTable


def _page_items(page) -> list[PageItem]:
    """The page's text lines and tables, top to bottom; table text is not repeated as lines."""
    found = [t for t in page.find_tables() if is_data_table(t.extract())]
    boxes = [t.bbox for t in found]

    def outside_tables(obj) -> bool:
        return obj.get("object_type") != "char" or not any(_inside(obj, box) for box in boxes)

    source = page.filter(outside_tables) if boxes else page
    lines = source.extract_text_lines(return_chars=False)
    boxes_of_lines = [TextBox(line["text"], line["x0"], line["top"], line["x1"], line["bottom"]) for line in lines]
    items = page_items(boxes_of_lines, float(page.height), [(t.bbox[1], table_cells(t)) for t in found])
    page.close()
    return items


@dataclass
class TextBox:
    """One line of text where it stands on its page (any unit; y grows down the page)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


def page_items(lines: list[TextBox], height: float,
               tables: Sequence[tuple[float, PageTable]] = ()) -> list[PageItem]:
    """A page's lines (top to bottom) and its tables (each with its top) as the items
    ``assemble_pages`` reads: which lines stand in the margin bands, the page's line advance
    and the empty lines between lines."""
    band = MARGIN_BAND * height
    tops = [line.top for line in lines]
    advance = line_advance(tops, [line.bottom - line.top for line in lines])
    positioned: list[tuple[float, PageItem]] = [
        (line.top, PageLine(line.text, line.top < band or line.bottom > height - band,
                            line.top, advance, blanks, line.x0, line.x1, line.bottom - line.top))
        for line, blanks in zip(lines, blank_lines(tops, advance), strict=True)
    ]
    positioned += list(tables)
    positioned.sort(key=lambda pair: pair[0])
    return [item for _, item in positioned]


def table_cells(table) -> PageTable:
    """A pdfplumber table as rows of cell texts, like the Word reader gives them.

    A merged cell's text is given at every grid place it covers (pdfplumber leaves those
    None), so a lead unit written once for several rows belongs to each; the lines a cell was
    wrapped into are joined again.
    """
    rows = table.extract()
    text_of = {bbox: rows[r][c] or "" for r, row in enumerate(table.rows)
               for c, bbox in enumerate(row.cells) if bbox is not None}
    columns = _column_spans(table)
    grid: Table = []
    spans: list[list[bool]] = []
    for row in table.rows:
        boxes = []
        for c, bbox in enumerate(row.cells):
            column = columns[c]
            if bbox is None and column is not None:
                point = ((column[0] + column[1]) / 2, (row.bbox[1] + row.bbox[3]) / 2)
                bbox = next((box for box in text_of if _contains(box, point)), None)
            boxes.append(bbox)
        grid.append([join_wrapped(text_of[box]) if box is not None else "" for box in boxes])
        spans.append([c > 0 and box is not None and box == boxes[c - 1] for c, box in enumerate(boxes)])
    return PageTable(grid, spans)


def _column_spans(table) -> list[tuple[float, float] | None]:
    """Each grid column's x-range: its narrowest real cell (merged cells are wider)."""
    width = max((len(row.cells) for row in table.rows), default=0)
    spans: list[tuple[float, float] | None] = []
    for c in range(width):
        boxes = [row.cells[c] for row in table.rows if c < len(row.cells) and row.cells[c] is not None]
        narrowest = min(boxes, key=lambda box: box[2] - box[0], default=None)
        spans.append((narrowest[0], narrowest[2]) if narrowest else None)
    return spans


def _contains(box, point) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def line_advance(tops: list[float], heights: list[float]) -> float:
    """The distance between the tops of two lines of one paragraph: the smallest step down the
    page that is at least most of a line's height (smaller steps are pieces of one row)."""
    if not heights:
        return 0.0
    least = MIN_ADVANCE_SHARE * sorted(heights)[len(heights) // 2]
    return min((b - a for a, b in pairwise(tops) if b - a >= least), default=0.0)


def blank_lines(tops: list[float], advance: float) -> list[int]:
    """How many whole empty lines fit above each line of a page: n advances leave n − 1."""
    if advance <= 0:
        return [0] * len(tops)
    return [0] + [max(0, round((b - a) / advance) - 1) for a, b in pairwise(tops)]


def _inside(obj, box) -> bool:
    x0, top, x1, bottom = box
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def assemble_pages(source_name: str, format: str, pages: list[list[PageItem]]) -> RawDocument:
    """One document from its pages' lines and tables: running heads, footers and page numbers
    dropped, wrapped lines joined, empty lines kept where the page leaves room for them.

    Readers of other laid-out formats (OFD, recognised page images) hand their pages here too,
    so that they read exactly as a PDF of the same pages does.
    """
    margins = [[i.text for i in page if isinstance(i, PageLine) and i.in_margin] for page in pages]
    running, numbers = running_lines(margins), page_number_lines(margins)
    pages = [[i for i in page if not (isinstance(i, PageLine) and i.in_margin
                                      and _is_page_furniture(i.text, index, running, numbers))]
             for index, page in enumerate(pages)]
    firsts = [_first_line(page) for page in pages]
    top_margin = min((first.top for first in firsts if first), default=0.0)
    block = _TextBlock.of(pages)
    blocks: list[str] = []
    tables: list[Table] = []
    previous: PageLine | None = None  # the line written last (None after a table)
    for page, first in zip(pages, firsts, strict=True):
        for item in page:
            if isinstance(item, PageTable):
                tables.append(item.grid)
                blocks.append(render_table(item.grid, item.spans))
                previous = None
                continue
            blanks = _blanks_at_page_top(item, top_margin) if item is first else item.blank_before
            if previous is not None and not blanks and block.wraps_into(previous, item):
                blocks[-1] += joiner(blocks[-1], item.text) + item.text
            else:
                if previous is not None:
                    blocks.extend([""] * blanks)
                blocks.append(item.text)
            previous = item
    return RawDocument(source_name, format, "\n".join(blocks), tables)


@dataclass
class _TextBlock:
    """Where the document's lines usually start and end, to tell a line that was wrapped
    (it runs to the right edge and goes on at the left edge of the next line) from one that
    ends its paragraph."""

    left: float
    right: float
    char: float  # a line's height, about one Chinese character's width

    @classmethod
    def of(cls, pages: list[list[PageItem]]) -> _TextBlock:
        body = [[i for i in page if isinstance(i, PageLine) and not i.in_margin] for page in pages]
        body = [lines for lines in body if lines]
        if not body:
            return cls(0.0, 0.0, 0.0)
        char = statistics.median(line.height for lines in body for line in lines)
        # Full lines end near the right edge, a little apart (Latin words, punctuation hanging
        # past the margin): the edge is the middle of the line ends close to the furthest one.
        ends = [line.x1 for lines in body for line in lines]
        near = [end for end in ends if end >= max(ends) - FULL_LINE_BAND_CHARS * char]
        return cls(statistics.median(min(line.x0 for line in lines) for lines in body),
                   statistics.median(near), char)

    def wraps_into(self, line: PageLine, following: PageLine) -> bool:
        """``line`` was wrapped and ``following`` goes on with it (see ``pdf_layout.should_join``)."""
        if self.char <= 0:
            return False
        room = self.right - line.x1  # left empty at the end of ``line``
        return (room < (_first_word_chars(following.text) + WRAP_SLACK_CHARS) * self.char
                and following.x0 <= self.left + INDENT_SLACK_CHARS * self.char
                and should_join(line.text, following.text))


def _first_word_chars(text: str) -> float:
    """How wide (in Chinese characters) the first unbreakable piece of ``text`` is: one hanzi or
    runs of Latin letters and digits (about half as wide each: "1000亿元" wraps as "1000"), with
    the punctuation that may not start a line carried along ("1.8%，", "路”", and a list of
    figures "49.8%、11.9%、36.4%。" that offers no place to break)."""
    width, rest = 0.0, text
    while True:
        run = LATIN_RUN.match(rest)
        if run:
            width, rest = width + HALF_WIDTH * len(run[0]), rest[len(run[0]):]
        elif not width:
            width, rest = 1.0, rest[1:]
        closers = len(rest) - len(rest.lstrip(NO_LINE_START))
        width, rest = width + closers, rest[closers:]
        if not (closers and LATIN_RUN.match(rest)):
            return max(1.0, width)


def _is_page_furniture(text: str, page_index: int, running: set[str], numbers: set[tuple[int, str]]) -> bool:
    """A running head or foot, or a page number (a lone number only when it numbers the pages)."""
    if PAGE_NUMBER.match(text):
        return (page_index, text) in numbers
    return _signature(text) in running


def _first_line(page: list[PageItem]) -> PageLine | None:
    return next((item for item in page if isinstance(item, PageLine)), None)


def _blanks_at_page_top(line: PageLine, top_margin: float) -> int:
    """Empty lines at the top of a page push its first line below the pages' usual top margin."""
    return max(0, round((line.top - top_margin) / line.advance)) if line.advance > 0 else 0


def page_number_lines(margin_lines: list[list[str]]) -> set[tuple[int, str]]:
    """(page index, line) of the margin lines that number the pages.

    A number only counts as a page number when it goes up with the pages: most numbered pages
    must show their index plus one common offset, so that a lone task or list number that a
    page break left at the bottom of a page stays in the text.
    """
    candidates = [(index, line, int(digits[0])) for index, lines in enumerate(margin_lines)
                  for line in lines if PAGE_NUMBER.match(line) and (digits := DIGITS.search(line))]
    offsets = Counter(number - index for index, _, number in candidates)
    if not offsets:
        return set()
    offset, count = offsets.most_common(1)[0]
    if count < RUNNING_SHARE * len(margin_lines):
        return set()
    return {(index, line) for index, line, number in candidates if number - index == offset}


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
