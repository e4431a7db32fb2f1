"""Learning curves of the sentence classifier (a benchmark script, not a test).

Two questions, two curves:

1. ``own``: does more of the project's own labelled text still help? The
   classifier is trained on 25, 50 and 100 % of the labelled passages
   (seeded, whole passages) and measured by leave-one-genre-out
   cross-validation on the labelled passages (policy, report, blog, essay,
   and the early written set: each genre predicted by a model that saw
   none of it), so no dev set is involved.
   While the curve still rises, writing more passages is worth it.
2. ``target``: how much does an analyst gain by labelling sentences of their
   own corpus (the explorer's Annoteren page)? The ``dev2`` documents stand
   in for that corpus. They are split into folds of whole documents (five,
   or ``--target-folds``);
   for each fold, the model is trained on the project's labelled passages
   plus 0, 50, 100, 200 or 400 sentences drawn at random from the *other*
   folds' documents, and measured on the held-out fold's documents: field
   figures and the document claim-practice gap error. The held-out documents
   are never trained on; this is the one place where dev2 sentences enter a
   training set, as the issue asks, and the trained models are thrown away.

Run after ``dvc repro train`` from the repository root, with the venv:

    python tests/benchmarks/learning_curve.py [--curves own target]

Writes ``metrics/learning_curve.json`` and prints a table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from pipeline.codebook import FIELDS, LABELS  # noqa: E402
from pipeline.figures.scores import QUANTITIES, figures_from_totals, sentence_weights  # noqa: E402
from pipeline.model.estimators import decide  # noqa: E402
from pipeline.model.metrics import field_scores  # noqa: E402
from pipeline.model.training import fit_field  # noqa: E402
from pipeline.settings import ModelSettings, load_settings  # noqa: E402
from pipeline.stages.evaluate import DevSet, featurise_labelled, gold_document_figures, read_dev_set  # noqa: E402
from pipeline.tools.select_model import measure  # noqa: E402

TARGET_SIZES = (0, 50, 100, 200, 400)
OWN_SHARES = (0.25, 0.5, 1.0)


def headline(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float]:
    """collab F1 on all sentences; register and mode macro-F1 on the gold
    collaboration sentences."""
    result = {"collab": field_scores("collab", gold["collab"], predicted["collab"])["f1_yes"]}
    collab = (gold["collab"] == "yes").to_numpy()
    for field in ("register", "mode"):
        result[field] = field_scores(field, gold.loc[collab, field], predicted.loc[collab, field])["macro_f1"]
    return result


def gap_error(frame: pd.DataFrame, probabilities: pd.DataFrame) -> float:
    """Mean absolute error of the document claim-practice gap from expected
    counts (as the score stage computes its point figure)."""
    labels = pd.concat([frame[["doc_id", "n_words"]], probabilities], axis=1)
    weights = sentence_weights(labels, use_probabilities=True)
    totals = weights.groupby(labels["doc_id"].to_numpy()).sum()
    predicted = figures_from_totals({q: totals[q].to_numpy() for q in QUANTITIES})["claim_practice_gap"]
    gold = gold_document_figures(frame).loc[totals.index, "gold_claim_practice_gap"].to_numpy()
    both = np.isfinite(gold) & np.isfinite(predicted)
    return float(np.abs(predicted[both] - gold[both]).mean())


def predict(models: dict, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hard labels (register and mode unconditional, for the gold-collab
    figures) and probabilities in the score stage's column names."""
    labels, probabilities = pd.DataFrame(index=frame.index), pd.DataFrame(index=frame.index)
    for field in FIELDS:
        model = models[field]
        proba = model.predict_proba(frame)
        classes = list(model.classes_)
        labels[field] = decide(model, proba)
        for label in LABELS[field]:
            probabilities[f"p_{field}_{label}"] = proba[:, classes.index(label)] if label in classes else 0.0
    return labels, probabilities


def _target_point(own, target, pool_index, test_index, fold, size, params, seed, weight=1.0) -> dict:
    """One point of the target curve: own labels plus ``size`` random
    sentences of the pool documents (each counting ``weight`` times),
    measured on the test documents."""
    pool, test = target.iloc[pool_index], target.iloc[test_index]
    order = np.random.default_rng(seed + fold).permutation(len(pool))
    training = pd.concat([own, pool.iloc[np.sort(order[:size])]], ignore_index=True)
    weights = None
    if weight != 1.0:
        weights = pd.Series(np.r_[np.ones(len(own)), np.full(size, weight)], index=training.index)
    models = {field: fit_field(training, field, params, seed, weights) for field in FIELDS}
    labels, probabilities = predict(models, test)
    return {"fold": fold, "target_labels": size, **headline(test, labels), "gap_mae": gap_error(test, probabilities)}


def target_curve(
    own: pd.DataFrame,
    target: pd.DataFrame,
    params: ModelSettings,
    seed: int,
    n_folds: int = 5,
    n_jobs: int = 2,
    weight: float = 1.0,
) -> list[dict]:
    folds = list(GroupKFold(n_splits=n_folds).split(target, groups=target["doc_id"]))
    tasks = [(fold, size) for fold in range(len(folds)) for size in TARGET_SIZES]
    rows = Parallel(n_jobs=n_jobs)(
        delayed(_target_point)(own, target, *folds[fold], fold, size, params, seed, weight) for fold, size in tasks
    )
    for row in rows:
        print(
            f"target fold {row['fold']} +{row['target_labels']:3}: "
            + " ".join(f"{k} {v:.3f}" for k, v in row.items() if k not in ("fold", "target_labels"))
        )
    return rows


def own_curve(own: pd.DataFrame, params: ModelSettings, seed: int, folds: int, n_jobs: int = 2) -> list[dict]:
    rows = []
    passages = np.array(sorted(own["doc_id"].unique()))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(passages))
    for share in OWN_SHARES:
        chosen = set(passages[order[: int(round(share * len(passages)))]])
        subset = own[own["doc_id"].isin(chosen)]
        figures = measure(subset, params, seed, folds, n_jobs=n_jobs, schemes=("genre",))["genre"]
        rows.append({"share": share, "sentences": int(len(subset)), **figures})
        print(
            f"own {share:.2f} ({len(subset)} sentences): " + " ".join(f"{k} {v:.3f}" for k, v in figures.items()),
            flush=True,
        )
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--features", default="data/labelled_features.parquet")
    parser.add_argument("--curves", nargs="*", default=["own", "target"])
    parser.add_argument("--target-folds", type=int, default=5, help="folds of dev2 documents")
    parser.add_argument("--n-jobs", type=int, default=2)
    parser.add_argument(
        "--target-weight",
        type=float,
        default=1.0,
        help="how many of the project's own sentences one target label counts as",
    )
    parser.add_argument("--out", default="metrics/learning_curve.json")
    args = parser.parse_args()
    settings = load_settings(args.params)
    params, seed = settings.train.model, settings.train.seed
    own = pd.read_parquet(args.features)
    report: dict = {"own_sentences": int(len(own))}
    started = time.perf_counter()
    if "own" in args.curves:
        report["own"] = own_curve(own, params, seed, settings.train.cv_folds, args.n_jobs)
    if "target" in args.curves:
        entry = settings.evaluate.dev_sets["dev2"]
        dev_set = DevSet.from_params("dev2", entry)
        if not dev_set.sentences.exists():
            print(f"{dev_set.sentences} not found: target curve skipped")
        else:
            from pipeline.nlp import load_nlp

            labelled, _ = read_dev_set(dev_set)
            nlp = load_nlp(settings.nlp.model)
            target = featurise_labelled(labelled, nlp, settings.lexicon.dir, params.context_width)
            rows = target_curve(own, target, params, seed, args.target_folds, args.n_jobs, args.target_weight)
            report["target_weight"] = args.target_weight
            report["target_folds"] = rows
            table = pd.DataFrame(rows).drop(columns="fold").groupby("target_labels").mean().round(4)
            report["target"] = table.reset_index().to_dict(orient="records")
            print(table.to_string())
    report["seconds"] = round(time.perf_counter() - started, 1)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
