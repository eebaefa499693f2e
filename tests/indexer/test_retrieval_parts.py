"""The pure parts of retrieval: tokens, synonyms, sentences, fusion and the metrics of the evaluation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.metrics import mean_reciprocal_rank, rank_of, recall_at
from indexer.fusion import min_max, ranking, reciprocal_rank_fusion, weighted_fusion
from indexer.sentences import split_sentences
from indexer.tokenizing import PolicyTokenizer, RetrievalVocabularyError, load_vocabulary
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


def test_ranking_is_stable_for_ties() -> None:
    assert ranking({"x": 1.0, "y": 1.0, "z": 2.0}) == ["z", "x", "y"]


def test_metrics() -> None:
    ranks = [rank_of("a", ["a", "b"]), rank_of("a", ["b", "c", "a"]), rank_of("a", ["b"])]
    assert ranks == [1, 3, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 3) and recall_at(ranks, 3) == pytest.approx(2 / 3)
    assert mean_reciprocal_rank(ranks) == pytest.approx((1 + 1 / 3) / 3)
