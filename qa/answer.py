"""Picking the answering sentence inside a passage, and the calibrated rule for saying "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .chunking import split_sentences
from .tokenization import normalize

# Abstention: answer when the best passage covers enough of the question's (IDF-weighted) terms,
# or, when the question shares no words with the news (English), when its cosine is high enough.
# Calibrated on the seed questions plus out-of-domain CMRC questions asked of the seed index;
# see README "Abstention" and `qa eval --json` for the per-question signals.
MIN_COVERAGE = 0.30
MIN_COSINE_CROSSLINGUAL = 0.19
# The same for a question that shares no word and names no place or person with the news (no romanized name
# bridged to it): only the meaning links it to a passage, so it must be closer.
MIN_COSINE_UNANCHORED = 0.30
MIN_COSINE_WITH_WORDS = 0.55


@dataclass(frozen=True)
class Signals:
    """What the abstention rule looks at for the best passage."""

    coverage: float
    cosine: float
    query_terms: int
    chinese: bool = True
    missing: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"coverage": round(self.coverage, 4), "cosine": round(self.cosine, 4), "query_terms": self.query_terms,
                "chinese": self.chinese, "missing": list(self.missing)}


def coverage(query_tokens: Sequence[str], weights: np.ndarray, text: str) -> float:
    """Weighted share of the question's tokens that occur in `text` (weights: IDF, unseen tokens the highest)."""
    if not query_tokens:
        return 0.0
    total = float(np.sum(weights))
    if total <= 0:
        return 0.0
    text = normalize(text)  # a token counts when its characters occur in the text: no segmentation needed
    hit = float(sum(w for token, w in zip(query_tokens, weights) if token.lstrip("#") in text))
    return hit / total


def abstain(signals: Signals) -> bool:
    """True when nothing retrieved answers the question.

    A name or number the question asks about that the best passage's article never mentions (上海, 2024, or a
    romanized Shanghai) means the news is about something else. Otherwise a Chinese question must share enough
    weighted terms with the passage (or be very close in meaning); a question with no Chinese relies on the cosine.
    """
    if signals.missing:
        return True
    if signals.chinese:
        return signals.coverage < MIN_COVERAGE and signals.cosine < MIN_COSINE_WITH_WORDS
    if signals.query_terms == 0:
        return signals.cosine < MIN_COSINE_UNANCHORED
    return signals.cosine < MIN_COSINE_CROSSLINGUAL


def best_sentence(text: str, query_tokens: Sequence[str], weights: np.ndarray, question_vector: np.ndarray | None,
                  encode: Callable[[list[str]], np.ndarray] | None) -> tuple[int, int]:
    """Span of the sentence that answers: most weighted question terms; cosine breaks ties and serves English."""
    spans = split_sentences(text) or [(0, len(text))]
    if len(spans) == 1:
        return spans[0]
    sentences = [text[s:e] for s, e in spans]
    lexical = np.array([coverage(query_tokens, weights, s) for s in sentences], dtype=np.float32)
    score = lexical.copy()
    if encode is not None and question_vector is not None and (not query_tokens or lexical.max() < 0.5
                                                               or np.sum(lexical == lexical.max()) > 1):
        cosines = encode(sentences) @ question_vector
        score = lexical + 0.5 * cosines
    return spans[int(np.argmax(score))]
