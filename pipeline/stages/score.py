"""DVC stage ``score``: read the sentence labels, the documents and the
classifier's out-of-fold labels, compute every document's and group's
figures (:mod:`pipeline.figures.scores`) and write them, with the
replicates that let the explorer and the comparisons sum any group.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

import pandas as pd

from pipeline import paths
from pipeline.figures.correction import load_error_models
from pipeline.figures.scores import score_with_replicates
from pipeline.logs import setup_logging
from pipeline.settings import load_settings
from pipeline.storage import atomic_outputs

log = logging.getLogger("samenspraak.score")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak score", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--labels", default=str(paths.SENTENCE_LABELS))
    parser.add_argument("--features", default=str(paths.SENTENCE_FEATURES))
    parser.add_argument("--documents", default=str(paths.DOCUMENTS))
    parser.add_argument("--document-scores", default=str(paths.DOCUMENT_SCORES))
    parser.add_argument("--group-scores", default=str(paths.GROUP_SCORES))
    parser.add_argument("--replicates", default=str(paths.BOOTSTRAP))
    parser.add_argument("--summary", default=str(paths.metrics("score")))
    parser.add_argument(
        "--models", default=str(paths.MODELS), help="the classifier whose error rates correct the counts"
    )
    args = parser.parse_args(argv)
    setup_logging()

    params = load_settings(args.params).score
    labels = pd.read_parquet(args.labels)
    words = pd.read_parquet(args.features, columns=["doc_id", "sent_index", "n_words"])
    labels = labels.merge(words, on=["doc_id", "sent_index"])
    documents = pd.read_parquet(args.documents, columns=None)
    documents = documents.drop(columns=["text"])
    error_models = None
    if params.correction:
        out_of_fold = Path(args.models) / paths.OUT_OF_FOLD
        if not out_of_fold.exists():
            log.error(
                "%s is missing, so the classifier's error rates are unknown; "
                "run `dvc repro train`, or set score.correction: false",
                out_of_fold,
            )
            return 2
        error_models = load_error_models(out_of_fold, params.correction_settings.confidence_cut)
    document_scores, group_scores, summary, replicates = score_with_replicates(labels, documents, params, error_models)
    with atomic_outputs(args.replicates, args.document_scores, args.group_scores, args.summary) as staging:
        replicates_dir, document_path, group_path, summary_path = staging
        replicates.save(replicates_dir)
        document_scores.to_parquet(document_path, index=False)
        group_scores.to_parquet(group_path, index=False)
        summary_path.write_text(json.dumps(summary, indent=2, default=float) + "\n", encoding="utf-8")
    corpus = summary["corpus"]
    log.info(
        "%d documents; corpus claim-practice gap %+.2f [%+.2f, %+.2f]",
        summary["documents"],
        corpus.get("claim_practice_gap", float("nan")),
        corpus.get("claim_practice_gap_low", float("nan")),
        corpus.get("claim_practice_gap_high", float("nan")),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
