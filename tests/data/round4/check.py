#!/usr/bin/env python3
"""Check tests/data/round4/questions.jsonl against the 24 articles.

Articles: the seed page (seeds/*.txt, split at its 5 headlines),
tests/data/news/union_news_2025.jsonl (6), tests/data/round3/news.jsonl (6)
and tests/data/round4/news.jsonl (7).

Checks:
  * every line has a known kind; counts per kind match the plan;
  * history only (and always) on followup lines, 1-2 strings;
  * every non-null answer is 2-15 characters, occurs verbatim in the raw text
    of exactly one article, and (ignoring whitespace/line breaks) in no other;
  * every unanswerable line has answer null and a probe below; each probe
    lists strings/patterns that would carry the answer and must be absent
    from the named articles ("*" = all 24);
  * answered questions come from every article, and each of the four sources
    (seed page, news 2025, round 3, round 4) holds 20-30% of them;
  * round4/news.jsonl lines have the required fields, 5-9 paragraphs,
    500-1200 characters, distinct ids not used by the older articles.
With the `opencc` package installed it also checks that the `traditional`
questions contain no Simplified-only characters and that exactly 2 of the
7 new articles are written in Traditional characters.
Run: python3 tests/data/round4/check.py   (exit status 0 = pass)
"""
import glob, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))

SEED_HEADLINES = [
    ("seed-chaoyang", "朝阳区举办产业工人队伍建设改革博览会"),
    ("seed-haidian", "海淀区数字经济领域职业技能竞赛决赛举办"),
    ("seed-zhongtie", "中铁资本保理公司工会用心用力打造“暖心服务”"),
    ("seed-daxing", "大兴区职工知识竞赛决赛开赛"),
    ("seed-water", "市自来水集团工会调研集体合同履行情况"),
]
SOURCES = [  # (group name, file relative to ROOT)
    ("news2025", "tests/data/news/union_news_2025.jsonl"),
    ("round3", "tests/data/round3/news.jsonl"),
    ("round4", "tests/data/round4/news.jsonl"),
]
N_ARTICLES = 24
N_NEW = 7
N_NEW_TRADITIONAL = 2
EXPECTED = {"colloquial": 40, "english": 40, "traditional": 30, "followup": 40, "unanswerable": 30}
PHONE = r"\d{3,4}-\d{7,8}|\d{8,}|\d{4}\s?\d{4}|电话|電話|热线|熱線|专线|專線"

# question -> list of (article ids or "*", [forbidden substrings / regexes])
# the regexes are searched in the article text with all whitespace removed
PROBES = {
 "电梯维修工比赛拿一等奖的谭志刚发了多少奖金？": [(["bj-dianti-2026"], ["奖金", "元"])],
 "谭志刚今年多大岁数？": [(["bj-dianti-2026"], ["岁"])],
 "延庆区今年有没有办农民工专场招聘会？": [("*with:延庆", ["招聘"])],
 "骑手安心保到现在一共赔出去多少钱了？": [(["bj-qishou-huzhu-2026"], ["已赔付", "累计赔付", "赔付了", "理赔金额", "共赔"])],
 "东城区有多少骑手参加了骑手安心保？": [(["dc-qishou-ruhui-2025"], ["骑手安心保", "参保"]), ("*with:骑手安心保", ["东城"])],
 "平谷征文比赛三等奖都有谁？": [(["pg-dushu-2026"], ["三等奖的", "获三等奖", "三等奖由", "三等奖获得者", "三等奖分别"]),
                        (["pg-dushu-2026"], [r"[\u4e00-\u9fff]{2,3}等\d+篇作品获得三等奖"])],
 "平谷区图书馆具体在哪条路上？": [(["pg-dushu-2026"], ["路", "街", r"\d+号", "位于平谷区图书馆"])],
 "精拓公司去年利润是多少？": [(["jk-gongzi-2026"], ["利润为", "利润达", "利润约", "亿元", "万元"])],
 "精拓公司的总经理是谁？": [(["jk-gongzi-2026"], [r"(?<!副)总经理"])],
 "臺中歌唱大賽季軍阮氏芳今年幾歲？": [(["tc-gechang-2026"], [r"\d+歲的阮氏芳", r"阮氏芳[（(，,]?\d+歲", r"阮氏芳今年"])],
 "新北市勞工盃歌唱大賽冠軍是誰？": [(["tc-gechang-2026"], ["新北"]), ("*with:新北", ["歌唱"])],
 "保總的保安員職業安全講座具體是10月幾號？": [(["hk-baoan-2026"], [r"10月\d+日", r"10月\d+號"])],
 "高雄港裝工會會員現在平均月薪多少？": [(["kh-tuantixieyue-2026"], ["月薪", "平均薪資", "薪資為", "薪資約", "底薪"])],
 "Who came second in the men's 100 metres at the Huairou workers' games?": [(["hr-yundonghui-2026"], ["亚军", "银牌", "100米决赛第二", "100米亚"])],
 "房山田素芬劳模创新工作室有几名成员？": [(["fs-chuangxin-2026"], [r"田素芬[^。]*名成员", r"田素芬[^。]*成员\d"])],
 "丰台律师孙振宇是哪个律师事务所的？": [(["ft-qianxin-2026"], ["律师事务所", "律所"])],
 "通州区总工会今年给妈咪小屋一共发了多少补助？": [(["tz-mamixiaowu-2026"], ["共计", "总计", "累计发放", "合计", "共发放", "万元"])],
 "石景山劳模王晓燕今年多大？": [(["sjs-laomo-2025"], ["岁"])],
 "顺义汽修比武一等奖奖金多少钱？": [(["sy-jinengbiwu-2025"], ["奖金", "元"])],
 "西城送温暖走访的环卫工张桂兰多大岁数了？": [(["xc-songwennuan-2025"], ["岁"])],
 "工聯會婦女事務委員會主任陳美玲的聯絡電話是多少？": [(["hk-ftu-women-2025"], [PHONE])],
 "延庆疗休养基地第二批职工什么时候入住？": [(["yq-liaoxiuyang-2025"], ["第二批", "下一批", "下批"])],
 "朝阳产改博览会一共有多少人来参观？": [(["seed-chaoyang"], ["人次", "参观人数", r"观众\d", r"观众达", "万人"])],
 "中铁资本保理公司工会主席是谁？": [(["seed-zhongtie"], ["工会主席", "工会负责人"])],
 "今晚国足比赛几点开始？": [("*", ["国足", "足球", "世界杯", "國足"])],
 "What's the weather like in Miyun this weekend?": [("*", ["天气预报", "天氣預報", "气温", "氣溫", "降雨", "下雨", "周末", "週末"]),
                                                   ("*with:密云", ["天气", "天氣"])],
 "北京地铁末班车是几点？": [("*", ["地铁", "地鐵", "末班车"])],
 "How much prize money did the winner of the Pinggu essay contest get?": [(["pg-dushu-2026"], ["奖金", "元"])],
 "Who won the Miyun workers' singing contest?": [("*with:密云", ["歌唱", "唱歌", "歌手"])],
 "密云区总工会主席是谁？": [(["my-zhaopinhui-2026"], [r"(?<!副)主席"])],
}


def load_articles():
    """Return [(id, group, raw text)] for the 24 articles."""
    arts = []
    seed_files = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))
    page = "".join(open(p, encoding="utf-8").read() for p in seed_files)
    pos = []
    for aid, head in SEED_HEADLINES:
        i = page.find(head)
        if i < 0:
            sys.exit("seed headline not found: " + head)
        pos.append((i, aid))
    pos.sort()
    for k, (i, aid) in enumerate(pos):
        start = 0 if k == 0 else i
        end = pos[k + 1][0] if k + 1 < len(pos) else len(page)
        arts.append((aid, "seed", page[start:end]))
    for group, rel in SOURCES:
        for line in open(os.path.join(ROOT, rel), encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                arts.append((d["id"], group, d["title"] + "\n" + d["text"]))
    return arts


def check_news(errors):
    path = os.path.join(HERE, "news.jsonl")
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    if len(rows) != N_NEW:
        errors.append(f"news.jsonl: {len(rows)} articles, expected {N_NEW}")
    for n, d in enumerate(rows, 1):
        for fld in ("id", "title", "text", "date", "source", "url"):
            if not d.get(fld):
                errors.append(f"news.jsonl:{n}: missing {fld}")
        if set(d) - {"id", "title", "text", "date", "source", "url"}:
            errors.append(f"news.jsonl:{n}: extra fields {set(d)}")
        paras = d["text"].split("\n")
        if not 5 <= len(paras) <= 9 or not all(p.strip() for p in paras):
            errors.append(f"news.jsonl:{n}: {len(paras)} paragraphs (or an empty one)")
        if not 500 <= len(d["text"]) <= 1200:
            errors.append(f"news.jsonl:{n}: {len(d['text'])} characters")
        if not re.fullmatch(r"2026-\d\d-\d\d", d["date"]):
            errors.append(f"news.jsonl:{n}: date {d['date']}")
        if not d["url"].startswith("https://example.org/"):
            errors.append(f"news.jsonl:{n}: url {d['url']}")
    return rows


def squeeze(s):
    return re.sub(r"\s+", "", s)


def probe_targets(spec, arts):
    if spec == "*":
        return arts
    if isinstance(spec, list):
        found = [a for a in arts if a[0] in spec]
        if len(found) != len(spec):
            raise ValueError(f"unknown article in probe: {spec}")
        return found
    if spec.startswith("*with:"):
        w = spec[6:]
        return [a for a in arts if w in a[2]]
    if spec.startswith("*except:"):
        return [a for a in arts if a[0] != spec[8:]]
    raise ValueError(spec)


def main():
    arts = load_articles()
    ids = [a for a, _, _ in arts]
    group_of = {a: g for a, g, _ in arts}
    errors = []
    if len(arts) != N_ARTICLES or len(set(ids)) != N_ARTICLES:
        errors.append(f"expected {N_ARTICLES} distinct articles, got {len(arts)} ({len(set(ids))} ids)")
    new_rows = check_news(errors)

    qs = [json.loads(l) for l in open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") if l.strip()]
    kinds = Counter(q.get("kind") for q in qs)
    for k, n in EXPECTED.items():
        if kinds.get(k, 0) != n:
            errors.append(f"kind {k}: {kinds.get(k, 0)} lines, expected {n}")
    for k in kinds:
        if k not in EXPECTED:
            errors.append(f"unknown kind {k}")

    per_kind_art = defaultdict(Counter)
    seen_q = set()
    used_probes = set()
    for n, q in enumerate(qs, 1):
        where = f"questions.jsonl:{n}"
        if set(q) - {"kind", "question", "answer", "history"}:
            errors.append(f"{where}: extra fields {set(q)}")
        if not isinstance(q.get("question"), str) or not q["question"].strip():
            errors.append(f"{where}: empty question")
            continue
        if q["question"] in seen_q:
            errors.append(f"{where}: duplicate question")
        seen_q.add(q["question"])
        h = q.get("history")
        if q["kind"] == "followup":
            if not (isinstance(h, list) and 1 <= len(h) <= 2 and all(isinstance(x, str) and x for x in h)):
                errors.append(f"{where}: followup needs 1-2 history strings")
        elif "history" in q:
            errors.append(f"{where}: history on a {q['kind']} line")
        a = q.get("answer")
        if q["kind"] == "unanswerable":
            if a is not None:
                errors.append(f"{where}: unanswerable with answer {a!r}")
            probes = PROBES.get(q["question"])
            if not probes:
                errors.append(f"{where}: no probe for unanswerable question")
                continue
            used_probes.add(q["question"])
            for spec, pats in probes:
                for aid, _, text in probe_targets(spec, arts):
                    for p in pats:
                        if re.search(p, squeeze(text)):
                            errors.append(f"{where}: probe {p!r} found in {aid}")
            per_kind_art[q["kind"]]["(null)"] += 1
            continue
        if not isinstance(a, str) or not 2 <= len(a) <= 15:
            errors.append(f"{where}: answer length {len(a) if isinstance(a, str) else a!r}")
            continue
        raw_hits = [aid for aid, _, t in arts if a in t]
        sq_hits = [aid for aid, _, t in arts if squeeze(a) in squeeze(t)]
        if len(raw_hits) != 1 or len(sq_hits) != 1:
            errors.append(f"{where}: answer {a!r} in {raw_hits or sq_hits or 'no article'}")
        else:
            per_kind_art[q["kind"]][raw_hits[0]] += 1
    for p in PROBES:
        if p not in used_probes:
            errors.append(f"probe without question: {p}")

    # optional: Traditional characters (questions and the 2 Traditional articles)
    try:
        import opencc
        s2t = opencc.OpenCC("s2tw")
        t2s = opencc.OpenCC("t2s")
        for n, q in enumerate(qs, 1):
            if q["kind"] == "traditional":
                conv = s2t.convert(q["question"])
                if conv != q["question"]:
                    diff = "".join(sorted({x for x, y in zip(q["question"], conv) if x != y}))
                    errors.append(f"questions.jsonl:{n}: simplified characters {diff}")
        trad_ids = []
        for d in new_rows:
            text = d["title"] + d["text"]
            changed = sum(x != y for x, y in zip(text, t2s.convert(text)))
            if changed >= 0.05 * len(text):
                trad_ids.append(d["id"])
        if len(trad_ids) != N_NEW_TRADITIONAL:
            errors.append(f"news.jsonl: {len(trad_ids)} Traditional articles {trad_ids}, expected {N_NEW_TRADITIONAL}")
        trad_note = f"opencc: traditional questions checked; Traditional articles: {trad_ids}"
    except ImportError:
        trad_note = "opencc not installed: traditional-character checks skipped"

    print(f"articles: {len(arts)}  questions: {len(qs)}")
    print("per kind:", dict(kinds))
    groups = ["seed"] + [g for g, _ in SOURCES]
    total = Counter()
    for k in EXPECTED:
        c = per_kind_art[k]
        g = Counter()
        for aid, v in c.items():
            if aid != "(null)":
                g[group_of[aid]] += v
        total.update(g)
        print(f"  {k:12s} by source: {dict((x, g[x]) for x in groups)}" + (f"  null={c['(null)']}" if c["(null)"] else ""))
    answered = sum(total.values())
    print("answered questions by source:", {x: total[x] for x in groups})
    for x in groups:
        if answered and not 0.20 <= total[x] / answered <= 0.30:
            errors.append(f"source {x}: {total[x]} of {answered} answered questions (want about a quarter)")
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
    sys.exit(main())
