"""Versions of a document: what a re-import changed, the kept versions, and restoring one.

``describe_outcome`` gives the Chinese lines the CLI prints and the GUI shows after an import;
``list_versions`` and ``restore_version`` serve ``gzviewer versions`` / ``gzviewer restore``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gzviewer.errors import GzviewerError, NotFoundError
from gzviewer.parse.records import DocumentMeta, ExtractedDocument, TaskRecord
from gzviewer.store.database import Database
from gzviewer.store.importer import (
    CHANGE_RETURNED,
    CHANGE_UNITS,
    STATUS_NEW,
    STATUS_UNCHANGED,
    STATUS_UPDATED,
    ImportOutcome,
    TaskChange,
    UnitKind,
    _default_unit_kind,
    store_revision,
)
from gzviewer.store.models import Document, DocumentVersion

STATUS_LABELS = {STATUS_NEW: "已导入", STATUS_UNCHANGED: "内容未变，跳过",
                 STATUS_UPDATED: "已更新为新版本（审阅记录和更正随任务保留，旧版本可用 gzviewer versions 查看）"}
NOT_IN_NOTICE = "已不在通知中"  # a task of an earlier version, kept for its review or correction
CORRECTED = "已更正"
EXAMPLES = 5  # changes listed one by one; beyond this only counted

LINE_ADDED = "新增任务 {count} 项"
LINE_REMOVED = "已不在通知中 {count} 项（有审阅记录或更正的 {kept} 项保留并标为“" + NOT_IN_NOTICE + "”）"
LINE_RENUMBERED = "序号变化 {count} 项（审阅记录随任务移动）"
LINE_REWORDED = "文字修改 {count} 项"
LINE_UNITS = "牵头或配合单位变化 {count} 项"
LINE_RETURNED = "重新出现在通知中 {count} 项"
LINE_CORRECTIONS = "保留手工更正 {count} 项（更正的内容优先于新版本）"
LINE_NO_CHANGE = "任务无变化"
ITEM_NO = "第 {no} 项：{text}"
ITEM_RENUMBERED = "原第 {old} 项 → 第 {no} 项：{text}"
MORE = "……另有 {count} 项"
TEXT_PREVIEW = 30

REASON_SAME_VERSION = "该版本与当前内容相同，无需恢复"


def _preview(text: str) -> str:
    return text if len(text) <= TEXT_PREVIEW else text[:TEXT_PREVIEW] + "…"


def _items(changes: list[TaskChange], renumbered: bool = False) -> list[str]:
    lines = [(ITEM_RENUMBERED.format(old=c.old_no, no=c.no, text=_preview(c.text)) if renumbered
              else ITEM_NO.format(no=c.no, text=_preview(c.text))) for c in changes[:EXAMPLES]]
    if len(changes) > EXAMPLES:
        lines.append(MORE.format(count=len(changes) - EXAMPLES))
    return ["  " + line for line in lines]


def describe_outcome(outcome: ImportOutcome) -> list[str]:
    """What an update changed in the tasks, in Chinese, one fact per line (empty for other outcomes)."""
    changes = outcome.changes
    if outcome.status != STATUS_UPDATED or changes is None:
        return []
    lines: list[str] = []
    if changes.added:
        lines += [LINE_ADDED.format(count=len(changes.added)), *_items(changes.added)]
    if changes.removed:
        kept = sum(c.kept for c in changes.removed)
        lines += [LINE_REMOVED.format(count=len(changes.removed), kept=kept), *_items(changes.removed)]
    if changes.renumbered:
        lines += [LINE_RENUMBERED.format(count=len(changes.renumbered)), *_items(changes.renumbered, True)]
    if changes.reworded:
        lines += [LINE_REWORDED.format(count=len(changes.reworded)), *_items(changes.reworded)]
    units = changes.of_kind(CHANGE_UNITS)
    if units:
        lines += [LINE_UNITS.format(count=len(units)), *_items(units)]
    returned = changes.of_kind(CHANGE_RETURNED)
    if returned:
        lines += [LINE_RETURNED.format(count=len(returned)), *_items(returned)]
    if changes.corrections_kept:
        lines.append(LINE_CORRECTIONS.format(count=changes.corrections_kept))
    return lines or [LINE_NO_CHANGE]


@dataclass
class VersionSummary:
    """One version of a document: the current one (id None) or a kept, replaced one."""

    id: int | None
    document_id: int
    title: str
    source_name: str
    content_hash: str
    imported_at: datetime | None
    replaced_at: datetime | None
    characters: int
    tasks: int

    @property
    def current(self) -> bool:
        return self.id is None


def list_versions(session: Session, document_id: int) -> list[VersionSummary]:
    """The current version of a document first, then the replaced ones, newest first."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"找不到文件（编号 {document_id}）")
    from gzviewer.store.importer import parsed_task_records

    summaries = [VersionSummary(None, document.id, document.title, document.source_name, document.content_hash,
                                document.imported_at, None, len(document.text),
                                len(parsed_task_records(session, document.id)))]
    for version in session.scalars(select(DocumentVersion).where(DocumentVersion.document_id == document_id)
                                   .order_by(DocumentVersion.id.desc())):
        summaries.append(VersionSummary(version.id, document_id, version.title, version.source_name,
                                        version.content_hash, version.imported_at, version.replaced_at,
                                        len(version.text), len(json.loads(version.tasks or "[]"))))
    return summaries


def version_text(session: Session, version_id: int) -> str:
    return _version(session, version_id).text


def _version(session: Session, version_id: int) -> DocumentVersion:
    version = session.get(DocumentVersion, version_id)
    if version is None:
        raise NotFoundError(f"找不到版本（编号 {version_id}，可用 gzviewer versions 文件 查看）")
    return version


def _extracted(version: DocumentVersion) -> ExtractedDocument:
    """The version parsed again from its kept text; its tasks as they were read (they may have come
    from tables the text does not hold)."""
    from gzviewer.parse.glossary import extract_glossary
    from gzviewer.parse.outline import parse_outline
    from gzviewer.parse.sentences import split_sentences
    from gzviewer.parse.targets import extract_targets

    meta = DocumentMeta(title=version.title, kind=version.kind, issuer=version.issuer, speaker=version.speaker,
                        meeting=version.meeting, date=version.date, year=version.year, level=version.level,
                        doc_number=version.doc_number)
    text = version.text
    outline = parse_outline(text)
    sentences = split_sentences(text, outline)
    tasks = [TaskRecord(no=t["no"], section=t.get("section"), category=t.get("category"), text=t["text"],
                        leader=t.get("leader"), lead_units=list(t.get("lead_units") or []),
                        coop_units=list(t.get("coop_units") or []), deadline=t.get("deadline"),
                        remark=t.get("remark"), start=t.get("start", -1))
             for t in json.loads(version.tasks or "[]")]
    return ExtractedDocument(source_name=version.source_name, format=version.format,
                             content_hash=version.content_hash, meta=meta, text=text, outline=outline,
                             sentences=sentences, targets=extract_targets(text, outline, sentences, meta),
                             tasks=tasks, glossary=extract_glossary(text, outline))


def restore_version(db: Database, version_id: int, unit_kind: UnitKind = _default_unit_kind) -> ImportOutcome:
    """Make a kept version current again, as a re-import of it would: tasks matched by content,
    reviews and corrections kept; the version it replaces is kept in turn."""
    with db.session() as session:
        version = _version(session, version_id)
        document = session.get(Document, version.document_id)
        if document is None:  # the document was deleted and its versions with it
            raise GzviewerError(f"找不到版本 {version_id} 所属的文件")
        if document.content_hash == version.content_hash:
            raise GzviewerError(REASON_SAME_VERSION)
        extracted = _extracted(version)
        session.delete(version)
        session.flush()
        kept, changes = store_revision(session, document, extracted, unit_kind)
        return ImportOutcome(document.id, STATUS_UPDATED, document.title, changes, kept.id)
