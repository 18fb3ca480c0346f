"""Exceptions raised by union-news-qa, each carrying a one-line message for users."""

from __future__ import annotations


class QAError(Exception):
    """Base class: a problem the user can fix; its message is one line and says how."""


class SourceError(QAError):
    """A news source could not be read (binary, unknown encoding, bad JSONL)."""


class IndexLoadError(QAError):
    """An index folder is missing, damaged, of another format or of another embedder."""


class EmbedderError(QAError):
    """An embedding model could not be loaded or used."""
