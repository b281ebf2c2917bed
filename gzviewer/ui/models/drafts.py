"""A drafted task table (candidate tasks with suggested lead units) as a read-only Qt table."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gzviewer.ui.models.records import CENTRE, RecordTableModel
from gzviewer.vocabulary import UNIT_SEPARATOR

if TYPE_CHECKING:  # the drafter (rapidfuzz, jieba) is loaded by the drafting job, not with the window
    from gzviewer.parse.drafting import DraftTask

COLUMNS = ("序号", "所属部分", "类别", "重点工作", "建议牵头单位", "备选单位", "得分")
COL_NO, COL_SECTION, COL_CATEGORY, COL_TEXT, COL_SUGGESTED, COL_ALTERNATIVES, COL_SCORE = range(len(COLUMNS))
NO_SUGGESTION = "（无建议）"
REASON_SEPARATOR = "；"
SCORE_FORMAT = "{:.2f}"
HEADER_TOOLTIPS = {
    COL_SUGGESTED: "按职能关键词、文中提到的单位和已有分工表推荐的首选牵头单位",
    COL_SCORE: "首选单位的推荐得分，越高越有把握",
}
SUGGESTION_TOOLTIP = "<b>{unit}</b>（得分 {score}）<br>{reasons}"
TEXT_TOOLTIP = "<qt>{text}</qt>"


def suggestion_tooltip(draft: DraftTask) -> str | None:
    """Each suggested unit with its score and the evidence for it, one per line."""
    if not draft.suggestions:
        return None
    lines = [SUGGESTION_TOOLTIP.format(unit=html.escape(s.unit), score=SCORE_FORMAT.format(s.score),
                                       reasons=html.escape(REASON_SEPARATOR.join(s.reasons)))
             for s in draft.suggestions]
    return "<qt>" + "<br><br>".join(lines) + "</qt>"


class DraftTableModel(RecordTableModel):
    """One row per candidate task; ``LOCATION_ROLE`` is its sentence in the report."""

    columns = COLUMNS
    header_tooltips = HEADER_TOOLTIPS
    aligned = {COL_NO: CENTRE, COL_SCORE: CENTRE}

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._document_id: int | None = None

    def set_drafts(self, document_id: int | None, drafts: Sequence[DraftTask]) -> None:
        self._document_id = document_id
        self.set_rows(drafts)

    @property
    def document_id(self) -> int | None:
        return self._document_id

    @property
    def drafts(self) -> list[DraftTask]:
        return list(self._rows)

    def draft_at(self, row: int) -> DraftTask:
        return self._rows[row]

    def display(self, draft: DraftTask, column: int) -> str:
        if column == COL_NO:
            return str(draft.no)
        if column == COL_SECTION:
            return draft.section or ""
        if column == COL_CATEGORY:
            return draft.category or ""
        if column == COL_TEXT:
            return draft.text
        if column == COL_SUGGESTED:
            return draft.suggestions[0].unit if draft.suggestions else NO_SUGGESTION
        if column == COL_ALTERNATIVES:
            return UNIT_SEPARATOR.join(s.unit for s in draft.suggestions[1:])
        return SCORE_FORMAT.format(draft.suggestions[0].score) if draft.suggestions else ""

    def sort_value(self, draft: DraftTask, column: int):
        if column == COL_NO:
            return draft.no
        if column == COL_SCORE:
            return draft.suggestions[0].score if draft.suggestions else -1.0
        return self.display(draft, column)

    def tooltip(self, draft: DraftTask, column: int) -> str | None:
        if column in (COL_SUGGESTED, COL_ALTERNATIVES, COL_SCORE):
            return suggestion_tooltip(draft)
        text = self.display(draft, column)
        return TEXT_TOOLTIP.format(text=html.escape(text)) if text and column != COL_NO else None

    def location(self, draft: DraftTask) -> tuple[int, int, int] | None:
        if self._document_id is None or draft.start is None or draft.end is None:
            return None
        return (self._document_id, draft.start, draft.end)
