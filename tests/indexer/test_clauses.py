"""The clause split of SPEC §3: the bundled policy exactly, and policies in other layouts."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer import PolicyFileError, SourceText, parse_document, read_policy_file
from indexer.errors import PolicyStructureError
from indexer.normalize import normalize_text
from tests.conftest import BUNDLED_POLICY

BUNDLED_IDS = [
    "序言", "第一条",
    "第二条", "第二条（一）", "第二条（二）", "第二条（三）",
    "第三条", "第三条（一）", "第三条（二）",
    "第四条", "第四条（一）", "第四条（二）", "第四条（三）",
    "第五条", "第五条（一）", "第五条（二）",
    "第六条", "第六条（一）", "第六条（二）",
    "第七条", "第八条",
    "第九条", "第九条（一）", "第九条（二）", "第九条（三）", "第九条（四）", "第九条（五）", "第九条（六）",
    "第十条（一）", "第十条（二）", "第十条（三）",
]  # fmt: skip

ARTICLE_TITLES = {
    "第一条": "适用范围",
    "第二条": "培育优质经营主体",
    "第三条": "促进数据技术创新",
    "第四条": "提升数据资源开发利用水平",
    "第五条": "支持数据流通交易",
    "第六条": "科学推进数据基础设施建设",
    "第七条": "强化数据安全保障",
    "第八条": "推动数据标准体系建设",
    "第九条": "优化产业发展环境",
    "第十条": "附则",
}


def source(text: str, name: str = "policy.txt") -> SourceText:
    normalized = normalize_text(text)
    return SourceText(name=name, text=normalized, sha256=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture(scope="module")
def bundled():
    return parse_document(read_policy_file(BUNDLED_POLICY), "bundled")


def test_bundled_policy_has_the_31_clauses_in_policy_order(bundled) -> None:
    assert [c.clause_id for c in bundled.clauses] == BUNDLED_IDS
    assert [c.order for c in bundled.clauses] == list(range(1, 32))


def test_every_bundled_clause_is_its_span_of_the_source(bundled) -> None:
    for clause in bundled.clauses:
        assert bundled.source_text[clause.start : clause.end] == clause.text
        assert clause.text == clause.text.strip()
        assert clause.doc_id == "bundled"


@pytest.mark.parametrize(("article", "title"), ARTICLE_TITLES.items())
def test_bundled_article_titles(bundled, article: str, title: str) -> None:
    clauses = [c for c in bundled.clauses if c.article == article]
    assert clauses, article
    assert {c.title for c in clauses} == {title}
    assert all(c.headings == (f"{article} {title}",) for c in clauses)


def test_bundled_heading_lines_are_the_title_not_clauses(bundled) -> None:
    assert bundled.title == "北京市西城区促进数据产业高质量发展的若干措施（试行）（征求意见稿）"
    preamble = bundled.clauses[0]
    assert preamble.text.startswith("为贯彻落实《中共中央 国务院")
    assert preamble.text.endswith("结合西城区实际，制定本措施。")
    assert all("附件1" not in c.text and "征求意见稿" not in c.text for c in bundled.clauses)


def test_bundled_lead_ins_and_items_hold_their_own_text(bundled) -> None:
    lead_in = bundled.clause("第二条")
    assert lead_in is not None
    assert lead_in.text.startswith("聚焦数据资源、数据技术") and lead_in.text.endswith(
        "加快建设“中国数据街”。"
    )
    item = bundled.clause("第二条（二）")
    assert item is not None
    assert item.text.startswith("支持高潜力数据企业发展。")
    assert "每家单位最高500万元奖励" in item.text
    assert bundled.clause("第十条") is None
    assert bundled.clause("第八条").text.endswith("每家单位所获奖励总额最高300万元。")


def test_conversion_debris_is_removed_from_source_and_clauses(bundled) -> None:
    raw = BUNDLED_POLICY.read_text(encoding="utf-8")
    assert "[bookmark: _GoBack]" in raw
    assert "bookmark" not in bundled.source_text
    assert all("bookmark" not in c.text for c in bundled.clauses)


def test_content_hash_follows_the_text() -> None:
    first = parse_document(source("第一条 范围\n适用于本区企业。"), "d").clauses[0]
    same = parse_document(source("序言在前。\n第一条 范围\n适用于本区企业。"), "d").clause("第一条")
    changed = parse_document(source("第一条 范围\n适用于本区机构。"), "d").clauses[0]
    assert same is not None and first.content_hash == same.content_hash
    assert first.content_hash != changed.content_hash


NESTED_POLICY = """\
某某区促进软件产业发展办法

为促进软件产业发展，制定本办法。
第一章 总则
第一条 本办法适用于在本区登记注册的软件企业。
第二条 目标
（一）规模目标。到2030年产业规模达到1.5亿元。
（二）主体目标。包括：
1. 培育龙头企业；
2. 培育专精特新企业，具体为：
（1）国家级；
（2）市级。
第二章 支持措施
第一节 资金支持
第三条 研发补贴
对研发投入给予补贴。
对首次认定的企业，
一次性给予奖励。
第四条 本办法自发布之日起施行
"""


def test_nested_layout_ids_headings_and_spans() -> None:
    doc = parse_document(source(NESTED_POLICY), "soft")
    ids = [c.clause_id for c in doc.clauses]
    assert ids == [
        "序言", "第一条", "第二条（一）", "第二条（二）", "第二条（二）1.", "第二条（二）2.",
        "第二条（二）2.（1）", "第二条（二）2.（2）", "第三条", "第四条",
    ]  # fmt: skip
    assert doc.title == "某某区促进软件产业发展办法"
    by_id = {c.clause_id: c for c in doc.clauses}
    assert by_id["第一条"].text == "本办法适用于在本区登记注册的软件企业。"
    assert by_id["第一条"].title == ""
    assert by_id["第二条（一）"].text == "规模目标。到2030年产业规模达到1.5亿元。"
    assert by_id["第二条（二）2.（1）"].headings == (
        "第一章 总则", "第二条 目标", "（二）主体目标。", "2.培育专精特新企业，具体为：",
    )  # fmt: skip
    assert by_id["第三条"].headings == ("第二章 支持措施", "第一节 资金支持", "第三条 研发补贴")
    assert by_id["第三条"].text == "对研发投入给予补贴。\n对首次认定的企业，\n一次性给予奖励。"
    # A short article body without a full stop reads like a title; it is still the article's text.
    assert by_id["第四条"].text == "本办法自发布之日起施行"
    for clause in doc.clauses:
        assert doc.source_text[clause.start : clause.end] == clause.text


MARKDOWN_POLICY = """\
# 某某区数据条例（试行）

> 为规范数据管理，制定本条例。

## 第一条 适用范围

本条例适用于本区。

## **第二条** 支持措施

(一) 对数据企业给予最高100万元奖励。
(二) 对数据平台给予最高200万元奖励。

---
"""


def test_markdown_layout_with_half_width_brackets() -> None:
    doc = parse_document(source(MARKDOWN_POLICY, "rules.md"), "md")
    assert [c.clause_id for c in doc.clauses] == ["序言", "第一条", "第二条（一）", "第二条（二）"]
    assert doc.title == "某某区数据条例（试行）"
    assert doc.clause("第二条（一）").title == "支持措施"
    assert doc.clause("第二条（二）").text == "对数据平台给予最高200万元奖励。"
    assert doc.clause("序言").text == "> 为规范数据管理，制定本条例。"


def test_a_decimal_amount_at_a_line_start_is_not_a_sub_item() -> None:
    doc = parse_document(source("第一条 奖励\n对企业给予奖励：\n1.5亿元以上的项目另议。"), "d")
    assert [c.clause_id for c in doc.clauses] == ["第一条"]


def test_text_without_articles_is_refused() -> None:
    with pytest.raises(PolicyStructureError, match=r"notice\.txt.*第X条"):
        parse_document(source("关于开展评选的通知\n一、评选范围\n（一）本区企业。", "notice.txt"), "d")


def test_chapters_without_articles_are_refused() -> None:
    with pytest.raises(PolicyStructureError):
        parse_document(source("第一章 总则\n本办法适用于本区。"), "d")


def test_a_clause_id_written_twice_is_refused() -> None:
    with pytest.raises(PolicyFileError, match="条款编号重复：第一条（一）"):
        parse_document(source("第一条 措施\n（一）甲。\n（一）乙。"), "d")


# --- property: any policy rendered in the common style parses back into what was written ---

NUMERALS = "一二三四五六七八九十"
sentence = st.text(alphabet="数据企业支持给予奖励平台项目标准单位按照最高万元", min_size=2, max_size=30).map(
    lambda s: s + "。"
)
article_shape = st.tuples(
    st.sampled_from(["", "支持措施", "附则"]),  # title
    st.one_of(st.none(), sentence),  # lead-in
    st.lists(sentence, max_size=4),  # items
)


@settings(max_examples=60, deadline=None)
@given(
    preamble=st.one_of(st.none(), sentence),
    articles=st.lists(article_shape, min_size=1, max_size=6),
    crlf=st.booleans(),
)
def test_rendered_policies_parse_back(preamble, articles, crlf) -> None:
    lines = ["测试政策（试行）"]
    expected: list[tuple[str, str]] = []
    if preamble:
        lines.append(preamble)
        expected.append(("序言", preamble))
    for number, (title, lead_in, items) in enumerate(articles, start=1):
        article = f"第{NUMERALS[number - 1]}条"
        if not lead_in and not items:
            lead_in = "本条无具体措施。"
        lines.append(f"{article} {title}".rstrip() if title or not lead_in else article)
        if lead_in:
            lines.append(lead_in)
            expected.append((article, lead_in))
        for index, item in enumerate(items, start=1):
            marker = f"（{NUMERALS[index - 1]}）"
            lines.append(marker + item)
            expected.append((article + marker, item))
    text = ("\r\n" if crlf else "\n").join(lines)

    doc = parse_document(source(text), "prop")

    assert [(c.clause_id, c.text) for c in doc.clauses] == expected
    for clause in doc.clauses:
        assert doc.source_text[clause.start : clause.end] == clause.text


# --- layouts real offices produce ---


def ids_and_texts(text: str) -> list[tuple[str, str]]:
    return [(c.clause_id, c.text) for c in parse_document(source(text), "d").clauses]


def test_prose_that_starts_with_a_chapter_or_section_reference_is_text() -> None:
    text = "第一条 申报\n申报条件如下。\n第二章规定的申报条件，由区数据局另行公布。\n第一节所列情形除外。\n第二条 附则\n本办法自发布之日起施行。"
    doc = parse_document(source(text), "d")
    assert (
        doc.clause("第一条").text
        == "申报条件如下。\n第二章规定的申报条件，由区数据局另行公布。\n第一节所列情形除外。"
    )
    assert doc.clause("第二条").headings == ("第二条 附则",)


def test_a_preamble_without_a_full_stop_is_not_part_of_the_title() -> None:
    doc = parse_document(
        source(
            "西城区数据产业若干措施\n为加快建设数据要素市场，结合本区实际，制定本措施\n第一条 范围\n适用于本区。"
        ),
        "d",
    )
    assert doc.title == "西城区数据产业若干措施"
    assert doc.clause("序言").text == "为加快建设数据要素市场，结合本区实际，制定本措施"


def test_a_lead_in_on_the_article_line_is_not_a_title() -> None:
    doc = parse_document(
        source("第一条　对符合条件的企业，按以下标准给予支持：\n（一）甲，给予奖励。\n（二）乙，给予奖励。"),
        "d",
    )
    assert [c.clause_id for c in doc.clauses] == ["第一条", "第一条（一）", "第一条（二）"]
    assert doc.clause("第一条").text == "对符合条件的企业，按以下标准给予支持："
    assert doc.clause("第一条").title == ""


def test_attachments_issuer_and_date_belong_to_no_article() -> None:
    text = (
        "第一条 范围\n本措施适用于本区。\n第二条 附则\n本措施自2025年3月1日起施行。\n"
        "附件：1.项目申报表\n      2.承诺书\n西城区数据局\n2025年3月1日\n（此件公开发布）"
    )
    assert ids_and_texts(text) == [
        ("第一条", "本措施适用于本区。"),
        ("第二条", "本措施自2025年3月1日起施行。"),
    ]
    signed = "第一条 范围\n本措施适用于本区。\n北京市西城区数据局\n二〇二五年三月一日"
    assert ids_and_texts(signed) == [("第一条", "本措施适用于本区。")]


def test_a_date_line_inside_the_articles_cuts_nothing() -> None:
    text = "第一条 时间\n申报截止日期为：\n2025年3月1日\n第二条 附则\n本措施自发布之日起施行。"
    assert [clause_id for clause_id, _ in ids_and_texts(text)] == ["第一条", "第二条"]


def test_a_closing_paragraph_after_the_items_belongs_to_the_article() -> None:
    text = (
        "第一条 奖励\n符合下列条件之一的企业：\n（一）上年度营收超过1000万元。\n（二）拥有数据资产。\n"
        "符合上述条件的，给予最高100万元奖励。\n第二条 附则\n本办法自发布之日起施行。"
    )
    assert ids_and_texts(text) == [
        ("第一条", "符合下列条件之一的企业："),
        ("第一条（一）", "上年度营收超过1000万元。"),
        ("第一条（二）", "拥有数据资产。"),
        ("第一条（续）", "符合上述条件的，给予最高100万元奖励。"),
        ("第二条", "本办法自发布之日起施行。"),
    ]
    without_lead_in = "第一条 奖励\n（一）甲类，给予奖励。\n（二）乙类，给予奖励。\n以上奖励不重复享受。"
    assert ids_and_texts(without_lead_in)[-1] == ("第一条", "以上奖励不重复享受。")


def test_a_wrapped_item_and_a_paragraph_between_items_stay_with_their_item() -> None:
    text = "第一条 奖励\n（一）对新认定的国家级专精特新企业，\n给予最高50万元奖励。\n另有说明。\n（二）其他。"
    assert ids_and_texts(text) == [
        ("第一条（一）", "对新认定的国家级专精特新企业，\n给予最高50万元奖励。\n另有说明。"),
        ("第一条（二）", "其他。"),
    ]


def test_headings_on_lines_of_their_own() -> None:
    doc = parse_document(source("第一章\n总　　则\n第一条\n适用范围\n本措施适用于本区。"), "d")
    (clause,) = doc.clauses
    assert (clause.clause_id, clause.title, clause.text) == ("第一条", "适用范围", "本措施适用于本区。")
    assert clause.headings == ("第一章 总　　则", "第一条 适用范围")


def test_cross_references_at_a_line_start_are_not_items() -> None:
    text = "第一条 补贴\n（一）研发补贴。\n（二）人才补贴。\n（一）至（二）项所列补贴不得叠加。\n（一）、（二）两项由区数据局审核。"
    assert ids_and_texts(text) == [
        ("第一条（一）", "研发补贴。"),
        ("第一条（二）", "人才补贴。"),
        ("第一条", "（一）至（二）项所列补贴不得叠加。\n（一）、（二）两项由区数据局审核。"),
    ]
    assert ids_and_texts("第一条 项目\n（一）项目申报。\n（二）款项拨付。")[1] == (
        "第一条（二）",
        "款项拨付。",
    )


def test_title_lines_skip_document_numbers_adoption_notes_and_contents() -> None:
    text = "附件2\n西政发〔2025〕3号\n西城区数据管理办法\n（2025年3月1日区政府常务会议通过）\n目　　录\n第一条 范围\n适用于本区。"
    assert parse_document(source(text), "d").title == "西城区数据管理办法"


def test_spaced_and_arabic_article_markers() -> None:
    assert [c for c, _ in ids_and_texts("第 一 条 范围\n适用于本区。\n第 二 条 附则\n施行。")] == [
        "第一条",
        "第二条",
    ]
    assert [c for c, _ in ids_and_texts("第1条 范围\n适用于本区。\n第2条 附则\n施行。")] == ["第1条", "第2条"]


def test_markdown_list_items_and_escaped_numbers() -> None:
    text = (
        "第一条 措施\n- （一）研发补贴；\n- （二）人才补贴。\n第二条 标准\n1\\. 国家级项目；\n2\\. 市级项目。"
    )
    assert [c for c, _ in ids_and_texts(text)] == ["第一条（一）", "第一条（二）", "第二条1.", "第二条2."]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("近日，区里出台新政。\n第五条 中关于算力券的规定引起关注。", "第一个条款是第五条"),
        ("第一条 范围\n适用。\n第三条 附则\n施行。", "第一条之后是第三条"),
        ("第一条 范围\n适用。\n第二条 附则\n施行。\n第二条 附则\n施行。", "第二条之后是第二条"),
    ],
)
def test_articles_must_run_from_the_first_without_gaps(text: str, reason: str) -> None:
    with pytest.raises(PolicyStructureError, match=reason):
        parse_document(source(text), "d")


def test_a_chapter_run_together_with_its_title() -> None:
    doc = parse_document(
        source("第一章总则\n第一条 范围\n适用于本区。\n第二章附则\n第二条 施行\n自发布之日起施行。"), "d"
    )
    assert [c.headings for c in doc.clauses] == [
        ("第一章 总则", "第一条 范围"),
        ("第二章 附则", "第二条 施行"),
    ]


def test_a_cover_notice_before_the_policy_is_neither_title_nor_preamble() -> None:
    text = (
        "北京市西城区人民政府办公室关于印发《西城区数据产业若干措施》的通知\n西政办发〔2025〕3号\n"
        "各街道办事处，区政府各委、办、局：\n现将《西城区数据产业若干措施》印发给你们，请认真贯彻落实。\n"
        "北京市西城区人民政府办公室\n2025年3月1日\n（此件公开发布）\n"
        "西城区数据产业若干措施\n为促进数据产业发展，制定本措施。\n第一条 范围\n本措施适用于本区企业。"
    )
    doc = parse_document(source(text), "d")
    assert doc.title == "西城区数据产业若干措施"
    assert [(c.clause_id, c.text) for c in doc.clauses] == [
        ("序言", "为促进数据产业发展，制定本措施。"),
        ("第一条", "本措施适用于本区企业。"),
    ]
