from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from app.api.deps import CalculatorDep
from app.api.schemas import ErrorReply
from app.awards.calculator import Calculation
from app.awards.plan import Plan

router = APIRouter(tags=["awards"])

_ERRORS: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorReply, "description": "规则不存在或输入不合法"}
}


class RuleSummary(BaseModel):
    id: str
    doc_id: str
    clause_id: str
    title: str
    kind: str = Field(description="cap | level | per_year | per_item | rate | no_figure")
    quote: str = Field(description="规则所依据的条款原文")
    figures: list[str] = Field(description="规则使用的政策数字，按原文写法")
    conditions: list[str] = Field(description="获得奖励须满足的条件")
    notes: list[str]
    inputs_schema: dict[str, Any] = Field(description="inputs 的 JSON Schema")


class CalculateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str = Field(min_length=1, max_length=64, examples=["events"])
    inputs: Any = Field(default_factory=dict, examples=[{"spending_yuan": 8000000, "organiser": "国家级"}])


class PlanItemRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rule_id: str = Field(min_length=1, max_length=64)
    inputs: Any = Field(default_factory=dict)
    project: str | None = Field(default=None, max_length=100, description="项目名称；同一项目只取最高的一项")


class PlanRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[PlanItemRequest] = Field(min_length=1, max_length=50)


@router.get("/api/rules", response_model=list[RuleSummary], summary="奖励规则及其输入")
def list_rules(calculator: CalculatorDep) -> list[RuleSummary]:
    return [
        RuleSummary(
            id=rule.id,
            doc_id=rule.doc_id,
            clause_id=rule.clause_id,
            title=rule.title,
            kind=rule.kind,
            quote=rule.quote,
            figures=rule.figures(),
            conditions=[condition.reason for condition in rule.conditions],
            notes=list(rule.notes),
            inputs_schema=calculator.schema(rule.id),
        )
        for rule in calculator.book.rules
    ]


@router.post("/api/calculate", response_model=Calculation, responses=_ERRORS, summary="计算一项奖励")
def calculate(request: CalculateRequest, calculator: CalculatorDep) -> Calculation:
    return calculator.calculate(request.rule_id, request.inputs)


@router.post(
    "/api/calculate/plan", response_model=Plan, responses=_ERRORS, summary="合并计算多项奖励（第十条（二））"
)
def calculate_plan(request: PlanRequest, calculator: CalculatorDep) -> Plan:
    return calculator.plan([(item.project, item.rule_id, item.inputs) for item in request.items])
