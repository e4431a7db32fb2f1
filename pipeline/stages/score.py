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

from pipeline.figures.correction import CorrectionSettings, load_error_models
from pipeline.figures.scores import score_with_replicates
from pipeline.paths import OUT_OF_FOLD
from pipeline.settings import load_params

log = logging.getLogger("samenspraak.score")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak score", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--labels", default="data/sentence_labels.parquet")
    parser.add_argument("--features", default="data/sentence_features.parquet")
    parser.add_argument("--documents", default="data/documents.parquet")
    parser.add_argument("--document-scores", default="data/document_scores.parquet")
    parser.add_argument("--group-scores", default="data/group_scores.parquet")
    parser.add_argument("--replicates", default="data/bootstrap")
    parser.add_argument("--summary", default="metrics/score.json")
    parser.add_argument(
        "--models", default="models/classifier", help="the classifier whose error rates correct the counts"
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    params = load_params(args.params)["score"]
    labels = pd.read_parquet(args.labels)
    words = pd.read_parquet(args.features, columns=["doc_id", "sent_index", "n_words"])
    labels = labels.merge(words, on=["doc_id", "sent_index"])
    documents = pd.read_parquet(args.documents, columns=None)
    documents = documents.drop(columns=["text"])
    error_models = None
    if params.get("correction", True):
        out_of_fold = Path(args.models) / OUT_OF_FOLD
        if not out_of_fold.exists():
            raise SystemExit(
                f"score: {out_of_fold} is missing, so the classifier's error rates are unknown; "
                "run `dvc repro train`, or set score.correction: false"
            )
        settings = CorrectionSettings.from_params(params.get("correction_settings"))
        error_models = load_error_models(out_of_fold, settings.confidence_cut)
    document_scores, group_scores, summary, replicates = score_with_replicates(labels, documents, params, error_models)
    replicates.save(Path(args.replicates))
    Path(args.document_scores).parent.mkdir(parents=True, exist_ok=True)
    document_scores.to_parquet(args.document_scores, index=False)
    group_scores.to_parquet(args.group_scores, index=False)
    Path(args.summary).parent.mkdir(parents=True, exist_ok=True)
    Path(args.summary).write_text(json.dumps(summary, indent=2, default=float) + "\n", encoding="utf-8")
    corpus = summary["corpus"]
    print(
        f"score: {summary['documents']} documenten; corpus: kloof claim-praktijk "
        f"{corpus.get('claim_practice_gap', float('nan')):+.2f} "
        f"[{corpus.get('claim_practice_gap_low', float('nan')):+.2f}, {corpus.get('claim_practice_gap_high', float('nan')):+.2f}]"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
