"""Combine several awards under 第十条（二）: one project that fits several measures gets the highest, not
the sum; per-unit totals (standards, filings, per-unit caps) apply across the items of a rule."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from app.awards.calculator import Calculation
from app.awards.money import format_money
from app.awards.rules import RuleBook

ItemStatus = Literal["counted", "reduced", "dropped", "ineligible"]


class PlanItem(BaseModel):
    index: int = Field(description="在请求中的序号，从 1 开始")
    project: str | None
    calculation: Calculation
    counted_yuan: int
    counted_text: str
    status: ItemStatus
    reason: str | None = None


class Plan(BaseModel):
    items: list[PlanItem]
    total_yuan: int
    total_text: str
    steps: list[str]
    notes: list[str]


def combine_plan(
    entries: list[tuple[str | None, Calculation]], book: RuleBook, templates: dict[str, Any]
) -> Plan:
    text: dict[str, str] = templates["plan"]
    counted = [calc.amount_yuan if calc.eligible else 0 for _, calc in entries]
    status: list[ItemStatus] = ["counted" if calc.eligible else "ineligible" for _, calc in entries]
    reasons: list[str | None] = [None if calc.eligible else "；".join(calc.notes[:1]) for _, calc in entries]

    # 从高从优不重复: per named project, only the highest eligible item counts.
    projects: dict[str, list[int]] = {}
    for index, (project, calc) in enumerate(entries):
        if project and calc.eligible:
            projects.setdefault(project.strip(), []).append(index)
    for project, indexes in projects.items():
        best = max(indexes, key=lambda i: (counted[i], -i))
        for index in indexes:
            if index != best:
                counted[index], status[index] = 0, "dropped"
                reasons[index] = text["stacking"].format(
                    project=project, kept=entries[best][1].title, amount=format_money(counted[best])
                )

    # Per-unit totals, in request order.
    running: dict[str, int] = {}
    for index, (_, calc) in enumerate(entries):
        rule = book.get(calc.rule_id)
        cap = rule.per_unit_cap_yuan if rule else None
        if cap is None or status[index] != "counted":
            continue
        room = max(0, cap - running.get(calc.rule_id, 0))
        if counted[index] > room:
            counted[index] = room
            status[index] = "reduced" if room else "dropped"
            key = "per_unit_reduced" if room else "per_unit_dropped"
            reasons[index] = text[key].format(
                title=calc.title, cap=format_money(cap), amount=format_money(room)
            )
        running[calc.rule_id] = running.get(calc.rule_id, 0) + counted[index]

    items = [
        PlanItem(
            index=i + 1,
            project=project,
            calculation=calc,
            counted_yuan=counted[i],
            counted_text=format_money(counted[i]),
            status=status[i],
            reason=reasons[i],
        )
        for i, (project, calc) in enumerate(entries)
    ]
    total = sum(counted)
    steps = [text["item"].format(title=item.calculation.title, amount=item.counted_text) for item in items]
    steps.append(text["total"].format(total=format_money(total)))
    return Plan(
        items=items,
        total_yuan=total,
        total_text=format_money(total),
        steps=steps,
        notes=[book.notes["stacking"], book.notes["cap"], book.notes["guide"]],
    )
