"""Table models of the links tab: uncovered report sentences, unsourced tasks, an indicator's timeline.

Each holds plain store records (``gzviewer.store.link_queries``); ``LOCATION_ROLE`` gives
``(document_id, start, end)`` of the text a row points at, or None when it has no place.
"""

from __future__ import annotations

from collections.abc import Sequence

from gzviewer.store.link_queries import TimelinePoint, UncoveredSentence, UnsourcedTask
from gzviewer.ui.models.records import RIGHT, RecordTableModel
from gzviewer.ui.models.targets import TARGET_KIND_LABELS, format_value

UNCOVERED_COLUMNS = ("所属部分", "语句")
COL_SECTION, COL_SENTENCE = range(2)
UNSOURCED_COLUMNS = ("序号", "任务")
COL_NO, COL_TASK = range(2)
TIMELINE_COLUMNS = ("年份", "文件", "类型", "指标", "数值", "单位", "限定")
COL_YEAR, COL_DOCUMENT, COL_KIND, COL_INDICATOR, COL_VALUE, COL_UNIT, COL_QUALIFIER = range(7)
NO_SECTION = "—"
NO_YEAR = "未注明"


class UncoveredSentenceModel(RecordTableModel):
    """Work-arrangement sentences of one report that no task came from."""

    columns = UNCOVERED_COLUMNS

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report_id: int | None = None

    def set_result(self, report_id: int | None, rows: Sequence[UncoveredSentence]) -> None:
        self.report_id = report_id
        self.set_rows(rows)

    def display(self, record: UncoveredSentence, column: int) -> str:
        return (record.section or NO_SECTION) if column == COL_SECTION else record.text

    def location(self, record: UncoveredSentence) -> tuple[int, int, int] | None:
        return None if self.report_id is None else (self.report_id, record.start, record.end)


class UnsourcedTaskModel(RecordTableModel):
    """Tasks of an assignment table with no source sentence in its report."""

    columns = UNSOURCED_COLUMNS
    aligned = {COL_NO: RIGHT}

    def display(self, record: UnsourcedTask, column: int) -> str:
        return str(record.no) if column == COL_NO else record.text


class TimelineModel(RecordTableModel):
    """One indicator's values across the stored documents, in time order."""

    columns = TIMELINE_COLUMNS
    aligned = {COL_VALUE: RIGHT}

    def display(self, record: TimelinePoint, column: int) -> str:
        return (record.year or NO_YEAR, record.document, TARGET_KIND_LABELS.get(record.kind, record.kind),
                record.indicator, format_value(record.value, record.value_high), record.unit or "",
                record.qualifier or "")[column]

    def tooltip(self, record: TimelinePoint, column: int) -> str:
        return record.sentence  # the sentence tells where the figure comes from, whatever the column

    def location(self, record: TimelinePoint) -> tuple[int, int, int] | None:
        if record.sentence_start < 0 or record.sentence_end <= record.sentence_start:
            return None
        return (record.document_id, record.sentence_start, record.sentence_end)
