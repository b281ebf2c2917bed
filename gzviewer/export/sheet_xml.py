"""A streamed sheet whose rows are written as XML text, without an openpyxl cell per value.

openpyxl's write-only sheets still build a cell object per value, hash its style and send
it through lxml; for a 10,000-task workbook (task sheet plus export record) that costs
several times more than writing the same values plainly. Here a row is a list of
``(value, style id)`` pairs turned straight into ``<row>`` XML (style ids come from the
workbook's own style table, see ``register_style``). Everything else in the sheet
(properties, panes, column widths, merges, auto-filter, validations, page set-up, footer) is
still written by openpyxl from the same objects as for any write-only sheet.

Strings are always text cells (never formulas), numbers are numbers; as in openpyxl, text
longer than Excel's cell limit is cut. A character that XML 1.0 forbids (a control character
but tab/LF/CR, a lone surrogate, U+FFFE/U+FFFF) is replaced by U+FFFD instead of failing the
whole export as openpyxl would: the store no longer saves such characters, but a database
written by an older version may hold them, and the officer still needs the sheet.

Spreadsheet programs read ``_xHHHH_`` in a cell's text as the character U+HHHH (OOXML's
ST_Xstring escape), so a literal one (「_x0041_」 in a task text) is written with its underscore
escaped (``_x005F_``); openpyxl does not undo that escape, so the readers of returned sheets call
``unescape_text``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet._writer import WorksheetWriter, create_temporary_file

MAX_CELL_TEXT = 32767  # Excel's limit, applied by openpyxl too
MAX_COLUMNS = 16384
_ENTITIES = {"\r": "&#13;"}  # a bare CR would be read back as a line feed
_NEEDS_ESCAPE = re.compile("[&<>\r]")
# Characters outside XML 1.0's Char production (tab, LF and CR are allowed).
XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT_CHARACTER = "\ufffd"
# OOXML's escape of a character as _xHHHH_; a literal _x followed by 4 hex digits and _ has its
# underscore written as _x005F_.
_OOXML_LITERAL = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_OOXML_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
OOXML_UNDERSCORE = "_x005F_"
_EMPTY_SHEET_DATA = (b"<sheetData></sheetData>", b"<sheetData/>")
_LETTERS = [get_column_letter(i) for i in range(1, 703)]  # A … ZZ, enough for any table here

CellValue = str | int | float | None
StyledValue = tuple[CellValue, int | None]  # (value, style id; None for an unstyled cell)


def register_style(workbook: Workbook, style: StyleArray) -> int:
    """The id of ``style`` in the workbook's cell style table (added when new)."""
    return workbook._cell_styles.add(style)


def sheet_text(value: str) -> str:
    """``value`` as a text cell holds it: cut to Excel's limit, XML-forbidden characters replaced."""
    return XML_FORBIDDEN.sub(REPLACEMENT_CHARACTER, value[:MAX_CELL_TEXT])


def escape_text(value: str) -> str:
    """``value`` with every literal ``_xHHHH_`` escaped, so Excel and LibreOffice show it as is."""
    return _OOXML_LITERAL.sub(OOXML_UNDERSCORE, value) if "_x" in value else value


def unescape_text(value):
    """A cell's text as the spreadsheet program shows it: ``_xHHHH_`` read as U+HHHH (not a
    surrogate); other values are returned unchanged."""
    if not isinstance(value, str) or "_x" not in value:
        return value
    return _OOXML_ESCAPED.sub(_unescaped_character, value)


def _unescaped_character(match: re.Match[str]) -> str:
    code = int(match[1], 16)
    return match[0] if 0xD800 <= code <= 0xDFFF else chr(code)


def _text_xml(reference: str, style: str, value: str) -> str:
    if not value:
        return f'<c r="{reference}"{style} t="inlineStr"/>'  # what openpyxl writes for ""
    value = escape_text(sheet_text(value))
    space = ' xml:space="preserve"' if value != value.strip() else ""
    if _NEEDS_ESCAPE.search(value):
        value = escape(value, _ENTITIES)
    return f'<c r="{reference}"{style} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def _cell_xml(reference: str, value: CellValue, style_id: int | None) -> str:
    style = "" if style_id is None else f' s="{style_id}"'
    if isinstance(value, str):
        return _text_xml(reference, style, value)
    if value is None:
        return f'<c r="{reference}"{style} t="n"/>'
    if isinstance(value, bool):
        return f'<c r="{reference}"{style} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"{style} t="n"><v>{safe_string(value)}</v></c>'
    raise TypeError(f"cannot write {type(value).__name__} to a sheet")


class XmlRowSheet(WriteOnlyWorksheet):
    """A write-only sheet that takes rows of ``(value, style id)``; see the module docstring."""

    def __init__(self, parent: Workbook, title: str | None) -> None:
        super().__init__(parent, title)
        self._row_count = 0
        self._row_data = tempfile.TemporaryFile()
        self._finished = False

    @property
    def closed(self) -> bool:
        return self._finished

    def append_row(self, cells: Sequence[StyledValue], height: float | None = None) -> None:
        """Write the next row; an unstyled empty value leaves its cell out, as openpyxl does."""
        if len(cells) > MAX_COLUMNS:
            raise ValueError("too many columns")
        self._row_count += 1
        number = self._row_count
        attributes = f' ht="{safe_string(height)}" customHeight="1"' if height is not None else ""
        parts = [f'<row r="{number}"{attributes}>']
        letters = _LETTERS if len(cells) <= len(_LETTERS) else [get_column_letter(i) for i in range(1, len(cells) + 1)]
        for letter, (value, style_id) in zip(letters, cells, strict=False):
            if value is None and style_id is None:
                continue
            parts.append(_cell_xml(f"{letter}{number}", value, style_id))
        parts.append("</row>")
        self._row_data.write("".join(parts).encode("utf-8"))

    def append(self, row) -> None:
        """Plain values, unstyled (openpyxl's ``append`` for a list of values)."""
        self.append_row([(value, None) for value in row])

    def close(self) -> None:
        """Assemble the sheet part: openpyxl's head and tail around the rows written."""
        if self._finished:
            self._already_saved()
        head, tail = self._frame()
        path = create_temporary_file()
        with open(path, "wb") as out:
            out.write(head)
            self._row_data.seek(0)
            shutil.copyfileobj(self._row_data, out)
            out.write(tail)
        self._row_data.close()
        self._writer.out = path
        self._finished = True

    def _frame(self) -> tuple[bytes, bytes]:
        """Everything openpyxl writes for this sheet before and after ``<sheetData>``."""
        writer = WorksheetWriter(self, out=BytesIO())
        writer.write_top()
        xf = writer.xf.send(True)
        with xf.element("sheetData"):
            pass
        writer.xf.send(None)
        writer.write_tail()
        writer.close()
        self._writer = writer
        xml = writer.out.getvalue()
        for empty in _EMPTY_SHEET_DATA:
            head, found, tail = xml.partition(empty)
            if found:
                return head + b"<sheetData>", b"</sheetData>" + tail
        raise RuntimeError("sheetData missing from the worksheet XML")


def add_xml_sheet(workbook: Workbook, title: str) -> XmlRowSheet:
    """A new XmlRowSheet at the end of a write-only ``workbook``."""
    sheet = XmlRowSheet(parent=workbook, title=title)
    workbook._add_sheet(sheet)
    return sheet
