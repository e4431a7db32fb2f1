"""The detect stage featurises the same way wherever the documents go: in
the stage's process, in two forked workers, or as tasks on a real Dask
LocalCluster, the feature and evidence files are the same bytes, and a
warm cache gives them again."""

from __future__ import annotations

import pytest

from pipeline.settings import CacheSettings, EngineSettings
from pipeline.stages.detect import detect
from tests.tiny_run import LEXICON


def run(tiny_run, out, engine=None, processes=1, cache=None):
    out.mkdir(parents=True, exist_ok=True)
    summary = detect(
        tiny_run.tokens,
        LEXICON,
        out / "f.parquet",
        out / "e.parquet",
        1,
        chunk_sentences=2,
        cache=cache or CacheSettings(dir=out / "no-cache", enabled=False),
        engine=engine,
        processes=processes,
    )
    return summary, (out / "f.parquet").read_bytes(), (out / "e.parquet").read_bytes()


def test_forked_workers_write_what_one_process_writes(tiny_run, tmp_path):
    _, features, evidence = run(tiny_run, tmp_path / "one")
    summary, forked_features, forked_evidence = run(tiny_run, tmp_path / "two", processes=2)
    assert summary["documents"] == 3
    assert forked_features == features and forked_evidence == evidence
    # a cache filled by the workers serves the next run the same bytes
    cache = CacheSettings(dir=tmp_path / "cache")
    run(tiny_run, tmp_path / "cold", processes=2, cache=cache)
    warm, warm_features, warm_evidence = run(tiny_run, tmp_path / "warm", processes=2, cache=cache)
    assert warm["cache"] == {"documents_from_cache": 3, "documents_featurised": 0}
    assert warm_features == features and warm_evidence == evidence


@pytest.mark.slow
def test_a_local_cluster_writes_what_the_local_run_writes(tiny_run, tmp_path, clean_main):
    pytest.importorskip("dask.distributed")
    _, features, evidence = run(tiny_run, tmp_path / "local")
    engine = EngineSettings(kind="dask", workers=2)
    summary, dask_features, dask_evidence = run(tiny_run, tmp_path / "dask", engine=engine)
    assert summary["documents"] == 3
    assert dask_features == features and dask_evidence == evidence
