"""DVC stage ``train``: fit the sentence classifier on the labelled
sentences, measure it against the rule baseline, and save it with its
out-of-fold labels. What is measured on what is explained in
:mod:`pipeline.model.training`.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import GroupShuffleSplit

from pipeline import paths
from pipeline.codebook import FIELDS
from pipeline.features.markers import MarkerMatcher
from pipeline.features.table import featurise_sentence_table
from pipeline.lexicon import load_lexicon
from pipeline.logs import setup_logging
from pipeline.model.classifier import classifier_version, save_models
from pipeline.model.estimators import with_context
from pipeline.model.label_files import labelled_files, labels_digest, read_labelled
from pipeline.model.metrics import confusion_rows, describe_summary
from pipeline.model.priors import training_priors
from pipeline.model.training import cross_validate, evaluate_models, fit_fields, summarise
from pipeline.paths import OUT_OF_FOLD
from pipeline.settings import load_settings
from pipeline.storage import atomic_outputs

log = logging.getLogger("samenspraak.train")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak train", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--models", default=str(paths.MODELS))
    parser.add_argument("--features-out", default=str(paths.LABELLED_FEATURES))
    parser.add_argument("--weak-labels", default=str(paths.WEAK_LABELS), help="the weak_labels stage's table")
    parser.add_argument("--metrics", default=str(paths.metrics("train")))
    parser.add_argument("--plots", default=str(paths.PLOTS))
    args = parser.parse_args(argv)
    setup_logging()

    from pipeline.nlp import describe_nlp, load_nlp

    settings = load_settings(args.params)
    params = settings.train
    seed = params.seed
    model_params = params.model
    started = time.perf_counter()

    labelled, problems = read_labelled(labelled_files(params.labelled_dir))
    for problem in problems:
        log.warning("label skipped: %s line %s: %s", problem.file, problem.line, problem.message)
    nlp = load_nlp(settings.nlp.model)
    lexicon = load_lexicon(settings.lexicon.dir)
    matcher = MarkerMatcher(nlp.vocab, lexicon)
    features, _ = featurise_sentence_table(nlp, matcher, labelled, n_process=1)
    frame = labelled.merge(features.drop(columns=["doc_id"]), on="id")
    frame["doc_id"] = frame["doc"].astype(str)
    frame = with_context(frame, model_params.context_width)

    split = GroupShuffleSplit(n_splits=1, test_size=params.heldout_share, random_state=seed)
    train_index, heldout_index = next(split.split(frame, groups=frame["doc_id"]))
    training, heldout = frame.iloc[train_index], frame.iloc[heldout_index]

    cv = cross_validate(training, model_params, params.cv_folds, seed, params.cv_groups, params.n_jobs)
    heldout_models = fit_fields(training, model_params, seed, jobs=params.n_jobs)
    heldout_scores, _ = evaluate_models(heldout_models, heldout)

    final_frame, weights = frame, None
    n_weak = 0
    weak = pd.read_parquet(args.weak_labels) if Path(args.weak_labels).exists() else pd.DataFrame()
    if params.weak_labels and len(weak):
        weak = with_context(weak, model_params.context_width)
        n_weak = len(weak)
        final_frame = pd.concat([frame, weak], ignore_index=True)
        weights = pd.Series(
            np.where(final_frame["id"].astype(str).str.startswith("weak:"), params.weak_weight, 1.0),
            index=final_frame.index,
        )
    final_models = fit_fields(final_frame, model_params, seed, weights, params.n_jobs)

    report = {
        "labelled_sentences": int(len(frame)),
        "labelled_passages": int(frame["doc_id"].nunique()),
        "label_problems": len(problems),
        "training_sentences": int(len(training)),
        "heldout_sentences": int(len(heldout)),
        "weak_label_sentences": n_weak,
        "cross_validation": {"summary": summarise(cv["scores"]), **cv["scores"]},
        "heldout": {"summary": summarise(heldout_scores), **heldout_scores},
        "seconds": round(time.perf_counter() - started, 1),
    }
    manifest = {
        # lexicon, seed, sentences trained on, which labels they carried, and
        # the training settings (feature groups, regularisation, weak labels)
        "classifier_version": classifier_version(
            lexicon.version,
            seed,
            len(final_frame),
            labels_digest(labelled),
            params.model_dump(mode="json", exclude={"labelled_dir"}),
        ),
        "lexicon_version": lexicon.version,
        "nlp_model": settings.nlp.model,
        "nlp": describe_nlp(nlp),
        "fields": list(FIELDS),
        "trained_on_sentences": int(len(final_frame)),
        # The priors the probabilities carry, for re-estimating them on a
        # corpus (classify.prior_adaptation).
        "training_priors": training_priors(final_frame),
        "weak_label_sentences": n_weak,
        "params": params.model_dump(mode="json"),
        "validation": {
            "cross_validation": report["cross_validation"]["summary"],
            "heldout": report["heldout"]["summary"],
        },
    }
    # Written only now that everything is computed, and renamed into place
    # together: a failure anywhere above leaves the previous model whole
    # (pipeline.storage).
    plots = [Path(args.plots) / f"cv_confusion_{field}.csv" for field in cv["predictions"]]
    with atomic_outputs(args.features_out, args.models, args.metrics, *plots) as staging:
        features_path, models_dir, metrics_path, *plot_paths = staging
        frame.to_parquet(features_path, index=False)
        save_models(final_models, models_dir, manifest, settings.lexicon.dir)
        # The out-of-fold labels go with the model: the score stage estimates
        # the classifier's error rates from them (pipeline.figures.correction).
        cv["out_of_fold"].to_parquet(models_dir / OUT_OF_FOLD, index=False)
        metrics_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for (field, (gold, predicted)), plot_path in zip(cv["predictions"].items(), plot_paths, strict=True):
            pd.DataFrame(confusion_rows(field, gold, predicted)).to_csv(plot_path, index=False)

    for name in ("cross_validation", "heldout"):
        log.info("%s: %s", name, describe_summary(report[name]["summary"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
