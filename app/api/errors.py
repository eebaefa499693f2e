"""Translate every error into JSON `{"detail": <Chinese message>, "field": <offending field>}`."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import AppError, InvalidInputError, NotFoundError
from app.validation_messages import describe_error, error_field

logger = logging.getLogger(__name__)

_STATUS_MESSAGES: dict[int, str] = {
    400: "请求不合法",
    401: "需要登录",
    403: "无权访问",
    404: "未找到请求的资源",
    405: "不支持该请求方法",
    406: "不支持请求的响应格式",
    413: "请求体过大",
    415: "不支持的请求内容类型",
    429: "请求过于频繁，请稍后再试",
}

INTERNAL_ERROR_MESSAGE = "服务内部错误，请稍后重试；如果问题持续，请联系西城区数据局"


def describe_validation_error(error: dict[str, Any]) -> dict[str, str]:
    location = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        # FastAPI puts the character offset where a field name would be.
        offset = location[1] if len(location) > 1 else None
        where = f"（第 {offset} 个字符附近）" if isinstance(offset, int) else ""
        return {"field": "body", "message": f"请求体不是合法的 JSON{where}"}
    return {"field": error_field(location), "message": describe_error(error)}


def error_body(message: str, field: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": message}
    if field:
        body["field"] = field
    body.update(extra)
    return body


async def _validation_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [describe_validation_error(dict(error)) for error in exc.errors()]
    first = errors[0] if errors else {"field": "", "message": "请求不合法"}
    message = f"{first['field']}：{first['message']}" if first["field"] else first["message"]
    return JSONResponse(
        status_code=422, content=error_body(f"请求参数不合法：{message}", first["field"], errors=errors)
    )


async def _app_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, AppError)
    status = 404 if isinstance(exc, NotFoundError) else 422 if isinstance(exc, InvalidInputError) else 400
    return JSONResponse(status_code=status, content=error_body(exc.message, exc.field))


async def _http_error_handler(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) and not exc.detail.isascii() else None
    message = detail or _STATUS_MESSAGES.get(exc.status_code, "请求失败")
    return JSONResponse(status_code=exc.status_code, content=error_body(message), headers=exc.headers)


async def _unexpected_handler(request: Request, exc: Exception) -> JSONResponse:
    logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(status_code=500, content=error_body(INTERNAL_ERROR_MESSAGE))


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_handler)
    app.add_exception_handler(AppError, _app_error_handler)
    app.add_exception_handler(StarletteHTTPException, _http_error_handler)
    app.add_exception_handler(Exception, _unexpected_handler)
