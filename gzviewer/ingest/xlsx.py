"""Excel .xlsx → RawDocument: every sheet's rows as a table and as text.

openpyxl's read-only mode streams rows but does not report merged cells, so the merge
ranges are read from each sheet's XML directly and expanded by repeating the top-left value.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml.ElementTree import iterparse
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from gzviewer.errors import DocumentReadError
from gzviewer.ingest.package import OLE_MAGIC, UnsafePackageError, open_package
from gzviewer.ingest.raw import RawDocument, Table
from gzviewer.ingest.tables import render_table

REASON_CORRUPT = "文件已损坏或不是有效的Excel文件"
MERGE_CELL_TAG = "mergeCell"
DEFAULT_SHEET_NAME = re.compile(r"^(?:sheet|工作表)\s*\d*$", re.IGNORECASE)
# Guard against a sheet that declares a huge used range full of nothing.
MAX_EMPTY_ROWS_IN_A_ROW = 10_000
# Merged ranges are expanded cell by cell: bound their number and the cells they fill, so that
# thousands of overlapping merges cannot take minutes.
MAX_MERGES = 20_000
MAX_MERGED_CELLS = 2_000_000
REASON_TOO_MANY_MERGES = "合并单元格过多（超过{limit}个）"
REASON_MERGES_TOO_LARGE = "合并单元格覆盖的范围过大（约{cells:.0f}万格，上限{limit:.0f}万格）"


class TooManyMergesError(ValueError):
    """A sheet merges more cells than any task table would (see MAX_MERGES)."""


def read_xlsx(path: Path, data: bytes) -> RawDocument:
    if data.startswith(OLE_MAGIC):  # an Excel 97-2003 workbook under an .xlsx name, or an encrypted one
        from gzviewer.ingest.xls import read_xls

        try:
            return read_xls(path, data)
        except DocumentReadError:
            pass  # encrypted: the package check below says so
    try:
        archive = open_package(data, ".xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnsafePackageError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    tables: list[Table] = []
    blocks: list[str] = []
    try:
        for sheet in workbook.worksheets:
            try:
                grid, spans = _sheet_grid(sheet, archive)
            except TooManyMergesError as exc:
                raise DocumentReadError(path, str(exc)) from exc
            if not grid:
                continue
            tables.append(grid)
            blocks.extend([*sheet_heading(sheet.title), render_table(grid, spans)])
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, ParseError) as exc:  # ParseError: broken sheet XML
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    finally:
        workbook.close()
    return RawDocument(path.name, "xlsx", "\n\n".join(blocks), tables)


def sheet_heading(name: str) -> list[str]:
    """The sheet's name as a line of text, unless it is only Excel's default ("Sheet1", "工作表1"),
    which would otherwise become the document's title."""
    return [] if DEFAULT_SHEET_NAME.match(name.strip()) else [name]


def _sheet_grid(sheet, archive: zipfile.ZipFile) -> tuple[Table, list[list[bool]]]:
    sheet.reset_dimensions()  # a stale <dimension> written by some tools would cut the rows off
    return grid_with_merges(_trimmed_rows(sheet), _merged_ranges(sheet, archive))


def grid_with_merges(rows: Table, merges: list[tuple[int, int, int, int]]) -> tuple[Table, list[list[bool]]]:
    """The sheet's grid with each merged range's top-left value repeated over the range, and
    which cells continue the cell to their left. ``merges`` are (min_col, min_row, max_col,
    max_row), 1-based and inclusive, as openpyxl gives them."""
    spans = [[False] * len(row) for row in rows]
    # Merges reaching beyond the cells that hold data are formatting only: clip them.
    data_width = max((len(row) for row in rows), default=0)
    filled = sum(max(0, min(max_row, len(rows)) - min_row + 1) * max(0, min(max_col, data_width) - min_col + 1)
                 for min_col, min_row, max_col, max_row in merges)
    if filled > MAX_MERGED_CELLS:
        raise TooManyMergesError(REASON_MERGES_TOO_LARGE.format(cells=filled / 10_000, limit=MAX_MERGED_CELLS / 10_000))
    for min_col, min_row, max_col, max_row in merges:
        if min_row > len(rows) or min_col > data_width:
            continue
        top_left = _cell_at(rows, min_row - 1, min_col - 1)
        for r in range(min_row - 1, min(max_row, len(rows))):
            for c in range(min_col - 1, min(max_col, data_width)):
                _set_cell(rows, spans, r, c, top_left, continued=c > min_col - 1)
    width = max((len(row) for row in rows), default=0)
    grid = [row + [""] * (width - len(row)) for row in rows]
    masks = [mask + [False] * (width - len(mask)) for mask in spans]
    return _without_leading_blanks(grid, masks)


def _without_leading_blanks(grid: Table, masks: list[list[bool]]) -> tuple[Table, list[list[bool]]]:
    """Drop empty rows above and empty columns left of the data (sheets often start at B3)."""
    top = next((i for i, row in enumerate(grid) if any(row)), len(grid))
    grid, masks = grid[top:], masks[top:]
    left = min((next(i for i, v in enumerate(row) if v) for row in grid if any(row)), default=0)
    return [row[left:] for row in grid], [mask[left:] for mask in masks]


def _trimmed_rows(sheet) -> Table:
    return trimmed_rows(sheet.iter_rows(values_only=True))


def trimmed_rows(value_rows) -> Table:
    """Rows of cell values as strings, without trailing empty cells or trailing empty rows."""
    rows: Table = []
    empty_run = 0
    for values in value_rows:
        row = [cell_text(v) for v in values]
        while row and not row[-1]:
            row.pop()
        empty_run = 0 if row else empty_run + 1
        if empty_run > MAX_EMPTY_ROWS_IN_A_ROW:
            break
        rows.append(row)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _merged_ranges(sheet, archive: zipfile.ZipFile) -> list[tuple[int, int, int, int]]:
    part = getattr(sheet, "_worksheet_path", None)
    if not part:
        return []
    ranges = []
    with archive.open(part.lstrip("/")) as stream:
        for _, element in iterparse(stream):
            if element.tag.rsplit("}", 1)[-1] == MERGE_CELL_TAG and element.get("ref"):
                ranges.append(range_boundaries(element.get("ref")))
                if len(ranges) > MAX_MERGES:
                    raise TooManyMergesError(REASON_TOO_MANY_MERGES.format(limit=MAX_MERGES))
            element.clear()
    return ranges


def _cell_at(rows: Table, r: int, c: int) -> str:
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else ""


def _set_cell(rows: Table, spans: list[list[bool]], r: int, c: int, value: str, continued: bool) -> None:
    while len(rows[r]) <= c:
        rows[r].append("")
        spans[r].append(False)
    rows[r][c] = value
    spans[r][c] = continued


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date().isoformat()
    return str(value).strip()
