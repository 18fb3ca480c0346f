"""Picking the answering sentence inside a passage, and the calibrated rule for saying "not found"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from .chunking import split_sentences
from .query import Term
from .tokenization import normalize, to_simplified

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
# ... and a question sharing some of its words (a fifth of their weight) with a passage this close in meaning: the
# rest of its words are paraphrase (DRCD: 0.45-0.52 over the right passage; the news's off-topic and near-miss
# questions stay under 0.42).
SOME_COVERAGE = 0.20
MIN_COSINE_WITH_SOME_WORDS = 0.45
# An English question is read through the dictionary bridge (qa/bridge.py): when the passage mentions at least this
# weighted share of its words (a word the news never uses counts as missed), a loose cosine is enough; below it,
# only the meaning links them, and the cosine must reach MIN_COSINE_UNANCHORED.
SENTENCES_EMBEDDED = 3
WEAK_SENTENCE = 0.5
CLOSE_SENTENCES = 0.15  # a sentence this far ahead of the next in coverage is taken without comparing meanings  # below this share of the terms in its best sentence, a passage's sentences are compared by meaning
MIN_COVERAGE_ENGLISH = 0.35
STRONG_COVERAGE_ENGLISH = 0.60
MIN_COSINE_BRIDGED = 0.10


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


def coverage(terms: Sequence[Term], text: str, normalized: bool = False) -> float:
    """Weighted share of the question's terms that `text` mentions, directly or through an alternative (a synonym,
    or a Chinese word for an English one). Weights are IDF, unseen tokens the highest. `normalized`: the text already
    went through qa.tokenization.normalize."""
    total = float(sum(t.weight for t in terms))
    if total <= 0:
        return 0.0
    if not normalized:
        text = normalize(text)  # a token counts when its characters occur in the text: no segmentation needed
    hit = sum(t.weight for t in terms if t.token.lstrip("#") in text or any(a in text for a in t.alternatives))
    return float(hit) / total


def abstain(signals: Signals) -> bool:
    """True when nothing retrieved answers the question.

    A name or number the question asks about that the best passage's article never mentions (上海, 2024, or a
    romanized Shanghai) means the news is about something else. Otherwise a Chinese question must share enough
    weighted terms with the passage (or be very close in meaning); an English question must share enough of its
    bridged words, or be close in meaning.
    """
    if signals.missing:
        return True
    if signals.chinese:
        return signals.coverage < MIN_COVERAGE and signals.cosine < (
            MIN_COSINE_WITH_SOME_WORDS if signals.coverage >= SOME_COVERAGE else MIN_COSINE_WITH_WORDS)
    if signals.query_terms == 0 or signals.coverage == 0:
        return signals.cosine < MIN_COSINE_UNANCHORED
    if signals.coverage < MIN_COVERAGE_ENGLISH:
        return signals.cosine < MIN_COSINE_UNANCHORED
    if signals.coverage < STRONG_COVERAGE_ENGLISH:
        return signals.cosine < MIN_COSINE_CROSSLINGUAL
    return signals.cosine < MIN_COSINE_BRIDGED


def best_sentence(text: str, terms: Sequence[Term], question: str = "", question_vector: np.ndarray | None = None,
                  encode: Callable[[list[str]], np.ndarray] | None = None) -> tuple[int, int]:
    """Span of the sentence that answers: most weighted question terms; ties go to the sentence the (Chinese)
    `question` lines up with best (qa.span.align), then the first. With `encode`, the cosine of each sentence to the
    question decides when no sentence covers WEAK_SENTENCE of the terms (paraphrase), and breaks ties for English.

    Embedding sentences was most of the time a question took; a tie no longer costs it (on CMRC dev, coverage alone
    picks a sentence holding the answer as often as coverage plus cosine: 0.707 vs 0.700).
    """
    from .span import align

    spans = split_sentences(text) or [(0, len(text))]
    if len(spans) == 1:
        return spans[0]
    norm = normalize(text)
    same = len(norm) == len(text)
    lexical = np.array([coverage(terms, norm[s:e] if same else text[s:e], normalized=same) for s, e in spans],
                       dtype=np.float32)
    score = lexical.copy()
    ranked = np.sort(lexical)[::-1]
    close = len(ranked) > 1 and ranked[1] >= ranked[0] - CLOSE_SENTENCES
    if encode is not None and question_vector is not None and close and (
            not terms or lexical.max() < WEAK_SENTENCE or (not question and ranked[1] == ranked[0])):
        # Only the few sentences that cover most are embedded: the cost of a question is mostly this.
        few = np.argsort(-lexical, kind="stable")[:SENTENCES_EMBEDDED]
        cosines = encode([to_simplified(text[spans[i][0]:spans[i][1]]) for i in few]) @ question_vector
        score = np.full(len(spans), -np.inf, dtype=np.float32)
        score[few] = lexical[few] + 0.5 * cosines
    elif question and np.sum(lexical == lexical.max()) > 1:
        tied = [i for i in range(len(spans)) if lexical[i] == lexical.max()]
        best = max(tied, key=lambda i: (align(question, text, spans[i])[1], -i))
        return spans[best]
    return spans[int(np.argmax(score))]
