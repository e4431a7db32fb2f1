"""The sentence classifier and its rule baseline, as scikit-learn estimators.

Design: three models, one per codebook field. ``collab`` is fitted on all
sentences; ``register`` and ``mode`` only on collaboration sentences, and
their predictions are read as conditional on ``collab = yes`` (the codebook
leaves both empty otherwise). One joint model over the 13 label
combinations would have to learn rare cells (mixed x practised) from a
handful of examples; the factorisation shares what the fields have in common
and mirrors how annotators work.

Each model is one ``Pipeline``: a ``ColumnTransformer`` over the lemmas
(word and character n-grams, the latter for unseen compounds), the lexicon's
marker ids, the marker and grammatical-signal counts, the same counts of
the neighbouring sentences, and the document's average profile; then a logistic regression calibrated with
``CalibratedClassifierCV`` so that a probability of 0.8 means about eight in
ten. The label is chosen from those probabilities by :class:`PriorDiscount`,
which may discount the training priors so that rare labels are not
drowned out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, TransformerMixin, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler
from sklearn.utils import get_tags
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from pipeline.codebook import FIELDS, LABELS
from pipeline.features.table import MARKER_COLUMNS, NUMERIC_COLUMNS, SIGNAL_COLUMNS
from pipeline.settings import ALL_FEATURE_GROUPS, ModelSettings

CONTEXT_SOURCE = MARKER_COLUMNS + SIGNAL_COLUMNS


def _named_columns(estimator: BaseEstimator, X: Any, reset: bool) -> None:
    """The project's own estimators read columns of the sentence table by
    name, so they take a DataFrame and refuse anything else in words; the
    column names seen in ``fit`` are checked again at ``transform`` and
    ``predict`` by scikit-learn's own bookkeeping (``feature_names_in_``)."""
    if not isinstance(X, pd.DataFrame):
        raise TypeError(
            f"{type(estimator).__name__} reads named columns of the sentence table; give a pandas DataFrame, "
            f"not {type(X).__name__}"
        )
    if reset and len(X) == 0:
        raise ValueError(f"{type(estimator).__name__}: found array with 0 sample(s); at least 1 is needed")
    validate_data(estimator, X, reset=reset, skip_check_array=True)


class ContextWindow(TransformerMixin, BaseEstimator):
    """Copy columns of the previous and next sentence of the same document.

    Mode often lives next door: a quote introduced by "vertelt ..." in the
    sentence before, an example after "Bijvoorbeeld:". Stateless; rows must
    be in reading order within each document. It is applied to whole
    documents before the register and mode models select collaboration
    sentences, because a neighbour that is not about collaboration still
    gives context.
    """

    def __init__(self, columns: tuple[str, ...] = tuple(CONTEXT_SOURCE), group: str = "doc_id", width: int = 1):
        self.columns = columns
        self.group = group
        self.width = width

    def fit(self, X: pd.DataFrame, y: Any = None) -> ContextWindow:
        _named_columns(self, X, reset=True)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self)
        _named_columns(self, X, reset=False)
        grouped = X.groupby(self.group, sort=False)[list(self.columns)]
        parts = {}
        for offset in range(1, self.width + 1):
            for direction, shift in (("prev", offset), ("next", -offset)):
                shifted = grouped.shift(shift).fillna(0)
                for column in self.columns:
                    parts[f"{direction}{offset}_{column}"] = shifted[column].to_numpy()
        return pd.DataFrame(parts, index=X.index)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array(
            [
                f"{direction}{offset}_{column}"
                for offset in range(1, self.width + 1)
                for direction in ("prev", "next")
                for column in self.columns
            ]
        )


def with_context(frame: pd.DataFrame, width: int = 1) -> pd.DataFrame:
    """The sentence table with its neighbours' counts added as columns."""
    ordered = frame.sort_values(["doc_id", "sent_index"], kind="stable")
    context = ContextWindow(width=width).fit_transform(ordered)
    return pd.concat([ordered, context], axis=1).loc[frame.index]


def context_columns(width: int = 1) -> list[str]:
    return [str(name) for name in ContextWindow(width=width).get_feature_names_out()]


# What a document's sentences are like on average: how much it reports
# (past and perfect tense, numbers, names), plans (gaan + infinitive,
# modals), quotes and asks, and which lexicon categories it uses. A
# sentence's mode depends on the text it stands in: "we werken samen met
# de school" is a report in an annual report and a promise in a plan.
# Computed from the text itself, so it needs no genre in the metadata and
# works for a text type never seen in training.
PROFILE_COLUMNS = (
    "s_modal_verbs",
    "s_past_tense",
    "s_present_tense",
    "s_perfect_aspect",
    "s_first_person_plural",
    "s_quotation",
    "s_questions",
    "s_numbers",
    "s_named_entities",
    "s_gaan_infinitive",
    "s_hedges",
    "m_claim",
    "m_practice",
    "m_reflective",
    "m_coordination",
    "m_dialogue",
    "n_words",
)


class DocumentProfile(TransformerMixin, BaseEstimator):
    """The mean of each column over the sentences of the row's document.

    Stateless, like :class:`ContextWindow`: the profile is the document's
    own, never the training set's, so a new corpus is described by its
    own text. Rows of one document must be passed together (the corpus
    stages partition by document).
    """

    def __init__(self, columns: tuple[str, ...] = PROFILE_COLUMNS, group: str = "doc_id"):
        self.columns = columns
        self.group = group

    def fit(self, X: pd.DataFrame, y: Any = None) -> DocumentProfile:
        _named_columns(self, X, reset=True)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self)
        _named_columns(self, X, reset=False)
        means = X.groupby(self.group, sort=False)[list(self.columns)].transform("mean")
        means.columns = [f"doc_{column}" for column in self.columns]
        return means

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        return np.array([f"doc_{column}" for column in self.columns])


class LexiconVotes(TransformerMixin, BaseEstimator):
    """What the lexicon says, in a form a linear model can use.

    Counts alone cannot express that *mixed* means both vocabularies at
    once; presence flags, their product and the rule baseline's own votes
    can. With these, the classifier starts from everything the rules know
    and learns where the words and the grammar say otherwise.
    """

    def __init__(self, scale: float = 1.0):
        self.scale = scale

    def fit(self, X: pd.DataFrame, y: Any = None) -> LexiconVotes:
        _named_columns(self, X, reset=True)
        return self

    def transform(self, X: pd.DataFrame) -> pd.DataFrame:
        check_is_fitted(self)
        _named_columns(self, X, reset=False)
        votes: dict[str, np.ndarray] = {}
        for column in MARKER_COLUMNS:
            votes[f"has_{column}"] = (X[column].to_numpy() > 0).astype(float)
        votes["has_coordination_and_dialogue"] = votes["has_m_coordination"] * votes["has_m_dialogue"]
        for field in FIELDS:
            predicted = _rule(field, X)
            for label in LABELS[field]:
                votes[f"rule_{field}_{label}"] = (predicted == label).astype(float)
        # A larger scale is a weaker L2 penalty on these few features
        # relative to the many text n-grams.
        return pd.DataFrame(votes, index=X.index) * self.scale

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        names = [f"has_{column}" for column in MARKER_COLUMNS] + ["has_coordination_and_dialogue"]
        names += [f"rule_{field}_{label}" for field in FIELDS for label in LABELS[field]]
        return np.array(names)


class PriorDiscount(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """A probabilistic classifier whose label is the most probable one after
    dividing each probability by the label's training prior raised to
    ``discount``.

    Why: calibration makes the probabilities carry the labelled text's
    priors again (class re-weighting is undone by ``CalibratedClassifierCV``),
    and the label with the highest calibrated probability is the best guess
    for accuracy, not for a macro-averaged F1, which weighs a rare label
    (*mixed* register, 5 % of collaboration sentences) as much as a common
    one. ``discount`` 0 keeps the plain argmax, 1 decides as if every label
    were equally likely. The probabilities themselves are left as they are:
    the score stage and EM read them.
    """

    def __init__(self, estimator: Any = None, discount: float = 0.0):
        self.estimator = estimator
        self.discount = discount

    def __sklearn_tags__(self):
        # it takes what its inner classifier takes
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator if self.estimator is not None else LogisticRegression())
        tags.input_tags = inner.input_tags
        return tags

    def fit(self, X: Any, y: Any, sample_weight: Any = None) -> PriorDiscount:
        estimator = clone(self.estimator if self.estimator is not None else LogisticRegression())
        if sample_weight is None:
            estimator.fit(X, y)
        else:
            estimator.fit(X, y, sample_weight=sample_weight)
        self.estimator_ = estimator
        self.classes_ = estimator.classes_
        if hasattr(estimator, "n_features_in_"):
            self.n_features_in_ = estimator.n_features_in_
        if hasattr(estimator, "feature_names_in_"):
            self.feature_names_in_ = estimator.feature_names_in_
        labels = column_or_1d(y)  # the inner classifier warns about a column vector
        weights = np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, dtype=float)
        totals = np.array([weights[labels == label].sum() for label in self.classes_])
        self.class_prior_ = totals / totals.sum()
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        check_is_fitted(self)
        return self.estimator_.predict_proba(X)

    def decide(self, probabilities: np.ndarray) -> np.ndarray:
        """Labels from probabilities given in the order of ``classes_``."""
        check_is_fitted(self)
        scores = np.log(np.clip(probabilities, 1e-12, None)) - self.discount * np.log(
            np.clip(self.class_prior_, 1e-12, None)
        )
        return np.asarray(self.classes_)[scores.argmax(axis=1)]

    def predict(self, X: Any) -> np.ndarray:
        return self.decide(self.predict_proba(X))


def decide(model: Any, probabilities: np.ndarray) -> np.ndarray:
    """The labels ``model`` gives for its own ``probabilities`` (columns in
    the order of ``model.classes_``), without computing them again. Models
    saved before :class:`PriorDiscount` existed take the plain argmax."""
    final = model.steps[-1][1] if isinstance(model, Pipeline) else model
    if isinstance(final, PriorDiscount):
        return final.decide(probabilities)
    return np.asarray(model.classes_, dtype=object)[probabilities.argmax(axis=1)]


FEATURE_GROUPS = tuple(ALL_FEATURE_GROUPS)


def build_classifier(params: ModelSettings | Mapping[str, Any] | None, seed: int, field: str | None = None) -> Pipeline:
    """One field's pipeline, settings from ``params.yaml`` (train.model).

    ``features.<field>`` names the feature groups the field's model uses;
    the others are dropped. They were chosen by cross-validation on the
    training part (see the README).
    """
    params = ModelSettings.of(params)
    numeric = NUMERIC_COLUMNS + context_columns(params.context_width)
    features = ColumnTransformer(
        [
            (
                "lemma_words",
                TfidfVectorizer(ngram_range=(1, 2), min_df=params.min_df, sublinear_tf=True),
                "lemma_text",
            ),
            (
                "lemma_chars",
                TfidfVectorizer(
                    analyzer="char_wb",
                    ngram_range=(3, 5),
                    min_df=params.min_df,
                    sublinear_tf=True,
                    max_features=params.max_char_features,
                ),
                "lemma_text",
            ),
            ("markers", CountVectorizer(token_pattern=r"\S+", binary=True, lowercase=False), "marker_ids"),
            ("lexicon_votes", LexiconVotes(scale=params.vote_scale), MARKER_COLUMNS),
            (
                "counts",
                Pipeline(
                    [
                        ("log", FunctionTransformer(np.log1p, feature_names_out="one-to-one")),
                        ("scale", StandardScaler()),
                    ]
                ),
                numeric,
            ),
            (
                "document_profile",
                Pipeline([("profile", DocumentProfile()), ("scale", StandardScaler())]),
                [*PROFILE_COLUMNS, "doc_id"],
            ),
        ],
        sparse_threshold=1.0,
    )
    calibrated = CalibratedClassifierCV(
        LogisticRegression(
            C=params.C,
            # "balanced" suits a class-balanced training set; with labelled
            # text that has real priors, None keeps them (train.model).
            class_weight=None if params.class_weight in (None, "none") else params.class_weight,
            max_iter=3000,
            random_state=seed,
        ),
        method="sigmoid",
        cv=params.calibration_folds,
    )
    classifier = PriorDiscount(calibrated, discount=params.prior_discount.get(field, 0.0) if field else 0.0)
    chosen = params.features.get(field) if field else None
    if chosen:
        features.set_params(**{name: "drop" for name in FEATURE_GROUPS if name not in chosen})
    return Pipeline([("features", features), ("classifier", classifier)])


class RuleBaseline(ClassifierMixin, BaseEstimator):
    """The lexicon alone, as a rule: what counting markers gets you.

    collab: any collaboration, coordination or dialogue marker. register:
    both vocabularies -> mixed, one -> that one, none -> unmarked. mode: the
    mode category with most markers, ties and none -> claimed (the most
    common mode in policy prose). No grammar, no context, no learning.
    """

    def __init__(self, field: str = "collab"):
        self.field = field

    def fit(self, X: pd.DataFrame, y: Any = None) -> RuleBaseline:
        _named_columns(self, X, reset=True)
        self.classes_ = np.array(LABELS[self.field])
        return self

    def predict(self, X: pd.DataFrame) -> np.ndarray:
        check_is_fitted(self)
        _named_columns(self, X, reset=False)
        return _rule(self.field, X)


def _rule(field: str, X: pd.DataFrame) -> np.ndarray:
    """The rule baseline's labels of one field (see :class:`RuleBaseline`)."""
    if field == "collab":
        topical = X["m_collaboration"] + X["m_coordination"] + X["m_dialogue"]
        return np.where(topical > 0, "yes", "no")
    if field == "register":
        coordination, dialogue = X["m_coordination"] > 0, X["m_dialogue"] > 0
        return np.select(
            [coordination & dialogue, coordination, dialogue],
            ["mixed", "coordination", "dialogue"],
            default="unmarked",
        )
    scores = X[["m_claim", "m_practice", "m_reflective"]].to_numpy()
    best = scores.argmax(axis=1)
    # argmax picks the first maximum: claimed wins ties and empty rows.
    return np.array(LABELS["mode"])[best]
