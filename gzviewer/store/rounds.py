"""Reporting rounds in the store: the rounds, the sheets returned in them, their history entries."""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gzviewer.errors import GzviewerError, NotFoundError
from gzviewer.store.models import ReportingRound, RoundReturn, TaskHistory

REASON_ROUND_EXISTS = "督办轮次“{name}”已存在（可用 gzviewer round status {name} 查看）"
REASON_NO_ROUND = "找不到督办轮次“{name}”（用 gzviewer round open 名称 --due 日期 新建）"
REASON_BAD_DATE = "日期“{value}”无效，请写成 YYYY-MM-DD"


def iso_date(value: str | None) -> str | None:
    """``value`` as an ISO date (YYYY-MM-DD), or a one-line error."""
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise GzviewerError(REASON_BAD_DATE.format(value=value)) from exc


def create_round(session: Session, name: str, due: str | None, document_id: int | None) -> ReportingRound:
    name = name.strip()
    if session.scalar(select(ReportingRound.id).where(ReportingRound.name == name)) is not None:
        raise GzviewerError(REASON_ROUND_EXISTS.format(name=name))
    # opened_at in local time, as history entries are (the column default would be the server's UTC).
    reporting_round = ReportingRound(name=name, due=iso_date(due), document_id=document_id, opened_at=datetime.now())
    session.add(reporting_round)
    session.flush()
    return reporting_round


def find_round(session: Session, name: str) -> ReportingRound:
    found = session.scalar(select(ReportingRound).where(ReportingRound.name == name.strip()))
    if found is None:
        raise NotFoundError(REASON_NO_ROUND.format(name=name.strip()))
    return found


def list_rounds(session: Session) -> list[ReportingRound]:
    return list(session.scalars(select(ReportingRound).order_by(ReportingRound.id)))


def previous_round(session: Session, reporting_round: ReportingRound) -> ReportingRound | None:
    return session.scalar(select(ReportingRound).where(ReportingRound.id < reporting_round.id)
                          .order_by(ReportingRound.id.desc()).limit(1))


def add_return(session: Session, round_id: int, unit: str, file_name: str, task_ids: list[int],
               tasks_changed: int) -> None:
    session.add(RoundReturn(round_id=round_id, unit=unit, file_name=file_name,
                            task_ids=json.dumps(sorted(set(task_ids))), tasks_changed=tasks_changed))
    session.flush()


def round_returns(session: Session, round_id: int) -> list[RoundReturn]:
    return list(session.scalars(select(RoundReturn).where(RoundReturn.round_id == round_id)
                                .order_by(RoundReturn.id)))


def returned_task_ids(returned: RoundReturn) -> list[int]:
    return [int(i) for i in json.loads(returned.task_ids or "[]")]


def tasks_changed_in_round(session: Session, round_id: int) -> set[int]:
    """The tasks with at least one history entry made in the round (from its returned sheets)."""
    return set(session.scalars(select(TaskHistory.task_id).where(TaskHistory.round_id == round_id).distinct()))


def history_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(TaskHistory)) or 0


def next_round(session: Session, reporting_round: ReportingRound) -> ReportingRound | None:
    return session.scalar(select(ReportingRound).where(ReportingRound.id > reporting_round.id)
                          .order_by(ReportingRound.id).limit(1))


def round_period_history(session: Session, reporting_round: ReportingRound):
    """The history entries of a round: those from its returned sheets, and those made in the
    window or on the command line while it was the latest round (until the next one opened)."""
    from sqlalchemy import and_, or_

    from gzviewer.store.history import entries_where

    following = next_round(session, reporting_round)
    in_period = [TaskHistory.round_id.is_(None), TaskHistory.at >= reporting_round.opened_at]
    if following is not None:
        in_period.append(TaskHistory.at < following.opened_at)
    return entries_where(session, or_(TaskHistory.round_id == reporting_round.id, and_(*in_period)))
