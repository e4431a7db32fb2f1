"""DVC stage ``detect``: lexicon markers and grammatical signals for every
sentence of the corpus, as features for the classifier and as evidence.

Reads the token annotations of the ``annotate`` stage instead of tagging
again, so that editing one lexicon file re-runs this stage and what follows,
never the NLP layer. Writes one feature row per sentence (with the
neighbouring sentences' counts) and one evidence row per marker or signal
token, with character offsets into the document's clean text.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import spacy

from pipeline.annotate import RowGroupWriter
from pipeline.features import featurise, iter_corpus_docs
from pipeline.lexicon import load_lexicon
from pipeline.markers import MarkerMatcher
from pipeline.model import with_context
from pipeline.params import load_params

log = logging.getLogger("samenspraak.detect")

EVIDENCE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sent_index", pa.int32()),
        ("kind", pa.string()),  # marker | signal
        ("name", pa.string()),  # marker id or signal name
        ("category", pa.string()),  # lexicon category; not_<category> for pitfalls
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
    ]
)


def detect(tokens_path: Path, lexicon_dir: Path, evidence_path: Path, context_width: int) -> tuple[pd.DataFrame, dict]:
    """Features of every sentence (returned) and evidence (streamed to disk)."""
    lexicon = load_lexicon(lexicon_dir)
    vocab = spacy.blank("nl").vocab
    matcher = MarkerMatcher(vocab, lexicon)
    provenance = {"samenspraak.lexicon_version": lexicon.version}
    evidence_writer = RowGroupWriter(evidence_path, EVIDENCE_SCHEMA, provenance, 200_000)
    records = []
    documents = 0
    for annotated in iter_corpus_docs(tokens_path, vocab):
        doc_records, evidence = featurise(annotated, matcher)
        records.extend(doc_records)
        evidence_writer.add(evidence)
        documents += 1
    evidence_writer.close()
    features = with_context(pd.DataFrame(records), context_width) if records else pd.DataFrame()
    summary = {
        "lexicon_version": lexicon.version,
        "markers_in_lexicon": len(lexicon.markers),
        "documents": documents,
        "sentences": len(records),
        "evidence_rows": evidence_writer.count,
    }
    if records:
        for column in [c for c in features.columns if c.startswith("m_")]:
            summary[f"sentences_with_{column}"] = int((features[column] > 0).sum())
    return features, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak detect", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default="params.yaml")
    parser.add_argument("--tokens", default="data/tokens.parquet")
    parser.add_argument("--features", default="data/sentence_features.parquet")
    parser.add_argument("--evidence", default="data/evidence.parquet")
    parser.add_argument("--summary", default="metrics/detect.json")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    params = load_params(args.params)
    started = time.perf_counter()
    features, summary = detect(
        Path(args.tokens),
        Path(params["lexicon"]["dir"]),
        Path(args.evidence),
        int(params["train"]["model"].get("context_width", 1)),
    )
    summary["seconds"] = round(time.perf_counter() - started, 2)
    Path(args.features).parent.mkdir(parents=True, exist_ok=True)
    features.to_parquet(args.features, index=False)
    Path(args.summary).parent.mkdir(parents=True, exist_ok=True)
    Path(args.summary).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(
        f"detect: {summary['sentences']} zinnen, {summary['evidence_rows']} bewijsstukken, "
        f"lexicon {summary['lexicon_version']}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
