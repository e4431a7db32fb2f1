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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import spacy

from pipeline import paths
from pipeline.cache import DocumentCache, fingerprint, source_fingerprint
from pipeline.engine import Submit, in_order, task_runner
from pipeline.features.markers import MarkerMatcher
from pipeline.features.table import TOKEN_COLUMNS, AnnotatedDoc, doc_from_token_rows, featurise
from pipeline.lexicon import lexicon_files, load_lexicon
from pipeline.logs import progress, setup_logging
from pipeline.model.estimators import with_context
from pipeline.settings import CacheSettings, EngineSettings, load_settings
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


# The code that shapes one document's features and evidence: a change to any
# of it gives every document another cache key.
CODE = (
    Path(__file__),
    Path(__file__).parents[1] / "features",
    Path(__file__).parents[1] / "codebook.py",
    Path(__file__).parents[1] / "lexicon" / "__init__.py",
)


def iter_token_rows(tokens_path: Path, batch_rows: int = 200_000) -> Iterator[tuple[str, dict[str, list]]]:
    """The token table document by document, as column lists (it is
    written in document order); one document plus a batch in memory."""
    current: dict[str, list] | None = None
    current_id = None
    for batch in pq.ParquetFile(tokens_path).iter_batches(batch_size=batch_rows, columns=TOKEN_COLUMNS):
        columns = {name: batch.column(name).to_pylist() for name in TOKEN_COLUMNS}
        ids = columns["doc_id"]
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start]:
                if current is not None and ids[start] == current_id:
                    for name in TOKEN_COLUMNS:
                        current[name].extend(columns[name][start:i])
                else:
                    if current is not None:
                        yield current_id, current
                    current, current_id = {name: values[start:i] for name, values in columns.items()}, ids[start]
                start = i
    if current is not None:
        yield current_id, current


def _rows_key(rows: dict[str, list]) -> str:
    """What the cache files one document's result under: its token rows,
    whole (text, tags, lemmas, offsets), so any change in annotate's output
    for it gives another key."""
    return json.dumps([rows[name] for name in TOKEN_COLUMNS], ensure_ascii=False)


_WORKER: dict[str, tuple[Any, MarkerMatcher]] = {}


def featurise_document(lexicon_dir: str, doc_id: str, rows: dict[str, list]) -> tuple[list[dict], list[dict]]:
    """One document's feature records and evidence rows, computed. Runs in
    a worker (a forked process or a Dask worker) or in the stage itself;
    each process builds the lexicon's matcher once."""
    if lexicon_dir not in _WORKER:
        vocab = spacy.blank("nl").vocab
        _WORKER[lexicon_dir] = (vocab, MarkerMatcher(vocab, load_lexicon(Path(lexicon_dir))))
    vocab, matcher = _WORKER[lexicon_dir]
    doc, sentences = doc_from_token_rows(vocab, rows)
    return featurise(AnnotatedDoc(doc_id, doc, rows["start_char"], rows["end_char"], sentences), matcher)


class _Cached:
    """A cached document's result, with the ``result()`` of a future. Kept
    as JSON, which gives back exactly the Python values (ints, floats,
    None) that a fresh computation gives, so the output is the same byte
    for byte."""

    def __init__(self, stored: DocumentCache, key: str) -> None:
        self.stored, self.key = stored, key

    def result(self) -> tuple[list[dict], list[dict]]:
        records, evidence = self.stored.get_json(self.key)
        return records, evidence


class _Fresh:
    """A document being featurised; its result is cached when taken."""

    def __init__(self, future: Any, stored: DocumentCache | None, key: str) -> None:
        self.future, self.stored, self.key = future, stored, key

    def result(self) -> tuple[list[dict], list[dict]]:
        records, evidence = self.future.result()
        if self.stored is not None:
            self.stored.put_json(self.key, [records, evidence])
        return records, evidence


def _submitted(
    documents: Iterator[tuple[str, dict[str, list]]], lexicon_dir: str, stored: DocumentCache | None, submit: Submit
) -> Iterator[Any]:
    """Each document's pending result, in order: from the cache when it has
    this document's token rows (with the same lexicon and code), else
    submitted for featurising."""
    for doc_id, rows in documents:
        key = stored.key(_rows_key(rows)) if stored is not None else ""
        if stored is not None and stored.has(key):
            yield _Cached(stored, key)
        else:
            yield _Fresh(submit(featurise_document, lexicon_dir, doc_id, rows), stored, key)


def detect(
    tokens_path: Path,
    lexicon_dir: Path,
    features_path: Path,
    evidence_path: Path,
    context_width: int,
    chunk_sentences: int = 20_000,
    cache: CacheSettings | None = None,
    engine: EngineSettings | None = None,
    processes: int = 1,
) -> dict:
    """Write features of every sentence and the evidence, streaming: the
    feature rows are written in chunks of whole documents (context never
    crosses a document), so memory does not grow with the corpus. With
    ``cache`` on, a document whose token rows were seen before (with the
    same lexicon and code) is not featurised again. The others are
    featurised where ``engine`` says (:mod:`pipeline.engine`): in this
    process, in ``processes`` forked workers, or as Dask tasks; the files
    are the same either way."""
    lexicon = load_lexicon(lexicon_dir)
    engine = engine or EngineSettings()
    provenance = {"samenspraak.lexicon_version": lexicon.version}
    stored = None
    if cache is not None and cache.enabled:
        # The lexicon's files whole (its version holds only 8 hex digits of their hash).
        entries = source_fingerprint(lexicon_files(Path(lexicon_dir)))
        context = fingerprint("detect", lexicon.version, entries, source_fingerprint(CODE))
        stored = DocumentCache(cache.dir / "detect", context, ("result",))
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
            worker_key = str(Path(lexicon_dir).resolve())
            if engine.kind != "dask":
                # This process and the workers it forks use this matcher
                # instead of reading the lexicon again each.
                vocab = spacy.blank("nl").vocab
                _WORKER[worker_key] = (vocab, MarkerMatcher(vocab, lexicon))
            with task_runner(engine, processes) as submit:
                documents = progress(iter_token_rows(tokens_path), "detect", unit="doc")
                handles = _submitted(documents, worker_key, stored, submit)
                window = 4 * max(processes, engine.workers, 1)
                for doc_records, evidence in in_order(handles, window):
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
    if stored is not None:
        summary["cache"] = {"documents_from_cache": stored.hits, "documents_featurised": stored.misses}
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
        cache=settings.cache,
        engine=settings.engine,
        processes=settings.nlp.n_process,
    )
    summary["engine"] = settings.engine.model_dump(mode="json")
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
