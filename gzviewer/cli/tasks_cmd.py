"""Task and unit commands: ``tasks``, ``units``, ``review``."""

from __future__ import annotations

import sys

from gzviewer.cli.context import CliContext, print_json
from gzviewer.parse.deadlines import read_deadline
from gzviewer.services.revisions import CORRECTED, NOT_IN_NOTICE
from gzviewer.services.unit_names import canonical_unit
from gzviewer.store.queries import (
    DUE_ATTENTION,
    DUE_OVERDUE,
    DUE_SOON,
    DUE_SOON_DAYS,
    ROLE_ALL,
    ROLE_COOP,
    ROLE_LEAD,
    STATUSES,
    ReviewChangedError,
    TaskFilter,
    fetch_tasks,
    resolve_document,
    save_review,
    unit_summaries,
)


def register(subparsers) -> None:
    p = subparsers.add_parser("tasks", help="列出任务，可按单位、分管领导、板块筛选")
    p.add_argument("--doc", help="只看某个文件（编号或标题片段）")
    p.add_argument("--lead", metavar="UNIT", help="牵头单位（可用简称）")
    p.add_argument("--unit", metavar="UNIT", help="牵头或配合单位（可用简称）")
    p.add_argument("--coop", metavar="UNIT", help="配合单位（可用简称）")
    p.add_argument("--leader", metavar="NAME", help="分管领导")
    p.add_argument("--section", metavar="TEXT", help="板块或类别中包含的文字")
    p.add_argument("--status", choices=STATUSES, help="审阅状态")
    p.add_argument("--due", dest="due_state", choices=(DUE_OVERDUE, DUE_SOON, DUE_ATTENTION),
                   help="overdue 已逾期 / soon 即将到期 / attention 两者")
    p.add_argument("--soon-days", type=int, default=DUE_SOON_DAYS, metavar="N",
                   help=f"“即将到期”的天数（默认 {DUE_SOON_DAYS}）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_tasks)

    p = subparsers.add_parser("units", help="列出单位及其牵头、配合任务数")
    p.add_argument("--doc", help="只统计某个文件（编号或标题片段）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_units)

    p = subparsers.add_parser("review", help="记录一项任务的进展")
    p.add_argument("task_id", type=int, metavar="任务编号", help="任务的内部编号（tasks --json 中的 id）")
    p.add_argument("--status", choices=STATUSES)
    p.add_argument("--progress", help="进展情况")
    p.add_argument("--note", help="备注")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="完成时限（延期时给出新日期，并用 --reason 说明原因）")
    p.add_argument("--reason", help="修改原因（如延期原因），记入修改记录")
    p.add_argument("--user", help="记入修改记录的操作人（默认为本机用户名，或环境变量 GZVIEWER_USER）")
    p.add_argument("--revision", type=int, metavar="版本",
                   help="只在审阅记录仍是这个版本（tasks --json 中的 revision）时保存：别人已改过则不覆盖，显示其修改")
    p.set_defaults(func=cmd_review)


def task_filter_from_args(args, session) -> TaskFilter:
    """The TaskFilter that the shared task options (--doc/--lead/--unit/…) describe."""
    document_id = resolve_document(session, args.doc).id if getattr(args, "doc", None) else None
    unit, role = None, ROLE_ALL
    for option, option_role in (("lead", ROLE_LEAD), ("coop", ROLE_COOP), ("unit", ROLE_ALL)):
        if getattr(args, option, None):
            unit, role = canonical_unit(getattr(args, option)), option_role
            break
    return TaskFilter(document_id=document_id, unit=unit, role=role, leader=getattr(args, "leader", None),
                      section=getattr(args, "section", None), status=getattr(args, "status", None),
                      due=getattr(args, "due_state", None),
                      soon_days=getattr(args, "soon_days", None) or DUE_SOON_DAYS)


def cmd_tasks(args, context: CliContext) -> int:
    with context.database.session() as session:
        rows = fetch_tasks(session, task_filter_from_args(args, session))
    if args.json:
        print_json([
            {"id": r.id, "document_id": r.document_id, "no": r.no, "section": r.section, "category": r.category,
             "text": r.text, "leader": r.leader, "lead_units": _names(r.lead_units),
             "coop_units": _names(r.coop_units), "status": r.status, "progress": r.progress, "note": r.note,
             "deadline": r.deadline, "due_date": r.due_date, "ongoing": read_deadline(r.deadline).ongoing,
             "in_notice": r.in_notice, "corrected": r.corrected, "revision": r.revision}
            for r in rows
        ])
        return 0
    for r in rows:
        marks = "".join(f"【{mark}】" for mark, shown in ((NOT_IN_NOTICE, not r.in_notice), (CORRECTED, r.corrected))
                        if shown)
        print(f"{r.no:>4}  {marks}{r.text}\n      分管：{r.leader or '——'}  牵头：{r.lead_units or '——'}  "
              f"配合：{r.coop_units or '——'}  状态：{r.status}")
    print(f"共 {len(rows)} 项任务")
    return 0


def _names(joined: str) -> list[str]:
    return [n for n in joined.split("、") if n]


def cmd_units(args, context: CliContext) -> int:
    with context.database.session() as session:
        document_id = resolve_document(session, args.doc).id if args.doc else None
        units = unit_summaries(session, document_id)
    if args.json:
        print_json([{"name": u.name, "kind": u.kind, "lead": u.lead, "coop": u.coop, "done": u.done,
                     "overdue": u.overdue, "completion_rate": round(u.completion_rate, 4),
                     "statuses": u.statuses} for u in units])
        return 0
    for u in units:
        print(f"{u.name}（{u.kind}）牵头 {u.lead} 项，配合 {u.coop} 项")
    return 0


def cmd_review(args, context: CliContext) -> int:
    changes = {key: value for key, value in (("status", args.status), ("progress", args.progress),
                                               ("note", args.note), ("due_date", args.due)) if value is not None}
    if not changes:
        print("未指定要修改的内容（--status / --progress / --note / --due）")
        return 2
    from gzviewer.store.history import SOURCE_CLI, ChangeSource

    source = ChangeSource(SOURCE_CLI, user=args.user, reason=args.reason)
    try:
        with context.database.session() as session:
            review = save_review(session, args.task_id, source=source, expected_revision=args.revision, **changes)
    except ReviewChangedError as exc:
        with context.database.session() as session:
            current = fetch_tasks(session, TaskFilter(task_ids=(args.task_id,)))
        print(f"错误：{exc}", file=sys.stderr)
        if current:
            r = current[0]
            print(f"现在的内容（版本 {r.revision}）：状态 {r.status}；进展情况 {r.progress or '——'}；"
                  f"备注 {r.note or '——'}；如仍要保存，请加 --revision {r.revision} 重新提交", file=sys.stderr)
        return 1
    print(f"已保存任务 {args.task_id} 的审阅记录：状态 {review.status}（版本 {review.revision}）")
    return 0
