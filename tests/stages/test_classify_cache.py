"""The classify stage's per-document cache: the same bytes with and
without it, and only documents whose feature rows changed are labelled again."""

from __future__ import annotations

import pandas as pd

from pipeline.settings import CacheSettings
from pipeline.stages.classify import classify_corpus


def run(tiny_run, features, out, cache, prior_adaptation="none"):
    summary = classify_corpus(features, tiny_run.models, out, prior_adaptation, cache)
    return summary, out.read_bytes()


def test_cached_and_uncached_labels_are_the_same_bytes(tiny_run, tmp_path):
    cache = CacheSettings(dir=tmp_path / "cache")
    off = CacheSettings(dir=tmp_path / "x", enabled=False)
    for adaptation in ("none", "em"):
        _, plain = run(tiny_run, tiny_run.features, tmp_path / f"plain-{adaptation}.parquet", off, adaptation)
        cold, cold_bytes = run(tiny_run, tiny_run.features, tmp_path / f"cold-{adaptation}.parquet", cache, adaptation)
        warm, warm_bytes = run(tiny_run, tiny_run.features, tmp_path / f"warm-{adaptation}.parquet", cache, adaptation)
        assert plain == cold_bytes == warm_bytes, adaptation
        assert warm["cache"] == {"documents_from_cache": 3, "documents_labelled": 0}
        assert "cache" not in run(tiny_run, tiny_run.features, tmp_path / "p.parquet", off)[0]


def test_only_changed_documents_are_labelled_again(tiny_run, tmp_path):
    cache = CacheSettings(dir=tmp_path / "cache")
    run(tiny_run, tiny_run.features, tmp_path / "first.parquet", cache)
    features = pd.read_parquet(tiny_run.features)
    marker_columns = [c for c in features.columns if c.startswith("m_")]
    features.loc[features["doc_id"] == "nota", marker_columns[0]] += 1
    features.to_parquet(tmp_path / "features.parquet", index=False)
    summary, _ = run(tiny_run, tmp_path / "features.parquet", tmp_path / "second.parquet", cache)
    assert summary["cache"] == {"documents_from_cache": 2, "documents_labelled": 1}
    _, uncached = run(tiny_run, tmp_path / "features.parquet", tmp_path / "third.parquet", CacheSettings(enabled=False))
    assert (tmp_path / "second.parquet").read_bytes() == uncached
