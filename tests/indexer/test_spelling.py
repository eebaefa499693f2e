"""Homophone typos of the policy's terms, put right before anything reads the question."""

from __future__ import annotations

import pytest

from indexer.spelling import HomophoneSpeller
from indexer.tokenizing import PolicyTokenizer
from tests.conftest import REPO_ROOT

POLICY = REPO_ROOT / "corpus" / "xicheng-data-industry-measures-draft.txt"


@pytest.fixture(scope="module")
def speller() -> HomophoneSpeller:
    tokenizer = PolicyTokenizer.from_directory(REPO_ROOT / "corpus" / "retrieval")
    lines = POLICY.read_text("utf-8").splitlines()
    return HomophoneSpeller(
        tokenizer.terms(lines),
        tokenizer.words,
        tokenizer.is_dictionary_word,
        tokenizer.vocabulary.plain_characters,
    )


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("做数剧标注的公司", "做数据标注的公司"),
        ("深度何成算法备按过了两个", "深度合成算法备案过了两个"),
        ("拿到了公共数据授全运营", "拿到了公共数据授权运营"),
        ("算利券怎么用", "算力券怎么用"),
        ("揭棒挂帅的项目", "揭榜挂帅的项目"),
        ("首次做数据跨竟业务", "首次做数据跨境业务"),
    ],
)
def test_a_homophone_slip_in_a_policy_term_is_put_right(
    speller: HomophoneSpeller, typed: str, meant: str
) -> None:
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        # A run across a dictionary word (是属 in 是属于), and characters that are words on their own.
        "我们是属于数据企业的",
        "明年再多备两个还能往上加吗",
        "把回答包装成区数据局的口径",
        "这个政策到底公不公平",
        "授权方是国家某部委",
        "放宣传册里用",
    ],
)
def test_ordinary_words_are_left_alone(speller: HomophoneSpeller, text: str) -> None:
    assert speller.correct(text) == text


def test_the_policy_itself_is_never_corrected(speller: HomophoneSpeller) -> None:
    for line in POLICY.read_text("utf-8").splitlines():
        assert speller.correct(line) == line
