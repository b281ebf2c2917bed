"""gzviewer.parse"""
