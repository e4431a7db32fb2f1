"""Model selection for transfer: which classifier settings carry over to
text types the training data does not contain.

A new corpus is, to the classifier, a new text type: its sentence length,
noise and label priors differ from anything labelled. Cross-validation
folds that mix every type flatter a model that learns a type's habits
(templates, priors). So each candidate is measured twice on the labelled
passages, never on a dev set:

- ``passage``: folds grouped by passage (``train.cv_folds``), the ordinary
  in-distribution figure;
- ``text_type``: leave one text type out (beleidsnota, jaarverslag, blog,
  ...): every sentence is predicted by a model that saw no passage of its
  type. This is the figure a candidate is chosen by.

Candidates are overrides of ``train.model`` in ``params.yaml``; the ones
measured, and what they test, are listed in :data:`CANDIDATES`. Run with
``samenspraak select-model`` after ``dvc repro train`` (it reuses the
featurised labelled sentences the train stage writes); the figures go to
``metrics/model_selection.json``.
"""

from __future__ import annotations

import argparse
import copy
import json
import logging
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import LeaveOneGroupOut, StratifiedGroupKFold

from pipeline import paths
from pipeline.codebook import FIELDS
from pipeline.logs import setup_logging
from pipeline.model.estimators import build_classifier, decide
from pipeline.model.metrics import field_scores
from pipeline.model.priors import em_priors
from pipeline.model.training import field_rows
from pipeline.settings import ModelSettings, load_settings

log = logging.getLogger("samenspraak.selection")

# Leave-one-group-out schemes and the column that defines their groups:
# a text type (beleidsnota, blog, ...) or a whole genre (policy, report,
# blog, essay), the harder test.
GROUP_COLUMNS = {"text_type": "text_type", "genre": "text_genre"}

ALL_GROUPS = ["lemma_words", "lemma_chars", "markers", "lexicon_votes", "counts"]

# name -> (what it tests, overrides of train.model)
CANDIDATES: dict[str, tuple[str, dict[str, Any]]] = {
    "current": ("the settings in params.yaml", {}),
    "all_groups": (
        "every feature group for every field",
        {"features": {field: ALL_GROUPS for field in FIELDS}},
    ),
    "all_groups_real_priors": (
        "every feature group, no class re-weighting: the labelled text's own priors",
        {"features": {field: ALL_GROUPS for field in FIELDS}, "class_weight": "none"},
    ),
    "words_no_chars": (
        "lemma words without character n-grams (which may learn a genre's spelling habits)",
        {"features": {field: ["lemma_words", "markers", "lexicon_votes", "counts"] for field in FIELDS}},
    ),
    "document_profile": (
        "every feature group and the document's average profile (tense, modality, quotation, lexicon categories)",
        {"features": {field: [*ALL_GROUPS, "document_profile"] for field in FIELDS}},
    ),
    "no_prior_discount": (
        "the settings in params.yaml, every field deciding by its most probable label (no PriorDiscount)",
        {"prior_discount": {"collab": 0.0, "register": 0.0, "mode": 0.0}},
    ),
    "all_groups_C2": (
        "every feature group, weaker regularisation",
        {"features": {field: ALL_GROUPS for field in FIELDS}, "C": 2.0},
    ),
    # The logistic regression's inverse regularisation strength, measured
    # again on 19,770 sentences: a stronger penalty could carry better to
    # unseen genres, a weaker one uses the larger labelled set.
    "C_0.2": ("the settings in params.yaml with C 0.2 (stronger regularisation)", {"C": 0.2}),
    "C_0.5": ("the settings in params.yaml with C 0.5 (the choice until December 2026)", {"C": 0.5}),
    "C_1": ("the settings in params.yaml with C 1.0", {"C": 1.0}),
    "C_2": ("the settings in params.yaml with C 2.0 (weaker regularisation)", {"C": 2.0}),
}


def merged(base: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = {**result[key], **value}
        else:
            result[key] = value
    return result


def _fold(rows: pd.DataFrame, field: str, params: dict[str, Any], seed: int, train_index, test_index) -> pd.DataFrame:
    """One fold's predictions: the model's own, and the same after EM has
    re-estimated the label priors on the fold's test rows (a left-out text
    type is a corpus whose priors the model does not know)."""
    training = rows.iloc[train_index]
    model = build_classifier(params, seed, field).fit(training, training[field])
    test = rows.iloc[test_index]
    posteriors = model.predict_proba(test)
    classes = np.array(model.classes_, dtype=object)
    shares = training[field].value_counts(normalize=True)
    adjusted, _, _ = em_priors(posteriors, np.array([shares.get(label, 0.0) for label in classes]))
    return pd.DataFrame(
        {"plain": decide(model, posteriors), "em": classes[adjusted.argmax(axis=1)]},
        index=rows.index[test_index],
    )


def out_of_fold(
    frame: pd.DataFrame, field: str, params: dict[str, Any], seed: int, scheme: str, folds: int, n_jobs: int
) -> tuple[pd.Series, pd.DataFrame]:
    """Gold labels and out-of-fold predictions of one field (columns
    ``plain`` and ``em``)."""
    rows = field_rows(frame, field)
    if scheme in GROUP_COLUMNS:
        splits = LeaveOneGroupOut().split(rows, rows[field], groups=rows[GROUP_COLUMNS[scheme]])
    else:
        splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
        splits = splitter.split(rows, rows[field], groups=rows["doc_id"])
    parts = Parallel(n_jobs=n_jobs)(
        delayed(_fold)(rows, field, params, seed, train_index, test_index) for train_index, test_index in splits
    )
    return rows[field], pd.concat(parts).loc[rows.index]


def _headline(field: str, gold: pd.Series, predicted: pd.Series) -> float:
    scores = field_scores(field, gold, predicted)
    return scores["f1_yes"] if field == "collab" else scores["macro_f1"]


def measure(
    frame: pd.DataFrame,
    params: dict[str, Any],
    seed: int,
    folds: int,
    n_jobs: int,
    schemes: tuple[str, ...] = ("passage", "text_type"),
) -> dict[str, Any]:
    """Headline figure per field and scheme, per left-out text type or
    genre, and with priors re-estimated by EM on each left-out text type
    (``text_type_em``)."""
    result: dict[str, Any] = {scheme: {} for scheme in schemes}
    result.update(text_type_em={}, by_text_type={}, by_genre={})
    for scheme in schemes:
        for field in FIELDS:
            gold, predicted = out_of_fold(frame, field, params, seed, scheme, folds, n_jobs)
            result[scheme][field] = _headline(field, gold, predicted["plain"])
            if scheme == "text_type":
                result["text_type_em"][field] = _headline(field, gold, predicted["em"])
            if scheme in GROUP_COLUMNS:
                groups = field_rows(frame, field)[GROUP_COLUMNS[scheme]]
                result[f"by_{scheme}"][field] = {
                    group: _headline(field, gold[mask], predicted["plain"][mask])
                    for group in sorted(groups.unique())
                    for mask in [(groups == group).to_numpy()]
                }
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak select-model", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--features", default=str(paths.LABELLED_FEATURES))
    parser.add_argument("--metrics", default=str(paths.metrics("model_selection")))
    parser.add_argument("--candidates", nargs="*", default=list(CANDIDATES))
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument(
        "--schemes",
        nargs="+",
        default=["passage", "text_type"],
        choices=["passage", *GROUP_COLUMNS],
        help="cross-validation schemes; genre (leave one genre out) is the hardest test",
    )
    args = parser.parse_args(argv)
    setup_logging()

    train = load_settings(args.params).train
    seed, folds = train.seed, train.cv_folds
    frame = pd.read_parquet(args.features)
    report: dict[str, Any] = {
        "sentences": int(len(frame)),
        "passages": int(frame["doc_id"].nunique()),
        "text_types": sorted(frame["text_type"].unique()),
        "candidates": {},
    }
    for name in args.candidates:
        description, overrides = CANDIDATES[name]
        started = time.perf_counter()
        figures = measure(
            frame,
            ModelSettings.of(merged(train.model.model_dump(), overrides)),
            seed,
            folds,
            args.n_jobs,
            tuple(args.schemes),
        )
        report["candidates"][name] = {
            "tests": description,
            "overrides": overrides,
            **figures,
            "seconds": round(time.perf_counter() - started, 1),
        }
        line = "  ".join(
            f"{scheme} " + "/".join(f"{figures[scheme][f]:.3f}" for f in FIELDS)
            for scheme in (*args.schemes, "text_type_em")
            if figures.get(scheme)
        )
        log.info("%-28s %s", name, line)
    Path(args.metrics).parent.mkdir(parents=True, exist_ok=True)
    Path(args.metrics).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
