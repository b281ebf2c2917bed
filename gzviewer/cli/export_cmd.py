"""Excel commands: ``export tasks``, ``export targets`` and ``import-progress``."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from gzviewer.cli.context import CliContext, print_json, require_xlsx, writing
from gzviewer.cli.tasks_cmd import task_filter_from_args
from gzviewer.errors import GzviewerError
from gzviewer.store.queries import STATUSES, TargetFilter, resolve_document

if TYPE_CHECKING:
    from gzviewer.export.progress_import import ProgressImportReport

# openpyxl is imported by the commands themselves, so other commands start quickly.

MAX_CELL_WIDTH = 36
ELLIPSIS = "…"
COLUMN_GAP = "  "
CHANGE_HEADERS = ("工作表", "行", "序号", "项目", "原内容", "新内容")
CONFLICT_HEADERS = ("工作表", "行", "序号", "项目", "导出时", "库中现为", "表中填写", "审阅版本")
REJECTED_HEADERS = ("工作表", "行", "序号", "原因")
MISSING_HEADERS = ("序号", "任务", "原因")
SKIPPED_HEADERS = ("工作表", "原因")
EMPTY_VALUE = "（空）"
MAX_REJECTION_GROUPS = 100
MORE_REJECTIONS = "……另有 {groups:,} 种原因（{rows:,} 行）未列出，用 --json 可查看每一行"
EXIT_PROBLEMS = 1


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="导出 Excel（任务分工表、量化指标表）")
    kinds = p.add_subparsers(dest="export_kind", metavar="类型", required=True)

    t = kinds.add_parser("tasks", help="导出任务分工表（可按单位筛选、按牵头单位分表或分文件）")
    t.add_argument("--doc", help="只导出某个文件（编号或标题片段）")
    units = t.add_mutually_exclusive_group()
    units.add_argument("--lead", metavar="UNIT", help="牵头单位（可用简称）")
    units.add_argument("--unit", metavar="UNIT", help="牵头或配合单位（可用简称）")
    units.add_argument("--coop", metavar="UNIT", help="配合单位（可用简称）")
    t.add_argument("--leader", metavar="NAME", help="分管领导")
    t.add_argument("--section", metavar="TEXT", help="板块或类别中包含的文字")
    t.add_argument("--status", choices=STATUSES, help="审阅状态")
    t.add_argument("--title", help="表格标题（默认由文件标题和筛选条件生成）")
    target = t.add_mutually_exclusive_group(required=True)
    target.add_argument("-o", "--output", metavar="FILE.xlsx", help="输出文件")
    target.add_argument("--split", metavar="DIR", help="按牵头单位分别输出到目录中的多个文件")
    t.add_argument("--per-unit", action="store_true", help="同一文件中增加汇总表，并按牵头单位分工作表")
    t.add_argument("--round", metavar="NAME", help="督办轮次（与 --split 同用：按轮次范围导出，表头注明轮次）")
    t.add_argument("--force", action="store_true", help="输出文件已存在时覆盖（默认不覆盖，以免替换单位返回的表格）")
    t.set_defaults(func=cmd_export_tasks)

    g = kinds.add_parser("targets", help="导出量化指标表（含来源文件、章节、原句）")
    g.add_argument("--doc", help="只导出某个文件（编号或标题片段）")
    g.add_argument("--kind", choices=("target", "achievement"), help="target 目标 / achievement 成绩")
    g.add_argument("--search", help="指标或原句中包含的文字")
    g.add_argument("--title", help="表格标题")
    g.add_argument("-o", "--output", metavar="FILE.xlsx", required=True, help="输出文件")
    g.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    g.set_defaults(func=cmd_export_targets)

    i = subparsers.add_parser("import-progress", help="读回各单位在导出表中填写的状态、进展情况、备注",
                              epilog="有冲突或未能导入的行时返回 1。")
    i.add_argument("file", metavar="FILE.xlsx", help="由 export tasks 导出、单位填写后的文件")
    i.add_argument("--dry-run", action="store_true", help="只显示将要修改的内容，不写入数据库")
    i.add_argument("--round", metavar="NAME", help="记入的督办轮次（round open 新建的名称）")
    i.add_argument("--user", help="记入修改记录的操作人（默认为本机用户名）")
    i.add_argument("--json", action="store_true", help="以 JSON 输出")
    i.add_argument("--force", action="store_true",
                   help="冲突项也以表中填写为准（覆盖导出后库中的修改；默认只列出，不写入）")
    i.set_defaults(func=cmd_import_progress)


def cmd_export_tasks(args, context: CliContext) -> int:
    from gzviewer.export import export_tasks, export_tasks_split

    if args.split and args.per_unit:
        raise GzviewerError("--per-unit 与 --split 不能同时使用")
    if args.round and not args.split:
        raise GzviewerError("--round 需与 --split 同用（每个牵头单位一个文件）")
    require_xlsx(args.output)
    with context.database.session() as session, writing(args.output or args.split):
        task_filter = task_filter_from_args(args, session)
        if args.round:
            from gzviewer.services.rounds import export_round_sheets

            results = export_round_sheets(session, args.round, args.split, task_filter, title=args.title,
                                          overwrite=args.force)
        elif args.split:
            results = export_tasks_split(session, task_filter, args.split, title=args.title,
                                         overwrite=args.force)
        if args.split:
            for result in results:
                print(f"{result.path.name}：{result.count} 项任务")
            print(f"共 {len(results)} 个文件，已写入目录 {args.split}")
            return 0
        result = export_tasks(session, task_filter, args.output, title=args.title, per_unit=args.per_unit,
                              overwrite=args.force)
    print(f"已导出 {result.count} 项任务到 {result.path}（工作表 {len(result.sheets)} 个）")
    return 0


def cmd_export_targets(args, context: CliContext) -> int:
    from gzviewer.export import export_targets

    require_xlsx(args.output)
    with context.database.session() as session, writing(args.output):
        document_id = resolve_document(session, args.doc).id if args.doc else None
        target_filter = TargetFilter(document_id=document_id, kind=args.kind, text=args.search)
        result = export_targets(session, target_filter, args.output, title=args.title, overwrite=args.force)
    print(f"已导出 {result.count} 项指标到 {result.path}")
    return 0


def cmd_import_progress(args, context: CliContext) -> int:
    from gzviewer.services.rounds import import_returned_sheet

    with context.database.session() as session:
        report = import_returned_sheet(session, args.file, args.round, dry_run=args.dry_run,
                                       overwrite_conflicts=args.force, user=args.user)
    if args.json:
        print_json(report.to_json() | {"round": args.round})
    else:
        print_report(report)
        if args.round and not args.dry_run:
            print(f"已记入督办轮次“{args.round}”：{'、'.join(report.units) or '（未列单位）'}已返回")
    return EXIT_PROBLEMS if report.has_problems else 0


# --- report ----------------------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Terminal columns of ``text``: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_report(report: ProgressImportReport) -> None:
    verb = "将修改" if report.dry_run else "已修改"
    if report.changes:
        print(f"{verb}的内容：")
        _print_table(CHANGE_HEADERS, [(c.sheet, c.row, c.no, c.label, c.old, c.new) for c in report.changes])
    if report.conflicts:
        applied = any(c.applied for c in report.conflicts)
        print("冲突（导出后该任务的审阅记录已被修改，" + ("已按 --force 以表中填写为准）：" if applied
                                                         else "未导入；确认以表中为准请加 --force）："))
        _print_table(CONFLICT_HEADERS, [(c.sheet, c.row, c.no, c.label, c.exported, c.database, c.sheet_value,
                                         f"{c.exported_revision}→{c.database_revision}")
                                        for c in report.conflicts])
    if report.rejected:
        print("未能导入的行：")
        _print_rejections(report)
    if report.missing:
        print("表中找不到的导出任务（未导入）：")
        _print_table(MISSING_HEADERS, [(m.no, m.text, m.reason) for m in report.missing])
    skipped = [s for s in report.skipped_sheets if not s.expected]
    if skipped:
        print("未读取的工作表：")
        _print_table(SKIPPED_HEADERS, [(s.sheet, s.reason) for s in skipped], shorten=False)
    summary = (f"读取 {report.rows_read} 行：{verb} {report.tasks_changed} 项任务（{len(report.changes)} 处），"
               f"无变化 {report.unchanged} 项，冲突 {len(report.conflicts)} 处，未能导入 {len(report.rejected)} 行，"
               f"找不到 {len(report.missing)} 项，未读取工作表 {len(skipped)} 个")
    print(summary + ("（试运行，未写入数据库）" if report.dry_run else ""))


def _print_rejections(report: ProgressImportReport) -> None:
    """Identical reasons once, with their rows and count; at most MAX_REJECTION_GROUPS lines."""
    from gzviewer.export.progress_import import group_rejections

    groups = group_rejections(report.rejected)
    rows = [(g.sheet, g.row_ranges(), g.no, g.reason + (f"（{g.count:,} 行）" if g.count > 1 else ""))
            for g in groups[:MAX_REJECTION_GROUPS]]
    _print_table(REJECTED_HEADERS, rows, shorten=False)
    if len(groups) > MAX_REJECTION_GROUPS:
        rest = groups[MAX_REJECTION_GROUPS:]
        print(MORE_REJECTIONS.format(groups=len(rest), rows=sum(g.count for g in rest)))


def _shorten(value, shorten: bool = True) -> str:
    text = str(value).replace("\n", " ") if value not in (None, "") else EMPTY_VALUE
    if not shorten or display_width(text) <= MAX_CELL_WIDTH:
        return text
    # Cut in one pass: cutting one character at a time and measuring again was quadratic
    # (a 32,767-character cell took minutes).
    width = 0
    for end, ch in enumerate(text):
        width += display_width(ch)
        if width > MAX_CELL_WIDTH - 1:
            return text[:end] + ELLIPSIS
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def _print_table(headers: tuple[str, ...], rows: list[tuple], shorten: bool = True) -> None:
    cells = [[_shorten(v, shorten) for v in row] for row in rows]
    widths = [max(display_width(text) for text in column) for column in zip(headers, *cells, strict=True)]
    for line in [list(headers), *cells]:
        print(COLUMN_GAP.join(_pad(text, width) for text, width in zip(line, widths, strict=True)).rstrip())
