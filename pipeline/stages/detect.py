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
from collections import Counter
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import spacy

from pipeline import paths
from pipeline.features.markers import MarkerMatcher
from pipeline.features.table import featurise, iter_corpus_docs
from pipeline.lexicon import load_lexicon
from pipeline.logs import progress, setup_logging
from pipeline.model.estimators import with_context
from pipeline.settings import load_settings
from pipeline.storage import RowGroupWriter, atomic_output, write_text_atomically

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


def detect(
    tokens_path: Path,
    lexicon_dir: Path,
    features_path: Path,
    evidence_path: Path,
    context_width: int,
    chunk_sentences: int = 20_000,
) -> dict:
    """Write features of every sentence and the evidence, streaming: the
    feature rows are written in chunks of whole documents (context never
    crosses a document), so memory does not grow with the corpus."""
    lexicon = load_lexicon(lexicon_dir)
    vocab = spacy.blank("nl").vocab
    matcher = MarkerMatcher(vocab, lexicon)
    provenance = {"samenspraak.lexicon_version": lexicon.version}
    feature_writer: pq.ParquetWriter | None = None
    pending: list[dict] = []
    summary = {
        "lexicon_version": lexicon.version,
        "markers_in_lexicon": len(lexicon.markers),
        "documents": 0,
        "sentences": 0,
    }
    with_marker: Counter[str] = Counter()

    def write(records: list[dict], staging: Path) -> None:
        nonlocal feature_writer
        frame = with_context(pd.DataFrame(records), context_width)
        for column in [c for c in frame.columns if c.startswith("m_")]:
            with_marker[f"sentences_with_{column}"] += int((frame[column] > 0).sum())
        table = pa.Table.from_pandas(frame, preserve_index=False)
        if feature_writer is None:
            feature_writer = pq.ParquetWriter(staging, table.schema.with_metadata(provenance), compression="zstd")
        feature_writer.write_table(table.cast(feature_writer.schema))

    # Both tables appear complete, or neither (pipeline.storage).
    with (
        atomic_output(features_path) as features_staging,
        RowGroupWriter(evidence_path, EVIDENCE_SCHEMA, provenance, 200_000) as evidence_writer,
    ):
        try:
            for annotated in progress(iter_corpus_docs(tokens_path, vocab), "detect", unit="doc"):
                doc_records, evidence = featurise(annotated, matcher)
                pending.extend(doc_records)
                evidence_writer.add(evidence)
                summary["documents"] += 1
                summary["sentences"] += len(doc_records)
                if len(pending) >= chunk_sentences:
                    write(pending, features_staging)
                    pending = []
            if pending:
                write(pending, features_staging)
        finally:
            if feature_writer is not None:
                feature_writer.close()
    summary["evidence_rows"] = evidence_writer.count
    summary.update(with_marker)
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak detect", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--tokens", default=str(paths.TOKENS))
    parser.add_argument("--features", default=str(paths.SENTENCE_FEATURES))
    parser.add_argument("--evidence", default=str(paths.EVIDENCE))
    parser.add_argument("--summary", default=str(paths.metrics("detect")))
    args = parser.parse_args(argv)
    setup_logging()

    settings = load_settings(args.params)
    started = time.perf_counter()
    summary = detect(
        Path(args.tokens),
        settings.lexicon.dir,
        Path(args.features),
        Path(args.evidence),
        settings.train.model.context_width,
    )
    summary["seconds"] = round(time.perf_counter() - started, 2)
    write_text_atomically(args.summary, json.dumps(summary, indent=2) + "\n")
    log.info(
        "%d sentences, %d evidence rows, lexicon %s",
        summary["sentences"],
        summary["evidence_rows"],
        summary["lexicon_version"],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
