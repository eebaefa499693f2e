"""Errors the service raises below the API layer; the edges translate them (API → JSON, CLI → one line).

AppError                 message (Chinese, shown to the user) and the offending field, if any
 ├── NotFoundError       a document or clause that does not exist        → HTTP 404
 └── InvalidInputError   input that is well-formed but not acceptable    → HTTP 422
"""

from __future__ import annotations


class AppError(Exception):
    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(message)


class NotFoundError(AppError):
    pass


class InvalidInputError(AppError):
    pass
