"""The calculator behind its faces: the HTTP API, the CLI and the LLM tool give the same results and
refuse the same bad inputs, naming the field."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from app.awards.engine import AwardCalculator
from app.awards.tool import make_award_tool
from app.cli import main
from app.main import create_app
from app.settings import Settings
from tests.app.awards.conftest import corpus_copy
from tests.app.awards.test_inputs import BAD_INPUTS, JSON_ONLY

WAN = 10_000


def test_rules_are_listed_with_an_input_schema(client: TestClient) -> None:
    rules = {rule["id"]: rule for rule in client.get("/api/rules").json()}
    assert len(rules) == 32
    standards = rules["standards"]
    assert standards["clause_id"] == "第八条" and "前三名" in standards["figures"]
    assert standards["inputs_schema"]["properties"]["rank"]["minimum"] == 1
    assert "标准公布后才能申请奖励" in standards["conditions"]
    assert rules["key-units"]["inputs_schema"]["properties"] == {}


def test_calculate_over_http(client: TestClient) -> None:
    reply = client.post(
        "/api/calculate",
        json={"rule_id": "events", "inputs": {"spending_yuan": 800 * WAN, "organiser": "国家级"}},
    )
    assert reply.status_code == 200
    body = reply.json()
    assert set(body) >= {
        "rule_id",
        "clause_id",
        "amount_yuan",
        "amount_text",
        "capped",
        "eligible",
        "steps",
        "notes",
    }
    assert (body["amount_yuan"], body["amount_text"], body["capped"], body["clause_id"]) == (
        200 * WAN,
        "200万元",
        True,
        "第九条（四）",
    )


def test_plan_over_http(client: TestClient) -> None:
    reply = client.post(
        "/api/calculate/plan",
        json={
            "items": [
                {"rule_id": "data-products", "project": "语料库"},
                {"rule_id": "demonstration-scenarios", "project": "语料库"},
                {"rule_id": "standards", "inputs": {"level": "国际标准", "rank": 1, "published": True}},
            ]
        },
    )
    assert reply.status_code == 200
    body = reply.json()
    assert body["total_yuan"] == 700 * WAN and body["total_text"] == "700万元"
    assert [item["status"] for item in body["items"]] == ["dropped", "counted", "counted"]


@pytest.mark.parametrize(("rule_id", "inputs", "field", "words"), BAD_INPUTS)
def test_bad_inputs_over_http_are_422_naming_the_field(
    client: TestClient, rule_id: str, inputs: Any, field: str, words: str
) -> None:
    reply = client.post("/api/calculate", json={"rule_id": rule_id, "inputs": inputs})
    assert reply.status_code == 422
    body = reply.json()
    assert body["field"] == field and words in body["detail"]
    assert "amount_yuan" not in body


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"inputs": {}}, "rule_id"),
        ({"rule_id": "key-units", "extra": 1}, "extra"),
        ({"rule_id": 5}, "rule_id"),
        ({"items": []}, "items"),
    ],
)
def test_malformed_requests_are_422(client: TestClient, body: dict[str, Any], field: str) -> None:
    path = "/api/calculate/plan" if "items" in body else "/api/calculate"
    reply = client.post(path, json=body)
    assert reply.status_code == 422 and reply.json()["field"] == field


def run_cli(*args: str) -> Any:
    return CliRunner().invoke(main, ["calc", *args], prog_name="policy-assistant")


def test_cli_prints_the_same_calculation(client: TestClient) -> None:
    result = run_cli("events", "spending_yuan=800万", "organiser=国家级")
    assert result.exit_code == 0, result.output
    over_http = client.post(
        "/api/calculate",
        json={"rule_id": "events", "inputs": {"spending_yuan": 800 * WAN, "organiser": "国家级"}},
    ).json()
    assert json.loads(result.stdout) == over_http


def test_cli_lists_rules() -> None:
    result = run_cli()
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == 32
    assert (
        "standards\t第八条\t主导或参与制定标准奖励\tlevel=choice rank=integer count=integer published=boolean"
        in result.stdout
    )


def _cli_words(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@pytest.mark.parametrize(
    ("rule_id", "inputs", "field", "words"),
    [case for case in BAD_INPUTS if (case[0], case[2], case[3]) not in JSON_ONLY],
)
def test_bad_inputs_on_the_cli_name_the_field(
    rule_id: str, inputs: dict[str, Any], field: str, words: str
) -> None:
    result = run_cli(rule_id, *(f"{key}={_cli_words(value)}" for key, value in inputs.items()))
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"错误：{field}：") and words in line
    assert result.stdout == ""


def test_cli_reads_money_and_yes_no_as_people_write_them() -> None:
    result = run_cli(
        "infrastructure-pilots", "investment_yuan=1.5亿元", "civil_works_yuan=5000万", "national_pilot=是"
    )
    assert json.loads(result.stdout)["amount_text"] == "1000万元"


def test_cli_reads_the_words_people_use_for_a_choice() -> None:
    result = run_cli("events", "spending_yuan=300万", "organiser=部委")
    body = json.loads(result.stdout)
    assert (body["amount_text"], body["eligible"]) == ("90万元", True)
    district = json.loads(run_cli("events", "spending_yuan=300万", "organiser=区级").stdout)
    assert district["eligible"] is False and "国家级、市级" in district["notes"][0]
    # A word the chat may find apart ("北京分赛…二等奖") is still the word written together.
    second = json.loads(run_cli("contest-beijing", "achievement=北京分赛二等奖").stdout)
    assert second["eligible"] is False


def test_the_tool_returns_calculations_or_readable_errors(calculator: AwardCalculator) -> None:
    tool = make_award_tool(calculator)
    assert tool.__name__ == "calculate_award"
    doc = tool.__doc__ or ""
    assert "唯一途径" in doc and "standards【第八条】" in doc and "rank（在起草单位中的排名，integer）" in doc
    result = tool("national-filings", {"filings": 2, "scenario_promotion": True})
    assert isinstance(result, dict) and result["amount_yuan"] == 200 * WAN
    error = tool("standards", {"level": "国家标准", "rank": 0, "published": True})
    assert isinstance(error, str) and error.startswith("无法计算（inputs.rank）")
    assert tool("nope", {}) == "无法计算（rule_id）：没有编号为“nope”的奖励规则（可用 GET /api/rules 查看）"


def test_the_service_refuses_to_start_with_drifted_rules(tmp_path: Path, settings: Settings) -> None:
    corpus = corpus_copy(tmp_path)
    rules = corpus / "award-rules.yaml"
    rules.write_text(
        rules.read_text("utf-8").replace("cap: 600万元\n    notes:", "cap: 800万元\n    notes:"), "utf-8"
    )
    drifted = settings.model_copy(update={"corpus_dir": corpus})
    with pytest.raises(Exception, match="800万元"), TestClient(create_app(drifted)):
        pass
    env = {**os.environ, "PA_CORPUS_DIR": str(corpus), "PA_DATA_DIR": str(tmp_path / "data")}
    executable = str(Path(sys.executable).with_name("policy-assistant"))
    result = subprocess.run([executable, "serve"], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    (line,) = [line for line in result.stderr.splitlines() if line.startswith("错误：")]
    assert "奖励规则与政策原文不一致" in line and "800万元" in line
