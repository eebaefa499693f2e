"""The LLM engine: any OpenAI-compatible model, through langchain, with two tools and the same guard.

The model may only search the policy (`search_policy`) and compute awards (`calculate_award`); what it
writes is a draft like the offline composer's. Its citations are the clause ids it names, looked up in
what its searches returned; its calculation is the one the calculator returned to it in this turn —
never figures parsed from its text — so the grounding guard checks its prose against real outputs.
Scope is decided before the model is asked. Any failure of the model (timeout, refused connection,
malformed reply, too many tool rounds) falls back to the offline composer for this turn.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import StructuredTool
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.awards.calculator import Calculation
from app.awards.engine import AwardCalculator
from app.awards.tool import make_award_tool
from app.chat.composer import ClauseKey, Draft, OfflineComposer, cite
from app.chat.contract import Citation
from app.chat.guard import clause_mentions
from app.chat.history import Turn
from app.chat.quantities import find_amounts, find_counts, find_ranks
from indexer.models import Clause
from indexer.retrieval import Hit, Retriever

logger = logging.getLogger(__name__)

ENGINE_NAME = "llm"
FALLBACK_ENGINE_NAME = "offline-fallback"
_SEARCH_DEPTH = 4
_MAX_ROUNDS = 5
# “…” spans in an answer: a verbatim one becomes the citation's quote.
_QUOTED = re.compile(r"[“\"]([^”\"]{4,})[”\"]")


class LlmEngineError(Exception):
    """The model did not produce a usable answer; the offline composer answers instead."""


class SearchArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, max_length=200, description="中文检索语句")


class AwardArgs(BaseModel):
    model_config = ConfigDict(extra="forbid")
    rule_id: str = Field(min_length=1, max_length=64, description="奖励规则编号")
    inputs: dict[str, int | bool | str] = Field(default_factory=dict, description="该规则的输入")


@dataclass
class TurnTools:
    """The two tools for one turn, remembering what they returned so the draft can rest on it."""

    retriever: Retriever
    calculator: AwardCalculator
    hits: dict[ClauseKey, Hit] = field(default_factory=dict)
    calculations: list[Calculation] = field(default_factory=list)
    inputs: list[dict[str, Any]] = field(default_factory=list)  # what each calculation was given

    def run(self, name: str, arguments: dict[str, Any]) -> str:
        """A tool's result as the text the model reads; a bad call is answered with what was wrong."""
        try:
            if name == "search_policy":
                return self.search_policy(**SearchArgs.model_validate(arguments).model_dump())
            if name == "calculate_award":
                return self.calculate_award(**AwardArgs.model_validate(arguments).model_dump())
        except ValidationError as error:
            problems = "；".join(f"{'.'.join(map(str, e['loc']))}：{e['msg']}" for e in error.errors())
            return f"参数有误：{problems}"
        return f"没有名为“{name}”的工具，可用的是 search_policy 和 calculate_award"

    def search_policy(self, query: str) -> str:
        found = self.retriever.search(query, k=_SEARCH_DEPTH)
        for hit in found:
            self.hits.setdefault((hit.clause.doc_id, hit.clause.clause_id), hit)
        return json.dumps(
            [
                {
                    "clause_id": h.clause.clause_id,
                    "title": h.clause.title,
                    "text": h.clause.text,
                    "quote": h.quote_text,
                }
                for h in found
            ],
            ensure_ascii=False,
        )

    def calculate_award(self, rule_id: str, inputs: dict[str, Any]) -> str:
        result = make_award_tool(self.calculator)(rule_id, inputs)
        if isinstance(result, str):
            return result
        self.calculations.append(Calculation.model_validate(result))
        self.inputs.append(dict(inputs))
        return json.dumps(result, ensure_ascii=False)


def tool_specs(calculator: AwardCalculator, prompts: dict[str, Any]) -> list[StructuredTool]:
    """The tools as the model sees them: names, argument schemas and docstrings as contracts."""

    def _unused(**_: Any) -> str:  # the engine runs tools itself, to keep their results
        raise NotImplementedError

    award_doc = make_award_tool(calculator).__doc__ or ""
    return [
        StructuredTool.from_function(
            _unused, name="search_policy", description=str(prompts["search_tool"]), args_schema=SearchArgs
        ),
        StructuredTool.from_function(
            _unused, name="calculate_award", description=award_doc, args_schema=AwardArgs
        ),
    ]


def user_grounded_calculation(tools: TurnTools, user_texts: Sequence[str]) -> Calculation | None:
    """The last calculation whose every number (money, count, rank) is one the user wrote; a figure the
    model supplied itself makes its result no support for the answer."""
    said: set[int] = set()
    for text in user_texts:
        said |= {a.yuan for a in find_amounts(text)}
        said |= {c.value for c in find_counts(text)} | {r.value for r in find_ranks(text)}
    for calculation, inputs in zip(reversed(tools.calculations), reversed(tools.inputs), strict=True):
        numbers = [v for v in inputs.values() if isinstance(v, int) and not isinstance(v, bool)]
        if all(number in said for number in numbers):
            return calculation
    return None


def history_messages(history: Sequence[Turn]) -> list[BaseMessage]:
    """The session's earlier exchanges the model may see: only those that were answered, so a refused
    injection is never replayed to it on a later turn."""
    messages: list[BaseMessage] = []
    for asked, replied in pairwise(history):
        if asked.role == "user" and replied.role == "assistant" and replied.status == "answered":
            messages += [HumanMessage(asked.text), AIMessage(replied.text)]
    return messages


def answer_text(message: AIMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content.strip()
    parts = [
        p if isinstance(p, str) else str(p.get("text", "")) for p in content if isinstance(p, str | dict)
    ]
    return "".join(parts).strip()


class LlmComposer:
    name = ENGINE_NAME

    def __init__(
        self,
        model: BaseChatModel,
        retriever: Retriever,
        calculator: AwardCalculator,
        prompts: dict[str, Any],
        fallback: OfflineComposer,
        time_budget: float = 60.0,
    ) -> None:
        self.model = model
        # The whole turn's model calls: past it, the offline composer answers.
        self.time_budget = time_budget
        self.retriever = retriever
        self.calculator = calculator
        self.system_prompt = str(prompts["system"])
        self.bound = model.bind_tools(tool_specs(calculator, prompts))
        self.fallback = fallback
        self._clauses = {(c.doc_id, c.clause_id): c for c in retriever.clauses}

    def compose(self, question: str, history: Sequence[Turn] = ()) -> Draft:
        if self.fallback.judge_scope(question, history).decision != "in_scope":
            return self.fallback.compose(question, history)  # the same refusal, no model asked
        try:
            return self._converse(question, history)
        except Exception as error:
            logger.warning(
                "LLM engine failed (%s: %s); the offline composer answers", type(error).__name__, error
            )
            draft = self.fallback.compose(question, history)
            draft.engine = FALLBACK_ENGINE_NAME
            return draft

    def _converse(self, question: str, history: Sequence[Turn]) -> Draft:
        tools = TurnTools(self.retriever, self.calculator)
        messages: list[BaseMessage] = [
            SystemMessage(self.system_prompt),
            *history_messages(history),
            HumanMessage(question),
        ]
        deadline = time.monotonic() + self.time_budget
        for _ in range(_MAX_ROUNDS):
            if time.monotonic() > deadline:
                raise LlmEngineError(f"no answer within {self.time_budget:.0f} s")
            reply = self.bound.invoke(messages)
            if not isinstance(reply, AIMessage):
                raise LlmEngineError(f"unexpected reply type {type(reply).__name__}")
            messages.append(reply)
            if not reply.tool_calls:
                break
            for call in reply.tool_calls:
                result = tools.run(call["name"], dict(call.get("args") or {}))
                messages.append(ToolMessage(result, tool_call_id=call.get("id") or call["name"]))
        else:
            raise LlmEngineError(f"no answer after {_MAX_ROUNDS} rounds of tool calls")
        answer = answer_text(reply)
        if not answer:
            raise LlmEngineError("empty answer")
        calculation = user_grounded_calculation(
            tools, [question, *(t.text for t in history if t.role == "user")]
        )
        citations = self._citations(answer, tools, calculation)
        return Draft(answer, citations, calculation, "answered", set(tools.hits), engine=ENGINE_NAME)

    def _citations(self, answer: str, tools: TurnTools, calculation: Calculation | None) -> list[Citation]:
        """The clauses the answer names, as retrieved; a name that is no retrieved clause is kept as it is
        written, for the guard to catch."""
        named = clause_mentions(answer)
        if calculation is not None and calculation.clause_id not in named:
            named.append(calculation.clause_id)
        if not named and tools.hits:
            named.append(next(iter(tools.hits))[1])
        quoted = [match.group(1) for match in _QUOTED.finditer(answer)]
        citations = []
        for clause_id in named:
            key = next((k for k in tools.hits if k[1] == clause_id), None)
            if key is None:
                clause = next((c for k, c in self._clauses.items() if k[1] == clause_id), None)
                citations.append(_unretrieved(clause, clause_id, self.retriever))
                continue
            hit = tools.hits[key]
            quote = next((q for q in quoted if q in hit.clause.text), None)
            if quote is None and calculation is not None and calculation.clause_id == clause_id:
                rule = self.calculator.book.get(calculation.rule_id)
                quote = rule.quote if rule else None
            citation = cite(hit)
            citations.append(citation.model_copy(update={"quote": quote}) if quote else citation)
        return citations


def _unretrieved(clause: Clause | None, clause_id: str, retriever: Retriever) -> Citation:
    doc_id = clause.doc_id if clause else (retriever.clauses[0].doc_id if retriever.clauses else "")
    return Citation(
        doc_id=doc_id,
        clause_id=clause_id,
        title=clause.title if clause else "",
        text=clause.text if clause else "",
        quote="",
    )
