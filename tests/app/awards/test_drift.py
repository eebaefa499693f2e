"""The rules cannot drift from the policy: every figure stands in its clause, every figure is used."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.awards.drift import ClauseKey, check_rules
from app.awards.engine import AwardCalculator
from app.awards.rules import RuleBook, RulesFileError, load_rulebook
from tests.app.awards.conftest import CORPUS, PROMPTS, corpus_copy


@pytest.fixture(scope="module")
def book() -> RuleBook:
    return load_rulebook(CORPUS)


def with_rule(book: RuleBook, rule_id: str, **changes: object) -> RuleBook:
    rules = tuple(rule.model_copy(update=changes) if rule.id == rule_id else rule for rule in book.rules)
    return book.model_copy(update={"rules": rules})


def test_the_bundled_rules_agree_with_the_policy(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    assert check_rules(book, clause_texts) == []


def test_a_cap_the_clause_does_not_state_fails(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    problems = check_rules(with_rule(book, "key-units", cap="6000万元"), clause_texts)
    assert any("key-units" in p and "6000万元" in p for p in problems)


def test_a_rate_or_year_count_the_clause_does_not_state_fails(
    book: RuleBook, clause_texts: dict[ClauseKey, str]
) -> None:
    assert check_rules(with_rule(book, "events", rate="35%"), clause_texts)
    assert check_rules(with_rule(book, "innovation-platforms", years="5年"), clause_texts)


def test_a_ceiling_rate_must_say_so_in_the_text(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    assert check_rules(with_rule(book, "infrastructure-pilots", rate_is_ceiling=False), clause_texts)
    assert check_rules(with_rule(book, "events", rate_is_ceiling=True), clause_texts)


def test_swapped_table_amounts_fail(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    rule = book.get("public-data-operation")
    assert rule is not None
    level = rule.input("level")
    first, second, *rest = level.choices
    swapped = level.model_copy(
        update={
            "choices": (
                first.model_copy(update={"amount": second.amount}),
                second.model_copy(update={"amount": first.amount}),
                *rest,
            )
        }
    )
    problems = check_rules(with_rule(book, rule.id, inputs=(swapped,)), clause_texts)
    assert any("顺序" in p for p in problems)


def test_a_quote_that_is_not_the_clause_fails(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    problems = check_rules(
        with_rule(book, "cross-border", quote="对开展数据跨境流动业务的单位，给予最高50万元奖励"),
        clause_texts,
    )
    assert any("cross-border" in p and "quote" in p for p in problems)


def test_a_policy_figure_no_rule_uses_fails(book: RuleBook, clause_texts: dict[ClauseKey, str]) -> None:
    without = book.model_copy(
        update={"rules": tuple(r for r in book.rules if r.id != "data-insurance-trust")}
    )
    problems = check_rules(without, clause_texts)
    assert problems == ["第九条（六） 中的“20万元”没有被任何规则使用，也没有列入 unused_figures"]


def test_editing_a_figure_in_the_yaml_alone_refuses_the_rules(
    tmp_path: Path, clause_texts: dict[ClauseKey, str]
) -> None:
    corpus = corpus_copy(tmp_path)
    path = corpus / "award-rules.yaml"
    text = path.read_text("utf-8")
    assert text.count("cap: 1500万元") == 1
    path.write_text(text.replace("cap: 1500万元", "cap: 2000万元"), "utf-8")
    with pytest.raises(RulesFileError, match="2000万元"):
        AwardCalculator.load(corpus, PROMPTS, clause_texts)


def test_every_promising_clause_of_the_policy_has_a_rule(
    book: RuleBook, clause_texts: dict[ClauseKey, str]
) -> None:
    promising = {
        clause_id for (_, clause_id), text in clause_texts.items() if "给予" in text or "奖励" in text
    }
    covered = {rule.clause_id for rule in book.rules}
    # 第十条（二） (从高从优不重复) is no measure: it is the principle `combine_plan` applies.
    assert promising - covered == {"第十条（二）"}


@pytest.mark.parametrize(
    "changes",
    [
        {"items_by": "rank"},  # not a choice input
        {"items_by": "nowhere"},  # not an input at all
        {"per_unit_cap": None},  # items without a per-unit total to add up to
    ],
)
def test_items_by_must_name_a_choice_of_a_rule_with_a_per_unit_total(
    book: RuleBook, changes: dict[str, object]
) -> None:
    rule = book.get("standards")
    assert rule is not None and rule.items_by == "level"
    with pytest.raises(ValueError, match=r"items_by|不存在"):
        type(rule).model_validate({**rule.model_dump(), **changes})


def test_an_applicant_quote_that_is_not_the_clause_fails(
    book: RuleBook, clause_texts: dict[ClauseKey, str]
) -> None:
    assert book.applicant is not None
    changed = book.applicant.model_copy(update={"quote": "在西城区依法经营的企业、机构或个人"})
    problems = check_rules(book.model_copy(update={"applicant": changed}), clause_texts)
    assert any("applicant" in p and "quote" in p for p in problems)


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "cap", "cap": "50万元"},  # who may apply promises no sum
        {"conditions": ()},  # nothing to be unmet
    ],
)
def test_the_applicant_block_is_yes_or_no_conditions_only(book: RuleBook, changes: dict[str, object]) -> None:
    assert book.applicant is not None
    applicant = book.applicant.model_copy(update=changes)
    with pytest.raises(ValueError, match="applicant"):
        RuleBook.model_validate({**book.model_dump(), "applicant": applicant.model_dump()})


def test_a_word_list_stands_for_one_phrase_per_word(book: RuleBook) -> None:
    """ "注册在<其他地方>" is one phrase per place of the list, read from the rules file once."""
    applicant = book.applicant
    assert applicant is not None
    no_words = applicant.input("in_xicheng").no_words
    assert {"公司注册在丰台", "我们注册在杭州", "我们是上海的"} <= set(no_words)
    assert not any("<" in word for word in no_words)


def test_a_choice_s_words_from_a_list_are_kept_apart_as_names(book: RuleBook) -> None:
    """ "市<市里的部门>" says the city's level (市网信办); the names are not what the events measure is about."""
    events = book.get("events")
    assert events is not None
    city = next(c for c in events.input("organiser").choices if c.value == "市级")
    assert {"市网信办", "市大数据中心"} <= set(city.words) and "市网信办" in city.listed_words
    assert "北京市" in city.words and "北京市" not in city.listed_words


def test_a_phrase_naming_a_list_the_file_lacks_is_refused(book: RuleBook) -> None:
    data = book.model_dump()
    data["word_lists"] = {"其他地方": ["丰台"]}
    data["applicant"]["inputs"][0]["no_words"] = ["注册在<别处>"]  # a list the file does not name
    with pytest.raises(ValueError, match="别处"):
        RuleBook.model_validate(data)
