"""A learned short-answer scorer: candidate spans of a sentence, their features, and logistic weights over them."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .lexicon import QUESTION_WORD_PATTERN as _QUESTION_WORD
from .lexicon import (ANSWER_UNIT_END, FUNCTION_END_CHARS, FUNCTION_START_CHARS, ORG_NAME_END, PLACE_NAME_END,
                      QUESTION_CLASSES)

WEIGHTS_FILE = Path(__file__).with_name("span_weights.json")
MAX_WORDS = 8
MAX_CHARS = 24
MBR_TOP = 100  # the expected F1 is taken over the best scored spans only (the rest hold little of the probability)
_PUNCT = re.compile(r"[，,；;：:。！？!?（）()“”\"'‘’\s\[\]【】「」『』]")
_PUNCT_CHARS = frozenset("，,；;：:。！？!?（）()“”\"'‘’[]【】「」『』 \t\n\r\u3000\xa0")
_SOFT_PUNCT = "、《》·-－—"
_DIGIT_CHARS = frozenset("0123456789零〇一二两三四五六七八九十百千万亿")
_ARABIC = re.compile(r"[0-9]")
_DATE_CHARS = re.compile(r"[年月日号]|世纪|年代")
WH_NAMES = tuple(name for name, _ in QUESTION_CLASSES) + ("other",)
TAG_GROUPS = ("n", "nr", "ns", "nt", "nz", "m", "t", "v", "a", "d", "p", "c", "u", "r", "q", "eng", "x", "f")
LEN_BINS = ("len1", "len2", "len3", "len4", "len5_6", "len7_9", "len10_14", "len15+")
NOUN_TAGS = [TAG_GROUPS.index(t) for t in ("n", "nr", "ns", "nt", "nz")]
# Characters whose place at a span's edge says what kind of answer it is (hand-picked: units and name endings,
# and the links that stand just before or after an answer). A span's first and last character, and the characters
# just before and after it, are features when they are one of these.
EDGE_CHARS = ("年月日号时代纪人者家师王帝国省市县区州镇村山河江湖海岛城路街港洲部会队院所馆团党军司学校系族教派语文"
              "名种个次位元米度岁条本书等之中的了是在于为由被从到以和与及或而并也又称叫")
CUE_GROUPS = ("n", "nr", "ns", "nt", "nz", "m", "t", "v", "a", "p", "u", "x", "other")
SENTENCE_FEATURES = ("sent_chosen", "sent_rank1", "sent_rank2", "sent_share", "sent_cover", "sent_cover_best",
                     "sent_next", "sent_prev", "sent_run", "sent_run_best", "sent_idf", "sent_idf_best", "sent_first",
                     "sent_far", "sent_kind", "sent_long", "sent_chosen*idf_gap", "sent_chosen*run_gap")
NUMERIC_CLASSES = ("number", "year")
NUMERIC_TYPES = ("count", "person_count", "money", "age", "time", "date")
_COUNT_WORDS = "两几一二三四五六七八九十数多"
_MEASURE_WORDS = "个位种项家条名所座部本首件只次场支"
_UNIT_END_CHARS = frozenset(c for c in ANSWER_UNIT_END.pattern if ANSWER_UNIT_END.match(c))  # 个, 名, 年 …
_UNIT_WORDS = _MEASURE_WORDS + "桌册户元岁年天人倍米届期篇集章卷层颗架辆艘枚吨"
DIST_BINS = ("0", "1_2", "3_5", "6_10", "far")
SHAPES = ("digit", "arabic", "date", "unit", "nr", "ns", "nt", "nz", "t", "m", "eng", "place_end", "org_end", "noun_end",
          "verb_end", "book", "long")


def wh_class(question: str) -> str:
    """The question's class by its question word (person, place, year, number …; other when none)."""
    for name, pattern in QUESTION_CLASSES:
        if pattern.search(question):
            return name
    return "other"


@lru_cache(maxsize=1)
def _tagger():
    """jieba-rs with jieba's dictionary and part-of-speech tags (~4 µs a sentence)."""
    import rjieba

    return rjieba.Jieba()


def _group(tag: str) -> str:
    if tag in ("nr", "nrt", "nrfg"):
        return "nr"
    if tag in ("ns", "nt", "nz", "eng", "t", "m", "f"):
        return tag
    if tag.startswith("n"):
        return "n"
    if tag.startswith("v"):
        return "v"
    if tag in ("a", "ad", "an", "ag", "b", "z"):
        return "a"
    if tag in ("d", "p", "c", "r", "q", "x"):
        return tag
    if tag.startswith("u"):
        return "u"
    if tag in ("mq",):
        return "m"
    return "x"


RUN_BINS = ("run2", "run4", "run_full")
WH_FEATURES = SHAPES + LEN_BINS + ("rule", "aligned", "shared_frac", "typed", "left_q1", "right_q1", "clause_best",
                                   "kind_end", "dist_anchor0", "right_run_full", "left_run_full", "kind_before",
                                   "kind_in")
ONE_HOT = (("first_", TAG_GROUPS), ("last_", TAG_GROUPS), ("first=", EDGE_CHARS), ("last=", EDGE_CHARS),
           ("before=", EDGE_CHARS), ("after=", EDGE_CHARS), ("prev_", CUE_GROUPS), ("next_", CUE_GROUPS))


class Names:
    """Feature names and their column numbers (built once). Three blocks: features every span has (`base`), features
    crossed with the question's class (`wh`: only the question's own class is non-zero) and one-hot groups (a span's
    first and last word's tag, its edge characters, the tags of the words around it)."""

    def __init__(self) -> None:
        base = ["rule", "aligned", "typed", "rule_f1", "in_rule", "has_rule", "alias_after",
                "shared_frac", "shared_any", "shared_all", "left_q2", "left_q1", "right_q2", "right_q1",
                "left_near_q", "right_near_q", "clause_best", "clause_share", "clause_start", "clause_end",
                "prev_punct", "next_punct", "func_start", "func_end", "de_after", "de_before", "start_sent",
                "len_words", "dist_anchor", "dist_anchor0", "win_left", "win_right", "sent_chosen", "sent_rank1",
                "sent_rank2", "sent_share", "first_clause", "soft_punct", "left_gap4", "right_gap4", "uni_left",
                "uni_right", "kind_end", "kind_after", "kind_in", "left_run", "right_run", "kind_before",
                "kind_near_after", "cut_number_end", "cut_number_start", "number_unit", "numeric_q*digit",
                "numeric_q*no_digit", "numeric_q*unit", "numeric_q*t", "numeric_q*ordinal"]
        base += [f for f in SENTENCE_FEATURES if f not in base]
        base += list(LEN_BINS)
        base += [f"qdist_left_{b}" for b in DIST_BINS] + [f"qdist_right_{b}" for b in DIST_BINS]
        base += ["q_chars_in", "whole_clause", "one_word", "q_chars_all"]
        base += [f"left_{b}" for b in RUN_BINS] + [f"right_{b}" for b in RUN_BINS]
        self.base = base
        self.wh_offset = {w: len(base) + k * len(WH_FEATURES) for k, w in enumerate(WH_NAMES)}
        names = base + [f"{w}*{f}" for w in WH_NAMES for f in WH_FEATURES]
        self.group_offset = []
        for prefix, values in ONE_HOT:
            self.group_offset.append(len(names))
            names += [prefix + v for v in values]
        self.names = names
        self.index = {n: i for i, n in enumerate(names)}
        self.base_index = {n: i for i, n in enumerate(base)}
        self.wh_index = {f: i for i, f in enumerate(WH_FEATURES)}


class SpanRows:
    """The features of a question's candidate spans, by block (see `Names`): `base` and `wh` dense (one row a span),
    `onehot` the column number of each one-hot group's feature (-1: none)."""

    def __init__(self, base: np.ndarray, wh: str, whx: np.ndarray, onehot: np.ndarray) -> None:
        self.base, self.wh, self.whx, self.onehot = base, wh, whx, onehot

    def __len__(self) -> int:
        return len(self.base)

    def score(self, w: np.ndarray) -> np.ndarray:
        nb, off = len(NAMES.base), NAMES.wh_offset[self.wh]
        s = self.base @ w[:nb].astype(np.float32) + self.whx @ w[off:off + self.whx.shape[1]].astype(np.float32)
        extended = np.r_[w, 0.0]
        return s + extended[self.onehot].sum(axis=1)

    def sparse(self):
        """The full feature matrix (scipy.sparse CSR, NAMES order): for training."""
        from scipy import sparse

        m = len(self.base)
        off = NAMES.wh_offset[self.wh]
        base = sparse.coo_matrix(self.base)
        whx = sparse.coo_matrix(self.whx)
        ok = self.onehot >= 0
        rows = np.concatenate([base.row, whx.row, np.nonzero(ok)[0]])
        cols = np.concatenate([base.col, whx.col + off, self.onehot[ok]])
        vals = np.concatenate([base.data, whx.data, np.ones(int(ok.sum()), dtype=np.float32)])
        return sparse.csr_matrix((vals, (rows, cols)), shape=(m, len(NAMES.names)))


NAMES = Names()
_EDGE_INDEX = {c: i for i, c in enumerate(EDGE_CHARS)}


@lru_cache(maxsize=1)
def weights() -> np.ndarray:
    """The trained weights (qa/span_weights.json, written by benchmarks/train_span.py), in NAMES order."""
    data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    w = np.zeros(len(NAMES.names), dtype=np.float64)
    for name, value in data["weights"].items():
        if name in NAMES.index:
            w[NAMES.index[name]] = value
    return w


_NORM_FLAGS: dict[str, int] = {}
_TEXT_FLAGS: dict[str, int] = {}


def _norm_flags(c: str) -> int:
    """Bits of a normalized character: 1 function word at a start, 2 at an end, 4 的, 8 a date character,
    16 an Arabic digit, 32 a digit, 64 a unit ending an answer, 128 a measure word; above 8 bits, 1 + its EDGE_CHARS
    index."""
    return ((c in FUNCTION_START_CHARS) | (c in FUNCTION_END_CHARS) << 1 | (c == "的") << 2 | (c in "年月日号") << 3
            | c.isdigit() << 4 | (c in _DIGIT_CHARS) << 5 | (c in _UNIT_END_CHARS) << 6 | (c in _UNIT_WORDS) << 7
            | (_EDGE_INDEX.get(c, -1) + 1) << 8)


def _text_flags(c: str) -> int:
    """Bits of a character as written: 1 punctuation or space, 2 soft punctuation, 4 a title mark."""
    return (c in _PUNCT_CHARS or c.isspace()) | (c in _SOFT_PUNCT) << 1 | (c in "《》") << 2


def _flags(text: str, cache: dict[str, int], compute) -> np.ndarray:
    out = []
    for c in text:
        bits = cache.get(c)
        if bits is None:
            bits = cache[c] = compute(c)
        out.append(bits)
    return np.array(out, dtype=np.int64)


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}


class Question:
    """What the scorer needs of a question, computed once: its class, its text around the question word."""

    def __init__(self, question: str, left: str, right: str) -> None:
        self.text = question
        self.wh = wh_class(question)
        self.left, self.right = left, right
        self.bigrams = _bigrams(question)
        # the question's own two-character runs of words (not its question word, not punctuation)
        self.content_bigrams = {b for b in self.bigrams if not _QUESTION_WORD.search(b) and b.isalnum()}
        self.chars = set(question)
        self.kind = kind_noun(question)
        self.alias = QUESTION_CLASSES[0][1].search(question) is not None


def kind_noun(question: str) -> str:
    """The noun right after the question word (颜色 of 什么颜色, 国家 of 哪个国家): the kind of answer wanted."""
    from .lexicon import QUESTION_WORD_PATTERN

    match = QUESTION_WORD_PATTERN.search(question)
    if match is None:
        return ""
    rest = question[match.end():]
    if match.group() in ("多少", "几") and rest and rest[0] in _UNIT_WORDS:
        return rest[0]  # 多少桌, 几册: the answer ends in the measure word
    if len(rest) > 2 and rest[0] in _COUNT_WORDS and rest[1] in _MEASURE_WORDS:
        rest = rest[2:]  # 哪两个公司: the kind is 公司
    if not rest or not ("\u4e00" <= rest[0] <= "\u9fff") or rest[0] in "的了是在有个位种样项家些一":
        return ""
    return rest[:2] if len(rest) >= 2 and "\u4e00" <= rest[1] <= "\u9fff" else rest[:1]


def shared_chars(q: Question, norm: str, start: int, end: int) -> list[bool]:
    """For each character of norm[start:end]: is it in a two-character run the question also holds?"""
    mask = [False] * (end - start)
    bigrams = q.bigrams
    for i in range(start, end - 1):
        if norm[i:i + 2] in bigrams:
            mask[i - start] = mask[i + 1 - start] = True
    return mask


def words(text: str, start: int, end: int, norm: str) -> list[tuple[int, int, str]]:
    """(start, end, tag group) of the words of text[start:end], tagged on the normalized text."""
    out, at = [], start
    for word, tag in _tagger().tag(norm[start:end]):
        out.append((at, at + len(word), _group(tag)))
        at += len(word)
    return out


def candidates(text: str, norm: str, start: int, end: int, toks: list[tuple[int, int, str]]
               ) -> list[tuple[int, int, int, int]]:
    """Word n-grams inside the clauses of the sentence: (start, end, first word, last word)."""
    out = []
    n = len(toks)
    for i in range(n):
        a, _, tag = toks[i]
        if text[a] in _PUNCT_CHARS or (text[a] in _SOFT_PUNCT and text[a] != "《"):
            continue
        for j in range(i, min(n, i + MAX_WORDS)):
            b = toks[j][1]
            if b - a > MAX_CHARS:
                break
            if text[b - 1] in _PUNCT_CHARS:
                break
            if text[b - 1] in _SOFT_PUNCT and text[b - 1] != "》":
                continue
            if (text[b - 1] == "》") != (text[a] == "《"):
                continue  # half a title (三杰》, 《战国)
            out.append((a, b, i, j))
    return out


def _cum(flags: list[bool] | np.ndarray) -> np.ndarray:
    out = np.zeros(len(flags) + 1, dtype=np.int32)
    np.cumsum(flags, out=out[1:])
    return out


def _gaps(points: list[int], at: np.ndarray, before: bool) -> np.ndarray:
    """Distance from each `at` to the nearest point at or before it (before=True) or at or after it; 99 if none."""
    if not points:
        return np.full(len(at), 99)
    pts = np.array(points)
    if before:
        k = np.searchsorted(pts, at, side="right") - 1
        return np.where(k >= 0, at - pts[np.maximum(k, 0)], 99)
    k = np.searchsorted(pts, at, side="left")
    return np.where(k < len(pts), pts[np.minimum(k, len(pts) - 1)] - at, 99)


def _left_run(sn: str, left: str) -> np.ndarray:
    """For each position: how many characters of what the question says before its question word the text repeats
    just before it (up to 8)."""
    out = np.zeros(len(sn) + 1, dtype=np.float32)
    if not left:
        return out
    tail = left[-8:]
    for at in _occurrences(sn, tail[-1]):
        k = 1
        while k < len(tail) and at - k >= 0 and sn[at - k] == tail[-1 - k]:
            k += 1
        out[at + 1] = k
    return out


def _right_run(sn: str, right: str) -> np.ndarray:
    """For each position: how many characters of what the question says after its question word the text repeats
    just after it (up to 8)."""
    out = np.zeros(len(sn) + 1, dtype=np.float32)
    if not right:
        return out
    head = right[:8]
    for at in _occurrences(sn, head[0]):
        k = 1
        while k < len(head) and at + k < len(sn) and sn[at + k] == head[k]:
            k += 1
        out[at] = k
    return out


def _at(n: int, points: list[int]) -> np.ndarray:
    """A boolean array of n + 1 positions, true at `points`."""
    out = np.zeros(n + 1, dtype=bool)
    if points:
        out[points] = True
    return out


def _occurrences(piece: str, sub: str) -> list[int]:
    out, at = [], piece.find(sub) if sub else -1
    while at >= 0:
        out.append(at)
        at = piece.find(sub, at + 1)
    return out


def featurize(q: Question, text: str, norm: str, sentence: tuple[int, int], spans: Sequence[tuple[int, int]],
              toks: list[tuple[int, int, str]], rules: list[tuple[int, int]], anchors: list[tuple[int, int]],
              typed: set[tuple[int, int]], sent_bounds: list[tuple[int, int]], info: np.ndarray, alias_ends: list[int],
              answer_type: str | None = None) -> SpanRows:
    """The features of `spans` (one row a span) inside `sentence`, computed column by column: `sentence` is a
    few sentences joined (their `sent_bounds`, prior features `info` one row a sentence), `rules` and `anchors` the rule's
    answer and the aligned span of each sentence, where there is one."""
    start, end = sentence
    n = end - start
    sn, st = norm[start:end], text[start:end]
    index, wh_index = NAMES.base_index, NAMES.wh_index
    m = len(spans)
    X = np.zeros((m, len(NAMES.base)), dtype=np.float32, order="F")  # filled column by column
    W = np.zeros((m, len(WH_FEATURES)), dtype=np.float32, order="F")
    H = np.full((m, len(ONE_HOT)), -1, dtype=np.int64)

    def put(name: str, value) -> None:
        X[:, index[name]] = value

    def put_wh(name: str, value) -> None:
        W[:, wh_index[name]] = value

    sp = np.array(spans, dtype=np.int64).reshape(-1, 2) - start
    A, B = sp[:, 0], sp[:, 1]
    L = (B - A).astype(np.float32)
    mask = shared_chars(q, norm, start, end)
    cm = _cum(mask)
    fs = _flags(sn, _NORM_FLAGS, _norm_flags)  # one look-up a character, then bit tests
    ft = _flags(st, _TEXT_FLAGS, _text_flags)
    punct = ((ft & 1) != 0).tolist()
    # clauses
    clause_of = np.zeros(n + 1, dtype=np.int64)
    bounds: list[list[int]] = []
    begin, cid = 0, -1
    for i in range(n + 1):
        if i == n or punct[i]:
            if i > begin:
                bounds.append([begin, i])
                cid = len(bounds) - 1
                clause_of[begin:i] = cid
            begin = i + 1
    bounds_arr = np.array(bounds or [[0, n]], dtype=np.int64)
    share = np.array([cm[b] - cm[a] for a, b in bounds_arr], dtype=np.float32)
    best = share.max() if len(share) else 0.0
    ci = clause_of[np.minimum(A, n - 1)]
    put("clause_best", (share[ci] == best) & (best > 0))
    put("clause_share", share[ci] / max(best, 1.0))
    put("clause_start", A == bounds_arr[ci, 0])
    put("clause_end", B == bounds_arr[ci, 1])
    sent_of = np.zeros(n + 1, dtype=np.int64)
    for k, (a, b) in enumerate(sent_bounds):
        sent_of[a - start:b - start + 1] = k
    sid = sent_of[A]
    sent_start = np.array([a - start for a, _ in sent_bounds])[sid]
    put("first_clause", bounds_arr[ci, 0] == sent_start)
    is_rule = np.zeros(m, bool)
    for r0, r1 in rules:
        is_rule |= (A == r0 - start) & (B == r1 - start)
    is_aligned = np.zeros(m, bool)
    for a0, a1 in anchors:
        is_aligned |= (A == a0 - start) & (B == a1 - start)
    is_typed = np.array([s in typed for s in spans], dtype=bool) if typed else np.zeros(m, bool)
    put("rule", is_rule)
    put("aligned", is_aligned)
    put("typed", is_typed)
    for r0, r1 in rules:
        r0, r1 = r0 - start, r1 - start
        common = np.clip(np.minimum(B, r1) - np.maximum(A, r0), 0, None)
        X[:, index["rule_f1"]] = np.maximum(X[:, index["rule_f1"]], 2 * common / (L + (r1 - r0)))
        X[:, index["in_rule"]] += (A >= r0) & (B <= r1)
        X[:, index["has_rule"]] += (A <= r0) & (B >= r1)
    for at in alias_ends:
        X[:, index["alias_after"]] += A == at - start
    shared = (cm[B] - cm[A]).astype(np.float32)
    frac = shared / L
    put("shared_frac", frac)
    put("shared_any", shared > 0)
    put("shared_all", shared == L)
    left, right = q.left, q.right
    maskp = np.array(mask + [False], dtype=bool)
    maskl = np.r_[False, maskp[:-1]]
    if left:
        put("left_q2", _at(n, [o + 2 for o in _occurrences(sn, left[-2:])] if len(left) >= 2 else [])[A])
        put("left_q1", _at(n, [o + 1 for o in _occurrences(sn, left[-1])])[A])
        ends = [o + 2 for o in _occurrences(sn, left[-2:])] if len(left) >= 2 else []
        put("left_gap4", _gaps(ends, A, True) <= 4)
    if right:
        put("right_q2", _at(n, _occurrences(sn, right[:2]) if len(right) >= 2 else [])[B])
        put("right_q1", _at(n, _occurrences(sn, right[0]))[B])
        put("right_gap4", _gaps(_occurrences(sn, right[:2]), B, False) <= 4 if len(right) >= 2 else 0)
    lrun, rrun = _left_run(sn, left)[A], _right_run(sn, right)[B]
    put("left_run", lrun / max(min(len(left), 8), 1))
    put("right_run", rrun / max(min(len(right), 8), 1))
    for side, run, full in (("left", lrun, min(len(left), 8)), ("right", rrun, min(len(right), 8))):
        put(f"{side}_run2", run >= 2)
        put(f"{side}_run4", run >= 4)
        put(f"{side}_run_full", (run >= full) & (full >= 2))
    put("left_near_q", maskl[A])
    put("right_near_q", maskp[B])
    punctp = np.array(punct + [True], dtype=bool)
    put("prev_punct", (A == 0) | np.r_[True, punctp[:-1]][A])
    put("next_punct", punctp[B])
    put("start_sent", A == sent_start)
    func_start = np.r_[(fs & 1) != 0, False]
    func_end = np.r_[False, (fs & 2) != 0]
    put("func_start", func_start[A])
    put("func_end", func_end[B])
    de = np.r_[(fs & 4) != 0, False]
    put("de_after", de[B])
    put("de_before", np.r_[False, de[:-1]][A])
    soft = _cum((ft & 2) != 0)
    put("soft_punct", soft[B] > soft[A])
    # words: the word holding each character
    word_of = np.zeros(n + 1, dtype=np.int64)
    tags = np.zeros(len(toks) + 1, dtype=np.int64)
    for k, (a, b, tag) in enumerate(toks):
        word_of[a - start:b - start] = k
        tags[k] = TAG_GROUPS.index(tag)
    I, J = word_of[A], word_of[np.maximum(B - 1, 0)]
    nwords = J - I + 1
    put("len_words", np.minimum(nwords, 8) / 8)
    for k, lo, hi in ((0, 1, 1), (1, 2, 2), (2, 3, 3), (3, 4, 4), (4, 5, 6), (5, 7, 9), (6, 10, 14), (7, 15, 999)):
        put(LEN_BINS[k], (L >= lo) & (L <= hi))
    first, last = tags[I], tags[J]
    H[:, 0] = NAMES.group_offset[0] + first
    H[:, 1] = NAMES.group_offset[1] + last
    if anchors:
        d = np.full(m, 20)
        for a0, a1 in anchors:
            a0, a1 = a0 - start, a1 - start
            own = sent_of[a0] == sid
            gap = np.where((A < a1) & (B > a0), 0, np.minimum(np.abs(A - a1), np.abs(a0 - B)))
            d = np.where(own, np.minimum(d, gap), d)
        put("dist_anchor", np.minimum(d, 20) / 20)
        put("dist_anchor0", d == 0)
    put("win_left", (cm[A] - cm[np.maximum(A - 6, 0)]) / 6)
    put("win_right", (cm[np.minimum(B + 6, n)] - cm[B]) / 6)
    qc = _cum([c in q.chars for c in sn])
    put("uni_left", (qc[A] - qc[np.maximum(A - 10, 0)]) / 10)
    put("uni_right", (qc[np.minimum(B + 10, n)] - qc[B]) / 10)
    rows = info[sid]
    for k, name in enumerate(SENTENCE_FEATURES):
        put(name, rows[:, k])
    if q.kind:
        kind = q.kind
        put("kind_end", _at(n, [o + 1 for o in _occurrences(sn, kind[-1])])[B])
        starts = _occurrences(sn, kind)
        put("kind_after", _at(n, starts)[B])
        if starts:
            kc = _cum(_at(n, starts)[:n])
            put("kind_in", kc[np.maximum(B - len(kind) + 1, A)] > kc[A])
            put("kind_before", _gaps([o + len(kind) for o in starts], A, True) <= 3)
            after = _gaps(starts, B, False)
            put("kind_near_after", (after >= 1) & (after <= 3))
    # shapes
    is_digit = np.r_[(fs & 32) != 0, False]
    digit = _cum(is_digit[:-1])
    arabic = _cum((fs & 16) != 0)
    datec = _cum((fs & 8) != 0)
    has_digit = digit[B] > digit[A]
    unit_end = np.r_[False, (fs & 64) != 0]
    is_unit = np.r_[(fs & 192) != 0, False]
    last_digit = np.r_[False, is_digit[:-1]][B]
    put("cut_number_end", last_digit & (is_digit[B] | is_unit[B]))  # 6 of 6名, 30 of 300
    put("cut_number_start", np.r_[False, is_digit[:-1]][A] & (is_digit[A] | is_unit[A]))
    put("number_unit", has_digit & np.r_[False, is_unit[:-1]][B])
    place_end = _at(n, [m.end(1) for m in PLACE_NAME_END.finditer(sn)])
    org_end = _at(n, [m.end(1) for m in ORG_NAME_END.finditer(sn)])
    book = np.r_[(ft & 4) != 0, False]
    bookc = _cum(book[:-1])
    tagc = {t: _cum(tags[:len(toks)] == TAG_GROUPS.index(t)) for t in ("nr", "ns", "nt", "nz", "t", "m", "eng")}
    shape = {
        "digit": has_digit, "arabic": arabic[B] > arabic[A], "date": has_digit & (datec[B] > datec[A]),
        "unit": has_digit & unit_end[B], "place_end": place_end[B], "org_end": org_end[B],
        "noun_end": np.isin(last, NOUN_TAGS), "verb_end": last == TAG_GROUPS.index("v"),
        "book": (bookc[B] > bookc[A]) | np.r_[False, book[:-1]][A], "long": L >= 10,
    }
    for t, c in tagc.items():
        shape[t] = c[J + 1] > c[I]
    if q.wh in NUMERIC_CLASSES or answer_type in NUMERIC_TYPES:  # a number is asked (the classes share evidence)
        put("numeric_q*digit", has_digit)
        put("numeric_q*no_digit", ~has_digit)
        put("numeric_q*unit", has_digit & np.r_[False, is_unit[:-1]][B])
        put("numeric_q*t", (tagc["t"][J + 1] > tagc["t"][I]) & ~has_digit)
        if "第" not in q.text:  # 第二部 is not how many (第几 asks for an ordinal)
            di = np.array([c == "第" for c in sn] + [False])
            put("numeric_q*ordinal", di[A] | np.r_[False, di[:-1]][A])
    for s in SHAPES:
        put_wh(s, shape[s])
    for b in LEN_BINS:
        put_wh(b, X[:, index[b]])
    # the characters at and around the span's edges
    code = np.r_[(fs >> 8) - 1, -1]
    for k, at in enumerate((A, B - 1, A - 1, B)):
        c = np.where((at >= 0) & (at < n), code[np.clip(at, 0, n)], -1)
        H[:, 2 + k] = np.where(c >= 0, NAMES.group_offset[2 + k] + c, -1)
    # the words just before and after the span
    cue = np.array([CUE_GROUPS.index(t) if t in CUE_GROUPS else len(CUE_GROUPS) - 1 for _, _, t in toks] +
                   [len(CUE_GROUPS) - 1], dtype=np.int64)
    H[:, 6] = np.where(I > 0, NAMES.group_offset[6] + cue[np.maximum(I - 1, 0)], -1)
    H[:, 7] = np.where(J + 1 < len(toks), NAMES.group_offset[7] + cue[np.minimum(J + 1, len(toks))], -1)
    # how near the question's two-character runs come to the span, on each side
    shared_at = [i for i, f in enumerate(mask) if f]
    dl = _gaps([i + 1 for i in shared_at], A, True)
    dr = _gaps(shared_at, B, False)
    for side, d in (("left", dl), ("right", dr)):
        for b, (lo, hi) in zip(DIST_BINS, ((0, 0), (1, 2), (3, 5), (6, 10), (11, 999))):
            put(f"qdist_{side}_{b}", (d >= lo) & (d <= hi))
    qin = (qc[B] - qc[A]) / L
    put("q_chars_in", qin)
    put("q_chars_all", qin >= 1)
    put("whole_clause", (A == bounds_arr[ci, 0]) & (B == bounds_arr[ci, 1]))
    put("one_word", nwords == 1)
    put_wh("rule", is_rule)
    put_wh("aligned", is_aligned)
    put_wh("typed", is_typed)
    put_wh("shared_frac", frac)
    for name in ("left_q1", "right_q1", "clause_best", "kind_end", "dist_anchor0", "kind_before", "kind_in"):
        put_wh(name, X[:, index[name]])
    put_wh("left_run_full", X[:, index["left_run_full"]])
    put_wh("right_run_full", X[:, index["right_run_full"]])
    return SpanRows(X, q.wh, W, H)


def passage_rows(q: Question, text: str, norm: str, sentences: Sequence[tuple[int, int]], info: np.ndarray,
                 answer_type: str | None) -> tuple[list[tuple[int, int]], SpanRows | None]:
    """The candidate spans of a few sentences of `text` (spans of `text`) and their feature matrix (one row a span).

    The sentences are joined by a line break and scored as one piece, so the numpy work is done once a question.
    """
    from .span import ALIAS_MARKER, _short_answer, typed_spans

    pieces_t, pieces_n, offsets, bounds = [], [], [], []
    at = 0
    for s, e in sentences:
        pieces_t.append(text[s:e])
        pieces_n.append(norm[s:e])
        offsets.append(s - at)
        bounds.append((at, at + e - s))
        at += e - s + 1
    vt, vn = "\n".join(pieces_t), "\n".join(pieces_n)
    spans: list[tuple[int, int]] = []
    toks: list[tuple[int, int, str]] = []
    rules, anchors, alias_ends, typed = [], [], [], set()
    owner: list[int] = []
    for k, (s, e) in enumerate(bounds):
        words_k = words(vt, s, e, vn)
        if k:
            toks.append((s - 1, s, "x"))
        toks.extend(words_k)
        found = [(a, b) for a, b, _, _ in candidates(vt, vn, s, e, words_k)]
        rule, aligned = _short_answer(q.text, (q.left, q.right), vt, vn, (s, e), answer_type)
        typed_k = [(a + s, b + s) for a, b in typed_spans(answer_type, vt[s:e])]
        typed.update(typed_k)
        seen = set(found)
        for extra in (rule, aligned, *typed_k):
            if extra is not None and extra not in seen:
                found.append(extra)
                seen.add(extra)
        if rule:
            rules.append(rule)
        if aligned:
            anchors.append(aligned)
        if q.alias:
            marker = ALIAS_MARKER.search(vt, s, e)
            if marker:
                alias_ends.append(marker.end())
        spans.extend(found)
        owner.extend([k] * len(found))
    if not spans:
        return [], None
    X = featurize(q, vt, vn, (0, len(vt)), spans, toks, rules, anchors, typed, bounds, info, alias_ends, answer_type)
    return [(a + offsets[k], b + offsets[k]) for (a, b), k in zip(spans, owner)], X


def score(rows: SpanRows) -> np.ndarray:
    """The model's score of each candidate span."""
    return rows.score(weights())


def expected_f1_pick(spans: Sequence[tuple[int, int]], scores: np.ndarray, temperature: float = 1.0,
                     top: int = MBR_TOP) -> int:
    """The span with the highest expected overlap F1 against the model's distribution over spans (minimum Bayes
    risk: the vote of many near spans beats one lone best span); among the `top` best scored, against them."""
    keep = np.argsort(-scores, kind="stable")[:top]
    p = np.exp((scores[keep] - scores[keep[0]]) / temperature)
    p /= p.sum()
    sp = np.asarray(spans)[keep]
    lo = np.maximum(sp[:, None, 0], sp[None, :, 0])
    hi = np.minimum(sp[:, None, 1], sp[None, :, 1])
    common = np.clip(hi - lo, 0, None)
    length = sp[:, 1] - sp[:, 0]
    return int(keep[np.argmax((2 * common / (length[:, None] + length[None, :])) @ p)])


def with_unit(text: str, span: tuple[int, int], end: int) -> tuple[int, int]:
    """A number read with its unit: a span that ends in a digit is extended over 余/多 and the measure word or unit
    after it (6 of "6名骑手" is 6名; 6000 of "6000余册" is 6000余册), not past `end`."""
    a, b = span
    if b <= a or text[b - 1] not in _DIGIT_CHARS:
        return span
    k = b
    if k < end and text[k] in "余多":
        k += 1
    if k < end and (text[k] in _UNIT_WORDS or ANSWER_UNIT_END.match(text[k])):
        return a, k + 1
    return span


def make_question(question: str) -> Question:
    """The scorer's view of a question."""
    from .span import _question_parts
    from .tokenization import normalize

    qn = normalize(question)
    left, right = _question_parts(qn)
    return Question(qn, left, right)


def nearby_sentences(q: Question, norm: str, sentences: Sequence[tuple[int, int]], chosen: tuple[int, int],
                     extra: int = 2) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The chosen sentence and the `extra` others sharing most with the question (two-character runs), with their
    prior features, one row a sentence (SENTENCE_FEATURES): chosen, first by share, second by share, share relative
    to the best, the share of the question's two-character runs it holds (relative to the best, and best), and
    whether it comes right after or right before the chosen one."""
    cm = np.zeros(len(norm) + 1, dtype=np.int32)
    if len(norm):
        np.cumsum(shared_chars(q, norm, 0, len(norm)), out=cm[1:])
    shares = [int(cm[e] - cm[s]) for s, e in sentences]
    order = sorted(range(len(sentences)), key=lambda i: (-shares[i], i))
    top = max(shares, default=0)
    rank = {sentences[i]: r for r, i in enumerate(order)}
    picked = [chosen] + [sentences[i] for i in order if sentences[i] != chosen][:extra]
    asked = q.content_bigrams
    grams = [{norm[i:i + 2] for i in range(s, e - 1)} & asked for s, e in picked]
    cover = [len(g) for g in grams]
    best_cover = max(max(cover), 1)
    # the question's runs weighted by how few of the passage's sentences hold them (a local IDF)
    df: dict[str, int] = {}
    for s, e in sentences:
        for b in asked.intersection(norm[i:i + 2] for i in range(s, e - 1)):
            df[b] = df.get(b, 0) + 1
    total = len(sentences)
    idf = [sum(np.log((total + 1) / (df[b] + 0.5)) for b in g) for g in grams]
    best_idf = max(max(idf), 1e-6)
    runs = [_longest_run(q.text, norm[s:e]) for s, e in picked]
    best_run = max(max(runs), 1)
    where = {s: i for i, s in enumerate(sentences)}
    at = where.get(chosen, -1)
    kind = q.kind
    info = np.zeros((len(picked), len(SENTENCE_FEATURES)), dtype=np.float32)
    for k, s in enumerate(picked):
        r = rank.get(s, len(sentences))
        far = at >= 0 and abs(where.get(s, at) - at) >= 2
        info[k] = (s == chosen, r == 0, r == 1, (cm[s[1]] - cm[s[0]]) / max(top, 1), cover[k] / best_cover,
                   cover[k] == best_cover, 0 <= s[0] - chosen[1] <= 1, 0 <= chosen[0] - s[1] <= 1,
                   runs[k] / best_run, runs[k] == best_run, idf[k] / best_idf, idf[k] >= best_idf - 1e-6,
                   where.get(s, -1) == 0, far, bool(kind) and kind in norm[s[0]:s[1]], s[1] - s[0] > 80,
                   (k == 0) * (idf[0] - max(idf[1:], default=idf[0])) / best_idf,
                   (k == 0) * (runs[0] - max(runs[1:], default=runs[0])) / best_run)
    return picked, info


def _longest_run(question: str, piece: str, most: int = 12) -> int:
    """The longest run of characters of `question` that `piece` repeats (up to `most`)."""
    best = 0
    for i in range(len(question)):
        k = best + 1
        while i + k <= len(question) and k <= most and question[i:i + k] in piece:
            best = k
            k += 1
    return best
