"""The About box."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from gzviewer import __version__

APP_TITLE = "广州市规划文件审阅工具"
ABOUT_TITLE = "关于 gzviewer"
ABOUT_TEXT = (
    "<h3>{title}</h3>"
    "<p>版本 {version}</p>"
    "<p>离线阅读和审阅政府工作报告、计划执行情况报告、五年规划建议和责任分工通知："
    "目录导航、指标提取、任务分工筛选、进展登记和 Excel 导出。</p>"
    "<p>所有数据只保存在本机。</p>"
    "<p>内置字体：文泉驿微米黑（Apache License 2.0）。</p>"
)


def about_text() -> str:
    return ABOUT_TEXT.format(title=APP_TITLE, version=__version__)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, ABOUT_TITLE, about_text())
