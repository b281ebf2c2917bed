"""gzviewer.ui"""
