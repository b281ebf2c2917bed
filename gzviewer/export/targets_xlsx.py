"""The targets table as a workbook: every figure with where it comes from (document, section, sentence)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from gzviewer.errors import GzviewerError
from gzviewer.export.files import ExportResult, check_target, new_workbook, save_workbook
from gzviewer.export.ledger import HEADER_NO
from gzviewer.export.names import MAX_SHEET_NAME
from gzviewer.export.styles import Column
from gzviewer.export.table_sheet import GROUP_SECTION, TableSheet
from gzviewer.export.titles import targets_title
from gzviewer.store.queries import TargetFilter, TargetRow, fetch_targets
from gzviewer.vocabulary import METRIC_LABELS, TARGET_KIND_LABELS, format_value, qualifier_label

TARGETS_SHEET = "量化指标"
REASON_NOTHING = "没有符合条件的指标，未生成文件"

TARGET_COLUMNS = (
    Column(HEADER_NO, 6, centered=True),
    Column("指标", 22),
    Column("类型", 6, centered=True),
    Column("口径", 8, centered=True),
    Column("数值", 10, centered=True),
    Column("单位", 8, centered=True),
    Column("限定", 8, centered=True),
    Column("年份", 8, centered=True),
    Column("原文片段", 26),
    Column("来源文件", 20),
    Column("所在章节", 18),
    Column("原句", 48),
)


def export_targets(session: Session, target_filter: TargetFilter, path: str | Path, *,
                   title: str | None = None, overwrite: bool = False) -> ExportResult:
    """Write the targets ``target_filter`` selects to ``path``; raises GzviewerError when there are none."""
    check_target(path, overwrite)
    rows = fetch_targets(session, target_filter)
    if not rows:
        raise GzviewerError(REASON_NOTHING)
    titles = list(dict.fromkeys(r.document_title for r in rows))
    workbook = new_workbook()
    sheet = TableSheet(workbook, TARGETS_SHEET[:MAX_SHEET_NAME],
                       title or targets_title(titles, target_filter.kind, target_filter.text), TARGET_COLUMNS)
    several_documents = len(titles) > 1
    document_id = None
    for index, row in enumerate(rows, start=1):
        if several_documents and row.document_id != document_id:
            sheet.add_group(row.document_title, GROUP_SECTION)
        document_id = row.document_id
        sheet.add_row(_target_values(index, row))
    sheet.finish()
    return ExportResult(save_workbook(workbook, path, overwrite), len(rows), [sheet.sheet.title])


def format_number(value: float | None, value_high: float | None) -> float | str | None:
    """A single figure stays a number (sortable in Excel); a range is text as everywhere (“3～5”)."""
    if value is None:
        return None
    if value_high is None:
        return int(value) if float(value).is_integer() else value
    return format_value(value, value_high)


def _qualifier(row: TargetRow) -> str | None:
    return qualifier_label(row.qualifier, row.qualifier_class, row.hedge) or None


def _target_values(index: int, row: TargetRow) -> list:
    values = [index, row.indicator, TARGET_KIND_LABELS.get(row.kind, row.kind), METRIC_LABELS.get(row.metric, row.metric),
              format_number(row.value, row.value_high), row.unit, _qualifier(row), row.year, row.span,
              row.document_title, row.section, row.sentence]
    return [value if value != "" else None for value in values]
