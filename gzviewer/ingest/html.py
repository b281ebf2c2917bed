"""Saved web pages → RawDocument: the page's main text with paragraph breaks, plus its tables.

Navigation, scripts and other page furniture are dropped by element; the textual chrome that
survives (breadcrumbs, share links, footers) is removed later by the cleaner.
"""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.dammit import EncodingDetector

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import fills_one_column, is_data_table, render_table
from gzviewer.ingest.text_decoding import NotTextError, decode_text

REASON_NOT_TEXT = "不是文本文件"
DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "form",
    "iframe", "svg", "canvas", "button", "select", "input", "textarea", "object", "embed",
    "head", "audio", "video", "map",
})
PAGE_LEVEL_TAGS = frozenset({"header", "footer"})
DROPPED_ROLES = frozenset({"navigation", "banner", "contentinfo", "search"})
# class/id tokens that mark page furniture on Chinese government sites.
DROPPED_CLASS_TOKENS = frozenset({
    "nav", "navbar", "menu", "breadcrumb", "crumb", "crumbs", "position", "footer", "share",
    "bdsharebuttonbox", "sidebar", "topbar",
})
BLOCK_TAGS = frozenset({
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section",
    "article", "main", "blockquote", "pre", "dl", "dt", "dd", "center", "address", "figure",
    "figcaption", "hr", "body", "html", "caption", "tr", "table", "tbody", "thead", "tfoot",
})
# Outside a data table a cell is a block of its own (layout tables place paragraphs in cells).
CELL_TAGS = frozenset({"td", "th"})
MAIN_CONTAINERS = ("main", "article")
MAX_SPAN = 1000
# A table whose expanded grid would exceed this many cells is read as text, not as a grid:
# a hostile page can declare huge rowspan/colspan on every cell.
MAX_TABLE_CELLS = 200_000
MAIN_MIN_CHARS = 200
CJK = r"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
# Source line breaks between two CJK characters are not spaces (CSS Text 3 segment breaks).
CJK_SEGMENT_BREAK = re.compile(rf"(?<=[{CJK}])[ \t\r\f]*\n\s*(?=[{CJK}])")
WHITESPACE_RUN = re.compile(r"[ \t\r\n\f]+")


def read_html(path: Path, data: bytes) -> RawDocument:
    declared = EncodingDetector.find_declared_encoding(data, is_html=True)
    try:
        markup = decode_text(data, declared)
    except NotTextError as exc:
        raise DocumentReadError(path, REASON_NOT_TEXT) from exc
    soup = BeautifulSoup(markup, "lxml")
    _drop_furniture(soup)
    root = _main_container(soup)
    collector = _TextCollector()
    collector.visit(root)
    return RawDocument(path.name, "html", collector.text(), collector.tables)


def _drop_furniture(soup: BeautifulSoup) -> None:
    """Remove comments and furniture top down, never visiting what is already dropped.

    (Not ``Tag.decomposed``: bs4 answers it for a live tag by searching the tag's whole subtree,
    which made this step quadratic and a deeply nested page hang.)
    """
    pending: list[Tag] = [soup]
    while pending:
        for child in list(pending.pop().children):
            if isinstance(child, Comment):
                child.extract()
            elif isinstance(child, Tag):
                if _is_furniture(child):
                    child.decompose()
                else:
                    pending.append(child)


def _is_furniture(tag: Tag) -> bool:
    if tag.name in PAGE_LEVEL_TAGS:
        # An article's own <header>/<footer> holds its title and date: keep those.
        return tag.find_parent(list(MAIN_CONTAINERS)) is None
    if tag.name in DROPPED_TAGS:
        return True
    if str(tag.get("role", "")).lower() in DROPPED_ROLES:
        return True
    tokens = {str(tag.get("id", "")).lower(), *(str(c).lower() for c in tag.get("class") or [])}
    return bool(tokens & DROPPED_CLASS_TOKENS)


def _main_container(soup: BeautifulSoup) -> Tag:
    """The largest <main>/<article> when it holds the text, else the whole body."""
    candidates = [tag for name in MAIN_CONTAINERS for tag in soup.find_all(name)]
    best = max(candidates, key=lambda t: len(t.get_text(strip=True)), default=None)
    if best is not None and len(best.get_text(strip=True)) >= MAIN_MIN_CHARS:
        return best
    return soup.body or soup


class _TextCollector:
    """Walks the tree, writing inline text into lines and tables into grids."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.tables: list[Table] = []

    def visit(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                self.current.append(str(child))
            elif isinstance(child, Tag):
                self._visit_tag(child)

    def _visit_tag(self, tag: Tag) -> None:
        if tag.name == "table" and not tag.find("table"):
            grid, mask = table_layout(tag)
            if is_data_table(grid) and not fills_one_column(grid):
                self._break()
                self.tables.append(grid)
                self.blocks.append(render_table(grid, mask))
                return
        if tag.name == "pre":
            self._break()
            self.blocks.append(tag.get_text())
            return
        block = tag.name in BLOCK_TAGS or tag.name in CELL_TAGS
        if block:
            self._break()
        self.visit(tag)
        if block:
            self._break()

    def _break(self) -> None:
        line = inline_text("".join(self.current))
        self.current = []
        if line:
            self.blocks.append(line)

    def text(self) -> str:
        self._break()
        return "\n".join(self.blocks)


def inline_text(raw: str) -> str:
    """Whitespace as a browser shows it: runs collapse to one space, none between hanzi."""
    return WHITESPACE_RUN.sub(" ", CJK_SEGMENT_BREAK.sub("", raw)).strip()


def table_layout(table: Tag) -> tuple[Table, list[list[bool]]]:
    """The table's cell texts with rowspan/colspan expanded by repeating the cell, and a mask
    that is true where a position repeats the cell to its left because of a colspan."""
    grid: dict[tuple[int, int], tuple[str, bool]] = {}
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    filled = 0
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            colspan = _span(cell, "colspan")
            rowspan = min(_span(cell, "rowspan"), len(rows) - r)  # as in browsers: clipped at the last row
            filled += rowspan * colspan
            if filled > MAX_TABLE_CELLS:
                return [], []
            text = "\n".join(_cell_lines(cell))
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, dc > 0))
            c += colspan
    if not grid:
        return [], []
    width = max(c for _, c in grid) + 1
    positions = [[grid.get((r, c), ("", False)) for c in range(width)] for r in range(len(rows))]
    return ([[text for text, _ in row] for row in positions],
            [[continued for _, continued in row] for row in positions])


def _cell_lines(cell: Tag) -> list[str]:
    collector = _TextCollector()
    collector.visit(cell)
    return [line for line in collector.text().split("\n") if line]


def _span(cell: Tag, attribute: str) -> int:
    try:
        return max(1, min(int(str(cell.get(attribute, "1")).strip() or 1), MAX_SPAN))
    except ValueError:
        return 1
