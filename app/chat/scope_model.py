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

from collections.abc import Mapping, Sequence
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
        self._characters = _character_view(settings)
        texts = [example.text for example in examples]
        features = hstack(
            [csr_matrix(np.asarray(vectors, dtype=float)), self._characters.fit_transform(texts)]
        ).tocsr()
        targets = np.array([LABELS.index(example.label) for example in examples])
        self._model = LogisticRegression(C=settings.regularisation, max_iter=5000)
        self._model.fit(features, targets)

    def export(self) -> dict[str, np.ndarray]:
        """What the trained classifier is, as plain arrays (no pickle): the character vocabulary in
        column order, its idf weights and the regression's coefficients. `restore` takes them back."""
        vocabulary = self._characters.vocabulary_
        terms = sorted(vocabulary, key=vocabulary.__getitem__)
        return {
            "terms": np.array(terms, dtype=str),
            "idf": np.asarray(self._characters.idf_, dtype=float),
            "classes": np.asarray(self._model.classes_),
            "coef": np.asarray(self._model.coef_, dtype=float),
            "intercept": np.asarray(self._model.intercept_, dtype=float),
        }

    @classmethod
    def restore(cls, arrays: Mapping[str, np.ndarray], settings: ClassifierSettings) -> ScopeClassifier:
        """The classifier `export` described, without fitting again. Raises ValueError (or KeyError)
        when the arrays do not fit together; the caller checks its answers before trusting it."""
        terms = [str(term) for term in arrays["terms"]]
        coef = np.asarray(arrays["coef"], dtype=float)
        idf = np.asarray(arrays["idf"], dtype=float)
        if len(set(terms)) != len(terms) or idf.shape != (len(terms),) or coef.ndim != 2:
            raise ValueError("the stored vocabulary, weights and coefficients do not match")
        classifier = cls.__new__(cls)
        classifier.settings = settings
        classifier._characters = _character_view(settings, {term: i for i, term in enumerate(terms)})
        classifier._characters.idf_ = idf
        model = LogisticRegression(C=settings.regularisation, max_iter=5000)
        model.classes_ = np.asarray(arrays["classes"])
        model.coef_ = coef
        model.intercept_ = np.asarray(arrays["intercept"], dtype=float)
        model.n_features_in_ = coef.shape[1]
        classifier._model = model
        return classifier

    def probabilities(self, texts: Sequence[str], vectors: np.ndarray) -> np.ndarray:
        """One row per text: the chance of each label, in `LABELS` order."""
        features = hstack(
            [csr_matrix(np.asarray(vectors, dtype=float)), self._characters.transform(list(texts))]
        ).tocsr()
        rows = self._model.predict_proba(features)
        ordered = np.zeros((len(texts), len(LABELS)))
        for column, index in enumerate(self._model.classes_):
            ordered[:, int(index)] = rows[:, column]
        return ordered

    def judge(self, text: str, vector: Sequence[float], follows_up: bool = False) -> ScopeVerdict:
        """`refused` or `out_of_scope` when the question is unlikely to be a genuine one. A follow-up
        needs a lower chance to be turned away: what it says often makes sense only with the turn before
        ("我们排第二，标准已经发布了"), but "北京今天限号吗" after an answer is still off the subject."""
        row = self.probabilities([text], np.asarray([vector], dtype=float))[0]
        probabilities: dict[Label, float] = {label: float(p) for label, p in zip(LABELS, row, strict=True)}
        bar = self.settings.follow_up_answer_below if follows_up else self.settings.answer_below
        if probabilities["answered"] >= bar:
            return ScopeVerdict("answered", probabilities)
        label: Label = max(("out_of_scope", "refused"), key=lambda name: probabilities[name])
        return ScopeVerdict(label, probabilities)


def _character_view(
    settings: ClassifierSettings, vocabulary: dict[str, int] | None = None
) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char", ngram_range=(1, settings.ngram_max), sublinear_tf=True, vocabulary=vocabulary
    )
