"""Reading a task workbook that a unit filled in: its export record and the rows of its task sheets.

The file comes from outside, so it goes through the same package safety checks as an
imported document before openpyxl sees it. Columns are found by what their header means
(``column_field``: 「进展情况（截至6月底）」 is the progress column), so a unit that renames,
inserts or moves a column does not break the import, and the header may sit below rows the
unit inserted. The sheet's declared size (``<dimension>``) is ignored, since tools other than
Excel leave it stale. Cells openpyxl would read wrongly are found in the sheet's XML: a cell
merged over several rows (its value stands in the first row only) and a formula without a
cached result (it reads as empty) make their rows unreadable, with a reason, instead of
clearing what the other tasks hold. Sheets without a task table are listed, not dropped.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from xml.etree.ElementTree import ParseError

import openpyxl
from defusedxml.ElementTree import iterparse
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from gzviewer.control_characters import stored_text
from gzviewer.errors import DocumentReadError
from gzviewer.export.ledger import EDITABLE_FIELDS, LEDGER_SHEET, Ledger, LedgerError, read_ledger
from gzviewer.export.sheet_xml import unescape_text

MAX_FILE_BYTES = 50 * 1024 * 1024
HEADER_SEARCH_ROWS = 50
MAX_MERGES = 20_000  # per sheet; an exported sheet has one per section or category row
REASON_MISSING = "文件不存在"
REASON_EMPTY = "文件为空"
REASON_TOO_BIG = "文件过大（超过50MB）"
REASON_CORRUPT = "文件已损坏或不是有效的Excel文件"
REASON_NO_TASK_SHEET = "没有找到任务表（需有“序号”列和“状态”“进展情况”“备注”中的一列）"
REASON_TOO_MANY_MERGES = "工作表“{sheet}”中合并单元格过多（超过{limit}个）"
SKIP_NO_HEADER = (f"前{HEADER_SEARCH_ROWS}行中没有找到任务表表头"
                  "（需有“序号”列和“状态”“进展情况”“备注”中的一列），未读取")
SKIP_SUMMARY = "汇总表，不含任务"
ROW_MERGED = "单元格{ref}是跨多行的合并单元格，无法确定填写的内容属于哪项任务，请取消合并后分别填写"
ROW_FORMULA = "单元格{ref}是公式且没有计算结果，请填写文字，或在 Excel 中打开并保存后再导入"

# What a header means, tried in order on its text without spaces and bracketed additions
# (「进展情况（截至6月底）」 → 进展情况). Names: the review fields of EDITABLE_FIELDS, plus
# "key" (the hidden 任务标识), "no" and "text".
HEADER_MEANINGS = (
    ("key", re.compile(r"任务标识")),
    ("status", re.compile(r"状态$")),
    ("progress", re.compile(r"进展|进度|完成情况|推进情况|落实情况|工作情况")),
    ("note", re.compile(r"^(?:备注|说明)")),
    ("no", re.compile(r"^(?:序号|编号|序|任务序号|任务编号|NO\.?)$", re.IGNORECASE)),
    ("text", re.compile(r"重点工作|工作任务|任务内容|工作内容|重点任务|主要任务|^任务$")),
)
SUMMARY_HEADERS = ("任务数", "完成率")
_BRACKETED = re.compile(r"[（(【\[［〔＜《][^）)】\]］〕＞》]*[）)】\]］〕＞》]?")
_NOT_PART_OF_NAME = re.compile(r"[\s:：*＊]")
# Decimal places of a percentage format (「0%」, 「0.0%」, 「#,##0.00%」).
_PERCENT_DECIMALS = re.compile(r"\.(0+)%")


@dataclass
class SheetRow:
    """One task row as the unit left it: review fields as normalised text."""

    sheet: str
    row: int
    key: str  # the hidden 任务标识, "" when missing
    no: str
    text: str
    values: dict[str, str]  # field name (status/progress/note) → text; absent when the column is missing
    problem: str = ""  # why the row cannot be read (a merged or formula cell); "" when it can
    keyed: bool = True  # False: the sheet has no 任务标识 column (the unit deleted it)


@dataclass
class SkippedSheet:
    """A sheet that was not read, and why (``expected``: there was nothing to read, e.g. 汇总)."""

    sheet: str
    reason: str
    expected: bool = False


@dataclass
class FilledWorkbook:
    ledger: Ledger
    rows: list[SheetRow]
    skipped: list[SkippedSheet] = field(default_factory=list)


def cell_text(value) -> str:
    """A cell value as the text the database stores (numbers without ".0", dates as ISO, line
    breaks as LF and no other control character but tab: see ``save_review``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        # A date typed into a cell reads back as midnight of that day: keep the date the officer saw.
        return value.date().isoformat() if value.time() == dt.time() else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return stored_text(str(value)).strip()


def shown_value(cell):
    """A cell's value as the spreadsheet program showed it: a number formatted as a percentage
    as that percentage (0.5 → 「50%」), a literal ``_xHHHH_`` as written; others unchanged."""
    value = cell.value
    if isinstance(value, str):
        return unescape_text(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in (cell.number_format or ""):
        decimals = _PERCENT_DECIMALS.search(cell.number_format)
        places = Decimal(1).scaleb(-len(decimals[1])) if decimals else Decimal(1)
        percent = (Decimal(repr(value)) * 100).quantize(places, rounding=ROUND_HALF_UP)
        return f"{percent}%"
    return value


def read_filled_workbook(path: str | Path) -> FilledWorkbook:
    """The export record and task rows of ``path``; raises DocumentReadError for a bad file."""
    from gzviewer.ingest.package import UnsafePackageError, open_package

    path = Path(path)
    data = _read_bytes(path)
    try:
        archive = open_package(data, ".xlsx")
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except UnsafePackageError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError, OSError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    try:
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # a stale <dimension> (written by some tools) would cut rows off
        ledger = read_ledger(workbook)
        rows: list[SheetRow] = []
        skipped: list[SkippedSheet] = []
        for sheet in workbook.worksheets:
            if sheet.title == LEDGER_SHEET:
                continue
            sheet_rows = _sheet_rows(sheet, _cell_problems(sheet, archive, path))
            if isinstance(sheet_rows, SkippedSheet):
                skipped.append(sheet_rows)
            else:
                rows.extend(sheet_rows)
    except LedgerError as exc:
        raise DocumentReadError(path, str(exc)) from exc
    except (KeyError, ValueError, TypeError, zipfile.BadZipFile, ParseError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    finally:
        workbook.close()
    if len(skipped) == len(workbook.worksheets) - 1:
        raise DocumentReadError(path, REASON_NO_TASK_SHEET)
    return FilledWorkbook(ledger, rows, skipped)


def _read_bytes(path: Path) -> bytes:
    try:
        if not path.is_file() and path.exists():
            raise DocumentReadError(path, "不是普通文件")
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


def column_field(header) -> str | None:
    """The field a column holds, judged from its header text; None for other columns."""
    text = _NOT_PART_OF_NAME.sub("", _BRACKETED.sub("", cell_text(header)))
    if not text:
        return None
    return next((name for name, pattern in HEADER_MEANINGS if pattern.search(text)), None)


def _header_columns(row: tuple) -> dict[str, int] | None:
    """Column index by field, if ``row`` is a task table header: one with the hidden 任务标识, or
    with 序号 and at least one review column (the first column of each meaning counts)."""
    columns: dict[str, int] = {}
    for index, value in enumerate(row):
        name = column_field(value)
        if name and name not in columns:
            columns[name] = index
    if "key" in columns or ("no" in columns and any(name in columns for name in EDITABLE_FIELDS)):
        return columns
    return None


def _find_header(rows) -> tuple[dict[str, int] | None, int, bool]:
    """The header's columns and row number, looking only at the first rows of a sheet; and
    whether those rows look like the export's summary sheet."""
    summary = False
    for row_number, row in enumerate(rows, start=1):
        columns = _header_columns(row)
        if columns is not None:
            return columns, row_number, False
        texts = {cell_text(value) for value in row}
        summary = summary or all(header in texts for header in SUMMARY_HEADERS)
        if row_number >= HEADER_SEARCH_ROWS:
            break
    return None, 0, summary


class CellProblems:
    """Cells of one sheet that cannot be read: covered by a merge spanning several rows, or a
    formula without a cached value."""

    def __init__(self) -> None:
        self.merges: list[tuple[int, int, int, int, str]] = []  # min_row, max_row, min_col, max_col (0-based), ref
        self.formulas: dict[tuple[int, int], str] = {}  # (row, column 0-based) → ref
        self._by_column: dict[int, tuple[list[int], list[tuple[int, str]]]] = {}

    def add_merge(self, ref: str) -> None:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row > min_row:  # within one row: a title or group row, or cells of one task
            self.merges.append((min_row, max_row, min_col - 1, max_col - 1, ref))

    def add_formula(self, ref: str) -> None:
        min_col, min_row, _, _ = range_boundaries(ref)
        self.formulas[(min_row, min_col - 1)] = ref

    def index(self, columns: list[int]) -> None:
        """Prepare lookups for the columns that matter (known once the header is found): per
        column the merges' first rows in order, and the furthest-reaching merge up to each."""
        for column in columns:
            spans = sorted((m[0], m[1], m[4]) for m in self.merges if m[2] <= column <= m[3])
            furthest: list[tuple[int, str]] = []
            for _start, end, ref in spans:
                furthest.append((end, ref) if not furthest or end > furthest[-1][0] else furthest[-1])
            self._by_column[column] = ([span[0] for span in spans], furthest)

    def reason(self, row: int, columns: list[int]) -> str:
        """Why ``row`` cannot be read in one of ``columns``; "" when it can."""
        for column in columns:
            ref = self.formulas.get((row, column))
            if ref:
                return ROW_FORMULA.format(ref=ref)
            starts, furthest = self._by_column.get(column, ([], []))
            position = bisect_right(starts, row) - 1
            if position >= 0 and furthest[position][0] >= row:
                return ROW_MERGED.format(ref=furthest[position][1])
        return ""


def _checked_columns(columns: dict[str, int]) -> list[int]:
    return [columns[name] for name in ("key", *EDITABLE_FIELDS) if name in columns]


def _sheet_row(sheet_title: str, row_number: int, row: tuple, columns: dict[str, int],
               problems: CellProblems) -> SheetRow | None:
    def value(name: str) -> str:
        index = columns.get(name)
        return cell_text(row[index]) if index is not None and index < len(row) else ""

    values = {name: value(name) for name in EDITABLE_FIELDS if name in columns}
    key, no, text = value("key"), value("no"), value("text")
    if not (key or text or any(values.values())):
        return None  # blank, or a section/category row (its text stands in the first column only)
    problem = problems.reason(row_number, _checked_columns(columns))
    return SheetRow(sheet_title, row_number, key, no, text, values, problem, "key" in columns)


def _sheet_rows(sheet, problems: CellProblems) -> list[SheetRow] | SkippedSheet:
    """The task rows under the sheet's header, or why the sheet has none."""
    rows = (tuple(map(shown_value, cells)) for cells in sheet.iter_rows())
    columns, header_row, summary = _find_header(rows)
    if columns is None:
        return SkippedSheet(sheet.title, SKIP_SUMMARY if summary else SKIP_NO_HEADER, expected=summary)
    problems.index(_checked_columns(columns))
    parsed = (_sheet_row(sheet.title, number, row, columns, problems)
              for number, row in enumerate(rows, start=header_row + 1))
    return [row for row in parsed if row is not None]


def _cell_problems(sheet, archive: zipfile.ZipFile, path: Path) -> CellProblems:
    """The merged and formula cells of ``sheet``, read from its XML (openpyxl's read-only mode
    reports neither)."""
    problems = CellProblems()
    part = getattr(sheet, "_worksheet_path", None)
    if not part:
        return problems
    with archive.open(part.lstrip("/")) as stream:
        for _, element in iterparse(stream):
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "mergeCell" and element.get("ref"):
                problems.add_merge(element.get("ref"))
                if len(problems.merges) > MAX_MERGES:
                    raise DocumentReadError(path, REASON_TOO_MANY_MERGES.format(sheet=sheet.title, limit=MAX_MERGES))
            elif tag == "c":
                if element.get("r") and _formula_without_value(element):
                    problems.add_formula(element.get("r"))
                element.clear()
            elif tag == "row":
                element.clear()
    return problems


def _formula_without_value(cell) -> bool:
    children = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
    value = children.get("v")
    return "f" in children and (value is None or not value.text)
