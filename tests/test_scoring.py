"""Tests for qa.scoring: BM25 scores from token ids, as bm25s computes them."""

from __future__ import annotations

import numpy as np

from qa.scoring import bm25_matrix
from qa.tokenization import tokenize


def test_bm25_matrix_matches_bm25s_indexing():
    """qa.scoring computes the same Lucene BM25 scores bm25s computes itself."""
    import bm25s

    texts = ["大兴区职工知识竞赛决赛开赛", "瀛海镇总工会代表队获得了一等奖", "", "市自来水集团集体合同签订率100%"]
    docs = [tokenize(t) or [""] for t in texts]
    reference = bm25s.BM25(k1=1.2, b=0.75)
    reference.index(docs, show_progress=False)
    vocab = reference.vocab_dict
    ids = np.array([vocab[t] for doc in docs for t in doc], dtype=np.int32)
    ptr = np.cumsum([0] + [len(doc) for doc in docs])
    kept = ids.copy()
    mine = bm25_matrix(ptr, ids, len(vocab), 1.2, 0.75)
    assert np.array_equal(ids, kept)  # the caller's token ids are left as they were
    for key in ("data", "indices", "indptr"):
        assert np.allclose(np.asarray(reference.scores[key]), mine[key])
