"""Drafting an assignment table for a stored report: what ``gzviewer draft`` and the GUI both run.

The report's stored sentences and outline are cut into candidate tasks (``parse.drafting``),
and every other stored assignment table is the suggester's history, so a report never
learns from a table made from itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from gzviewer.errors import NotFoundError
from gzviewer.store.link_queries import load_report, stored_tasks
from gzviewer.store.models import Document

if TYPE_CHECKING:
    from gzviewer.parse.drafting import DraftTask

# The drafter and suggester (rapidfuzz, jieba) are imported when a draft is made, not with this
# module: the GUI loads it at start-up to know which documents can be drafted.

# Documents a task table can be drafted from: reports and plans, not the tables themselves.
DRAFTABLE_KINDS = ("work_report", "plan_report", "five_year_plan")
MISSING_DOCUMENT = "找不到编号为 {id} 的文件（可能已被删除）"


def draft_for_document(session: Session, document_id: int,
                       progress: Callable[[int, int, str], None] | None = None) -> list[DraftTask]:
    """Candidate tasks of the stored document ``document_id`` with suggested lead units.

    ``progress(done, total, text)`` reports each task as it is ranked. Raises NotFoundError
    when the document is missing or has no sentences.
    """
    from gzviewer.parse.drafting import draft_tasks
    from gzviewer.parse.unit_suggest import LeadUnitSuggester

    document = session.get(Document, document_id)
    if document is None:  # removed since the caller listed it; an id is never read as a title fragment
        raise NotFoundError(MISSING_DOCUMENT.format(id=document_id))
    report = load_report(session, document)
    history = stored_tasks(session, exclude_document_id=document.id)
    return draft_tasks(report.sentences, report.outline, report.text_length,
                       LeadUnitSuggester(examples=history), progress=progress)
