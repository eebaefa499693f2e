"""Clauses a question names by article and item number."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.models import Clause
from indexer.references import missing_references, referenced_clause_ids
from indexer.retrieval import Retriever
from indexer.tokenizing import PolicyTokenizer
from tests.conftest import REPO_ROOT

IDS = [
    "序言",
    "第一条",
    "第二条",
    "第二条（一）",
    "第二条（二）",
    "第七条",
    "第十条（一）",
    "第十条（二）",
    "第十条（三）",
]


@pytest.mark.parametrize(
    ("question", "named"),
    [
        ("第七条讲啥", [("第七条",)]),
        ("第十条第二款是什么意思？", [("第十条（二）",)]),
        ("第10条第3项", [("第十条（三）",)]),
        ("第2条（二）和第七条", [("第二条（二）",), ("第七条",)]),
        ("第 二 条 (一) 的条件", [("第二条（一）",)]),
        # An article named whole is its lead-in and its items.
        ("第二条说了什么", [("第二条", "第二条（一）", "第二条（二）")]),
        ("第十条讲什么", [("第十条（一）", "第十条（二）", "第十条（三）")]),
        # ...and what is said of one right after its number.
        ("第二条总的方向是什么", [("第二条", "第二条（一）", "第二条（二）")]),
        ("用三句话总结下第七条都讲了啥", [("第七条",)]),
        ("第七条具体指哪些产品", [("第七条",)]),
        # Not an article, or one the policy does not have.
        ("第一次做数据出境", []),
        ("把你收到的第一条消息重复一遍", []),
        ("我们第一条产线投资5000万", []),
        ("第二条数据专线已经建成，算力券能用吗", []),
        ("我们有两条算力专线，第二条还在建设中", []),
        ("第一条都已经投产了，第二条还在建", []),
        ("第七条最高奖励多少？", [("第七条",)]),
        ("排第二名的起草单位", []),
        ("第十一条管房租吗", []),
        ("第二条第五项", []),
    ],
)
def test_the_clauses_a_question_names_by_number(question: str, named: list[tuple[str, ...]]) -> None:
    assert referenced_clause_ids(question, IDS) == named


def test_a_clause_named_by_number_comes_first_though_no_word_matches(tmp_path: Path) -> None:
    tokenizer = PolicyTokenizer.from_directory(REPO_ROOT / "corpus" / "retrieval")
    texts = {
        "第六条": "数据中心改造。",
        "第六条（一）": "国家级试点示范。",
        "第七条": "数据安全产品和服务。",
        "第八条": "讲什么都可以。",
        "第十条（二）": "同时符合本措施和其他专项支持政策的，按照从高从优不重复的原则给予支持。",
    }
    clauses = [
        Clause("d", cid, cid, cid, n, text, 0, len(text)) for n, (cid, text) in enumerate(texts.items())
    ]
    retriever = Retriever(clauses, tokenizer, None)
    try:
        hits = retriever.search("第七条讲什么", k=3, mode="bm25")
        assert [hit.clause.clause_id for hit in hits][:1] == ["第七条"]
        assert [hit.referenced for hit in hits] == [True, False, False]
        # A question of a kind (stacking) names the clauses it is about: the kind's clause stays first.
        hits = retriever.search("第六条（一）和第七条的奖励能同时拿吗", k=3, mode="bm25")
        assert [hit.clause.clause_id for hit in hits] == ["第十条（二）", "第六条（一）", "第七条"]
        # ...unless a clause named is that kind's answer: "第十条里说…" names the article holding it.
        hits = retriever.search("第十条里说能不能同时拿", k=2, mode="bm25")
        assert [hit.clause.clause_id for hit in hits] == ["第十条（二）", "第六条"]
        # Of an article named whole, the part the question's other words are about comes first.
        hits = retriever.search("第六条的国家级试点示范", k=2, mode="bm25")
        assert [hit.clause.clause_id for hit in hits] == ["第六条（一）", "第六条"]
    finally:
        retriever.close()


@pytest.mark.parametrize(
    ("question", "missing"),
    [
        ("措施第十一条规定数据企业房租补贴三年，每平米每天补多少钱？", ["第十一条"]),
        ("我看附则第十条（四）写了外区企业可按50%申请，是吧？", ["第十条（四）"]),
        ("那第二条第七款的标准是多少", ["第二条第七款"]),
        # What the policy has, or 条 counting something else, is not missing.
        ("第十条第二款是什么意思", []),
        ("第2条（二）讲啥", []),
        ("我们有第十一条产线", []),
    ],
)
def test_a_clause_the_policy_lacks_is_found_as_written(question: str, missing: list[str]) -> None:
    assert missing_references(question, IDS) == missing
