"""Response models of the public API."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class HealthReply(BaseModel):
    status: str = Field(examples=["ok"])
    version: str
    documents: int = Field(description="已入库的政策文件数")
    clauses: int = Field(description="已入库的条款数")


class ClauseReply(BaseModel):
    doc_id: str
    clause_id: str = Field(examples=["第二条（二）"])
    title: str = Field(description="所属条的标题", examples=["培育优质经营主体"])
    article: str = Field(examples=["第二条"])
    order: int = Field(description="在文件中的顺序，从 1 开始")
    text: str
    start: int = Field(description="在文件规范化原文中的起始字符偏移")
    end: int = Field(description="在文件规范化原文中的结束字符偏移（不含）")
    headings: list[str] = Field(description="从章到条（到上级项）的标题链")


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    version: str
    revision: int
    source_name: str
    sha256: str
    clauses: int
    updated_at: datetime


class DocumentDetail(DocumentSummary):
    source_text: str = Field(description="规范化后的原文；条款的 start/end 指向这里")


class ErrorReply(BaseModel):
    detail: str = Field(description="中文错误说明")
    field: str | None = Field(default=None, description="出错的字段")
