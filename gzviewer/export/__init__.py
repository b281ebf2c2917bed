"""Excel writers for meetings and the progress round trip (openpyxl only, no Qt).

The GUI and the CLI call these with the same filters their tables use.
"""

from gzviewer.export.files import ExportResult
from gzviewer.export.progress_import import ProgressImportReport, import_progress
from gzviewer.export.targets_xlsx import export_targets
from gzviewer.export.tasks_xlsx import export_tasks, export_tasks_split

__all__ = ["ExportResult", "ProgressImportReport", "export_targets", "export_tasks", "export_tasks_split",
           "import_progress"]
