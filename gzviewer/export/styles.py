"""Fonts, borders, page set-up and size estimates shared by every exported workbook.

Fonts are the ones every Chinese Windows/WPS installation has (宋体, 黑体), so a workbook
opened on any office computer prints as designed.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

BODY_FONT_NAME = "宋体"
TITLE_FONT_NAME = "黑体"
HEADER_FONT_NAME = "黑体"
BODY_FONT_SIZE = 11
TITLE_FONT_SIZE = 16
HEADER_FONT_SIZE = 11
FOOTER_TEXT = "第 &P 页 共 &N 页"

TITLE_FONT = Font(name=TITLE_FONT_NAME, size=TITLE_FONT_SIZE)
HEADER_FONT = Font(name=HEADER_FONT_NAME, size=HEADER_FONT_SIZE, bold=True)
BODY_FONT = Font(name=BODY_FONT_NAME, size=BODY_FONT_SIZE)
GROUP_FONT = Font(name=BODY_FONT_NAME, size=BODY_FONT_SIZE, bold=True)

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
SECTION_FILL = PatternFill("solid", fgColor="EDEDED")

TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
TEXT_ALIGNMENT = Alignment(horizontal="left", vertical="center", wrap_text=True)
CENTER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Row heights in points. A line of 11-point 宋体 needs about 14.3 pt; a little more keeps
# descenders clear when another CJK font (WPS, LibreOffice) stands in.
LINE_HEIGHT = 15.0
ROW_PADDING = 4.0
TITLE_ROW_HEIGHT = 36.0
MIN_ROW_HEIGHT = 20.0
MAX_ROW_HEIGHT = 409.0  # Excel's limit
# A column's width is counted in widths of the digit "0"; a CJK character is about two of
# them. Part of the width goes to the cell's inner margins.
WIDE_CHAR_UNITS = 2.0
NARROW_CHAR_UNITS = 1.0
CELL_MARGIN_UNITS = 1.5

# Characters that make Excel read a typed value as a formula (and tab/CR, which some
# spreadsheet programs strip before looking).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

PAGE_MARGINS_INCHES = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}


@dataclass(frozen=True)
class Column:
    """One column of an exported table: its header, width (in "0" widths) and alignment."""

    header: str
    width: float
    centered: bool = False
    hidden: bool = False


class _CharacterWidths(dict):
    """Width of every character met so far: looking up ``east_asian_width`` for each
    character of every cell was the largest cost of row heights."""

    def __missing__(self, char: str) -> float:
        width = self[char] = WIDE_CHAR_UNITS if unicodedata.east_asian_width(char) in "WF" else NARROW_CHAR_UNITS
        return width


_CHARACTER_WIDTHS = _CharacterWidths()


def display_width(text: str) -> float:
    """Width of ``text`` in "0" units: CJK and full-width characters count about two."""
    return sum(map(_CHARACTER_WIDTHS.__getitem__, text))


def line_count(text: str, column_width: float) -> int:
    """Lines that wrapped ``text`` takes in a column ``column_width`` units wide."""
    usable = max(column_width - CELL_MARGIN_UNITS, 1.0)
    return sum(max(1, math.ceil(display_width(part) / usable)) for part in text.split("\n"))


def row_height(texts: list[tuple[str, float]], line_height: float = LINE_HEIGHT) -> float:
    """A row height (points) that shows every (text, column width) pair without cutting it."""
    lines = max((line_count(text, width) for text, width in texts if text), default=1)
    return min(MAX_ROW_HEIGHT, max(MIN_ROW_HEIGHT, lines * line_height + ROW_PADDING))


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def set_up_page(sheet, title_rows: str) -> None:
    """A4 landscape, one page wide, header rows on every page, page numbers in the footer."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    for side, inches in PAGE_MARGINS_INCHES.items():
        setattr(sheet.page_margins, side, inches)
    sheet.print_title_rows = title_rows
    sheet.oddFooter.center.text = FOOTER_TEXT
    sheet.oddFooter.center.font = BODY_FONT_NAME
    sheet.oddFooter.center.size = 10
