#!/usr/bin/env python3
"""Check one held-out round: python tests/data/check_round.py tests/data/roundN

The round folder holds questions.jsonl, news.jsonl and check.json. check.json
(plain JSON) says what differs from round to round:

  sources      [{"name", "path"}]: the news the round is asked over, paths
               relative to the repository root. A folder is the seed page
               (its *.txt files joined and split at the 5 headlines below);
               a .jsonl file holds one article a line.
  articles     how many distinct articles the sources hold together.
  kinds        {kind: number of question lines}.
  answer_length, history_length
               [min, max] characters of an answer / strings in a history.
  news         the round's own articles: {"path", "count", "paragraphs":
               [min, max], "chars": [min, max], "traditional": n or null}.
  share        null, or {source name: [min, max]}: the share of the answered
               questions about each source.
  probes       {unanswerable question: [[target, [regex, ...]], ...]}. Every
               regex must be absent from each target article (searched in its
               text with all whitespace removed). target is a list of article
               ids, "*" (all articles), "*with:WORD" (the articles whose text
               contains WORD) or "*except:ID".

Checks:
  * every line has a known kind; the counts per kind match `kinds`;
  * no duplicate questions; no unknown fields;
  * history only (and always) on followup lines: a list of 1-2 strings;
  * every non-null answer has the allowed length and occurs verbatim in the
    raw text of exactly one article and, with whitespace removed (the seed
    page has line breaks inside words), in exactly one article;
  * every unanswerable line has answer null and a probe; no probe is unused;
  * every article has answered questions; each source's share is in range;
  * the round's news.jsonl: fields, count, paragraphs, length, date, url.
With the `opencc` package installed it also checks that the `traditional`
questions contain no Simplified-only characters and how many of the round's
own articles are written in Traditional characters.
Exit status 0 = every check passed.
"""
import glob
import json
import os
import re
import sys
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

SEED_HEADLINES = [
    ("seed-chaoyang", "朝阳区举办产业工人队伍建设改革博览会"),
    ("seed-haidian", "海淀区数字经济领域职业技能竞赛决赛举办"),
    ("seed-zhongtie", "中铁资本保理公司工会用心用力打造“暖心服务”"),
    ("seed-daxing", "大兴区职工知识竞赛决赛开赛"),
    ("seed-water", "市自来水集团工会调研集体合同履行情况"),
]
NEWS_FIELDS = ("id", "title", "text", "date", "source", "url")
QUESTION_FIELDS = {"kind", "question", "answer", "history"}


def squeeze(s):
    return re.sub(r"\s+", "", s)


def load_seed_page(folder, group):
    files = sorted(glob.glob(os.path.join(folder, "*.txt")))
    if not files:
        raise SystemExit(f"no .txt files in {folder}")
    page = "".join(open(p, encoding="utf-8").read() for p in files)
    pos = []
    for aid, head in SEED_HEADLINES:
        i = page.find(head)
        if i < 0:
            raise SystemExit("seed headline not found: " + head)
        pos.append((i, aid))
    pos.sort()
    arts = []
    for k, (i, aid) in enumerate(pos):
        start = 0 if k == 0 else i
        end = pos[k + 1][0] if k + 1 < len(pos) else len(page)
        arts.append((aid, group, page[start:end]))
    return arts


def load_articles(sources):
    """Return [(id, source name, raw text)]."""
    arts = []
    for src in sources:
        path = os.path.join(ROOT, src["path"])
        if os.path.isdir(path):
            arts += load_seed_page(path, src["name"])
            continue
        for line in open(path, encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                arts.append((d["id"], src["name"], d["title"] + "\n" + d["text"]))
    return arts


def check_news(path, spec, errors):
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    name = os.path.basename(path)
    if spec.get("count") is not None and len(rows) != spec["count"]:
        errors.append(f"{name}: {len(rows)} articles, expected {spec['count']}")
    pmin, pmax = spec["paragraphs"]
    cmin, cmax = spec["chars"]
    for n, d in enumerate(rows, 1):
        where = f"{name}:{n}"
        missing = [f for f in NEWS_FIELDS if not isinstance(d.get(f), str) or not d[f].strip()]
        if missing:
            errors.append(f"{where}: missing {missing}")
            continue
        if set(d) - set(NEWS_FIELDS):
            errors.append(f"{where}: extra fields {sorted(set(d) - set(NEWS_FIELDS))}")
        paras = d["text"].split("\n")
        if not pmin <= len(paras) <= pmax or not all(p.strip() for p in paras):
            errors.append(f"{where}: {len(paras)} paragraphs (or an empty one), want {pmin}-{pmax}")
        if not cmin <= len(d["text"]) <= cmax:
            errors.append(f"{where}: {len(d['text'])} characters, want {cmin}-{cmax}")
        if not re.fullmatch(r"2026-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", d["date"]):
            errors.append(f"{where}: date {d['date']}")
        if not re.fullmatch(r"https://example\.org/\S+", d["url"]):
            errors.append(f"{where}: url {d['url']}")
    return rows


def probe_targets(spec, arts):
    if spec == "*":
        return arts
    if isinstance(spec, list):
        found = [a for a in arts if a[0] in spec]
        if len(found) != len(spec):
            raise ValueError(f"unknown article in probe target {spec}")
        return found
    if isinstance(spec, str) and spec.startswith("*with:"):
        return [a for a in arts if spec[6:] in a[2]]
    if isinstance(spec, str) and spec.startswith("*except:"):
        if spec[8:] not in {a[0] for a in arts}:
            raise ValueError(f"unknown article in probe target {spec}")
        return [a for a in arts if a[0] != spec[8:]]
    raise ValueError(f"bad probe target {spec!r}")


def traditional_checks(qs, new_rows, want, errors):
    try:
        import opencc
    except ImportError:
        return "opencc not installed: traditional-character checks skipped"
    s2t = opencc.OpenCC("s2tw")
    t2s = opencc.OpenCC("t2s")
    for n, q in enumerate(qs, 1):
        if q.get("kind") == "traditional" and isinstance(q.get("question"), str):
            conv = s2t.convert(q["question"])
            if conv != q["question"]:
                diff = "".join(sorted({x for x, y in zip(q["question"], conv) if x != y}))
                errors.append(f"questions.jsonl:{n}: simplified characters {diff}")
    trad_ids = []
    for d in new_rows:
        text = d.get("title", "") + d.get("text", "")
        changed = sum(x != y for x, y in zip(text, t2s.convert(text)))
        if text and changed >= 0.05 * len(text):
            trad_ids.append(d.get("id"))
    if want is not None and len(trad_ids) != want:
        errors.append(f"news: {len(trad_ids)} Traditional articles {trad_ids}, expected {want}")
    return f"opencc: traditional questions checked; Traditional articles: {trad_ids}"


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[0])
        return 2
    folder = os.path.abspath(argv[1])
    cfg = json.load(open(os.path.join(folder, "check.json"), encoding="utf-8"))
    errors = []

    arts = load_articles(cfg["sources"])
    ids = [a[0] for a in arts]
    group_of = {a[0]: a[1] for a in arts}
    squeezed = {a[0]: squeeze(a[2]) for a in arts}
    if len(arts) != cfg["articles"] or len(set(ids)) != cfg["articles"]:
        errors.append(f"expected {cfg['articles']} distinct articles, got {len(arts)} ({len(set(ids))} ids)")

    news_spec = cfg["news"]
    new_rows = check_news(os.path.join(folder, news_spec["path"]), news_spec, errors)

    qpath = os.path.join(folder, cfg.get("questions", "questions.jsonl"))
    qs = []
    for n, line in enumerate(open(qpath, encoding="utf-8"), 1):
        if not line.strip():
            continue
        try:
            q = json.loads(line)
        except ValueError as e:
            errors.append(f"questions.jsonl:{n}: not JSON ({e})")
            q = {}
        if not isinstance(q, dict):
            errors.append(f"questions.jsonl:{n}: not a JSON object")
            q = {}
        qs.append(q)

    expected = cfg["kinds"]
    kinds = Counter(q.get("kind") for q in qs)
    for k, n in expected.items():
        if kinds.get(k, 0) != n:
            errors.append(f"kind {k}: {kinds.get(k, 0)} lines, expected {n}")
    for k in kinds:
        if k not in expected:
            errors.append(f"unknown kind {k!r}")

    amin, amax = cfg.get("answer_length", [2, 15])
    hmin, hmax = cfg.get("history_length", [1, 2])
    probes = cfg["probes"]
    per_kind_art = defaultdict(Counter)
    seen_q = set()
    used_probes = set()
    for n, q in enumerate(qs, 1):
        where = f"questions.jsonl:{n}"
        if set(q) - QUESTION_FIELDS:
            errors.append(f"{where}: extra fields {sorted(set(q) - QUESTION_FIELDS)}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errors.append(f"{where}: empty question")
            continue
        if q["question"] in seen_q:
            errors.append(f"{where}: duplicate question")
        seen_q.add(q["question"])
        if "answer" not in q:
            errors.append(f"{where}: no answer field")
            continue
        h = q.get("history")
        if q.get("kind") == "followup":
            if not (isinstance(h, list) and hmin <= len(h) <= hmax
                    and all(isinstance(x, str) and x.strip() for x in h)):
                errors.append(f"{where}: followup needs {hmin}-{hmax} history strings")
        elif "history" in q:
            errors.append(f"{where}: history on a {q.get('kind')} line")
        a = q["answer"]
        if q.get("kind") == "unanswerable":
            if a is not None:
                errors.append(f"{where}: unanswerable with answer {a!r}")
            plist = probes.get(q["question"])
            if not plist:
                errors.append(f"{where}: no probe for unanswerable question")
                continue
            used_probes.add(q["question"])
            for spec, pats in plist:
                try:
                    targets = probe_targets(spec, arts)
                except ValueError as e:
                    errors.append(f"{where}: {e}")
                    continue
                for aid, _, _ in targets:
                    for p in pats:
                        if re.search(p, squeezed[aid]):
                            errors.append(f"{where}: probe {p!r} found in {aid}")
            per_kind_art["unanswerable"]["(null)"] += 1
            continue
        if not isinstance(a, str) or not amin <= len(a) <= amax:
            errors.append(f"{where}: answer length {len(a) if isinstance(a, str) else a!r}")
            continue
        raw_hits = [aid for aid, _, t in arts if a in t]
        sq_hits = [aid for aid in ids if squeeze(a) in squeezed[aid]]
        if len(raw_hits) != 1 or len(sq_hits) != 1:
            errors.append(f"{where}: answer {a!r} in {raw_hits or sq_hits or 'no article'}")
        else:
            per_kind_art[q.get("kind")][raw_hits[0]] += 1
    for p in probes:
        if p not in used_probes:
            errors.append(f"probe without question: {p}")

    trad_note = traditional_checks(qs, new_rows, news_spec.get("traditional"), errors)

    print(f"{os.path.basename(folder)}: articles: {len(arts)}  questions: {len(qs)}")
    print("per kind:", dict(kinds))
    groups = [s["name"] for s in cfg["sources"]]
    total = Counter()
    for k in expected:
        c = per_kind_art[k]
        g = Counter()
        for aid, v in c.items():
            if aid != "(null)":
                g[group_of[aid]] += v
        total.update(g)
        print(f"  {k:12s} by source: {dict((x, g[x]) for x in groups)}"
              + (f"  null={c['(null)']}" if c["(null)"] else ""))
    answered = sum(total.values())
    print(f"answered questions by source ({answered}):", {x: total[x] for x in groups})
    share = cfg.get("share")
    if share:
        for x, (lo, hi) in share.items():
            if x not in groups:
                errors.append(f"share for unknown source {x}")
            elif answered and not lo <= total[x] / answered <= hi:
                errors.append(f"source {x}: {total[x]} of {answered} answered questions, want {lo:.0%}-{hi:.0%}")
    all_art = Counter()
    for c in per_kind_art.values():
        all_art.update({k: v for k, v in c.items() if k != "(null)"})
    print("answered questions per article:", {i: all_art[i] for i in ids})
    missing = [i for i in ids if all_art[i] == 0]
    if missing:
        errors.append(f"articles without questions: {missing}")
    print(trad_note)
    if errors:
        print(f"FAIL: {len(errors)} problem(s)")
        for e in errors:
            print("  " + e)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
