"""Search backends behind one protocol: the local index files (default) or Milvus, chosen by a config string."""

from .base import Backend, Hits, PassageRecord, WritableBackend
from .local import LocalBackend

__all__ = ["Backend", "Hits", "LocalBackend", "MilvusBackend", "PassageRecord", "WritableBackend", "open_backend"]


def __getattr__(name: str):
    if name == "MilvusBackend":  # pymilvus is an optional extra: imported only when asked for
        from .milvus import MilvusBackend

        return MilvusBackend
    raise AttributeError(name)


def open_backend(spec: str, **options) -> Backend:
    """A backend from a config string: "embeddings" or "local:embeddings" (an index folder), or
    "milvus:./news.db" / "milvus:http://host:19530" with "?collection=NAME&db_name=DB" (token, user and password
    from the options or MILVUS_TOKEN, MILVUS_USER, MILVUS_PASSWORD)."""
    import os
    from pathlib import Path
    from urllib.parse import parse_qsl

    kind, sep, rest = spec.partition(":")
    if not sep or kind not in ("local", "milvus") or (len(kind) == 1 and os.name == "nt"):
        kind, rest = "local", spec
    if kind == "local":
        from ..store import read_index

        return LocalBackend(read_index(Path(rest)))
    from .milvus import MilvusBackend

    uri, _, query = rest.partition("?")
    settings = dict(parse_qsl(query))
    for key in ("token", "user", "password", "db_name"):
        value = settings.pop(key, None) or os.environ.get(f"MILVUS_{key.upper()}")
        if value and key not in options:
            options[key] = value
    return MilvusBackend(uri, settings.pop("collection", None), **settings, **options)
