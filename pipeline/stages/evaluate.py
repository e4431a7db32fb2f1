"""DVC stage ``evaluate``: the trained classifier and the rule baseline on
real Dutch text labelled by the codebook, outside the repository.

Each development set named in ``evaluate.dev_sets`` (by default
``../shared/eval/dev.jsonl``, two blogs, and ``dev2.jsonl`` with
``dev2-documents.jsonl``, 45 policy documents, reports and blogs) is
measured three ways, for the classifier and the rule baseline alike:

- every codebook field, on all sentences and per genre;
- the document figures (claim-practice gap, coordination-dialogue balance)
  computed exactly as the ``score`` stage computes them, against the same
  figures from the gold labels: mean absolute error, and how often the
  interval contains the gold figure;
- a per-sentence error listing (``metrics/errors/<set>.csv``) to study.
  It holds the real sentences, so it stays out of git (``metrics/`` is
  ignored) and is never read back by training.

The sets are read only to measure: nothing here feeds training or the
lexicon. Every run appends one line to ``metrics/dev_evaluations.jsonl``, so
that the number of times the project looked at the dev sets can be
reported. A set whose file is absent (a clone without ``../shared``) is
reported as skipped and the stage succeeds.

The files live outside the repository, so they are not DVC dependencies:
after they change, run ``dvc repro -f evaluate``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline import paths
from pipeline.codebook import FIELDS, LABELS
from pipeline.features.markers import MarkerMatcher
from pipeline.features.table import featurise_sentence_table
from pipeline.figures.correction import (
    FieldErrorModel,
    combined_labels,
    confusion_table,
    estimate_error_models,
)
from pipeline.figures.scores import (
    FIGURE_PARTS,
    QUANTITIES,
    FigureRules,
    figures_from_totals,
    score_with_replicates,
    sentence_weights,
    withhold_thin_figures,
)
from pipeline.lexicon import load_lexicon
from pipeline.logs import setup_logging
from pipeline.model.classifier import SentenceClassifier
from pipeline.model.estimators import RuleBaseline, with_context
from pipeline.model.label_files import read_labelled
from pipeline.model.metrics import confusion_rows, field_scores, headline
from pipeline.model.training import summarise
from pipeline.settings import DevSetSettings, ScoreSettings, load_settings
from pipeline.storage import atomic_outputs, write_text_atomically

log = logging.getLogger("samenspraak.evaluate")

DOCUMENT_FIGURES = ("claim_practice_gap", "coordination_dialogue_balance")


@dataclass(frozen=True)
class DevSet:
    """One real labelled set: its sentences, and optionally a table of its
    documents (``doc``, ``genre``, ...); ``genre`` applies to every document
    when there is no table."""

    name: str
    sentences: Path
    documents: Path | None = None
    genre: str | None = None

    @classmethod
    def from_params(cls, name: str, entry: DevSetSettings | Mapping[str, Any]) -> DevSet:
        entry = DevSetSettings.of(entry)
        return cls(name, entry.sentences, entry.documents, entry.genre)


def read_dev_set(dev_set: DevSet) -> tuple[pd.DataFrame, int]:
    """The set's valid sentences with a ``genre`` column, and the number of
    lines skipped as invalid."""
    labelled, problems = read_labelled([dev_set.sentences])
    for problem in problems:
        log.warning("%s: line %s skipped: %s", dev_set.name, problem.line, problem.message)
    labelled["genre"] = dev_set.genre or "unknown"
    if dev_set.documents and dev_set.documents.exists():
        documents = pd.read_json(dev_set.documents, lines=True)
        genres = dict(zip(documents["doc"].astype(str), documents["genre"].astype(str)))
        labelled["genre"] = labelled["doc"].astype(str).map(genres).fillna(labelled["genre"])
    return labelled, len(problems)


def featurise_labelled(labelled: pd.DataFrame, nlp, lexicon_dir: Path, width: int) -> pd.DataFrame:
    """Labelled sentences with the features the classifier reads, their
    neighbours' included."""
    matcher = MarkerMatcher(nlp.vocab, load_lexicon(lexicon_dir))
    features, _ = featurise_sentence_table(nlp, matcher, labelled)
    frame = labelled.merge(with_context(features, width).drop(columns=["doc_id"]), on="id")
    frame["doc_id"] = frame["doc"].astype(str)
    return frame


def with_labels(frame: pd.DataFrame, classifier: SentenceClassifier, prior_adaptation: str) -> pd.DataFrame:
    """Featurised sentences with the classifier's labels (the whole set
    taken as the corpus, as ``classify`` takes it) and the baseline's."""
    predicted, _ = classifier.predict_corpus(frame, prior_adaptation)
    if prior_adaptation == "none":
        # register and mode as the model decides them (prior discount
        # included) for every row, to be read on the gold collaboration rows
        for field in ("register", "mode"):
            predicted[f"given_{field}"] = classifier.labels_from(field, predicted)
    frame = pd.concat([frame, predicted.add_prefix("pred_")], axis=1)
    for field in FIELDS:
        frame[f"rule_{field}"] = RuleBaseline(field).fit(frame).predict(frame)
    frame.loc[frame["rule_collab"] != "yes", ["rule_register", "rule_mode"]] = None
    return frame


def conditional_labels(rows: pd.DataFrame, field: str, prefix: str) -> np.ndarray:
    """Register or mode as the labeller gives it for sentences known to be
    about collaboration: the label the classifier decides on whatever it
    said about collab (after EM, the most probable adjusted label), the rule
    baseline's rule."""
    if prefix == "pred_" and f"pred_given_{field}" in rows:
        return rows[f"pred_given_{field}"].to_numpy(dtype=object)
    if prefix == "pred_":
        columns = [f"pred_p_{field}_{label}" for label in LABELS[field]]
        return np.array(LABELS[field], dtype=object)[rows[columns].to_numpy().argmax(axis=1)]
    return RuleBaseline(field).fit(rows).predict(rows)


def scores_from_columns(frame: pd.DataFrame, prefix: str) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
    """Every field's scores for one labeller (``pred_``: the classifier,
    ``rule_``: the baseline): collab on every sentence, register and mode on
    the gold collaboration sentences, so each field is judged on its own."""
    scores, pairs = {}, {}
    for field in FIELDS:
        if field == "collab":
            rows, predicted = frame, frame[f"{prefix}collab"].to_numpy()
        else:
            rows = frame[frame["collab"] == "yes"]
            predicted = conditional_labels(rows, field, prefix)
        scores[field] = field_scores(field, rows[field], predicted)
        pairs[field] = (list(rows[field]), list(predicted))
    return scores, pairs


def field_report(frame: pd.DataFrame) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
    """Every field for classifier and baseline, and register and mode end
    to end on every sentence (a missed collaboration sentence counts wrong)."""
    classifier, confusion = scores_from_columns(frame, "pred_")
    baseline, _ = scores_from_columns(frame, "rule_")
    results: dict[str, Any] = {"classifier": classifier, "baseline": baseline}
    end_to_end: dict[str, dict[str, float]] = {"classifier": {}, "baseline": {}}
    for field in ("register", "mode"):
        gold = frame[field].fillna("none")
        end_to_end["classifier"][field] = field_scores(field, gold, frame[f"pred_{field}"].fillna("none"))["macro_f1"]
        end_to_end["baseline"][field] = field_scores(field, gold, frame[f"rule_{field}"].fillna("none"))["macro_f1"]
    results["end_to_end_macro_f1"] = end_to_end
    return results, confusion


def headline_from_columns(frame: pd.DataFrame, prefix: str) -> dict[str, float]:
    """The three headline figures of one labeller."""
    return headline(scores_from_columns(frame, prefix)[0])


def genre_report(frame: pd.DataFrame) -> dict[str, Any]:
    """Headline figures per genre, classifier and baseline, with counts."""
    report = {}
    for genre, rows in frame.groupby("genre", sort=True):
        classifier, baseline = headline_from_columns(rows, "pred_"), headline_from_columns(rows, "rule_")
        report[str(genre)] = {
            "documents": int(rows["doc"].nunique()),
            "sentences": int(len(rows)),
            "collab_sentences": int((rows["collab"] == "yes").sum()),
            "classifier": classifier,
            "baseline": baseline,
            "gain": {key: round(classifier[key] - baseline[key], 4) for key in classifier},
        }
    return report


def gold_document_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """Each document's gap and balance from the gold labels (hard counts)."""
    labels = frame[["doc_id", "collab", "register", "mode", "n_words"]]
    weights = sentence_weights(labels, use_probabilities=False)
    totals = weights.groupby(labels["doc_id"].to_numpy()).sum()
    figures = figures_from_totals({q: totals[q].to_numpy() for q in QUANTITIES})
    result = pd.DataFrame({f"gold_{name}": figures[name] for name in DOCUMENT_FIGURES}, index=totals.index)
    result["gold_collab"] = totals["collab"].to_numpy()
    result["gold_claim_practice_n"] = (totals["claimed"] + totals["practised"]).to_numpy()
    result["gold_coordination_dialogue_n"] = (totals["coordination"] + totals["dialogue"]).to_numpy()
    return result


def _as_label_table(frame: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """A table shaped like ``sentence_labels.parquet`` from the columns of
    one labeller (the classifier's probabilities, or the baseline's labels
    as certain probabilities)."""
    table = pd.DataFrame({"doc_id": frame["doc_id"], "sent_index": frame["sent_index"], "n_words": frame["n_words"]})
    for field in FIELDS:
        labels = frame[f"{prefix}{field}"]
        table[field] = labels
        if prefix == "pred_":
            for label in LABELS[field]:
                table[f"p_{field}_{label}"] = frame[f"pred_p_{field}_{label}"].to_numpy()
            continue
        # The rule's register and mode for every sentence: conditional on
        # collaboration, as the classifier's probabilities are.
        certain = labels.to_numpy() if field == "collab" else conditional_labels(frame, field, prefix)
        for label in LABELS[field]:
            table[f"p_{field}_{label}"] = (certain == label).astype(float)
    return table


def figure_summary(scores: pd.DataFrame, figure: str) -> dict[str, Any]:
    """Error and coverage of one figure over the documents that have a gold
    figure: how many were given a figure, their mean absolute error, the
    share whose interval contains the gold figure, and interval widths."""
    both = scores[[figure, f"{figure}_low", f"{figure}_high", f"gold_{figure}"]].dropna(subset=[f"gold_{figure}"])
    shown = both.dropna(subset=[figure, f"{figure}_low", f"{figure}_high"])
    error = (shown[figure] - shown[f"gold_{figure}"]).abs()
    covered = (shown[f"{figure}_low"] <= shown[f"gold_{figure}"]) & (shown[f"gold_{figure}"] <= shown[f"{figure}_high"])
    width = shown[f"{figure}_high"] - shown[f"{figure}_low"]
    return {
        "documents_with_gold_figure": int(len(both)),
        "documents_with_figure": int(len(shown)),
        "mean_absolute_error": round(float(error.mean()), 4) if len(shown) else None,
        "interval_coverage": round(float(covered.mean()), 4) if len(shown) else None,
        "mean_interval_width": round(float(width.mean()), 4) if len(shown) else None,
        "max_interval_width": round(float(width.max()), 4) if len(shown) else None,
    }


def document_methods(
    tables: dict[str, pd.DataFrame],
    documents: pd.DataFrame,
    score_params: ScoreSettings | Mapping[str, Any],
    error_models: dict[str, FieldErrorModel] | None,
) -> dict[str, pd.DataFrame]:
    """Each document's figures by every method, computed as the score stage
    computes them: ``corrected`` (the classifier, counts corrected for its
    error rates, thin figures withheld), ``corrected_all`` (the same before
    withholding), ``uncorrected`` (the classifier's expected counts, as
    before the correction) and ``baseline`` (the rules' labels).
    ``tables``: label tables of the classifier (``classifier``) and the
    rules (``baseline``)."""
    results = {}
    params = ScoreSettings.of(score_params).model_copy(update={"group_by": []})
    if error_models:
        unthresholded = params.model_copy(update={"min_sentences": 0, "max_interval_width": float("inf")})
        scores, _, _, _ = score_with_replicates(tables["classifier"], documents, unthresholded, error_models)
        results["corrected_all"] = scores
        results["corrected"] = withhold_thin_figures(scores, "corrected_", FigureRules.from_params(params))
    scores, _, _, _ = score_with_replicates(tables["classifier"], documents, params, None)
    results["uncorrected"] = scores
    scores, _, _, _ = score_with_replicates(tables["baseline"], documents, params, None)
    results["baseline"] = scores
    return results


def document_report(
    frame: pd.DataFrame,
    score_params: ScoreSettings | Mapping[str, Any],
    error_models: dict[str, FieldErrorModel] | None = None,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """Document gap and balance of every method (:func:`document_methods`)
    against the gold figures."""
    gold = gold_document_figures(frame)
    documents = frame.groupby("doc_id", sort=True).agg(genre=("genre", "first")).reset_index()
    tables = {"classifier": _as_label_table(frame, "pred_"), "baseline": _as_label_table(frame, "rule_")}
    summary, shown = {}, []
    for method, scores in document_methods(tables, documents, score_params, error_models).items():
        scores = scores.set_index("doc_id").join(gold)
        summary[method] = {figure: figure_summary(scores, figure) for figure in DOCUMENT_FIGURES}
        keep = [c for figure in DOCUMENT_FIGURES for c in (figure, f"{figure}_low", f"{figure}_high")]
        shown.append(scores[keep].add_prefix(f"{method}_"))
    table = pd.concat([gold, documents.set_index("doc_id"), *shown], axis=1).reset_index(names="doc_id")
    return summary, table


def error_model_transfer(frame: pd.DataFrame, error_models: dict[str, FieldErrorModel]) -> dict[str, Any]:
    """How far the error rates the correction assumes (from held-out text
    types of the labelled data) are from the classifier's error rates on a
    real set, per true label: both rate rows, and the *variance ratio*, the
    squared distance between them divided by what the between-corpus spread
    of the error model allows for a row of that many sentences. About 1:
    the real set's errors are as far off as the model expects a new corpus
    to be; much more: the intervals understate the classifier error."""
    report = {}
    for field_name, model in error_models.items():
        gold = combined_labels(frame["collab"], frame[field_name])
        predicted = model.categories(frame, "pred_", "pred_p_")
        table = confusion_table(gold, predicted, model.classes, model.observed)
        rates = model.rates
        phi = 1.0 / (1.0 + model.between_corpora)
        rows, observed_total, expected_total = {}, 0.0, 0.0
        for k, label in enumerate(model.classes):
            n = table[k].sum()
            if n == 0:
                continue
            found = table[k] / n
            distance = float(((found - rates[k]) ** 2).sum())
            allowed = float((rates[k] * (1 - rates[k])).sum() * (1 + (n - 1) * phi) / n)
            observed_total += n * distance
            expected_total += n * allowed
            rows[label] = {
                "sentences": int(n),
                "assumed_rates": dict(zip(model.observed, np.round(rates[k], 3).tolist())),
                "found_rates": dict(zip(model.observed, np.round(found, 3).tolist())),
                "variance_ratio": round(distance / allowed, 2) if allowed > 0 else None,
            }
        report[field_name] = {
            "by_true_label": rows,
            "variance_ratio": round(observed_total / expected_total, 2) if expected_total else None,
        }
    return report


def passage_check(
    out_of_fold: pd.DataFrame,
    score_params: ScoreSettings | Mapping[str, Any],
    thresholds: tuple[int, ...] = (0, 2, 4, 5, 6, 8, 10),
    max_widths: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0),
) -> dict[str, Any]:
    """The correction tried on the labelled passages themselves, with no
    real text: for each text type, its passages (as documents) are corrected
    with error rates estimated from the *other* text types' out-of-fold
    labels, and their figures compared with the gold ones. Error and
    coverage are reported by the fewest sentences a figure may rest on, and
    (at ``score.min_sentences``) by the widest interval shown, which is how
    those two settings are chosen without looking at the dev sets."""
    score_params = ScoreSettings.of(score_params)
    params = score_params.model_copy(update={"group_by": [], "min_sentences": 0, "max_interval_width": float("inf")})
    cut = score_params.correction_settings.confidence_cut
    frames = []
    for text_type, rows in out_of_fold.groupby("text_type", sort=True):
        models = estimate_error_models(out_of_fold[out_of_fold["text_type"] != text_type], cut)
        table = rows.rename(columns={"id": "sentence_id"}).copy()
        table["sent_index"] = table.groupby("doc_id").cumcount()
        table["n_words"] = 1
        labels = table[["doc_id", "sent_index", "n_words"]].copy()
        for field_name in FIELDS:
            labels[field_name] = table[f"pred_{field_name}"].to_numpy()
            for label in LABELS[field_name]:
                labels[f"p_{field_name}_{label}"] = table[f"p_{field_name}_{label}"].to_numpy()
        labels.loc[labels["collab"] != "yes", ["register", "mode"]] = None
        documents = pd.DataFrame({"doc_id": sorted(table["doc_id"].unique())})
        corrected, _, _, _ = score_with_replicates(labels, documents, params, models)
        gold = gold_document_figures(table.assign(n_words=1))
        frames.append(corrected.set_index("doc_id").join(gold).assign(text_type=text_type))
    scores = pd.concat(frames)
    report: dict[str, Any] = {"passages": int(len(scores)), "text_types": int(scores["text_type"].nunique())}
    for figure, (first, second) in FIGURE_PARTS.items():
        count = scores[f"corrected_{first}"] + scores[f"corrected_{second}"]
        by_threshold = {}
        for threshold in thresholds:
            kept = scores[count >= threshold]
            by_threshold[str(threshold)] = figure_summary(kept, figure)
        width = scores[f"{figure}_high"] - scores[f"{figure}_low"]
        minimum = score_params.min_sentences
        by_width = {
            str(limit): figure_summary(scores[(count >= minimum) & (width <= limit)], figure) for limit in max_widths
        }
        ends = ("", "_low", "_high")
        uncorrected = scores[[f"uncorrected_{figure}{end}" for end in ends] + [f"gold_{figure}"]]
        uncorrected = uncorrected.rename(columns={f"uncorrected_{figure}{end}": f"{figure}{end}" for end in ends})
        report[figure] = {
            "corrected_by_min_sentences": by_threshold,
            "corrected_by_max_interval_width": by_width,
            "uncorrected": figure_summary(uncorrected, figure),
        }
    return report


def error_listing(frame: pd.DataFrame) -> pd.DataFrame:
    """Sentences where the classifier's label differs from the gold label in
    any field, with the baseline's labels and the classifier's confidence,
    for studying errors (never for training)."""
    wrong = np.zeros(len(frame), dtype=bool)
    for field in FIELDS:
        wrong |= frame[field].fillna("-").to_numpy() != frame[f"pred_{field}"].fillna("-").to_numpy()
    columns = ["id", "doc", "genre", "text"]
    for field in FIELDS:
        columns += [field, f"pred_{field}", f"rule_{field}"]
    columns += ["pred_p_collab_yes", "marker_ids"]
    return frame.loc[wrong, columns].reset_index(drop=True)


def evaluate_dev_set(
    dev_set: DevSet,
    classifier: SentenceClassifier,
    nlp,
    lexicon_dir: Path,
    score_params: ScoreSettings | Mapping[str, Any],
    prior_adaptation: str = "none",
    error_models: dict[str, FieldErrorModel] | None = None,
) -> tuple[dict[str, Any], dict[str, tuple[list, list]], pd.DataFrame, pd.DataFrame]:
    """The whole report of one set, its confusion rows, its error listing
    and its document table. The labels are made as ``classify`` makes them
    (``prior_adaptation``); the headline and document figures of the other
    choice are reported beside them, so the effect of re-estimating priors
    is always visible."""
    labelled, skipped = read_dev_set(dev_set)
    width = int(classifier.manifest.get("params", {}).get("model", {}).get("context_width", 1))
    featurised = featurise_labelled(labelled, nlp, lexicon_dir, width)
    frame = with_labels(featurised, classifier, prior_adaptation)
    results, confusion = field_report(frame)
    documents_summary, documents = document_report(frame, score_params, error_models)
    alternatives = {}
    for method in ("none", "em"):
        other = frame if method == prior_adaptation else with_labels(featurised, classifier, method)
        other_documents, _ = document_report(other, score_params) if other is not frame else (documents_summary, None)
        alternatives[method] = {
            "classifier": headline_from_columns(other, "pred_"),
            "document_figures_uncorrected": other_documents["uncorrected"],
        }
    report = {
        "prior_adaptation": prior_adaptation,
        "prior_adaptation_comparison": alternatives,
        "dev_file": dev_set.sentences.name,
        "sentences": int(len(labelled)),
        "documents": int(labelled["doc"].nunique()),
        "skipped_lines": skipped,
        "summary": summarise(results),
        "genres": genre_report(frame),
        "document_figures": documents_summary,
        "error_rate_transfer": error_model_transfer(frame, error_models) if error_models else None,
        **results,
    }
    return report, confusion, error_listing(frame), documents


def describe(name: str, report: dict[str, Any]) -> str:
    summary = report["summary"]
    parts = [
        f"{key} {summary['classifier'][key]:.3f} (baseline {summary['baseline'][key]:.3f})"
        for key in summary["classifier"]
    ]
    for method in ("corrected", "uncorrected"):
        if method in report["document_figures"]:
            gap = report["document_figures"][method]["claim_practice_gap"]
            parts.append(
                f"{method} doc gap MAE {gap['mean_absolute_error']}, coverage {gap['interval_coverage']} "
                f"({gap['documents_with_figure']} of {gap['documents_with_gold_figure']} documents)"
            )
    return f"evaluate ({name}): " + ", ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--models", default=str(paths.MODELS))
    parser.add_argument("--metrics", default=str(paths.DEV_METRICS))
    parser.add_argument("--errors", default=str(paths.METRICS / "errors"))
    parser.add_argument("--plots", default=str(paths.PLOTS))
    parser.add_argument("--log", default=str(paths.METRICS / "dev_evaluations.jsonl"))
    args = parser.parse_args(argv)
    setup_logging()

    settings = load_settings(args.params)
    dev_sets = [DevSet.from_params(name, entry) for name, entry in settings.evaluate.dev_sets.items()]
    Path(args.metrics).parent.mkdir(parents=True, exist_ok=True)
    present = [dev_set for dev_set in dev_sets if dev_set.sentences.exists()]
    report: dict[str, Any] = {
        "skipped": {d.name: f"development set {d.sentences} not found" for d in dev_sets if d not in present}
    }
    for name, message in report["skipped"].items():
        log.info("%s; %s skipped", message, name)
    # The out-of-fold table is read once: it gives the error models for the
    # dev sets and the passages the correction is tried on.
    out_of_fold_path = Path(args.models) / paths.OUT_OF_FOLD
    out_of_fold = pd.read_parquet(out_of_fold_path) if out_of_fold_path.exists() else None
    cut = settings.score.correction_settings.confidence_cut
    models = estimate_error_models(out_of_fold, cut) if out_of_fold is not None else None
    if present:
        from pipeline.nlp import load_nlp

        classifier = SentenceClassifier.load(args.models)
        nlp = load_nlp(str(classifier.manifest.get("nlp_model", "default")))
        lexicon_dir = classifier.lexicon_dir or settings.lexicon.dir
        report["classifier_version"] = classifier.manifest.get("classifier_version")
        errors, plots = Path(args.errors), Path(args.plots)
        for dev_set in present:
            set_report, confusion, listing, documents = evaluate_dev_set(
                dev_set,
                classifier,
                nlp,
                lexicon_dir,
                settings.score,
                settings.classify.prior_adaptation,
                models,
            )
            report[dev_set.name] = set_report
            outputs = [errors / f"{dev_set.name}.csv", errors / f"{dev_set.name}_documents.csv"]
            outputs += [plots / f"{dev_set.name}_confusion_{field}.csv" for field in confusion]
            with atomic_outputs(*outputs) as (listing_path, documents_path, *confusion_paths):
                listing.to_csv(listing_path, index=False)
                documents.to_csv(documents_path, index=False)
                for (field, (gold, predicted)), confusion_path in zip(confusion.items(), confusion_paths, strict=True):
                    pd.DataFrame(confusion_rows(field, gold, predicted)).to_csv(confusion_path, index=False)
            log.info("%s", describe(dev_set.name, set_report))
        with open(args.log, "a", encoding="utf-8") as handle:
            entry = {
                "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "classifier_version": report["classifier_version"],
                "sets": [d.name for d in present],
                "summary": {d.name: report[d.name]["summary"]["classifier"] for d in present},
            }
            handle.write(json.dumps(entry) + "\n")
    if out_of_fold is not None:
        # No dev data needed: the correction on the labelled passages.
        report["labelled_passages"] = passage_check(out_of_fold, settings.score)
        gap = report["labelled_passages"]["claim_practice_gap"]
        log.info(
            "labelled passages, error rates from other text types: gap coverage by min_sentences %s",
            ", ".join(
                f"{k}: {v['interval_coverage']} MAE {v['mean_absolute_error']} n={v['documents_with_figure']}"
                for k, v in gap["corrected_by_min_sentences"].items()
            ),
        )
    write_text_atomically(args.metrics, json.dumps(report, indent=2, ensure_ascii=False, default=float) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
