"""Reading a task workbook that a unit filled in: its export record and the rows of its task sheets.

The file comes from outside, so it goes through the same package safety checks as an
imported document before openpyxl sees it; columns are found by their header text, so a
unit that inserts or moves a column does not break the import.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from gzviewer.control_characters import stored_text
from gzviewer.errors import DocumentReadError
from gzviewer.export.ledger import (
    EDITABLE_FIELDS,
    HEADER_ID,
    HEADER_NO,
    HEADER_TEXT,
    LEDGER_SHEET,
    Ledger,
    LedgerError,
    read_ledger,
)

MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 10
REASON_MISSING = "文件不存在"
REASON_EMPTY = "文件为空"
REASON_TOO_BIG = "文件过大（超过50MB）"
REASON_CORRUPT = "文件已损坏或不是有效的Excel文件"
REASON_NO_TASK_SHEET = "没有找到含“任务标识”列的任务表"


@dataclass
class SheetRow:
    """One task row as the unit left it: review fields as normalised text."""

    sheet: str
    row: int
    key: str  # the hidden 任务标识, "" when missing
    no: str
    text: str
    values: dict[str, str]  # field name (status/progress/note) → text; absent when the column is missing


@dataclass
class FilledWorkbook:
    ledger: Ledger
    rows: list[SheetRow]


def cell_text(value) -> str:
    """A cell value as the text the database stores (numbers without ".0", dates as ISO, line
    breaks as LF and no other control character but tab: see ``save_review``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return stored_text(str(value)).strip()


def read_filled_workbook(path: str | Path) -> FilledWorkbook:
    """The export record and task rows of ``path``; raises DocumentReadError for a bad file."""
    from gzviewer.ingest.package import UnsafePackageError, open_package

    path = Path(path)
    data = _read_bytes(path)
    try:
        open_package(data, ".xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnsafePackageError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    try:
        ledger = read_ledger(workbook)
        rows, found = [], False
        for sheet in workbook.worksheets:
            if sheet.title == LEDGER_SHEET:
                continue
            sheet_rows = _sheet_rows(sheet)
            if sheet_rows is not None:
                found = True
                rows.extend(sheet_rows)
    except LedgerError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    finally:
        workbook.close()
    if not found:
        raise DocumentReadError(path, REASON_NO_TASK_SHEET)
    return FilledWorkbook(ledger, rows)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise DocumentReadError(path, REASON_TOO_BIG)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DocumentReadError(path, REASON_MISSING) from exc
    except OSError as exc:
        raise DocumentReadError(path, exc.strerror or str(exc)) from exc
    if not data:
        raise DocumentReadError(path, REASON_EMPTY)
    return data


def _header_columns(row: tuple) -> dict[str, int] | None:
    """Column index by header text, if ``row`` is a task table header."""
    columns = {}
    for index, value in enumerate(row):
        text = cell_text(value)
        if text and text not in columns:
            columns[text] = index
    return columns if HEADER_ID in columns else None


def _find_header(rows) -> tuple[dict[str, int] | None, int]:
    """The header columns and its row number, looking only at the first rows of a sheet."""
    for row_number, row in enumerate(rows, start=1):
        columns = _header_columns(row)
        if columns is not None:
            return columns, row_number
        if row_number >= HEADER_SEARCH_ROWS:
            break
    return None, 0


def _sheet_row(sheet_title: str, row_number: int, row: tuple, columns: dict[str, int]) -> SheetRow | None:
    def value(header: str) -> str:
        index = columns.get(header)
        return cell_text(row[index]) if index is not None and index < len(row) else ""

    values = {name: value(header) for name, header in EDITABLE_FIELDS.items() if header in columns}
    key, text = value(HEADER_ID), value(HEADER_TEXT)
    if not (key or text or any(values.values())):
        return None  # blank, or a section/category row (its text stands in the first column only)
    return SheetRow(sheet_title, row_number, key, value(HEADER_NO), text, values)


def _sheet_rows(sheet) -> list[SheetRow] | None:
    """The task rows under the sheet's header, or None when the sheet has no task table."""
    rows = sheet.iter_rows(values_only=True)
    columns, header_row = _find_header(rows)
    if columns is None:
        return None
    parsed = (_sheet_row(sheet.title, number, row, columns) for number, row in enumerate(rows, start=header_row + 1))
    return [row for row in parsed if row is not None]
