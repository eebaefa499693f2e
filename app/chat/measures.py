"""Which award rule of a clause a question is about: the rules as small BM25 documents.

A clause can hold several measures (第四条（二） has four). Each rule's document is its title, its quote
and every word the rules file gives its inputs, tokenised like the policy, so "大赛二等奖" finds the
contest rule and "典型案例" the case rule of the same clause. The title counts once more on its own: a
question naming it ("数据流通交易平台能拿多少") is about that measure, however many words another measure's
quote shares with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from app.awards.rules import Rule
from indexer.sparse import SparseIndex
from indexer.tokenizing import PolicyTokenizer, fold

_TIE_BREAK = 0.1
# Measured on dev and the probe sets: 0.3 and 0.6 choose alike; nothing chosen worse than without it.
_TITLE_WEIGHT = 0.3


def _document(rule: Rule) -> str:
    words: list[str] = [rule.title, rule.quote]
    for item in rule.inputs:
        words += [item.label, *item.cues, *item.yes_words]
        for choice in item.choices:
            words += [choice.value, *(word for word in choice.words if word not in choice.listed_words)]
    return " ".join(words)


class MeasureIndex:
    def __init__(self, rules: Sequence[Rule], tokenizer: PolicyTokenizer) -> None:
        self.rules = list(rules)
        self._tokenizer = tokenizer
        texts = [_document(rule) for rule in self.rules]
        documents = [tokenizer.tokens(text) for text in texts]
        self._sparse = SparseIndex(documents)
        # A measure's title says what it is about in a few words: a question naming them is about it, however
        # many other words the rules file gives the measure.
        self._titles = SparseIndex([tokenizer.tokens(rule.title) for rule in self.rules])
        self._words = {rule.id: frozenset(tokens) for rule, tokens in zip(self.rules, documents, strict=True)}
        self._title_words = {rule.id: frozenset(tokenizer.tokens(rule.title)) for rule in self.rules}
        self._texts = {rule.id: fold(text) for rule, text in zip(self.rules, texts, strict=True)}

    def names_another(
        self, question: str, before: Rule, clause: tuple[str, str], least: float, ratio: float
    ) -> bool:
        """Whether the question names a measure of `clause` by the measures' own words (their titles, quotes
        and input words) at least `least` strongly and `ratio` times as strongly as the measure `before`."""
        scores = self._sparse.scores(self._tokenizer.tokens(question))
        best = max(
            (
                float(s)
                for rule, s in zip(self.rules, scores, strict=True)
                if (rule.doc_id, rule.clause_id) == clause
            ),
            default=0.0,
        )
        mine = next(
            (float(s) for rule, s in zip(self.rules, scores, strict=True) if rule.id == before.id), 0.0
        )
        return best >= least and best >= ratio * mine

    def of_clause(self, doc_id: str, clause_id: str) -> list[Rule]:
        return [r for r in self.rules if (r.doc_id, r.clause_id) == (doc_id, clause_id)]

    def rank(self, question: str, doc_id: str, clause_id: str) -> list[Rule]:
        """The clause's rules, the one the question is most about first (policy order on ties)."""
        return [rule for rule, _ in self.scored(question, doc_id, clause_id)]

    def scored(self, question: str, doc_id: str, clause_id: str) -> list[tuple[Rule, float]]:
        """The clause's rules with how much the question is about each, best first."""
        candidates = [i for i, r in enumerate(self.rules) if (r.doc_id, r.clause_id) == (doc_id, clause_id)]
        if len(candidates) <= 1:
            return [(self.rules[i], 0.0) for i in candidates]
        scores = self._scores(question)
        ordered = sorted(candidates, key=lambda i: (-float(scores[i]), i))
        return [(self.rules[i], float(scores[i])) for i in ordered]

    def naming(self, question: str, doc_id: str, clause_id: str) -> tuple[Rule, float] | None:
        """The clause's measure the question names most strongly, and how strongly — scored as `named`
        scores the whole policy's, so a clause's only measure has its score too."""
        scores = self._scores(question)
        candidates = [i for i, r in enumerate(self.rules) if (r.doc_id, r.clause_id) == (doc_id, clause_id)]
        best = max(candidates, key=lambda i: (float(scores[i]), -i), default=None)
        return (self.rules[best], float(scores[best])) if best is not None else None

    def score(self, question: str, rule_id: str) -> float:
        """How strongly the question names the measure `rule_id` by its own words (0 for no such measure)."""
        scores = self._scores(question)
        return next((float(scores[i]) for i, r in enumerate(self.rules) if r.id == rule_id), 0.0)

    def title_score(self, question: str, rule_id: str) -> float:
        """How strongly the question names the measure `rule_id` by the words of its title alone."""
        scores = self._titles.scores(self._tokenizer.tokens(question))
        return next((float(scores[i]) for i, r in enumerate(self.rules) if r.id == rule_id), 0.0)

    def named(self, question: str, least: float, least_title: float) -> Rule | None:
        """The measure of the whole policy the question names, scored as `scored` scores a clause's: the
        best, when it scores at least `least` and its title alone at least `least_title` ("我们已经拿了
        算力券" names the voucher measure; "拿过北京市的支持资金" only shares words with a condition of
        the data-centre measure's quote).
        """
        scores = self._scores(question)
        best = max(range(len(self.rules)), key=lambda i: (float(scores[i]), -i), default=None)
        if best is None or float(scores[best]) < least:
            return None
        title = float(self._titles.scores(self._tokenizer.tokens(question))[best])
        return self.rules[best] if title >= least_title else None

    def _scores(self, question: str) -> np.ndarray:
        # The question's own words decide; the policy's synonyms only break ties. Expanded, a
        # question's words reach every measure of a clause alike ("典型案例" also reads as 示范).
        tokens = self._tokenizer.tokens(question)
        own = self._sparse.scores(tokens)
        expanded = self._sparse.scores(self._tokenizer.tokens(self._tokenizer.expand(question).expanded_text))
        scores: np.ndarray = own + _TIE_BREAK * expanded + _TITLE_WEIGHT * self._titles.scores(tokens)
        return scores

    def only_in(self, question: str, rule: Rule, other: Rule) -> set[str]:
        """The question's words that `rule`'s words have and `other`'s do not ("北京分赛" against the
        finals measure).

        A word inside `other`'s text is not one it lacks, however the tokenizer cut that text: "交易平台"
        is a token of "接入交易平台" but lies inside the platform measure's "数据流通交易平台"."""
        words = (set(self._tokenizer.tokens(question)) & self._words[rule.id]) - self._words[other.id]
        return {word for word in words if word not in self._texts[other.id]}

    def named_apart(self, question: str, rule: Rule, other: Rule) -> set[str]:
        """`only_in` for the words of `rule`'s title: what names that measure, not words its quote shares with
        the question ("可信数据空间只评上了北京市级试点" uses 北京市 of the retrofit measure's condition, but names
        the pilot measure; "存量数据中心改造" names the retrofit one)."""
        return {word for word in self.only_in(question, rule, other) if word in self._title_words[rule.id]}

    def choose(
        self,
        question: str,
        doc_id: str,
        clause_id: str,
        filled: Callable[[Rule], int],
        named: Callable[[Rule], bool],
        near_share: float,
    ) -> list[Rule]:
        """`rank`, except that the question's own statements choose where words cannot.

        A question that uses a word only the best-scoring measure has ("北京分赛", "试点", "入表") stays
        with it. Otherwise a question that `named` an amount only one measure of the clause has (its cap,
        asked after as "能拿这笔…吗") is about that measure; failing that, among the measures scoring at
        least `near_share` of the best, the one whose inputs the question `filled` most comes first:
        words two measures share ("大赛 … 全国总决赛 … 一等奖" is in both contest measures) cannot
        choose between them."""
        scored = self.scored(question, doc_id, clause_id)
        if len(scored) < 2 or scored[0][1] <= 0:
            return [rule for rule, _ in scored]
        best = scored[0][0]
        open_to = [rule for rule, _ in scored if not self.only_in(question, best, rule)]
        naming = [rule for rule in open_to if named(rule)]
        if len(naming) == 1:
            chosen = naming[0]
        else:
            near = [rule for rule, score in scored if score >= near_share * scored[0][1] and rule in open_to]
            chosen = max(near, key=filled)  # the first of equals: the higher score
        return [chosen, *(rule for rule, _ in scored if rule is not chosen)]
