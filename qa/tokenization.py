"""Chinese tokenization for BM25: jieba words (jieba-rs) with union vocabulary, plus character bigrams."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

from .errors import QAError

from .lexicon import (DEMONSTRATIVE, HOW_MUCH_WORD, PREPOSITION_SURNAMES, QUESTION_FORM, LOCAL_PLACE_SUFFIXES, ORGANISATION, PLACE_SUFFIXES, QUESTION_WORD_PATTERN, ROLE_SUFFIXES, STOPWORDS, SURNAMES,
                      UNION_VOCABULARY)

_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[a-z0-9]+(?:[.%][a-z0-9]+)*%?")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

_lock = threading.Lock()


@lru_cache(maxsize=1)
def _segmenter():
    """jieba-rs (rjieba) with the union vocabulary: jieba's dictionary and algorithm (DAG + HMM) in Rust.

    Measured on 41,071 CMRC text runs: 15x faster than jieba and the same words for all but 2; loads in 0.1 s
    instead of 0.8 s. Building an index spends most of its non-embedding time here.
    """
    try:
        import rjieba
    except ImportError:
        raise QAError("word segmentation needs rjieba: pip install rjieba") from None
    tokenizer = rjieba.Jieba()
    for word in UNION_VOCABULARY:
        tokenizer.add_word(word, 200000, "x")
    return tokenizer


@lru_cache(maxsize=1)
def _jieba():
    """Python jieba with the union vocabulary, for its part-of-speech tagger (questions only; loads in ~0.8 s)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    with _lock:
        tokenizer.initialize()
        for word in UNION_VOCABULARY:
            tokenizer.add_word(word, freq=200000)
    return tokenizer


def has_chinese(text: str) -> bool:
    """True when the text has a CJK ideograph (the question is Chinese, or mixes Chinese in)."""
    return _CJK.search(text) is not None


@lru_cache(maxsize=1)
def _t2s():
    """OpenCC's Traditional -> Simplified converter (phrases, then characters; offline, ~3 µs a sentence)."""
    try:
        import opencc
    except ImportError:
        raise QAError("Traditional Chinese needs opencc: pip install opencc") from None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified (大興區 -> 大兴区); Simplified text comes back unchanged."""
    return _t2s().convert(text) if text else text


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """NFKC (full-width letters and digits to ASCII), Simplified characters, lower case.

    Everything that compares text (tokens, coverage, names) goes through here, so Traditional and Simplified
    questions and news meet. Kept for the texts met again (a passage and its sentences are read by several steps of
    every question about them: about 1.3 ms a question before).
    """
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def readable(text: str) -> str:
    """`text` normalized where that keeps every offset (3萬元 -> 3万元, so Simplified patterns read Traditional news and
    a span found in it is a span of `text`); `text` itself where normalizing changes its length (㎡ -> m2)."""
    norm = normalize(text)
    return norm if len(norm) == len(text) else text


def words(text: str) -> list[str]:
    """jieba words (HMM on, so unseen names survive) of the CJK runs, Latin words and numbers as they are."""
    tokenizer = _segmenter()
    out: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        piece = match.group(0)
        if _CJK.match(piece):
            out.extend(w for w in tokenizer.cut(piece, True) if w.strip())
        else:
            out.append(piece)
    return out


def run_bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of one CJK run (a lone character stands for itself)."""
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of every CJK run (a lone character stands for itself)."""
    out: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        if _CJK.match(match.group(0)):
            out.extend(run_bigrams(match.group(0)))
    return out


def tokenize(text: str) -> list[str]:
    """BM25 tokens: content words plus bigrams (prefixed '#') so names jieba splits still match.

    The same tokens as words() then bigrams(), in one pass over the text (indexing time is mostly spent here).
    """
    tokenizer = _segmenter()
    content: list[str] = []
    grams: list[str] = []
    for match in _TOKEN.finditer(normalize(text)):
        piece = match.group(0)
        if not _CJK.match(piece):
            if piece not in STOPWORDS:
                content.append(piece)
            continue
        content.extend(w for w in tokenizer.cut(piece, True) if w.strip() and w not in STOPWORDS)
        grams.extend("#" + g for g in run_bigrams(piece) if not _is_stop_bigram(g))
    return content + grams


def _is_stop_bigram(gram: str) -> bool:
    """Bigrams that are themselves question words or particles (什么, 多少 …) are not content."""
    return gram in STOPWORDS


def is_cjk_run(text: str) -> bool:
    """True when every character of `text` is a CJK ideograph."""
    return bool(text) and all(_CJK.match(ch) for ch in text)


def tokenize_query(text: str) -> list[str]:
    """Query tokens: as for passages, minus the bigrams that straddle a question word."""
    content = [w for w in words(text) if w not in STOPWORDS and not _is_question_form(w)]
    grams = []
    for match in _TOKEN.finditer(normalize(text)):
        piece = match.group(0)
        if not _CJK.match(piece):
            continue
        for part in _split_on_question_words(piece):
            grams.extend(run_bigrams(part))
    return content + ["#" + g for g in grams if not _is_stop_bigram(g)]


def _split_on_question_words(piece: str) -> list[str]:
    """Split a CJK run at question words, which never occur in the answering passage, and the unit a 几/多少 asks in
    (多少名工人 -> 工人, 用了几天 -> 用了)."""
    parts, at = [], 0
    for match in QUESTION_WORD_PATTERN.finditer(piece):
        parts.append(piece[at:match.start()])
        at = match.end()
        unit = QUESTION_FORM.match(piece, match.start())
        if unit and unit.start(1) == match.end():
            at = unit.end()
    parts.append(piece[at:])
    return [part for part in parts if part]


def _is_question_form(word: str) -> bool:
    """多少钱, 几天, 几点: a question word with its unit, one jieba word."""
    match = QUESTION_FORM.match(word)
    return bool(match) and match.end() == len(word)


_SALIENT_FLAGS = frozenset({"ns", "nr", "nrt", "nt"})
_DIGIT = re.compile(r"\d")


@lru_cache(maxsize=1)
def _tagger():
    import jieba.posseg

    return jieba.posseg.POSTokenizer(_jieba())


def part_of_speech(text: str) -> list[tuple[str, str]]:
    """(word, jieba part-of-speech flag) pairs of a short (normalized) text."""
    return [(pair.word, pair.flag) for pair in _tagger().cut(text)]


@lru_cache(maxsize=4096)
def _salient(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    from .bridge import common_word, proper_name

    names, nouns = [], []
    pairs = list(_tagger().cut(normalize(question)))
    for pair, after in zip(pairs, pairs[1:] + [None]):
        word, flag = DEMONSTRATIVE.sub("", pair.word), pair.flag  # 那本书 -> 书
        suffix = next((s for s in LOCAL_PLACE_SUFFIXES if after and after.word.startswith(s) and len(after.word) > len(s)),
                      None)
        if suffix and flag.startswith("n") and len(word) >= 2 and _CJK.match(word):
            names.append(word + suffix)  # 顺义 of 顺义 + 区总工会: the district 顺义区
        elif (QUESTION_WORD_PATTERN.search(word) or HOW_MUCH_WORD.match(word)) and not proper_name(word):
            continue  # 几省, 归谁, 多长时间: the tagger joined a question word to its noun; what is asked is not a name
        elif flag in _SALIENT_FLAGS and len(word) >= 2 and not common_word(word) or flag in ("m", "t") and _DIGIT.search(word):
            names.append(word)  # the tagger's names, less those the dictionary knows only as common words (欢庆, 令人)
        elif flag.startswith("n") and len(word) >= 2 and _CJK.match(word) and word not in STOPWORDS:
            nouns.append(word)
    return tuple(dict.fromkeys(names)), tuple(dict.fromkeys(nouns))


def salient_terms(question: str) -> tuple[list[str], list[str]]:
    """(names of places, people and organisations, and numbers; other nouns) in a question.

    An answer must mention the names; a noun matters when the news never uses it at all (篮球赛 in a question
    about news that has no basketball).
    """
    names, nouns = _salient(question)
    return list(names), list(nouns)


def is_common_word(word: str, min_frequency: int) -> bool:
    """True when jieba's dictionary has seen `word` at least `min_frequency` times, or it is made of such words
    (预订电话 = 预订 + 电话); False for a string the HMM made up from characters it could not place (布符贴, 气会)."""
    freq = _jieba().FREQ

    def common(part: str) -> bool:
        return len(part) >= 2 and (freq.get(part) or 0) >= min_frequency

    return (freq.get(word) or 0) >= min_frequency or any(common(word[:i]) and common(word[i:])
                                                         for i in range(2, len(word) - 1))


_CLAUSE_END = re.compile(r"[，,。；;！!？?\n]")
_PERSON_FLAGS = frozenset({"nr", "nrfg", "nrt"})


def clause_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The clause of `text` (between ，。；！？ and line ends) that holds text[start:end]."""
    begin = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    stop = _CLAUSE_END.search(text, start if end is None else end)
    return begin, stop.start() if stop else len(text)


@lru_cache(maxsize=4096)
def people_named(sentence: str) -> tuple[str, ...]:
    """The personal names and organisations a (normalized) sentence names: jieba's person tags of two characters or
    more with a common surname first (刘海峰), transliterated names (韦斯·昂塞尔德), teams and companies (瀛海镇总工会代表队)."""
    pairs = list(_tagger().cut(sentence))
    names = []
    for before, pair in zip([None, *pairs], pairs):
        word = pair.word
        if (pair.flag in _PERSON_FLAGS and len(word) == 2 and word[0] not in SURNAMES and before is not None
                and len(before.word) == 1 and (before.word in SURNAMES or before.word in PREPOSITION_SURNAMES)):
            word = before.word + word  # 于 + 海涛: a given name the tagger split from its surname (read as 于, "at")
        if pair.flag in _PERSON_FLAGS and len(word) >= 2 and (word[0] in SURNAMES or word != pair.word) or "·" in word:
            names.append(word)
    return tuple(dict.fromkeys(names + [m.group(0) for m in ORGANISATION.finditer(sentence)]))


def is_person_name(text: str) -> bool:
    """True for a Chinese personal name: two to four characters, a common surname first, tagged a name by jieba
    (刘海峰, 孙蕾; not 练兵, 区总工会), or a transliterated one (韦斯·昂塞尔德)."""
    text = normalize(text).strip()
    if "·" in text:
        return True
    flags = [pair.flag for pair in _tagger().cut(text)]
    return (2 <= len(text) <= 4 and text[0] in SURNAMES and flags in (["nr"], ["nrfg"])
            or len(text) == 3 and text[0] in PREPOSITION_SURNAMES and flags == ["p", "nr"])  # (于 + 海涛)


def names_person_with(text: str, word: str) -> bool:
    """True when a clause of `text` that has `word` (a role: 主席) also names a person (区总工会主席李卫华); False when
    the role is only mentioned (子公司工会主席、女工干部参加) or absent."""
    text = normalize(text)
    at = text.find(word)
    while at >= 0:
        if at and text[at - 1] == "副" and not word.startswith("副"):  # 副主席 is not the 主席 asked about
            at = text.find(word, at + len(word))
            continue
        begin, end = clause_bounds(text, at)
        pairs = list(_tagger().cut(text[begin:end]))
        for pair, after in zip(pairs, pairs[1:] + pairs[-1:]):
            if pair.flag in _PERSON_FLAGS and len(pair.word) >= 2 or "·" in pair.word:
                return True
            if pair.word.endswith(ROLE_SUFFIXES) and after is not pair and after.word[0] in SURNAMES:
                return True  # 主任姬文革: a title, then a surname
        at = text.find(word, at + len(word))
    return False


def is_local_place(term: str) -> bool:
    """True for a district, county, town or subdistrict name (朝阳区, 瀛海镇), not a city or province."""
    return any(term.endswith(s) and len(term) >= len(s) + 2 for s in LOCAL_PLACE_SUFFIXES)


def mentions(text: str, term: str) -> bool:
    """True when `text` names `term` (a place may drop its 区/市/县 suffix)."""
    text = normalize(text)
    if term in text:
        return True
    if len(term) >= 3 and not _DIGIT.search(term) and (term[:-1] in text or term[1:] in text
                                                          and not term.endswith(LOCAL_PLACE_SUFFIXES)):
        return True  # the tagger glued a neighbouring character to a name (潘淑 + 是 -> 淑是, 布符 + 贴); 东城区 is
        # not 西城区
    return any(term.endswith(s) and len(term) > len(s) + 1 and term[: -len(s)] in text for s in PLACE_SUFFIXES)
