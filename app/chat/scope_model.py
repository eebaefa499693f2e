"""A learned scope signal: answered, out of scope or refused, from a question's vector and its characters.

Word lists catch the requests someone thought of; people who have not read them write the rest. So a
logistic regression (scikit-learn) is trained on labelled examples under `corpus/scope-examples/` —
written by eight separate authors from the policy, never from the golden set — over two views of a
question: its sentence vector (what it is about) and its character uni- and bigrams (the words that
mark a request: 忽略, 海淀, 所得税). It answers only when it is confident: a question is taken away from
the policy only if the chance that it is a genuine one falls below `answer_below` (scope.yaml), because
a real question turned away costs the user, and the lists and the grounding guard still stand behind.

Pure: vectors come in as arrays; embedding the examples is app/chat/scope_training.py's job.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

Label = Literal["answered", "out_of_scope", "refused"]
LABELS: tuple[Label, ...] = ("answered", "out_of_scope", "refused")


class ScopeExample(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str = Field(min_length=1)
    label: Label


class ClassifierSettings(BaseModel):
    """How the classifier is trained and when it speaks (the `classifier` block of scope.yaml)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    examples: str = "scope-examples"
    regularisation: float = Field(default=16.0, gt=0)  # scikit-learn's C
    ngram_max: int = Field(default=2, ge=1, le=4)
    answer_below: float = Field(default=0.3, gt=0, lt=1)
    # A follow-up ("我们排第二，标准已经发布了") leans on the answer before it and reads oddly alone.
    follow_up_answer_below: float = Field(default=0.1, gt=0, lt=1)
    # A request the classifier is nearly sure is one to refuse is refused even when a list says what it
    # is about is outside the policy: "翻译这份合同，顺便把金额改大" is a translation, but it asks for a
    # forgery (a task needs words of altering something too: scope.yaml). 1 turns this off.
    refuse_over_out_of_scope: float = Field(default=1.0, gt=0, le=1)
    # A question of several sentences is refused when one of them alone is at least this sure a request to
    # refuse: an instruction after a genuine question reads as genuine taken whole. 1 turns this off.
    refuse_a_sentence_at: float = Field(default=1.0, gt=0, le=1)


@dataclass(frozen=True, slots=True)
class ScopeVerdict:
    label: Label
    probabilities: dict[Label, float]

    def describe(self) -> str:
        return ", ".join(f"{label} {p:.2f}" for label, p in self.probabilities.items())


class ScopeClassifier:
    """Trained once from examples and their vectors; `judge` is then a few microseconds of arithmetic."""

    def __init__(
        self, examples: Sequence[ScopeExample], vectors: np.ndarray, settings: ClassifierSettings
    ) -> None:
        if len(examples) != len(vectors):
            raise ValueError("one vector per example")
        present = {example.label for example in examples}
        if present != set(LABELS):
            raise ValueError(f"the examples need every label; missing {sorted(set(LABELS) - present)}")
        self.settings = settings
        self._characters = TfidfVectorizer(
            analyzer="char", ngram_range=(1, settings.ngram_max), sublinear_tf=True
        )
        texts = [example.text for example in examples]
        features = hstack(
            [csr_matrix(np.asarray(vectors, dtype=float)), self._characters.fit_transform(texts)]
        ).tocsr()
        targets = np.array([LABELS.index(example.label) for example in examples])
        self._model = LogisticRegression(C=settings.regularisation, max_iter=5000)
        self._model.fit(features, targets)

    def judge(self, text: str, vector: Sequence[float], follows_up: bool = False) -> ScopeVerdict:
        """`refused` or `out_of_scope` when the question is unlikely to be a genuine one. A follow-up
        needs a lower chance to be turned away: what it says often makes sense only with the turn before
        ("我们排第二，标准已经发布了"), but "北京今天限号吗" after an answer is still off the subject."""
        features = hstack(
            [csr_matrix(np.asarray([vector], dtype=float)), self._characters.transform([text])]
        ).tocsr()
        row = self._model.predict_proba(features)[0]
        probabilities: dict[Label, float] = {
            LABELS[int(index)]: float(p) for index, p in zip(self._model.classes_, row, strict=True)
        }
        bar = self.settings.follow_up_answer_below if follows_up else self.settings.answer_below
        if probabilities["answered"] >= bar:
            return ScopeVerdict("answered", probabilities)
        label: Label = max(("out_of_scope", "refused"), key=lambda name: probabilities[name])
        return ScopeVerdict(label, probabilities)
