"""`policy-assistant eval`: the table per split and for the whole set, a JSON summary and an HTML report."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from app.cli import main
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
