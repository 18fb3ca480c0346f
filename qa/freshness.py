"""Whether an index folder still matches its sources and model (for `qa build --if-stale`)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .chunking import CHUNKING
from .embedders import canonical_name
from .errors import QAError
from .readers import expand_sources, file_digest
from .store import read_index


def is_fresh(index: Path, sources: Iterable[str | Path], model: str | None) -> bool:
    """True when the index loads, was built with `model` and this chunking, and its sources are the files now."""
    try:
        # read_index checks the manifest and that every part is present and of the right size: damaged is stale.
        manifest = read_index(index, mmap=True).manifest
        files = expand_sources(sources)
    except (QAError, OSError):
        return False
    if manifest.get("embedder", {}).get("name") != canonical_name(model) or manifest.get("chunking") != CHUNKING:
        return False
    current = {path.as_posix(): file_digest(path) for path in files}
    # A file that could not be read (skipped with a warning) is not recorded, so it keeps the index stale.
    return bool(current) and manifest.get("sources") == current
