"""Correcting tasks by hand: ``gzviewer task edit|add|delete|restore|split|merge``."""

from __future__ import annotations

from gzviewer.cli.context import CliContext

DONE = "已完成：{description}"
TASK_HELP = "任务的内部编号（tasks --json 中的 id）；给出 --doc 时为该文件中的任务序号"


def register(subparsers) -> None:
    p = subparsers.add_parser("task", help="手工更正任务：修改、新增、删除、拆分、合并（更正在重新导入后保留）")
    actions = p.add_subparsers(dest="action", metavar="操作", required=True)

    edit = actions.add_parser("edit", help="修改任务内容、分管领导、牵头和配合单位、完成时限")
    _task_argument(edit)
    edit.add_argument("--text", help="任务内容")
    edit.add_argument("--leader", help="分管领导（空字符串为清除）")
    edit.add_argument("--lead", metavar="UNITS", help="牵头单位，多个用“、”分隔（空字符串为清除）")
    edit.add_argument("--coop", metavar="UNITS", help="配合单位，多个用“、”分隔（空字符串为清除）")
    edit.add_argument("--deadline", help="完成时限（空字符串为清除）")
    edit.set_defaults(func=cmd_edit)

    add = actions.add_parser("add", help="新增一项任务")
    add.add_argument("--doc", required=True, help="文件编号或标题片段")
    add.add_argument("--text", required=True, help="任务内容")
    add.add_argument("--leader", help="分管领导")
    add.add_argument("--lead", metavar="UNITS", help="牵头单位，多个用“、”分隔")
    add.add_argument("--coop", metavar="UNITS", help="配合单位，多个用“、”分隔")
    add.add_argument("--deadline", help="完成时限")
    add.add_argument("--after", type=int, metavar="序号", help="放在该序号的任务之后（默认放在最后）")
    add.set_defaults(func=cmd_add)

    delete = actions.add_parser("delete", help="删除一项任务（保留审阅记录，可用 task restore 恢复）")
    _task_argument(delete)
    delete.set_defaults(func=cmd_delete)

    restore = actions.add_parser("restore", help="恢复一项已删除的任务")
    _task_argument(restore)
    restore.set_defaults(func=cmd_restore)

    split = actions.add_parser("split", help="把一项任务拆分为几项")
    _task_argument(split)
    split.add_argument("--part", action="append", required=True, metavar="TEXT",
                       help="拆分后每一项的内容，按顺序给出，至少两次")
    split.set_defaults(func=cmd_split)

    merge = actions.add_parser("merge", help="把几项任务合并为一项（并入其中第一项）")
    merge.add_argument("tasks", nargs="+", type=int, metavar="任务", help=TASK_HELP)
    merge.add_argument("--doc", help="文件编号或标题片段（给出时任务为序号）")
    merge.set_defaults(func=cmd_merge)


def _task_argument(parser) -> None:
    parser.add_argument("task", type=int, metavar="任务", help=TASK_HELP)
    parser.add_argument("--doc", help="文件编号或标题片段（给出时任务为序号）")


def _task_id(session, task: int, doc: str | None) -> int:
    """The internal id of a task given by id, or by its number in ``doc``."""
    if not doc:
        return task
    from gzviewer.errors import NotFoundError
    from gzviewer.store.queries import TaskFilter, fetch_tasks, resolve_document

    document = resolve_document(session, doc)
    matches = [r.id for r in fetch_tasks(session, TaskFilter(document_id=document.id)) if r.no == task]
    if len(matches) != 1:
        reason = "没有" if not matches else "有多项"
        raise NotFoundError(f"文件“{document.title}”中{reason}序号为 {task} 的任务（可用任务的内部编号指定）")
    return matches[0]


def _report(edit) -> int:
    print(DONE.format(description=edit.description))
    return 0


def cmd_edit(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import edit_task

    with context.database.session() as session:
        edit = edit_task(session, _task_id(session, args.task, args.doc), text=args.text, leader=args.leader,
                         lead_units=args.lead, coop_units=args.coop, deadline=args.deadline)
        return _report(edit)


def cmd_add(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import add_task
    from gzviewer.store.queries import resolve_document

    with context.database.session() as session:
        document = resolve_document(session, args.doc)
        after = _task_id(session, args.after, str(document.id)) if args.after is not None else None
        edit = add_task(session, document.id, args.text, leader=args.leader, lead_units=args.lead,
                        coop_units=args.coop, deadline=args.deadline, after_task_id=after)
        return _report(edit)


def cmd_delete(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import delete_task

    with context.database.session() as session:
        return _report(delete_task(session, _task_id(session, args.task, args.doc)))


def cmd_restore(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import restore_task

    with context.database.session() as session:
        task_id = args.task if not args.doc else _deleted_task_id(session, args.task, args.doc)
        return _report(restore_task(session, task_id))


def _deleted_task_id(session, no: int, doc: str) -> int:
    from gzviewer.errors import NotFoundError
    from gzviewer.services.task_edits import deleted_task_ids
    from gzviewer.store.queries import resolve_document

    document = resolve_document(session, doc)
    matches = deleted_task_ids(session, document.id, no)
    if len(matches) != 1:
        raise NotFoundError(f"文件“{document.title}”中{'没有' if not matches else '有多项'}序号为 {no} 的已删除任务")
    return matches[0]


def cmd_split(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import split_task

    with context.database.session() as session:
        return _report(split_task(session, _task_id(session, args.task, args.doc), args.part))


def cmd_merge(args, context: CliContext) -> int:
    from gzviewer.services.task_edits import merge_tasks

    with context.database.session() as session:
        return _report(merge_tasks(session, [_task_id(session, t, args.doc) for t in args.tasks]))
