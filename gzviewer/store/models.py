"""SQLAlchemy ORM rows. Names are the domain's (Task, Unit), never ``*Model``.

Every schema change needs an Alembic migration in ``db/versions``.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import (
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    false,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    # Every model here is mapped to one Table (not a join or a select): say so for the type checker,
    # so that core statements over ``Model.__table__`` type-check without casts.
    __table__: ClassVar[Table]


class Document(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40), default="other", index=True)
    issuer: Mapped[str | None] = mapped_column(String(200))
    speaker: Mapped[str | None] = mapped_column(String(100))
    meeting: Mapped[str | None] = mapped_column(String(300))
    level: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    date: Mapped[str | None] = mapped_column(String(20))
    doc_number: Mapped[str | None] = mapped_column(String(100))
    source_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(10))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    headings: Mapped[list[Heading]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Heading.position"
    )
    sentences: Mapped[list[Sentence]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Sentence.position"
    )
    targets: Mapped[list[Target]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Target.position"
    )
    tasks: Mapped[list[Task]] = relationship(back_populates="document", order_by="Task.position")
    glossary: Mapped[list[GlossaryTerm]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="DocumentVersion.id"
    )


class DocumentVersion(Base):
    """A version of a document that a later file replaced: kept whole, so it can be restored.

    ``tasks`` holds the version's tasks as its parser read them (JSON list of TaskRecord fields):
    the text alone cannot give them back when they came from a table.
    """

    __tablename__ = "document_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    kind: Mapped[str] = mapped_column(String(40))
    issuer: Mapped[str | None] = mapped_column(String(200))
    speaker: Mapped[str | None] = mapped_column(String(100))
    meeting: Mapped[str | None] = mapped_column(String(300))
    level: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[str | None] = mapped_column(String(20))
    doc_number: Mapped[str | None] = mapped_column(String(100))
    source_name: Mapped[str] = mapped_column(String(500))
    format: Mapped[str] = mapped_column(String(10))
    content_hash: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    tasks: Mapped[str] = mapped_column(Text, default="[]")
    imported_at: Mapped[datetime | None] = mapped_column(DateTime)
    replaced_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())

    document: Mapped[Document] = relationship(back_populates="versions")


class Heading(Base):
    __tablename__ = "heading"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    line: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("heading.id", ondelete="CASCADE"))

    document: Mapped[Document] = relationship(back_populates="headings")


class Sentence(Base):
    __tablename__ = "sentence"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int] = mapped_column(Integer)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    heading_id: Mapped[int | None] = mapped_column(ForeignKey("heading.id", ondelete="SET NULL"))

    document: Mapped[Document] = relationship(back_populates="sentences")


class Target(Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    sentence_id: Mapped[int | None] = mapped_column(ForeignKey("sentence.id", ondelete="SET NULL"))
    heading_id: Mapped[int | None] = mapped_column(ForeignKey("heading.id", ondelete="SET NULL"))
    indicator: Mapped[str] = mapped_column(String(200), index=True)
    metric: Mapped[str] = mapped_column(String(20))
    value: Mapped[float | None] = mapped_column(Float)
    value_high: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(40))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    qualifier_class: Mapped[str] = mapped_column(String(20), default="exact")
    hedge: Mapped[str | None] = mapped_column(String(20))
    year: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    span: Mapped[str] = mapped_column(Text, default="")
    start: Mapped[int] = mapped_column(Integer, default=-1)
    end: Mapped[int] = mapped_column(Integer, default=-1)
    sentence_text: Mapped[str] = mapped_column(Text, default="")

    document: Mapped[Document] = relationship(back_populates="targets")


class Unit(Base):
    __tablename__ = "unit"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), default="其他")


TASK_ORIGIN_PARSED = "parsed"  # read from the notice
TASK_ORIGIN_MANUAL = "manual"  # added by hand (also the parts a split made)


class Task(Base):
    """One task of a notice. Its identity (id) survives revisions of the notice: a re-import
    matches tasks by content (``store.task_matching``), so reviews and corrections stay with it.

    The text, leader, deadline, unit lists (and TaskUnit rows) always hold the values in force:
    the parsed ones, with the officer's corrections (``overrides``, JSON) applied over them;
    ``parsed`` (JSON) keeps what the parser read for a corrected task, so a re-import can match
    it and a correction can be shown or taken back. ``no`` is not unique: a task that is no
    longer in the notice keeps its old number, and the parts of a split task share one.
    """

    __tablename__ = "task"
    # Tasks in order (those not deleted by hand), no row read.
    __table_args__ = (Index("ix_task_document_position", "document_id", "position", "deleted"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    no: Mapped[int] = mapped_column(Integer)
    section: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    leader: Mapped[str | None] = mapped_column(String(100), index=True)
    deadline: Mapped[str | None] = mapped_column(String(100))
    remark: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer, default=-1)
    # Display copies of the unit lists, so a table view needs no join per row.
    lead_names: Mapped[str] = mapped_column(Text, default="")
    coop_names: Mapped[str] = mapped_column(Text, default="")
    in_notice: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    deleted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())  # by hand
    corrected: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    origin: Mapped[str] = mapped_column(String(10), default=TASK_ORIGIN_PARSED, server_default=TASK_ORIGIN_PARSED)
    parsed: Mapped[str | None] = mapped_column(Text)
    overrides: Mapped[str | None] = mapped_column(Text)
    # The due date the deadline text means (parse.deadlines, in the document's year), kept in step
    # by store.due_dates; ``due_from`` is "year|deadline" it was read from, so a stale one is found.
    due_on: Mapped[str | None] = mapped_column(String(10))
    due_from: Mapped[str | None] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="TaskUnit.order"
    )
    review: Mapped[Review | None] = relationship(back_populates="task", uselist=False)


class TaskUnit(Base):
    __tablename__ = "task_unit"
    # Covering: the ids of one unit's tasks come from the index alone (the unit filter).
    __table_args__ = (Index("ix_task_unit_unit_role_task", "unit_id", "role", "task_id"),)

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10), primary_key=True)  # lead | coop
    order: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[Task] = relationship(back_populates="units")
    unit: Mapped[Unit] = relationship()


class Review(Base):
    """The user's own record of a task's progress: the only copy, never dropped by a re-import."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="未开始")
    progress: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    due_date: Mapped[str | None] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())
    revision: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[Task] = relationship(back_populates="review")


class TaskSource(Base):
    """A report sentence a task was taken from (computed by linking an assignment to its report)."""

    __tablename__ = "task_source"

    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), primary_key=True)
    sentence_id: Mapped[int] = mapped_column(ForeignKey("sentence.id", ondelete="CASCADE"), primary_key=True,
                                             index=True)
    score: Mapped[float] = mapped_column(Float, default=0.0)


class GlossaryTerm(Base):
    __tablename__ = "glossary_term"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text)

    document: Mapped[Document] = relationship(back_populates="glossary")


class ExportKey(Base):
    """The database's own secret for signing the export record of task workbooks.

    One row, made by migration 0005 (a random 256-bit key); it never leaves the database, so a
    returned workbook whose record verifies was exported from this database and not rewritten
    (see ``gzviewer.export.signing``). A copy of the database file shares it, as it shares the tasks.
    """

    __tablename__ = "export_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    secret: Mapped[str] = mapped_column(String(64))  # hex
    created_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class ReportingRound(Base):
    """A reporting round (「2021年第一季度」): sheets go out per lead unit and come back by ``due``."""

    __tablename__ = "reporting_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    due: Mapped[str | None] = mapped_column(String(10))  # ISO date the sheets are due back
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    opened_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class RoundReturn(Base):
    """One returned sheet imported into a round: which unit, which file, which tasks it reported."""

    __tablename__ = "round_return"

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("reporting_round.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str] = mapped_column(String(200))
    file_name: Mapped[str] = mapped_column(String(500))
    task_ids: Mapped[str] = mapped_column(Text, default="[]")  # JSON: the tasks the sheet reported on
    tasks_changed: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class TaskHistory(Base):
    """One change of a task's review (status, progress, note, due date) or units: never overwritten.

    ``source`` is how it was made (window / cli / sheet / edit), with the returned sheet's file
    name and round; ``reason`` says why (an extension's reason).
    """

    __tablename__ = "task_history"
    __table_args__ = (Index("ix_task_history_task_at", "task_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(DateTime)
    field: Mapped[str] = mapped_column(String(20))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str | None] = mapped_column(String(500))
    round_id: Mapped[int | None] = mapped_column(ForeignKey("reporting_round.id", ondelete="SET NULL"), index=True)
    user: Mapped[str | None] = mapped_column(String(100))
    reason: Mapped[str | None] = mapped_column(Text)
