"""Tests for qa.segment: the seed page's articles, headlines and repaired paragraphs."""

from __future__ import annotations

import pytest

from qa.segment import body_paragraphs, ends_paragraph, is_heading_like, split_page

HEADLINES = [
    "朝阳区举办产业工人队伍建设改革博览会",
    "海淀区数字经济领域职业技能竞赛决赛举办",
    "中铁资本保理公司工会用心用力打造“暖心服务”",
    "大兴区职工知识竞赛决赛开赛",
    "市自来水集团工会调研集体合同履行情况",
]
# Each pair was broken across lines by the page layout and must be one paragraph again.
REPAIRED = [
    ("朝阳区举办产业工人队伍建设改革博览会", 3, "形成的“五新联动”创新工作机制"),
    ("朝阳区举办产业工人队伍建设改革博览会", 5, "树立了榜样，提供了宝贵经验。"),
    ("朝阳区举办产业工人队伍建设改革博览会", 6, "最大限度的激发企业主体的活力"),
    ("海淀区数字经济领域职业技能竞赛决赛举办", 2, "工业互联网发展联盟等单位的支持下"),
    ("中铁资本保理公司工会用心用力打造“暖心服务”", 2, "结合职工教育成长诉求，该公司组织培训近20期"),
    ("大兴区职工知识竞赛决赛开赛", 4, "三个环节的激烈角逐，最终，瀛海镇总工会代表队获得了一等奖"),
    ("大兴区职工知识竞赛决赛开赛", 5, "深入基层、浸润人心，激发广大职工"),
    ("市自来水集团工会调研集体合同履行情况", 2, "并结合本单位工作实际进行了沟通与交流。"),
]
PARAGRAPH_COUNTS = [8, 3, 3, 5, 3]


@pytest.fixture(scope="module")
def page(seed_text):
    return split_page(seed_text, "seeds/000_31f1b2df397274cc.txt")


def test_seed_page_has_five_articles_with_their_headlines(page):
    assert [a.title for a in page.articles] == HEADLINES


def test_subtitles_bylines_and_leads(page):
    chaoyang, haidian, zhongtie, daxing, water = page.articles
    assert chaoyang.subtitle == "发布19万字“产改”图书 展示“五新联动”工作机制和“六位一体”工作体系等"
    assert zhongtie.subtitle == "把职工“诉求清单”兑现成“幸福账单”"
    assert haidian.subtitle == daxing.subtitle == water.subtitle == ""
    assert chaoyang.byline == "记者 刘欣欣"
    assert haidian.byline == "实习记者 宗晓畅"
    assert zhongtie.byline == "记者 马超 通讯员 孙斌"
    assert daxing.lead == "本报讯（记者 孙艳）"
    assert daxing.paragraphs[0].startswith("近日，由大兴区总工会主办")


def test_page_banners_are_not_articles(page):
    assert page.banners == ["深入学习贯彻党的二十大精神 奋力开拓首都工会工作新局面", "贯彻落实工会十八大精神"]
    assert all("贯彻落实工会十八大精神" != p for a in page.articles for p in a.paragraphs)


def test_paragraph_counts_and_ids(page):
    assert [len(a.paragraphs) for a in page.articles] == PARAGRAPH_COUNTS
    assert [a.article_id for a in page.articles] == [f"000_31f1b2df397274cc#{i}" for i in range(1, 6)]


@pytest.mark.parametrize("title,number,fragment", REPAIRED)
def test_broken_paragraphs_are_repaired(page, title, number, fragment):
    article = next(a for a in page.articles if a.title == title)
    assert fragment in article.paragraphs[number - 1]


def test_no_headline_is_glued_onto_a_body(page):
    for article in page.articles:
        for paragraph in article.paragraphs:
            for headline in HEADLINES:
                assert headline not in paragraph or headline == article.title and paragraph.startswith("近日")


def test_photo_credit_ends_a_paragraph():
    assert ends_paragraph("讲述自己的奋斗故事。 本报记者 孙妍 摄")
    assert not ends_paragraph("最大限度的")
    assert ends_paragraph("“获得了一等奖。”")


def test_heading_like_rejects_broken_lines():
    assert is_heading_like("大兴区职工知识竞赛决赛开赛")
    assert not is_heading_like("此次博览会重点展示朝阳区在推进“产改”工作中形成的“五")  # unbalanced quote
    assert not is_heading_like("本报讯（记者 孙艳）近日")


def test_body_paragraphs_join_latin_words_with_a_space():
    assert body_paragraphs(["访问 www.example", "com 查看，详见", "附件。"]) == ["访问 www.example com 查看，详见附件。"]


def test_page_without_leads_is_one_untitled_article():
    page = split_page("这是一段没有标题的文字，\n\n被排版断开了。\n", "x.txt")
    assert len(page.articles) == 1
    assert page.articles[0].paragraphs == ["这是一段没有标题的文字，被排版断开了。"]


def test_article_without_a_lead_after_a_finished_paragraph_is_split():
    text = ("工会新闻一\n\n本报讯（记者 甲）第一篇正文内容，写得足够长以便成为正文段落，而不是标题行，所以要多写几个字。\n\n"
            "职工书屋揭牌\n\n近日，某某公司职工书屋正式揭牌，书屋藏书两千余册，涵盖文学、历史、技术等类别，受到职工欢迎。\n")
    page = split_page(text, "p.txt")
    assert [a.title for a in page.articles] == ["工会新闻一", "职工书屋揭牌"]
