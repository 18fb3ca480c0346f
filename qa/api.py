"""The Python API: NewsQA.build / NewsQA.load / ask, hybrid retrieval with cited passages."""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import numpy as np

from . import answer as answering
from . import rank as ranking
from .building import BuildReport, build_index
from .chunking import Passage, sentence_holding, split_sentences
from .embedders import Embedder, canonical_name, load_embedder
from .errors import IndexLoadError
from .fusion import DENSE_WEIGHT, MODES, TITLE_WEIGHT
from .rank import FORMED_ANSWERS, SENTENCE_WEIGHT, TYPED_ANSWERS, counting_units
from .segment import BYLINE, Article
from .backends import Backend, LocalBackend
from .store import IndexData, read_index, read_manifest, reopen_rows, write_index
from .bridge import bridge as english_bridge, dictionary as english_dictionary, english_terms, lemma, proper_name
from .errors import QueryError
from .lexicon import (END_ASKED, END_TOLD, START_ASKED, START_TOLD, BARE_HOW_MUCH, TOTAL_MARK, TOTAL_QUESTION, RANGE_PARTS, TIME_END_ASKED, YES_NO_QUESTION, AWARD, AWARDS_TOLD, BYLINE_ROLES, FOLLOWUP_OPENERS, LIST_QUESTION, NAME_QUESTION, ORIGIN_QUESTION, PLEASANTRY, GREETING, DURATION_QUESTION, CURRENCY_BEFORE, RANGE_JOIN, RANGE_QUESTION, TARGET_MARK, TARGET_QUESTION, NOW_QUESTION, PAST_QUESTION, FROM_TO_QUESTION, FROM_TO_TOLD, CONTEST_GROUP, ADDRESS_QUESTION, ADDRESS_TOLD, TOTAL_PRIZE_ASKED, TARGET_TOLD, VALUE_QUALIFIERS, PERSON_NOUN_ENDS, PRIZE_QUESTION, UNIT_QUESTION, CITY_SUFFIXES, DAY_MARK, DAY_QUESTION, LOCAL_PLACE_SUFFIXES, MEASURE_WORDS, PER_UNIT_MARK, SURNAMES, PREPOSITION_SURNAMES,
                      PER_UNIT_QUESTION, PERSON_PRONOUN, PROCEDURE_QUESTION, PLACE_AT, PLACE_MENTION, QUESTION_NOUNS, REPORT_WORDS, REPORTER_QUESTION,
                      ROLE_SUFFIXES, STOPWORDS, UNION_VOCABULARY, WH_CHINESE, QUESTION_WORD_PATTERN)
from .contrast import other_member, other_person
from .messages import not_found
from .pinyin import bridge as pinyin_bridge, is_pinyin, romanize
from .query import CONTEXT_ASKED, FOLLOWUP_FOCUS, MAX_HISTORY, MAX_QUESTION_CHARS  # noqa: F401 (part of this module's API: the chat reads them)
from .query import (Filters, Query, Term, answer_kind_nouns, answer_type, chinese_terms, clean_history, clean_question,
                    asks_who_won, prizes_asked, roles_asked, count_unit, counted_nouns, focus_words, query_objects, ordinal_forms, unmatched_specifics, normalize_question, resolve, topic_names, asks_own, context_asked, described_part, organising_verb, where_action)
from .scoring import lucene_idf
from .extract import apposition, listed, origin, prize_by, prize_of, quoted_name, role_holder
from .span import CALENDAR_YEAR, COUNTED_NUMBER, clause_share, NUMBER_SPAN, agent, counted_spans, counts_of, winner, locate, short_answer, typed_ranges, typed_spans
from .synonyms import synonyms
from .tokenization import (readable, has_chinese, is_cjk_run, is_common_word, is_local_place, is_person_name, mentions, people_named, clause_bounds, names_person_with, normalize,
                           salient_terms, tokenize, words)

SPECIFIC_NAME_PASSAGES = 5
ENGLISH_NAME_WEIGHT = 2.0  # a person an English question names (Pang Zhiyong) weighs this much more than its words
SPECIFIC_NAME_SHARE = 0.01
STRONG_COVERAGE = 0.5
# A noun the news never uses counts against a weak match only if it is a word (jieba's dictionary has seen it, or
# its parts, this often), not a string the tagger made up from characters it could not place (布符贴 = 布符 + 贴).
COMMON_WORD_FREQUENCY = 10
SAME_ARTICLE_DEPTH = 3  # a share asked and only a total told: the next paragraphs of the article this deep are tried
RESPELLED_GAIN = 0.15  # a mended question's answer replaces the typed one's when it matches this much more of it
WORDLIKE = re.compile(r"\w")  # a letter, digit or CJK character: punctuation alone is no question
VALUE_ANSWERS = ("count", "person_count", "money", "percent", "time", "when", "date", "age")  # asking for a value
RECORD_TAIL = re.compile(r"\d{1,2}秒?(?![\d.万千百亿元人名个家次])")
FOREIGN_NAME = re.compile("[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)+")
CITY_NAME = re.compile("[\u4e00-\u9fff]{2,3}(?:" + "|".join(CITY_SUFFIXES) + ")")


def asks_kind(word: str) -> bool:
    """True for a noun that says what kind of answer is wanted (地址, 开放时间), or ends in one (具体地址)."""
    return word in QUESTION_NOUNS or any(word.endswith(n) for n in QUESTION_NOUNS if len(n) >= 2 and len(word) > len(n))


@dataclass
class RetrievalSettings:
    """How retrieval ranks passages; the defaults are the measured best (README "Retrieval quality").

    mode: "hybrid" (max-normalized BM25 + weighted cosine, then sentence re-scoring), "lexical" (BM25 alone),
    "dense" (FAISS cosine alone) or "rrf" (naive reciprocal rank fusion, the baseline it replaces).
    """

    mode: str = "hybrid"
    dense_weight: float = DENSE_WEIGHT
    title_weight: float = TITLE_WEIGHT
    sentence_weight: float = SENTENCE_WEIGHT


@dataclass
class RetrievedPassage:
    """One passage in an answer, best first, with its citation and scores."""

    text: str
    title: str
    article_id: str
    paragraph: int
    source: str
    score: float
    lexical: float
    dense: float
    citation: str
    start: int = 0
    end: int = 0
    answer_start: int | None = None
    answer_end: int | None = None
    short_answer_start: int | None = None
    short_answer_end: int | None = None
    date: str | None = None
    publisher: str | None = None
    url: str | None = None

    def to_dict(self) -> dict:
        """JSON-ready."""
        return dict(self.__dict__)


@dataclass
class Answer:
    """The reply to a question: the answering sentence and cited passages, or an honest abstention."""

    question: str
    abstained: bool
    answer: str | None
    passages: list[RetrievedPassage] = field(default_factory=list)
    message: str = ""
    signals: dict = field(default_factory=dict)
    short_answer: str | None = None
    followup_of: str | None = None  # the earlier question a follow-up was read with

    @property
    def citation(self) -> str | None:
        """Citation of the passage the answer comes from."""
        return None if self.abstained or not self.passages else self.passages[0].citation

    def to_dict(self) -> dict:
        """JSON-ready."""
        return {"question": self.question, "abstained": self.abstained, "short_answer": self.short_answer,
                "answer": self.answer, "citation": self.citation, "message": self.message,
                "followup_of": self.followup_of, "signals": self.signals,
                "passages": [p.to_dict() for p in self.passages]}


class NewsQA:
    """Question answering over union news: hybrid BM25 + FAISS retrieval with citations."""

    def __init__(self, data: IndexData | Backend, embedder: Embedder, path: Path | None = None) -> None:
        """Over a loaded local index (IndexData) or any Backend (e.g. Milvus) that has a `manifest` dict."""
        if isinstance(data, IndexData):
            self._data: IndexData | None = data
            self.backend: Backend = LocalBackend(data)
            self.manifest = data.manifest
        else:
            self._data = None
            self.backend = data
            self.manifest = getattr(data, "manifest", {})
        self.embedder = embedder
        self.path = path
        self.articles: Mapping[str, Article] = self.backend.articles()
        self.report: BuildReport | None = None
        self.settings = RetrievalSettings()
        # One question at a time per index: the embedder's BLAS pool and FAISS's OpenMP pool are process-wide,
        # and concurrent callers resizing them made 20 threads 100x slower than taking turns (benchmarks/bench_load.py).
        self._lock = threading.Lock()

    @classmethod
    def from_backend(cls, backend: Backend, embedder: Embedder | None = None) -> "NewsQA":
        """Answer from a backend that is not the local files (MilvusBackend); its manifest names the embedder, and
        another embedder of another dimension is refused."""
        manifest = getattr(backend, "manifest", {}) or {}
        built_with = manifest.get("embedder", {}).get("name")
        embedder = embedder or load_embedder(built_with)
        dim = manifest.get("embedder", {}).get("dim")
        if dim is not None and embedder.dim != dim:
            raise IndexLoadError(f"the {backend.name} index holds {dim}-dimension vectors but {embedder.name!r} "
                                 f"makes {embedder.dim}; rebuild it with the same --model")
        return cls(backend, embedder)

    @property
    def passages(self) -> Sequence[Passage]:
        """Every passage by row (local index only)."""
        if self._data is None:
            raise AttributeError("passages by row exist only for the local index; use backend.fetch(ids)")
        return self._data.passages

    # ---------- building and loading ----------
    @classmethod
    def build(cls, sources: Iterable[str | Path], out: str | Path = "embeddings", model: str | None = None,
              progress: Callable[[int, int], None] | None = None, dense_kind: str = "auto",
              embedder: Embedder | None = None, reuse: bool = True) -> "NewsQA":
        """Read sources, chunk, embed, index and save atomically at `out`.

        Unless `reuse` is False, what the index already at `out` holds is reused: the passages of source files
        whose bytes are unchanged, the vectors and tokens of passages whose content hash is unchanged, the IVF
        centres.
        """
        started = time.perf_counter()
        out = Path(out)
        embedder = embedder or load_embedder(model)
        name = canonical_name(model) if model is not None else embedder.name
        data, report = build_index(sources, out, embedder, name, progress=progress, dense_kind=dense_kind,
                                   reuse=reuse)
        write_index(out, data)
        qa = cls(reopen_rows(out, data), embedder, out)
        report.seconds = time.perf_counter() - started
        qa.report = report
        return qa

    @classmethod
    def load(cls, path: str | Path = "embeddings", model: str | None = None, mmap: bool = True,
             embedder: Embedder | None = None) -> "NewsQA":
        """Open a built index; `model`, if given, must be the one the index was built with."""
        path = Path(path)
        manifest = read_manifest(path)
        built_with = manifest.get("embedder", {}).get("name")
        if model is not None and canonical_name(model) != built_with:
            raise IndexLoadError(f"{path} was built with {built_with!r}, not {canonical_name(model)!r}; "
                                 f"rebuild with: qa build --out {path} --model {model}")
        data = read_index(path, mmap=mmap)
        embedder = embedder or load_embedder(built_with)
        if embedder.dim != data.manifest["embedder"]["dim"]:
            raise IndexLoadError(f"{path} holds {data.manifest['embedder']['dim']}-dimension vectors but "
                                 f"{built_with!r} makes {embedder.dim}; rebuild with: qa build --out {path}")
        return cls(data, embedder, path)

    def refresh(self) -> "NewsQA":
        """This index, or the version published at its folder since it was loaded (loaded now, beside this one,
        with the same embedder; the caller switches between questions). Only whole published versions are ever
        read. A folder that is gone or damaged keeps this one answering; that is logged once, in one line."""
        from .errors import QAError
        from .publish import current_version, note_refresh

        if self.path is None:
            return self
        try:
            fresh = self
            if current_version(self.path) != getattr(self._data, "version", None):
                fresh = NewsQA.load(self.path, embedder=self.embedder)
        except (QAError, OSError) as exc:
            return note_refresh(self.path, self._data.version, None, exc, self)
        return note_refresh(self.path, self._data.version, fresh._data.version, None, fresh)

    # ---------- asking ----------
    def ask(self, question: str, k: int = 5, history: Sequence[str] | None = None,
            filters: Filters | dict | None = None) -> Answer:
        """Answer one question: the short answer, the answering sentence and the best passages with citations, or
        an abstention. `history`: the user's earlier questions, oldest first (a follow-up is read with them);
        `filters`: since / until (ISO dates), source, article."""
        return self.ask_batch([question], k=k, histories=None if history is None else [history], filters=filters)[0]

    def ask_batch(self, questions: Sequence[str], k: int = 5, histories: Sequence[Sequence[str] | None] | None = None,
                  filters: Filters | dict | None = None) -> list[Answer]:
        """Answer many questions at once (one embedding batch); QueryError for a malformed history or filters."""
        k = max(1, min(int(k), 50))
        if histories is not None and len(histories) != len(questions):
            raise QueryError("give one history per question")
        cleaned_histories = [clean_history(h) for h in histories] if histories is not None else [[]] * len(questions)
        allowed = Filters.parse(filters)
        cleaned = [clean_question(q) for q in questions]
        valid = [i for i, q in enumerate(cleaned) if WORDLIKE.search(q)]  # ？？？ asks nothing
        answers: list[Answer] = [Answer(question=str(q or ""), abstained=True, answer=None,
                                        message="请输入问题。Please type a question.") for q in questions]
        if not valid:
            return answers
        with self._lock:
            queries = [self._analyze(cleaned[i], cleaned_histories[i]) for i in valid]
            vectors = self.embedder.encode_query([q.text if q.chinese or not q.followup else q.search_text
                                                  for q in queries])
            for slot, query, vector in zip(valid, queries, vectors):
                answers[slot] = self._answer_one(query, vector, k, allowed)
                if query.followup:
                    answers[slot] = self._within_conversation(query, vector, k, allowed, answers[slot])
            # Perhaps mistyped (大星知识竟赛谁拿了一等将): asked again as the news would spell it, and that answer kept
            # when it is found where the typed one was not, or matches clearly more of the question (a word the news
            # never uses is more often a name than a slip: the typed question stays first).
            for slot, query in zip(valid, queries):
                if not answers[slot].passages or not query.chinese or self._respelled(query.text) == query.text:
                    continue  # (the mended question's text is exactly this: nothing to mend, nothing to ask again)
                mended = self._analyze(cleaned[slot], cleaned_histories[slot], respell=True)
                vector = self.embedder.encode_query([mended.text])[0]
                retry = self._answer_one(mended, vector, k, allowed)
                typed = answers[slot]
                if not retry.abstained and (typed.abstained or retry.signals.get("coverage", 0)
                                            >= typed.signals.get("coverage", 0) + RESPELLED_GAIN):
                    answers[slot] = retry
        return answers

    def _analyze(self, question: str, history: Sequence[str], referents: bool = True, respell: bool = False) -> Query:
        """Question analysis: the follow-up merged with its context, answer type, BM25 tokens and coverage terms.
        `referents`: a person pronoun after a "who" question is read as that question's answer; `respell`: typing
        slips mended (qa.api.NewsQA._respelled)."""
        backend = self.backend
        merged, context = resolve(question, history, self._names_topic)
        if context is not None and not self._asks_anything(question):
            merged, context = question, None  # 好的，那就这样吧: no question, and nothing the news speaks of
        asked, asked_names = "", []
        if context is not None:  # 那海淀呢 after a question about 大兴: the new place replaces the old one
            replaced = self._places_replaced(context, question)
            if has_chinese(question):  # 在哪办的 after 大兴知识竞赛谁拿了第一: not who came first
                asked, asked_names = context_asked(normalize_question(replaced), normalize_question(question))
            if replaced != context:
                merged = f"{replaced} {question}"
        referent = self._referent(question, history) if referents and context is not None else None
        if referent:  # 他是做什么的 about 刘海峰: the question is about the person now, not the earlier one's topic
            # ... but still within the earlier topic's names (石景山 of 石景山劳模表彰会上谁发言了), not its other words
            earlier = context or ""
            names = (salient_terms(earlier)[0] if has_chinese(earlier) and has_chinese(question)
                     else [] if has_chinese(earlier)  # an English question keeps to English (or romanized) words
                     else [w for w in re.findall(r"\b[A-Z][a-z]+\b", earlier[1:]) if is_pinyin(w)])
            own = PERSON_PRONOUN.sub(referent, question, count=1) if has_chinese(question) else question
            merged = " ".join([*names, own])
        text = normalize_question(merged)
        text = self._respelled(text) if respell else text
        chinese = has_chinese(text)
        if chinese:
            tokens, terms = chinese_terms(text, self._known_word, synonyms)
        else:
            tokens, terms = [], []
            for key, chinese_words in english_bridge(text, backend.in_vocabulary, self._passages_with):
                terms.append(Term(token=key, alternatives=tuple(chinese_words)))
                tokens.extend(t for w in chinese_words for t in tokenize(w))
        name_words, missing = pinyin_bridge(merged, backend.romanized(),  # romanized names: Daxing -> 大兴
                                            prefer=self._is_local_place_name,
                                            adjoins=lambda first, word: backend.known(f"#{first}{word[0]}"))
        if not chinese:
            # An English word that reads like pinyin (Chinese = chi + ne + se) is the dictionary's to bridge; a name the
            # dictionary knows as a proper name (Olympic -> 奥运, London -> 伦敦) and the news never uses in any of its
            # senses is about something else, like a romanized name the news never mentions.
            table = english_dictionary()
            capitalized = {w.lower() for w in re.findall(r"(?<=[\w,] )[A-Z][a-z]+", merged)}
            missing = [m for m in missing if lemma(m) not in table or self._only_proper(table[lemma(m)])]
            # a romanized name's syllables (Liu of Liu Haifeng) are not English words to look for
            runs = [run.split() for run in re.findall(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b", merged)]
            romanized = {w.lower() for run in runs if is_pinyin("".join(run)) for w in run}
            missing += [t.token for t in terms if not t.alternatives and t.token in capitalized
                        and t.token not in romanized and self._only_proper(table.get(t.token, ()))]
            terms = [t for t in terms if t.alternatives or t.token not in romanized]
            for term in terms:  # a sense that is a name the question spells (win -> 怀柔 of Huairou) is that name's
                if not is_pinyin(term.token):
                    term.alternatives = tuple(a for a in term.alternatives if a not in name_words)
        terms.extend(Term(token=w) for w in dict.fromkeys(name_words) if w not in {t.token for t in terms})
        tokens += [t for w in name_words for t in tokenize(w)]
        tokens = [t for t in dict.fromkeys(tokens) if backend.known(t)]
        if referent and referent not in {t.token for t in terms}:  # 他 -> 刘海峰: searched, and weighed as its own word
            terms.append(Term(token=referent))
            tokens += [t for t in tokenize(referent) if backend.known(t) and t not in tokens]
        self._weigh(terms)
        if not chinese:  # a person an English question names says most about which passage (Pang Zhiyong)
            for term in terms:
                if term.token in name_words and is_person_name(term.token):
                    term.weight *= ENGLISH_NAME_WEIGHT
        own = normalize_question(question)
        own = (self._respelled(own) if respell else own) + (f" {referent}" if referent else "")
        own_terms: list[Term] = []
        if context is not None:  # what a follow-up adds (二等奖, 复赛) is what it asks; its context only says where to look
            own_english = set() if chinese else set(english_terms(own))  # signed up -> sign up
            earlier = normalize_question(context)
            for term in terms:
                word = term.token.lstrip("#")
                if len(word) >= 2 and (word in own or term.token in own_english) and (
                        backend.known(term.token) or not chinese and term.alternatives):
                    term.weight *= FOLLOWUP_FOCUS
                    if chinese and word not in earlier:  # (an English word's many senses would pick loosely)
                        own_terms.append(term)
                elif (asked and word in asked and not any(word in n for n in asked_names)
                      and word not in normalize_question(context).replace(asked, " ")) or (
                        not chinese and asks_own(own) and term.token not in own_english
                        and any(AWARD.search(a) for a in term.alternatives)):
                    # (an English follow-up asking its own thing: the earlier one's prize, won, weighs less)
                    term.weight *= CONTEXT_ASKED  # ... and BM25 does not look for it
                    faded = {term.token, "#" + word, *(t for a in term.alternatives for t in tokenize(a))}
                    tokens = [t for t in tokens if t not in faded]
        # A follow-up that asks nothing of its own (那二等奖呢, 先进集体呢) asks what its context did.
        kind = answer_type(own) or answer_type(normalize_question(question)) or (  # (他多大: asked of 于海涛 now)
            answer_type(normalize_question(context)) if context and not asks_own(own)
                                    and not YES_NO_QUESTION.search(own) else None)  # (破纪录了没 asks its own)
        if context is not None and kind in (None, "count") and self._bare_how_much(own):
            earlier = answer_type(normalize_question(context))  # 去年是多少 after 最高能补多少: a sum, not a count
            kind = earlier if earlier in VALUE_ANSWERS else kind
        if kind is None and (NAME_QUESTION.search(own) or re.search(r"是哪(?:个|位)\W*$", own)) and any(
                w.endswith(ROLE_SUFFIXES) or w[-1] in PERSON_NOUN_ENDS for w in focus_words(own)):
            kind = "person"  # 工会主席叫啥名: a person's name
        if kind is None and re.search(r"是哪(?:个|位)(?:拿|获得|得)?(?:的|了)?\W*$", own) and AWARD.search(
                re.split(r"是哪", own)[0]):
            kind = "person"  # 热菜组金奖是哪个 (係邊個): who won it
        if kind is None and referent and UNIT_QUESTION.search(own):
            kind = "person"  # which company is he from: who he is, in his unit's name
        # The search text: a Chinese question as normalized; an English one as typed (USE reads it better).
        # (a district the tagger reads as a word, 大兴 of 大兴谁拿了第一, is a name all the same)
        required = self._required_names(text, list(dict.fromkeys([*salient_terms(text)[0], *self._places(merged).values()]))
                                        if chinese else list(dict.fromkeys(name_words)))
        unit = None
        if kind == "count":
            from .bridge import classifiers

            unit = count_unit(own, terms, lambda w: classifiers().get(w, ""))
        # what a count question counts, and the ordinal it pins (第一批住了多少人 -> 首批200名)
        counted = counted_nouns(own, terms) + ordinal_forms(own) if kind in ("count", "person_count") else []
        if context is not None and kind in ("count", "person_count") and answer_type(own) is None and not asks_own(own) \
                and not self._bare_how_much(own):  # (去年呢 counts what its context did, then)
            # 先进集体呢 after 表彰了多少劳模: the follow-up's own noun is what is counted now, in any unit
            nouns = [w for w in words(normalize_question(question)) if len(w) >= 2 and w not in STOPWORDS
                     and w not in FOLLOWUP_OPENERS]
            if nouns:
                counted = list(dict.fromkeys(w for n in nouns for w in (n, *sorted(synonyms(n)))))
                unit, kind = None, "count"
        query = Query(asked=question, text=text if chinese else merged, search_text=merged, chinese=chinese,
                      tokens=tokens, terms=terms, answer_type=kind, followup=context is not None, context=context,
                      names=name_words, missing_names=missing, required_names=required, own=own, count_unit=unit,
                      counted=counted, own_terms=own_terms)
        return query

    @staticmethod
    def _start_or_end(query: Query, text: str, start: int, end: int, question: str, scheme_year: bool
                      ) -> tuple[int, int] | None:
        """The date a when-question asks the start or the end of (幾時開始收申請: 由3月1日起; 幾時截止: 1月15日至3月31日 ->
        3月31日), in the answering sentence text[start:end] or, where that one only names a scheme's year
        (`scheme_year`: 「2026年度…計劃」) or gives none, in another of the passage; None when none is asked or told."""
        told = (NewsQA._start_told(text, start, end) if START_ASKED.search(query.own)
                else NewsQA._end_told(text, start, end, question) if END_ASKED.search(query.own) else None)
        return told if told and (start <= told[0] < end or scheme_year) else None

    @staticmethod
    def _start_told(text: str, start: int, end: int) -> tuple[int, int] | None:
        """The date written as a start (由3月1日起, 6月29日上午9时起开放) in the answering sentence, else in another of
        the passage."""
        for s, e in NewsQA._answering_first(text, start, end):
            for a, b in typed_spans("date", text[s:e]):
                told = START_TOLD.match(normalize(text[s + b:e]))
                if told:
                    return s + a, s + b + len(told.group("time"))  # (6月29日上午9时起: with its hour)
        return None

    @staticmethod
    def _end_told(text: str, start: int, end: int, question: str) -> tuple[int, int] | None:
        """The date a range of dates ends on (参保时间为1月15日至3月31日 -> 3月31日; of several, the one whose clause
        shares most with `question`), or a date told as the end (至2027年2月28日截止), in the answering sentence, else
        in another of the passage."""
        for s, e in NewsQA._answering_first(text, start, end):
            dates = typed_spans("date", text[s:e])
            ranges = typed_ranges("date", text[s:e])
            if ranges:
                a, b = max(ranges, key=lambda r: clause_share(question, text, s + r[0]))
                last = next(d for d in reversed(dates) if d[1] == b)
                return s + last[0], s + last[1]
            for a, b in dates:
                if END_TOLD.match(normalize(text[s + b:e])):
                    return s + a, s + b
        return None

    @staticmethod
    def _totals(query: Query, text: str) -> bool:
        """True when the text tells a total of the kind asked (共计200万元)."""
        return NewsQA._qualified(query, text, 0, len(text), [TOTAL_MARK]) is not None

    @staticmethod
    def _bare_how_much(own: str) -> bool:
        """True for a follow-up asking only how much, then or now (去年是多少, 上届呢, 那现在有多少)."""
        said = re.sub(r"[\W_]", "", NOW_QUESTION.sub("", PAST_QUESTION.sub("", own)))
        return bool(said != re.sub(r"[\W_]", "", own) or "多少" in said) and bool(BARE_HOW_MUCH.match(said))

    def _places(self, text: str) -> dict[str, str]:
        """The districts, counties and towns a question names: {as written: as the news names it} (大兴: 大兴,
        Haidian: 海淀)."""
        if has_chinese(text):
            return {w: w for w in words(normalize_question(text)) if len(w) >= 2 and self._is_local_place_name(w)}
        out = {}
        for run in re.findall(r"\b[A-Z][a-z]+\b", text):
            found, _ = pinyin_bridge(run, self.backend.romanized(), prefer=self._is_local_place_name)
            if found and self._is_local_place_name(found[0]):
                out[run] = found[0]
        return out

    def _places_replaced(self, context: str, question: str) -> str:
        """The earlier question without the places a follow-up replaces with its own (大兴知识竞赛在哪办的 + 那海淀呢 ->
        知识竞赛在哪办的); unchanged when the follow-up names no place, or the same ones."""
        own = set(self._places(question).values())
        if not own:
            return context
        for written, place in self._places(context).items():
            if place not in own:
                context = re.sub(re.escape(written) + "(?:" + "|".join(LOCAL_PLACE_SUFFIXES) + ")?", "", context)
        return context

    def _referent(self, question: str, history: Sequence[str]) -> str | None:
        """Who a follow-up's 他/她/he/she is: the short answer to the last earlier question that asked who (谁代表受表彰者
        发言？ -> 刘海峰; questions between them about 他 too), answered here as it was then; None otherwise."""
        if not history or not PERSON_PRONOUN.search(question):
            return None
        for at in range(len(history) - 1, max(-1, len(history) - 4), -1):  # 谁发言了？ 他完成了多少项？ 他说了啥？
            earlier = self._analyze(clean_question(history[at]), list(history[:at]), referents=False)
            if earlier.answer_type == "person":
                break
            if not PERSON_PRONOUN.search(history[at]):
                return None
        else:
            return None
        vector = self.embedder.encode_query([earlier.text if earlier.chinese or not earlier.followup
                                             else earlier.search_text])[0]
        reply = self._answer_one(earlier, vector, 5)
        name = reply.short_answer
        if reply.abstained or not name or not is_person_name(name):
            return None  # an answer that is no one's name (练兵, 区总工会) is no referent: keep the earlier context
        return name

    def _required_names(self, text: str, names: list[str]) -> list[str]:
        """The names a passage must hold to be about the question: those few passages hold (海淀, Daxing), not a city
        (a city's own news leaves it unsaid: 市自来水集团 is Beijing's), a transliterated name by its last part
        (韦斯·昂塞尔德 -> 昂塞尔德: the other parts vary between writers)."""
        for match in FOREIGN_NAME.finditer(text):
            dot = text.rindex("·", match.start(), match.end())
            ends = [text.find(n, dot) + len(n) for n in names if text.find(n, dot) > dot]
            if ends:
                inside = [n for n in names if match.start() <= text.find(n) < min(ends)]
                names = [n for n in names if n not in inside] + [text[dot + 1:min(ends)]]
        return sorted(self._specific([n for n in names if not n.isdigit() and n not in QUESTION_NOUNS
                                      and not self._is_city(n)]))

    def _weigh(self, terms: list[Term]) -> None:
        """Each term's weight: the IDF of its token, or of its best-known alternative; unseen ones the highest."""
        unseen = float(lucene_idf(0, self.backend.count()))
        for term in terms:
            candidates = [term.token, *term.alternatives]
            idf = self.backend.idf(candidates)
            known = float(idf[0]) if idf[0] > 0 else (float(idf[1:].max()) if len(idf) > 1 and idf[1:].max() > 0
                                                      else 0.0)
            term.weight = known if known > 0 else unseen

    def _passages_with(self, words: list[str]) -> Sequence[int]:
        """How many passages use each word (a two-character word wherever its characters meet: 护士 of 护士长)."""
        return self.backend.document_frequency(["#" + w if len(w) == 2 else w for w in words])

    def _known_word(self, word: str) -> bool:
        return self.backend.known(word)

    def _respelled(self, text: str) -> str:
        """A (normalized) question with its typing slips mended: one to three of its words, one of them a word the
        news never uses, that together read exactly like one word it does, sharing a character in place (大星 -> 大兴,
        竟+赛 -> 竞赛, 一等+将 -> 一等奖: the pinyin input method picked the wrong character)."""
        if not has_chinese(text):
            return text
        readings = self.backend.romanized()
        pieces = words(text)
        bounds, at = [], 0
        for piece in pieces:
            at = text.find(piece, at)
            bounds.append((at, at + len(piece)))
            at += len(piece)
        mended, i = text, len(pieces) - 1
        while i >= 0:  # from the end, so that the offsets before a mended run stay right
            for n in (3, 2, 1):
                first = i - n + 1
                group = pieces[max(first, 0):i + 1]
                run = "".join(group)
                if first < 0 or not 2 <= len(run) <= 4 or not is_cjk_run(run) or self._known_word(run) \
                        or bounds[i][1] - bounds[first][0] != len(run) \
                        or all(self._known_word(w) or w in STOPWORDS for w in group) \
                        or QUESTION_WORD_PATTERN.search(run) or is_common_word(run, COMMON_WORD_FREQUENCY) \
                        or all(self._known_word("#" + run[j:j + 2]) for j in range(len(run) - 1)):
                    continue  # (the news writes each pair of its characters somewhere: 司马晏是, no slip)
                found = {w for key in romanize(run) for w in readings.get(key, ())
                         if len(w) == len(run) and w != run and any(a == b for a, b in zip(w, run))}
                if len(found) == 1:
                    mended = mended[:bounds[first][0]] + found.pop() + mended[bounds[i][1]:]
                    i = first - 1
                    break
            else:
                i -= 1
        return mended

    @staticmethod
    def _pleasantry(message: str) -> bool:
        """True for a message that only thanks or closes (好的谢谢, 辛苦了, thanks!)."""
        return bool(PLEASANTRY.fullmatch(re.sub(r"[\s，,。.!！~～?？]+", "", normalize(message))))

    @staticmethod
    def _greeting(message: str) -> bool:
        """True for a message that only greets or asks what the bot is (你好, 你是谁呀, hi there? no: hi, hello!)."""
        return bool(GREETING.fullmatch(re.sub(r"[\s，,。.!！~～?？呀啊呢吗]+", "", normalize(message))))

    def _asks_anything(self, message: str) -> bool:
        """False for a chat message that is no question (好的，那就这样吧, 谢谢, pasted markup): no question word or mark,
        no follow-up's 那…/…呢, and nothing the news speaks of."""
        if self._pleasantry(message) or self._greeting(message):
            return False
        text = normalize_question(message)
        return bool(asks_own(text) or re.search(r"[?？]|呢$", text) or text.startswith(FOLLOWUP_OPENERS)
                    or YES_NO_QUESTION.search(text) or self._says_something(message))

    def _says_something(self, question: str) -> bool:
        """Does a message without a question word of its own name anything the news speaks of (二等奖, Haidian)?"""
        if has_chinese(question):
            return any(self._known_word(w) for w in words(normalize_question(question)) if w not in STOPWORDS and len(w) >= 2)
        return self._names_topic(question) or any(found for _, found in english_bridge(
            normalize_question(question), self.backend.in_vocabulary, self._passages_with))

    def _names_topic(self, question: str) -> bool:
        """Does the question name something of its own (a place, organisation or person the news knows)?"""
        if not has_chinese(question):
            return topic_names(question, self._known_word)
        names, _ = salient_terms(question)
        return any(self.backend.in_vocabulary(n) for n in names)

    def _rank(self, query: Query, vector: np.ndarray, k: int, allowed: Filters | None = None
              ) -> list[RetrievedPassage]:
        """The ranking step (qa/rank.py) over this index's backend, as cited passages."""
        settings = self.settings
        if settings.mode not in MODES:
            raise QueryError(f"unknown ranking mode {settings.mode!r}: use one of {', '.join(MODES)}")
        ranked = ranking.rank(self.backend, query, vector, k, mode=settings.mode, dense_weight=settings.dense_weight,
                              sentence_weight=settings.sentence_weight, filters=allowed)
        out = []
        for hit in ranked:
            p = hit.passage
            article = self.backend.article(p.article_id)
            out.append(RetrievedPassage(text=p.text, title=p.title, article_id=p.article_id, paragraph=p.paragraph,
                                        source=p.source, score=round(hit.score, 6), lexical=round(hit.lexical, 6),
                                        dense=round(hit.dense, 6), citation=p.citation, start=p.start, end=p.end,
                                        date=getattr(article, "date", None),
                                        publisher=getattr(article, "publisher", None),
                                        url=getattr(article, "url", None)))
        return out

    @staticmethod
    def _question_in_passage_words(query: Query, passage: RetrievedPassage) -> str:
        """The question as the passage would say it, for laying it over the answering sentence: a word replaced by
        the synonym the passage uses (拿了第一 -> 拿了一等奖); an English question as its question word's Chinese
        and the Chinese words of its concepts, in English order (who won -> 谁获得)."""
        text = normalize(f"{passage.title}\n{passage.text}")
        if not query.chinese:
            words = [next((a for a in t.alternatives if a in text), t.alternatives[0] if t.alternatives else t.token)
                     for t in query.terms if t.alternatives or has_chinese(t.token)]
            return WH_CHINESE.get(query.answer_type or "", "什么") + "".join(words)
        question = query.text
        for term in query.terms:
            token = term.token.lstrip("#")
            if token not in text and token in question and not term.token.startswith("#"):
                present = [a for a in term.alternatives if a in text]
                if present:
                    question = question.replace(token, present[0])
        return question

    def _answer_one(self, query: Query, vector: np.ndarray, k: int, allowed: Filters | None = None) -> Answer:
        passages = self._rank(query, vector, k, allowed)
        base = dict(question=query.asked, followup_of=query.context)
        if not passages:
            message = ("没有符合筛选条件的新闻（没有日期的新闻不参与日期筛选）。No news matches the filters (news without a date "
                       "never passes a date filter)." if allowed
                       else "索引为空。The index is empty.")
            return Answer(abstained=True, answer=None, message=message, **base)
        answer = self._answer_from(query, vector, passages, base)
        roles = roles_asked(query) if query.answer_type == "person" and not answer.abstained else []
        if roles and not self._holds_post(passages[0].text, roles):
            # 理事长是谁 over the lead paragraph, the headline naming him (程立凱當選首任理事長): the paragraph of the
            # article that tells who holds the post answers (…程立凱以12票當選首任理事長), not a name in the lead.
            return self._next_paragraph(query, vector, passages, base,
                                        lambda other: self._holds_post(other.text, roles)) or answer
        if not answer.abstained and query.answer_type in VALUE_ANSWERS and TOTAL_QUESTION.search(query.own) and \
                query.context and PER_UNIT_QUESTION.search(normalize_question(query.context)) and \
                not self._totals(query, passages[0].text):
            # A total asked after a share (总共发了多少钱 after 本科生每人给多少) where the best paragraph tells none: a next
            # one of the same article that does (共筹集助学资金2860万元), not the share. (Asked alone, a total is often
            # told without a mark: 筹集资金1380万元.)
            return self._next_paragraph(query, vector, passages, base,
                                        lambda other: self._totals(query, other.text)) or answer
        if answer.abstained and query.followup and answer.signals.get("missing") == [f"<{query.answer_type}>"]:
            # A follow-up asking for a sum or a date its context's paragraph lacks (一期交多少钱 after 哪天开始报名): the
            # next paragraph of the same article that holds one of the kind
            return self._next_paragraph(query, vector, passages, base,
                                        lambda other: bool(typed_spans(query.answer_type, other.text))) or answer
        if answer.abstained and answer.signals.get("missing") == ["<per>"]:
            # Asked for each one's share (每人交多少钱), the best paragraph tells only a total; a next one of the same
            # article may tell the share (每人每年40元). Only a share is looked for there: another value of the kind
            # asked would often be another sum (区总工会投入96万元 for 一期交多少钱), and a post or a prize rank missing is a
            # near miss.
            return self._next_paragraph(query, vector, passages, base, lambda other: True) or answer
        return answer

    def _within_conversation(self, query: Query, vector: np.ndarray, k: int, allowed: Filters | None,
                             answer: Answer) -> Answer:
        """A follow-up stays with the article its conversation is about (一等奖奖金多少钱 after questions about the
        Haidian contest: not the elder-care contest's 1万元; How many judges were there?) unless it names something
        that article does not (那海淀呢): the answer read there, else not found, the other article's passages shown as
        related."""
        if not answer.passages:
            return answer
        earlier = self._analyze(query.context or "", [], referents=False)
        earlier_vector = self.embedder.encode_query([earlier.text if earlier.chinese else earlier.search_text])[0]
        began = self._answer_one(earlier, earlier_vector, 3, allowed)
        if began.abstained or not began.passages:
            return answer
        article_id = began.passages[0].article_id
        if answer.passages[0].article_id == article_id:
            return answer
        own = normalize(query.own)
        if query.chinese:
            named, unknown = [n for n in query.required_names if n in own], []
        else:
            named, unknown = pinyin_bridge(query.asked, self.backend.romanized(), prefer=self._is_local_place_name)
        article = self.backend.article(article_id)
        text = normalize("\n".join([article.title, *article.paragraphs])) if article else ""
        if unknown or any(not mentions(text, n) for n in [*named, *self._places(query.asked).values()]):
            return answer  # 那海淀呢, How much did Xicheng raise?: a topic of its own, named
        kept = self._answer_one(query, vector, k, replace(allowed or Filters(), article=article_id))
        if not kept.abstained or answer.abstained:
            return kept if not kept.abstained else answer
        shown = {(p.article_id, p.paragraph, p.start): p for p in [*kept.passages, *answer.passages]}
        return Answer(abstained=True, answer=None, passages=list(shown.values())[:k],
                      signals={**answer.signals, "missing": [*answer.signals.get("missing", []), "<article>"]},
                      message=not_found(query.asked), question=query.asked, followup_of=query.context)

    def _next_paragraph(self, query: Query, vector: np.ndarray, passages: list[RetrievedPassage], base: dict,
                        tells: Callable[[RetrievedPassage], bool]) -> Answer | None:
        """The answer of the first of the next passages (SAME_ARTICLE_DEPTH) of the best one's article that `tells`
        and answers, or None."""
        for rank in range(1, min(len(passages), SAME_ARTICLE_DEPTH)):
            other = passages[rank]
            if other.article_id == passages[0].article_id and tells(other):
                retry = self._answer_from(query, vector, [other, *passages[:rank], *passages[rank + 1:]], base)
                if not retry.abstained:
                    return retry
        return None

    def _answer_from(self, query: Query, vector: np.ndarray, passages: list[RetrievedPassage], base: dict) -> Answer:
        """The answer passages[0] tells, or an abstention that shows them all as related."""
        top = passages[0]
        context = f"{top.title}\n{top.text}"
        article = self.backend.article(top.article_id)
        article_text = "\n".join([top.title, *(article.paragraphs if article else [top.text])])
        covered = answering.coverage(query.terms, context)
        missing: list[str] = list(query.missing_names)
        # A district, county or town named in English (Chaoyang) that the best article never names is another place.
        missing += [w for w in query.names if (self._is_local_place_name(w) or not query.chinese and self._is_bridged_place(w))
                    and not mentions(article_text, w)]
        # What the question pins (2022年, 第二批, 女骑手, 哪所大学) and the article about it does not hold.
        missing += unmatched_specifics(query.own, normalize(article_text), getattr(article, "date", None))
        if query.chinese:
            names, nouns = salient_terms(query.text)
            in_news = self.backend.in_vocabulary
            weak = covered < STRONG_COVERAGE
            # A name the best article lacks: abstain if the news never names it at all, or if the match is weak.
            # A noun the news never uses (篮球赛) only counts against a weak match: questions paraphrase.
            # A district the best article never names is a different district (朝阳区 asked, 大兴区 answered), even
            # when the rest matches well; a city may go unnamed (北京市自来水集团 is 市自来水集团 in the news).
            # A common word the tagger calls a name (城市) says little: only a specific one counts against a weak match.
            specific = self._specific(names)
            names = [t for t in names if not asks_kind(t)]
            missing += [t for t in names if not mentions(article_text, t) and not self._straddles(query.text, t)
                        and not self._joined(article_text, t)
                        and ((weak and t in specific) or not in_news(t) or is_local_place(t)
                             or self._is_city_proper(t) and self._other_city(article_text, t))]
            kind_nouns = answer_kind_nouns(query.text)
            # A question that joins a place to a union activity the news tells of elsewhere (海淀区 + 知识竞赛, the
            # quiz being Daxing's) asks about what did not happen: the activity is absent from the place's article.
            if query.required_names and all(mentions(article_text, n) for n in query.required_names):
                missing += [t.token for t in query.terms if t.token in UNION_VOCABULARY and in_news(t.token)
                            and not mentions(article_text, t.token)
                            and not any(mentions(article_text, a) for a in t.alternatives)]
            # What a "who"/"name" question asks about (工会主席是谁) must be named in the passage: a passage about the
            # union that never mentions its chairman, or mentions chairmen without a name, does not say who it is.
            if query.answer_type == "person":  # (工会主席是谁, 工会主席叫啥)
                missing += [f"<{w}>" for w in roles_asked(query)
                            if not any(self._names_holder(context, top.text, s) for s in (w, *synonyms(w)))]
            # What the question asks for (奖品是什么) the news never mentions, not even in part (主办单位 is 主办): a
            # passage about the same event cannot tell it.
            # (a sum, a date, a phone number asked is checked by its form: 电话 asked, 热线010-63856210 told)
            missing += [f"<{w}>" for w in focus_words(query.own) if query.answer_type not in TYPED_ANSWERS
                        and w in nouns and not in_news(w)
                        and not asks_kind(w) and w not in kind_nouns and is_common_word(w, COMMON_WORD_FREQUENCY)
                        and not self._has_known_synonym(w)
                        and not any(mentions(article_text, w[i:j]) for i in range(len(w)) for j in range(i + 2, len(w) + 1))]
            # Where an action happens (在哪里办公) is not told by a passage that never mentions the action.
            action = where_action(query.own)
            if action and not mentions(context, action) and not any(mentions(context, s) for s in synonyms(action)):
                missing.append(f"<{action}>")
            # 篮球赛 asked, 知识竞赛 told: a kind of the thing (篮球 + 赛) the news never names is another thing, however
            # well the rest matches.
            missing += [t for t in nouns if (weak or self._other_kind(t, article_text)) and not in_news(t)
                        and not asks_kind(t)
                        and t not in kind_nouns and is_common_word(t, COMMON_WORD_FREQUENCY)
                        and not mentions(article_text, t) and not self._has_known_synonym(t)
                        and not self._straddles(query.text, t)]
        elif query.answer_type == "person":  # who is the chairman, where only a vice-chairman is named
            roles = roles_asked(query)
            if roles and not any(self._names_holder(context, top.text, r) for r in roles):
                missing.append(f"<{roles[0]}>")
        start, end = answering.best_sentence(top.text, [*query.terms, *query.own_terms],
                                             question=query.text if query.chinese else "",
                                             question_vector=vector, encode=self.embedder.encode_document)
        start, end = self._sentence_with_kind(query, top.text, start, end)
        span_question = self._question_in_passage_words(query, top)
        if query.chinese and (query.answer_type not in FORMED_ANSWERS or query.answer_type in ("duration", "score")
                              and not typed_spans(query.answer_type, top.text[start:end])):  # (一个半赛季: in words)
            # The learned span scorer (qa/span_rank.py) may read a neighbouring sentence; a sum, a date, a count
            # of people, an age or a time is the typed span the rules find.
            (start, end), span = locate(span_question, top.text, (start, end), query.answer_type,
                                        focus=self._focus(query))
        else:  # so is an English question laid over Chinese words (measured better)
            span = short_answer(span_question, top.text, (start, end), query.answer_type, focus=self._focus(query))
        if query.answer_type in TYPED_ANSWERS and not typed_spans(query.answer_type, top.text):
            # Asked for a sum, a date or a count that the passage does not hold: a near miss, not an answer.
            missing.append(f"<{query.answer_type}>")
        elif PER_UNIT_QUESTION.search(query.own) and query.answer_type not in ("time", "when", "date", "duration") \
                and not PER_UNIT_MARK.search(normalize(top.text)):
            missing.append("<per>")  # 每人奖励多少钱 asked, only a total told (每天几点开门 asks no share)
        elif query.answer_type != "phone" and DAY_QUESTION.search(query.own) and not DAY_MARK.search(normalize(top.text)):
            missing.append("<day>")  # 几月几号 asked, only 2023年 told
        if (query.answer_type == "person" and self._awards_only_counted(query, article_text)
                or self._award_unclaimed(query, article_text)):
            missing.append("<winner>")  # 一等奖是谁 over 一等奖4名、二等奖8名: how many, not who; 评选出了优秀组织奖: not who
        polite, greeted = self._pleasantry(query.asked), self._greeting(query.asked)
        if polite or greeted or not query.followup and not self._asks_anything(query.asked):  # 好的谢谢, 你好, markup
            message = ("不客气！还有关于工会新闻的问题，随时问我。You're welcome - ask me anything about the news." if polite
                       else "你好！我回答关于工会新闻的问题，答案摘自新闻原文并注明出处，例如「大兴知识竞赛谁拿了第一？」。Hello! I answer "
                            "questions about the trade-union news, quoting and citing it: ask who, what, when, where or how many."
                       if greeted else "请问想了解哪条新闻的什么内容？Please ask a question about the news.")
            return Answer(abstained=True, answer=None, message=message, **base)
        if PROCEDURE_QUESTION.search(query.asked) and top.dense < answering.MIN_COSINE_UNANCHORED:
            missing.append("<procedure>")  # how do I join…: shared words are not a procedure
        signals = answering.Signals(coverage=covered, cosine=top.dense, query_terms=len(query.tokens),
                                    chinese=query.chinese, missing=tuple(missing))
        info = {**signals.to_dict(), "answer_type": query.answer_type, "followup": query.followup}
        byline = self._byline_answer(query, article, signals, missing, passages, base)
        if byline is not None:
            return byline
        if answering.abstain(signals):
            return Answer(abstained=True, answer=None, passages=passages, signals=info,
                          message=not_found(query.asked),
                          **base)
        # 他是哪个单位的, 什么职务, 读书角叫什么: written in a fixed form the rules read
        won = self._described(query, top.text, start, end)
        if won is None and asks_who_won(query):
            won = self._winner(query, top.text, start, end, top.title)
        organiser = organising_verb(query.own) if won is None else None
        if organiser:  # 谁协办的: the one before 协办 (由大兴区总工会主办、庞各庄镇党委政府协办的)
            won = next(filter(None, (agent(top.text, s, e, organiser)
                                     for s, e in [(start, end), *split_sentences(top.text)])), None)
        if won is None and LIST_QUESTION.search(query.own) and query.answer_type not in FORMED_ANSWERS:
            # 有哪些赛道: the things the sentence lists with 、 (not for a typed answer: what opening hours …)
            won = self._listed(query, top.text, start, end)
        if won is not None:  # 二等奖是谁: the subject that won it (青云店镇总工会代表队获得了二等奖), in its sentence
            span = won
            start, end = sentence_holding(top.text, span[0], (start, end))
        named = self._counts_of(query, top.text, start, end) if won is None else []
        years_uncounted = "年" not in (query.count_unit or "")  # (西元幾年 asks for a year of the calendar)
        if named and (span is None or not any(a <= span[0] < b or span[0] <= a < span[1] for a, b in named)):
            # 多少个劳模: the number told of 劳模 (劳动模范86名), in the sentence that tells it.
            span = named[0]
            start, end = sentence_holding(top.text, span[0], (start, end))
        elif query.answer_type == "count" and won is None and (span is None or not (
                counted_spans(query.count_unit, top.text[span[0]:span[1]]) if query.count_unit
                else COUNTED_NUMBER.search(top.text[span[0]:span[1]])) or years_uncounted and CALENDAR_YEAR.fullmatch(
                top.text[span[0]:span[1]])):
            # A count is answered by a number: the one in the measure word asked (客房160间 for 多少间), else any
            # number with a unit the sentence holds, not the span a scorer liked (一家酒店).
            counted = [(a, b) for a, b in counted_spans(query.count_unit or MEASURE_WORDS, top.text[start:end])
                       if not (years_uncounted and CALENDAR_YEAR.fullmatch(top.text[start + a:start + b]))]
            if counted:
                span = (start + counted[0][0], start + counted[0][1])
            elif span is not None and years_uncounted and CALENDAR_YEAR.fullmatch(top.text[span[0]:span[1]]):
                span = None  # 名额有多少 over 2026年度…名额有限: no count to give
        marks = [TARGET_MARK] if TARGET_QUESTION.search(query.own) else []  # (提高到 may ask for a name too: 调整为什么)
        if query.answer_type in VALUE_ANSWERS:
            marks += [mark for asked, mark in VALUE_QUALIFIERS if asked.search(query.own)]
        if marks and won is None:  # 提高到多少, 开到几点, 一共多少家, 自己交多少: the value the news marks so
            target = self._qualified(query, top.text, start, end, marks)
            if target:
                span = target
                start, end = sentence_holding(top.text, span[0], (start, end))
        if won is None and FROM_TO_QUESTION.search(query.own):  # 名额从多少加到多少: 从1200个增加到1800个, both ends
            change = self._change(top.text, start, end)
            if change:
                span = change
        elif not marks and won is None and query.answer_type in VALUE_ANSWERS and NOW_QUESTION.search(query.own):
            target = self._qualified(query, top.text, start, end, [TARGET_MARK])  # 现在多少: 从260元提高到420元
            if target and start <= target[0] < end:
                span = target
        elif not marks and won is None and query.answer_type in VALUE_ANSWERS and not PAST_QUESTION.search(query.own):
            # 最高能补多少 over 由去年的1.5万元提高到2万元: the new value, when it is of the kind asked
            told = TARGET_TOLD.search(readable(top.text), start, end)
            value = NUMBER_SPAN.search(top.text, told.end() - 1, end) if told else None
            kind = top.text[value.start():value.end()] if value else ""
            if value and (span is None or not span[0] <= value.start() < span[1]) and (  # of the kind asked
                    typed_spans(query.answer_type, kind) if query.answer_type in TYPED_ANSWERS
                    else query.count_unit and counted_spans(query.count_unit, kind)):
                span = value.span()
        if query.answer_type == "when" and won is None and not DURATION_QUESTION.search(query.own):
            # 啥时候办的: the date the sentence tells, not a neighbour
            start, end = self._sentence_with_kind(query, top.text, start, end)  # (the scorer may have moved it)
            scheme_year = span is not None and top.text[span[1]:span[1] + 1] == "度"  # 「2026年度…計劃」: a name's year
            dates = typed_spans("date", top.text[start:end])
            hours = self._range(top.text, start, end) if not dates else None
            if hours and start <= hours[0] < end:  # 律师啥时候值班: 工作日9:00至17:00, a range of hours
                span = hours
            elif dates and (span is None or not any(start + a <= span[0] < start + b for a, b in dates)
                            or CALENDAR_YEAR.fullmatch(top.text[span[0]:span[1]]) and any(
                                DAY_MARK.search(normalize(top.text[start + a:start + b])) for a, b in dates)):
                # a day (4月27日) before a bare year (2025年度 of the same sentence)
                day = next((d for d in dates if DAY_MARK.search(normalize(top.text[start + d[0]:start + d[1]]))), dates[0])
                span = (start + day[0], start + day[1])
            told = self._start_or_end(query, top.text, start, end, span_question, scheme_year or span is None)
            if told:
                span = told
                start, end = sentence_holding(top.text, span[0], (start, end))
        if query.answer_type == "date" and won is None and DAY_QUESTION.search(query.own):  # 几号截止参保: a day
            told = self._start_or_end(query, top.text, start, end, span_question,
                                      span is None or top.text[span[1]:span[1] + 1] == "度")
            if told:
                span = told
                start, end = sentence_holding(top.text, span[0], (start, end))
        if query.answer_type == "time" and span is not None and won is None and not TIME_END_ASKED.search(query.own):
            whole = self._range(top.text, start, end, question=span_question)  # 热线几点有人听: 上午10時至晚上7時
            if whole and whole[0] == span[0]:
                span = whole
        if RANGE_QUESTION.search(query.own) and won is None:  # 几点开门几点关门: 7:00至21:00, both ends
            whole = self._range(top.text, start, end, days=bool(DAY_QUESTION.search(query.own)), question=span_question)
            if whole:
                span = whole
                start, end = sentence_holding(top.text, span[0], (start, end))
        if span is not None and won is None:
            span = self._whole_answer(query, top.text, span, (start, end))
            if not start <= span[0] < end:
                start, end = sentence_holding(top.text, span[0], (start, end))
        if query.answer_type == "place" and won is None and ADDRESS_QUESTION.search(query.own):
            found = [m for s, e in self._answering_first(top.text, start, end)  # 在哪儿: 锦荷路39号一层, not 武侯工会
                     for m in [ADDRESS_TOLD.search(readable(top.text), s, e)] if m]
            if found:
                span = found[0].span("address")
                start, end = sentence_holding(top.text, span[0], (start, end))
        if span is None and query.answer_type == "person":  # who was the top scorer: the one the sentence names
            span = self._person_named(query, top.text, start, end)
        clash = self._clash(query, top.text, span, article_text) if span is not None else None
        other = self._unclashed(query, top.text, start, end, article_text) if clash else None
        if other is not None:  # 决赛几支队: not 共40支代表队进入复赛, but 最终10支代表队…进入决赛 of the same sentence
            span, clash = other, None
            start, end = sentence_holding(top.text, span[0], (start, end))
        if clash:  # 二等奖奖金 told by 一等奖获得者将获得奖金1万元; 女子组亚军 by the men's race; 梁卓轩几岁 by 区嘉欣's age
            info["missing"] = [*info["missing"], clash]
            return Answer(abstained=True, answer=None, passages=passages, signals=info,
                          message=not_found(query.asked),
                          **base)
        top.answer_start, top.answer_end = start, end
        short = None
        if span is not None:
            top.short_answer_start, top.short_answer_end = span
            short = top.text[span[0]:span[1]]
        return Answer(abstained=False, answer=top.text[start:end].strip(), short_answer=short, passages=passages,
                      signals=info, **base)

    @staticmethod
    def _clash(query: Query, text: str, span: tuple[int, int], article_text: str) -> str | None:
        """What the answer's clause names instead of the prize rank, group or person asked (see qa.contrast)."""
        asked = normalize(query.own) + "".join(a for t in query.terms if not query.chinese for a in t.alternatives)
        clash = other_member(asked, text, span[0])
        if clash is None and query.answer_type == "age":  # whose age: the person the question names, if the news does
            named = [*people_named(normalize(query.own)), *query.names] if query.chinese else query.names
            people = [p for p in dict.fromkeys(named) if is_person_name(p) and p in normalize(article_text)]
            clash = other_person(people, text)
        return clash

    def _unclashed(self, query: Query, text: str, start: int, end: int, article_text: str) -> tuple[int, int] | None:
        """Another value of the kind asked (a count, a sum, a date…) whose clause names the rank, stage or group asked
        and no other: in the answering sentence first, then the passage's others. None when there is none."""
        for s, e in NewsQA._answering_first(text, start, end):
            if query.answer_type in FORMED_ANSWERS:
                spans = typed_spans(query.answer_type, text[s:e])
            elif query.answer_type == "count":
                spans = counted_spans(counting_units(query), text[s:e])
            else:
                return None
            for a, b in spans:
                if self._clash(query, text, (s + a, s + b), article_text) is None:
                    return s + a, s + b
        return None

    @staticmethod
    def _whole_answer(query: Query, text: str, span: tuple[int, int], sentence: tuple[int, int]) -> tuple[int, int]:
        """A place cut short is the whole place (庞各庄镇西瓜 -> 庞各庄镇西瓜博物馆), a place asked is a place (the
        sentence's 在庞各庄镇西瓜博物馆, not 2023年大兴区职工知识竞赛); a who-question answered by an organisation whose
        clause goes on to name one person is that person (美团外卖东直门站点 -> 骑手王小虎 -> 王小虎); a given name is the
        whole name (海涛 -> 于海涛)."""
        a, b = span
        if query.answer_type == "person" and a and (text[a - 1] in SURNAMES or text[a - 1] in PREPOSITION_SURNAMES) \
                and is_person_name(text[a - 1:b]):
            a -= 1
        while a >= 2 and text[a - 1] in ",，" and text[a - 2].isdigit() and text[a:a + 1].isdigit():
            a -= 2  # 280人 of 1,280人: a thousands comma is inside the number
            while a > 0 and text[a - 1].isdigit():
                a -= 1
        currency = CURRENCY_BEFORE.search(text, max(0, a - 4), a) if text[a:a + 1].isdigit() else None
        if currency and typed_spans("money", text[a:b]):  # 新臺幣3萬元: the currency is part of the sum
            a = currency.start()
        tail = RECORD_TAIL.match(text, b) if b >= 2 and text[b - 1] in "分秒" and text[b - 2].isdigit() else None
        if tail:  # 11秒62, 3分45秒: a time told in minutes and seconds goes on after its first unit
            b = tail.end()
        if query.answer_type == "place":
            inside = text.find("在", a + 1, b - 2)
            if inside > 0:  # 决赛在庞各庄镇西瓜博物馆: the place is after the preposition
                a = inside + 1
            asked = " ".join([query.text, *query.names])
            at = [m.span(1) for m in PLACE_AT.finditer(text, *sentence) if not ranking.named_in(m.group(1), asked)]
            if at and not any(s < b and a < e for s, e in at):
                a, b = at[0]
            else:  # 区体育中心 of 在怀柔区体育中心闭幕: the whole place after 在
                a, b = next(((s, e) for s, e in at if s < b and a < e), (a, b))
        norm = normalize(text)
        if len(norm) != len(text):
            return a, b
        clause_start, clause_end = clause_bounds(norm, a, b)
        if query.answer_type == "place":
            for match in PLACE_MENTION.finditer(norm, clause_start, clause_end):
                if match.start() < b < match.end() <= b + 8:  # a place that begins inside the answer ends after it
                    return a, match.end()
        if query.answer_type == "person" and not is_person_name(text[a:b]):
            people = [n for n in people_named(norm[clause_start:clause_end]) if is_person_name(n)
                      and n not in query.text]
            if len(people) == 1:
                at = norm.find(people[0], clause_start, clause_end)
                if a <= at <= b + 6:  # the name in or right after the answer (东直门站点骑手王小虎)
                    return at, at + len(people[0])
            named = [n for n in people_named(norm[a:b]) if is_person_name(n) and n not in query.text]
            if not query.chinese and len(set(named)) == 1:  # English: 协调小组组长郑宇致辞 -> 郑宇
                at = norm.find(named[0], a, b)
                return at, at + len(named[0])
            if not query.chinese and not people_named(norm[a:b]):  # English: no one named in the answer: the one
                # person the sentence names,
                for s, e in (sentence, (0, len(norm))):  # else the one the passage names (他说… after 刘海峰发言)
                    people = {n for n in people_named(norm[s:e]) if is_person_name(n) and n not in query.text}
                    if len(people) == 1:
                        name = people.pop()
                        at = norm.find(name, s, e)
                        return at, at + len(name)
                    if people:
                        break
        return a, b

    @staticmethod
    def _sentence_with_kind(query: Query, text: str, start: int, end: int) -> tuple[int, int]:
        """The answering sentence, or, when it lacks the kind of answer asked (a sum, a date, a head count; a count
        in the measure word asked) and another sentence of the passage has one, the one of those that covers most of
        the question (西城送温暖花了多少钱: not the lead sentence, the one with 1380万元)."""
        if query.answer_type in FORMED_ANSWERS or query.answer_type == "when" and not DURATION_QUESTION.search(query.own):
            kind = "date" if query.answer_type == "when" else query.answer_type  # 啥时候: a sentence with a day

            def has(s: int, e: int) -> bool:
                spans = typed_spans(kind, text[s:e])
                return any(DAY_MARK.search(normalize(text[s + a:s + b])) for a, b in spans) if query.answer_type == "when" \
                    else bool(spans)
        elif query.answer_type == "count" and query.count_unit:
            def has(s: int, e: int) -> bool:
                return bool(counted_spans(query.count_unit, text[s:e]))
        else:
            return start, end
        if has(start, end):
            return start, end
        holding = [(s, e) for s, e in split_sentences(text) if has(s, e)]
        if not holding:
            return start, end
        return max(holding, key=lambda se: answering.coverage(query.terms, text[se[0]:se[1]]))

    @staticmethod
    def _awards_only_counted(query: Query, text: str) -> bool:
        """True when every prize the question asks the winner of is told in the article only as a count (一等奖4名、
        二等奖8名): it says how many won, not who."""
        norm = normalize(text)
        awards = [w for w in query_objects(query) if AWARD.search(w) and w in norm and w in query.own]
        return bool(awards) and all(
            all(re.match(r"\s*[\d一二三四五六七八九十两]+[名个人项位支]", norm[m.end():])
                for m in re.finditer(re.escape(w), norm)) for w in awards)

    @staticmethod
    def _award_unclaimed(query: Query, text: str) -> bool:
        """True when the question asks who won a prize (优秀组织奖颁给了哪些单位) that the article tells of but never says
        anyone won, while it does say who won others (瀛海镇总工会代表队获得了一等奖)."""
        if not asks_who_won(query, bare_alone=False):
            return False
        norm = normalize(text)
        if len(norm) != len(text):
            return False
        awards = [w for w in query_objects(query) if AWARD.search(w) and len(w) >= 3 and w in norm and w in query.own]
        spans = split_sentences(text)
        won = [a for a in awards if any(winner(text, s, e, [a]) for s, e in spans)]
        return bool(awards) and not won and any(winner(text, s, e, [p]) for s, e in spans for p in AWARDS_TOLD)

    @staticmethod
    def _winner(query: Query, text: str, start: int, end: int, title: str = "") -> tuple[int, int] | None:
        """Who won what the question names (二等奖, first prize -> 一等奖): in the answering sentence, else in another
        sentence of the passage; the follow-up's own words first (那二等奖呢 after 谁拿了第一); of winners in several
        groups, the one the headline names when the question names no group (黎浩然获职工组一等奖: not 学生组's)."""
        prizes = prizes_asked(query)
        sentences = NewsQA._answering_first(text, start, end)
        qualifiers = [w for w in words(query.own) if len(w) >= 2 and w not in STOPWORDS and not AWARD.search(w)
                      and w not in FOLLOWUP_OPENERS] if query.followup and not asks_own(query.own) else []
        if qualifiers:  # 女子组呢 after 男子组冠军是谁: the sentence about the women's race first
            sentences.sort(key=lambda se: not any(w in normalize(text[se[0]:se[1]]) for w in qualifiers))
        found = [span for s, e in sentences
                 for span in (winner(text, s, e, prizes, totals=bool(TOTAL_PRIZE_ASKED.search(query.own))),
                              prize_by(text, s, e, [p for p in prizes if AWARD.search(p)]))
                 if span]
        # the first whose clause names the group or rank asked, not another (热菜组金奖: not 点心组金奖则由…区嘉欣夺得)
        asked = normalize(query.own)
        headline = normalize(title)
        if query.chinese and not qualifiers and not CONTEST_GROUP.search(asked):  # (women's half marathon: a group)
            def in_headline(span: tuple[int, int]) -> bool:
                said = normalize(text[span[0]:span[1]])
                return said in headline or len(said) >= 3 and said[-3:] in headline  # (…运维技师黎浩然: its name)
            found.sort(key=lambda span: not in_headline(span))  # (stable: else in their order)
            # the group the conversation is about (那二等奖呢 after 职工组一等奖是谁), else the one the headline names
            # (黎浩然获职工组一等奖): the second prize asked is that group's, not the students'
            context = normalize(query.context) if query.followup and query.context else ""
            groups = CONTEST_GROUP.findall(context) or CONTEST_GROUP.findall(headline)
            asked = " ".join([asked, *groups])
        return next((span for span in found if other_member(asked, text, span[0]) is None), found[0] if found else None)

    @staticmethod
    def _described(query: Query, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The prize someone asked about won (采育镇得了几等奖 -> 三等奖), the unit or title written before the person
        asked about (他是哪个单位的 after 刘海峰 -> 首钢建设集团), or the quoted name next to the thing asked about (读书角叫什么 -> 书适圈 of “书适圈”读书角); the answering sentence
        first, then the passage's others. None when the question is of neither kind or the text has no such form."""
        sentences = NewsQA._answering_first(text, start, end)
        # 采育镇得了几等奖: the prize after 采育镇…获得了; 赵一鸣呢 after who won first prize: what 赵一鸣 won
        bare_named = (query.followup and not asks_own(query.own) and asks_who_won(query)
                      and [n for n in people_named(query.own) if is_person_name(n)])
        if PRIZE_QUESTION.search(query.own) or bare_named:
            subjects = [*people_named(query.own), *query.names,
                        *(w for w in words(query.own) if len(w) >= 2 and w not in STOPWORDS and not AWARD.search(w))]
            for s, e in sentences:
                found = prize_of(text, s, e, list(dict.fromkeys(subjects)))
                if found:
                    return found
        if ORIGIN_QUESTION.search(query.own):  # 他老家是哪的 after 王小虎: 他来自河南周口
            people = [n for n in people_named(query.own) if is_person_name(n)]
            for s, e in sentences:
                if not people or any(p in text[max(0, s - 40):e] for p in people):
                    found = origin(text, s, e)
                    if found:
                        return found
        part = described_part(query.own)
        if part:
            people = [n for n in people_named(query.own) if is_person_name(n)]
            for s, e in sentences:
                for name in people:
                    found = apposition(text, s, e, name, part)
                    if found:
                        return found
            return None
        roles = roles_asked(query)
        if query.answer_type == "person" and roles:  # 工会主席是谁/叫啥: the name after 主席
            for s, e in sentences:
                found = role_holder(text, s, e, roles[0])
                if found:
                    return found
        if not NAME_QUESTION.search(query.own):
            return None
        if query.chinese:
            focus = focus_words(query.own) or [w for w in words(query.own) if w not in STOPWORDS and len(w) >= 2]
        else:
            focus = [a for t in query.terms for a in t.alternatives]
        if any(w.endswith(ROLE_SUFFIXES) or w[-1:] in PERSON_NOUN_ENDS for w in focus_words(query.own)):
            return None  # 负责人叫什么名字: a person, not a quoted name
        for i, (s, e) in enumerate(sentences):  # another sentence only when it names what is asked about
            if i == 0 or any(w in text[s:e] for w in focus if len(w) >= 2):
                found = quoted_name(text, s, e, focus, query.text)
                if found:
                    return found
        return None

    @staticmethod
    def _listed(query: Query, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The list the answering sentence gives (数据分析、云计算、大数据、人工智能 for 有哪些赛道), nearest the thing asked
        about; else one in another sentence of the passage that names it."""
        if query.chinese:
            focus = [*answer_kind_nouns(query.own), *focus_words(query.own)]
        else:
            focus = [a for t in query.terms for a in t.alternatives]
        found = listed(text, start, end, focus, counted="几" in query.own)
        if found:
            return found
        named = [w for w in focus if len(w) >= 2]
        others = NewsQA._answering_first(text, start, end)[1:]
        # a sentence naming what is asked about first, then any (都加了些啥 names nothing)
        for s, e in sorted(others, key=lambda se: not any(w in text[se[0]:se[1]] for w in named)):
            found = listed(text, s, e, focus, counted="几" in query.own)
            if found:
                return found
        return None

    @staticmethod
    def _answering_first(text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The answering sentence text[start:end], then the passage's other sentences in order."""
        return [(start, end), *(se for se in split_sentences(text) if se != (start, end))]

    @staticmethod
    def _range(text: str, start: int, end: int, days: bool = False, question: str = "") -> tuple[int, int] | None:
        """A range of times or dates (工作日9:00至17:00, 7月1日至8月31日; dates first when `days` are asked) in the
        answering sentence, else in another of the passage: from its start to its end. Of several in one sentence,
        the one whose clause shares most with `question` (淋浴间的开放时间为11:00至23:00 for the shower's hours). Hours
        told in two parts are both (9:00至12:00、14:00至17:30)."""
        for s, e in NewsQA._answering_first(text, start, end):
            for kind in (("date", "time") if days else ("time", "date")):
                ranges = [(s + a, s + b) for a, b in typed_ranges(kind, text[s:e])]
                if ranges:
                    chosen = max(ranges, key=lambda r: clause_share(question, text, r[0])) if question else ranges[0]
                    for after in ranges[ranges.index(chosen) + 1:] if kind == "time" else ():
                        if after[0] - chosen[1] != 1 or text[chosen[1]] not in RANGE_PARTS:
                            break
                        chosen = (chosen[0], after[1])
                    return chosen
        return None

    @staticmethod
    def _change(text: str, start: int, end: int) -> tuple[int, int] | None:
        """A change the answering sentence tells from one value to another (由每班新臺幣300元提高到500元): from what
        follows 由/从 to the end of the new value."""
        told = FROM_TO_TOLD.search(readable(text), start, end)
        if not told:
            return None
        value = NUMBER_SPAN.search(text, told.end(), end)
        return (told.start("from"), value.end()) if value and value.start() - told.end() <= 8 else None

    @staticmethod
    def _qualified(query: Query, text: str, start: int, end: int, marks: Sequence[re.Pattern]
                   ) -> tuple[int, int] | None:
        """The value right after what one of `marks` reads (到/至 of 从91%提高到99.2% -> 99.2%; 总数达到 of
        新建30家，全区总数达到215家 -> 215家) in the answering sentence, else in another of the passage; in the unit
        asked when the question names one (增加到几天: 7天, not 16周)."""
        for s, e in NewsQA._answering_first(text, start, end):
            typed = typed_spans(query.answer_type, text[s:e]) if query.answer_type in FORMED_ANSWERS else []
            numbers = sorted(typed or {m.span() for m in NUMBER_SPAN.finditer(text[s:e])})  # 几点: 21:00, not 8月
            for n, (a, b) in enumerate(numbers):
                joined = RANGE_JOIN.match(text, s + b)
                if joined and n + 1 < len(numbers) and s + numbers[n + 1][0] == joined.end():
                    continue  # 至每天7:00至21:00: the range's end, not its start
                before = normalize(text[max(s, s + a - 8):s + a])
                if any(mark.search(before) for mark in marks) and (
                        not query.count_unit or text[s + b - 1:s + b] in query.count_unit):
                    return s + a, s + b
        return None

    @staticmethod
    def _counts_of(query: Query, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """The numbers `text` tells of what a count question counts (劳动模范86名 for 多少个劳模), those of the
        answering sentence text[start:end] first."""
        normalized = normalize(text)
        if not query.counted or len(normalized) != len(text):
            return []
        units = ranking.counting_units(query)
        inside = [(start + a, start + b) for a, b in counts_of(query.counted, units, normalized[start:end])]
        return inside + [span for span in counts_of(query.counted, units, normalized) if span not in inside]

    def _byline_answer(self, query: Query, article: Article | None, signals: "answering.Signals", missing: list[str],
                       passages: list[RetrievedPassage], base: dict) -> Answer | None:
        """Who reported it (哪位记者写的 / who reported the water group story?): the best article's byline, when the
        rest of the question is about that article (no name it lacks, enough of its words)."""
        if article is None or not REPORTER_QUESTION.search(query.asked):
            return None
        lead, byline = article.lead, article.byline
        if not byline and article.paragraphs:  # news given as records keeps 本报讯（记者 赵琳） in its first paragraph
            match = BYLINE.match(article.paragraphs[0])
            lead, byline = (match.group(0).strip(), match.group("byline").strip()) if match else ("", "")
        if not byline or [m for m in missing if not m.startswith("<")]:
            return None
        topic = [t for t in query.terms if t.token.lstrip("#") not in REPORT_WORDS
                 and not any(w in t.token for w in REPORT_WORDS if len(w) >= 2 and has_chinese(w))]
        def about(other: Article | None) -> float:
            return answering.coverage(topic, "\n".join([other.title, *other.paragraphs])) if other else 0.0

        share = about(article) if topic else 0.0
        others = {p.article_id for p in passages[:5]} - {article.article_id}
        if share < STRONG_COVERAGE or any(about(self.backend.article(a)) > share for a in others):
            return None  # the rest of the question is not (clearly) about this article
        names = [n for n in BYLINE_ROLES.split(byline) if n.strip()]
        short = "、".join(" ".join(n.split()) for n in names) or byline
        line = lead if lead and byline in lead else f"{lead}（{byline}）" if lead else byline
        # The article's opening paragraph first: the byline heads it (and is in its text when given as a record).
        opening = min((p for p in passages if p.article_id == article.article_id), key=lambda p: p.paragraph)
        passages = [opening, *(p for p in passages if p is not opening)]
        at = opening.text.find(line)
        if at >= 0 and len(names) == 1 and names[0].strip() in line:
            opening.answer_start, opening.answer_end = at, at + len(line)
            name_at = opening.text.find(names[0].strip(), at)
            opening.short_answer_start, opening.short_answer_end = name_at, name_at + len(names[0].strip())
        info = {**signals.to_dict(), "answer_type": "person", "followup": query.followup, "from": "byline"}
        return Answer(abstained=False, answer=line, short_answer=short, passages=passages, signals=info, **base)

    def _specific(self, names: Sequence[str]) -> set[str]:
        """Names few passages hold (at most SPECIFIC_NAME_SHARE of them, or SPECIFIC_NAME_PASSAGES)."""
        if not names:
            return set()
        limit = max(SPECIFIC_NAME_PASSAGES, SPECIFIC_NAME_SHARE * self.backend.count())
        df = self.backend.document_frequency(list(names))
        return {name for name, count in zip(names, df) if count <= limit}

    def _other_kind(self, noun: str, text: str) -> bool:
        """True when `noun` is a modifier the news never uses on a head `text` mentions (篮球 + 赛 over a 竞赛)."""
        return any(mentions(text, noun[i:]) and not self._known_word(noun[:i])
                   and is_common_word(noun[:i], COMMON_WORD_FREQUENCY) for i in range(2, len(noun)))

    def _other_city(self, text: str, city: str) -> bool:
        """True when `text` names a city or province other than `city` (北京市 in an article, 上海市 asked): the
        article is another city's news, not one that leaves its own city unsaid."""
        own = city[:-1] if city.endswith(CITY_SUFFIXES) else city
        return any(m.group(0) not in (own, city) and m.group(0)[:-1] != own and self._known_word(m.group(0))
                   for m in CITY_NAME.finditer(normalize(text)))

    def _is_city_proper(self, word: str) -> bool:
        """True for a city (上海, 上海市), not a province or region (台湾 of 台湾省) whose cities go without it."""
        return word.endswith("市") and len(word) >= 3 or self._known_word(word + "市")

    def _is_city(self, word: str) -> bool:
        """True for a city or province (北京, 北京市, 广东省): the news knows it with 市 or 省 (not 城市, 都市)."""
        return (word.endswith(CITY_SUFFIXES) and len(word) >= 3
                or any(self._known_word(word + suffix) for suffix in CITY_SUFFIXES))

    def _is_local_place_name(self, word: str) -> bool:
        """True when the news names `word` as a district, county or town (朝阳 of 朝阳区)."""
        return is_local_place(word) or any(self._known_word(word + suffix) for suffix in LOCAL_PLACE_SUFFIXES)

    @staticmethod
    def _only_proper(senses: Iterable[str]) -> bool:
        """True when every sense of an English word (of two characters or more) is a proper name (Olympic: 奥运,
        奥林匹克…), not for a word with an ordinary sense too (Chinese: …, 曹白鱼)."""
        senses = [w for w in senses if len(w) >= 2]
        return bool(senses) and all(proper_name(w) for w in senses)

    def _is_bridged_place(self, word: str) -> bool:
        """A district a romanized name stands for (Miyun -> 密云): one the news names as such, or a proper name
        (CC-CEDICT) the news writes right before a district's suffix (密云区, cut by its words as 密云 + 区总工会)."""
        return self._is_local_place_name(word) or proper_name(word) and self._known_word(word) and any(
            self._known_word(f"#{word[-1]}{suffix[0]}") for suffix in LOCAL_PLACE_SUFFIXES)  # (背景 of 景区: no)

    def _straddles(self, text: str, word: str) -> bool:
        """True when the tagger's `word` sits across two words the news uses (理工 of 中铁保理工会 = 保理 + 工会):
        a segmentation slip, not something the question asks about."""
        at = text.find(word)
        if at < 0:
            return False
        for cut in range(at + 1, at + len(word)):
            if (any(self._known_word(text[begin:cut]) for begin in range(max(0, at - 3), at))
                    and any(self._known_word(text[cut:end]) for end in range(at + len(word) + 1, at + len(word) + 4))):
                return True
        return False

    @staticmethod
    def _joined(article_text: str, word: str) -> bool:
        """True when the question joins two names the article holds apart (拱墅暑托班 = 拱墅 + 暑托班, written 拱墅区爱心暑托班):
        a short way to say it, not another thing."""
        return any(mentions(article_text, word[:cut]) and mentions(article_text, word[cut:])
                   for cut in range(2, len(word) - 1))

    def _has_known_synonym(self, word: str) -> bool:
        return any(self._known_word(s) for s in synonyms(word))

    @staticmethod
    def _person_named(query: Query, text: str, start: int, end: int) -> tuple[int, int] | None:
        """The first person the answering sentence names that the question does not (a who-question no rule read)."""
        sentence = readable(text[start:end])
        asked = normalize(query.text) + "".join(a for t in query.terms for a in t.alternatives)
        for name in people_named(BYLINE.sub("", sentence) if start == 0 else sentence):
            at = sentence.find(name)
            if is_person_name(name) and name not in asked and at >= 0:
                return start + at, start + at + len(name)
        return None

    @staticmethod
    def _holds_post(text: str, roles: Sequence[str]) -> bool:
        """True when the passage names who holds one of the posts (or a synonym of one)."""
        return any(role_holder(text, 0, len(text), r) is not None for role in roles for r in (role, *synonyms(role)))

    @staticmethod
    def _names_holder(context: str, text: str, role: str) -> bool:
        """True when the passage names who holds `role`: in the role's clause (区总工会主席李卫华), or as one elected to
        it and named before it (邱明达以17票当选第十届理事长)."""
        return names_person_with(context, role) or role_holder(text, 0, len(text), role) is not None

    @staticmethod
    def _focus(query: Query) -> list[str]:
        """What a follow-up adds to its context (二等奖 in 那二等奖呢): the short answer is sought next to it."""
        if not query.followup:
            return []
        own = query.own
        return [w for w in words(own) if w not in STOPWORDS and len(w) >= 2]

    # ---------- sources ----------
    def article(self, article_id: str) -> Article | None:
        """A whole article by id (for reading the source in full)."""
        return self.backend.article(article_id)
