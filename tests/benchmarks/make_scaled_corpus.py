"""Build a scaled copy of the pipeline's output for the explorer benchmark::

    python tests/benchmarks/make_scaled_corpus.py [OUT] [--sentences 1000000]

Reads the demo output in ``data/`` and writes to ``OUT`` (default
``/tmp/samenspraak-1m/data``) every table the explorer reads, the analysed
documents replicated ``k`` times (``k`` the smallest number that gives at
least ``--sentences`` sentences). Copy ``i`` gets new doc_ids
(``<doc_id>~<i>``), its organisations suffixed with a region number (so there
are many organisations) and its years shifted within 2014-2025 (a seeded
shift per copy); genres and the text stay. The sentence-level tables are
copied as they are (same labels, features, evidence, tokens) with the new
doc_ids; document and group scores are recomputed on the scaled corpus with
``pipeline.score.score`` and the ``score`` settings of params.yaml, as the
``score`` stage would. Parquet is written with pyarrow, a few copies per row
group, so only one demo table and one chunk of copies are in memory at a
time (besides the labels the scoring needs). Deterministic: same seed, same
files.

The explorer is then pointed at it with ``SAMENSPRAAK_DATA=OUT``; the model
and params stay those of the repository (``SAMENSPRAAK_MODELS``,
``SAMENSPRAAK_PARAMS``), see ``bench_explorer.py``.
"""

from __future__ import annotations

import argparse
import math
import shutil
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[2]
FIRST_YEAR, LAST_YEAR = 2014, 2025
# Copied per copy with only doc_id changed.
SENTENCE_TABLES = [
    "sentences.parquet",
    "sentence_labels.parquet",
    "evidence.parquet",
    "sentence_features.parquet",
    "tokens.parquet",
    "document_topics.parquet",
]
ROWS_PER_GROUP = 250_000
REGIONS_PER_ORGANISATION = 32


def copy_plan(k: int, seed: int) -> pd.DataFrame:
    """Per copy: its suffix, region and year shift."""
    rng = np.random.default_rng(seed)
    span = LAST_YEAR - FIRST_YEAR + 1
    return pd.DataFrame(
        {
            "copy": np.arange(k),
            "suffix": [f"~{i:04d}" for i in range(k)],
            "region": [1 + i % REGIONS_PER_ORGANISATION for i in range(k)],
            "shift": rng.integers(0, span, size=k),
        }
    )


def _shift_year(year: str | None, shift: int) -> str | None:
    try:
        value = int(str(year)[:4])
    except (TypeError, ValueError):
        return year
    span = LAST_YEAR - FIRST_YEAR + 1
    return str(FIRST_YEAR + (value - FIRST_YEAR + int(shift)) % span)


def scaled_documents(documents: pd.DataFrame, plan: pd.DataFrame) -> pd.DataFrame:
    """Every copy of the analysed documents, with new ids and varied metadata."""
    frames = []
    for copy in plan.itertuples():
        frame = documents.copy()
        frame["doc_id"] = frame["doc_id"] + copy.suffix
        if "duplicate_of" in frame:
            frame["duplicate_of"] = frame["duplicate_of"].where(
                frame["duplicate_of"].fillna("") == "", frame["duplicate_of"] + copy.suffix
            )
        frame["file"] = frame["file"] + copy.suffix
        frame["organisation"] = frame["organisation"] + f" (regio {copy.region})"
        new_years = frame["year"].map(lambda y, s=copy.shift: _shift_year(y, s))
        if "date" in frame:
            frame["date"] = [
                (new + str(date)[4:]) if isinstance(date, str) and len(date) >= 4 and new else date
                for date, new in zip(frame["date"], new_years)
            ]
        frame["year"] = new_years
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _write_replicated(source: Path, target: Path, plan: pd.DataFrame, doc_ids: set[str]) -> int:
    table = pq.read_table(source)
    frame = table.to_pandas()
    frame = frame[frame["doc_id"].isin(doc_ids)].reset_index(drop=True)
    schema = table.schema.remove_metadata()
    per_group = max(1, ROWS_PER_GROUP // max(1, len(frame)))
    rows = 0
    with pq.ParquetWriter(target, schema) as writer:
        for start in range(0, len(plan), per_group):
            chunk = plan.iloc[start : start + per_group]
            part = pd.concat(
                [frame.assign(doc_id=frame["doc_id"] + suffix) for suffix in chunk["suffix"]], ignore_index=True
            )
            writer.write_table(
                pa.Table.from_pandas(part, schema=schema, preserve_index=False), row_group_size=len(part)
            )
            rows += len(part)
    return rows


def _write_table(frame: pd.DataFrame, target: Path, schema: pa.Schema | None = None) -> None:
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    pq.write_table(table, target, row_group_size=ROWS_PER_GROUP)


def build(source: Path, out: Path, sentences: int, seed: int, params_path: Path) -> dict:
    from pipeline.figures.scores import score_with_replicates
    from pipeline.settings import load_settings

    started = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    documents = pd.read_parquet(source / "documents.parquet")
    labels = pd.read_parquet(source / "sentence_labels.parquet")
    analysed = set(labels["doc_id"])
    n_sentences = len(labels)
    k = math.ceil(sentences / n_sentences)
    plan = copy_plan(k, seed)
    print(f"{n_sentences} zinnen x {k} = {n_sentences * k} zinnen, {len(analysed) * k} documenten -> {out}")

    # documents: the analysed ones only (the excluded rows would be copies of copies).
    documents_schema = pq.read_schema(source / "documents.parquet").remove_metadata()
    big_documents = scaled_documents(documents[documents["doc_id"].isin(analysed)].reset_index(drop=True), plan)
    _write_table(big_documents, out / "documents.parquet", documents_schema)
    metadata = big_documents.drop(columns=["text"])
    del big_documents

    counts = {"documents": len(metadata)}
    for name in SENTENCE_TABLES:
        if (source / name).exists():
            counts[name.removesuffix(".parquet")] = _write_replicated(source / name, out / name, plan, analysed)
            print(f"  {name}: {counts[name.removesuffix('.parquet')]} rijen")

    # Scores: recomputed on the scaled corpus, as the score stage does.
    words = pd.read_parquet(source / "sentence_features.parquet", columns=["doc_id", "sent_index", "n_words"])
    base = labels.merge(words, on=["doc_id", "sent_index"])
    big_labels = pd.concat(
        [base.assign(doc_id=base["doc_id"] + suffix) for suffix in plan["suffix"]], ignore_index=True
    )
    params = load_settings(params_path).score
    scored = time.perf_counter()
    document_scores, group_scores, _, replicates = score_with_replicates(big_labels, metadata, params)
    replicates.save(out / "bootstrap")
    print(f"  scores herberekend in {time.perf_counter() - scored:.1f} s")
    _write_table(document_scores, out / "document_scores.parquet")
    _write_table(group_scores, out / "group_scores.parquet")
    counts["document_scores"], counts["group_scores"] = len(document_scores), len(group_scores)

    for name in ("topics.json", "lexicon_candidates.csv"):
        if (source / name).exists():
            shutil.copyfile(source / name, out / name)
    counts["sentences_total"] = counts.get("sentences", 0)
    counts["copies"] = k
    counts["seconds"] = round(time.perf_counter() - started, 1)
    print(f"klaar in {counts['seconds']} s")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", nargs="?", default="/tmp/samenspraak-1m/data")
    parser.add_argument("--source", default=str(REPO / "data"))
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--params", default=str(REPO / "params.yaml"))
    args = parser.parse_args(argv)
    build(Path(args.source), Path(args.out), args.sentences, args.seed, Path(args.params))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
