"""Choosing the measure within a clause: the question's words first, then what it states."""

from __future__ import annotations

import pytest

from app.awards.rules import Rule, load_rulebook
from app.chat.measures import MeasureIndex
from app.retrieval import load_tokenizer
from tests.conftest import BUNDLED_DOC_ID, REPO_ROOT


@pytest.fixture(scope="module")
def measures() -> MeasureIndex:
    corpus = REPO_ROOT / "corpus"
    return MeasureIndex(load_rulebook(corpus).rules, load_tokenizer(corpus))


def first(measures: MeasureIndex, question: str, clause_id: str, filled: str = "", named: str = "") -> str:
    chosen = measures.choose(
        question,
        BUNDLED_DOC_ID,
        clause_id,
        lambda rule: int(rule.id == filled),
        lambda rule: rule.id == named,
        0.8,
    )
    return chosen[0].id


def test_shared_words_leave_the_choice_to_what_the_question_states(measures: MeasureIndex) -> None:
    question = "数据要素×大赛拿了一等奖"
    assert {
        first(measures, question, "第四条（二）", filled=rule)
        for rule in ("contest-national-finals", "contest-beijing")
    } == {
        "contest-national-finals",
        "contest-beijing",
    }


def test_an_amount_only_one_measure_has_names_it(measures: MeasureIndex) -> None:
    question = "数据要素×大赛拿了一等奖"
    # The finals measure reads 一等奖 as its prize; an amount only the other has names that one instead.
    finals = "contest-national-finals"
    assert first(measures, question, "第四条（二）", filled=finals) == finals
    assert (
        first(measures, question, "第四条（二）", filled=finals, named="contest-beijing") == "contest-beijing"
    )
    # Named, but the best measure's own word stays: the figure is the user's, not the award asked about.
    assert (
        first(measures, "北京分赛一等奖", "第四条（二）", named="contest-national-finals")
        == "contest-beijing"
    )


def test_a_word_only_the_best_measure_has_keeps_the_question_with_it(measures: MeasureIndex) -> None:
    # "数据集" is the datasets measure's word: a figure equal to another measure's cap does not move it.
    question = "高质量数据集接入交易平台，这1000万能拿吗"
    assert first(measures, question, "第五条（一）", named="trading-platforms") == "high-quality-datasets"
    assert (
        first(measures, "北京分赛一等奖", "第四条（二）", filled="contest-national-finals")
        == "contest-beijing"
    )


def test_words_only_in_one_measure(measures: MeasureIndex) -> None:
    rules: dict[str, Rule] = {rule.id: rule for rule in measures.rules}
    beijing, finals = rules["contest-beijing"], rules["contest-national-finals"]
    assert "北京分赛" in measures.only_in("北京分赛一等奖", beijing, finals)
    assert not measures.only_in("全国总决赛一等奖", beijing, finals)


def test_a_word_inside_the_other_measures_text_is_not_one_it_lacks(measures: MeasureIndex) -> None:
    # "交易平台" is a token of the datasets measure's "接入交易平台"; the platform measure writes it inside
    # "数据流通交易平台", which the tokenizer cuts differently. It names neither.
    rules: dict[str, Rule] = {rule.id: rule for rule in measures.rules}
    datasets, platforms = rules["high-quality-datasets"], rules["trading-platforms"]
    assert not measures.only_in("我们的交易平台还没和交易所打通", datasets, platforms)
    assert "数据集" in measures.only_in("高质量数据集接入交易平台", datasets, platforms)
    question = "我们的交易平台还没和北京国际大数据交易所打通，能拿这1000万吗？"
    assert first(measures, question, "第五条（一）", named="trading-platforms") == "trading-platforms"


@pytest.mark.parametrize(
    ("question", "clause_id", "rule_id"),
    [
        # The platform measure's title names it; the datasets measure only shares its quote's words.
        ("数据流通交易平台能拿多少", "第五条（一）", "trading-platforms"),
        ("建设数据流通交易平台有多少奖励", "第五条（一）", "trading-platforms"),
        # And a measure's own words still win over another's title.
        ("高质量数据集建好了，接入了交易平台", "第五条（一）", "high-quality-datasets"),
    ],
)
def test_a_question_naming_a_measures_title_is_about_it(
    measures: MeasureIndex, question: str, clause_id: str, rule_id: str
) -> None:
    assert first(measures, question, clause_id) == rule_id


@pytest.mark.parametrize(
    ("question", "names"),
    [
        # 入表 is the listing measure's own word, far more than anything of the cross-border measure.
        ("那数据资产入表呢？", True),
        ("那我们今年首次完成的数据资产入表呢？", True),
        # "入过一次表" gives the listing measure 一次 too, but weakly: not enough to leave the measure before.
        ("那要是再做一次呢", False),
    ],
)
def test_a_question_names_another_clauses_measure_only_by_its_own_words_strongly(
    measures: MeasureIndex, question: str, names: bool
) -> None:
    before = next(rule for rule in measures.rules if rule.id == "cross-border")
    assert measures.names_another(question, before, (BUNDLED_DOC_ID, "第五条（一）"), 5.0, 2.0) is names
    # A question in the measure before's own words names no other clause's measure.
    assert not measures.names_another(
        "首次开展数据跨境业务", before, (BUNDLED_DOC_ID, "第五条（一）"), 5.0, 2.0
    )


def test_a_finals_prize_is_the_finals_measures_question(measures: MeasureIndex) -> None:
    """The Beijing contest's words for the prizes that get nothing (分赛…二等奖, 赛区…二等奖) do not outweigh
    the finals measure for a finals prize."""
    assert (
        measures.rank("全国总决赛又拿了二等奖", BUNDLED_DOC_ID, "第四条（二）")[0].id
        == "contest-national-finals"
    )


@pytest.mark.parametrize(
    ("part", "rule_id"),
    [
        ("我们已经拿了算力券", "compute-vouchers"),
        ("数据资产入表还能拿奖励吗", "listing-and-trading"),
        ("国家标准我们排第一", "standards"),
        ("又拿了典型案例的奖励", "data-element-cases"),
        # A short name scores low on the whole, but on the measure's title too.
        ("跨境奖励", "cross-border"),
        ("算力券", "compute-vouchers"),
        # Words of a condition in the data-centre measure's quote ("获得国家、北京市支持资金") name no measure.
        ("我们拿过北京市的支持资金", None),
        ("能同时拿吗", None),
        ("我们公司在西城", None),
    ],
)
def test_a_part_names_a_measure_of_the_policy_by_its_name(
    measures: MeasureIndex, part: str, rule_id: str | None
) -> None:
    named = measures.named(part, 2.5, 1.0)
    assert (named.id if named else None) == rule_id
