#!/usr/bin/env python3
"""Check tests/data/round3/questions.jsonl against the 17 articles.

Articles: the seed page (seeds/*.txt, split at its 5 headlines),
tests/data/news/union_news_2025.jsonl (6) and tests/data/round3/news.jsonl (6).

Checks:
  * every line has a known kind; counts per kind match the plan;
  * history only (and always) on followup lines, 1-2 strings;
  * every non-null answer is 2-15 characters, occurs verbatim in the raw text
    of exactly one article, and (ignoring whitespace/line breaks) in no other;
  * every unanswerable line has answer null and a probe below; each probe
    lists strings/patterns that would carry the answer and must be absent
    from the named articles ("*" = all 17);
  * news.jsonl lines have the required fields, 4-7 paragraphs, 350-900 chars.
Run: python3 tests/data/round3/check.py   (exit status 0 = pass)
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
EXPECTED = {"colloquial": 35, "english": 35, "traditional": 25, "followup": 35, "unanswerable": 30}
PHONE = r"\d{3,4}-\d{7,8}|\d{8,}|电话|電話|热线|熱線"

# question -> list of (article ids or "*", [forbidden substrings / regexes])
PROBES = {
 "大兴知识竞赛拿一等奖的队发了多少奖金": [(["seed-daxing"], ["奖金", "元"])],
 "海淀数字经济技能大赛一等奖都是谁": [(["seed-haidian"], ["获得一等奖", "冠军", "第一名", "获奖选手"])],
 "顺义汽修比武冠军王建军今年多大": [(["sy-jinengbiwu-2025"], ["岁"])],
 "石景山劳模刘海峰的联系电话是多少": [(["sjs-laomo-2025"], [PHONE])],
 "朝阳产改博览会办到哪天结束": [(["seed-chaoyang"], ["闭幕", "结束", "为期", "持续到", "持续至"])],
 "东城区今年两节送温暖一共花了多少钱": [("*with:东城", ["送温暖"])],
 "怀柔区新能源汽车维修技能比武谁拿了第一": [("*with:怀柔", ["新能源汽车", "维修"])],
 "延庆疗休养基地是哪家酒店改的，酒店叫什么名字": [(["yq-liaoxiuyang-2025"], ["大酒店", "宾馆", "饭店", "度假村"])],
 "东城第一个入会的骑手王小虎今年几岁": [(["dc-qishou-ruhui-2025"], ["岁"])],
 "丰台那家欠薪的劳务公司老板叫什么": [(["ft-qianxin-2026"], ["老板", "经理", "法定代表人", "董事长"])],
 "海淀区总工会去年帮职工讨回了多少欠薪": [("*with:海淀", ["欠薪", "讨薪", "挽回"])],
 "通州的爱心妈咪小屋每天几点开门": [(["tz-mamixiaowu-2026"], [":", "：\\d", "开放时间", "开门", "几点"])],
 "朝阳区现在有多少家爱心妈咪小屋": [("*with:朝阳", ["妈咪小屋"])],
 "今年市级示范性劳模创新工作室哪个区入选最多": [(["fs-chuangxin-2026"], ["各区第一", "最多"]), ("*except:fs-chuangxin-2026", ["示范性劳模创新工作室"])],
 "贺振国今年多大年纪": [(["fs-chuangxin-2026"], ["岁"])],
 "昌平的户外劳动者高温津贴一个月发多少钱": [(["cp-songqingliang-2026"], ["每月", "元/月", "每人"])],
 "昌平户外劳动者驿站有没有咨询电话": [(["cp-songqingliang-2026"], [PHONE])],
 "怀柔职工运动会篮球冠军是哪个队": [(["hr-yundonghui-2026"], ["篮球冠军", "篮球比赛中", "篮球决赛"])],
 "怀柔下一届职工运动会在哪办": [(["hr-yundonghui-2026"], ["下一届", "下届", "明年", "第七届"])],
 "明天北京天气怎么样，会不会下雨": [("*", ["明天", "下雨", "降雨", "气温", "天气预报"])],
 "个人所得税起征点现在是多少": [("*", ["个税", "个人所得税", "起征点"])],
 "What is Huawei's stock price today?": [("*", ["股价", "股價", "股票"])],
 "Who won the workers' knowledge contest in Chaoyang?": [(["seed-chaoyang"], ["知识竞赛"]), ("*with:知识竞赛", ["朝阳"])],
 "How much prize money did the first-prize winners in Haidian receive?": [(["seed-haidian"], ["奖金", "元"])],
 "What's the phone number of the Tongzhou union women workers' committee?": [(["tz-mamixiaowu-2026"], [PHONE])],
 "How old is bus driver Ma Hongmei?": [(["yq-liaoxiuyang-2025"], ["岁"])],
 "港裝工會會員每個月要繳多少會費？": [(["kh-tuantixieyue-2026"], ["會費", "会费"])],
 "南星港埠物流股份有限公司現在股價多少？": [("*", ["股價", "股价"])],
 "西城區送溫暖給每戶困難職工發了多少慰問金？": [(["xc-songwennuan-2025"], ["每户", "户均", "每家"])],
 "大興區知識競賽的優秀組織獎頒給了哪些單位？": [(["seed-daxing"], ["优秀组织奖的", "获得优秀组织奖", "优秀组织奖由", "优秀组织奖颁", "获优秀组织奖"])],
}


def load_articles():
    arts = []  # (id, raw text)
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
        arts.append((aid, page[start:end]))
    for rel in ("tests/data/news/union_news_2025.jsonl", "tests/data/round3/news.jsonl"):
        for line in open(os.path.join(ROOT, rel), encoding="utf-8"):
            if line.strip():
                d = json.loads(line)
                arts.append((d["id"], d["title"] + "\n" + d["text"]))
    return arts


def check_news(errors):
    path = os.path.join(HERE, "news.jsonl")
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        d = json.loads(line)
        for f in ("id", "title", "text", "date", "source", "url"):
            if not d.get(f):
                errors.append(f"news.jsonl:{n}: missing {f}")
        paras = d["text"].split("\n")
        if not 4 <= len(paras) <= 7:
            errors.append(f"news.jsonl:{n}: {len(paras)} paragraphs")
        if not 350 <= len(d["text"]) <= 900:
            errors.append(f"news.jsonl:{n}: {len(d['text'])} characters")
        if not re.fullmatch(r"2026-\d\d-\d\d", d["date"]):
            errors.append(f"news.jsonl:{n}: date {d['date']}")
        if not d["url"].startswith("https://example.org/"):
            errors.append(f"news.jsonl:{n}: url {d['url']}")


def squeeze(s):
    return re.sub(r"\s+", "", s)


def probe_targets(spec, arts):
    if spec == "*":
        return arts
    if isinstance(spec, list):
        return [a for a in arts if a[0] in spec]
    if spec.startswith("*with:"):
        w = spec[6:]
        return [a for a in arts if w in a[1]]
    if spec.startswith("*except:"):
        return [a for a in arts if a[0] != spec[8:]]
    raise ValueError(spec)


def main():
    arts = load_articles()
    ids = [a for a, _ in arts]
    errors = []
    if len(arts) != 17 or len(set(ids)) != 17:
        errors.append(f"expected 17 distinct articles, got {len(arts)}")
    check_news(errors)

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
        if q["question"] in seen_q:
            errors.append(f"{where}: duplicate question")
        seen_q.add(q["question"])
        h = q.get("history")
        if q["kind"] == "followup":
            if not (isinstance(h, list) and 1 <= len(h) <= 2 and all(isinstance(x, str) and x for x in h)):
                errors.append(f"{where}: followup needs 1-2 history strings")
        elif "history" in q:
            errors.append(f"{where}: history on a {q['kind']} line")
        a = q["answer"]
        if q["kind"] == "unanswerable":
            if a is not None:
                errors.append(f"{where}: unanswerable with answer {a!r}")
            probes = PROBES.get(q["question"])
            if not probes:
                errors.append(f"{where}: no probe for unanswerable question")
                continue
            used_probes.add(q["question"])
            for spec, pats in probes:
                targets = probe_targets(spec, arts)
                for aid, text in targets:
                    for p in pats:
                        if re.search(p, squeeze(text)):
                            errors.append(f"{where}: probe {p!r} found in {aid}")
            per_kind_art[q["kind"]]["(null)"] += 1
            continue
        if not isinstance(a, str) or not 2 <= len(a) <= 15:
            errors.append(f"{where}: answer length {len(a) if isinstance(a, str) else a!r}")
            continue
        raw_hits = [aid for aid, t in arts if a in t]
        sq_hits = [aid for aid, t in arts if squeeze(a) in squeeze(t)]
        if len(raw_hits) != 1 or len(sq_hits) != 1:
            errors.append(f"{where}: answer {a!r} in {raw_hits or sq_hits or 'no article'}")
        else:
            per_kind_art[q["kind"]][raw_hits[0]] += 1
    for p in PROBES:
        if p not in used_probes:
            errors.append(f"probe without question: {p}")

    # optional: traditional questions should contain no Simplified-only characters
    try:
        import opencc
        s2t = opencc.OpenCC("s2tw")
        for n, q in enumerate(qs, 1):
            if q["kind"] == "traditional":
                conv = s2t.convert(q["question"])
                if conv != q["question"]:
                    diff = "".join(sorted({x for x, y in zip(q["question"], conv) if x != y}))
                    errors.append(f"questions.jsonl:{n}: simplified characters {diff}")
        trad_note = "opencc: traditional questions checked"
    except ImportError:
        trad_note = "opencc not installed: traditional-character check skipped"

    print(f"articles: {len(arts)}  questions: {len(qs)}")
    print("per kind:", dict(kinds))
    groups = {"seed": [i for i in ids if i.startswith("seed-")],
              "news2025": [i for i in ids if i.endswith("-2025")],
              "round3": [i for i in ids if i.endswith("-2026")]}
    total = Counter()
    for k in EXPECTED:
        c = per_kind_art[k]
        g = {name: sum(c[i] for i in members) for name, members in groups.items()}
        total.update(g)
        print(f"  {k:12s} by source: {g}" + (f"  null={c['(null)']}" if c["(null)"] else ""))
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
