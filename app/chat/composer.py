"""The offline composer: an answer from retrieval, the award rules and the calculator, with no model.

retrieve → take the best clause → choose the measure within it → read the question's numbers and
levels into the rule's inputs → calculate when every figure the rule needs is given, else quote the
clause's caps and say what is needed. Every sentence comes from `prompts/chat.yaml`; every figure from the
clause or the calculation, which the grounding guard checks afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.awards.calculator import Calculation
from app.awards.engine import AwardCalculator
from app.awards.rules import Rule
from app.chat.contract import ChatStatus, Citation
from app.chat.measures import MeasureIndex
from app.chat.scope import ScopeRules
from app.chat.slots import InputValue, read_inputs
from app.errors import InvalidInputError
from indexer.retrieval import Hit, Retriever

ClauseKey = tuple[str, str]
ENGINE_NAME = "offline"
_SEARCH_DEPTH = 5


@dataclass
class Draft:
    """An engine's answer before the grounding guard: what it says and what it rests on."""

    answer: str
    citations: list[Citation]
    calculation: Calculation | None
    status: ChatStatus
    retrieved: set[ClauseKey] = field(default_factory=set)


def cite(hit: Hit) -> Citation:
    clause = hit.clause
    return Citation(
        doc_id=clause.doc_id,
        clause_id=clause.clause_id,
        title=clause.title,
        text=clause.text,
        quote=hit.quote_text,
    )


class OfflineComposer:
    name = ENGINE_NAME

    def __init__(
        self,
        retriever: Retriever,
        calculator: AwardCalculator,
        measures: MeasureIndex,
        scope: ScopeRules,
        templates: dict[str, Any],
    ) -> None:
        self.retriever = retriever
        self.calculator = calculator
        self.measures = measures
        self.scope = scope
        self.templates = templates

    def compose(self, question: str) -> Draft:
        decision = self.scope.decide(question)
        if decision.decision != "in_scope":
            # Says what the assistant can help with; no clause, no figure.
            return Draft(self.templates[decision.decision], [], None, decision.decision)
        hits = self.retriever.search(question, k=_SEARCH_DEPTH)
        retrieved = {(h.clause.doc_id, h.clause.clause_id) for h in hits}
        if not hits:
            return Draft(self.templates["safe"], [], None, "answered", retrieved)
        top = hits[0]
        citation = cite(top)
        rules = self.measures.rank(question, top.clause.doc_id, top.clause.clause_id)
        if not rules:
            answer = self._t("clause", label=self._label(citation), quote=_sentence_body(citation.quote))
            return Draft(answer, [citation], None, "answered", retrieved)
        rule = rules[0]
        # The rule's own words are the sentence the answer rests on (verbatim in the clause: drift check).
        citation = citation.model_copy(update={"quote": rule.quote})
        answer, calculation = self._measure(question, rule, citation)
        return Draft(answer, [citation], calculation, "answered", retrieved)

    def _measure(self, question: str, rule: Rule, citation: Citation) -> tuple[str, Calculation | None]:
        if rule.kind == "no_figure":
            quote = _sentence_body(rule.quote)
            return self._t("no_figure", label=self._label(citation), quote=quote, title=rule.title), None
        values = read_inputs(rule, question)
        assumed = self._assume_conditions(rule, values)
        missing = [
            item.label
            for item in rule.inputs
            if item.required and item.name not in values and item.name != rule.years_input
        ]
        caps = self._t("caps", label=self._label(citation), quote=_sentence_body(rule.quote))
        if missing:
            return f"{caps}{self._t('ask', missing=self._join(missing))}", None
        try:
            calculation = self.calculator.calculate(rule.id, values)
        except InvalidInputError as error:
            return f"{caps}{self._t('not_computed', reason=error.message)}", None
        if not calculation.eligible:
            reason = next((note for note in calculation.notes if note), "")
            body = self._t("ineligible", title=rule.title, reason=reason.rstrip("。"))
            return f"{body}{caps}", calculation
        key = "computed_capped" if calculation.capped else "computed"
        body = self._t(key, title=rule.title, amount=calculation.amount_text)
        if assumed:
            body += self._t("assumed", conditions=self._join(assumed))
        return f"{body}{caps}{self.calculator.book.notes['cap']}", calculation

    @staticmethod
    def _assume_conditions(rule: Rule, values: dict[str, InputValue]) -> list[str]:
        """Unsaid yes/no conditions are taken as met, and the answer says so: a cap with its condition
        is more use than a question back, and never a figure the policy does not give."""
        assumed = []
        for condition in rule.conditions:
            item = rule.input(condition.input)
            if item.type == "boolean" and condition.equals is True and item.name not in values:
                values[item.name] = True
                assumed.append(item.label)
        return assumed

    def _label(self, citation: Citation) -> str:
        return self._t("label", title=citation.title, clause_id=citation.clause_id)

    def _join(self, parts: list[str]) -> str:
        return str(self.templates["list_separator"]).join(parts)

    def _t(self, key: str, **values: object) -> str:
        return str(self.templates[key]).format(**values)


def _sentence_body(quote: str) -> str:
    """The quote without its closing full stop; the template closes the sentence after the quote mark."""
    return quote.rstrip("。；;")
