"""The round-trip contract between an exported task workbook and ``import-progress``.

Each task row carries a hidden identifier (task id + the document's content hash) and a very
hidden sheet lists every exported identifier with the task's review as it stood at export
time, plus the scope (document, unit and role) the export was made for. The importer accepts
only identifiers in that list, re-checks the scope against the database, and uses the stored
values to tell what the unit changed from what changed in the database meanwhile.

The record is signed with the exporting database's secret (``signing``), over every cell of the
record as it reads back; ``Ledger.signed_with`` tells the importer whether it may trust it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime

from gzviewer.errors import GzviewerError
from gzviewer.export.sheet_xml import add_xml_sheet, sheet_text, unescape_text
from gzviewer.export.signing import sign, verifies

LEDGER_SHEET = "导出记录"
FORMAT_MARK = "gzviewer-progress-export"
FORMAT_VERSION = 2  # 1: unsigned (before migration 0005)
UNSIGNED_VERSION = 1
HASH_PREFIX_LENGTH = 16
SCOPE_LABEL = "导出范围"

# Column headers of the task sheets; the importer finds columns by these names.
HEADER_NO = "序号"
HEADER_TEXT = "重点工作"
HEADER_LEADER = "分管领导"
HEADER_LEAD = "牵头单位"
HEADER_COOP = "配合单位"
HEADER_STATUS = "状态"
HEADER_PROGRESS = "进展情况"
HEADER_NOTE = "备注"
HEADER_ID = "任务标识"

# Review fields a unit may fill in, by the header of their column.
EDITABLE_FIELDS = {"status": HEADER_STATUS, "progress": HEADER_PROGRESS, "note": HEADER_NOTE}

LEDGER_HEADERS = ("任务标识", "任务ID", "文件ID", "文件哈希", "序号", "审阅版本", "状态", "进展情况", "备注",
                  "导出时备注栏")

REASON_NO_LEDGER = "不是由本工具导出的任务表（缺少导出记录），无法读取进展"
REASON_BAD_LEDGER = "导出记录已损坏，无法读取进展"
REASON_UNSIGNED = "导出记录没有签名（由旧版本导出或已被改动），无法读回进展，请重新导出后再填写"
_LINE_BREAKS = re.compile("\r\n?")


@dataclass(frozen=True)
class UnitScope:
    """The exported tasks had ``unit`` in ``role`` (lead | coop | all)."""

    unit: str
    role: str


@dataclass
class ExportScope:
    """What every exported task satisfied at export time (checked again on import)."""

    document_id: int | None = None
    units: list[UnitScope] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps({"document_id": self.document_id, "units": [asdict(u) for u in self.units]},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ExportScope:
        data = json.loads(text)
        return cls(document_id=data.get("document_id"),
                   units=[UnitScope(u["unit"], u["role"]) for u in data.get("units", [])])


@dataclass(frozen=True)
class LedgerEntry:
    """One exported task and its review at export time."""

    key: str
    task_id: int
    document_id: int
    content_hash: str
    no: int
    revision: int
    status: str
    progress: str
    note: str
    shown_note: str  # what the 备注 cell showed (the review note, or the task's own remark)

    def shown(self, field_name: str) -> str:
        """The value the sheet showed for a review field when it was exported."""
        return self.shown_note if field_name == "note" else getattr(self, field_name)

    def to_row(self) -> tuple:
        return (self.key, self.task_id, self.document_id, self.content_hash, self.no, self.revision,
                self.status, self.progress, self.note, self.shown_note)


@dataclass
class Ledger:
    scope: ExportScope
    entries: dict[str, LedgerEntry]
    signature: str = ""
    message: bytes = b""  # what the signature covers: every cell of the record, canonical

    def signed_with(self, secret: bytes | None) -> bool:
        """True when the record is exactly as the database holding ``secret`` exported it."""
        return bool(self.signature) and verifies(secret, self.message, self.signature)


class LedgerError(GzviewerError):
    """The workbook's export record is missing or unreadable; ``str(exc)`` is the reason."""


def task_key(task_id: int, content_hash: str) -> str:
    return f"{task_id}-{content_hash[:HASH_PREFIX_LENGTH]}"


def write_ledger(workbook, scope: ExportScope, entries: Iterable[LedgerEntry], secret: bytes) -> None:
    """Add the very hidden, signed export record (call after the visible sheets: it must not be first).

    Its text is always stored as text, never as a formula (``sheet_xml``), whatever a unit or
    note starts with.
    """
    sheet = add_xml_sheet(workbook, LEDGER_SHEET)
    sheet.sheet_state = "veryHidden"
    mark = [FORMAT_MARK, FORMAT_VERSION, datetime.now().isoformat()]
    rows = [[SCOPE_LABEL, scope.to_json()], list(LEDGER_HEADERS), *(entry.to_row() for entry in entries)]
    # Signed as the cells will read back: text as a cell holds it (see ``sheet_xml.sheet_text``).
    rows = [[sheet_text(value) if isinstance(value, str) else value for value in row] for row in rows]
    sheet.append([*mark, sign(secret, _message(mark, rows))])
    for row in rows:
        sheet.append(row)


def read_ledger(workbook) -> Ledger:
    """The export record of a workbook opened with openpyxl (not yet verified); raises LedgerError."""
    if LEDGER_SHEET not in workbook.sheetnames:
        raise LedgerError(REASON_NO_LEDGER)
    # Text as written (a literal _xHHHH_ is stored escaped, see ``sheet_xml.escape_text``).
    rows = (tuple(map(unescape_text, row)) for row in workbook[LEDGER_SHEET].iter_rows(values_only=True))
    try:
        mark = next(rows)
        if mark[0] != FORMAT_MARK:
            raise LedgerError(REASON_BAD_LEDGER)
        if mark[1] == UNSIGNED_VERSION:
            raise LedgerError(REASON_UNSIGNED)
        scope_row, headers = next(rows), next(rows)
        if mark[1] != FORMAT_VERSION or tuple(headers[: len(LEDGER_HEADERS)]) != LEDGER_HEADERS:
            raise LedgerError(REASON_BAD_LEDGER)
        scope = ExportScope.from_json(str(scope_row[1]))
        signed_rows, entries = [scope_row, headers], {}
        for row in rows:
            signed_rows.append(row)
            if not row or row[0] is None:
                continue
            entry = _entry(row)
            entries[entry.key] = entry
        signature = mark[3] if len(mark) > 3 and isinstance(mark[3], str) else ""
    except (StopIteration, IndexError, KeyError, TypeError, ValueError) as exc:
        raise LedgerError(REASON_BAD_LEDGER) from exc
    return Ledger(scope, entries, signature, _message(mark[:3], signed_rows))


def _canonical(value) -> str:
    """A cell's value as signed: the same for what was written and what openpyxl reads back
    (an empty text cell reads as None, a re-saved number may come back as a float, and a
    spreadsheet program may store a line break as CR LF)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return _LINE_BREAKS.sub("\n", value).strip()
    return str(value)


def _message(mark, rows) -> bytes:
    """The signed bytes: the format mark and every non-empty row, one JSON line each."""
    lines = []
    for row in [mark, *rows]:
        cells = [_canonical(value) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if cells:
            lines.append(json.dumps(cells, ensure_ascii=False))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def _entry(row: tuple) -> LedgerEntry:
    # Read without the sheet's declared size, a row ends at its last non-empty cell: pad it.
    row = (*row[: len(LEDGER_HEADERS)], *[None] * (len(LEDGER_HEADERS) - len(row)))
    key, task_id, document_id, content_hash, no, revision, status, progress, note, shown_note = row
    return LedgerEntry(str(key), int(task_id), int(document_id), str(content_hash), int(no), int(revision),
                       str(status or ""), str(progress or ""), str(note or ""), str(shown_note or ""))
