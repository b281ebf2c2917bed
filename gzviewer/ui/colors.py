"""The few colours gzviewer uses, in one place (muted, readable on a light background)."""

from PySide6.QtGui import QColor

OVERDUE_BACKGROUND = QColor("#f9d6d5")  # past due and not done
DUE_SOON_BACKGROUND = QColor("#fdf0c2")  # due within DUE_SOON_DAYS
OVERDUE_TEXT = QColor("#b42318")

TARGET_BACKGROUND = QColor("#e2edfd")  # extracted figures in the document
TASK_BACKGROUND = QColor("#e3f4e1")  # task sentences in the document
GLOSSARY_UNDERLINE = QColor("#7c3aed")
FIND_MATCH = QColor("#fff1a8")
FIND_CURRENT = QColor("#ffb347")
LOCATED_BACKGROUND = QColor("#ffd8a8")  # the sentence a table row points at
SEARCH_WORD_BACKGROUND = QColor("#ffe066")

# Review statuses, in STATUSES order: 未开始, 推进中, 已完成, 滞后, 需协调.
STATUS_COLORS = (QColor("#b8c2cc"), QColor("#4c8bf5"), QColor("#34a853"), QColor("#e8453c"),
                 QColor("#f5a623"))
