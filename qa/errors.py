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


class QueryError(QAError, ValueError):
    """A question, its history or its filters are not of the accepted form."""


class IndexWriteError(QAError):
    """An index could not be written (permission, read-only file system, I/O); the previous index is untouched."""


class DiskFullError(IndexWriteError):
    """No space left (or over quota) while writing an index; the previous index is untouched."""


class IndexLockedError(QAError):
    """Another build holds the index folder's lock."""


class BuildError(QAError):
    """A build could not finish (out of memory, a source deleted while it ran); nothing was published."""
