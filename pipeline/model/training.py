"""DVC stage ``train``: fit the sentence classifier on labelled sentences,
measure it against the rule baseline, and save it.

What is measured on what, so that no figure flatters:

1. The labelled passages are split once (seeded, by passage, so no
   passage's sentences are on both sides) into a training part and a
   held-out part (``train.heldout_share``).
2. Cross-validation (``train.cv_folds`` folds, grouped by text type, or
   by passage with ``train.cv_groups: doc_id``) on the training part:
   figures for classifier and baseline on every training sentence, each
   predicted by a model that saw no passage of its text type. These
   out-of-fold labels are saved with the model: they are what the score
   stage learns the classifier's error rates from.
3. A model fitted on the whole training part labels the held-out part,
   which no choice in this project was tuned on.
4. The model that is saved and used is then fitted on all labelled
   sentences; its own figures on that data would be training-set figures,
   and are not reported.

Optionally (``train.weak_labels``), sentences of the corpus being analysed
whose lexicon evidence is unambiguous are added with the rule baseline's
labels at a lower weight. They never enter an evaluation fold.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import StratifiedGroupKFold

from pipeline.codebook import FIELDS, LABELS
from pipeline.logs import progress
from pipeline.model.estimators import RuleBaseline, build_classifier, decide
from pipeline.model.metrics import field_scores, headline
from pipeline.settings import ModelSettings, TrainSettings

log = logging.getLogger("samenspraak.train")


def field_rows(frame: pd.DataFrame, field: str) -> pd.DataFrame:
    """The rows a field's model learns from: all for collab, collaboration
    sentences for register and mode."""
    return frame if field == "collab" else frame[frame["collab"] == "yes"]


def fit_field(
    frame: pd.DataFrame,
    field: str,
    params: ModelSettings | Mapping[str, Any] | None,
    seed: int,
    weights: pd.Series | None = None,
):
    """One field's model on the rows it learns from. A label with fewer
    examples than the calibration folds (a small labelled set, or a
    cross-validation fold that holds out the text types that have it) gets
    fewer folds, and a label seen once is left out, with a warning, instead
    of the whole run failing."""
    rows = field_rows(frame, field)
    counts = rows[field].value_counts()
    if (counts < 2).any():
        log.warning("train %s: labels seen once are left out of this fit: %s", field, sorted(counts[counts < 2].index))
        rows = rows[rows[field].isin(counts[counts >= 2].index)]
        counts = counts[counts >= 2]
    params = ModelSettings.of(params)
    model = build_classifier(params, seed, field)
    folds = params.calibration_folds
    if len(counts) and counts.min() < folds:
        model.set_params(classifier__estimator__cv=max(2, int(counts.min())))
    fit_params = {}
    if weights is not None:
        fit_params["classifier__sample_weight"] = weights.loc[rows.index].to_numpy()
    return model.fit(rows, rows[field], **fit_params)


def fit_fields(
    frame: pd.DataFrame,
    params: ModelSettings | Mapping[str, Any] | None,
    seed: int,
    weights: pd.Series | None = None,
    jobs: int = 1,
) -> dict[str, Any]:
    """One model per codebook field, the fields fitted in ``jobs`` processes."""
    fitted = Parallel(n_jobs=jobs)(delayed(fit_field)(frame, field, params, seed, weights) for field in FIELDS)
    return dict(zip(FIELDS, fitted, strict=True))


def _fold_probabilities(
    frame: pd.DataFrame,
    field: str,
    params: ModelSettings,
    seed: int,
    train_index: np.ndarray,
    test_index: np.ndarray,
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """One fold's fit of one field: its probabilities on the held-out rows,
    the labels in their order, and the labels it decides on."""
    model = fit_field(frame.iloc[train_index], field, params, seed)
    probabilities = model.predict_proba(frame.iloc[test_index])
    return probabilities, list(model.classes_), decide(model, probabilities)


def cross_validate(
    frame: pd.DataFrame,
    params: ModelSettings | Mapping[str, Any] | None,
    folds: int,
    seed: int,
    group_column: str = "text_type",
    jobs: int = 1,
) -> dict[str, Any]:
    """Out-of-fold labels and probabilities of every row for every field,
    and the baseline on the same rows.

    Folds are grouped by ``group_column``: by text type (the default), each
    sentence is predicted by models that never saw a passage of its kind of
    document, which is what a new corpus is like; by ``doc_id``, only its
    own passage is kept out. Register and mode are predicted for every row,
    as ``classify`` does, so that the out-of-fold table gives the error
    rates of the combined labels (:mod:`pipeline.figures.correction`); they are
    scored on the gold collaboration sentences, so each field is judged on
    its own. The folds' fits (folds x fields) run in ``jobs`` processes;
    each is seeded the same way wherever it runs."""
    groups = frame[group_column].fillna("").astype(str) if group_column in frame else frame["doc_id"]
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    columns: dict[str, np.ndarray] = {}
    predicted = {field: np.empty(len(frame), dtype=object) for field in FIELDS}
    for field in FIELDS:
        for label in LABELS[field]:
            columns[f"p_{field}_{label}"] = np.zeros(len(frame))
    fold_of = np.zeros(len(frame), dtype=int)
    params = ModelSettings.of(params)
    splits = list(splitter.split(frame, frame["collab"], groups=groups))
    tasks = [
        (fold, field, train_index, test_index)
        for fold, (train_index, test_index) in enumerate(splits)
        for field in FIELDS
    ]
    fits = Parallel(n_jobs=jobs, return_as="generator")(
        delayed(_fold_probabilities)(frame, field, params, seed, train_index, test_index)
        for _, field, train_index, test_index in tasks
    )
    for (fold, field, _, test_index), (probabilities, classes, decided) in zip(
        tasks, progress(fits, "cross-validation", total=len(tasks), unit="fit")
    ):
        fold_of[test_index] = fold
        for label in LABELS[field]:
            if label in classes:
                columns[f"p_{field}_{label}"][test_index] = probabilities[:, classes.index(label)]
        predicted[field][test_index] = np.asarray(decided, dtype=object)
    out_of_fold = pd.DataFrame(
        {
            "id": frame["id"].to_numpy(),
            "doc_id": frame["doc_id"].to_numpy(),
            "text_type": groups.to_numpy(),
            "fold": fold_of,
            **{field: frame[field].to_numpy(dtype=object) for field in FIELDS},
            **{f"pred_{field}": predicted[field] for field in FIELDS},
            **{name: np.round(values, 4) for name, values in columns.items()},
        }
    )
    results: dict[str, Any] = {"classifier": {}, "baseline": {}}
    predictions: dict[str, tuple[list, list]] = {}
    for field in FIELDS:
        rows = field_rows(frame, field)
        position = frame.index.get_indexer(rows.index)
        field_predicted = predicted[field][position]
        results["classifier"][field] = field_scores(field, rows[field], field_predicted)
        results["baseline"][field] = field_scores(field, rows[field], RuleBaseline(field).fit(rows).predict(rows))
        predictions[field] = (list(rows[field]), list(field_predicted))
    return {"scores": results, "predictions": predictions, "out_of_fold": out_of_fold}


def evaluate_models(models: dict[str, Any], frame: pd.DataFrame) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
    """Classifier and baseline on gold rows; register and mode on the gold
    collaboration sentences, so each field is judged on its own. Returns the
    scores and, per field, (gold, predicted) for confusion plots."""
    results: dict[str, Any] = {"classifier": {}, "baseline": {}}
    predictions: dict[str, tuple[list, list]] = {}
    for field in FIELDS:
        rows = field_rows(frame, field)
        predicted = models[field].predict(rows)
        results["classifier"][field] = field_scores(field, rows[field], predicted)
        results["baseline"][field] = field_scores(field, rows[field], RuleBaseline(field).fit(rows).predict(rows))
        predictions[field] = (list(rows[field]), list(predicted))
    return results, predictions


def summarise(scores: dict[str, Any]) -> dict[str, Any]:
    classifier, baseline = headline(scores["classifier"]), headline(scores["baseline"])
    return {
        "classifier": classifier,
        "baseline": baseline,
        "gain": {key: round(classifier[key] - baseline[key], 4) for key in classifier},
    }


def weak_label_rows(features_path: Path, params: TrainSettings) -> pd.DataFrame:
    """Corpus sentences the lexicon labels without doubt: several topical
    markers and a single mode category, or no marker at all for ``no``."""
    corpus = pd.read_parquet(features_path)
    topical = corpus[["m_collaboration", "m_coordination", "m_dialogue"]].sum(axis=1)
    modes = (corpus[["m_claim", "m_practice", "m_reflective"]] > 0).sum(axis=1)
    confident_yes = (topical >= params.weak_min_markers) & (modes == 1)
    confident_no = (topical == 0) & (corpus["m_negative"] == 0) & (corpus["n_words"] >= 6)
    chosen = corpus[confident_yes | confident_no].copy()
    for field in FIELDS:
        chosen[field] = RuleBaseline(field).fit(chosen).predict(chosen)
    chosen.loc[chosen["collab"] == "no", ["register", "mode"]] = None
    chosen["id"] = "weak:" + chosen["doc_id"] + ":" + chosen["sent_index"].astype(str)
    chosen["doc_id"] = "weak:" + chosen["doc_id"]
    return chosen
