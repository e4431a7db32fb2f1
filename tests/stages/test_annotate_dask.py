"""The annotate stage on a real Dask LocalCluster with two worker
processes: the same files, byte for byte, as the local run, whatever the
partition size."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.stages.annotate import annotate

pytestmark = pytest.mark.slow


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("partition", [1, 2])
def test_a_local_cluster_writes_what_the_local_run_writes(tiny_run, tmp_path, partition, clean_main):
    pytest.importorskip("dask.distributed")
    sentences, tokens = tmp_path / "sentences.parquet", tmp_path / "tokens.parquet"
    summary = annotate(
        tiny_run.documents,
        sentences,
        tokens,
        {"n_process": 1, "batch_size": 2},
        {"kind": "dask", "workers": 2, "partition_documents": partition},
    )
    assert summary["engine"]["kind"] == "dask"
    assert summary["documents"] == tiny_run.annotate_summary["documents"]
    assert summary["words"] == tiny_run.annotate_summary["words"]
    assert digest(sentences) == digest(tiny_run.sentences)
    assert digest(tokens) == digest(tiny_run.tokens)
    assert not list(tmp_path.glob(".*parts*")), "the part files are removed"
