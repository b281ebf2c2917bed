"""The ``gzviewer`` command: argparse front end over the same functions the GUI uses.

Each command module registers its subcommands with ``register(subparsers)`` and sets
``func(args, context) -> int`` on its parser.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import SQLAlchemyError

from gzviewer import __version__
from gzviewer.cli import (
    core,
    export_cmd,
    links_cmd,
    revisions_cmd,
    selftest_cmd,
    supervision_cmd,
    targets_cmd,
    task_edit_cmd,
    tasks_cmd,
    team_cmd,
)
from gzviewer.cli.chinese_argparse import ChineseArgumentParser
from gzviewer.cli.context import CliContext
from gzviewer.errors import GzviewerError, printable_name
from gzviewer.store.database import DatabaseFailedError, database_error_reason

# An argument the terminal passed as bytes that are not text in the system's encoding (a file
# named in GBK on a UTF-8 system): Python keeps each such byte as a lone surrogate.
REASON_UNDECODABLE_ARGUMENT = ("错误：参数“{argument}”含有无法识别的字节（不是 {encoding} 编码的文字），"
                               "请把文件改名后再试")
EXIT_BAD_ARGUMENT = 2

COMMAND_MODULES = [core, tasks_cmd, task_edit_cmd, targets_cmd, links_cmd, export_cmd, supervision_cmd,
                   revisions_cmd, selftest_cmd, team_cmd]


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="gzviewer", description="广州市规划文件审阅工具（离线）")
    parser.add_version(f"gzviewer {__version__}")
    parser.add_argument("--db", metavar="URL", help="数据库地址（SQLAlchemy URL），默认为用户数据目录中的 SQLite 文件；"
                                                    "也可用环境变量 GZVIEWER_DB 指定")
    subparsers = parser.add_subparsers(dest="command", metavar="命令")
    for module in COMMAND_MODULES:
        module.register(subparsers)
    return parser


def undecodable_argument(arguments: Sequence[str]) -> str | None:
    """The first argument holding undecodable bytes, shown with them as ``\\xNN``; else None."""
    for argument in arguments:
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            raw = os.fsencode(argument)
            return printable_name(raw.decode("utf-8", "backslashreplace"))
    return None


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    bad = undecodable_argument(arguments)
    if bad is not None:
        print(REASON_UNDECODABLE_ARGUMENT.format(argument=bad, encoding=sys.getfilesystemencoding().upper()),
              file=sys.stderr)
        return EXIT_BAD_ARGUMENT
    parser = build_parser()
    args = parser.parse_args(arguments)
    if args.command is None:
        args = parser.parse_args([*arguments, "gui"])
    context = CliContext(db_url=args.db)
    try:
        return args.func(args, context)
    except GzviewerError as exc:
        print(f"错误：{exc}{getattr(exc, 'cli_hint', '')}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:  # the store failed after opening: locked, damaged, disk full
        failure = DatabaseFailedError(context.database_url, database_error_reason(exc))
        print(f"错误：{failure}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    finally:
        context.close()
