"""The pure parts of retrieval: tokens, synonyms, sentences, fusion and the metrics of the evaluation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import cast

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.metrics import mean_reciprocal_rank, rank_of, recall_at
from indexer.dense import ClauseVectors, PassageMatrix, StoredPassage
from indexer.embedding import OnnxEmbedder
from indexer.fusion import min_max, ranking, reciprocal_rank_fusion, weighted_fusion
from indexer.models import Clause
from indexer.retrieval import RetrievalConfig, Retriever
from indexer.sentences import split_sentences
from indexer.tokenizing import PolicyTokenizer, RetrievalVocabularyError, load_vocabulary
from indexer.vectors import VectorStore
from tests.conftest import REPO_ROOT

VOCABULARY = REPO_ROOT / "corpus" / "retrieval"


@pytest.fixture(scope="module")
def tokenizer() -> PolicyTokenizer:
    return PolicyTokenizer.from_directory(VOCABULARY)


def test_policy_terms_stay_whole_even_with_characters_jieba_drops(tokenizer: PolicyTokenizer) -> None:
    tokens = tokenizer.tokens("对打造“数据要素×”典型应用案例的单位，发放算力券")
    assert "数据要素×" in tokens and "算力券" in tokens and "典型应用案例" in tokens


def test_stop_words_and_punctuation_are_dropped(tokenizer: PolicyTokenizer) -> None:
    tokens = tokenizer.tokens("请问，我们的公司可以申请吗？！")
    assert not {"请问", "我们", "的", "吗", "，", "？", "！"} & set(tokens)
    assert "公司" in tokens


def test_full_width_and_upper_case_fold_to_one_token(tokenizer: PolicyTokenizer) -> None:
    assert tokenizer.tokens("ＧＰＵ") == tokenizer.tokens("gpu")


def test_users_words_bring_the_policys_words(tokenizer: PolicyTokenizer) -> None:
    assert "部属" in tokenizer.expand("拿到了部委的数据授权").policy_terms
    assert "数据跨境" in tokenizer.expand("数据要出境到海外总部").policy_terms
    assert "算力券" in tokenizer.expand("算力卷怎么申请").policy_terms


def test_an_ascii_alias_matches_only_a_whole_word(tokenizer: PolicyTokenizer) -> None:
    assert "算力券" in tokenizer.expand("租了GPU").policy_terms
    assert "算力券" not in tokenizer.expand("gpus2024x").policy_terms


def test_question_kind_words_weigh_more_than_topic_words(tokenizer: PolicyTokenizer) -> None:
    terms = tokenizer.expand("区里的人才政策已经拿了补贴，这边还能再拿吗").policy_terms
    assert terms.count("从高从优不重复") > terms.count("西融计划") >= 1


def _vocabulary(directory: Path, synonyms: str) -> PolicyTokenizer:
    for name in ("user-dict.txt", "stopwords.txt"):
        (directory / name).write_text("", "utf-8")
    (directory / "synonyms.yaml").write_text(synonyms, "utf-8")
    return PolicyTokenizer.from_directory(directory)


def test_a_saying_inside_a_longer_one_is_part_of_it(tmp_path: Path) -> None:
    tokenizer = _vocabulary(
        tmp_path,
        "groups:\n"
        "  - policy: [数据基础设施]\n    said: [数据基建]\n"
        "  - policy: [不含土建]\n    said: [基建]\n",
    )
    assert tokenizer.expand("数据基建怎么支持").policy_terms == ("数据基础设施",)
    assert tokenizer.expand("数据基建和别的数据基建").policy_terms == ("数据基础设施",)
    assert tokenizer.expand("基建费用算不算").policy_terms == ("不含土建",)
    # Outside the longer phrase the short saying still counts.
    assert set(tokenizer.expand("数据基建里的基建费用").policy_terms) == {"数据基础设施", "不含土建"}


def test_kind_groups_mark_a_question_about_the_kind_of_answer(tmp_path: Path) -> None:
    tokenizer = _vocabulary(
        tmp_path,
        "groups:\n"
        "  - policy: [有效期]\n    kind: true\n    said: [管几年]\n"
        "  - policy: [算力券]\n    said: [算力卷]\n",
    )
    assert tokenizer.expand("算力卷这个政策管几年").asks_kind
    assert not tokenizer.expand("算力卷怎么领").asks_kind
    assert not tokenizer.expand("今天天气").asks_kind


class _FixedVectors:
    """Stands in for the Chroma store: every query embeds to the same vector (pure fusion test)."""

    name = "fixed"
    dimension = 2

    def __init__(self, matrix: PassageMatrix) -> None:
        self.embedder = self
        self._matrix = matrix

    def embed_query(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def snapshot(self) -> PassageMatrix:
        return self._matrix


def test_a_kind_question_leans_on_the_words_more_than_on_the_vectors(tmp_path: Path) -> None:
    tokenizer = _vocabulary(
        tmp_path, "groups:\n  - policy: [适用范围, 企业或机构]\n    kind: true\n    said: [不是公司]\n"
    )
    texts = {"甲": "适用范围：企业或机构。", "乙": "科学实验室。", "丙": "数据跨境。"}
    clauses = [
        Clause("d", cid, cid, cid, n, text, 0, len(text)) for n, (cid, text) in enumerate(texts.items())
    ]
    # Dense similarities 0, 1, -1: after min-max, 甲 scores 0.5 there.
    passages = [StoredPassage("d", cid, "clause", 0, 0, 1) for cid in texts]
    store = _FixedVectors(PassageMatrix.build(passages, [[0.0, 1.0], [1.0, 0.0], [-1.0, 0.0]]))
    config = RetrievalConfig(dense_weight=0.4, kind_dense_weight=0.1)
    retriever = Retriever(clauses, tokenizer, cast(VectorStore, store), config)
    try:
        for query, weight in (("不是公司能申请吗", 0.1), ("适用范围里的企业或机构", 0.4)):
            top = retriever.search(query, k=1)[0]
            assert top.clause.clause_id == "甲" and top.score == pytest.approx((1 - weight) + weight * 0.5)
    finally:
        retriever.close()


@pytest.mark.parametrize(
    ("modules", "pooling", "expected"),
    [
        (["Transformer", "Pooling"], {"pooling_mode_mean_tokens": True}, "mean"),
        (["Transformer", "Pooling", "Normalize"], {"pooling_mode_cls_token": True}, "cls"),
        (["Transformer", "Pooling", "Dense"], {"pooling_mode_mean_tokens": True}, None),
        (["Transformer", "Pooling"], {"pooling_mode_max_tokens": True}, None),
        (
            ["Transformer", "Pooling"],
            {"pooling_mode_mean_tokens": True, "pooling_mode_cls_token": True},
            None,
        ),
    ],
)
def test_onnx_runs_only_pipelines_it_reproduces_exactly(
    tmp_path: Path, modules: list[str], pooling: dict[str, bool], expected: str | None
) -> None:
    entries = [
        {
            "idx": i,
            "name": str(i),
            "path": f"{i}_{kind}" if i else "",
            "type": f"sentence_transformers.models.{kind}",
        }
        for i, kind in enumerate(modules)
    ]
    (tmp_path / "modules.json").write_text(json.dumps(entries), "utf-8")
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(pooling), "utf-8")
    assert OnnxEmbedder.pooling_of(tmp_path) == expected
    assert not OnnxEmbedder.can_load(tmp_path)  # and never without the exported model file


def test_a_one_character_alias_is_refused(tmp_path: Path) -> None:
    for name in ("user-dict.txt", "stopwords.txt"):
        (tmp_path / name).write_text("", "utf-8")
    (tmp_path / "synonyms.yaml").write_text("groups:\n  - policy: [奖励]\n    said: [钱]\n", "utf-8")
    with pytest.raises(RetrievalVocabularyError, match="太短"):
        load_vocabulary(tmp_path)


@given(st.text(alphabet="数据奖励。；！？\n ，”（）", max_size=60))
def test_sentences_are_verbatim_spans_that_cover_the_text(text: str) -> None:
    sentences = split_sentences(text)
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text and sentence.text.strip()
    covered = "".join(s.text for s in sentences)
    assert covered.replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


def test_a_closing_quote_stays_with_its_sentence() -> None:
    assert [s.text for s in split_sentences("给予“算力券。”奖励。其次")] == [
        "给予“算力券。”",
        "奖励。",
        "其次",
    ]


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "a", "c"]], k=60)
    assert ranking(fused)[-1] == "c" and fused["a"] == pytest.approx(fused["b"])
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"]], k=0)


def test_weighted_fusion_normalises_each_mode() -> None:
    fused = weighted_fusion([({"a": 10.0, "b": 0.0}, 0.6), ({"a": 0.2, "b": 0.9}, 0.4)])
    assert fused == pytest.approx({"a": 0.6, "b": 0.4})
    assert min_max({"a": 3.0, "b": 3.0}) == {"a": 0.0, "b": 0.0}


def test_passage_matrix_scores_every_passage_by_cosine() -> None:
    passages = [StoredPassage("d", f"c{i}", "clause", 0, 0, 1) for i in range(3)]
    # Rows need not arrive normalised: cosine is what counts.
    matrix = PassageMatrix.build(passages, [[2.0, 0.0], [0.0, 3.0], [1.0, 1.0]])
    assert matrix.similarities([1.0, 0.1]) == pytest.approx(
        [1 / 1.01**0.5, 0.1 / 1.01**0.5, 1.1 / (2 * 1.01) ** 0.5]
    )
    assert matrix.select(lambda p: p.clause_id != "c1").passages == (passages[0], passages[2])
    with pytest.raises(ValueError):
        matrix.similarities([1.0, 0.0, 0.0])
    with pytest.raises(ValueError):
        PassageMatrix(tuple(passages), np.zeros((2, 2), dtype=np.float32))


def test_a_clause_scores_its_best_passage_and_keeps_every_sentence() -> None:
    rows = [
        (StoredPassage("d", "乙", "sentence", 2, 5, 9), [0.0, 1.0]),
        (StoredPassage("d", "甲", "clause", 0, 0, 9), [1.0, 0.0]),
        (StoredPassage("x", "丙", "clause", 0, 0, 9), [1.0, 0.0]),  # a document not served
        (StoredPassage("d", "乙", "clause", 0, 0, 9), [-1.0, 0.0]),
        (StoredPassage("d", "乙", "sentence", 1, 0, 5), [0.6, 0.8]),
    ]
    matrix = PassageMatrix.build([p for p, _ in rows], [v for _, v in rows])
    vectors = ClauseVectors(matrix, [("d", "甲"), ("d", "乙")])
    scores = vectors.scores([0.0, 1.0])
    assert scores.clauses == pytest.approx({("d", "甲"): 0.0, ("d", "乙"): 1.0})
    assert scores.sentences == pytest.approx({(("d", "乙"), 1): 0.8, (("d", "乙"), 2): 1.0})
    assert (
        not ClauseVectors(matrix, [("z", "无")])
        and ClauseVectors(matrix, []).scores([1.0, 0.0]).clauses == {}
    )


def test_ranking_is_stable_for_ties() -> None:
    assert ranking({"x": 1.0, "y": 1.0, "z": 2.0}) == ["z", "x", "y"]


def test_metrics() -> None:
    ranks = [rank_of("a", ["a", "b"]), rank_of("a", ["b", "c", "a"]), rank_of("a", ["b"])]
    assert ranks == [1, 3, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 3) and recall_at(ranks, 3) == pytest.approx(2 / 3)
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 1 / 3) / 3)
