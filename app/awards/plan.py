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
    projects: dict[str, list[int]] = {}
    unnamed: list[int] = []
    for index, (project, calc) in enumerate(entries):
        if not calc.eligible:
            continue
        if project and project.strip():
            projects.setdefault(project.strip(), []).append(index)
        else:
            unnamed.append(index)

    def allocate(selection: dict[str, int]) -> tuple[list[int], list[str | None]]:
        """Counted amounts and reductions of the chosen items, per-unit totals applied in request order."""
        chosen = sorted([*unnamed, *selection.values()])
        counted = [0] * len(entries)
        reductions: list[str | None] = [None] * len(entries)
        running: dict[str, int] = {}
        for index in chosen:
            calc = entries[index][1]
            rule = book.get(calc.rule_id)
            cap = rule.per_unit_cap_yuan if rule else None
            counted[index] = calc.amount_yuan
            if cap is None:
                continue
            room = max(0, cap - running.get(calc.rule_id, 0))
            if counted[index] > room:
                counted[index] = room
                key = "per_unit_reduced" if room else "per_unit_dropped"
                reductions[index] = text[key].format(
                    title=calc.title, cap=format_money(cap), amount=format_money(room)
                )
            running[calc.rule_id] = running.get(calc.rule_id, 0) + counted[index]
        return counted, reductions

    # 从高从优不重复: one item per named project — the one that leaves the highest total once per-unit totals
    # apply. Start from each project's highest item alone, then switch while a switch raises the total.
    selection = {
        p: max(indexes, key=lambda i: (entries[i][1].amount_yuan, -i)) for p, indexes in projects.items()
    }
    best = sum(allocate(selection)[0])
    improved = True
    while improved:
        improved = False
        for project, indexes in projects.items():
            for candidate in indexes:
                trial = {**selection, project: candidate}
                total_of_trial = sum(allocate(trial)[0])
                if total_of_trial > best:
                    selection, best, improved = trial, total_of_trial, True
    counted, reductions = allocate(selection)

    items = []
    for index, (project, calc) in enumerate(entries):
        status: ItemStatus
        reason: str | None = None
        if not calc.eligible:
            status, reason = "ineligible", calc.notes[0] if calc.notes else None
        elif project and project.strip() and selection[project.strip()] != index:
            kept = selection[project.strip()]
            status = "dropped"
            reason = text["stacking"].format(
                project=project.strip(), kept=entries[kept][1].title, amount=format_money(counted[kept])
            )
        elif reductions[index]:
            status, reason = ("reduced" if counted[index] else "dropped"), reductions[index]
        else:
            status = "counted"
        items.append(
            PlanItem(
                index=index + 1,
                project=project,
                calculation=calc,
                counted_yuan=counted[index],
                counted_text=format_money(counted[index]),
                status=status,
                reason=reason,
            )
        )
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
