"""Normalise decoded policy text into the canonical source that clause offsets point into."""

from __future__ import annotations

import re
import unicodedata

# Left behind by Word → text/markdown converters: bookmarks, pandoc anchors, zero-width marks.
_DEBRIS = re.compile(
    r"\[bookmark:[^\]\n]*\]"
    r"|\[\]\{#[^}\n]*\}"
    r"|\{#_[A-Za-z0-9_]+[^}\n]*\}"
    r"|[\u200b\u200c\u200d\u2060\ufeff\u00ad]"
)


def normalize_text(text: str) -> str:
    """Unify line breaks, drop conversion debris and trailing spaces.

    Debris is removed here, before parsing, so the normalised text is the one source every clause
    is a verbatim slice of; no offset ever has to skip over removed characters.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    text = text.replace("\u00a0", " ")
    text = _DEBRIS.sub("", text)
    lines = [line.rstrip(" \t\u3000") for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def control_character_ratio(text: str) -> float:
    """Share of characters that are control codes other than line breaks and tabs."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ch not in "\n\r\t" and unicodedata.category(ch) == "Cc")
    return bad / len(text)
