"""gzviewer.export"""
