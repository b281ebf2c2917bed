"""Cross-document commands: ``link``, ``coverage``, ``indicator``, ``draft``, ``suggest-units``."""

from __future__ import annotations

from pathlib import Path

from gzviewer.cli.context import CliContext, print_json, require_xlsx, writing
from gzviewer.errors import GzviewerError
from gzviewer.store.link_queries import (
    indicator_timeline,
    link_documents,
    load_tasks,
    report_coverage,
    stored_tasks,
)
from gzviewer.store.queries import resolve_document
from gzviewer.vocabulary import TARGET_KIND_LABELS, format_value

# The linker, drafter and suggester (rapidfuzz, ~0.1 s) are imported by the commands that use
# them: every command, ``gui`` included, loads this module before it knows which one runs.



def register(subparsers) -> None:
    p = subparsers.add_parser("link", help="把责任分工的每项任务对应到报告原句")
    p.add_argument("report", metavar="报告", help="报告（编号或标题片段）")
    p.add_argument("assignment", metavar="分工文件", help="责任分工文件（编号或标题片段）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_link)

    p = subparsers.add_parser("coverage", help="列出报告中没有分工任务的工作安排句子，以及找不到出处的任务")
    p.add_argument("report", metavar="报告", help="报告（编号或标题片段）")
    p.add_argument("assignment", metavar="分工文件", help="责任分工文件（编号或标题片段）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_coverage)

    p = subparsers.add_parser("indicator", help="同一指标在各文件中的目标值和实绩")
    p.add_argument("name", metavar="指标", help="指标名称，如 地区生产总值、固定资产投资、城镇新增就业")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_indicator)

    p = subparsers.add_parser("draft", help="从没有分工表的报告起草任务清单并建议牵头单位")
    p.add_argument("report", metavar="报告", help="报告（编号或标题片段）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.add_argument("--xlsx", metavar="FILE", help="把草稿写入 Excel 文件")
    p.add_argument("--force", action="store_true", help="Excel 文件已存在时覆盖")
    p.set_defaults(func=cmd_draft)

    p = subparsers.add_parser("suggest-units", help="为任务文字建议牵头单位，或评估建议的准确率")
    p.add_argument("text", nargs="?", metavar="任务文字", help="任务文字")
    p.add_argument("--evaluate", metavar="DOC", help="在一份责任分工上评估（不使用同一类别的任务）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_suggest_units)


def cmd_link(args, context: CliContext) -> int:
    with context.database.session() as session:
        report, tasks, alignments = link_documents(session, resolve_document(session, args.report),
                                                   resolve_document(session, args.assignment))
    if args.json:
        print_json([a.to_json(report.sentences) for a in alignments])
        return 0
    texts = {t.no: t.text for t in tasks}
    for a in alignments:
        print(f"任务{a.no}：{texts[a.no]}")
        sources = [report.sentences[i].text for i in a.sentence_indices] or ["（未找到出处）"]
        for sentence in sources:
            print(f"    ← {sentence}")
    found = sum(bool(a.sentence_indices) for a in alignments)
    print(f"共 {len(alignments)} 项任务，{found} 项找到出处")
    return 0


def cmd_coverage(args, context: CliContext) -> int:
    with context.database.session() as session:
        report = resolve_document(session, args.report)
        assignment = resolve_document(session, args.assignment)
        result = report_coverage(session, report.id, assignment.id)
    if args.json:
        print_json(result.to_json())
        return 0
    print(f"报告中没有对应任务的工作安排句子（{len(result.uncovered)} 句）：")
    for item in result.uncovered:
        print(f"  [{item.section or '—'}] {item.text}")
    print(f"找不到报告出处的任务（{len(result.unsourced)} 项）：")
    for task in result.unsourced:
        print(f"  任务{task.no}：{task.text}")
    return 0


def cmd_indicator(args, context: CliContext) -> int:
    with context.database.session() as session:
        points = indicator_timeline(session, args.name)
    if args.json:
        print_json([p.to_json() for p in points])
        return 0
    if not points:
        print(f"没有找到指标“{args.name}”")
        return 0
    for p in points:
        value = format_value(p.value, p.value_high)
        print(f"{p.year or '年份未注明'}  [{TARGET_KIND_LABELS.get(p.kind, p.kind)}] {p.indicator} {value}{p.unit or ''}"
              f"{p.qualifier or ''}（{p.document}）")
    print(f"共 {len(points)} 项")
    return 0


def cmd_draft(args, context: CliContext) -> int:
    from gzviewer.export.draft_workbook import draft_title, write_draft_workbook
    from gzviewer.store.drafting_queries import draft_for_document

    require_xlsx(args.xlsx)
    with context.database.session() as session:
        document = resolve_document(session, args.report)
        drafts = draft_for_document(session, document.id)
        title = document.title
    if args.xlsx:
        with writing(args.xlsx):
            write_draft_workbook(drafts, Path(args.xlsx), title=draft_title(title), overwrite=args.force)
    if args.json:
        print_json([d.to_json() for d in drafts])
        return 0
    for d in drafts:
        units = "、".join(s.unit for s in d.suggestions) or "（无建议）"
        print(f"{d.no}. {d.text}\n    建议牵头单位：{units}")
    print(f"共 {len(drafts)} 项候选任务" + (f"，已写入 {args.xlsx}" if args.xlsx else ""))
    return 0


def cmd_suggest_units(args, context: CliContext) -> int:
    from gzviewer.parse.unit_suggest import LeadUnitSuggester, evaluate_suggestions

    if args.evaluate:
        with context.database.session() as session:
            document = resolve_document(session, args.evaluate)
            tasks = load_tasks(session, document)
            history = stored_tasks(session, exclude_document_id=document.id)
        result = evaluate_suggestions(tasks, history)
        if args.json:
            print_json(result.to_json())
        else:
            print(f"评估任务 {result.total} 项：首选命中率 {result.top1_rate:.1%}，前三命中率 {result.top3_rate:.1%}")
        return 0
    if not args.text:
        raise GzviewerError("请提供任务文字，或用 --evaluate 指定要评估的责任分工文件")
    with context.database.session() as session:
        history = stored_tasks(session)
    suggestions = LeadUnitSuggester(examples=history).rank(args.text)
    if args.json:
        print_json([s.to_json() for s in suggestions])
        return 0
    for s in suggestions:
        print(f"{s.unit}（{s.score:.2f}）{'；'.join(s.reasons)}")
    if not suggestions:
        print("没有可建议的单位")
    return 0
