"""annotate's per-document cache: a warm run reads what a cold run
analysed and writes the same files; only new or changed documents are
analysed again; a changed pipeline or code never reuses old rows."""

from __future__ import annotations

import hashlib

import pandas as pd
import pyarrow.parquet as pq
import pytest

from pipeline.cache import DocumentCache
from pipeline.stages.annotate import annotate
from pipeline.tools import cache as cache_tool

NLP = {"n_process": 1, "batch_size": 2}


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(tiny_run, folder, cache_dir, documents=None, engine=None):
    folder.mkdir(parents=True, exist_ok=True)
    return annotate(
        documents or tiny_run.documents,
        folder / "sentences.parquet",
        folder / "tokens.parquet",
        NLP,
        engine,
        {"dir": cache_dir, "enabled": True},
    )


def same_files(folder, tiny_run) -> bool:
    return digest(folder / "sentences.parquet") == digest(tiny_run.sentences) and digest(
        folder / "tokens.parquet"
    ) == digest(tiny_run.tokens)


def test_a_warm_cache_gives_the_same_files_without_analysing_again(tiny_run, tmp_path):
    cold = run(tiny_run, tmp_path / "cold", tmp_path / "cache")
    assert cold["cache"] == {"documents_read": 0, "documents_analysed": cold["documents"]}
    warm = run(tiny_run, tmp_path / "warm", tmp_path / "cache")
    assert warm["cache"] == {"documents_read": cold["documents"], "documents_analysed": 0}
    assert same_files(tmp_path / "cold", tiny_run) and same_files(tmp_path / "warm", tiny_run)


def test_only_a_new_or_changed_document_is_analysed(tiny_run, tmp_path):
    run(tiny_run, tmp_path / "first", tmp_path / "cache")
    documents = pd.read_parquet(tiny_run.documents)
    included = documents[documents["included"]]
    changed = documents.copy()
    first = included.index[0]
    changed.loc[first, "text"] = changed.loc[first, "text"] + " Daarna dronken ze samen koffie."
    # A new document with the text of another: its own id in its rows.
    copy = included.iloc[[1]].assign(doc_id="kopie")
    changed = pd.concat([changed, copy], ignore_index=True)
    path = tmp_path / "documents.parquet"
    changed.to_parquet(path, index=False)
    second = run(tiny_run, tmp_path / "second", tmp_path / "cache", documents=path)
    assert second["cache"] == {"documents_read": len(included), "documents_analysed": 1}
    sentences = pd.read_parquet(tmp_path / "second" / "sentences.parquet")
    original = sentences[sentences["doc_id"] == included.iloc[1]["doc_id"]].drop(columns="doc_id")
    kopie = sentences[sentences["doc_id"] == "kopie"].drop(columns="doc_id")
    pd.testing.assert_frame_equal(original.reset_index(drop=True), kopie.reset_index(drop=True))
    # Without a cache, the same input gives the same files.
    annotate(path, tmp_path / "s.parquet", tmp_path / "t.parquet", NLP)
    assert digest(tmp_path / "s.parquet") == digest(tmp_path / "second" / "sentences.parquet")
    assert digest(tmp_path / "t.parquet") == digest(tmp_path / "second" / "tokens.parquet")


def test_another_context_never_reads_old_rows(tmp_path):
    one = DocumentCache(tmp_path, "pipeline A", ("sentences",))
    other = DocumentCache(tmp_path, "pipeline B", ("sentences",))
    assert one.key("dezelfde tekst") != other.key("dezelfde tekst")
    assert one.key("dezelfde tekst") == DocumentCache(tmp_path, "pipeline A", ()).key("dezelfde tekst")
    assert one.key("tekst") != one.key("tekst.")


@pytest.mark.slow
def test_the_dask_engine_uses_the_same_cache(tiny_run, tmp_path, clean_main):
    pytest.importorskip("dask.distributed")
    run(tiny_run, tmp_path / "local", tmp_path / "cache")
    warm = run(tiny_run, tmp_path / "dask", tmp_path / "cache", engine={"kind": "dask", "workers": 2})
    assert warm["cache"]["documents_analysed"] == 0
    assert same_files(tmp_path / "dask", tiny_run)


def test_the_cache_command_cleans(tiny_run, tmp_path, monkeypatch):
    run(tiny_run, tmp_path / "out", tmp_path / "cache")
    assert list((tmp_path / "cache").rglob("*.parquet"))
    params = tmp_path / "params.yaml"
    params.write_text(f"cache:\n  dir: {tmp_path / 'cache'}\n", encoding="utf-8")
    assert cache_tool.main(["show", "--params", str(params)]) == 0
    assert cache_tool.main(["clean", "--params", str(params)]) == 0
    assert not (tmp_path / "cache").exists()
    assert pq.read_table(tmp_path / "out" / "tokens.parquet").num_rows  # outputs untouched
