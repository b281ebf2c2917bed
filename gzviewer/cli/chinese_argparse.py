"""argparse with Chinese usage, headings and error lines.

argparse builds its texts in English through ``gettext`` without shipping a Chinese catalogue,
so the few texts a user meets are replaced here: the "usage:" prefix and the section headings
directly, the error messages by matching argparse's (stable) English templates. A message that
matches no template is shown as argparse wrote it, still under the Chinese prefix.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE_PREFIX = "用法："
HELP_HELP = "显示本帮助并退出"
VERSION_HELP = "显示版本号并退出"
POSITIONALS_TITLE = "参数"
OPTIONALS_TITLE = "选项"
TYPE_NAMES = {"int": "整数", "float": "数字"}


def _strip_quotes(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _choices(text: str) -> str:
    return "、".join(_strip_quotes(choice.strip()) for choice in text.split(","))


# argparse's English message templates (Python 3.10-3.13) and their Chinese versions.
MESSAGE_RULES: list[tuple[re.Pattern[str], object]] = [
    (re.compile(r"argument (.+?): (.*)", re.S),
     lambda m: f"参数 {m[1]}：{translate_message(m[2])}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"缺少参数：{m[1]}"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"无法识别的参数：{m[1]}"),
    (re.compile(r"invalid choice: (.*?) \(choose from (.*)\)"),
     lambda m: f"“{_strip_quotes(m[1])}”不是可选的值（可选：{_choices(m[2])}）"),
    (re.compile(r"invalid (\S+) value: (.*)"),
     lambda m: f"“{_strip_quotes(m[2])}”不是有效的{TYPE_NAMES.get(m[1], m[1])}"),
    (re.compile(r"expected one argument"), lambda m: "需要一个值"),
    (re.compile(r"expected at least one argument"), lambda m: "至少需要一个值"),
    (re.compile(r"expected at most one argument"), lambda m: "最多只能给一个值"),
    (re.compile(r"expected (\d+) arguments?"), lambda m: f"需要 {m[1]} 个值"),
    (re.compile(r"not allowed with argument (.*)"), lambda m: f"不能与 {m[1]} 同时使用"),
    (re.compile(r"one of the arguments (.*) is required"), lambda m: f"必须给出其中之一：{m[1]}"),
    (re.compile(r"ambiguous option: (\S+) could match (.*)"), lambda m: f"选项 {m[1]} 不明确，可能是：{m[2]}"),
    (re.compile(r"ignored explicit argument (.*)"), lambda m: f"多余的值 {m[1]}"),
]


def translate_message(message: str) -> str:
    """argparse's English error message in Chinese (unchanged if no template matches)."""
    for pattern, render in MESSAGE_RULES:
        match = pattern.fullmatch(message.strip())
        if match:
            return render(match)  # type: ignore[operator]
    return message


class ChineseHelpFormatter(argparse.HelpFormatter):
    """Usage lines start with “用法：” instead of “usage: ”."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class ChineseArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser (subparsers included) whose user-visible texts are Chinese."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, **{**kwargs, "add_help": False})
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_HELP)

    def add_version(self, version: str) -> None:
        self.add_argument("--version", action="version", version=version, help=VERSION_HELP)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_message(message)}\n")
