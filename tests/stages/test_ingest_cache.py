"""The ingest stage's reading cache: a warm run writes the same bytes as a
cold or an uncached one, and a changed file is the only one read again."""

from __future__ import annotations

import shutil

from pipeline.settings import CacheSettings
from pipeline.stages.ingest import ingest, write_documents
from pipeline.tools.render_demo import write_broken_corpus
from tests.stages.test_ingest import PARAMS


def run(folder, out, cache, n_jobs=2):
    documents, report, summary = ingest(folder, folder / "metadata.csv", {**PARAMS, "n_jobs": n_jobs}, cache)
    out.mkdir(parents=True, exist_ok=True)
    write_documents(documents, out / "documents.parquet")
    report.to_csv(out / "report.csv", index=False)
    return summary, (out / "documents.parquet").read_bytes(), (out / "report.csv").read_bytes()


def test_a_warm_run_writes_what_a_cold_one_writes_and_reads_only_what_changed(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_broken_corpus(folder)
    cache = CacheSettings(dir=tmp_path / "cache")
    _, plain_documents, plain_report = run(folder, tmp_path / "plain", CacheSettings(dir=tmp_path / "x", enabled=False))
    cold, cold_documents, cold_report = run(folder, tmp_path / "cold", cache)
    warm, warm_documents, warm_report = run(folder, tmp_path / "warm", cache, n_jobs=1)
    assert cold["cache"]["files_from_cache"] == 0 and cold["cache"]["files_read"] > 5
    # Only files that cannot be kept are read again: over the size limit, unopenable.
    assert warm["cache"]["files_from_cache"] >= cold["cache"]["files_read"] - 2
    assert plain_documents == cold_documents == warm_documents
    assert plain_report == cold_report == warm_report

    changed = folder / "goed.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nEen nieuwe alinea over samenwerken.\n", "utf-8")
    again, _, _ = run(folder, tmp_path / "again", cache)
    assert again["cache"]["files_read"] == warm["cache"]["files_read"] + 1

    shutil.rmtree(tmp_path / "cache")
    after_clean, _, _ = run(folder, tmp_path / "clean", cache)
    assert after_clean["cache"]["files_from_cache"] == 0
