"""Custom item data roles shared by the models, views and delegates."""

from PySide6.QtCore import Qt

_BASE = Qt.ItemDataRole.UserRole

ID_ROLE = _BASE + 1  # the row's database id (task, target, document, heading)
SORT_ROLE = _BASE + 2  # a sortable value (numbers as numbers)
SEARCH_WORDS_ROLE = _BASE + 3  # words to highlight in a cell
DUE_STATE_ROLE = _BASE + 4  # "overdue" / "soon" / None
LOCATION_ROLE = _BASE + 5  # (document_id, start, end) to show in the document pane
EDIT_SESSION_ROLE = _BASE + 6  # setData((value, session)): edits of one editor merge into one undo step
UNIT_COUNTS_ROLE = _BASE + 7  # (lead, coop) task counts of a unit
DOCUMENT_TITLE_ROLE = _BASE + 8
KEY_PARTS_ROLE = _BASE + 9  # [(start, end)] spans of a title that elision keeps (issuer, years)
