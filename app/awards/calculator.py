"""Exact award arithmetic over a rule and its validated inputs. No I/O, no floats, no LLM.

`capped` says the amount is a maximum the policy sets (最高…), as opposed to a figure computed below a
cap; either way the notes say that 最高 amounts are caps set on review, not promises.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from pydantic import BaseModel, Field

from app.awards.money import format_money, format_rate
from app.awards.rules import Rule, RuleBook


class Calculation(BaseModel):
    rule_id: str
    doc_id: str
    clause_id: str
    title: str
    amount_yuan: int = Field(description="金额（元，整数）；不符合条件或未规定金额时为 0")
    amount_text: str = Field(description="按政策写法的金额（万元、亿元）")
    capped: bool = Field(description="金额是政策规定的上限（“最高”）")
    eligible: bool
    steps: list[str] = Field(description="计算过程")
    notes: list[str] = Field(description="说明：上限不是承诺、未满足的条件等")


def compute_award(
    rule: Rule,
    values: dict[str, Any],
    provided: set[str],
    book: RuleBook,
    templates: dict[str, Any],
) -> Calculation:
    """The award for one rule; `provided` names the inputs the caller gave (the rest took defaults)."""
    steps_text: dict[str, str] = templates["steps"]
    notes_text: dict[str, str] = templates["notes"]
    reasons = unmet_reasons(rule, values)
    received = int(values.get(rule.received_input, 0)) if rule.received_input else 0
    longest = rule.years_value
    if received and longest is not None and received >= longest:
        reasons.append(notes_text["run_used"].format(years=longest, received=received))
    base = _identity(rule)
    closing = [*rule.notes, book.notes["guide"]]

    if rule.kind == "no_figure":
        return Calculation(
            **base,
            amount_yuan=0,
            amount_text=templates["amount_text"]["no_figure"],
            capped=False,
            eligible=not reasons,
            steps=[],
            notes=[*reasons, *closing],
        )

    if rule.kind == "rate" and not reasons:
        assert rule.base is not None
        deducted = rule.base.minus
        if values[rule.base.input] - (values[deducted] if deducted else 0) <= 0:
            reasons.append(notes_text["no_base"].format(label=rule.base.label))

    if reasons:
        return Calculation(
            **base,
            amount_yuan=0,
            amount_text=format_money(0),
            capped=False,
            eligible=False,
            steps=[steps_text["ineligible"].format(reason=reason) for reason in reasons],
            notes=[*reasons, *closing],
        )

    steps: list[str] = []
    notes: list[str] = [book.notes["cap"]]
    capped = True
    if rule.kind == "cap":
        amount = _yuan(rule.cap_yuan)
        steps.append(steps_text["cap"].format(title=rule.title, cap=format_money(amount)))
    elif rule.kind == "level":
        choice = _chosen(rule, values)
        amount = choice.amount_yuan if choice.amount_yuan is not None else _yuan(rule.cap_yuan)
        steps.append(steps_text["level"].format(choice=choice.value, amount=format_money(amount)))
        count = values[rule.count_input] if rule.count_input else 1
        if count > 1:
            # Several items of one level ("两项行业标准"): each gets the level's amount, up to the
            # per-unit total.
            raw = amount * count
            steps.append(
                steps_text["per_item"].format(
                    per_item=format_money(amount), count=count, total=format_money(raw)
                )
            )
            cap = rule.per_unit_cap_yuan
            amount = min(raw, cap) if cap is not None else raw
            if cap is not None and raw > cap:
                steps.append(steps_text["per_unit_cap"].format(cap=format_money(cap)))
    elif rule.kind == "per_year":
        yearly = _chosen(rule, values).amount_yuan if rule.level_input else rule.cap_yuan
        years = values[str(rule.years_input)]
        left = longest - received if longest is not None else None
        if received and left is not None:
            # Only the years of the run not had yet: "前两年已经拿了" leaves one.
            years = min(years, left)
        amount = _yuan(yearly) * years
        steps.append(
            steps_text["per_year"].format(
                amount=format_money(_yuan(yearly)), years=years, total=format_money(amount)
            )
        )
        if received and left is not None:
            notes.append(notes_text["run_left"].format(years=longest, received=received, left=left))
        elif rule.years_input not in provided:
            notes.append(notes_text["default_years"].format(years=years))
        if longest is not None and years < longest and not received:
            # Fewer years than the policy's run (每年能拿多少 is one): the whole run is worth knowing too.
            whole = format_money(_yuan(yearly) * longest)
            notes.append(notes_text["full_run"].format(years=longest, total=whole))
    elif rule.kind == "per_item":
        count = values[str(rule.count_input)]
        per_item, cap = _yuan(rule.per_item_yuan), _yuan(rule.per_unit_cap_yuan)
        raw = per_item * count
        steps.append(
            steps_text["per_item"].format(
                per_item=format_money(per_item), count=count, total=format_money(raw)
            )
        )
        amount = min(raw, cap)
        if raw > cap:
            steps.append(steps_text["per_unit_cap"].format(cap=format_money(cap)))
    else:  # rate
        assert rule.base is not None and rule.rate_value is not None
        total = values[rule.base.input]
        minus = values[rule.base.minus] if rule.base.minus else 0
        raw = int((Decimal(total - minus) * rule.rate_value).to_integral_value(rounding=ROUND_FLOOR))
        figures = {"rate": format_rate(rule.rate_value), "result": format_money(raw)}
        suffix = "_ceiling" if rule.rate_is_ceiling else ""
        if rule.base.minus:
            template = steps_text["rate_minus" + suffix]
            steps.append(template.format(base=format_money(total), minus=format_money(minus), **figures))
        else:
            steps.append(steps_text["rate" + suffix].format(base=format_money(total), **figures))
        cap = _yuan(rule.cap_yuan)
        amount = min(raw, cap)
        # "不超过…的N%" makes the computed figure a maximum too; "按照…的N%" is the amount below the cap.
        capped = rule.rate_is_ceiling or raw >= cap
        if raw > cap:
            steps.append(steps_text["cap_applied"].format(cap=format_money(cap)))
        elif raw == cap:
            steps.append(steps_text["cap_reached"].format(cap=format_money(cap)))

    if rule.per_unit_cap_yuan is not None and rule.kind != "per_item":
        notes.append(notes_text["per_unit_total"].format(cap=format_money(rule.per_unit_cap_yuan)))
    # A condition the caller did not state was taken as met from its default: say so.
    for condition in rule.conditions:
        if condition.input not in provided:
            notes.append(notes_text["default_condition"].format(label=rule.input(condition.input).label))
    return Calculation(
        **base,
        amount_yuan=amount,
        amount_text=format_money(amount),
        capped=capped,
        eligible=True,
        steps=steps,
        notes=[*notes, *closing],
    )


def combine_items(rule: Rule, items: list[tuple[str, Calculation]], templates: dict[str, Any]) -> Calculation:
    """One unit's several items of one rule ("国家标准排第二，行业标准排第一"): the items' awards added up,
    then held to the rule's per-unit total. Eligible when any item is; the steps show each item."""
    steps_text: dict[str, str] = templates["steps"]
    counted = [item for _, item in items if item.eligible]
    raw = sum(item.amount_yuan for item in counted)
    cap = rule.per_unit_cap_yuan
    amount = min(raw, cap) if cap is not None else raw
    steps = [
        # An eligible item's steps start with its kind ("国家标准：最高…"); an ineligible one's do not.
        steps_text["item" if item.eligible else "item_ineligible"].format(
            index=number, kind=kind, steps="；".join(item.steps)
        )
        for number, (kind, item) in enumerate(items, start=1)
    ]
    steps.append(steps_text["items_total"].format(total=format_money(raw)))
    if cap is not None and raw > cap:
        steps.append(steps_text["per_unit_cap"].format(cap=format_money(cap)))
    notes = list(dict.fromkeys(note for _, item in items for note in item.notes))
    return Calculation(
        **_identity(rule),
        amount_yuan=amount,
        amount_text=format_money(amount),
        capped=any(item.capped for item in counted),
        eligible=bool(counted),
        steps=steps,
        notes=notes,
    )


def _identity(rule: Rule) -> dict[str, str]:
    """What a calculation says it is about: the rule, its document, clause and title."""
    return {"rule_id": rule.id, "doc_id": rule.doc_id, "clause_id": rule.clause_id, "title": rule.title}


def unmet_reasons(rule: Rule, values: Mapping[str, Any]) -> list[str]:
    """Why `values` get nothing: an ineligible choice, a condition not met. Inputs `values` lacks are not
    judged (the chat asks with what a user said so far)."""
    reasons = []
    for item in rule.inputs:
        if item.type == "choice" and item.name in values:
            choice = next((c for c in item.choices if c.value == values[item.name]), None)
            if choice is not None and not choice.eligible and choice.reason:
                reasons.append(choice.reason)
    for condition in rule.conditions:
        if condition.input not in values:
            continue
        value = values[condition.input]
        if condition.equals is not None and value != condition.equals:
            reasons.append(condition.reason)
        limit = condition.at_most_value
        if limit is not None and value > limit:
            reasons.append(condition.reason)
    return reasons


def _chosen(rule: Rule, values: dict[str, Any]) -> Any:
    item = rule.input(str(rule.level_input))
    return next(choice for choice in item.choices if choice.value == values[item.name])


def _yuan(amount: int | None) -> int:
    if amount is None:  # guaranteed by the rules file's validation
        raise ValueError("rule has no such figure")
    return amount
