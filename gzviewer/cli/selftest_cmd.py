"""``gzviewer selftest``: check that this installation is complete and works (no screen needed)."""

from __future__ import annotations

from gzviewer.cli.context import CliContext


def register(subparsers) -> None:
    from gzviewer.selftest import add_arguments

    p = subparsers.add_parser("selftest", help="安装自检：资源、数据库、分词、样例解析、Excel 导出、界面",
                              description="逐项检查并输出“通过：…”或“失败：…”，有失败项时返回 1。"
                                          "检查在临时目录中进行，不会改动用户数据库。")
    add_arguments(p)
    p.set_defaults(func=cmd_selftest)


def cmd_selftest(args, context: CliContext) -> int:
    from gzviewer.selftest import run_selftest

    return run_selftest(gui=not args.no_gui, verbose=args.verbose)
