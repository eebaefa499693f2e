"""`policy-assistant eval`: the table per split and for the whole set, a JSON summary and an HTML report."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.cli import main
from app.main import create_app
from app.settings import Settings
from evaluation.chat_eval import TurnRun, run_chat, summarise
from evaluation.golden import GoldenSet
from evaluation.retrieval_eval import CaseRun, ModeRun, combine
from tests.conftest import BUNDLED_DOC_ID


def _split(directory: Path, name: str, questions: dict[str, str]) -> None:
    cases = [
        {
            "id": f"{name}-{n}",
            "persona": "测试",
            "variant": "plain",
            "question": question,
            "expected_clauses": [clause],
            "expected_status": "answered",
            "figures": [],
        }
        for n, (question, clause) in enumerate(questions.items())
    ]
    (directory / f"{name}.yaml").write_text(
        yaml.safe_dump({"doc_id": BUNDLED_DOC_ID, "cases": cases}, allow_unicode=True), "utf-8"
    )


def test_combine_puts_every_splits_questions_under_each_mode() -> None:
    def run(mode: str, *ids: str) -> ModeRun:
        return ModeRun(mode, tuple(CaseRun(i, "问", "第一条", ("第一条",), 1, 1.0) for i in ids))

    whole = combine(
        [[run("bm25", "a"), run("hybrid", "a")], [run("bm25", "b", "c"), run("hybrid", "b", "c")]]
    )
    assert [(r.mode, [c.case_id for c in r.runs]) for r in whole] == [
        ("bm25", ["a", "b", "c"]),
        ("hybrid", ["a", "b", "c"]),
    ]
    assert combine([]) == []


def test_eval_prints_each_split_and_the_whole_set_and_writes_the_report(tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    golden.mkdir()
    _split(golden, "dev", {"算力卷怎么领？": "第六条（二）", "数据出境到新加坡总部有奖励吗": "第五条（二）"})
    _split(golden, "holdout", {"这个措施有效期多久？": "第十条（三）"})
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["eval", "--golden-dir", str(golden), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "[dev]" in result.stdout and "[holdout]" in result.stdout and "[全部]" in result.stdout

    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert set(summary["splits"]) == {"dev", "holdout"}
    assert {mode: s["questions"] for mode, s in summary["whole_set"].items()} == {
        "bm25": 3,
        "dense": 3,
        "hybrid": 3,
    }
    assert summary["whole_set"]["hybrid"]["recall_at_1"] == 1.0
    assert summary["kind_dense_weight"] < summary["dense_weight"]
    html = (out / "report.html").read_text("utf-8")
    assert "全部（3 个问题）" in html and html.count("<svg") >= 4
    # The same questions went through POST /api/chat too.
    assert "[对话 dev]" in result.stdout and "[对话 全部]" in result.stdout
    assert summary["chat"]["全部"]["turns"] == 3 and summary["chat"]["全部"]["verbatim"] == 1.0


def turn(expected: tuple[int, ...], stated: tuple[int, ...], calculated: int | None, **kw: object) -> TurnRun:
    fields: dict[str, object] = {
        "case_id": "t",
        "question": "问",
        "expected_status": "answered",
        "status": "answered",
        "expected_clause": "第四条（一）",
        "cited": ("第四条（一）",),
        "expected_yuan": expected,
        "stated_yuan": stated,
        "calculated_yuan": calculated,
        "has_figure": bool(stated),
        "verbatim": True,
        "latency_ms": 1.0,
    }
    return TurnRun(**{**fields, **kw})  # type: ignore[arg-type]


def test_figures_are_exact_only_when_every_expected_amount_is_stated_and_nothing_else_is_calculated() -> None:
    assert turn((2_000_000,), (2_000_000,), 2_000_000).figures_exact is True
    assert turn((2_000_000,), (2_000_000,), None).figures_exact is True  # the cap quoted, no calculation
    assert turn((2_000_000,), (1_000_000,), 1_000_000).figures_exact is False
    assert turn((), (), 1_000_000).figures_exact is False  # an award where the policy gives none
    assert turn((), (2_000_000,), None).figures_exact is None  # caps quoted, nothing expected
    refused = turn((), (2_000_000,), None, expected_status="refused", status="refused")
    assert refused.refusal_with_figure and refused.clause_cited is None
    summary = summarise([turn((2_000_000,), (2_000_000,), 2_000_000), refused])
    assert (summary.figures_exact, summary.refusals_with_figure, summary.scope_right) == (1.0, 1, 1.0)


def test_a_conversation_in_the_golden_set_runs_in_one_session(tmp_path: Path) -> None:
    golden = GoldenSet.model_validate(
        {
            "doc_id": BUNDLED_DOC_ID,
            "cases": [],
            "multi_turn": [
                {
                    "id": "c-1",
                    "persona": "测试",
                    "turns": [
                        {
                            "question": "拿到部属单位的公共数据授权运营，奖励多少？",
                            "expected_clauses": ["第四条（一）"],
                            "expected_status": "answered",
                            "figures": ["200万元"],
                        },
                        {
                            "question": "那换成市级的呢？",
                            "expected_clauses": ["第四条（一）"],
                            "expected_status": "answered",
                            "figures": ["100万元"],
                        },
                    ],
                }
            ],
        }
    )
    settings = Settings(env="test", data_dir=tmp_path / "data")
    with TestClient(create_app(settings)) as client:
        policy = {(c["doc_id"], c["clause_id"]): c["text"] for c in client.get("/api/clauses").json()}
        runs = run_chat(client, golden, policy, show_progress=False)
    assert [r.case_id for r in runs] == ["c-1#1", "c-1#2"]
    assert [r.calculated_yuan for r in runs] == [2_000_000, 1_000_000]
    assert all(r.figures_exact and r.clause_cited and r.verbatim for r in runs)
