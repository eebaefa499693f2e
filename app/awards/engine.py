"""`AwardCalculator`: the rules, their input models and the wording, behind one typed face.

Cheap to build once (in the app's lifespan or the CLI); every call is pure arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from app.awards.calculator import Calculation, combine_items, compute_award
from app.awards.drift import ClauseKey, check_rules
from app.awards.inputs import build_input_model, inputs_schema, validate_inputs
from app.awards.plan import Plan, combine_plan
from app.awards.rules import Rule, RuleBook, RulesFileError, load_rulebook
from app.errors import InvalidInputError
from app.templates import load_templates


class AwardCalculator:
    def __init__(self, book: RuleBook, templates: dict[str, Any]) -> None:
        self.book = book
        self.templates = templates
        self._models: dict[str, type[BaseModel]] = {rule.id: build_input_model(rule) for rule in book.rules}

    @classmethod
    def load(
        cls, corpus_dir: Path, prompts_dir: Path, clause_texts: Mapping[ClauseKey, str]
    ) -> AwardCalculator:
        """Load the rules and refuse them if they disagree with the policy text they cite."""
        book = load_rulebook(corpus_dir)
        problems = check_rules(book, clause_texts)
        if problems:
            raise RulesFileError(f"奖励规则与政策原文不一致（共 {len(problems)} 处）：{problems[0]}")
        return cls(book, load_templates(prompts_dir, "calculation"))

    def rule(self, rule_id: str, field: str = "rule_id") -> Rule:
        rule = self.book.get(rule_id)
        if rule is None:
            raise InvalidInputError(
                f"没有编号为“{rule_id}”的奖励规则（可用 GET /api/rules 查看）", field=field
            )
        return rule

    def schema(self, rule_id: str) -> dict[str, Any]:
        return inputs_schema(self._models[self.rule(rule_id).id])

    def calculate(self, rule_id: str, inputs: object = None) -> Calculation:
        """`inputs` is whatever the caller sent: anything but a JSON object is refused, naming the field."""
        rule = self.rule(rule_id)
        raw = {} if inputs is None else inputs
        values = validate_inputs(rule, self._models[rule.id], raw)
        provided = set(raw) if isinstance(raw, dict) else set()
        return compute_award(rule, values, provided, self.book, self.templates)

    def calculate_items(self, rule_id: str, items: list[object]) -> Calculation:
        """Several items of one rule held by one unit (standards of several levels): each item's award,
        added up to the rule's per-unit total. An error names the item (`items.1.inputs.rank`)."""
        rule = self.rule(rule_id)
        calculations = []
        for index, inputs in enumerate(items):
            try:
                calculation = self.calculate(rule.id, inputs)
                kind = inputs.get(str(rule.items_by)) if isinstance(inputs, dict) else None
                calculations.append((str(kind or ""), calculation))
            except InvalidInputError as error:
                raise InvalidInputError(
                    f"第 {index + 1} 项：{error.message}", field=f"items.{index}.{error.field}"
                ) from None
        return combine_items(rule, calculations, self.templates)

    def calculate_cases(self, rule_id: str, cases: list[object]) -> Calculation | None:
        """Several cases of one measure paid as a share of each case's cost (two events, each 30% of what it
        cost): their awards added up while no case reaches the measure's cap and the sum stays within it.
        None past that: whether the cap is per case or per unit then decides the sum, and the policy does not
        say. An error names the case (`items.1.inputs.spending_yuan`)."""
        rule = self.rule(rule_id)
        calculations = []
        for index, inputs in enumerate(cases):
            try:
                calculations.append(("", self.calculate(rule.id, inputs)))
            except InvalidInputError as error:
                raise InvalidInputError(
                    f"第 {index + 1} 项：{error.message}", field=f"items.{index}.{error.field}"
                ) from None
        counted = [c for _, c in calculations if c.eligible]
        cap = rule.cap_yuan
        if any(c.capped for c in counted) or (cap is not None and sum(c.amount_yuan for c in counted) > cap):
            return None
        return combine_items(rule, calculations, self.templates)

    def total(self, calculations: list[Calculation], project: str | None = None) -> Plan:
        """Awards already worked out, added up as different projects (per-unit totals applied) — or, named
        as one `project`, the highest of them only (第十条（二）)."""
        return combine_plan(
            [(project, calculation) for calculation in calculations], self.book, self.templates
        )

    def plan(self, items: list[tuple[str | None, str, object]]) -> Plan:
        """`items` are (project, rule_id, inputs); an error names the item (`items.2.inputs.rank`)."""
        entries = []
        for index, (project, rule_id, inputs) in enumerate(items):
            try:
                entries.append((project, self.calculate(rule_id, inputs)))
            except InvalidInputError as error:
                raise InvalidInputError(
                    f"第 {index + 1} 项：{error.message}", field=f"items.{index}.{error.field}"
                ) from None
        return combine_plan(entries, self.book, self.templates)
