"""The golden set through `POST /api/chat`, as a user would ask it: single questions and whole conversations.

Each turn is scored on what the issue asks of the chat: the right status (answered, out of scope,
refused), the expected clause cited, every expected amount stated and no calculation that differs from
them, no figure in a refusal, and every citation's text and quote verbatim in the stored policy.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from tqdm import tqdm

from app.chat.guard import figures_in
from app.chat.quantities import find_amounts
from evaluation.golden import GoldenSet, Turn
from evaluation.metrics import median, percentile


class HttpClient(Protocol):
    def post(self, url: str, *, json: Any) -> Any: ...


@dataclass(frozen=True, slots=True)
class TurnRun:
    case_id: str
    question: str
    expected_status: str
    status: str
    expected_clause: str | None
    cited: tuple[str, ...]
    expected_yuan: tuple[int, ...]
    stated_yuan: tuple[int, ...]  # every amount in the answer text
    calculated_yuan: int | None  # the calculation's award when it found one (eligible, above zero)
    has_figure: bool  # any amount or percentage in the answer
    verbatim: bool  # every citation's text is the stored clause and its quote is inside it
    latency_ms: float

    @property
    def status_right(self) -> bool:
        return self.status == self.expected_status

    @property
    def clause_cited(self) -> bool | None:
        """None when the turn is not an answered one with an expected clause."""
        if self.expected_status != "answered" or self.expected_clause is None:
            return None
        return self.expected_clause in self.cited

    @property
    def figures_exact(self) -> bool | None:
        """Every expected amount is stated and a calculated award is one of them; None when the turn
        expects no amount and the reply calculates none (nothing to be exact about)."""
        if not self.expected_yuan and self.calculated_yuan is None:
            return None
        stated = set(self.stated_yuan) | ({self.calculated_yuan} if self.calculated_yuan else set())
        if not set(self.expected_yuan) <= stated:
            return False
        return self.calculated_yuan is None or self.calculated_yuan in self.expected_yuan

    @property
    def refusal_with_figure(self) -> bool:
        return self.status != "answered" and self.has_figure


@dataclass(frozen=True, slots=True)
class ChatSummary:
    turns: int
    answered_turns: int
    clause_cited: float
    figure_turns: int
    figures_exact: float
    scope_turns: int
    scope_right: float
    answered_kept: float  # answered turns not wrongly refused or put out of scope
    refusals_with_figure: int
    verbatim: float
    latency_p50_ms: float
    latency_p95_ms: float
    misses: dict[str, int]


def summarise(runs: Sequence[TurnRun]) -> ChatSummary:
    def share(values: Sequence[bool]) -> float:
        return sum(values) / len(values) if values else 1.0

    cited = [r.clause_cited for r in runs if r.clause_cited is not None]
    exact = [r.figures_exact for r in runs if r.figures_exact is not None]
    scope = [r.status_right for r in runs if r.expected_status != "answered"]
    kept = [r.status_right for r in runs if r.expected_status == "answered"]
    misses: Counter[str] = Counter()
    for run in runs:
        if not run.status_right:
            misses["status"] += 1
        if run.clause_cited is False:
            misses["clause"] += 1
        if run.figures_exact is False:
            misses["figures"] += 1
    return ChatSummary(
        turns=len(runs),
        answered_turns=len(kept),
        clause_cited=share(cited),
        figure_turns=len(exact),
        figures_exact=share(exact),
        scope_turns=len(scope),
        scope_right=share(scope),
        answered_kept=share(kept),
        refusals_with_figure=sum(r.refusal_with_figure for r in runs),
        verbatim=share([r.verbatim for r in runs]),
        latency_p50_ms=median([r.latency_ms for r in runs]),
        latency_p95_ms=percentile([r.latency_ms for r in runs], 0.95),
        misses=dict(misses),
    )


def expected_yuan(figures: Sequence[str]) -> tuple[int, ...]:
    return tuple(amount.yuan for figure in figures for amount in find_amounts(figure))


def run_turn(
    client: HttpClient,
    case_id: str,
    turn: Turn,
    session_id: str | None,
    policy: Mapping[tuple[str, str], str],
) -> tuple[TurnRun, str]:
    started = time.perf_counter()
    response = client.post("/api/chat", json={"message": turn.question, "session_id": session_id})
    latency = (time.perf_counter() - started) * 1000
    response.raise_for_status()
    reply = response.json()
    citations = reply["citations"]
    calculation = reply["calculation"]
    calculated = (
        int(calculation["amount_yuan"])
        if calculation and calculation["eligible"] and calculation["amount_yuan"] > 0
        else None
    )
    verbatim = all(
        policy.get((c["doc_id"], c["clause_id"])) == c["text"] and c["quote"] and c["quote"] in c["text"]
        for c in citations
    )
    run = TurnRun(
        case_id=case_id,
        question=turn.question,
        expected_status=turn.expected_status,
        status=reply["status"],
        expected_clause=turn.main_clause,
        cited=tuple(c["clause_id"] for c in citations),
        expected_yuan=expected_yuan(turn.figures),
        stated_yuan=tuple(a.yuan for a in find_amounts(reply["answer"])),
        calculated_yuan=calculated,
        has_figure=bool(figures_in(reply["answer"])),
        verbatim=verbatim,
        latency_ms=latency,
    )
    return run, str(reply["session_id"])


def run_chat(
    client: HttpClient, golden: GoldenSet, policy: Mapping[tuple[str, str], str], show_progress: bool = True
) -> list[TurnRun]:
    """Every single question in a new session, every conversation turn by turn in one session."""
    total = len(golden.cases) + sum(len(c.turns) for c in golden.multi_turn)
    runs: list[TurnRun] = []
    with tqdm(total=total, desc="对话评测", unit="轮", disable=not show_progress) as bar:
        for case in golden.cases:
            run, _ = run_turn(client, case.id, case, None, policy)
            runs.append(run)
            bar.update()
        for conversation in golden.multi_turn:
            session_id: str | None = None
            for number, turn in enumerate(conversation.turns, start=1):
                run, session_id = run_turn(client, f"{conversation.id}#{number}", turn, session_id, policy)
                runs.append(run)
                bar.update()
    return runs
