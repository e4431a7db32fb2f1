"""The classify stage labels the same way wherever the rows go: in the
stage's process, in two forked workers sharing the loaded model, or as
tasks on a real Dask LocalCluster whose workers load it themselves. The
labels file is the same bytes, with the cache off and on."""

from __future__ import annotations

import pytest

from pipeline.settings import CacheSettings, EngineSettings
from pipeline.stages.classify import _row_parts, classify_corpus


def run(tiny_run, out, cache=None, engine=None, processes=1):
    cache = cache or CacheSettings(dir=out.parent / "no-cache", enabled=False)
    summary = classify_corpus(tiny_run.features, tiny_run.models, out, "none", cache, engine, processes)
    return summary, out.read_bytes()


def test_parts_are_whole_documents_of_about_equal_size():
    documents = [range(0, 5), range(5, 6), range(6, 20), range(20, 22), range(22, 30)]
    parts = _row_parts(documents, 3)
    assert [list(p) for p in parts] == [list(range(0, 20)), list(range(20, 30))]
    assert sum(len(p) for p in _row_parts(documents, 100)) == 30


def test_forked_workers_label_what_one_process_labels(tiny_run, tmp_path):
    _, one = run(tiny_run, tmp_path / "one.parquet")
    _, forked = run(tiny_run, tmp_path / "forked.parquet", processes=2)
    assert forked == one
    cache = CacheSettings(dir=tmp_path / "cache")
    _, cold = run(tiny_run, tmp_path / "cold.parquet", cache, processes=2)
    warm, warm_bytes = run(tiny_run, tmp_path / "warm.parquet", cache, processes=2)
    assert cold == warm_bytes == one
    assert warm["cache"] == {"documents_from_cache": 3, "documents_labelled": 0}


@pytest.mark.slow
def test_a_local_cluster_labels_what_the_local_run_labels(tiny_run, tmp_path, clean_main):
    pytest.importorskip("dask.distributed")
    _, one = run(tiny_run, tmp_path / "one.parquet")
    _, on_dask = run(tiny_run, tmp_path / "dask.parquet", engine=EngineSettings(kind="dask", workers=2))
    assert on_dask == one
