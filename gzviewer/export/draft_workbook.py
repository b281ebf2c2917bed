"""A drafted task table as a workbook, laid out like the other exports, for the officers to edit.

One row per candidate task: where it sits in the report (section, category), its text, the
best suggested lead unit, the other suggestions and the best suggestion's score. Texts stay
text (a task beginning with "=" is never read as a formula).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gzviewer.export.files import check_target, new_workbook, save_workbook
from gzviewer.export.ledger import HEADER_NO, HEADER_TEXT
from gzviewer.export.names import MAX_SHEET_NAME
from gzviewer.export.styles import Column
from gzviewer.export.table_sheet import TableSheet
from gzviewer.vocabulary import UNIT_SEPARATOR

if TYPE_CHECKING:
    from gzviewer.parse.drafting import DraftTask

DRAFT_SHEET = "任务草稿"
TITLE_SUFFIX = "重点工作责任分工（草稿）"
DEFAULT_TITLE = TITLE_SUFFIX
HEADER_SECTION = "所属部分"
HEADER_CATEGORY = "类别"
HEADER_SUGGESTED = "建议牵头单位"
HEADER_ALTERNATIVES = "备选单位"
HEADER_SCORE = "得分"
SCORE_DIGITS = 3

DRAFT_COLUMNS = (
    Column(HEADER_NO, 6, centered=True),
    Column(HEADER_SECTION, 20),
    Column(HEADER_CATEGORY, 18),
    Column(HEADER_TEXT, 50),
    Column(HEADER_SUGGESTED, 16),
    Column(HEADER_ALTERNATIVES, 24),
    Column(HEADER_SCORE, 8, centered=True),
)
DRAFT_HEADERS = tuple(c.header for c in DRAFT_COLUMNS)


def draft_title(report_title: str) -> str:
    """“2021年越秀区人民政府工作报告重点工作责任分工（草稿）”."""
    return f"{report_title.strip()}{TITLE_SUFFIX}" if report_title.strip() else DEFAULT_TITLE


def draft_values(draft: DraftTask) -> list:
    """The cells of one candidate task's row (empty cells as None)."""
    best = draft.suggestions[0] if draft.suggestions else None
    others = UNIT_SEPARATOR.join(s.unit for s in draft.suggestions[1:])
    values = [draft.no, draft.section, draft.category, draft.text, best.unit if best else None, others,
              round(best.score, SCORE_DIGITS) if best else None]
    return [value if value != "" else None for value in values]


def write_draft_workbook(drafts: Sequence[DraftTask], path: str | Path, *, title: str | None = None,
                         overwrite: bool = False) -> None:
    """Write ``drafts`` to ``path`` (title row, header, one row per task); raises GzviewerError on failure."""
    path = check_target(path, overwrite)
    workbook = new_workbook()
    sheet = TableSheet(workbook, DRAFT_SHEET[:MAX_SHEET_NAME], title or DEFAULT_TITLE, DRAFT_COLUMNS)
    for draft in drafts:
        sheet.add_row(draft_values(draft))
    sheet.finish()
    save_workbook(workbook, path, overwrite)
