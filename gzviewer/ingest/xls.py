"""Excel 97–2003 .xls → RawDocument (xlrd), laid out like the .xlsx reader's.

Many task tables still go out as .xls. Each sheet's rows become a table (merged ranges with
their top-left value repeated, as in .xlsx) and text; dates become ISO dates.
"""

from __future__ import annotations

import struct
from pathlib import Path

import xlrd
from xlrd.biffh import XLRDError
from xlrd.compdoc import CompDocError

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import render_table
from gzviewer.ingest.xlsx import grid_with_merges, sheet_heading, trimmed_rows

REASON_CORRUPT = "文件已损坏或不是有效的Excel 97-2003（.xls）文件"
# What xlrd raises on a damaged or foreign file.
BROKEN_FILE_ERRORS = (XLRDError, CompDocError, struct.error, EOFError, UnicodeDecodeError, ValueError, TypeError,
                      IndexError, KeyError, AssertionError, OSError)


def read_xls(path: Path, data: bytes) -> RawDocument:
    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except BROKEN_FILE_ERRORS as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    tables: list[Table] = []
    blocks: list[str] = []
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            grid, spans = grid_with_merges(trimmed_rows(_values(book, sheet)), _merges(sheet))
            if grid:
                tables.append(grid)
                blocks.extend([*sheet_heading(sheet.name), render_table(grid, spans)])
    except BROKEN_FILE_ERRORS as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    finally:
        book.release_resources()
    return RawDocument(path.name, "xls", "\n\n".join(blocks), tables)


def _values(book, sheet):
    for r in range(sheet.nrows):
        yield [_value(book, cell) for cell in sheet.row(r)]


def _value(book, cell):
    if cell.ctype == xlrd.XL_CELL_DATE:
        return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    return cell.value


def _merges(sheet) -> list[tuple[int, int, int, int]]:
    """xlrd's (rlo, rhi, clo, chi), 0-based and half-open, as openpyxl's 1-based inclusive ranges."""
    return [(clo + 1, rlo + 1, chi, rhi) for rlo, rhi, clo, chi in sheet.merged_cells]
