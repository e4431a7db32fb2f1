"""Label sentences with the trained classifier.

Two uses, one code path:

- ``samenspraak classify --corpus`` is the DVC stage: the feature table of
  the ``detect`` stage in, ``data/sentence_labels.parquet`` out.
- ``samenspraak classify INPUT -o OUTPUT`` labels sentences from a file:
  JSONL lines ``{"id", "text"}`` with an optional ``"doc"`` (lines of one
  doc in reading order; they give each other context; a line without
  ``doc`` stands alone), or plain text, which is split into sentences
  first. Writes JSONL: id, doc, text, the three labels, every label's
  probability, and the evidence with offsets into the sentence text.

It never trains: it uses the model saved by the ``train`` stage (or the one
given with ``--model``), with the copy of the lexicon stored beside it and
the NLP pipeline named in its manifest.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import sklearn

from pipeline import paths
from pipeline.cache import DocumentCache, fingerprint, source_fingerprint
from pipeline.engine import task_runner
from pipeline.logs import setup_logging
from pipeline.model.classifier import SentenceClassifier
from pipeline.model.labelling import label_table, split_plain_text
from pipeline.processes import end_workers_with_parent
from pipeline.settings import CacheSettings, EngineSettings, load_settings
from pipeline.storage import atomic_output, write_text_atomically

log = logging.getLogger("samenspraak.classify")


# ------------------------------------------------------------------ reading


def read_input(path: Path) -> tuple[pd.DataFrame | None, str | None]:
    """(sentence table, None) for JSONL, (None, text) for plain text."""
    text = path.read_text(encoding="utf-8-sig")
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first.lstrip().startswith("{"):
        return None, text
    rows = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not JSON ({error.msg})") from error
        if not isinstance(record, dict) or "id" not in record or "text" not in record:
            raise ValueError(f'{path}, line {number}: needs at least "id" and "text"')
        doc = record.get("doc")
        rows.append(
            {
                "id": str(record["id"]),
                "doc": str(doc) if doc is not None else f"\x00{record['id']}",
                "text": str(record["text"]),
            }
        )
    return pd.DataFrame(rows, columns=["id", "doc", "text"]), None


def classify_file(
    input_path: Path,
    output_path: Path,
    model_dir: Path,
    nlp_model: str | None = None,
    n_process: int = 1,
) -> dict[str, Any]:
    """Label the sentences of one file; return a small summary."""
    from pipeline.nlp import load_nlp

    classifier = SentenceClassifier.load(model_dir)
    started = time.perf_counter()
    nlp = load_nlp(nlp_model or str(classifier.manifest.get("nlp_model", "default")))
    table, text = read_input(input_path)
    if table is None:
        table = split_plain_text(nlp, text or "", doc_id=input_path.stem)
    records = label_table(classifier, nlp, table, n_process=n_process) if len(table) else []
    with atomic_output(output_path) as staging, open(staging, "w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    seconds = time.perf_counter() - started
    return {"sentences": len(records), "seconds": round(seconds, 2)}


# The code that turns feature rows into probabilities, besides the model files.
CODE = (Path(__file__), Path(__file__).parents[1] / "model", Path(__file__).parents[1] / "features")


@dataclass
class CachingClassifier(SentenceClassifier):
    """A :class:`SentenceClassifier` whose :meth:`predict` takes each
    document's labels from the per-document cache when its feature rows were
    labelled before by the same model, and predicts only the rest (in one
    batch). A sentence's labels depend on its own document alone (its
    feature row holds its neighbours' counts, and the model adds the
    document's average profile), so the rows come out the same.
    Prior adaptation, which needs the whole corpus, still runs on the
    assembled labels (:meth:`predict_corpus`)."""

    stored: DocumentCache | None = None
    # Where the rows not in the cache are labelled (pipeline.engine), and
    # the model's folder, from which a Dask worker loads it.
    engine: EngineSettings = dataclasses.field(default_factory=EngineSettings)
    processes: int = 1
    model_dir: Path | None = None

    @classmethod
    def around(
        cls,
        classifier: SentenceClassifier,
        model_dir: Path,
        cache: CacheSettings,
        engine: EngineSettings | None = None,
        processes: int = 1,
    ) -> CachingClassifier:
        stored = None
        if cache.enabled:
            model_files = sorted(p for p in Path(model_dir).rglob("*") if p.is_file())
            context = fingerprint(
                "classify",
                source_fingerprint(model_files),
                source_fingerprint(CODE),
                sklearn.__version__,
                np.__version__,
            )
            stored = DocumentCache(cache.dir / "classify", context, ("labels",))
        return cls(
            classifier.models,
            classifier.manifest,
            classifier.lexicon_dir,
            stored,
            engine or EngineSettings(),
            processes,
            Path(model_dir).resolve(),
        )

    def _predict_spread(self, frame: pd.DataFrame) -> pd.DataFrame:
        """:meth:`SentenceClassifier.predict` of ``frame``, cut into parts of
        whole documents that the engine labels side by side: forked workers
        share this process's loaded model; a Dask worker loads it once from
        ``model_dir``. A row's probabilities depend on its own document
        alone, so the parts put together equal one call over all rows."""
        parallel = self.engine.kind == "dask" or self.processes > 1
        if not parallel or len(frame) < 2 or self.model_dir is None:
            return SentenceClassifier.predict(self, frame)
        workers = self.engine.workers if self.engine.kind == "dask" else self.processes
        parts = _row_parts(_document_slices(frame["doc_id"]), 4 * workers)
        _LOADED[str(self.model_dir)] = SentenceClassifier(self.models, self.manifest, self.lexicon_dir)
        with task_runner(self.engine, self.processes) as submit:
            handles = [submit(predict_part, str(self.model_dir), frame.iloc[rows]) for rows in parts]
            return pd.concat([handle.result() for handle in handles])

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        if self.stored is None or not len(frame):
            return self._predict_spread(frame)
        frame = frame.reset_index(drop=True)
        documents = _document_slices(frame["doc_id"])
        keys = [self.stored.key(_rows_digest(frame.iloc[rows])) for rows in documents]
        cached = [self.stored.has(key) for key in keys]
        fresh_rows = [rows for rows, hit in zip(documents, cached) if not hit]
        fresh = self._predict_spread(frame.iloc[np.r_[tuple(fresh_rows)]]) if fresh_rows else None
        parts, taken = [], 0
        for rows, key, hit in zip(documents, keys, cached):
            if hit:
                parts.append(self.stored.get(key)["labels"].to_pandas())
                continue
            part = fresh.iloc[taken : taken + len(rows)].reset_index(drop=True)
            taken += len(rows)
            self.stored.put(key, {"labels": pa.Table.from_pandas(part, preserve_index=False)})
            parts.append(part)
        labels = pd.concat(parts, ignore_index=True)
        for field in ("register", "mode"):
            # as predict() has them: object dtype, None for 'no label'
            values = labels[field].astype(object)
            labels[field] = pd.Series(np.where(values.isna(), None, values), dtype=object)
        return labels


_LOADED: dict[str, SentenceClassifier] = {}


def predict_part(model_dir: str, frame: pd.DataFrame) -> pd.DataFrame:
    """One part's labels, in a worker: the model comes from the forking
    process (already in ``_LOADED``) or is loaded once per Dask worker."""
    if model_dir not in _LOADED:
        _LOADED[model_dir] = SentenceClassifier.load(model_dir)
    return _LOADED[model_dir].predict(frame)


def _row_parts(documents: list[range], count: int) -> list[np.ndarray]:
    """Positions of the rows cut into about ``count`` parts of about equal
    size, each of whole documents."""
    total = sum(len(rows) for rows in documents)
    target = max(1, -(-total // max(1, count)))
    parts, current = [], []
    for rows in documents:
        current.extend(rows)
        if len(current) >= target:
            parts.append(np.asarray(current))
            current = []
    if current:
        parts.append(np.asarray(current))
    return parts


def _document_slices(doc_ids: pd.Series) -> list[range]:
    """The row ranges of each document (rows of a document are contiguous)."""
    values = doc_ids.to_numpy()
    starts = [0, *(np.flatnonzero(values[1:] != values[:-1]) + 1).tolist(), len(values)]
    return [range(a, b) for a, b in zip(starts[:-1], starts[1:])]


def _rows_digest(rows: pd.DataFrame) -> str:
    """A digest of a document's feature rows, their column names included."""
    hashed = pd.util.hash_pandas_object(rows, index=False).to_numpy()
    return "|".join(map(str, rows.columns)) + ":" + hashlib.sha256(hashed.tobytes()).hexdigest()


def classify_corpus(
    features_path: Path,
    model_dir: Path,
    output_path: Path,
    prior_adaptation: str = "none",
    cache: CacheSettings | None = None,
    engine: EngineSettings | None = None,
    processes: int = 1,
) -> dict[str, Any]:
    """The stage: label every corpus sentence from its feature row, with
    the label priors re-estimated on the corpus if asked
    (``classify.prior_adaptation``); with ``cache`` on, documents labelled
    before by the same model are not labelled again."""
    classifier = CachingClassifier.around(
        SentenceClassifier.load(model_dir),
        model_dir,
        cache if cache is not None else CacheSettings(enabled=False),
        engine,
        processes,
    )
    features = pd.read_parquet(features_path)
    labels, adaptation = classifier.predict_corpus(features, prior_adaptation)
    table = pd.concat(
        [features[["doc_id", "sent_index"]].reset_index(drop=True), labels.reset_index(drop=True)], axis=1
    )
    with atomic_output(output_path) as staging:
        table.to_parquet(staging, index=False)
    counts = table["collab"].value_counts().to_dict()
    return {
        "sentences": int(len(table)),
        "collab": {k: int(v) for k, v in counts.items()},
        "register": {k: int(v) for k, v in table["register"].value_counts().items()},
        "mode": {k: int(v) for k, v in table["mode"].value_counts().items()},
        "classifier_version": classifier.manifest.get("classifier_version"),
        "lexicon_version": classifier.manifest.get("lexicon_version"),
        "prior_adaptation": adaptation,
        **(
            {"cache": {"documents_from_cache": classifier.stored.hits, "documents_labelled": classifier.stored.misses}}
            if classifier.stored is not None
            else {}
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak classify", description=__doc__.split("\n")[0])
    parser.add_argument("input", nargs="?", help="JSONL ({id, text[, doc]}) or plain text file")
    parser.add_argument("-o", "--output", help="JSONL file to write")
    parser.add_argument("--model", default=str(paths.MODELS), help="folder of a trained classifier")
    parser.add_argument("--nlp", help="NLP pipeline (default: the one the model was trained with)")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--corpus", action="store_true", help="the DVC stage: label data/sentence_features.parquet")
    parser.add_argument("--features", default=str(paths.SENTENCE_FEATURES))
    parser.add_argument("--labels", default=str(paths.SENTENCE_LABELS))
    parser.add_argument("--summary", default=str(paths.metrics("classify")))
    parser.add_argument("--params", default=str(paths.PARAMS))
    args = parser.parse_args(argv)
    setup_logging()
    # --n-process starts spaCy workers that must not outlive a killed run.
    end_workers_with_parent()

    if args.corpus:
        settings = load_settings(args.params)
        summary = classify_corpus(
            Path(args.features),
            Path(args.model),
            Path(args.labels),
            settings.classify.prior_adaptation,
            settings.cache,
            settings.engine,
            settings.nlp.n_process,
        )
        write_text_atomically(args.summary, json.dumps(summary, indent=2) + "\n")
        log.info("%d sentences labelled; collaboration: %s", summary["sentences"], summary["collab"])
        return 0
    if not args.input or not args.output:
        parser.error("give INPUT and -o OUTPUT (or --corpus for the pipeline stage)")
    try:
        summary = classify_file(Path(args.input), Path(args.output), Path(args.model), args.nlp, args.n_process)
    except (ValueError, FileNotFoundError) as problem:
        log.error("%s", problem)
        return 2
    log.info("%d sentences in %s s -> %s", summary["sentences"], summary["seconds"], args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
