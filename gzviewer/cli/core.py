"""Core commands: extract, import, list, show, outline, gui."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gzviewer.cli.context import CliContext, print_json
from gzviewer.services.revisions import STATUS_LABELS, describe_outcome
from gzviewer.vocabulary import DOCUMENT_KIND_LABELS


def register(subparsers) -> None:
    p = subparsers.add_parser("extract", help="解析一个文件并输出结果（不写数据库）")
    p.add_argument("file", metavar="文件", help="要解析的文件（txt、Word、PDF、网页、Excel）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_extract)

    p = subparsers.add_parser("import", help="导入文件到数据库")
    p.add_argument("files", nargs="+", metavar="文件", help="要导入的文件，可给多个")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("list", help="列出已导入的文件")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_list)

    p = subparsers.add_parser("show", help="显示一个文件的信息和正文")
    p.add_argument("doc", metavar="文件", help="文件编号或标题片段")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_show)

    p = subparsers.add_parser("outline", help="显示一个文件的目录结构")
    p.add_argument("doc", metavar="文件", help="文件编号或标题片段")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    p.set_defaults(func=cmd_outline)

    p = subparsers.add_parser("gui", help="启动图形界面（默认）")
    # Also accepted after the command (gzviewer gui --db URL); SUPPRESS keeps a --db given before it.
    p.add_argument("--db", metavar="URL", default=argparse.SUPPRESS, help="数据库地址（SQLAlchemy URL）")
    p.set_defaults(func=cmd_gui)


def cmd_extract(args, context: CliContext) -> int:
    from gzviewer.parse.pipeline import extract_file

    extracted = extract_file(args.file)
    if args.json:
        print_json(extracted.to_json())
        return 0
    meta = extracted.meta
    print(f"标题：{meta.title}\n类型：{DOCUMENT_KIND_LABELS.get(meta.kind, meta.kind)}\n日期：{meta.date or '未知'}")
    print(f"目录 {len(extracted.outline)} 项，指标 {len(extracted.targets)} 项，任务 {len(extracted.tasks)} 项")
    for heading in extracted.outline:
        print(f"{'  ' * (heading.level - 1)}{heading.label}{heading.title}")
    return 0


def _terminal_progress(index: int, total: int, path: str) -> None:
    if not sys.stderr.isatty() or not path:
        return
    print(f"\r[{index + 1}/{total}] 正在导入 {Path(path).name} …", end="", file=sys.stderr, flush=True)


def cmd_import(args, context: CliContext) -> int:
    from gzviewer.store.importer import import_files

    results = import_files(context.database, args.files, progress=_terminal_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    failed = 0
    for result in results:
        if result.error:
            failed += 1
            print(f"错误：{result.error}", file=sys.stderr)
        else:
            outcome = result.outcome
            assert outcome is not None  # a result without an error has an outcome
            print(f"{STATUS_LABELS[outcome.status]}：[{outcome.document_id}] {outcome.title}")
            for line in describe_outcome(outcome):
                print(f"  {line}")
    if failed < len(results) and not any(r.stopped for r in results):  # not on a store that just failed
        _link_new_tables(context)
    return 1 if failed else 0


def _link_new_tables(context: CliContext) -> None:
    """Link assignment tables to their reports (see ``link_unlinked_assignments``)."""
    from gzviewer.store.link_queries import link_unlinked_assignments

    with context.database.session() as session:
        for report, assignment in link_unlinked_assignments(session):
            print(f"已找到任务出处：[{assignment.id}] {assignment.title} → [{report.id}] {report.title}")


def cmd_list(args, context: CliContext) -> int:
    from gzviewer.store.queries import list_documents

    with context.database.session() as session:
        documents = list_documents(session)
    if args.json:
        print_json([vars(d) | {"kind_label": d.kind_label} for d in documents])
        return 0
    if not documents:
        print("数据库中还没有文件。用 gzviewer import 文件 导入。")
    for d in documents:
        print(f"[{d.id}] {d.title}（{d.kind_label}，{d.date or d.year or '日期未知'}）"
              f" 目录{d.headings} 指标{d.targets} 任务{d.tasks}")
    return 0


def cmd_show(args, context: CliContext) -> int:
    from gzviewer.store.queries import resolve_document

    with context.database.session() as session:
        d = resolve_document(session, args.doc)
        info = {"id": d.id, "title": d.title, "kind": d.kind, "issuer": d.issuer, "speaker": d.speaker,
                "meeting": d.meeting, "date": d.date, "year": d.year, "level": d.level,
                "doc_number": d.doc_number, "source": d.source_name, "format": d.format,
                "content_hash": d.content_hash, "text": d.text}
    if args.json:
        print_json(info)
        return 0
    for label, key in (("标题", "title"), ("类型", "kind"), ("发文机关", "issuer"), ("报告人", "speaker"),
                       ("会议", "meeting"), ("日期", "date"), ("文号", "doc_number"), ("来源文件", "source")):
        if info[key]:
            value = DOCUMENT_KIND_LABELS.get(str(info[key]), info[key]) if key == "kind" else info[key]
            print(f"{label}：{value}")
    print()
    print(info["text"])
    return 0


def cmd_outline(args, context: CliContext) -> int:
    from gzviewer.store.queries import document_outline, resolve_document

    with context.database.session() as session:
        document = resolve_document(session, args.doc)
        headings = [{"level": h.level, "label": h.label, "title": h.title, "line": h.line}
                    for h in document_outline(session, document.id)]
    if args.json:
        print_json(headings)
        return 0
    for h in headings:
        print(f"{'  ' * (int(str(h['level'])) - 1)}{h['label']}{h['title']}")
    return 0


def cmd_gui(args, context: CliContext) -> int:
    from gzviewer.app import run_gui

    return run_gui(context.db_url)
