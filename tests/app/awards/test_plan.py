"""Combining awards: 第十条（二） for one project under several measures, per-unit totals across items."""

from __future__ import annotations

from typing import Any

import pytest

from app.awards.engine import AwardCalculator
from app.errors import InvalidInputError

WAN = 10_000


def standard(level: str, rank: int = 1) -> tuple[None, str, dict[str, Any]]:
    return (None, "standards", {"level": level, "rank": rank, "published": True})


def test_two_national_and_one_industry_standard_stay_under_the_per_unit_total(
    calculator: AwardCalculator,
) -> None:
    plan = calculator.plan([standard("国家标准", 1), standard("国家标准", 2), standard("行业标准", 1)])
    assert plan.total_yuan == 230 * WAN  # 100 + 100 + 30, under the 300万元 per-unit total
    assert [item.status for item in plan.items] == ["counted", "counted", "counted"]


def test_standards_are_capped_at_the_per_unit_total(calculator: AwardCalculator) -> None:
    plan = calculator.plan([standard("国际标准"), standard("国际标准", 2), standard("国家标准")])
    assert plan.total_yuan == 300 * WAN and plan.total_text == "300万元"
    assert [(i.status, i.counted_yuan) for i in plan.items] == [
        ("counted", 200 * WAN),
        ("reduced", 100 * WAN),
        ("dropped", 0),
    ]
    assert "总额最高300万元" in (plan.items[1].reason or "")


def test_filings_split_over_items_are_capped_per_unit(calculator: AwardCalculator) -> None:
    plan = calculator.plan(
        [
            (None, "national-filings", {"filings": 3, "scenario_promotion": True}),
            (None, "national-filings", {"filings": 3, "scenario_promotion": True}),
        ]
    )
    assert plan.total_yuan == 500 * WAN
    assert plan.items[1].status == "reduced" and plan.items[1].counted_yuan == 200 * WAN


def test_one_project_under_two_measures_gets_the_higher(calculator: AwardCalculator) -> None:
    plan = calculator.plan(
        [
            ("智慧园区平台", "data-products", {}),
            ("智慧园区平台", "demonstration-scenarios", {}),
            ("算力项目", "compute-vouchers", {"unrelated_party": True, "model_training": True}),
        ]
    )
    assert plan.total_yuan == (500 + 200) * WAN
    assert [i.status for i in plan.items] == ["dropped", "counted", "counted"]
    assert "从高从优不重复" in (plan.items[0].reason or "") and "500万元" in (plan.items[0].reason or "")
    assert calculator.book.notes["stacking"] in plan.notes


def test_without_project_names_different_measures_add_up(calculator: AwardCalculator) -> None:
    plan = calculator.plan([(None, "data-products", {}), (None, "demonstration-scenarios", {})])
    assert plan.total_yuan == 700 * WAN
    assert plan.steps[-1] == "合计：700万元"


def test_ineligible_items_count_nothing_and_say_why(calculator: AwardCalculator) -> None:
    plan = calculator.plan([standard("国家标准", 4), (None, "cross-border", {"first_time": True})])
    assert plan.total_yuan == 50 * WAN
    assert plan.items[0].status == "ineligible" and "前三名" in (plan.items[0].reason or "")


def test_a_project_keeps_the_measure_the_per_unit_total_leaves_room_for(calculator: AwardCalculator) -> None:
    """Two unnamed standards use up the standards total; project P under a standard and a security product
    must keep the security product, not end with nothing."""
    plan = calculator.plan(
        [
            standard("国际标准"),
            standard("国家标准"),
            ("P", "standards", {"level": "国际标准", "rank": 1, "published": True}),
            ("P", "security-products", {}),
        ]
    )
    assert plan.total_yuan == (300 + 200) * WAN
    assert [i.status for i in plan.items] == ["counted", "counted", "dropped", "counted"]
    assert "从高从优不重复" in (plan.items[2].reason or "")


def test_the_choice_per_project_maximises_the_total(calculator: AwardCalculator) -> None:
    """P's standard comes first in the request, but counting it would crowd out two unnamed standards."""
    plan = calculator.plan(
        [
            ("P", "standards", {"level": "国际标准", "rank": 1, "published": True}),
            ("P", "security-products", {}),
            standard("国际标准"),
            standard("国际标准", 2),
        ]
    )
    assert plan.total_yuan == (200 + 300) * WAN
    assert [i.status for i in plan.items] == ["dropped", "counted", "counted", "reduced"]


def test_the_stacking_note_quotes_the_clause(calculator: AwardCalculator) -> None:
    note = calculator.book.notes["stacking"]
    assert (
        "同一项目、同一事项同时符合本措施和西城区其他专项支持政策的，按照“从高从优不重复”的原则给予支持"
        in note
    )


def test_one_units_items_add_up_to_the_per_unit_total(calculator: AwardCalculator) -> None:
    two = calculator.calculate_items(
        "standards",
        [
            {"level": "国家标准", "rank": 2, "published": True},
            {"level": "行业标准", "rank": 1, "count": 2, "published": True},
        ],
    )
    assert (two.rule_id, two.clause_id, two.amount_yuan, two.eligible) == (
        "standards",
        "第八条",
        160 * WAN,
        True,
    )
    assert two.steps[-1] == "各项合计：160万元"
    more = calculator.calculate_items(
        "standards",
        [
            {"level": "国际标准", "rank": 3, "published": True},
            {"level": "国家标准", "rank": 1, "published": True},
            {"level": "行业标准", "rank": 1, "count": 2, "published": True},
        ],
    )
    assert more.amount_yuan == 300 * WAN  # 200 + 100 + 60 = 360, held to the 300万元 per unit
    assert more.steps[-2:] == ["各项合计：360万元", "每家单位最高300万元，按300万元计"]


def test_an_ineligible_item_is_shown_and_counts_nothing(calculator: AwardCalculator) -> None:
    result = calculator.calculate_items(
        "standards",
        [
            {"level": "北京市地方标准", "rank": 2, "published": True},
            {"level": "行业标准", "rank": 4, "published": True},
        ],
    )
    assert result.amount_yuan == 50 * WAN and result.eligible
    assert result.steps[1].startswith("第2项（行业标准）不符合条件")
    none = calculator.calculate_items("standards", [{"level": "行业标准", "rank": 5, "published": True}] * 2)
    assert (none.amount_yuan, none.eligible) == (0, False)


def test_a_bad_item_is_named(calculator: AwardCalculator) -> None:
    with pytest.raises(InvalidInputError) as raised:
        calculator.calculate_items(
            "standards",
            [{"level": "国家标准", "rank": 1, "published": True}, {"level": "国家标准", "published": True}],
        )
    assert raised.value.field == "items.1.inputs.rank" and raised.value.message.startswith("第 2 项")


def test_cases_of_a_measure_paid_by_their_cost_add_up_only_while_within_the_cap(
    calculator: AwardCalculator,
) -> None:
    event = {"organiser": "市级", "data_field": True}
    within = calculator.calculate_cases(
        "events", [{**event, "spending_yuan": 150 * WAN}, {**event, "spending_yuan": 250 * WAN}]
    )
    assert within is not None and within.amount_yuan == 120 * WAN and within.eligible
    assert within.steps[-1] == "各项合计：120万元"
    # Past the cap (300万 and 500万: 90万 + 150万), and with one case at it alone: per case or per unit decides.
    assert (
        calculator.calculate_cases(
            "events", [{**event, "spending_yuan": 300 * WAN}, {**event, "spending_yuan": 500 * WAN}]
        )
        is None
    )
    assert (
        calculator.calculate_cases(
            "events", [{**event, "spending_yuan": 800 * WAN}, {**event, "spending_yuan": 10 * WAN}]
        )
        is None
    )
    with pytest.raises(InvalidInputError) as raised:
        calculator.calculate_cases("events", [{**event, "spending_yuan": 1}, {**event, "spending_yuan": -1}])
    assert raised.value.field.startswith("items.1.")
