"""Clauses a question names by number ("第七条讲啥", "第十条第二款是什么意思", "第2条（二）").

Such a question may share no word with the clause it names, so neither BM25 nor the vectors find it: the
number is the whole of what it says. Pure; the clause ids are the ones the clause split gives.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.headings import numeral_value

_NUMBER = r"[0-9０-９]+|[一二三四五六七八九十百零两]+"
# "第十条", then an item as 第二款 / 第二项 / （二） / (2).
# What may follow an article's number: 条 counting other things is not one ("第一条消息", "第一条产线",
# "第二条数据专线").
# Nor what is said of one: "第三条总的方向是什么", "第九条都讲了啥", "第二条具体指什么".
_NOT_AN_ARTICLE = (
    r"(?=$|[的讲说里中和与及、第（(是有提，。？！?!,;；：:\s最奖能可要给规写所对适呢吗啥总整]"
    r"|条件|怎么|什么|内容|关于|项下|前段|后段|主要|具体|一共|到底|大概|概括"
    # 都/也/还 only before what is said of a text: "第九条都讲了啥", not "第一条都已经投产了" (a line)
    r"|[都也还](?:讲|说|写|规定|提|包括|有哪些|是什么))"
)
_REFERENCE = re.compile(
    rf"第\s*(?P<article>{_NUMBER})\s*条{_NOT_AN_ARTICLE}"
    rf"(?:\s*(?:第\s*(?P<item>{_NUMBER})\s*[款项]|[（(]\s*(?P<bracketed>{_NUMBER})\s*[)）]))?"
)
_CLAUSE_ID = re.compile(rf"^第(?P<article>{_NUMBER})条(?:（(?P<item>{_NUMBER})）)?$")


def _value(number: str) -> int:
    return numeral_value(number.replace("两", "二"))


def _places(clause_ids: Sequence[str]) -> dict[tuple[int, int | None], str]:
    places: dict[tuple[int, int | None], str] = {}
    for clause_id in clause_ids:
        if match := _CLAUSE_ID.match(clause_id):
            item = match.group("item")
            places[(_value(match.group("article")), _value(item) if item else None)] = clause_id
    return places


def missing_references(question: str, clause_ids: Sequence[str]) -> list[str]:
    """What the question names by number that the policy does not have ("第十一条", "第十条（四）",
    "第九条第七款"), as the question writes it."""
    places = _places(clause_ids)
    articles = {article for article, _ in places}
    missing = []
    for match in _REFERENCE.finditer(question):
        article = _value(match.group("article"))
        item = match.group("item") or match.group("bracketed")
        if article not in articles or (item and (article, _value(item)) not in places):
            missing.append(match.group().strip())
    return missing


def referenced_clause_ids(question: str, clause_ids: Sequence[str]) -> list[tuple[str, ...]]:
    """The ids among `clause_ids` that `question` names, one group per reference in the order it names
    them. An article named whole is a group of its lead-in and its items, in the policy's order: which
    of them the question is about is for its other words to say."""
    places = _places(clause_ids)
    named: list[tuple[str, ...]] = []
    seen: set[str] = set()
    for match in _REFERENCE.finditer(question):
        article = _value(match.group("article"))
        item = match.group("item") or match.group("bracketed")
        if item:
            wanted = [places.get((article, _value(item)))]
        else:
            wanted = [clause_id for (a, _), clause_id in places.items() if a == article]
        group = tuple(clause_id for clause_id in wanted if clause_id and clause_id not in seen)
        if group:
            named.append(group)
            seen.update(group)
    return named
