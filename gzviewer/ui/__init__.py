"""gzviewer.ui: the Qt desktop application (widgets, Qt models, delegates, workers).

Nothing here builds SQL or parses text: data comes from ``gzviewer.store`` queries.
"""
