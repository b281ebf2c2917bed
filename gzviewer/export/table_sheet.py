"""One styled, streamed table sheet: title row, header row, grouping rows and data rows.

Sheets are streamed (rows go straight to a temporary file as XML, see ``sheet_xml``), so
everything that openpyxl writes around the rows — column widths, frozen panes, page
set-up — is set on the sheet object, and each row carries its own height.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet.cell_range import CellRange

from gzviewer.export.sheet_xml import CellValue, StyledValue, add_xml_sheet, register_style
from gzviewer.export.styles import (
    BODY_FONT,
    BORDER,
    CENTER_ALIGNMENT,
    GROUP_FONT,
    HEADER_ALIGNMENT,
    HEADER_FILL,
    HEADER_FONT,
    LINE_HEIGHT,
    SECTION_FILL,
    TEXT_ALIGNMENT,
    TITLE_ALIGNMENT,
    TITLE_FONT,
    TITLE_ROW_HEIGHT,
    Column,
    looks_like_formula,
    row_height,
    set_up_page,
)

TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
GROUP_SECTION = 1  # top-level grouping row (板块)
GROUP_CATEGORY = 2  # second-level grouping row (类别)


class CellStyles:
    """Style ids by style combination, registered once per sheet with the workbook."""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self._ids: dict[tuple, int] = {}

    def cell(self, value: CellValue, font=BODY_FONT, alignment=TEXT_ALIGNMENT, border=BORDER,
             fill=None) -> StyledValue:
        """A styled value; text that Excel would take for a formula is marked as plain text."""
        quoted = isinstance(value, str) and looks_like_formula(value)
        key = (id(font), id(alignment), id(border), id(fill), quoted)
        style_id = self._ids.get(key)
        if style_id is None:
            array = _style_array(self.sheet, font, alignment, border, fill, quoted)
            style_id = self._ids[key] = register_style(self.sheet.parent, array)
        return value, style_id


def _style_array(sheet, font, alignment, border, fill, quoted: bool):
    template = WriteOnlyCell(sheet)
    template.font = font
    template.alignment = alignment
    if border is not None:
        template.border = border
    if fill is not None:
        template.fill = fill
    template.quotePrefix = quoted
    return template._style


class TableSheet:
    """A write-only sheet laid out as a printable table (see the module docstring)."""

    def __init__(self, workbook: Workbook, name: str, title: str, columns: Sequence[Column]) -> None:
        self.sheet = add_xml_sheet(workbook, name)
        self.styles = CellStyles(self.sheet)
        self.columns = list(columns)
        self.title = title
        self._next_row = TITLE_ROW
        self._visible_count = sum(1 for c in self.columns if not c.hidden)
        for index, column in enumerate(self.columns, start=1):
            dimension = self.sheet.column_dimensions[get_column_letter(index)]
            dimension.width = column.width
            dimension.hidden = column.hidden
        self.sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
        set_up_page(self.sheet, f"{HEADER_ROW}:{HEADER_ROW}")
        self._write_title()
        self._write_header()

    @property
    def last_row(self) -> int:
        return self._next_row - 1

    def _span_width(self) -> float:
        return sum(c.width for c in self.columns if not c.hidden)

    def _append(self, cells: list[StyledValue], height: float) -> None:
        self.sheet.append_row(cells, height)
        self._next_row += 1

    def _merge_visible(self, row: int) -> None:
        # Each row is merged at most once, so the overlap check of MultiCellRange.add (linear
        # in the number of merges) is skipped.
        if self._visible_count > 1:
            self.sheet.merged_cells.ranges.add(CellRange(f"A{row}:{get_column_letter(self._visible_count)}{row}"))

    def _write_title(self) -> None:
        cell = self.styles.cell(self.title, TITLE_FONT, TITLE_ALIGNMENT, border=None)
        height = max(TITLE_ROW_HEIGHT, row_height([(self.title, self._span_width() / 1.5)], LINE_HEIGHT * 1.5))
        self._merge_visible(self._next_row)
        self._append([cell], height)

    def _write_header(self) -> None:
        cells = [self.styles.cell(c.header, HEADER_FONT, HEADER_ALIGNMENT, fill=HEADER_FILL)
                 for c in self.columns]
        height = row_height([(c.header, c.width) for c in self.columns if not c.hidden])
        self._append(cells, max(height, 28.0))

    def add_group(self, text: str, level: int = GROUP_SECTION) -> None:
        """A grouping row (section or category heading) merged across the visible columns."""
        fill = SECTION_FILL if level == GROUP_SECTION else None
        cells = [self.styles.cell(text, GROUP_FONT, TEXT_ALIGNMENT, fill=fill)]
        # Borders of merged cells are drawn from every cell of the range.
        cells += [self.styles.cell(None, GROUP_FONT, TEXT_ALIGNMENT, fill=fill)
                  for _ in range(1, self._visible_count)]
        self._merge_visible(self._next_row)
        self._append(cells, row_height([(text, self._span_width())]))

    def add_row(self, values: Sequence[CellValue]) -> None:
        cells = [self.styles.cell(value, alignment=CENTER_ALIGNMENT if column.centered else TEXT_ALIGNMENT)
                 for value, column in zip(values, self.columns, strict=True)]
        texts = [(str(value), column.width) for value, column in zip(values, self.columns, strict=True)
                 if value is not None and not column.hidden]
        self._append(cells, row_height(texts))

    def finish(self) -> None:
        """Turn on the auto-filter over header and data (every column, so sorting keeps rows whole)."""
        last_column = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A{HEADER_ROW}:{last_column}{max(self.last_row, HEADER_ROW)}"
