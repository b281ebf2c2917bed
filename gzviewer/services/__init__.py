"""Workflows written once for every front end (GUI, CLI): revisions of documents, task corrections."""
