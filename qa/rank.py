"""Ranking: candidates from a backend, fused (pure functions of qa.fusion) and re-scored by their best sentence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import answer as answering
from .backends import Backend
from .chunking import Passage, split_sentences
from .fusion import DENSE_WEIGHT, hybrid, reciprocal_rank
from .query import OWN_SENTENCE_WEIGHT, Filters, Query, asks_who_won, roles_asked, described_part, organising_verb, prizes_asked
from .lexicon import PAST_QUESTION, PAST_TOLD, RANGE_QUESTION, ADDRESS_QUESTION, ADDRESS_TOLD, AWARD, PRONOUN_TOLD, TOTAL_PRIZE_ASKED, DURATION_QUESTION, TARGET_QUESTION, TARGET_TOLD, LOCAL_PLACE_SUFFIXES, PLACE_AT, MEASURE_WORDS, PERSON_UNITS, PLACE_MENTION
from .span import agent, counted_spans, counts_of, typed_ranges, typed_spans, winner
from .extract import apposition, role_holder
from .segment import BYLINE
from .tokenization import is_person_name, mentions, normalize, people_named

COUNTING_UNITS = MEASURE_WORDS + PERSON_UNITS + "个"  # next to the noun counted, 个 counts too (先进集体24个)
CANDIDATES = 100  # from each retriever
RESCORE_DEPTH = 10  # fused candidates re-scored by their best sentence
# ... and, among the next ones, the leading article's other paragraphs: the words asked may be elsewhere in the
# article than the answer (大兴 in its first paragraph, 一等奖 in its fourth, for 大兴谁拿了第一)
SIBLING_DEPTH = 20
SENTENCE_WEIGHT = 1.0
TYPED_ANSWERS = ("money", "date", "person_count", "age", "time", "phone", "percent")  # answer types whose absence is certain
FORMED_ANSWERS = TYPED_ANSWERS + ("rise", "duration", "score")  # ... and those the rules find by their form (a rise may be told in words)
TYPE_BONUS = 1.0  # a sum, date, head count, age or time asked: a passage without one cannot answer
WHEN_BONUS = 0.5  # a when-question: a sentence that tells a date
RISE_BONUS = 0.5  # a rise or a duration asked (涨多少, 跑了多久): a sentence that tells one (平均增长6.5%, 1小時14分08秒)
UNIT_BONUS = 1.0  # a count asked in a measure word (几份): a sentence that counts in it
COUNTED_NOUN_BONUS = 0.5  # a count asked of a noun (多少个劳模): a sentence that counts that noun (劳动模范86名)
# A where-question: among the paragraphs of the leading article, one naming a place the question did not (在张山营镇
# 揭牌). Across articles most passages name places: there it would only add noise (measured on CMRC and DRCD).
PLACE_BONUS = 0.5
PERSON_BONUS = 0.5  # likewise a who-question: a paragraph naming someone the question did not (焊接高级技师刘海峰)
WINNER_BONUS = 0.5  # who won what the question names: a sentence telling it (瀛海镇总工会代表队获得了一等奖)
NAME_PENALTY = 1.0  # taken off in proportion to the names asked about (海淀, Daxing) a passage and its title lack


@dataclass
class Ranked:
    """One ranked passage with the scores behind its place."""

    pid: int
    passage: Passage
    score: float
    lexical: float
    dense: float


def rank(backend: Backend, query: Query, vector: np.ndarray, k: int, mode: str = "hybrid",
         dense_weight: float = DENSE_WEIGHT, sentence_weight: float = SENTENCE_WEIGHT,
         filters: Filters | None = None) -> list[Ranked]:
    """The k best passages for an analysed question: BM25 and dense top-CANDIDATES from the backend (filtered
    there), exact cosines, then `mode`: the hybrid fusion re-scored by best sentence (default), BM25 alone, the
    cosine alone, or naive RRF. Passages are read only for the few ranked closely."""
    lexical = backend.lexical_search([query.tokens], CANDIDATES, filters)[0] if query.tokens else []
    dense = backend.dense_search(vector[None, :], CANDIDATES, filters)[0]
    pids = sorted({pid for pid, _ in lexical} | {pid for pid, _ in dense})
    if not pids:
        return []
    cosines = backend.vectors(pids) @ vector
    lex_of = dict(lexical)
    passages: dict[int, Passage] = {}
    if query.chinese:
        missed = [pid for pid in pids if pid not in lex_of]
        if missed and query.tokens:  # dense-only candidates get their BM25 score too
            lex_of.update(backend.lexical_search([query.tokens], len(missed), filters, among=missed)[0])
    else:
        passages = backend.fetch(pids)
        lex_of = concept_share(query, passages)
    lex_run = [(pid, float(lex_of.get(pid, 0.0))) for pid in pids]
    dense_run = [(pid, float(c)) for pid, c in zip(pids, cosines)]
    if mode == "lexical":
        fused = sorted(lex_run, key=lambda item: -item[1])
    elif mode == "dense":
        fused = sorted(dense_run, key=lambda item: -item[1])
    elif mode == "rrf":
        fused = reciprocal_rank([sorted(lex_run, key=lambda i: -i[1]), sorted(dense_run, key=lambda i: -i[1])])
    else:
        fused = hybrid(lex_run, dense_run, dense_weight)
        if fused and sentence_weight and query.terms:
            _fetch_into(backend, passages, [pid for pid, _ in fused[:SIBLING_DEPTH]])
            lead = passages[fused[0][0]].article_id
            read = fused[:RESCORE_DEPTH] + [(pid, score) for pid, score in fused[RESCORE_DEPTH:SIBLING_DEPTH]
                                            if passages[pid].article_id == lead]
            chosen = {pid for pid, _ in read}
            fused = rescore(query, passages, read, sentence_weight, _article_text(backend)) + [
                item for item in fused if item[0] not in chosen]
    _fetch_into(backend, passages, [pid for pid, _ in fused[:k]])
    lex_scores, cos_of = dict(lex_run), dict(dense_run)
    return [Ranked(pid, passages[pid], float(score), lex_scores[pid], cos_of[pid]) for pid, score in fused[:k]
            if pid in passages]


def _fetch_into(backend: Backend, passages: dict[int, Passage], pids: Sequence[int]) -> None:
    """Read the passages not read yet."""
    wanted = [pid for pid in pids if pid not in passages]
    if wanted:
        passages.update(backend.fetch(wanted))


def concept_share(query: Query, passages: dict[int, Passage]) -> dict[int, float]:
    """An English question's lexical score: the IDF-weighted share of its concepts (an English word through any of
    its Chinese words, a romanized name) each candidate mentions, headline included. Translations say which
    passages, not how well: BM25 over a dictionary's many senses would let a loose sense outweigh the meaning."""
    total = sum(t.weight for t in query.terms)
    if total <= 0:
        return {}
    out = {}
    for pid, passage in passages.items():
        text = normalize(f"{passage.title}\n{passage.text}")
        out[pid] = sum(t.weight for t in query.terms
                       if t.token in text or any(a in text for a in t.alternatives)) / total
    return out


def _article_text(backend: Backend) -> Callable[[str], str]:
    """An article's headline and paragraphs by id, each read once per question."""
    seen: dict[str, str] = {}

    def text(article_id: str) -> str:
        if article_id not in seen:
            article = backend.article(article_id)
            seen[article_id] = "\n".join([article.title, *article.paragraphs]) if article else ""
        return seen[article_id]
    return text


def rescore(query: Query, passages: dict[int, Passage], fused: list[tuple[int, float]],
            sentence_weight: float = SENTENCE_WEIGHT, article_text: Callable[[str], str] | None = None
            ) -> list[tuple[int, float]]:
    """Re-score candidates by their best sentence: the share of weighted question terms one sentence (read with its
    headline) covers. An answer sits in one sentence; scattered matches do not answer. A question that asks for a
    date, a sum or a count also wants a sentence that holds one; one that names a place or an organisation wants a
    passage that names it too."""
    rescored = []
    asked = " ".join([query.text, *query.names])
    lead = passages[fused[0][0]].article_id if fused else None  # the place bonus picks among its paragraphs
    prizes = prizes_asked(query) if asks_who_won(query, bare_alone=False) else []
    target = bool(TARGET_QUESTION.search(query.own))  # 涨到多少: what a value became
    # 去年呢 after 最高能补多少: what it was, told by a change (由去年的1.5万元提高到2万元, 比上届的2万元有所提高)
    past = bool(query.followup and PAST_QUESTION.search(query.own) and query.answer_type in FORMED_ANSWERS)
    roles = roles_asked(query) if query.answer_type == "person" and query.chinese else []
    address = query.answer_type == "place" and bool(ADDRESS_QUESTION.search(query.own))
    totals = bool(TOTAL_PRIZE_ASKED.search(query.own))  # 团体第一: a team's total before the prize (获得团体总分第一名)
    awarded = any(AWARD.search(p) for p in prizes)  # who won a prize: told by the winner bonus, not by anyone named
    organiser = organising_verb(query.own)
    described = described_part(query.own)
    # 每天几点到几点: a sentence telling a range of the kind asked (托管时间为7:30至17:30), not one time (早上7点前)
    ranged = ("time" if query.answer_type == "time" else "date" if query.answer_type in ("when", "date") else None
              ) if RANGE_QUESTION.search(query.own) else None
    people = [n for n in people_named(query.own) if is_person_name(n)] if described else []
    for pid, score in fused:
        passage = passages[pid]
        best = 0.0
        title, text = normalize(passage.title), normalize(passage.text)
        same = len(text) == len(passage.text)
        before = ""  # the sentence before: whom a 他/她 of this one names (于海涛以11个进球… 今年29岁的他…)
        for s, e in split_sentences(passage.text):
            sentence = text[s:e] if same else normalize(passage.text[s:e])
            named = " ".join(people_named(before)) if before and PRONOUN_TOLD.search(sentence) else ""
            before = sentence
            value = answering.coverage(query.terms, f"{title}\n{named}{sentence}", normalized=True)
            if query.own_terms:  # a follow-up's own new words, in the sentence itself
                value += OWN_SENTENCE_WEIGHT * answering.coverage(query.own_terms, sentence, normalized=True)
            if query.answer_type in TYPED_ANSWERS and typed_spans(query.answer_type, passage.text[s:e]):
                value += TYPE_BONUS
            elif query.answer_type in ("rise", "duration", "score") and typed_spans(query.answer_type, passage.text[s:e]):
                value += RISE_BONUS
            if ranged:  # (a sentence with one time of the day: half the type bonus taken back)
                value += RISE_BONUS if typed_ranges(ranged, passage.text[s:e]) else -RISE_BONUS if typed_spans(
                    ranged, passage.text[s:e]) else 0.0
            if target and TARGET_TOLD.search(sentence) or past and (
                    TARGET_TOLD.search(sentence) or PAST_TOLD.search(sentence)):
                value += RISE_BONUS  # 夜班补贴涨到多少: the sentence telling what it was raised to
            elif query.answer_type == "when" and not DURATION_QUESTION.search(query.own) \
                    and typed_spans("date", passage.text[s:e]):
                value += WHEN_BONUS  # 啥时候: a sentence with a date (近日 and 今年以来 answer it too, less well)
            elif query.count_unit and counted_spans(query.count_unit, passage.text[s:e]):
                value += UNIT_BONUS
            if query.counted and counts_of(query.counted, counting_units(query), sentence):
                value += COUNTED_NOUN_BONUS
            elif address and passage.article_id == lead and ADDRESS_TOLD.search(sentence):
                value += PLACE_BONUS  # 具体地址 / 在哪儿: a sentence telling a street and number (锦荷路39号一层)
            elif query.answer_type == "place" and passage.article_id == lead and any(
                    not named_in(m.group(1), asked) for m in PLACE_AT.finditer(sentence)):
                value += PLACE_BONUS  # 在庞各庄镇西瓜博物馆举行
            elif query.answer_type == "place" and passage.article_id == lead and any(
                    not named_in(m.group(0), asked) for m in PLACE_MENTION.finditer(sentence)):
                value += PLACE_BONUS / 2  # a place named, not said to be where something happened
            elif query.answer_type == "person" and not awarded and passage.article_id == lead and any(
                    n not in asked for n in people_named(BYLINE.sub("", sentence) if s == 0 else sentence)):
                value += PERSON_BONUS  # (not the reporter of the byline: 本报讯（记者 陶思远）; who won: the winner bonus)
            if prizes and winner(passage.text, s, e, prizes, awards_only=False, totals=totals):
                value += WINNER_BONUS
            elif organiser and agent(passage.text, s, e, organiser):
                value += WINNER_BONUS  # 谁承办的: a sentence telling who did it (…承办的)
            elif described and any(apposition(passage.text, s, e, name, described) for name in people):
                value += WINNER_BONUS  # 他是哪个公司的: a sentence writing the unit before his name
            elif roles and any(role_holder(passage.text, s, e, role) for role in roles):
                value += WINNER_BONUS  # 理事长是谁: a sentence naming the one who holds the post (选出理事长邱明达)
            best = max(best, value)
        if query.required_names:  # (a paragraph of an article that names them elsewhere is about them too: 香港 in
            # its byline, not in the paragraph that tells the average age)
            lacking = sum(not mentions(f"{title}\n{text}", n)
                          and not (article_text and not is_person_name(n)  # (a person must be in the paragraph)
                                   and mentions(article_text(passage.article_id), n))
                          for n in query.required_names)
            best -= NAME_PENALTY * lacking / len(query.required_names)
        rescored.append((pid, score + sentence_weight * best))
    return sorted(rescored, key=lambda item: -item[1])


def counting_units(query: Query) -> str:
    """The measure words a count question's number may come in: those asked, people's for a head count (多少人), else
    any."""
    return query.count_unit or (PERSON_UNITS if query.answer_type == "person_count" else COUNTING_UNITS)


def named_in(place: str, question: str) -> bool:
    """True when the question names the place, with or without its suffix (延庆 of 延庆区), or asks where it is (法律服务中心
    of 丰台区总工会职工法律服务中心 in 丰台工会的法律服务中心在哪)."""
    stem = place[:-1] if place.endswith(LOCAL_PLACE_SUFFIXES[:4]) and len(place) > 2 else place
    return stem in question or len(place) >= 6 and place[-4:] in question
