"""The main window's actions (menus, toolbar, shortcuts), declared in one table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStyle, QToolBar

from gzviewer.paths import resources_dir

SP = QStyle.StandardPixmap


@dataclass(frozen=True)
class ActionSpec:
    key: str
    text: str
    shortcuts: tuple = ()
    icon: SP | None = None
    tip: str = ""
    short: str = ""  # the toolbar label


SPECS = (
    ActionSpec("import", "导入文件(&I)…", (QKeySequence.StandardKey.Open,), SP.SP_DialogOpenButton,
               "导入政府工作报告、计划报告、规划建议或责任分工文件（也可以把文件拖到窗口中）", short="导入"),
    ActionSpec("export_tasks", "导出任务表(&E)…", ("Ctrl+E",), SP.SP_DialogSaveButton,
               "把任务表当前显示的任务导出为 Excel 工作簿", short="导出"),
    ActionSpec("export_per_unit", "导出任务表（按牵头单位分工作表）…", ("Ctrl+Shift+E",), None,
               "导出当前显示的任务：一个汇总表，另为每个牵头单位建一个工作表"),
    ActionSpec("export_split", "按牵头单位分别导出文件…", (), None,
               "为当前显示任务的每个牵头单位各导出一个 Excel 文件"),
    ActionSpec("export_targets", "导出指标表…", (), None, "把指标表当前显示的指标导出为 Excel 工作簿"),
    ActionSpec("quit", "退出(&Q)", (QKeySequence.StandardKey.Quit, "Ctrl+Q"), None, "退出程序"),
    ActionSpec("find", "查找(&F)…", (QKeySequence.StandardKey.Find,), SP.SP_FileDialogContentsView,
               "在当前文件中查找文字", short="查找"),
    ActionSpec("find_next", "查找下一个", (QKeySequence.StandardKey.FindNext,), None, ""),
    ActionSpec("find_previous", "查找上一个", (QKeySequence.StandardKey.FindPrevious,), None, ""),
    ActionSpec("search_tasks", "搜索任务", ("Ctrl+K",), None, "转到任务表的搜索框"),
    ActionSpec("zoom_in", "放大字体", ("Ctrl+=", "Ctrl++", QKeySequence.StandardKey.ZoomIn), SP.SP_ArrowUp,
               "放大正文字体", short="放大"),
    ActionSpec("zoom_out", "缩小字体", ("Ctrl+-", QKeySequence.StandardKey.ZoomOut), SP.SP_ArrowDown,
               "缩小正文字体", short="缩小"),
    ActionSpec("zoom_reset", "恢复默认字号", ("Ctrl+0",), None, ""),
    ActionSpec("tab_targets", "指标", ("Ctrl+1",), None, "切换到指标表"),
    ActionSpec("tab_tasks", "任务分工", ("Ctrl+2",), None, "切换到任务表"),
    ActionSpec("tab_units", "单位统计", ("Ctrl+3",), None, "切换到单位统计"),
    ActionSpec("tab_links", "关联分析", ("Ctrl+4",), None, "切换到关联分析：未分配的工作、指标走势"),
    ActionSpec("refresh", "刷新(&R)", (QKeySequence.StandardKey.Refresh, "F5"), SP.SP_BrowserReload,
               "重新读取数据库中的内容", short="刷新"),
    ActionSpec("about", "关于(&A)", (), SP.SP_MessageBoxInformation, "版本和说明"),
)

MENUS = (
    ("文件(&F)", ("import", None, "export_tasks", "export_per_unit", "export_split", "export_targets", None,
                "quit")),
    ("编辑(&E)", ("undo", "redo", None, "find", "find_next", "find_previous", "search_tasks")),
    ("视图(&V)", ("zoom_in", "zoom_out", "zoom_reset", None, "tab_targets", "tab_tasks", "tab_units", "tab_links",
                None, "refresh")),
    ("帮助(&H)", ("about",)),
)
TOOLBAR = ("import", "export_tasks", None, "undo", "redo", None, "find", "zoom_in", "zoom_out", None, "refresh")
TOOLBAR_TITLE = "工具栏"


def _shortcut(value) -> list[QKeySequence]:
    if isinstance(value, QKeySequence.StandardKey):
        return QKeySequence.keyBindings(value)
    return [QKeySequence(value)]


def _tooltip(action: QAction) -> str:
    text = action.text().replace("(&", "(").replace("&", "").rstrip("…")
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    return f"{text}（{shortcut}）" if shortcut else text


def create_actions(window: QMainWindow, extra: dict[str, QAction]) -> dict[str, QAction]:
    """QActions for SPECS (plus ``extra``, e.g. the undo stack's), owned by ``window``."""
    style = window.style()
    actions: dict[str, QAction] = dict(extra)
    for spec in SPECS:
        action = QAction(spec.text, window)
        action.setObjectName(f"action_{spec.key}")
        sequences: list[QKeySequence] = []
        for value in spec.shortcuts:
            sequences += [s for s in _shortcut(value) if s not in sequences and not s.isEmpty()]
        action.setShortcuts(sequences)
        if spec.icon is not None:
            action.setIcon(style.standardIcon(spec.icon))
        if spec.tip:
            action.setStatusTip(spec.tip)
        if spec.short:
            action.setIconText(spec.short)
        actions[spec.key] = action
    for action in actions.values():
        action.setToolTip(_tooltip(action))
        window.addAction(action)  # shortcuts work wherever the focus is
    return actions


def build_menus_and_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    bar = window.menuBar()
    for title, keys in MENUS:
        menu = bar.addMenu(title)
        for key in keys:
            if key is None:
                menu.addSeparator()
            else:
                menu.addAction(actions[key])
    toolbar = window.addToolBar(TOOLBAR_TITLE)
    toolbar.setObjectName("mainToolBar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    for key in TOOLBAR:
        if key is None:
            toolbar.addSeparator()
        else:
            toolbar.addAction(actions[key])
    return toolbar


def app_icon() -> QIcon:
    return QIcon(str(resources_dir() / "icons" / "gzviewer.svg"))
