"""DVC stage ``evaluate``: the trained classifier and the rule baseline on
an external development set of real Dutch sentences labelled by the
codebook (``evaluate.dev_path``, by default ``../shared/eval/dev.jsonl``).

The set is read only to measure: nothing here feeds back into training or
the lexicon, and no copy of it is written (only figures). When the file is
absent (a clone without ``../shared``) the stage writes a metrics file that
says so and succeeds.

The file lives outside the repository, so it is not a DVC dependency:
after it changes, run ``dvc repro -f evaluate``.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.evaluation import confusion_rows, describe_summary, field_scores
from pipeline.features import featurise_sentence_table
from pipeline.labelled import read_labelled
from pipeline.lexicon import load_lexicon
from pipeline.markers import MarkerMatcher
from pipeline.model import with_context
from pipeline.predict import SentenceClassifier
from pipeline.params import load_params
from pipeline.train import evaluate_models, summarise

log = logging.getLogger("samenspraak.evaluate")


def evaluate_on(
    labelled: pd.DataFrame,
    classifier: SentenceClassifier,
    nlp,
    lexicon_dir: Path,
) -> tuple[dict[str, Any], dict[str, tuple[list, list]]]:
    """Scores of classifier and baseline; register and mode are judged on
    the gold collaboration sentences (as in training), and also end to end
    on every sentence, where a missed collaboration sentence counts wrong."""
    matcher = MarkerMatcher(nlp.vocab, load_lexicon(lexicon_dir))
    features, _ = featurise_sentence_table(nlp, matcher, labelled)
    width = int(classifier.manifest.get("params", {}).get("model", {}).get("context_width", 1))
    frame = labelled.merge(with_context(features, width).drop(columns=["doc_id"]), on="id")
    frame["doc_id"] = frame["doc"].astype(str)
    results, confusion = evaluate_models(classifier.models, frame)
    predicted = classifier.predict(frame)
    end_to_end = {}
    for field in ("register", "mode"):
        gold = frame[field].fillna("none")
        end_to_end[field] = field_scores(field, gold, predicted[field].fillna("none"))["macro_f1"]
    results["end_to_end_macro_f1"] = end_to_end
    return results, confusion


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak evaluate", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--models", default="models/classifier")
    parser.add_argument("--dev", help="overrides evaluate.dev_path")
    parser.add_argument("--metrics", default="metrics/dev.json")
    parser.add_argument("--plots", default="metrics/plots")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    from pipeline.nlp import load_nlp

    params = load_params(args.params)
    dev_path = Path(args.dev or params["evaluate"]["dev_path"])
    Path(args.metrics).parent.mkdir(parents=True, exist_ok=True)
    if not dev_path.exists():
        message = f"development set {dev_path} not found; evaluation skipped"
        print(f"evaluate: {message}")
        Path(args.metrics).write_text(json.dumps({"skipped": message}, indent=2) + "\n", encoding="utf-8")
        return 0
    labelled, problems = read_labelled([dev_path])
    for problem in problems:
        log.warning("dev line skipped: line %s: %s", problem.line, problem.message)
    classifier = SentenceClassifier.load(args.models)
    nlp = load_nlp(str(classifier.manifest.get("nlp_model", "default")))
    lexicon_dir = classifier.lexicon_dir or Path(params["lexicon"]["dir"])
    results, confusion = evaluate_on(labelled, classifier, nlp, lexicon_dir)
    report = {
        "dev_file": dev_path.name,
        "sentences": int(len(labelled)),
        "skipped_lines": len(problems),
        "classifier_version": classifier.manifest.get("classifier_version"),
        "summary": summarise(results),
        **results,
    }
    Path(args.metrics).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    plots = Path(args.plots)
    plots.mkdir(parents=True, exist_ok=True)
    for field, (gold, predicted) in confusion.items():
        pd.DataFrame(confusion_rows(field, gold, predicted)).to_csv(plots / f"dev_confusion_{field}.csv", index=False)
    print(f"evaluate (dev): {describe_summary(report['summary'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
