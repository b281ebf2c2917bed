"""gzviewer: offline review of Guangzhou plan documents (reports, plans, task assignments)."""

__version__ = "0.1.0"
