"""Every rule, table-driven: a typical case, each level, cap boundaries, ineligible cases; plus properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.awards.engine import AwardCalculator
from app.awards.rules import load_rulebook
from tests.app.awards.conftest import CORPUS

WAN = 10_000
YI = 100_000_000

# (rule_id, inputs, amount_yuan, eligible, capped) — amounts read off the policy text, not the rules file.
CASES: list[tuple[str, dict[str, Any], int, bool, bool]] = [
    ("key-units", {}, 5000 * WAN, True, True),
    ("high-potential-matching", {}, 500 * WAN, True, True),
    ("national-filings", {"filings": 1, "scenario_promotion": True}, 100 * WAN, True, True),
    ("national-filings", {"filings": 5, "scenario_promotion": True}, 500 * WAN, True, True),
    ("national-filings", {"filings": 6, "scenario_promotion": True}, 500 * WAN, True, True),
    ("national-filings", {"filings": 3, "scenario_promotion": False}, 0, False, False),
    ("chain-leader", {}, 600 * WAN, True, True),
    ("innovation-platforms", {"level": "国家", "lead_unit": True}, 600 * WAN, True, True),
    ("innovation-platforms", {"level": "国家", "years": 1, "lead_unit": True}, 200 * WAN, True, True),
    ("innovation-platforms", {"level": "北京市", "years": 2, "lead_unit": True}, 200 * WAN, True, True),
    ("innovation-platforms", {"level": "北京市", "lead_unit": True}, 300 * WAN, True, True),
    ("innovation-platforms", {"level": "其他", "lead_unit": True}, 0, False, False),
    # Years of the run had already: the years left, or none.
    (
        "innovation-platforms",
        {"level": "国家", "years_received": 2, "lead_unit": True},
        200 * WAN,
        True,
        True,
    ),
    ("innovation-platforms", {"level": "北京市", "years_received": 3, "lead_unit": True}, 0, False, False),
    ("innovation-platforms", {"level": "国家", "lead_unit": False}, 0, False, False),
    (
        "key-technology-projects",
        {"project_level": "国家", "results_adopted": True, "lead_unit": True},
        1000 * WAN,
        True,
        True,
    ),
    (
        "key-technology-projects",
        {"project_level": "北京市", "results_adopted": True, "lead_unit": True},
        1000 * WAN,
        True,
        True,
    ),
    (
        "key-technology-projects",
        {"project_level": "国家", "results_adopted": False, "lead_unit": True},
        0,
        False,
        False,
    ),
    (
        "key-technology-projects",
        {"project_level": "其他", "results_adopted": True, "lead_unit": True},
        0,
        False,
        False,
    ),
    (
        "key-technology-projects",
        {"project_level": "国家", "results_adopted": True, "lead_unit": False},
        0,
        False,
        False,
    ),
    ("public-data-operation", {"level": "部属"}, 200 * WAN, True, True),
    ("public-data-operation", {"level": "市属"}, 100 * WAN, True, True),
    ("public-data-operation", {"level": "其他"}, 0, False, False),
    ("demonstration-scenarios", {}, 500 * WAN, True, True),
    ("data-element-cases", {}, 50 * WAN, True, True),
    ("contest-national-finals", {"prize": "一等奖"}, 100 * WAN, True, True),
    ("contest-national-finals", {"prize": "二等奖"}, 50 * WAN, True, True),
    ("contest-national-finals", {"prize": "三等奖"}, 30 * WAN, True, True),
    ("contest-national-finals", {"prize": "其他"}, 0, False, False),
    ("contest-beijing", {"achievement": "北京分赛获得一等奖"}, 30 * WAN, True, True),
    ("contest-beijing", {"achievement": "获得全国总决赛参赛名额"}, 30 * WAN, True, True),
    ("contest-beijing", {"achievement": "其他"}, 0, False, False),
    ("data-products", {}, 200 * WAN, True, True),
    ("trading-platforms", {}, 1000 * WAN, True, True),
    ("listing-and-trading", {}, 200 * WAN, True, True),
    ("high-quality-datasets", {"connected_to_platform": True}, 200 * WAN, True, True),
    ("high-quality-datasets", {"connected_to_platform": False}, 0, False, False),
    ("cross-border", {"first_time": True}, 50 * WAN, True, True),
    ("cross-border", {"first_time": False}, 0, False, False),
    # Not more than 10% of the investment net of civil works (a ceiling, so always capped), at most 1000万元.
    (
        "infrastructure-pilots",
        {"investment_yuan": 3 * YI // 2, "civil_works_yuan": 5000 * WAN, "national_pilot": True},
        1000 * WAN,
        True,
        True,
    ),
    (
        "infrastructure-pilots",
        {"investment_yuan": 8000 * WAN, "national_pilot": True},
        800 * WAN,
        True,
        True,
    ),
    ("infrastructure-pilots", {"investment_yuan": 1 * YI, "national_pilot": True}, 1000 * WAN, True, True),
    (
        "infrastructure-pilots",
        {"investment_yuan": 1 * YI + 10, "national_pilot": True},
        1000 * WAN,
        True,
        True,
    ),
    (
        "infrastructure-pilots",
        {"investment_yuan": 1 * YI - 10, "national_pilot": True},
        1000 * WAN - 1,
        True,
        True,
    ),
    (
        "infrastructure-pilots",
        {"investment_yuan": 5000 * WAN, "civil_works_yuan": 5000 * WAN, "national_pilot": True},
        0,
        False,
        False,
    ),
    ("infrastructure-pilots", {"investment_yuan": 8000 * WAN, "national_pilot": False}, 0, False, False),
    ("data-centre-retrofit", {"funding": "国家"}, 1500 * WAN, True, True),
    ("data-centre-retrofit", {"funding": "北京市"}, 1500 * WAN, True, True),
    ("data-centre-retrofit", {"funding": "无"}, 0, False, False),
    ("compute-vouchers", {"unrelated_party": True, "model_training": True}, 200 * WAN, True, True),
    ("compute-vouchers", {"unrelated_party": False, "model_training": True}, 0, False, False),
    ("compute-vouchers", {"unrelated_party": True, "model_training": False}, 0, False, False),
    ("security-products", {}, 200 * WAN, True, True),
    ("standards", {"level": "国际标准", "rank": 1, "published": True}, 200 * WAN, True, True),
    ("standards", {"level": "国家标准", "rank": 2, "published": True}, 100 * WAN, True, True),
    ("standards", {"level": "北京市地方标准", "rank": 3, "published": True}, 50 * WAN, True, True),
    ("standards", {"level": "行业标准", "rank": 1, "published": True}, 30 * WAN, True, True),
    ("standards", {"level": "国家标准", "rank": 4, "published": True}, 0, False, False),
    ("standards", {"level": "国家标准", "rank": 1, "published": False}, 0, False, False),
    ("standards", {"level": "其他", "rank": 1, "published": True}, 0, False, False),
    # Several standards of one level: each gets the level's amount, up to 300万元 per unit.
    ("standards", {"level": "行业标准", "rank": 1, "count": 2, "published": True}, 60 * WAN, True, True),
    ("standards", {"level": "国际标准", "rank": 2, "count": 2, "published": True}, 300 * WAN, True, True),
    ("financing-interest", {}, 200 * WAN, True, True),
    # 30% of actual spending, at most 200万元.
    ("events", {"spending_yuan": 800 * WAN, "organiser": "国家级"}, 200 * WAN, True, True),
    ("events", {"spending_yuan": 500 * WAN, "organiser": "市级"}, 150 * WAN, True, False),
    ("events", {"spending_yuan": 20_000_000 // 3, "organiser": "市级"}, 1_999_999, True, False),
    ("events", {"spending_yuan": 20_000_000 // 3 + 1, "organiser": "市级"}, 200 * WAN, True, True),
    ("events", {"spending_yuan": 20_000_000 // 3 + 4, "organiser": "市级"}, 200 * WAN, True, True),
    ("events", {"spending_yuan": 800 * WAN, "organiser": "其他"}, 0, False, False),
    ("events", {"spending_yuan": 0, "organiser": "国家级"}, 0, False, False),
    ("parks-and-buildings", {"support": "西城区", "data_focus": True}, 600 * WAN, True, True),
    ("parks-and-buildings", {"support": "国家", "data_focus": False}, 0, False, False),
    ("parks-and-buildings", {"support": "无", "data_focus": True}, 0, False, False),
    ("parks-retrofit", {}, 0, True, False),
    ("third-party-services", {}, 50 * WAN, True, True),
    ("data-insurance-trust", {}, 20 * WAN, True, True),
    ("stewardship-services", {}, 0, True, False),
    ("data-ip-registration", {}, 0, True, False),
    ("forum-platforms", {}, 0, True, False),
    ("venture-funds", {}, 0, True, False),
    ("talent-services", {}, 0, True, False),
]


def test_every_rule_has_cases() -> None:
    assert {case[0] for case in CASES} == {rule.id for rule in load_rulebook(CORPUS).rules}


@pytest.mark.parametrize(("rule_id", "inputs", "amount", "eligible", "capped"), CASES)
def test_rule_cases(
    calculator: AwardCalculator,
    rule_id: str,
    inputs: dict[str, Any],
    amount: int,
    eligible: bool,
    capped: bool,
) -> None:
    result = calculator.calculate(rule_id, inputs)
    assert (result.amount_yuan, result.eligible, result.capped) == (amount, eligible, capped)
    rule = calculator.rule(rule_id)
    assert (result.clause_id, result.doc_id) == (rule.clause_id, rule.doc_id)
    assert calculator.book.notes["guide"] in result.notes
    if not eligible:
        assert result.amount_text == "0元" and result.steps[0].startswith("不符合条件：")
        assert result.notes[0]  # the reason comes first
    elif rule.kind != "no_figure":
        assert calculator.book.notes["cap"] in result.notes


def test_steps_show_the_working_in_policy_wording(calculator: AwardCalculator) -> None:
    pilot = calculator.calculate(
        "infrastructure-pilots",
        {"investment_yuan": 3 * YI // 2, "civil_works_yuan": 5000 * WAN, "national_pilot": True},
    )
    assert pilot.steps == ["不超过 (1.5亿元 − 5000万元) × 10% = 1000万元", "上限1000万元"]
    assert pilot.amount_text == "1000万元"
    events = calculator.calculate("events", {"spending_yuan": 800 * WAN, "organiser": "国家级"})
    assert events.steps == ["800万元 × 30% = 240万元", "上限200万元，按200万元计"]
    filings = calculator.calculate("national-filings", {"filings": 6, "scenario_promotion": True})
    assert filings.steps == ["每项最高100万元 × 6项 = 600万元", "每家单位最高500万元，按500万元计"]
    platform = calculator.calculate("innovation-platforms", {"level": "国家", "lead_unit": True})
    assert platform.steps == ["每年最高200万元 × 3年 = 600万元"]
    assert "未说明年数，按最长3年计算" in platform.notes
    retrofit = calculator.calculate("parks-retrofit", {})
    assert retrofit.amount_text == "本措施未规定金额"
    assert any("低效楼宇改造提升" in note for note in retrofit.notes)


def test_a_yearly_award_had_for_some_years_gives_the_years_left(calculator: AwardCalculator) -> None:
    left = calculator.calculate(
        "innovation-platforms", {"level": "国家", "years_received": 1, "lead_unit": True}
    )
    assert left.steps == ["每年最高200万元 × 2年 = 400万元"]
    assert "该项奖励最长连续3年，已获得1年，还可获得2年" in left.notes
    # Fewer years asked for than are left are what is asked for.
    asked = calculator.calculate(
        "innovation-platforms", {"level": "国家", "years": 1, "years_received": 1, "lead_unit": True}
    )
    assert asked.amount_yuan == 200 * WAN
    used = calculator.calculate(
        "innovation-platforms", {"level": "国家", "years_received": 4, "lead_unit": True}
    )
    assert not used.eligible and used.notes[0] == "该项奖励最长连续3年，已获得4年，不能再获得"


def test_ineligible_results_name_every_unmet_condition(calculator: AwardCalculator) -> None:
    result = calculator.calculate("standards", {"level": "其他", "rank": 5, "published": False})
    assert result.eligible is False and result.amount_yuan == 0
    assert len([n for n in result.notes if "前三名" in n or "公布" in n or "国际标准" in n]) == 3


money = st.integers(min_value=0, max_value=10 * YI)


@settings(max_examples=200, deadline=None)
@given(low=money, high=money, civil=money)
def test_pilot_support_is_bounded_and_monotonic(
    calculator: AwardCalculator, low: int, high: int, civil: int
) -> None:
    low, high = sorted((low, high))
    civil = min(civil, low)
    results = [
        calculator.calculate(
            "infrastructure-pilots",
            {"investment_yuan": total, "civil_works_yuan": civil, "national_pilot": True},
        ).amount_yuan
        for total in (low, high)
    ]
    assert all(0 <= amount <= 1000 * WAN for amount in results)
    assert results[0] <= results[1]
    assert results[0] <= (low - civil) // 10


@settings(max_examples=200, deadline=None)
@given(low=money, high=money, organiser=st.sampled_from(["国家级", "市级"]))
def test_event_award_is_bounded_and_monotonic(
    calculator: AwardCalculator, low: int, high: int, organiser: str
) -> None:
    low, high = sorted((low, high))
    amounts = [
        calculator.calculate("events", {"spending_yuan": s, "organiser": organiser}).amount_yuan
        for s in (low, high)
    ]
    assert all(0 <= a <= 200 * WAN for a in amounts)
    assert amounts[0] <= amounts[1]
    assert amounts[0] * 10 <= low * 3  # never more than 30%, never rounded up


@settings(max_examples=50, deadline=None)
@given(count=st.integers(min_value=1, max_value=1000))
def test_filing_award_is_bounded_and_monotonic(calculator: AwardCalculator, count: int) -> None:
    here = calculator.calculate(
        "national-filings", {"filings": count, "scenario_promotion": True}
    ).amount_yuan
    after = calculator.calculate(
        "national-filings", {"filings": count + 1, "scenario_promotion": True}
    ).amount_yuan
    assert 0 < here <= after <= 500 * WAN


def test_zero_base_is_named_by_what_the_rate_applies_to(calculator: AwardCalculator) -> None:
    events = calculator.calculate("events", {"spending_yuan": 0, "organiser": "国家级"})
    assert events.notes[0] == "活动实际发生投入为零，无法给予支持"
    pilot = calculator.calculate(
        "infrastructure-pilots", {"investment_yuan": 100, "civil_works_yuan": 100, "national_pilot": True}
    )
    assert pilot.notes[0] == "实际完成固定资产投资（不含土建）为零，无法给予支持"


def test_per_unit_caps_are_said_even_when_they_equal_the_cap(calculator: AwardCalculator) -> None:
    assert "每家单位所获本项奖励总额最高50万元" in calculator.calculate("third-party-services", {}).notes


def test_several_standards_of_one_level_show_the_multiplication_and_the_per_unit_total(
    calculator: AwardCalculator,
) -> None:
    result = calculator.calculate(
        "standards", {"level": "国家标准", "rank": 2, "count": 4, "published": True}
    )
    assert result.amount_yuan == 300 * WAN
    assert result.steps == [
        "国家标准：最高100万元",
        "每项最高100万元 × 4项 = 400万元",
        "每家单位最高300万元，按300万元计",
    ]
