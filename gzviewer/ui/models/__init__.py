"""Qt item models over query results (plain rows from ``gzviewer.store.queries``)."""
