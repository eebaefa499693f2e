"""Prove the rules cannot drift from the policy text.

For every rule: its quote stands verbatim in its clause, every figure it uses stands in its quote, a
choice table's values and amounts stand there in the table's order (so swapping two amounts fails too), and
a rate is a ceiling exactly when the quote says 不超过.
For every clause: each money figure or rate of the text is claimed by a rule, or listed in
`unused_figures` with the reason.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from app.awards.money import POLICY_FIGURE
from app.awards.rules import Rule, RuleBook

ClauseKey = tuple[str, str]  # (doc_id, clause_id)


def check_rules(book: RuleBook, clause_texts: Mapping[ClauseKey, str]) -> list[str]:
    """Every disagreement between the rules and the clause texts, in Chinese; empty when they agree."""
    problems: list[str] = []
    claimed: dict[ClauseKey, set[int]] = defaultdict(set)
    for rule in (*book.rules, *((book.applicant,) if book.applicant else ())):
        key = (rule.doc_id, rule.clause_id)
        text = clause_texts.get(key)
        if text is None:
            problems.append(f"规则 {rule.id}：文档 {rule.doc_id} 中没有条款 {rule.clause_id}")
            continue
        start = text.find(rule.quote)
        if start < 0:
            problems.append(f"规则 {rule.id}：quote 不是 {rule.clause_id} 原文中的一段")
            continue
        for position in _figure_positions(rule, problems):
            claimed[key].add(start + position)
        if rule.kind == "rate" and ("不超过" in rule.quote) != rule.rate_is_ceiling:
            problems.append(f"规则 {rule.id}：rate_is_ceiling 应与原文是否写“不超过”一致")

    for key, text in clause_texts.items():
        listed = {u.figure for u in book.unused_figures if (book.doc_id, u.clause_id) == key}
        for found in POLICY_FIGURE.finditer(text):
            if found.start() not in claimed[key] and found.group() not in listed:
                problems.append(
                    f"{key[1]} 中的“{found.group()}”没有被任何规则使用，也没有列入 unused_figures"
                )
    for unused in book.unused_figures:
        text = clause_texts.get((book.doc_id, unused.clause_id), "")
        if unused.figure not in text:
            problems.append(f"unused_figures 中的“{unused.figure}”不在 {unused.clause_id} 原文中")
    return problems


def _figure_positions(rule: Rule, problems: list[str]) -> list[int]:
    """Where in the quote each figure of the rule stands; a missing figure is a problem."""
    positions: list[int] = []
    table = rule.input(rule.level_input).choices if rule.level_input else ()
    table_amounts = [choice.amount for choice in table if choice.amount]
    for figure in rule.figures():
        if figure in table_amounts:
            continue
        at = rule.quote.find(figure)
        if at < 0:
            problems.append(f"规则 {rule.id}：“{figure}”不在它的 quote 中")
        else:
            positions.append(at)
    # A table reads in order: values and amounts as the policy lists them ("分别给予…").
    value_cursor = amount_cursor = 0
    for choice in table:
        if not choice.eligible:
            continue
        at = rule.quote.find(choice.value, value_cursor)
        if at < 0:
            problems.append(f"规则 {rule.id}：选项“{choice.value}”不在 quote 中，或顺序与原文不同")
        else:
            value_cursor = at + len(choice.value)
        if choice.amount:
            at = rule.quote.find(choice.amount, amount_cursor)
            if at < 0:
                problems.append(
                    f"规则 {rule.id}：“{choice.value}”的金额“{choice.amount}”不在 quote 中，或顺序与原文不同"
                )
            else:
                positions.append(at)
                amount_cursor = at + len(choice.amount)
    return positions
