"""The grounding guard: applied to every answer of every engine before it leaves the service.

Pure. An answer passes when each citation names a stored clause retrieved in this turn, with the stored
title and text and a quote found verbatim in that text; when every money figure and percentage in the
answer occurs in a cited clause, in the calculation, or in a calculation of another measure whose clause
is cited (the engine's `supporting` results), or is their total worked out by the calculator; when a calculation's clause is cited; and when an
out-of-scope or refused answer carries no figure and no calculation. An answer that fails is repaired —
citations fixed or dropped, the calculation dropped if its clause is not cited, sentences with an
unsupported figure or naming a clause the policy does not have removed — or, when nothing trustworthy
is left, replaced by the safe answer.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from app.awards.calculator import Calculation
from app.awards.plan import Plan
from app.chat.contract import ChatReply, Citation
from app.chat.quantities import find_amounts, fold_digits, number_value
from indexer.models import Clause

ClauseKey = tuple[str, str]
ProblemKind = Literal[
    "unknown_clause",
    "not_retrieved",
    "text_not_stored",
    "quote_not_verbatim",
    "calculation_not_cited",
    "unsupported_figure",
    "figure_in_refusal",
    "unknown_clause_named",
]
# Rates in the ways they are written: 10%, 百分之十, 百分之15.5, 三成 (30%), 5个百分点. Reading too much
# here only makes the guard stricter.
_CN = "零〇一二两三四五六七八九十百"
_PERCENT = re.compile(
    rf"(?P<sign>[\d.]+)\s*%|百分之(?P<spelled>[\d.点{_CN}]+)|(?P<points>[\d.点{_CN}]+)个百分点"
    rf"|(?P<tenths>[\d.点{_CN}]+)成(?![员功本立果为交熟长就])"
)
# How answers name clauses: 第六条, 第六条（二）, 第六条(二).
_CLAUSE_NAME = re.compile(
    r"第(?:[一二三四五六七八九十百零]+|\d+)条(?:[（(](?:[一二三四五六七八九十]+|\d+)[)）])?"
)
_ARTICLE = re.compile(r"^第.+?条")
_SENTENCE = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+|\n|$)")


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    detail: str


@dataclass(frozen=True)
class GuardOutcome:
    reply: ChatReply
    problems: list[Problem] = field(default_factory=list)
    replaced: bool = False  # the safe answer was sent instead

    @property
    def passed(self) -> bool:
        return not self.problems


def guard(
    reply: ChatReply,
    clauses: Mapping[ClauseKey, Clause],
    retrieved: Collection[ClauseKey],
    safe_answer: str,
    supporting: Sequence[Calculation] = (),
    totals: Sequence[Plan] = (),
) -> GuardOutcome:
    """Check `reply` against the stored `clauses` and the keys `retrieved` this turn; repair what fails.
    `supporting` are the calculator's results for other measures the answer states figures of: their
    figures count as the calculation's do, when their clause is cited. `totals` are several measures'
    awards added up by the calculator (app/awards/plan.py): a total counts when every clause it adds is."""
    problems: list[Problem] = []
    citations: list[Citation] = []
    for citation in reply.citations:
        key = (citation.doc_id, citation.clause_id)
        clause = clauses.get(key)
        if clause is None:
            problems.append(Problem("unknown_clause", f"{citation.doc_id}/{citation.clause_id}"))
            continue
        if key not in retrieved:
            problems.append(Problem("not_retrieved", citation.clause_id))
            continue
        if citation.title != clause.title or citation.text != clause.text:
            problems.append(Problem("text_not_stored", citation.clause_id))
            citation = citation.model_copy(update={"title": clause.title, "text": clause.text})
        if not citation.quote.strip() or citation.quote not in clause.text:
            problems.append(Problem("quote_not_verbatim", f"{citation.clause_id}: {citation.quote[:40]}"))
            continue
        if all((c.doc_id, c.clause_id) != key for c in citations):
            citations.append(citation)

    calculation = reply.calculation
    if reply.status != "answered":
        if calculation is not None or figures_in(reply.answer):
            problems.append(Problem("figure_in_refusal", reply.status))
        repaired = _without_figures(reply.answer)
        fixed = reply.model_copy(update={"answer": repaired, "citations": [], "calculation": None})
        if not repaired.strip():
            fixed = fixed.model_copy(update={"answer": safe_answer})
        return GuardOutcome(fixed, problems, replaced=not repaired.strip())

    if calculation is not None and all(
        (c.doc_id, c.clause_id) != (calculation.doc_id, calculation.clause_id) for c in citations
    ):
        problems.append(Problem("calculation_not_cited", calculation.clause_id))
        calculation = None

    supported = set().union(*(figures_in(c.text) for c in citations)) if citations else set()
    cited = {(c.doc_id, c.clause_id) for c in citations}
    results = [calculation] if calculation is not None else []
    results += [result for result in supporting if (result.doc_id, result.clause_id) in cited]
    for result in results:
        supported |= figures_in(" ".join([result.amount_text, *result.steps, *result.notes]))
        supported.add(("yuan", Decimal(result.amount_yuan)))
    for total in totals:
        if all((item.calculation.doc_id, item.calculation.clause_id) in cited for item in total.items):
            supported |= figures_in(" ".join([total.total_text, *total.steps]))
            supported.add(("yuan", Decimal(total.total_yuan)))
    # A clause id, or its article's name on its own ("第十条" when only 第十条（一）… are stored).
    known_ids = {clause_id for _, clause_id in clauses}
    known_ids |= {m.group() for m in (_ARTICLE.match(clause_id) for clause_id in known_ids) if m}
    kept = []
    for sentence in _sentences(reply.answer):
        unsupported = figures_in(sentence) - supported
        invented = [name for name in clause_mentions(sentence) if name not in known_ids]
        if unsupported:
            problems.extend(Problem("unsupported_figure", _describe(f)) for f in sorted(unsupported))
        if invented:
            problems.extend(Problem("unknown_clause_named", name) for name in invented)
        if not unsupported and not invented:
            kept.append(sentence)
    answer = "".join(kept).strip()
    if not answer or not citations:
        # Nothing left that rests on the policy: say so rather than send an ungrounded remainder.
        safe = reply.model_copy(update={"answer": safe_answer, "citations": [], "calculation": None})
        return GuardOutcome(safe, problems, replaced=True)
    fixed = reply.model_copy(update={"answer": answer, "citations": citations, "calculation": calculation})
    return GuardOutcome(fixed, problems)


Figure = tuple[str, Decimal]


def clause_mentions(text: str) -> list[str]:
    """Clause ids named in `text`, in order, once each, written as stored (full-width brackets)."""
    named: list[str] = []
    for match in _CLAUSE_NAME.finditer(text):
        clause_id = match.group().replace("(", "（").replace(")", "）")
        if clause_id not in named:
            named.append(clause_id)
    return named


def figures_in(text: str) -> set[Figure]:
    """Money (as yuan) and percentages (as numbers) written in `text`, in any form."""
    figures: set[Figure] = {("yuan", Decimal(amount.yuan)) for amount in find_amounts(text)}
    for match in _PERCENT.finditer(fold_digits(text)):
        written = next(group for group in match.groups() if group)
        value = number_value(written.strip(".点"))
        if value is None:
            figures.add(("percent", Decimal(-1)))  # unreadable: never matches a clause's rate
            continue
        scale = 10 if match.group("tenths") else 1
        figures.add(("percent", (Decimal(value) * scale).normalize()))
    return figures


def _describe(figure: Figure) -> str:
    kind, value = figure
    return f"{value:f}元" if kind == "yuan" else f"{value:f}%"


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.findall(text) if s]


def _without_figures(text: str) -> str:
    return "".join(s for s in _sentences(text) if not figures_in(s)).strip()
