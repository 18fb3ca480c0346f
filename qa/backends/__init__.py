"""Search backends behind one protocol: the local index files (default) or Milvus, chosen by a config string."""

from .base import Backend, Hits, PassageRecord, WritableBackend
from .local import LocalBackend

__all__ = ["Backend", "Hits", "LocalBackend", "PassageRecord", "WritableBackend"]
