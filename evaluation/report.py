"""The evaluation report: a JSON summary and an HTML page with charts, from the runs of each mode."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any

from evaluation.charts import grouped_bars, histogram, horizontal_bars
from evaluation.chat_eval import ChatSummary, TurnRun, summarise
from evaluation.retrieval_eval import ModeRun, combine

MODE_NAMES = {"bm25": "仅 BM25", "dense": "仅向量", "hybrid": "混合"}
# The splits together: the figure the retrieval targets are stated for (README, Retrieval).
WHOLE_SET = "全部"


def whole_set(splits: Mapping[str, Sequence[ModeRun]]) -> list[ModeRun] | None:
    """Every split's questions in one run per mode, when there is more than one split."""
    return combine(list(splits.values())) if len(splits) > 1 else None


def chat_summaries(chat: Mapping[str, Sequence[TurnRun]]) -> dict[str, ChatSummary]:
    """Each split's chat summary, and the whole set's when there is more than one split."""
    summaries = {split: summarise(runs) for split, runs in chat.items()}
    if len(chat) > 1:
        summaries[WHOLE_SET] = summarise([run for runs in chat.values() for run in runs])
    return summaries


def summary_json(
    splits: Mapping[str, Sequence[ModeRun]],
    meta: dict[str, Any],
    chat: Mapping[str, Sequence[TurnRun]] | None = None,
) -> dict[str, Any]:
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **meta,
        "splits": {
            split: {run.mode: asdict(run.summary()) for run in runs} for split, runs in splits.items()
        },
        "whole_set": {run.mode: asdict(run.summary()) for run in whole_set(splits) or []},
        "chat": {split: asdict(summary) for split, summary in chat_summaries(chat or {}).items()},
    }


def _chat_section(chat: Mapping[str, Sequence[TurnRun]]) -> str:
    if not chat:
        return ""
    rows = "".join(
        f"<tr><td>{escape(split)}</td><td>{s.turns}</td><td>{s.clause_cited:.3f}</td>"
        f"<td>{s.figures_exact:.3f}（{s.figure_turns}）</td><td>{s.scope_right:.3f}（{s.scope_turns}）</td>"
        f"<td>{s.answered_kept:.3f}</td><td>{s.refusals_with_figure}</td><td>{s.verbatim:.3f}</td>"
        f"<td>{s.latency_p50_ms:.1f}</td><td>{s.latency_p95_ms:.1f}</td></tr>"
        for split, s in chat_summaries(chat).items()
    )
    failed = "".join(
        f"<tr><td>{escape(r.case_id)}</td><td>{escape(r.question)}</td><td>{escape(r.expected_status)}"
        f"→{escape(r.status)}</td><td>{escape(r.expected_clause or '—')}</td><td>{escape('、'.join(r.cited))}"
        f"</td><td>{escape(_yuan_list(r.expected_yuan))}</td><td>{escape(_yuan_list(r.stated_yuan))}</td></tr>"
        for runs in chat.values()
        for r in runs
        if not r.status_right or r.clause_cited is False or r.figures_exact is False
    )
    return (
        "<section><h2>对话（POST /api/chat）</h2><table><tr><th>评测集</th><th>轮数</th><th>引用期望条款</th>"
        "<th>金额准确（轮数）</th><th>范围与拒答判断（轮数）</th><th>应答未被误拒</th><th>拒答含数字</th>"
        f"<th>引文逐字</th><th>p50 ms</th><th>p95 ms</th></tr>{rows}</table><h3>未通过的轮次</h3>"
        "<table><tr><th>编号</th><th>问题</th><th>状态</th><th>期望条款</th><th>引用</th><th>期望金额</th>"
        f"<th>回答中的金额</th></tr>{failed}</table></section>"
    )


def _yuan_list(values: Sequence[int]) -> str:
    return "、".join(f"{value / 10_000:g}万" for value in values)


def _table_and_bars(runs: Sequence[ModeRun]) -> tuple[str, str]:
    summaries = [run.summary() for run in runs]
    table = "".join(
        f"<tr><td>{escape(MODE_NAMES.get(s.mode, s.mode))}</td><td>{s.questions}</td>"
        f"<td>{s.recall_at_1:.3f}</td><td>{s.recall_at_3:.3f}</td><td>{s.mrr:.3f}</td>"
        f"<td>{s.latency_p50_ms:.1f}</td><td>{s.latency_p95_ms:.1f}</td></tr>"
        for s in summaries
    )
    bars = grouped_bars(
        ["recall@1", "recall@3", "MRR"],
        [(MODE_NAMES.get(s.mode, s.mode), [s.recall_at_1, s.recall_at_3, s.mrr]) for s in summaries],
    )
    header = (
        "<table><tr><th>方式</th><th>问题数</th><th>recall@1</th><th>recall@3</th><th>MRR</th>"
        "<th>p50 ms</th><th>p95 ms</th></tr>"
    )
    return f"{header}{table}</table>", bars


def render_html(
    splits: Mapping[str, Sequence[ModeRun]],
    meta: dict[str, Any],
    chat: Mapping[str, Sequence[TurnRun]] | None = None,
) -> str:
    sections = [_chat_section(chat or {})]
    whole = whole_set(splits)
    if whole:
        table, bars = _table_and_bars(whole)
        questions = len(whole[0].runs)
        sections.append(f"<section><h2>{WHOLE_SET}（{questions} 个问题）</h2>{table}{bars}</section>")
    for split, runs in splits.items():
        summaries = [run.summary() for run in runs]
        table, bars = _table_and_bars(runs)
        misses = "".join(
            f"<h4>{escape(MODE_NAMES.get(s.mode, s.mode))}：首位未命中的条款</h4>"
            + horizontal_bars(sorted(s.misses_at_1.items(), key=lambda item: -item[1]), " 问")
            for s in summaries
        )
        latency = "".join(
            f"<h4>{escape(MODE_NAMES.get(run.mode, run.mode))}</h4>"
            + horizontal_bars(histogram([r.latency_ms for r in run.runs], 12, "ms"), " 问")
            for run in runs
        )
        hybrid = next((run for run in runs if run.mode == "hybrid"), runs[-1] if runs else None)
        miss_rows = "".join(
            f"<tr><td>{escape(r.case_id)}</td><td>{escape(r.question)}</td><td>{escape(r.expected)}</td>"
            f"<td>{r.rank if r.rank is not None else '—'}</td><td>{escape('、'.join(r.ranked[:3]))}</td></tr>"
            for r in (hybrid.runs if hybrid else ())
            if r.rank != 1
        )
        sections.append(
            f"<section><h2>{escape(split)}（{summaries[0].questions if summaries else 0} 个问题）</h2>"
            f"{table}<h3>各方式得分</h3>{bars}<h3>未命中（按条款）</h3>{misses}<h3>每问耗时分布</h3>{latency}"
            "<h3>混合检索首位未命中的问题</h3><table><tr><th>编号</th><th>问题</th><th>期望条款</th>"
            f"<th>排名</th><th>前三名</th></tr>{miss_rows}</table></section>"
        )
    meta_rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in meta.items())
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>评测报告</title>'
        "<style>body{font-family:sans-serif;max-width:960px;margin:2em auto;padding:0 1em}"
        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;"
        "text-align:left}svg{max-width:100%;height:auto}</style></head><body>"
        f"<h1>评测报告：检索与对话</h1><table>{meta_rows}</table>{''.join(sections)}</body></html>"
    )


def write_report(
    directory: Path,
    splits: Mapping[str, Sequence[ModeRun]],
    meta: dict[str, Any],
    chat: Mapping[str, Sequence[TurnRun]] | None = None,
) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, html_path = directory / "summary.json", directory / "report.html"
    summary = summary_json(splits, meta, chat)
    json_path.write_text(json.dumps(summary, ensure_ascii=False, indent=2), "utf-8")
    html_path.write_text(render_html(splits, meta, chat), "utf-8")
    return json_path, html_path
