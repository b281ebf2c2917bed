"""Read and update queries shared by the CLI, the GUI and the exporters.

The UI never builds SQL: it calls these functions (or the Select objects they return).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    CursorResult,
    Select,
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from gzviewer.control_characters import stored_text
from gzviewer.errors import GzviewerError, NotFoundError
from gzviewer.parse.places import display_title
from gzviewer.store.history import ChangeSource, record_changes
from gzviewer.store.models import (
    Document,
    GlossaryTerm,
    Heading,
    Review,
    Sentence,
    Target,
    Task,
    TaskSource,
    TaskUnit,
    Unit,
)
from gzviewer.vocabulary import (  # noqa: F401  (the store's callers read these names from here too)
    DEFAULT_STATUS,
    DOCUMENT_KIND_LABELS,
    DONE_STATUS,
    DUE_ATTENTION,
    DUE_OVERDUE,
    DUE_SOON,
    DUE_SOON_DAYS,
    ROLE_ALL,
    ROLE_COOP,
    ROLE_LEAD,
    STATUSES,
)

KIND_LABELS = DOCUMENT_KIND_LABELS


# --- documents -------------------------------------------------------------------------------------

@dataclass
class DocumentSummary:
    id: int
    title: str
    kind: str
    year: int | None
    date: str | None
    issuer: str | None
    source_name: str
    headings: int
    targets: int
    tasks: int

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def display_title(self) -> str:
        """The title as lists show it: with the issuer when the title does not name the place."""
        return display_title(self.title, self.issuer)


def _count(model, document_id_column):
    return (select(func.count()).select_from(model).where(document_id_column == Document.id)
            .correlate(Document).scalar_subquery())


def list_documents(session: Session) -> list[DocumentSummary]:
    tasks_in_force = (select(func.count()).select_from(Task)
                      .where(Task.document_id == Document.id, Task.deleted.is_(False))
                      .correlate(Document).scalar_subquery())
    rows = session.execute(
        select(Document.id, Document.title, Document.kind, Document.year, Document.date, Document.issuer,
               Document.source_name, _count(Heading, Heading.document_id), _count(Target, Target.document_id),
               tasks_in_force)
        .order_by(Document.year.desc().nulls_last(), Document.kind, Document.id)
    ).all()
    return [DocumentSummary(*row) for row in rows]


def resolve_document(session: Session, ref: str | int) -> Document:
    """A document by id, or by a fragment of its title or file name that names exactly one."""
    text_ref = str(ref).strip()
    if text_ref.isdigit():
        document = session.get(Document, int(text_ref))
        if document is not None:
            return document
    pattern = f"%{text_ref}%"
    matches = session.scalars(
        select(Document).where(or_(Document.title.like(pattern), Document.source_name.like(pattern)))
    ).all()
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFoundError(f"找不到文件“{text_ref}”（可用 gzviewer list 查看已导入的文件）")
    titles = "；".join(f"{d.id}:{d.title}" for d in matches[:5])
    raise NotFoundError(f"“{text_ref}”对应多个文件，请用编号指定：{titles}")


def document_outline(session: Session, document_id: int) -> list[Heading]:
    return list(session.scalars(select(Heading).where(Heading.document_id == document_id)
                                .order_by(Heading.position)))


# --- tasks -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskFilter:
    """What the user asked to see. Empty fields do not filter."""

    document_id: int | None = None
    unit: str | None = None
    role: str = ROLE_ALL  # lead | coop | all
    leader: str | None = None
    section: str | None = None
    status: str | None = None
    search_words: tuple[str, ...] = ()  # already segmented (jieba) words, all must occur
    due: str | None = None  # overdue | soon | attention
    today: date | None = None
    task_ids: tuple[int, ...] | None = None
    soon_days: int = DUE_SOON_DAYS  # "due soon": within this many days (a setting)

    def with_unit(self, unit: str | None, role: str | None = None) -> TaskFilter:
        return replace(self, unit=unit or None, role=role or self.role)


def _effective_status():
    # The default inline (not a bound parameter), so that PostgreSQL sees the same expression in
    # SELECT and GROUP BY.
    return func.coalesce(Review.status, literal(DEFAULT_STATUS, literal_execute=True))


def _effective_due():
    """The due date in force: the one set in the review (an extension), else the one the notice's
    完成时限 text means (``task.due_on``, read by ``parse.deadlines``); an ISO date or NULL."""
    return func.coalesce(Review.due_date, Task.due_on)


def _unit_condition(unit: str, role: str):
    roles = [ROLE_LEAD, ROLE_COOP] if role == ROLE_ALL else [role]
    return exists().where(TaskUnit.task_id == Task.id, TaskUnit.role.in_(roles), TaskUnit.unit_id == Unit.id,
                          Unit.name == unit)


def _due_condition(due: str, today: date, soon_days: int = DUE_SOON_DAYS):
    due_value = _effective_due()
    not_done = _effective_status() != DONE_STATUS
    iso_today = today.isoformat()
    soon = (today + timedelta(days=soon_days)).isoformat()
    # An ISO date (free text written by older versions is never flagged); substr, not GLOB, so the
    # same condition runs on SQLite and PostgreSQL.
    is_date = and_(func.substr(due_value, 1, 1).between("0", "9"), func.substr(due_value, 5, 1) == "-",
                   func.substr(due_value, 8, 1) == "-")
    overdue = and_(is_date, due_value < iso_today, not_done)
    due_soon = and_(is_date, due_value >= iso_today, due_value <= soon, not_done)
    return {DUE_OVERDUE: overdue, DUE_SOON: due_soon, DUE_ATTENTION: or_(overdue, due_soon)}[due]


def task_conditions(task_filter: TaskFilter) -> list:
    """The WHERE conditions of a filter; a task deleted by hand never shows (nor counts anywhere)."""
    f = task_filter
    conditions: list[ColumnElement[bool]] = [Task.deleted.is_(False)]
    if f.document_id is not None:
        conditions.append(Task.document_id == f.document_id)
    if f.unit:
        conditions.append(_unit_condition(f.unit, f.role))
    if f.leader:
        conditions.append(Task.leader == f.leader)
    if f.section:
        conditions.append(or_(Task.section.contains(f.section), Task.category.contains(f.section)))
    if f.status:
        conditions.append(_effective_status() == f.status)
    for word in f.search_words:
        conditions.append(Task.text.contains(word))
    if f.due:
        conditions.append(_due_condition(f.due, f.today or date.today(), f.soon_days))
    if f.task_ids is not None:
        conditions.append(Task.id.in_(f.task_ids))
    return conditions


@dataclass
class TaskRow:
    """One task as every view shows it (plain values, safe to hand across threads)."""

    id: int
    document_id: int
    no: int
    section: str | None
    category: str | None
    text: str
    leader: str | None
    lead_units: str
    coop_units: str
    status: str
    progress: str
    note: str
    due_date: str | None
    revision: int
    remark: str | None = None
    in_notice: bool = True  # False: 已不在通知中 (left the notice in a later version, kept for its review)
    corrected: bool = False  # corrected by hand (the values shown are the corrected ones)
    deadline: str | None = None  # the notice's 完成时限 text, as written
    review_due: str | None = None  # the due date set in the review (an extension), if any
    extra: dict = field(default_factory=dict)

    @property
    def shown_due(self) -> str | None:
        """What a 完成时限 column shows: a date set in the review, else the notice's own words."""
        return self.review_due or self.deadline or self.due_date


TASK_ROW_COLUMNS = (
    Task.id, Task.document_id, Task.no, Task.section, Task.category, Task.text, Task.leader, Task.lead_names,
    Task.coop_names, _effective_status().label("status"), func.coalesce(Review.progress, "").label("progress"),
    func.coalesce(Review.note, "").label("note"), _effective_due().label("due_date"),
    func.coalesce(Review.revision, 0).label("revision"), Task.remark, Task.in_notice, Task.corrected,
    Task.deadline, Review.due_date.label("review_due"),
)

SORTABLE_TASK_COLUMNS = {
    "no": (Task.document_id, Task.position), "text": (Task.text,), "leader": (Task.leader,),
    "lead_units": (Task.lead_names,), "coop_units": (Task.coop_names,), "status": (_effective_status(),),
    "progress": (func.coalesce(Review.progress, ""),), "due_date": (_effective_due(),),
}


def task_select(task_filter: TaskFilter, order: str = "no", descending: bool = False) -> Select:
    columns = SORTABLE_TASK_COLUMNS.get(order, SORTABLE_TASK_COLUMNS["no"])
    ordering = [c.desc() if descending else c.asc() for c in columns]
    return (select(*TASK_ROW_COLUMNS).outerjoin(Review, Review.task_id == Task.id)
            .where(*task_conditions(task_filter)).order_by(*ordering, Task.id))


def count_tasks(session: Session, task_filter: TaskFilter) -> int:
    return session.scalar(select(func.count()).select_from(Task).outerjoin(Review, Review.task_id == Task.id)
                          .where(*task_conditions(task_filter))) or 0


def fetch_tasks(session: Session, task_filter: TaskFilter, order: str = "no", descending: bool = False,
                offset: int = 0, limit: int | None = None) -> list[TaskRow]:
    stmt = task_select(task_filter, order, descending).offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return [TaskRow(*row) for row in session.execute(stmt)]


def fetch_task_ids(session: Session, task_filter: TaskFilter, order: str = "no",
                   descending: bool = False) -> list[int]:
    """Only the ids, in display order: cheap even for 100,000 tasks (rows are fetched lazily)."""
    stmt = task_select(task_filter, order, descending).with_only_columns(Task.id)
    return list(session.scalars(stmt))


def fetch_tasks_by_ids(session: Session, task_ids: list[int]) -> list[TaskRow]:
    if not task_ids:
        return []
    stmt = select(*TASK_ROW_COLUMNS).outerjoin(Review, Review.task_id == Task.id).where(Task.id.in_(task_ids))
    by_id = {row[0]: TaskRow(*row) for row in session.execute(stmt)}
    return [by_id[i] for i in task_ids if i in by_id]


def distinct_leaders(session: Session, document_id: int | None = None) -> list[str]:
    stmt = (select(Task.leader).where(Task.leader.is_not(None), Task.deleted.is_(False)).distinct()
            .order_by(Task.leader))
    if document_id is not None:
        stmt = stmt.where(Task.document_id == document_id)
    return list(session.scalars(stmt))


def distinct_sections(session: Session, document_id: int | None = None) -> list[str]:
    stmt = (select(Task.section).where(Task.section.is_not(None), Task.deleted.is_(False)).group_by(Task.section)
            .order_by(func.min(Task.document_id), func.min(Task.position)))
    if document_id is not None:
        stmt = stmt.where(Task.document_id == document_id)
    return list(session.scalars(stmt))


# --- units -----------------------------------------------------------------------------------------

@dataclass
class UnitSummary:
    name: str
    kind: str
    lead: int
    coop: int
    done: int = 0
    overdue: int = 0
    statuses: dict[str, int] = field(default_factory=dict)

    @property
    def completion_rate(self) -> float:
        """Share of the tasks this unit leads that are done."""
        return self.done / self.lead if self.lead else 0.0


def unit_summaries(session: Session, document_id: int | None = None, today: date | None = None) -> list[UnitSummary]:
    """Every unit with its lead and cooperating task counts and the status breakdown of its lead tasks."""
    scope = [Task.document_id == document_id] if document_id is not None else []
    counts = session.execute(
        select(Unit.name, Unit.kind, func.sum(case((TaskUnit.role == ROLE_LEAD, 1), else_=0)),
               func.sum(case((TaskUnit.role == ROLE_COOP, 1), else_=0)))
        .join(TaskUnit, TaskUnit.unit_id == Unit.id).join(Task, Task.id == TaskUnit.task_id).where(*scope)
        .group_by(Unit.id).order_by(func.sum(case((TaskUnit.role == ROLE_LEAD, 1), else_=0)).desc(), Unit.name)
    ).all()
    summaries = {name: UnitSummary(name, kind, lead or 0, coop or 0) for name, kind, lead, coop in counts}
    status_rows = session.execute(
        select(Unit.name, _effective_status(), func.count())
        .join(TaskUnit, TaskUnit.unit_id == Unit.id).join(Task, Task.id == TaskUnit.task_id)
        .outerjoin(Review, Review.task_id == Task.id).where(TaskUnit.role == ROLE_LEAD, *scope)
        .group_by(Unit.name, _effective_status())
    ).all()
    for name, status, count in status_rows:
        summaries[name].statuses[status] = count
        if status == DONE_STATUS:
            summaries[name].done = count
    overdue_rows = session.execute(
        select(Unit.name, func.count()).join(TaskUnit, TaskUnit.unit_id == Unit.id)
        .join(Task, Task.id == TaskUnit.task_id).outerjoin(Review, Review.task_id == Task.id)
        .where(TaskUnit.role == ROLE_LEAD, _due_condition(DUE_OVERDUE, today or date.today()), *scope)
        .group_by(Unit.name)
    ).all()
    for name, count in overdue_rows:
        summaries[name].overdue = count
    return list(summaries.values())


# --- reviews ---------------------------------------------------------------------------------------

_UNSET = object()


def _insert_review_if_missing(session: Session, task_id: int) -> None:
    """INSERT … ON CONFLICT DO NOTHING: two processes creating the same review must not collide."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    elif dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert  # type: ignore[assignment]
    else:
        if session.scalar(select(Review.id).where(Review.task_id == task_id)) is None:
            session.add(Review(task_id=task_id, status=DEFAULT_STATUS, progress="", note="", revision=0))
            session.flush()
        return
    session.execute(dialect_insert(Review).values(task_id=task_id, status=DEFAULT_STATUS, progress="", note="",
                                                  revision=0).on_conflict_do_nothing(index_elements=["task_id"]))


class InvalidDueDateError(GzviewerError, ValueError):
    """A review's due date that is not a date (the CLI prints it; the window refuses the edit)."""


class ReviewChangedError(GzviewerError):
    """The review was changed elsewhere (another window, process or import) since it was read."""

    def __init__(self, task_no: int | str, expected: int, stored: int) -> None:
        self.expected = expected
        self.stored = stored
        super().__init__(f"第 {task_no} 项任务的审阅记录已在别处被修改（版本 {expected} → {stored}），"
                         "为免覆盖较新的内容，本次未写入；请刷新后再改")


REVIEW_FIELDS = ("status", "progress", "note", "due_date")
_WRITE_ATTEMPTS = 5


def save_review(session: Session, task_id: int, *, status=_UNSET, progress=_UNSET, note=_UNSET,
                due_date=_UNSET, expected_revision: int | None = None,
                source: ChangeSource | None = None) -> Review:
    """Create or update the review of one task; only the given fields change.

    The update is one atomic statement (``revision = revision + 1``), so concurrent writers
    from two windows or processes never lose each other's fields. Progress and note are kept
    without control characters (``stored_text``): a vertical tab pasted into a note would
    otherwise be saved and break every later export of the task. With ``expected_revision``
    the update happens only if the review is still at that revision (else ReviewChangedError):
    undo and returned sheets use it so that they never overwrite a newer value written elsewhere.

    This is the one place a review is written: every field that really changes gets a history
    entry (``store.history``) from ``source`` in the same transaction. The old values are read
    first and the update is guarded by the revision read, so the entry's "old" is exact even with
    another writer at work (the read and the guarded update are retried if one interleaves).
    """
    if session.get(Task, task_id) is None:
        raise NotFoundError(f"找不到任务（编号 {task_id}）")
    changes: dict = {}
    if status is not _UNSET:
        if status not in STATUSES:
            raise ValueError(f"未知状态“{status}”，可选：{'、'.join(STATUSES)}")
        changes["status"] = status
    if progress is not _UNSET:
        changes["progress"] = stored_text(progress or "")
    if note is not _UNSET:
        changes["note"] = stored_text(note or "")
    if due_date is not _UNSET:
        if due_date:
            try:
                due_date = date.fromisoformat(str(due_date).strip()[:10]).isoformat()
            except ValueError:
                raise InvalidDueDateError(f"完成时限“{due_date}”不是日期，请写成 YYYY-MM-DD") from None
        changes["due_date"] = due_date or None
    _insert_review_if_missing(session, task_id)
    for _attempt in range(_WRITE_ATTEMPTS):
        before = session.execute(select(Review.revision, *(getattr(Review, f) for f in REVIEW_FIELDS))
                                 .where(Review.task_id == task_id)).one()
        guard = expected_revision if expected_revision is not None else before[0]
        statement = update(Review).where(Review.task_id == task_id, Review.revision == guard)
        now = datetime.now()
        result = session.execute(statement.values(**changes, revision=Review.revision + 1, updated_at=now))
        if cast(CursorResult[Any], result).rowcount:
            old = dict(zip(REVIEW_FIELDS, before[1:], strict=True))
            if old["due_date"] is None and "due_date" in changes:  # the date in force was the notice's
                old["due_date"] = session.scalar(select(Task.due_on).where(Task.id == task_id))
            record_changes(session, task_id, {f: (old[f], v) for f, v in changes.items()}, source, at=now)
            break
        if expected_revision is not None:
            now_stored = dict(zip(REVIEW_FIELDS, before[1:], strict=True))
            if before[0] != expected_revision and all(now_stored[f] == v for f, v in changes.items()):
                break  # the review already holds exactly these values: nothing would be overwritten
            stored = session.scalar(select(Review.revision).where(Review.task_id == task_id)) or 0
            raise ReviewChangedError(session.scalar(select(Task.no).where(Task.id == task_id)) or 0,
                                     expected_revision, stored)
    else:
        raise GzviewerError(f"任务（编号 {task_id}）的审阅记录正被频繁修改，未能写入，请稍后再试")
    review = session.scalar(select(Review).where(Review.task_id == task_id)
                            .execution_options(populate_existing=True))
    assert review is not None  # written above in this transaction
    return review


# --- targets ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetFilter:
    document_id: int | None = None
    kind: str | None = None  # target | achievement
    text: str | None = None  # matches indicator, unit, span or sentence
    indicator: str | None = None  # exact-or-contained indicator name (timelines)


@dataclass
class TargetRow:
    id: int
    document_id: int
    document_title: str
    document_year: int | None
    section: str | None
    indicator: str
    metric: str
    value: float | None
    value_high: float | None
    unit: str | None
    qualifier: str | None
    qualifier_class: str
    hedge: str | None
    year: str | None
    kind: str
    span: str
    start: int
    end: int
    sentence: str

    def to_json(self) -> dict:
        return dict(vars(self))


def fetch_targets(session: Session, target_filter: TargetFilter = TargetFilter()) -> list[TargetRow]:
    f = target_filter
    stmt = (select(Target.id, Target.document_id, Document.title, Document.year, Heading.title, Target.indicator,
                   Target.metric, Target.value, Target.value_high, Target.unit, Target.qualifier,
                   Target.qualifier_class, Target.hedge, Target.year, Target.kind, Target.span, Target.start,
                   Target.end, Target.sentence_text)
            .join(Document, Document.id == Target.document_id)
            .outerjoin(Heading, Heading.id == Target.heading_id)
            .order_by(Target.document_id, Target.position))
    if f.document_id is not None:
        stmt = stmt.where(Target.document_id == f.document_id)
    if f.kind:
        stmt = stmt.where(Target.kind == f.kind)
    if f.text:
        stmt = stmt.where(or_(Target.indicator.contains(f.text), Target.span.contains(f.text),
                              Target.sentence_text.contains(f.text), Target.unit == f.text))
    if f.indicator:
        stmt = stmt.where(Target.indicator.contains(f.indicator))
    return [TargetRow(*tuple(row)) for row in session.execute(stmt)]


# --- ui queries ------------------------------------------------------------------------------------
# Added for the desktop application (gzviewer/ui); plain values only, safe to hand to Qt models.

DUE_STATE_OVERDUE = DUE_OVERDUE
DUE_STATE_SOON = DUE_SOON


def task_due_state(due_date: str | None, status: str, today: date | None = None,
                   soon_days: int = DUE_SOON_DAYS) -> str | None:
    """``overdue``/``soon`` for a task row, by the same rule as ``TaskFilter.due`` (ISO dates only)."""
    if not due_date or status == DONE_STATUS:
        return None
    try:
        due = date.fromisoformat(due_date[:10])
    except ValueError:
        return None  # a free-text deadline ("2021年底") is shown, never flagged
    today = today or date.today()
    if due < today:
        return DUE_STATE_OVERDUE
    if due <= today + timedelta(days=soon_days):
        return DUE_STATE_SOON
    return None


@dataclass
class GlossaryOccurrence:
    start: int
    end: int
    term: str
    definition: str


@dataclass
class TextSpan:
    start: int
    end: int
    task_id: int | None = None


@dataclass
class DocumentText:
    """What the document pane shows: the cleaned text and the spans to mark in it."""

    id: int
    title: str
    kind: str
    year: int | None
    source_name: str
    text: str
    task_spans: list[TextSpan] = field(default_factory=list)
    glossary: list[GlossaryOccurrence] = field(default_factory=list)
    issuer: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.issuer)


def _glossary_occurrences(session: Session, document_id: int, text: str) -> list[GlossaryOccurrence]:
    """Every place a glossary term of the document occurs in its text (longest term wins)."""
    terms = session.execute(select(GlossaryTerm.term, GlossaryTerm.definition)
                            .where(GlossaryTerm.document_id == document_id)).all()
    taken: set[int] = set()
    found: list[GlossaryOccurrence] = []
    for term, definition in sorted(terms, key=lambda t: -len(t[0])):
        if len(term) < 2:
            continue
        start = text.find(term)
        while start != -1:
            end = start + len(term)
            if not taken.intersection(range(start, end)):
                taken.update(range(start, end))
                found.append(GlossaryOccurrence(start, end, term, definition))
            start = text.find(term, end)
    return sorted(found, key=lambda g: g.start)


def _task_spans(session: Session, document_id: int, text_length: int) -> list[TextSpan]:
    """Task texts of an assignment table, and the report sentences tasks were linked to."""
    spans = [TextSpan(start, min(start + len(task_text), text_length), task_id)
             for task_id, start, task_text in session.execute(
                 select(Task.id, Task.start, Task.text).where(Task.document_id == document_id, Task.start >= 0,
                                                              Task.deleted.is_(False)))]
    linked = session.execute(
        select(Sentence.start, Sentence.end, func.min(TaskSource.task_id))
        .join(TaskSource, TaskSource.sentence_id == Sentence.id).where(Sentence.document_id == document_id)
        .group_by(Sentence.id))
    spans.extend(TextSpan(start, end, task_id) for start, end, task_id in linked)
    return sorted(spans, key=lambda s: s.start)


def document_text(session: Session, document_id: int) -> DocumentText:
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"找不到文件（编号 {document_id}）")
    return DocumentText(document.id, document.title, document.kind, document.year, document.source_name,
                        document.text, _task_spans(session, document.id, len(document.text)),
                        _glossary_occurrences(session, document.id, document.text), document.issuer)


@dataclass
class TaskLocation:
    """Where to show a task: its linked report sentences, else its own place in its document."""

    document_id: int
    spans: list[TextSpan]
    linked: bool


def task_location(session: Session, task_id: int) -> TaskLocation:
    """The report sentences a task was linked to (TaskSource), or the task's text in its table."""
    sources = session.execute(
        select(Sentence.document_id, Sentence.start, Sentence.end).join(TaskSource, TaskSource.sentence_id == Sentence.id)
        .where(TaskSource.task_id == task_id).order_by(Sentence.position)).all()
    if sources:
        return TaskLocation(sources[0][0], [TextSpan(s, e, task_id) for d, s, e in sources if d == sources[0][0]],
                            linked=True)
    task = session.get(Task, task_id)
    if task is None:
        raise NotFoundError(f"找不到任务（编号 {task_id}）")
    spans = [TextSpan(task.start, task.start + len(task.text), task_id)] if task.start >= 0 else []
    return TaskLocation(task.document_id, spans, linked=False)
