"""Word .docx → RawDocument: body paragraphs and tables in document order."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tc
from docx.table import Table as DocxTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from lxml import etree

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.bounds import check_word_body
from gzviewer.ingest.package import UnsafePackageError, open_package
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import render_table

REASON_CORRUPT = "文件已损坏或不是有效的Word文档"
TAG_P, TAG_TBL, TAG_SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
TAG_SDT_CONTENT = qn("w:sdtContent")


def read_docx(path: Path, data: bytes) -> RawDocument:
    try:
        with open_package(data, ".docx") as archive:
            check_word_body(path, archive)  # size and paragraphs before python-docx parses it all
        document = docx.Document(io.BytesIO(data))
    except UnsafePackageError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    blocks: list[str] = []
    tables: list[Table] = []
    for item in _iter_blocks(document.element.body, document):
        if isinstance(item, Paragraph):
            blocks.append(item.text)
        else:
            grid, spans = _table_grid(item)
            tables.append(grid)
            blocks.append(render_table(grid, spans))
    return RawDocument(path.name, "docx", "\n".join(blocks), tables)


def _iter_blocks(container, parent) -> Iterator[Paragraph | DocxTable]:
    """Paragraphs and tables in order, descending into content controls (w:sdt)."""
    for child in container.iterchildren():
        if child.tag == TAG_P:
            yield Paragraph(child, parent)
        elif child.tag == TAG_TBL:
            yield DocxTable(child, parent)
        elif child.tag == TAG_SDT:
            content = child.find(TAG_SDT_CONTENT)
            if content is not None:
                yield from _iter_blocks(content, parent)


def _table_grid(table: DocxTable) -> tuple[Table, list[list[bool]]]:
    """Cell texts per grid position (merged cells repeated, as python-docx's ``row.cells``
    presents them), and a mask marking positions that continue a horizontally merged cell.

    Built in one pass over the rows, remembering which cell covers each grid column: python-docx
    finds the top of a vertical merge recursively from every cell of every row, which takes
    minutes and ends in a RecursionError for a column merged down a thousand rows.
    """
    grid: Table = []
    spans: list[list[bool]] = []
    texts: dict[CT_Tc, str] = {}  # keyed by the element itself: it stays alive, so lxml keeps its proxy
    above: dict[int, CT_Tc] = {}  # grid column → the cell (w:tc) covering it in the row above
    for tr in table._tbl.tr_lst:
        offset = tr.grid_before
        row: list[str] = []
        mask: list[bool] = []
        covering: dict[int, CT_Tc] = {}
        for tc in tr.tc_lst:
            top = above.get(offset, tc) if tc.vMerge == "continue" else tc
            if top not in texts:
                texts[top] = _cell_text(_Cell(top, table))
            for position in range(top.grid_span):
                row.append(texts[top])
                mask.append(position > 0)
            for position in range(tc.grid_span):
                covering[offset + position] = top
            offset += tc.grid_span
        above = covering
        grid.append(row)
        spans.append(mask)
    return grid, spans


def _cell_text(cell: _Cell) -> str:
    """Paragraphs of a cell, one per line; a nested table is flattened into the cell."""
    parts = []
    for item in _iter_blocks(cell._tc, cell):
        if isinstance(item, Paragraph):
            parts.append(item.text)
        else:
            parts.extend(" ".join(row) for row in _table_grid(item)[0])
    return "\n".join(part for part in parts if part.strip())
