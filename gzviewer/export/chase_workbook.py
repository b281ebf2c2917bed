"""The 催办 list of a reporting round as a workbook: the units that have not reported and their tasks.

One row per task not reported, grouped by unit (units that returned nothing first); the contact
columns are left blank for the officer to fill in before phoning round. Plain rows in, no SQL.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from gzviewer.export.files import check_target, new_workbook, save_workbook
from gzviewer.export.ledger import HEADER_NO, HEADER_TEXT
from gzviewer.export.names import MAX_SHEET_NAME
from gzviewer.export.styles import Column
from gzviewer.export.table_sheet import TableSheet

CHASE_SHEET = "催办清单"
TITLE = "{round}督办事项催办清单（截至{date}）"
HEADER_ORDER = "序"
HEADER_UNIT = "牵头单位"
HEADER_CONTACT = "联系人"
HEADER_PHONE = "联系电话"
HEADER_DUE = "完成时限"
HEADER_REASON = "催办事由"
HEADER_DONE = "催办记录"

CHASE_COLUMNS = (
    Column(HEADER_ORDER, 6, centered=True),
    Column(HEADER_UNIT, 18),
    Column(HEADER_CONTACT, 10, centered=True),
    Column(HEADER_PHONE, 14, centered=True),
    Column(HEADER_NO, 6, centered=True),
    Column(HEADER_TEXT, 48),
    Column(HEADER_DUE, 14, centered=True),
    Column(HEADER_REASON, 16),
    Column(HEADER_DONE, 16),
)


class ChaseLine(Protocol):
    unit: str
    no: int
    text: str
    due: str | None
    reason: str


def write_chase_workbook(rows: Sequence[ChaseLine], path: str | Path, *, round_name: str, as_of: str,
                         overwrite: bool = False) -> Path:
    """Write the 催办 list to ``path``; the contact and record columns stay blank."""
    target = check_target(path, overwrite)
    workbook = new_workbook()
    sheet = TableSheet(workbook, CHASE_SHEET[:MAX_SHEET_NAME], TITLE.format(round=round_name, date=as_of),
                       CHASE_COLUMNS)
    for order, row in enumerate(rows, start=1):
        sheet.add_row([order, row.unit, None, None, row.no, row.text, row.due or None, row.reason, None])
    sheet.finish()
    return save_workbook(workbook, target, overwrite)
