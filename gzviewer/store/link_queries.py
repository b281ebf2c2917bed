"""Queries behind the cross-document commands: stored reports and tables as parse records.

The linking, coverage, drafting and suggestion code works on plain records
(``SentenceRecord``, ``HeadingRecord``, ``TaskRecord``); these functions rebuild them from
the store, and collect an indicator's values across documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer

from gzviewer.errors import NotFoundError
from gzviewer.parse.places import display_title
from gzviewer.parse.records import KIND_TASK_ASSIGNMENT, HeadingRecord, SentenceRecord, TaskRecord
from gzviewer.store.models import Document, Heading, Sentence, Target, Task, TaskUnit, Unit
from gzviewer.store.queries import ROLE_COOP, ROLE_LEAD

# Five-year plans named by ordinal, placed at their first year when timelines are sorted.
FIVE_YEAR_PLAN_START = {"十四五": 2021, "十五五": 2026, "十六五": 2031}
_YEAR = re.compile(r"\d{4}")


@dataclass
class StoredReport:
    """A stored document's text structure, as the parsers produced it."""

    document_id: int
    title: str
    text_length: int
    sentences: list[SentenceRecord] = field(default_factory=list)
    outline: list[HeadingRecord] = field(default_factory=list)


def load_report(session: Session, document: Document) -> StoredReport:
    """Sentences and outline of ``document``; a document without sentences is an error."""
    headings = list(session.scalars(select(Heading).where(Heading.document_id == document.id)
                                    .order_by(Heading.position)))
    position_of = {h.id: i for i, h in enumerate(headings)}
    labels = {h.id: h.label for h in headings}
    outline = [HeadingRecord(h.level, h.label, h.title, h.start, h.line,
                             parent_label=labels.get(h.parent_id) if h.parent_id is not None else None)
               for h in headings]
    sentences = [
        SentenceRecord(s.start, s.end, s.text, s.paragraph,
                       position_of.get(s.heading_id) if s.heading_id is not None else None)
        for s in session.scalars(select(Sentence).where(Sentence.document_id == document.id)
                                 .order_by(Sentence.position))
    ]
    if not sentences:
        raise NotFoundError(f"文件“{document.title}”没有可用的正文句子")
    return StoredReport(document.id, document.title, len(document.text), sentences, outline)


def _unit_lists(session: Session, task_ids: list[int]) -> dict[int, dict[str, list[str]]]:
    units: dict[int, dict[str, list[str]]] = {i: {ROLE_LEAD: [], ROLE_COOP: []} for i in task_ids}
    rows = session.execute(
        select(TaskUnit.task_id, TaskUnit.role, Unit.name).join(Unit, Unit.id == TaskUnit.unit_id)
        .where(TaskUnit.task_id.in_(task_ids)).order_by(TaskUnit.task_id, TaskUnit.order)
    )
    for task_id, role, name in rows:
        units[task_id].setdefault(role, []).append(name)
    return units


def _task_records(session: Session, tasks: list[Task]) -> list[TaskRecord]:
    units = _unit_lists(session, [t.id for t in tasks]) if tasks else {}
    return [TaskRecord(t.no, t.section, t.category, t.text, t.leader, units[t.id][ROLE_LEAD],
                       units[t.id][ROLE_COOP], t.deadline, t.remark, t.start) for t in tasks]


def _linked_tasks(document_id: int):
    """The tasks of an assignment table that linking aligns: in force and in the notice, in order
    (a task that left the notice, or was deleted by hand, keeps no sources)."""
    return (select(Task).where(Task.document_id == document_id, Task.deleted.is_(False), Task.in_notice.is_(True))
            .order_by(Task.position, Task.id))


def load_tasks(session: Session, document: Document) -> list[TaskRecord]:
    """The tasks of one assignment table, in table order; a document without tasks is an error."""
    tasks = list(session.scalars(_linked_tasks(document.id)))
    if not tasks:
        raise NotFoundError(f"文件“{document.title}”没有责任分工任务")
    return _task_records(session, tasks)


def stored_tasks(session: Session, exclude_document_id: int | None = None) -> list[TaskRecord]:
    """Every stored task with a lead unit (optionally leaving one document out): the suggester's history."""
    stmt = select(Task).where(Task.lead_names != "", Task.deleted.is_(False)).order_by(Task.document_id,
                                                                                      Task.position)
    if exclude_document_id is not None:
        stmt = stmt.where(Task.document_id != exclude_document_id)
    return _task_records(session, list(session.scalars(stmt)))


@dataclass
class TimelinePoint:
    """One value of an indicator in one document."""

    document_id: int
    document: str
    document_year: int | None
    year: str | None
    kind: str
    indicator: str
    metric: str
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None
    sentence: str
    # The target's sentence in its document (the figure itself when the sentence is not stored);
    # -1 when the target has no offsets.
    sentence_start: int = -1
    sentence_end: int = -1

    def sort_key(self) -> tuple:
        year = FIVE_YEAR_PLAN_START.get(self.year or "")
        if year is None and self.year and _YEAR.fullmatch(self.year):
            year = int(self.year)
        return (year if year is not None else (self.document_year or 0), self.document_year or 0,
                self.kind != "achievement", self.document_id)

    def to_json(self) -> dict:
        return dict(vars(self))


def indicator_timeline(session: Session, name: str) -> list[TimelinePoint]:
    """Every stored value of the indicator ``name`` (targets and results), oldest first."""
    rows = session.execute(
        select(Target.document_id, Document.title, Document.year.label("document_year"), Target.year, Target.kind, Target.indicator,
               Target.metric, Target.value, Target.value_high, Target.unit, Target.qualifier,
               Target.sentence_text, func.coalesce(Sentence.start, Target.start),
               func.coalesce(Sentence.end, Target.end))
        .join(Document, Document.id == Target.document_id)
        .outerjoin(Sentence, Sentence.id == Target.sentence_id)
        .order_by(Target.document_id, Target.position)
    )
    from gzviewer.parse.linking import same_indicator  # rapidfuzz: kept off the start-up path

    points = [TimelinePoint(*tuple(row)) for row in rows if same_indicator(name, row.indicator)]
    return sorted(points, key=TimelinePoint.sort_key)


def indicator_names(session: Session) -> list[str]:
    """The distinct indicator names of the stored targets, most frequent first (then by name)."""
    count = func.count(Target.id)
    return list(session.scalars(select(Target.indicator).where(Target.indicator != "")
                                .group_by(Target.indicator).order_by(count.desc(), Target.indicator)))


# --- stored links (task → report sentences) --------------------------------------------------------

REPORT_KINDS = ("work_report", "plan_report")
ASSIGNMENT_KIND = KIND_TASK_ASSIGNMENT


@dataclass
class SourceSentence:
    document_id: int
    sentence_id: int
    start: int
    end: int
    text: str
    score: float


# Choosing a report reads a few columns of each document, not its whole text (the library refreshes
# the links tab's pairs on the GUI thread after every import); the text loads if it is used.
_WITHOUT_TEXT = defer(Document.text)


def find_source_report(session: Session, assignment: Document) -> Document | None:
    """The stored report an assignment table was made from.

    A notice names its report in the title ("印发2021年市政府工作报告部署工作责任分工"): the report is
    a work or plan report of the year named there (else the notice's year), at the same level.
    """
    years = [int(y) for y in _YEAR.findall(assignment.title)] or ([assignment.year] if assignment.year else [])
    candidates = list(session.scalars(
        select(Document).options(_WITHOUT_TEXT)
        .where(Document.kind.in_(REPORT_KINDS), Document.id != assignment.id)
        .order_by(Document.id.desc())))
    for document in candidates:
        if document.year in years and (assignment.level is None or document.level in (None, assignment.level)):
            return document
    return None


def save_task_sources(session: Session, assignment_id: int, report_id: int, alignments) -> None:
    """Replace the stored sources of ``assignment_id``'s tasks with ``alignments``."""
    from sqlalchemy import delete, insert

    from gzviewer.store.models import TaskSource

    # Alignments come one per task of ``load_tasks``, in its order (numbers need not be unique).
    ordered = list(session.scalars(_linked_tasks(assignment_id).with_only_columns(Task.id)))
    sentence_ids = list(session.scalars(select(Sentence.id).where(Sentence.document_id == report_id)
                                        .order_by(Sentence.position)))
    session.execute(delete(TaskSource).where(TaskSource.task_id.in_(
        select(Task.id).where(Task.document_id == assignment_id).scalar_subquery())))
    alignments = list(alignments)
    pairs: Iterable[tuple[int, Any]]
    if len(alignments) == len(ordered):
        pairs = zip(ordered, alignments, strict=True)
    else:
        by_no = dict(session.execute(_linked_tasks(assignment_id).with_only_columns(Task.no, Task.id)).all())
        pairs = ((by_no[a.no], a) for a in alignments if a.no in by_no)
    rows = [{"task_id": task_id, "sentence_id": sentence_ids[i], "score": a.score}
            for task_id, a in pairs for i in a.sentence_indices]
    if rows:
        session.execute(insert(TaskSource), rows)


def link_documents(session: Session, report: Document, assignment: Document):
    """Align ``assignment``'s tasks to ``report``'s sentences and store the result."""
    from gzviewer.parse.linking import align_tasks

    stored = load_report(session, report)
    tasks = load_tasks(session, assignment)
    alignments = align_tasks(tasks, stored.sentences, stored.outline, stored.text_length)
    save_task_sources(session, assignment.id, report.id, alignments)
    return stored, tasks, alignments


def link_unlinked_assignments(session: Session) -> list[tuple[Document, Document]]:
    """Link every stored assignment table whose tasks have no sources yet to its source report.

    Runs after an import, so that selecting a task shows its report sentence without a separate
    ``gzviewer link``: a table imported before its report is linked once the report arrives, and
    a re-imported report (new sentences) is linked again. Returns the (report, assignment) pairs linked.
    """
    assignments = session.scalars(select(Document).options(_WITHOUT_TEXT).where(Document.kind == ASSIGNMENT_KIND)
                                  .where(Document.id.in_(select(Task.document_id)))
                                  .order_by(Document.id)).all()
    linked = []
    for assignment in assignments:
        if has_task_sources(session, assignment.id):
            continue
        report = find_source_report(session, assignment)
        if report is not None:
            link_documents(session, report, assignment)
            linked.append((report, assignment))
    return linked


def task_sources(session: Session, task_id: int) -> list[SourceSentence]:
    """The stored report sentences a task came from, in document order."""
    from gzviewer.store.models import TaskSource

    rows = session.execute(
        select(Sentence.document_id, Sentence.id, Sentence.start, Sentence.end, Sentence.text, TaskSource.score)
        .join(TaskSource, TaskSource.sentence_id == Sentence.id).where(TaskSource.task_id == task_id)
        .order_by(Sentence.position)).all()
    return [SourceSentence(*row) for row in rows]


def has_task_sources(session: Session, assignment_id: int) -> bool:
    from gzviewer.store.models import TaskSource

    return session.scalar(select(TaskSource.task_id).join(Task, Task.id == TaskSource.task_id)
                          .where(Task.document_id == assignment_id).limit(1)) is not None


# --- linked pairs and coverage -----------------------------------------------------------------------

@dataclass
class LinkedPair:
    """A stored assignment table and the stored report it was made from (titles as lists show them)."""

    report_id: int
    report_title: str
    assignment_id: int
    assignment_title: str


def linked_pairs(session: Session) -> list[LinkedPair]:
    """Every stored assignment table (with tasks) whose source report is stored, newest report first."""
    assignments = session.scalars(select(Document).options(_WITHOUT_TEXT).where(Document.kind == ASSIGNMENT_KIND)
                                  .where(Document.id.in_(select(Task.document_id)))
                                  .order_by(Document.id)).all()
    pairs = []
    for assignment in assignments:
        report = find_source_report(session, assignment)
        if report is not None:
            pairs.append(LinkedPair(report.id, display_title(report.title, report.issuer), assignment.id,
                                    display_title(assignment.title, assignment.issuer)))
    return sorted(pairs, key=lambda p: (-(p.report_id), p.assignment_id))


@dataclass
class UncoveredSentence:
    """A work-arrangement sentence of the report that no task came from."""

    text: str
    section: str | None  # label and title of its innermost heading
    start: int  # offsets in the report's text
    end: int


@dataclass
class UnsourcedTask:
    no: int
    text: str


@dataclass
class CoverageResult:
    report_id: int
    assignment_id: int
    uncovered: list[UncoveredSentence]
    unsourced: list[UnsourcedTask]
    from_stored_links: bool  # True: the task sources saved by linking were used, not aligned again

    def to_json(self) -> dict:
        """The ``gzviewer coverage --json`` shape."""
        return {"uncovered_sentences": [{"sentence": s.text, "section": s.section} for s in self.uncovered],
                "unsourced_tasks": [{"no": t.no, "text": t.text} for t in self.unsourced]}


def _stored_alignments(session: Session, report_id: int, assignment_id: int, tasks: list[TaskRecord]):
    """The saved sources of ``assignment_id``'s tasks as alignments into ``report_id``'s sentences.

    None when nothing is saved, or when any saved source lies in another document (the table was
    linked to a different report with ``gzviewer link``): then the caller aligns afresh.
    """
    from gzviewer.parse.linking import TaskAlignment
    from gzviewer.store.models import TaskSource

    rows = session.execute(
        select(Task.no, Sentence.document_id, Sentence.position, TaskSource.score)
        .join(TaskSource, TaskSource.task_id == Task.id).join(Sentence, Sentence.id == TaskSource.sentence_id)
        .where(Task.document_id == assignment_id).order_by(Task.position, Sentence.position)).all()
    if not rows or any(document_id != report_id for _no, document_id, _p, _s in rows):
        return None
    positions = list(session.scalars(select(Sentence.position).where(Sentence.document_id == report_id)
                                     .order_by(Sentence.position)))
    index_of = {position: i for i, position in enumerate(positions)}
    by_no: dict[int, TaskAlignment] = {}
    for no, _document_id, position, score in rows:
        alignment = by_no.setdefault(no, TaskAlignment(no, [], score))
        alignment.sentence_indices.append(index_of[position])
    return [by_no.get(t.no, TaskAlignment(t.no)) for t in tasks]


def report_coverage(session: Session, report_id: int, assignment_id: int) -> CoverageResult:
    """Work-arrangement sentences of the report no task covers, and tasks with no source sentence.

    Uses the task sources saved by linking when they point into this report (the same
    alignment ``link_documents`` stored, read back in well under a second); otherwise the tasks
    are aligned to the report here (a second or more), without saving anything.
    """
    from gzviewer.parse.linking import align_tasks, coverage

    report_document = session.get(Document, report_id)
    assignment = session.get(Document, assignment_id)
    if report_document is None or assignment is None:
        raise NotFoundError("找不到所选的报告或责任分工文件，可能已被删除")
    report = load_report(session, report_document)
    tasks = load_tasks(session, assignment)
    alignments = _stored_alignments(session, report_id, assignment_id, tasks)
    from_stored = alignments is not None
    if alignments is None:
        alignments = align_tasks(tasks, report.sentences, report.outline, report.text_length)
    result = coverage(tasks, alignments, report.sentences, report.outline, report.text_length)
    uncovered = []
    for i in result.uncovered:
        sentence = report.sentences[i]
        heading = report.outline[sentence.heading] if sentence.heading is not None else None
        uncovered.append(UncoveredSentence(sentence.text, f"{heading.label}{heading.title}" if heading else None,
                                           sentence.start, sentence.end))
    texts = {t.no: t.text for t in tasks}
    unsourced = [UnsourcedTask(no, texts[no]) for no in result.unsourced]
    return CoverageResult(report_id, assignment_id, uncovered, unsourced, from_stored)
