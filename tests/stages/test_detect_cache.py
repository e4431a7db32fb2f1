"""The detect stage's per-document cache: a cached run writes the same
bytes as an uncached one, and a changed document (or lexicon) is the only
thing featurised again."""

from __future__ import annotations

import shutil

import pandas as pd
import pyarrow.parquet as pq

from pipeline.settings import CacheSettings
from pipeline.stages.detect import detect
from tests.tiny_run import LEXICON


def run(tokens, out, cache, lexicon=LEXICON):
    out.mkdir(parents=True, exist_ok=True)
    summary = detect(tokens, lexicon, out / "f.parquet", out / "e.parquet", 1, chunk_sentences=2, cache=cache)
    return summary, (out / "f.parquet").read_bytes(), (out / "e.parquet").read_bytes()


def test_cached_and_uncached_runs_write_the_same_bytes(tiny_run, tmp_path):
    cache = CacheSettings(dir=tmp_path / "cache")
    _, features, evidence = run(tiny_run.tokens, tmp_path / "plain", CacheSettings(dir=tmp_path / "x", enabled=False))
    cold, cold_features, cold_evidence = run(tiny_run.tokens, tmp_path / "cold", cache)
    warm, warm_features, warm_evidence = run(tiny_run.tokens, tmp_path / "warm", cache)
    assert cold["cache"] == {"documents_from_cache": 0, "documents_featurised": 3}
    assert warm["cache"] == {"documents_from_cache": 3, "documents_featurised": 0}
    assert features == cold_features == warm_features
    assert evidence == cold_evidence == warm_evidence


def test_only_a_changed_document_or_a_changed_lexicon_is_featurised_again(tiny_run, tmp_path):
    cache = CacheSettings(dir=tmp_path / "cache")
    run(tiny_run.tokens, tmp_path / "first", cache)
    tokens = pq.read_table(tiny_run.tokens).to_pandas()
    changed = tokens["doc_id"] == "wijk"
    tokens.loc[changed & (tokens["text"] == "samen"), "lemma"] = "samen_anders"
    pq.write_table(pq.read_table(tiny_run.tokens).from_pandas(tokens, preserve_index=False), tmp_path / "t.parquet")
    summary, _, _ = run(tmp_path / "t.parquet", tmp_path / "second", cache)
    assert summary["cache"] == {"documents_from_cache": 2, "documents_featurised": 1}

    lexicon = tmp_path / "lexicon"
    shutil.copytree(LEXICON, lexicon)
    first = sorted(lexicon.glob("*.yaml"))[0]
    first.write_text(
        first.read_text(encoding="utf-8") + "\n# a comment changes the lexicon's files\n", encoding="utf-8"
    )
    summary, _, _ = run(tiny_run.tokens, tmp_path / "third", cache, lexicon)
    assert summary["cache"]["documents_from_cache"] == 0
    assert not pd.read_parquet(tmp_path / "third" / "f.parquet").empty
