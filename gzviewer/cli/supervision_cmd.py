"""Supervision commands: ``history``, ``round open|status|chase|list``, ``bulletin``."""

from __future__ import annotations

import argparse
from datetime import date

from gzviewer.cli.context import CliContext, print_json

EMPTY = "（空）"


def register(subparsers) -> None:
    p = subparsers.add_parser("history", help="一项任务的修改记录（时间、项目、原值→新值、来源、操作人、轮次）")
    p.add_argument("task_id", type=int, metavar="任务编号", help="任务的内部编号（tasks --json 中的 id）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_history)

    r = subparsers.add_parser("round", help="督办轮次：新建、查看返回情况、导出催办清单")
    actions = r.add_subparsers(dest="round_action", metavar="操作", required=True)
    o = actions.add_parser("open", help="新建督办轮次（如“2021年第一季度”）")
    o.add_argument("name", metavar="名称")
    o.add_argument("--due", metavar="YYYY-MM-DD", help="各单位返回填报表的截止日期")
    o.add_argument("--doc", help="督办的通知（编号或标题片段；库中只有一份分工通知时可省略）")
    o.set_defaults(func=cmd_round_open)
    s = actions.add_parser("status", help="各牵头单位的返回情况：是否返回、填报项数、无变化、逾期")
    s.add_argument("name", metavar="名称")
    s.add_argument("--today", metavar="YYYY-MM-DD", help=argparse.SUPPRESS)
    s.add_argument("--json", action="store_true", help="以 JSON 输出")
    s.set_defaults(func=cmd_round_status)
    c = actions.add_parser("chase", help="导出催办清单（未返回或未填报的单位和任务，联系人一栏留空）")
    c.add_argument("name", metavar="名称")
    c.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="输出文件")
    c.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    c.set_defaults(func=cmd_round_chase)
    ls = actions.add_parser("list", help="列出督办轮次")
    ls.add_argument("--json", action="store_true", help="以 JSON 输出")
    ls.set_defaults(func=cmd_round_list)

    b = subparsers.add_parser("bulletin", help="生成督办情况通报（Word 文档，A4 公文格式）")
    b.add_argument("name", metavar="轮次", help="督办轮次名称")
    b.add_argument("-o", "--output", metavar="FILE.docx", required=True, help="输出文件")
    b.add_argument("--date", metavar="YYYY-MM-DD", help="通报日期（默认今天）")
    b.add_argument("--issuer", help="落款单位（默认“督查室”）")
    b.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    b.set_defaults(func=cmd_bulletin)


def _today(value: str | None) -> date | None:
    from gzviewer.store.rounds import iso_date

    iso = iso_date(value) if value else None
    return date.fromisoformat(iso) if iso else None


def cmd_history(args, context: CliContext) -> int:
    from gzviewer.store.history import task_history
    from gzviewer.store.queries import fetch_tasks_by_ids

    with context.database.session() as session:
        tasks = fetch_tasks_by_ids(session, [args.task_id])
        if not tasks:
            from gzviewer.errors import NotFoundError

            raise NotFoundError(f"找不到任务（编号 {args.task_id}）")
        entries = task_history(session, args.task_id)
    if args.json:
        print_json([e.to_json() for e in entries])
        return 0
    task = tasks[0]
    print(f"第 {task.no} 项：{task.text}")
    if not entries:
        print("还没有修改记录")
    for e in entries:
        reason = f"（原因：{e.reason}）" if e.reason else ""
        print(f"{e.at:%Y-%m-%d %H:%M}  {e.field_label}：{e.old or EMPTY} → {e.new or EMPTY}{reason}"
              f"  来源：{e.source_label}  操作人：{e.user or '—'}")
    print(f"共 {len(entries)} 条修改记录")
    return 0


def cmd_round_open(args, context: CliContext) -> int:
    from gzviewer.services.rounds import open_round

    with context.database.session() as session:
        info = open_round(session, args.name, args.due, args.doc)
    scope = f"，督办文件：{info.document_title}" if info.document_title else ""
    print(f"已新建督办轮次“{info.name}”（返回截止：{info.due or '未定'}{scope}）")
    return 0


def cmd_round_status(args, context: CliContext) -> int:
    from gzviewer.services.rounds import round_status

    with context.database.session() as session:
        status = round_status(session, args.name, _today(getattr(args, "today", None)))
    if args.json:
        print_json(status.to_json())
        return 0
    print(f"督办轮次“{status.round.name}”（返回截止：{status.round.due or '未定'}，逾期按 {status.reference} 计）")
    for u in status.units:
        returned = f"已返回（{len(u.files)} 份）" if u.returned else "未返回"
        print(f"{u.unit}：{returned}  牵头 {u.tasks} 项，已填报 {u.reported} 项，其中无变化 {u.unchanged} 项，"
              f"逾期 {u.late} 项")
    missing = status.missing_units
    print(f"共 {len(status.units)} 个牵头单位，已返回 {len(status.units) - len(missing)} 个，未返回 {len(missing)} 个"
          + (f"：{'、'.join(missing)}" if missing else ""))
    return 0


def cmd_round_chase(args, context: CliContext) -> int:
    from gzviewer.services.rounds import export_chase_list

    with context.database.session() as session:
        path, rows = export_chase_list(session, args.name, args.output, overwrite=args.force)
    units = len({r.unit for r in rows})
    print(f"已导出催办清单到 {path}：{units} 个单位，{len(rows)} 项任务")
    return 0


def cmd_round_list(args, context: CliContext) -> int:
    from gzviewer.services.rounds import list_round_infos

    with context.database.session() as session:
        infos = list_round_infos(session)
    if args.json:
        print_json([i.to_json() for i in infos])
        return 0
    if not infos:
        print("还没有督办轮次。用 gzviewer round open 名称 --due 日期 新建。")
    for i in infos:
        print(f"{i.name}（返回截止：{i.due or '未定'}，新建于 {i.opened_at:%Y-%m-%d}）")
    return 0


def cmd_bulletin(args, context: CliContext) -> int:
    from gzviewer.services.bulletin import write_bulletin

    with context.database.session() as session:
        result = write_bulletin(session, args.name, args.output, issued=_today(args.date), issuer=args.issuer,
                                overwrite=args.force)
    print(f"已生成情况通报 {result.path}：任务 {result.figures.total} 项，已完成 {result.figures.done} 项，"
          f"逾期或滞后 {len(result.figures.late_tasks)} 项")
    return 0
