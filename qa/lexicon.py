"""Language knowledge as data, in one place: vocabulary, stopwords, question words, places, answer types, follow-ups."""

from __future__ import annotations

import re

# Union vocabulary jieba does not know, or splits: kept whole so BM25 can match it.
UNION_VOCABULARY = (
    "总工会", "区总工会", "市总工会", "全总", "工会主席", "产改", "产业工人", "产业工人队伍建设改革",
    "集体合同", "集体协商", "专项协议", "女职工", "女职工权益保护", "职工之家", "劳模", "劳动模范",
    "工匠", "大国工匠", "北京大工匠", "工匠杯", "劳动竞赛", "技能竞赛", "职业技能", "技术比武",
    "岗位练兵", "创新工作室", "职工书屋", "暖心服务", "我为职工办实事", "困难职工", "送温暖",
    "职代会", "职工代表大会", "厂务公开", "农民工", "新就业形态", "劳动者港湾", "工会经费",
    "签订率", "覆盖率", "代表队", "一等奖", "二等奖", "三等奖", "优秀组织奖", "知识竞赛",
    "博览会", "纪录片", "协调小组", "常务副主席", "党组书记", "副主席", "副区长", "副局长",
    "人力资源和社会保障局", "人力社保局", "十四五", "二十大", "十八大", "八段锦", "剧本杀",
)

# Words that carry the question's form, not its content: dropped from queries and passages alike.
STOPWORDS = frozenset("""
的 了 是 在 和 与 及 或 也 都 就 而 并 对 把 被 将 从 向 以 为 于 之 其 这 那 该 此 等 着 过 吗 呢 吧 啊 呀
谁 什么 多少 哪 哪些 哪个 哪里 哪儿 哪家 哪位 哪年 几 几个 几家 怎样 怎么 如何 为什么 为何 是否 有没有
请问 一下 是不是 叫 叫做 有 个 名 位 家 一 这个 那个 哪一年 什么样 多 少 啥 咋 这些 那些 一共 总共 一下子 这回 那回
the a an of in on at to for by with from is are was were be been who whom whose what which when where why how
did do does many much and or this that these those it its as about into there their
""".split())

# Question words never occur in the answering passage: bigrams across them are not formed.
QUESTION_WORDS = ("什么样", "为什么", "哪一年", "多少", "什么", "哪些", "哪个", "哪里", "哪儿", "哪家", "哪位", "哪年",
                  "怎么样", "怎样", "怎么", "如何", "是否", "是谁", "谁", "哪", "几", "啥", "咋",
                  "何时", "何年", "何处", "何地", "何人", "何种", "何者", "为何", "何以")
QUESTION_WORD_PATTERN = re.compile("|".join(sorted(QUESTION_WORDS, key=len, reverse=True)))
# 多 before a measure asks how much of it (多长时间, 多久, 多远): the tagger may keep it one noun, which names nothing.
HOW_MUCH_WORD = re.compile(r"^多(?:长|久|远|高|重|宽|深)")

# Place suffixes: a place may be named without its suffix (北京市 → 北京); the local ones are places inside a city,
# and a question about one is not answered by an article about another.
CITY_SUFFIXES = ("市", "省")
LOCAL_PLACE_SUFFIXES = ("区", "县", "镇", "乡", "街道")
VILLAGE_SUFFIXES = ("村",)
PLACE_SUFFIXES = CITY_SUFFIXES + LOCAL_PLACE_SUFFIXES + VILLAGE_SUFFIXES
# What a place's romanized name leaves off (Binhai for 滨海新区, Pudong for 浦东新区; Daxing for 大兴区).
ROMANIZED_PLACE_SUFFIXES = ("新区",) + PLACE_SUFFIXES

# Everyday words for what the news says in its own words, beyond the thesaurus (qa/synonyms.py reads both):
# prize ranks and their colloquial names; each group is interchangeable in a question.
DOMAIN_SYNONYMS = (
    ("一等奖", "冠军", "第一名", "金奖", "头奖", "第一"),
    ("二等奖", "亚军", "第二名", "银奖", "第二"),
    ("三等奖", "季军", "第三名", "铜奖", "第三"),
    ("赢", "获胜", "胜出", "夺冠", "获奖", "获得", "拿", "拿到", "拿下"),
    ("举办", "举行", "召开", "开展", "办"),
    ("地点", "地方", "在哪", "在哪里", "在哪儿"),
    ("员工", "职工"),
    ("比赛", "竞赛", "大赛"),
    ("最多", "最高", "上限", "封顶", "至多"),  # a cap (最多能报多少: 每人每年最高补助2万元)
)

# Answer types: what kind of text answers a question (qa/query.py decides, qa/span.py finds it).
# Each: (type, pattern over the normalized question). First match wins.
ANSWER_TYPES = (
    # A rise: told as a share or a sum after the verb (平均增长6.5%, 加薪4%, 由每班40元提高到60元), asked before "money"
    # (工资涨多少) and "count"; not a count of people (增加了多少人).
    ("rise", re.compile(r"(?:加薪|涨薪|调薪|调涨|涨|增长|增加|提高|上涨|上调|提升|调高)了?(?:多少|几|百分之几|幅度)(?!人|名|家|个|位|次|天|年|月|场|支|项|趴|成|%)"
                        r"|比[\u4e00-\u9fff]{1,6}多了?(?:多少|几)(?![人名家个位次天年月场支项])"  # 比去年多了多少: 增加56万元
                        r"|涨幅|增幅|加薪幅度|\bhow much (?:of a )?(?:raise|pay rise|increase)\b|\bby how much\b")),
    ("money", re.compile(r"多少钱|多少元|多少万元|多少块|(?:奖金|费用|资金|经费|慰问金|补贴|津贴|补助|资助|金额|工资|奖励)[^，,。？?]{0,4}(?:多少|几)"
                         r"(?![天年月日周个次名人位家场项批期届岁小时分钟])"
                         r"|(?:多少|几)[^，,。？?]{0,2}(?:奖金|资金|资助|补助|经费|慰问金|补贴|会费|费用|工资|薪水|学费|租金|罚款|津贴|报酬|欠薪|工钱|欠款"
                         r"|赔偿金|补偿金)|(?:多少|几)[^，,。？?]{0,4}?[\u4e00-\u9fff](?:金|款)(?![\u4e00-\u9fff])"
                         r"|[\u4e00-\u9fff](?:金|款|费)(?:一共|总共|共|总计|合计)?(?:是|有|为|发了|要|交)?(?:多少|几)"
                         r"(?![天年月日周个次名人位家场项批期届岁小时分钟])"
                         r"|花了多少|how much money|prize money|how much did .* cost|membership fee|how much .* (?:pay|cost|fee)"
                         r"|\bhow much (?:unpaid |back |prize |bonus |extra |more )?(?:wages?|salary|pay|money|cash|compensation|payout"
                         r"|subsid(?:y|ies)|allowance|bonus|grant|funds?|funding|premium|aid|donations?|reward|rent|arrears)\b"
                         r"|\bhow much (?:did|does|do|will|can|could|would|is|was|were) .* (?:get back|get|recover|receive|give|gave"
                         r"|spend|spent|invest|invested|donate|donated|raise|raised|award|awarded|paid|earn|get paid)\b"
                         r"|\b(?:maximum|minimum|largest|highest) (?:payout|payment|compensation|subsidy|amount)\b"
                         r"|\bamount of (?:[\w-]+ )?money\b|\baward money\b"
                         r"|\bhow much (?:is|was|were|are) the [\w' -]{0,40}?"
                         r"(?:subsid(?:y|ies)|allowance|compensation|payout|bonus|grant|fee|premium|reward|award|cap)\b"
                         r"|\bthe (?:most|maximum) (?:a|an|one|each) [\w' -]{0,30}?(?:can|could|will|may)"
                         r" (?:get|receive|claim)\b"
                         # what one gets, asked with nothing after 多少 (她可以拿到多少, 最高能补多少): a sum
                         r"|(?:拿到|拿了|拿|领到|领了|领|得到|可获|补|赔|报销|报|给付)(?:了)?多少\W*$")),
    ("age", re.compile(r"多大了|多大年纪|多大岁数|今年多大|几岁|多少岁|年纪多大|年龄多大|年龄是多少|年纪是多少|how old"
                       r"|(?:他|她|您|你)(?:今年|现在)?多大\W*$")),
    ("phone", re.compile(r"(?:电话|手机|热线|专线|号码|传真)(?:号码|号)?(?:是|为)?(?:多少|几号|什么(?!时候|时间|人|地方))|phone|hotline"
                         r"|fax number")),
    ("percent", re.compile(r"百分之几|百分之多少|百分比|多少%|几成|几趴|多少趴|多少比例|占多少|比例是多少|占比多少|比例为多少|多大比例|what percentage|what per ?cent"
                           r"|[\u4e00-\u9fff]率(?:是|为|有|达到|达)?(?:多少|几|呢|怎么样|如何|多高)"
                           r"|what share|what proportion"
                           r"|\b(?:what|how high)(?:'s| is| was| are| were)? the [\w' -]{0,40}?\b(?:rate|ratio)\b")),
    # A match's score (比分是多少, 几比几, what was the score): 3比1, 2:0.
    ("score", re.compile(r"比分|几比几|多少比多少|\bwhat (?:was|is) the (?:final )?score\b|\bby what score\b")),
    # How long something took or takes (跑了多久, 理赔多久到账, 几耐, What was his time?): a span of time, not a date.
    ("duration", re.compile(r"多久|多长时间|多少时间|几耐|用时多少|用了多少时间|跑了多少|成绩是多少|\bhow long\b"
                            r"|\bwhat (?:was|is) (?:his|her|their|the winning|[\w' -]{2,30}?'s) time\b|\bhow fast\b"
                            r"|\b(?:finishing|winning|finish|race|running|record) time\b|\bin what time\b")),
    ("time", re.compile(r"几点|什么时间开|what time|\b(?:opening|office|business|service|working|shower|duty) hours\b"
                        r"|\bwhat (?:are|were) the [\w' -]{0,40}?\bhours\b")),
    ("date", re.compile(r"哪天|哪一天|几月|几号|几日|哪年|哪一年|何年|哪一月|日期|what date|which year|what year|which day")),
    ("when", re.compile(r"什么时候|何时|什么时间|多久|when")),
    ("person_count", re.compile(r"多少人|几个人|多少名(?!额)|几名(?!额)|多少位|几位|多少职工|多少员工|多少选手|how many people"
                                r"|how many workers")),  # (多少名额: places, counted in 个)
    ("count", re.compile(r"多少|几个|几家|几场|几支|几次|几项|几本|几条|几|how many|number of"
                         r"|\bwhat (?:was|is|were) (?:his|her|their|its) (?:total |final )?score\b"  # points: 96.5分
                         r"|\bhow (?:long|big|large|far|tall|heavy|much time)\b")),
    ("person", re.compile(r"谁|哪位|什么人|何人|叫什么名字|名字|姓名|who|whom")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|哪个地方|何处|何地|地点|地址|where|\baddress\b"
                         r"|\bwhich (?:town|district|county|city|village|street|province|venue|place|country)\b")),
)

# Nouns that say what kind of answer is wanted, not what it is about: never "a thing the news lacks".
QUESTION_NOUNS = frozenset("""名字 名称 姓名 时候 时间 地方 地点 多少钱 人数 数量 年纪 年龄 岁数 日期 几点 原因 意思 内容 情况 东西
籍贯 出生地 老家 家乡 故乡 地址 住址 国籍 职业 身份 性别 面积 人口 长度 高度 重量 价格 多长 多久 多高 多远 多重 几世纪 何原因 何时 何地 何人 何种
开门 关门 开放 关闭 闭馆 营业 上班 下班 时段 时间段 号码 电话号码""".split())

# Units that follow a number, by what they count.
PERSON_UNITS = "名人位"
MONEY_UNITS = ("元", "万元", "亿元", "块", "美元", "欧元", "英镑", "日元", "港元", "港币", "台币", "新台币", "人民币", "卢布",
               "法郎", "马克", "美金", "银两", "两白银", "韩元", "澳元", "加元")
COUNT_UNITS = ("个名人位家场支次项本条件届所户万亿余多米平方公里吨套台款部篇首门种批类期天年月日%张颗艘倍座只头匹辆架层句段节集章"
               "枚粒份幅株棵间栋轮局盘分秒克升度桌册周字组对")
# Measure words that count the same things (a question's 几本 is told in 册, 几日 in 天).
UNIT_EQUIVALENTS = {"本": "册部", "册": "本", "部": "本册", "日": "天", "天": "日"}
# A question word joined to the unit it asks in (多少钱, 几天, 几点): jieba keeps it one word, and the news never has
# it; the unit right after a question word (多少|名工人) is no part of the words asked about either.
QUESTION_FORM = re.compile("(?:多少|几)([" + "".join(u for u in COUNT_UNITS if len(u) == 1) + "钱点岁号时])")
# English names of the news's own things that CC-CEDICT lacks as phrases (it has champion, not third prize): read
# by the English bridge as if the dictionary had them.
# English words for posts (a who-question about one wants the name written with it; 副主席 is no 主席)
ENGLISH_ROLES = frozenset({"chairman", "chairwoman", "chair", "vice chairman", "vice chairwoman", "vice chair", "president",
                           "vice president", "director", "deputy director", "secretary", "secretary general",
                           "general secretary", "manager", "general manager", "head nurse", "union chair", "captain",
                           "principal", "mayor", "governor"})
ENGLISH_DOMAIN_PHRASES = (
    ("first prize", "一等奖"), ("second prize", "二等奖"), ("third prize", "三等奖"), ("first place", "一等奖"),
    ("second place", "二等奖"), ("third place", "三等奖"), ("runner up", "二等奖"), ("excellent organization award", "优秀组织奖"),
    ("come first", "一等奖"), ("come second", "二等奖"), ("come third", "三等奖"),
    ("top scorer", "最佳射手"), ("top goal scorer", "最佳射手"), ("best player", "最佳球员"),
    ("best goalkeeper", "最佳守门员"),
    ("quiz", "知识竞赛"), ("quiz", "竞赛"), ("quiz", "测验"),
    # the news's senses where CC-CEDICT's first ones are another field's (union -> 联盟) or it has none the news uses
    ("vice chairman", "副主席"), ("vice chairwoman", "副主席"), ("vice chair", "副主席"), ("vice president", "副主席"),
    # a union's president: 主席 in the mainland, 理事长 in Taiwan, 会长 in Hong Kong and Macau
    ("president", "主席"), ("president", "理事长"), ("president", "会长"), ("vice president", "副理事长"),
    ("vice president", "副会长"),
    ("deputy director", "副主任"), ("head nurse", "护士长"), ("secretary general", "秘书长"), ("general secretary", "秘书长"),
    ("union", "工会"), ("union chair", "工会主席"), ("repair", "维修"), ("repair", "修理"), ("panel", "评委"), ("panel", "裁判组"),
    ("panel", "评审"), ("take place", "举行"), ("take place", "举办"), ("venue", "地点"), ("venue", "场地"),
    ("membership card", "会员卡"), ("membership", "会员"), ("membership", "入会"), ("fee", "费用"), ("fee", "会费"),
    ("insurance", "保险"), ("insurance", "保障"), ("factory", "工厂"), ("factory", "厂"), ("team", "代表队"), ("team", "团队"),
    ("team", "队伍"), ("participant", "参赛"), ("participant", "选手"), ("participant", "参与"), ("expo", "博览会"),
    ("craftsman", "工匠"), ("chairwoman", "主席"), ("recuperation", "疗休养"), ("semifinal", "复赛"), ("rest station", "驿站"),
    ("sponsor", "赞助"), ("sponsor", "支持"), ("organizer", "主办"), ("organizer", "主办单位"), ("phone", "电话"),
    ("co-organizer", "协办"), ("co organize", "协办"), ("host", "主办"), ("host", "承办"),
    # union programmes the news names in its own words
    ("mommy room", "妈咪小屋"), ("nursing room", "妈咪小屋"), ("nursing room", "哺乳室"), ("rider home", "骑手之家"),
    ("workers home", "职工之家"), ("worker home", "职工之家"), ("innovation studio", "创新工作室"),
    ("warm station", "驿站"), ("rest station", "驿站"), ("outdoor worker", "户外劳动者"), ("send warmth", "送温暖"),
    ("new form of employment", "新就业形态"), ("wage arrear", "欠薪"), ("unpaid wage", "欠薪"), ("legal aid", "法律援助"),
)

# "What is the name of…" asks for a name: the noun says what kind of answer, not what the news must mention.
ENGLISH_ASKED_NOUN = re.compile(r"\b(?:what|which)(?:'s| is| was| are| were)? the (?:name|title|number|amount)s?\b(?: of)?"
                                r"|\b(?:in|at) what time\b", re.I)  # (in what time: asked, not 198次 of "time")
# After "how" these ask a question (how long, how old), they are no concept to look for.
ENGLISH_HOW_WORDS = frozenset("long old far often soon big large tall early late".split())

# Measure words a count question may name (几份, 多少间房, how many companies -> 家 by CC-CEDICT's classifiers): the
# answer is a number in that unit. 个 counts anything, and the others are parts of numbers, not units.
MEASURE_WORDS = "".join(u for u in COUNT_UNITS if u not in "个万亿余多%")
MEASURE_NOUNS = ("名额", "家庭", "位置", "台阶")  # nouns that open with a measure word (多少名额: places, not 名 of people)
# Chinese agent nouns are a verb and one of these (骑 + 手, 焊 + 工): the English bridge reads rider, welder through them.
AGENT_SUFFIXES = ("手", "者", "员", "工", "师", "人")
# A noun counted that ends like these counts people (劳模, 骑手, 快递员, 外卖小哥): its number is told in 名, 人 or 位.
PERSON_NOUN_ENDS = "员手工模者师匠生哥姐友民"
COUNT_QUESTION = re.compile(r"(?:几|多少)(个)?([\u4e00-\u9fff]{0,4})")  # (名额有多少: the noun before it)
ENGLISH_COUNT_QUESTION = re.compile(r"\bhow many\b")
# English nouns that name a Chinese measure word rather than a thing counted (how many points -> 386分)
ENGLISH_MEASURES = {"points": "分", "pts": "分", "kilometres": "公里", "kilometers": "公里", "metres": "米", "meters": "米",
                    "score": "分"}
ENGLISH_PEOPLE = frozenset("people persons men women children staff employees workers".split())  # counted in 名

# Cantonese as Hong Kong readers write it, read as the Mandarin the news is written in (after Traditional -> Simplified):
# question words, particles and pronouns. Only forms that are never Mandarin (系 alone is also 体系's).
CANTONESE = (("乜嘢", "什么"), ("咩", "什么"), ("边个", "哪个"), ("边度", "哪里"), ("边间", "哪家"), ("几多", "多少"),
             ("点样", "怎样"), ("点解", "为什么"), ("几时", "什么时候"), ("系咪", "是不是"), ("系唔系", "是不是"),
             ("有冇", "有没有"), ("冇", "没有"), ("喺", "在"), ("佢哋", "他们"), ("佢", "他"), ("啲", "些"),
             ("呢个", "这个"), ("嗰个", "那个"), ("嘅", "的"), ("咗", "了"), ("唔", "不"), ("系用", "是用"),
             ("系由", "是由"), ("系边", "是哪"), ("系几", "是几"), ("系咩", "是什么"), ("系谁", "是谁"), ("边个系", "谁是"), ("攞", "拿"),
             # 边个 before a verb is who (边个做理事长, 边个攞冠军), before a noun which (边个区)
             ("几多个钟", "多少小时"), ("几个钟", "几小时"), ("系几多", "是多少"), ("系几多个钟", "是多少小时"),
             ("边个做", "谁做"), ("边个当", "谁当"), ("边个攞", "谁拿"), ("边个拎", "谁拿"), ("边个赢", "谁赢"), ("边个得", "谁得"),
             ("边个负责", "谁负责"), ("边个主持", "谁主持"), ("边个带", "谁带"), ("边个讲", "谁讲"))
# Everyday Mandarin question words, read as the written ones the answer-type patterns know (啥地方 -> 什么地方).
COLLOQUIAL = (("为啥", "为什么"), ("干啥", "做什么"), ("干嘛", "做什么"), ("啥", "什么"), ("咋样", "怎么样"), ("咋", "怎么"),
              ("多会儿", "什么时候"), ("哪旮旯", "哪里"), ("时侯", "时候"))  # (时侯: a common slip)

# A question that asks for an amount per person, household or item (每人奖励多少钱, 人均, each): a passage that tells only
# a total (1380万元) does not answer it.
PER_UNIT_QUESTION = re.compile(r"每(?:人|户|名|位|个|家|次|天|月|年|队)|[一每]个月|人均|户均|平均每|\beach\b|\bper (?:person|head|household|worker|family)")
PER_UNIT_MARK = re.compile(r"每|人均|户均|平均")

# Specifics a question pins that an article about the same event may not hold: a year, an ordinal of a series
# (第二批, 第三届; 首 is 第一; not 第一次, which is mostly "the first time"), a kind of person (女骑手 among 骑手).
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|\b)")
ORDINAL = re.compile(r"(?:第([一二三四五六七八九十百零〇两\d]+)|(首))(批|届|期|轮|季)")
# The next one of a series (下一届在哪办, next year's contest) and how an article would tell of it.
NEXT_ONE = re.compile(r"下一届|下届|下一次|下次|下一期|下一轮|下一年|明年|\bnext (?:year|time|edition|one|contest|games|session)\b")
NEXT_TOLD = re.compile(r"下一届|下届|下一次|下次|下一期|下一轮|明年|来年|届时|将于|计划于|(?:20\d\d)年(?:起|将)")
CONTRASTIVE_MODIFIERS = ("女", "男")

# A follow-up leans on the conversation: it opens with these, ends with 呢, or refers back with a pronoun.
FOLLOWUP_OPENERS = ("那", "那么", "那个", "还有", "另外", "此外", "他", "她", "它", "他们", "她们", "它们", "这个", "该",
                    "and ", "what about", "how about", "and the", "what else")
FOLLOWUP_PRONOUNS = ("他", "她", "它", "他们", "她们", "这个", "那个", "这次", "那次", "其", "该", "此",
                     " he ", " she ", " it ", " they ", " his ", " her ", " its ", " their ", " there ", " that ")
FOLLOWUP_TAIL = ("呢", "呢？", "呢?")
# A yes-or-no question (还能补报吗, 破纪录了没, 有没有免费绿豆汤, Is there free soup?): a question, even with no question
# word, and one that asks its own thing after another (破纪录了没 after 谁赢了 asks no name).
YES_NO_QUESTION = re.compile(r"(?:吗|(?<![什怎多这那])么|嘛|了没有?|没有|(?<=[能要会有是可])[^？?]{1,12}不)\s*[?？。!！]*\s*$"
                             r"|有没有|是不是|能不能|可不可以|会不会|要不要|是否|对不对|行不行"
                             r"|^\s*(?:is|are|was|were|do|does|did|can|could|will|would|has|have|had|should)\b.*")
# A pronoun for a person: after a "who" question it stands for the answer (谁发言了？ 他是做什么的？ -> 刘海峰).
PERSON_PRONOUN = re.compile(r"他|她|\b(?:he|she|him|his|her)\b", re.I)

# English words that carry no content for the bridge to Chinese (besides STOPWORDS).
ENGLISH_STOPWORDS = frozenset("""
i me my we our you your he she him his her they them it its can could would should will shall may might must
has have had get got give given take took make made say said tell told know known let also any some all each
every other such than then so not no yes very just only still there here else more most up out over
please thing things someone anyone people person called happen happened
""".split())

# Words trimmed from the edges of a short answer: verbs that link it to the question and particles.
ANSWER_EDGE_WORDS = ("又名", "又称", "又叫", "也叫", "也称", "亦称", "别称", "别名", "俗称", "简称", "称为", "叫做", "是指", "指",
                     "获得了", "获得", "荣获", "获", "成为", "担任", "位于", "举行", "举办", "开展", "进行", "了", "的", "是",
                     "为", "在", "由", "有", "和", "与", "及", "共", "等", "被", "将", "把", "于", "从", "向", "对", "也",
                     "都", "就", "还", "即", "并", "其", "该", "此", "这", "那", "最终", "最后", "其中", "分别", "同时",
                     "已", "已经", "曾", "又", "所", "之")

# Nouns right after a question word that name the answer's kind (哪个机构主办 -> 机构): not context to align on.
ANSWER_TYPE_NOUNS = ("机构", "单位", "部门", "组织", "公司", "国家", "城市", "地方", "地区", "时候", "时间", "年份", "人物",
                     "人", "名字", "名称", "部位", "方面", "方式", "方法", "原因", "类型", "种类", "颜色", "作品", "职务",
                     "身份", "阶段", "时期", "年代", "奖项", "形状", "特点", "作用", "用途", "职业", "语言", "民族",
                     "奖", "队", "个", "位", "家", "种", "样", "项")

# A place a sentence names (张山营镇, 西瓜博物馆, 第三水厂): what a where-question wants, unless the question named it.
# A place after 在 (在庞各庄镇西瓜博物馆举行): the answer to where, up to the verb or the clause's end.
PLACE_AT = re.compile(r"在([\u4e00-\u9fff]{2,16}?(?:街道|社区|区|县|镇|乡|村|博物馆|展览馆|体育馆|纪念馆|图书馆|会展中心|中心|广场|"
                      r"公园|基地|大厦|酒店|礼堂|会堂|剧院|学校|大学|学院|园区|产业园|大厅|之家|会场|报告厅|会议室|体育场|运动场|书屋|驿站|会址|市|省))(?=[，,。；;、]|举行|举办|召开|开幕|"
                      r"落下|落幕|闭幕|揭牌|开展|进行|启动|召开|展开|登场|开跑|鸣枪|开赛|开幕|$)")
PLACE_MENTION = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:街道|社区|区|县|镇|乡|村|博物馆|展览馆|体育馆|纪念馆|图书馆|会展中心|中心|"
                           r"公园|广场|大厦|礼堂|会堂|体育场|园区|水厂|工厂|车站|大学|学院|医院|酒店|宾馆|基地)")

# A demonstrative and its measure word before a noun (那本书, 这个活动): pointing, not naming.
DEMONSTRATIVE = re.compile(r"^[那这哪该此](?:[个本位家场项次名条件份张支所间届批种座])?")

# Who wrote the news: the article's byline (本报讯（记者 边磊）) answers, not its passages, which leave it out.
REPORTER_QUESTION = re.compile(r"哪位记者|哪个记者|记者是谁|记者叫|谁写的|谁报道的|谁采写|作者是谁|撰稿|\breporters?\b"
                               r"|\bjournalists?\b|\bwho (?:reported|wrote|covered)\b|\bauthor\b|\bbyline\b", re.I)
BYLINE_ROLES = re.compile(r"(?:实习|见习|特约|首席)?(?:记者|通讯员|摄影)|本报")
# The words of such a question that ask for the writer, not for what the article is about.
REPORT_WORDS = frozenset("记者 报道 写 写的 作者 那篇 这篇 篇 新闻 稿子 文章 采写 撰稿 reporter report story write "
                         "article news cover journalist author byline piece".split())

# An organisation a sentence names (瀛海镇总工会代表队, 首钢建设集团): a "who" may be answered by one.
ORGANISATION = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:代表队|公司|集团|协会|学校|大学|学院|医院|研究院|研究所|银行)")

# A question after who won something: who, which team or company.
WHO_QUESTION = re.compile(r"谁|哪位|哪支|哪家|是哪个(?=(?:拿|获得|得)?(?:的|了)?\W*$)|哪(?:一|些)?(?:个)?(?:代表队|队|单位|公司|企业|团队|选手|人|组)|\bwho\b"
                          r"|\b(?:which|what) (?:team|company|unit|player|person|people|group)s?\b", re.I)
# A post asked after the question word (谁做理事长, 谁当选了主席, 谁担任首任会长).
ROLE_AFTER_WHO = re.compile(r"谁(?:来)?(?:做|当|担任|当选|出任|任)(?:了)?([\u4e00-\u9fff]{2,8})")
# What is won: a prize, a rank, a medal or a title (一等奖, 冠军, 金牌, 第一名, 技术能手称号).
AWARD = re.compile(r"(?:奖|冠军|亚军|季军|金牌|银牌|铜牌|第[一二三四五六七八九十\d]+名?|称号|荣誉|奖杯|锦标)$")
# Winning something (获得了二等奖, 分获二等奖, 荣获): who won it is the clause's subject before the verb.
# Who did it (谁主办的, 谁协办): the one(s) before these verbs, after 由 when a list is given (由A、B主办).
AGENT_VERBS = "主办|承办|协办|指导|支持|发起|牵头|组织|赞助|冠名"
AGENT_QUESTION = re.compile(rf"(?:谁|哪些单位|哪个单位|哪家单位|哪些部门|哪个部门)(?:负责|来|一起|共同)?({AGENT_VERBS})"
                            rf"|({AGENT_VERBS})(?:单位|方|部门)(?:是|有|都有|都是)?(?:谁|哪些|哪个|哪家|什么)")
# A name of a thing, quoted (“书适圈”读书角, 《创新朝阳》, 「三八」).
QUOTED = re.compile(r"“([^”“\n]{2,24})”|《([^《》\n]{2,40})》|「([^「」\n]{2,24})」|\"([^\"\n]{2,24})\"")
# What ends the unit and title written before a person's name (…，北京市总工会党组成员、副主席王敬东): clause marks and
# the words a clause joins with (由, 在, 与 …); 的 right before the name does not (北京和顺汽车技术有限公司的赵一鸣).
APPOSITION_STOP = re.compile(r"[，,。；;：:“”「」《》（）()\s]|的|由|在|与|及|对|向|将|从|是|为|据|经|于|、(?=[^、，,。]{5,})")
# A unit at the start of an apposition: up to its last organisation word (北京公交集团第一客运分公司 of …分公司驾驶员).
ORGANISATION_END = re.compile(r"[\u4e00-\u9fffA-Za-z0-9、]*(?:有限公司|分公司|公司|集团|总工会|工会|医院|学校|大学|学院|中心|站点|"
                              r"委员会|协会|研究院|研究所|银行|局|厅|委|部|站|馆|院|所|队)")
# Questions about a person's unit or title (他是哪个单位的, what is his position); the name is the question's or its
# referent's.
UNIT_QUESTION = re.compile(r"哪个(?:单位|公司|企业|部门|集团|医院|学校|站点|分公司|机构)|哪家(?:单位|公司|企业|医院|机构)|什么单位"
                           r"|在哪(?:工作|上班|任职|跑单)|哪个站点|\bwhich (?:company|organi[sz]ation|unit|employer|branch|firm|hospital)\b"
                           r"|\bwork(?:s|ed)? for\b|\bwhat company\b|\bwhere does (?:he|she) work\b")
TITLE_QUESTION = re.compile(r"什么职务|什么职位|什么身份|什么头衔|做什么工作|干什么的|做什么的|什么岗位|啥工作|干啥的"
                            r"|\b(?:position|job|title|role|post)\b|\bwhat does (?:he|she) do\b")
# Questions after the name of a thing (读书角叫什么, 书名是什么, what is the reading corner called): news quotes it.
NAME_QUESTION = re.compile(r"叫什么|起的什么名|什么名字|名字是什么|名称是什么|名字叫|名称叫|什么名|什么(?:书|图书|新书|歌|曲子|舞|品牌|主题|口号|称号|节目|作品|栏目)"
                           r"|\bcalled\b|\bnamed\b|\b(?:name|title|theme|slogan|motto) of\b|\bwhat(?:'s| is| was) (?:the|its) (?:name|title|theme|slogan)\b")
# Verbs of winning (获得了一等奖, 分获二等奖).
ACQUIRE_VERBS = r"(?:获得了|获得|荣获|夺得|摘得|拿下|取得了|取得|(?<![\d.])分获|斩获|分别获得|共同获得|获)"  # (95.2分获得: points)
# What may stand between a verb of winning and the prize: a group (夺得热菜组金奖); team or individual totals (获得团体总分
# 第一名) only when the question asks about them (团体第一是哪个队), else a team's total would answer who won a race.
PRIZE_INFIX = r"(?:[\u4e00-\u9fff\d]{1,6}组)?"
TOTAL_PRIZE_INFIX = r"(?:[\u4e00-\u9fff\d]{1,6}组|团体总分|团体|个人总分|个人全能|个人|总分|总成绩)?"
TOTAL_PRIZE_ASKED = re.compile(r"团体|个人|总分|总成绩|\bteam\b|\boverall\b")
# The prize first, then who won it (女子组冠军则由…护理师叶佩玲以1小时29分55秒夺下; 季军由…作业员阮氏芳获得).
PRIZE_BY = r"(?:则|均|分别|最终)?由(?P<who>[^，,。；;由]{2,40}?)(?:以[^，,。；;]{1,24}?)?(?:夺下|夺得|获得|摘得|摘取|取得|获|夺|包揽)"
# Which prize someone won (采育镇得了几等奖, what prize did Wang get): the prize after their name and a verb of winning.
PRIZE_QUESTION = re.compile(r"几等奖|什么奖|啥奖|哪个奖|哪一等奖|哪种奖|什么名次|第几名|什么荣誉|什么称号|\bwhich (?:prize|award|place)\b"
                            r"|\bwhat (?:prize|award|place|honou?r|title)\b")
PRIZE_WON = re.compile(ACQUIRE_VERBS + r"[^，,。；;]{0,12}?"
                       r"(?P<prize>[一二三四五六七八九十\d]等奖|特等奖|冠军|亚军|季军|第[一二三四五六七八九十\d]+名|金牌|银牌|铜牌"
                       r"|“[^”]{1,12}”(?:称号|奖)|[\u4e00-\u9fff]{1,6}奖)")
# Questions after several things (有哪些赛道, 都考些啥, 建了哪些设施): the news lists them with 、.
LIST_QUESTION = re.compile(r"哪些|哪几|些什么|些啥|都有什么|都是什么|都有哪|都考|都比|都加了|都提供|都包括|包括什么|\bwhich (?:\w+ ){0,2}\w+s\b"
                           r"|\bwhat (?:\w+ ){0,2}\w+s (?:did|do|does|were|are|will)\b")
# An item of such a list, and what ends the last one (四个赛道, 等多个行业).
LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9“”《》·]{1,14}"
LIST_LEAD = re.compile(r"了|在|的|来自|设置|设有|开展|包括|涵盖|建成|建有|组织|举办|提供|参观|观看|指派|如|即|是|为|有|：|:|\d+[名个家位项]")  # before the first item
LIST_TAIL = re.compile(r"(?:[一二三四五六七八九十两\d]+(?:个|项|类|种|大|场|支|名)|等|在内|共|各|均|方面|领域|参加|出席|参与|承办|入选).*$")
# Where someone comes from (他老家是哪的, where is he from): the place after 来自.
ORIGIN_QUESTION = re.compile(r"老家|籍贯|哪里人|哪儿人|哪的人|来自哪|是哪的|从哪来|\bwhere (?:is|are|was|were|does|do) .*\bfrom\b|\bhometown\b")
ORIGIN = re.compile(r"(?:来自|老家在|老家是|籍贯)([\u4e00-\u9fff]{2,8}?)(?=[，,。；;、的]|$)")
# What follows a person's name in news (齐红梅介绍, 石建军为…颁奖, 何静宣读): to tell where a name the tagger split ends.
NAME_FOLLOWER = re.compile(r"介绍|表示|说|指出|强调|认为|为|出席|宣读|致辞|讲话|主持|带领|参加|在|与|和|及|对|向|也|还|等|、|，|,|。|（")
# A message that only thanks or closes the conversation (好的谢谢, 辛苦了, thanks, bye): answered in kind.
PLEASANTRY = re.compile(r"(?:好的|好吧|好|嗯|ok|okay|太|非常|十分|真是|真|谢谢|谢谢你|谢谢啦|谢啦|多谢|感谢|了|啦|辛苦了|辛苦|再见|拜拜|明白了|知道了|收到"
                        r"|thanks|thank you|thx|bye|got it|great|cool)+", re.I)
# A message that greets or asks what the bot is (你好, 你是谁, hi, what can you do), read with spaces and punctuation
# removed: answered with what the bot does, not with passages.
GREETING = re.compile(r"(?:你好|您好|哈喽|哈啰|嗨|喂|在吗|在不在|早上好|上午好|中午好|下午好|晚上好|你是谁|你是什么|你能做什么|你会什么"
                      r"|你能干什么|你可以做什么|你能干啥|你会干啥|怎么用|hello|hi|hey|goodmorning|goodafternoon|goodevening"
                      r"|whoareyou|whatareyou|whatcanyoudo|howdoiuseyou|help)+", re.I)
# How long something lasts (多久, 多长时间): a when-question answered by a span of time, not a date.
# A question asking for both ends of a span of time (几点开门几点关门, 从哪天到哪天, 开放时间, what are the opening hours):
# answered by the whole range the news writes (7:00至21:00, 7月1日至8月31日).
RANGE_QUESTION = re.compile(r"几点到几点|几点[^？?]{1,6}几点|从?哪天到哪天|从?几号到几号|从?几月到几月|时间段|什么时段"
                            r"|(?:开放|营业|值班|服务|办公|接听|开门)(?:时间|时段)|\bopening hours\b|\bfrom when to when\b"
                            r"|\bwhat hours\b|\b(?:office|business|service|working|shower|duty) hours\b"
                            r"|\bwhat (?:are|were) the [\w' -]{0,40}?\bhours\b")
# A currency written before the sum (新臺幣3萬元, 港幣60元): part of the answer, or a reader assumes yuan.
CURRENCY_BEFORE = re.compile(r"(?:新臺幣|新台币|新台幣|臺幣|台币|港幣|港币|澳門幣|澳门币|澳門元|澳门元|葡幣|葡币|人民币|人民幣|美元|欧元|歐元)$")
# Between the two ends of a range (7:00至21:00, 7月1日到8月31日, 9:00-17:00).
RANGE_PARTS = "、和及与，,"  # between the two parts of split hours (9:00至12:00、14:00至17:30)
RANGE_JOIN = re.compile(r"\s?(?:至|到|-|—|–|～|~)\s?(?:次日|翌日)?")  # (9:00至次日1:00)
DURATION_QUESTION = re.compile(r"多久|多长时间|多少年|多少天|几年|几天|how long")
# A time asked for without its start or end being singled out (几点有人听, 几点开门 singles out the start): the whole
# range when the news gives one (上午10時至晚上7時).
# When something starts, asked (幾時開始收申請, 啥时候开始报名), and a date told as a start (由3月1日起, 6月29日上午9时起开放)
START_ASKED = re.compile(r"开始|开放|开幕|启动|起\W*$|\bstart|\bbegin|\bopen")
START_TOLD = re.compile(r"(?P<time>(?:上午|下午|晚上)?(?:\d{1,2}(?:时|点|:\d{2}))?)(?:起|开始)")
# When something ends, asked (幾時截止, 报名到哪天结束): the end of a range of dates, or a date told as the end
END_ASKED = re.compile(r"截止|截至|结束|到期|为止|闭幕|\bdeadline\b|\bend\b|\bclose")
END_TOLD = re.compile(r"(?:截止|结束|止|为止)")
TIME_END_ASKED = re.compile(r"开始|开门|开放|开赛|开幕|起|出发|集合|报到|结束|关门|截止|闭馆|下班|到几点|几点到|\bstart|\bopen|\bbegin|\bclose|\bend")
# A value something was changed to (合格率提高到多少, 侍产假增至几天, 延长到几点): the number after 到/至 in the news's
# 从91%提高到99.2% / 由5天增至7天 / 延时至21:00, not the one it started from.
TARGET_QUESTION = re.compile(r"(?:提高|延长|增加|提升|调整|上涨|上调|下降|降低|缩短|扩大|增长|延时|推迟|加|涨|升|调)(?:到|至|为)|增至|升至|降至|"
                             r"\b(?:raised|increased|extended|cut|reduced|lowered) to\b")
# Both ends of a change asked (名额从多少加到多少, 由幾多加到幾多, from what to what): 从1200个增加到1800个, whole.
FROM_TO_QUESTION = re.compile(r"(?:从|由)(?:多少|几)[^，,。？?]{0,8}(?:到|至|为)(?:多少|几)"
                              r"|\bfrom (?:how much|what) to (?:how much|what)\b")
# Verbs the news tells a change with, before 到/至/为 and the new value (提高到, 增至, 调整为).
CHANGE_VERBS = "提高|增加|提升|上涨|上调|延长|调整|扩大|缩短|减少|降低|下降|涨|增|升|降"
FROM_TO_TOLD = re.compile(r"(?:从|由)(?P<from>[^，,。；;从由]{0,14}?\d[^，,。；;]{0,14}?)"
                          rf"(?:{CHANGE_VERBS}|扩充|加)(?:到|至|为)")
# An address asked (具体地址, 在哪儿, where can I go) and told (锦荷路39号一层, 雁塔西路58号雁塔区职工服务中心三楼).
ADDRESS_QUESTION = re.compile(r"地址|在哪儿|在哪里|在哪|什么地方|哪里可以|去哪|\baddress\b|\bwhere (?:is|are|can|do|should)\b")
ADDRESS_TOLD = re.compile(r"(?:(?:或|并|可)?(?:到|前往|位于|地处|在|至))?(?P<address>[\u4e00-\u9fff]{1,6}(?:路|街|大道|巷)\d+(?:-\d+)?号"
                          r"(?:[\u4e00-\u9fff\d]{0,14}?[一二三四五六七八九十\d](?:楼|层|室))?)")
# A person a sentence refers to by pronoun (今年29岁的他): not 其他, 他人, 他乡, nor the plural.
PRONOUN_TOLD = re.compile(r"(?<![其吉利])[他她](?![人乡国们])")
# A value asked as it stands now (现在每人费用标准多少, 而家幾多): where the answering sentence tells a change, its new value.
NOW_QUESTION = re.compile(r"现在|而家|目前|如今|现行|眼下|\bnow\b|\bcurrently\b|\bcurrent\b|\bnew\b")
# A value asked without its past being singled out (现在每人费用标准多少, 最高能补多少): where the answering sentence tells a
# change, its new value; a question about the past (去年多少, 以前, before) keeps the value the rules pick.
PAST_QUESTION = re.compile(r"去年|以前|原来|原先|之前|过去|上届|上一届|往年|以往|本来|调整前|提高前|\blast year\b|\bbefore\b"
                           r"|\bpreviously\b|\bused to\b|(?<!how )\bold\b|\bprevious\b|\boriginal")
# A sentence telling a value changed to (由每班40元提高到60元, 由5天增至7天): the one a changed-to question wants.
TARGET_TOLD = re.compile(rf"(?:{CHANGE_VERBS}|延)(?:到|至|为)[^，,。；;]{{0,8}}?\d")
TARGET_MARK = re.compile(r"(?:到|至)(?:每天|每班|每月|每年|每人|新臺幣|新台币|人民币|港币|不低于|约|近)?$")
# What the news writes before a value as it was before a change (比上届的1.2万元有所提高, 由5天增至7天)
PAST_MARK = r"(?:去年|上届|上一届|往年|以往|以前|原来|原先|之前|过去|调整前|由|从)(?:同期)?的?(?:每人|每年|每月|每天|每班|人均|约|近)?"
PAST_TOLD = re.compile(PAST_MARK + r"\d")
# A follow-up asking only how much, at another time (去年是多少, 上届呢, 那现在有多少): the value its context asked about.
BARE_HOW_MUCH = re.compile(r"^(?:那|那么|那个)?(?:的话)?(?:是|有|为|系|係)?(?:多少|几多)?(?:呢|啊|呀|咧)?$")
# A total asked, and what the news writes before one (共需资金81万元, 共筹集助学资金2860万元, 共计200万元)
TOTAL_QUESTION = re.compile(r"一共|总共|总数|共有|共计|合计|总计|累计|总量|全部加起来|\bin total\b|\baltogether\b|\btotal\b")
TOTAL_MARK = re.compile(r"(?:总数|总量|共计|合计|总计|累计|一共|总共|共|全区|全市|全省)(?:需要|需|投入|花费|支出|发放|拨付|筹集)?"
                        r"(?:[\u4e00-\u9fff]{0,2}(?:资金|经费|费用))?(?:达到|达|为|有|已达|超过|建成|已建成)?(?:约|近|逾)?$")
# Which of several values in a sentence a question asking for a value means: (what the question says, what the news
# writes right before that value), beside (TARGET_QUESTION, TARGET_MARK), the value a figure changed to, which any
# question may ask (提高到多少: 从91%提高到99.2%; 调整为什么). The end of a range (开到几点: 7:00至21:00); a total beside
# what is new (现在一共多少家: 新建30家，全区总数达到215家); one's own share beside the whole (骑手自己交多少: 每份60元…骑手
# 个人只需缴纳15元).
VALUE_QUALIFIERS = (
    (re.compile(r"(?:开|办|营业|开放|持续|延续|进行|截止|截至|有效)(?:到|至)(?:几点|什么时候|哪天|几号|几月)|到几点|几点(?:结束|关门|截止|闭馆|下班)"
                r"|\buntil (?:when|what time)\b|\bwhat time does .* (?:close|end)\b"),
     re.compile(r"(?:\d|[时点日号月年])(?:至|到|-|—|～|~)$")),  # the value closing a range (7:00至21:00)
    (TOTAL_QUESTION, TOTAL_MARK),
    # what one pays (一期要交多少钱: 每期只需缴纳300元, not the union's 安排专项资金96万元)
    (re.compile(r"(?:交|缴|付|掏)(?:多少|几)|收(?:多少|几)|\bpay\b|\bcosts?\b|\bfees?\b|\bcharged?\b"),
     re.compile(r"(?:缴纳|交纳|缴费|缴|交|支付|付|收费|收取|只需|仅需|只要)(?:约|近)?$")),
    # how many more (比去年多几个: 比去年的1200个增加了600个, not 1200个)
    (re.compile(r"比[\u4e00-\u9fff]{1,6}多了?(?:几|多少)|多出(?:几|多少)|增加了?(?:几|多少)|\bhow many more\b"),
     re.compile(r"(?:增加了?|增长了?|多了|多出了?|新增了?)(?:约|近)?$")),
    # a value before its change (上届是多少: 比上届的1.2万元有所提高; 以前多少: 由5天增至7天)
    (re.compile(r"(?<!比)(?:" + PAST_QUESTION.pattern + ")"), re.compile(PAST_MARK + "$")),  # (比去年多几个: no)
    (re.compile(r"自己|个人|本人|自付|自掏|\bthemselves\b|\bhimself\b|\bherself\b|\bown pocket\b|\bown share\b"),
     re.compile(r"(?:个人|自己|本人|自付|自费)(?:只需|仅需|需|只|仅|每年|每月)?(?:缴纳|承担|支付|交|出|负担|缴)?(?:约|近)?$")),
)
# Casual words around a question that ask nothing (换个话题，…; 你好，…谢谢啦).
CHAT_PHRASES = re.compile(r"换个话题|换个问题|再问一个|再问一下|顺便问一下|顺便问下|我想问一下|我想问下|我想问|想问一下|想问下|"
                          r"我想知道|麻烦问一下|麻烦问下|打扰一下|请教一下|你好|您好|谢谢啦|谢谢了|谢谢你|谢谢|多谢")
# The prizes news tells winners of, to see whether an article names any winner at all.
# The prize a who-won question naming none asks about (who won the contest? -> its first prize), highest first.
TOP_PRIZES = ("特等奖", "一等奖", "冠军", "金奖", "第一名")
# Prize ranks, each with its other names: a question about one rank is not answered by a clause about another
# (二等奖奖金 over 一等奖获得者将获得奖金1万元). Bare 第一/第二 are left out: 第二段, 第一批 are no prizes.
PRIZE_RANKS = (("特等奖",), ("一等奖", "冠军", "金奖", "头奖", "第一名", "金牌"), ("二等奖", "亚军", "银奖", "第二名", "银牌"),
               ("三等奖", "季军", "铜奖", "第三名", "铜牌"))
# A contest's stages: a count asked of the final (决赛几支队) is not told by a clause about the semi-final (共40支代表队进入复赛).
# (半决赛 is read as a 复赛 before 决赛 is looked for.)
CONTEST_STAGES = (("初赛", "预赛", "海选"), ("复赛", "半决赛"), ("决赛", "总决赛"))
# A contest's group (女子组, 点心组, 10公里挑战组); not 组织, 组长, 组成, 组委会, 组别, 组合, nor 那组 (which group).
CONTEST_GROUP = re.compile(r"(?:[\u4e00-\u9fff\d]{1,5})(?<![那哪这每各本该])组(?![织长成建委别合团件])")  # (not 那组)
# Two members written as one (二、三等奖, 男、女子组): read as both (二等奖、三等奖).
SHARED_ENDING = re.compile(r"([一二三四五男女])、(?=[一二三四五男女](等奖|子组))")
WIN_QUESTION = re.compile(r"赢|获胜|夺冠|得奖|获奖|胜出|\bw[oi]ns?\b|\bwinners?\b")
AWARDS_TOLD = ("一等奖", "二等奖", "三等奖", "特等奖", "冠军", "亚军", "季军", "金奖", "银奖", "铜奖")
SUBJECT_OPENERS = re.compile(r"^(?:最终|最后|其中|结果|此外|另外|同时|分别|经过[^，,]{0,12}，)")
SUBJECT_ADVERBIAL = re.compile(r"(?:以[^，,、]{1,16}?(?:的)?(?:成绩|总分|得分|\d+(?:\.\d+)?分|\d+秒\d*|\d+票)"
                               r"|以[「“『《\"][^」”』》\"]{1,20}[」”』》\"]|凭借[^，,、]{1,16}|分别|共同|均|也|都)$")

# Words between a question word and what it asks about (工会主席一共有多少 -> 主席): skipped to find the focus.
FOCUS_SKIP = frozenset("一共 总共 共 大约 大概 约 都 还 又 叫 叫做 就 到底 究竟 分别 各 主要 具体 最终 最后 当时 目前 现在 今年 去年".split())

# Roles a "who" question asks about (工会主席是谁): a passage that never names the role does not say who holds it.
ROLE_SUFFIXES = ("主席", "书记", "队长", "经理", "负责人", "主任", "院长", "校长", "部长", "局长", "市长", "区长", "县长", "镇长",
                 "会长", "站长", "厂长", "董事长", "总裁", "总监", "组长", "班长", "所长", "处长", "科长", "馆长", "社长",
                 "行长", "秘书长", "理事长", "律师", "教练")

# Common Chinese surnames (single characters; those that are also everyday words after a title, 和 时 全 党 方, left
# out): a title followed by one of them opens a name the tagger may miss (主任姬文革 -> 姬/zg 文革/n).
# Surnames that are also prepositions (于海涛 is tagged 于 + 海涛): a name only when jieba tags the rest a given name.
PREPOSITION_SURNAMES = "于"
SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
                     "卢姜崔钟谭陆汪范金石廖贾夏韦付白邹孟熊秦邱江尹薛闫段雷侯龙陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施樊葛"
                     "邢乔伍庞颜倪庄聂鲁岳翟殷詹申欧耿兰焦俞柳祝符舒阮柯纪梅童凌毕季裴霍涂苗盛翁冉骆蓝辛靳柴蒙鲍华喻祁蒲房"
                     "滕屈饶牟艾尤穆农卓古吉缪简芦麦褚娄窦戚岑卜晏柏瞿桂佟臧闵苟邬边卞姬仇栾隋刁巫寇桑郎甄丛仲虞敖巩佘苑迟"
                     "邝齐宁")

# A date question that wants the day (几月几号, 哪天): a year or a month alone does not answer it; a day is written
# with 日 or 号 (10月12日, 12号), or as the lunar calendar does (七月初十, 十月廿四).
DAY_QUESTION = re.compile(r"几月几[日号]|几号(?![\u4e00-\u9fff]{0,1}(?:球衣|线|楼|房|门|车|位|球员|选手))|几日|哪天|哪一天|哪日"
                          r"|具体日期|什么日子|what date|which day")
DAY_MARK = re.compile(r"[\d〇一二三四五六七八九十廿卅初]{1,3}[日号]|月(?:初[一二三四五六七八九十]|[十廿卅][一二三四五六七八九]?)")

# "Where does X <do>?": the words that ask for a place before the action whose place is asked (在哪里办公 -> 办公).
WHERE_ACTION = re.compile(r"(?:哪里|哪儿|何处|何地)([\u4e00-\u9fff]{2,})")
LIGHT_VERBS = frozenset("作为 成为 位于 属于 进行 有 是 在".split())  # say nothing of what happens there

# A question about what the asker should do (how do I join…, 我该怎么申请…) wants a procedure, which news reports
# seldom give: answered only from a passage close in meaning, not from one that merely shares its words.
PROCEDURE_QUESTION = re.compile(r"^\s*how (?:do|can|could|should|would) (?:i|we)\b|^\s*how to\b|^\s*what should (?:i|we)\b"
                                r"|^我们?(?:该|要|应该|应当|可以|能)?(?:怎么|怎样|如何)", re.IGNORECASE)

# The Chinese question word for an answer type: an English question is laid over a Chinese sentence with it.
WH_CHINESE = {"percent": "百分之多少", "person": "谁", "place": "哪里", "date": "哪天", "when": "什么时候", "count": "多少", "person_count": "多少人",
              "money": "多少钱", "age": "几岁", "time": "几点", "phone": "电话"}

# A question that asks what else something is called (又名, 简称, 叫什么).
ALIAS_QUESTION = re.compile(r"又叫|又称|别名|别称|也叫|还叫|又名|俗称|简称|全称|英文名|原名|本名|称为什么|叫什么")

# The learned short-answer scorer's view of answers and questions (qa/span_rank.py; its weights are trained on
# these: a change here needs `python benchmarks/train_span.py`). An answer ending like a unit, a place or an
# organisation; characters an answer seldom starts or ends with.
ANSWER_UNIT_END = re.compile(r"[个只位名人家次场座种项条部本首所天年月岁元米里斤吨度倍%]$")
PLACE_NAME_END = re.compile(r"(?=(省|市|县|区|镇|乡|村|州|国|山|河|江|湖|海|岛|路|街|洲|城|港|湾))")
ORG_NAME_END = re.compile(r"(?=(公司|大学|学院|集团|协会|委员会|部|局|厅|会|队|社|院|所|馆|团|党|军|银行|中心))")
FUNCTION_START_CHARS = frozenset("的 了 是 在 和 与 及 被 将 把 于 从 向 对 也 都 就 而 并 其 为 由 以 有 等 之 所 着 过".split())
FUNCTION_END_CHARS = frozenset("的 了 是 在 和 与 及 被 将 把 于 从 向 对 也 都 就 而 并 为 由 以 有 之 所 着 过 地 得".split())

# Question classes by their question word, in the order they are tried.
QUESTION_CLASSES = (
    ("alias", ALIAS_QUESTION),
    ("year", re.compile(r"哪一年|哪年|何年|几年|年份|什么年")),
    ("when", re.compile(r"什么时候|何时|什么时间|哪天|哪一天|几月|几号|几日|日期|时期|年代|朝代")),
    ("why", re.compile(r"为什么|为何|原因|何以|为了什么|目的")),
    ("how", re.compile(r"怎么|怎样|如何|方式|方法")),
    ("number", re.compile(r"多少|几|多大|多长|多高|多重|多远|多久|比例|百分之")),
    ("person", re.compile(r"谁|哪位|什么人|何人|名字|姓名|哪些人")),
    ("place", re.compile(r"哪里|哪儿|在哪|什么地方|何处|何地|哪个国家|哪国|哪座城市|哪个城市|地点|位置|位于")),
    ("org", re.compile(r"哪家|什么公司|哪个公司|什么机构|哪个机构|哪个组织|什么组织|哪所|哪个大学|哪支|哪个队")),
    ("which", re.compile(r"哪")),
    ("what", re.compile(r"什么|啥|何")),
)
