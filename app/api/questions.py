"""The one check every question a user sends goes through, wherever it is sent."""

from __future__ import annotations

import re

# Control characters (line breaks and tabs aside) have no place in a question; PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_question(text: str) -> str:
    """`text` without surrounding blanks; a ValueError (the 422's Chinese message) if empty or odd."""
    text = text.strip()
    if not text:
        raise ValueError("问题不能为空")
    if _CONTROL.search(text):
        raise ValueError("问题中含有不可见的控制字符")
    return text
