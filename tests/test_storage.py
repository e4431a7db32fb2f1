"""Outputs appear whole or not at all: a writer that fails halfway leaves
no file (or the previous one, untouched) at the final path and nothing
behind under its temporary name; one that succeeds writes the same bytes
as writing to the final path directly."""

from __future__ import annotations

import hashlib
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.stages import annotate
from pipeline.storage import RowGroupWriter, atomic_output, atomic_outputs, staging_path, write_text_atomically

SCHEMA = pa.schema([("doc_id", pa.string()), ("n_words", pa.int32())])
ROWS = [{"doc_id": f"nota-{n}", "n_words": n} for n in range(25)]


class Broken(Exception):
    """A failure injected by a test."""


def listing(folder) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------ atomic_output


def test_a_finished_block_puts_the_file_in_place_with_the_same_bytes(tmp_path):
    text = "doc_id,titel\nnota-1,Samen sterk\n"
    (tmp_path / "direct.csv").write_text(text, encoding="utf-8")
    with atomic_output(tmp_path / "out" / "atomic.csv") as staging:
        assert staging.parent == tmp_path / "out" and staging.name.startswith(".")
        assert staging.suffix == ".csv"
        assert not (tmp_path / "out" / "atomic.csv").exists()  # nothing to read before the end
        staging.write_text(text, encoding="utf-8")
    assert (tmp_path / "out" / "atomic.csv").read_bytes() == (tmp_path / "direct.csv").read_bytes()
    assert listing(tmp_path / "out") == ["atomic.csv"]


def test_a_failing_block_leaves_nothing(tmp_path):
    target = tmp_path / "labels.parquet"
    with pytest.raises(Broken), atomic_output(target) as staging:
        pq.write_table(pa.Table.from_pylist(ROWS[:0], SCHEMA), staging)  # the empty stand-in of old
        raise Broken
    assert listing(tmp_path) == []


def test_a_failing_block_keeps_the_previous_output(tmp_path):
    target = tmp_path / "labels.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS, SCHEMA), target)
    before = digest(target)
    with pytest.raises(Broken), atomic_output(target) as staging:
        pq.write_table(pa.Table.from_pylist(ROWS[:0], SCHEMA), staging)
        raise Broken
    assert digest(target) == before
    assert listing(tmp_path) == ["labels.parquet"]


def test_a_folder_is_replaced_whole_or_not_at_all(tmp_path):
    target = tmp_path / "classifier"
    target.mkdir()
    (target / "oud.skops").write_text("oud", encoding="utf-8")
    with pytest.raises(Broken), atomic_output(target) as staging:
        staging.mkdir()
        (staging / "collab.skops").write_text("half", encoding="utf-8")
        raise Broken
    assert listing(target) == ["oud.skops"] and listing(tmp_path) == ["classifier"]

    with atomic_output(target) as staging:
        staging.mkdir()
        (staging / "collab.skops").write_text("nieuw", encoding="utf-8")
    assert listing(target) == ["collab.skops"]  # nothing of the old folder is mixed in
    assert listing(tmp_path) == ["classifier"]


def test_outputs_of_one_stage_change_together(tmp_path):
    first, second = tmp_path / "scores.parquet", tmp_path / "score.json"
    write_text_atomically(second, "{}\n")
    with pytest.raises(Broken), atomic_outputs(first, second) as (first_staging, second_staging):
        pq.write_table(pa.Table.from_pylist(ROWS, SCHEMA), first_staging)
        second_staging.write_text('{"documents": 25}\n', encoding="utf-8")
        raise Broken
    assert listing(tmp_path) == ["score.json"] and second.read_text(encoding="utf-8") == "{}\n"

    with atomic_outputs(first, second) as (first_staging, second_staging):
        pq.write_table(pa.Table.from_pylist(ROWS, SCHEMA), first_staging)
        second_staging.write_text('{"documents": 25}\n', encoding="utf-8")
    assert pq.read_table(first).num_rows == 25 and "25" in second.read_text(encoding="utf-8")
    assert listing(tmp_path) == ["score.json", "scores.parquet"]


def test_leftovers_of_a_killed_writer_are_removed_and_a_running_ones_kept(tmp_path):
    target = tmp_path / "tokens.parquet"
    dead = tmp_path / ".tokens.tmp-999999999.parquet"  # above any pid the kernel hands out
    running = tmp_path / f".tokens.tmp-{os.getppid()}.parquet"
    other = tmp_path / ".sentences.tmp-999999999.parquet"
    for path in (dead, running, other):
        path.write_bytes(b"half")
    write_text_atomically(target, "nieuw")
    assert listing(tmp_path) == sorted([running.name, other.name, target.name])


# ------------------------------------------------------------------ RowGroupWriter


def test_the_row_group_writer_writes_what_a_direct_writer_writes(tmp_path):
    with RowGroupWriter(tmp_path / "atomic.parquet", SCHEMA, {"samenspraak.test": "1"}, 10) as writer:
        assert not (tmp_path / "atomic.parquet").exists()
        writer.add(ROWS)
    direct_schema = SCHEMA.with_metadata({"samenspraak.test": "1"})
    with pq.ParquetWriter(tmp_path / "direct.parquet", direct_schema, compression="zstd") as direct:
        direct.write_table(pa.Table.from_pylist(ROWS, direct_schema))
    assert digest(tmp_path / "atomic.parquet") == digest(tmp_path / "direct.parquet")
    assert writer.count == 25
    assert listing(tmp_path) == ["atomic.parquet", "direct.parquet"]


def test_a_row_group_writer_that_fails_halfway_leaves_the_previous_table(tmp_path):
    target = tmp_path / "evidence.parquet"
    pq.write_table(pa.Table.from_pylist(ROWS[:3], SCHEMA), target)
    before = digest(target)
    with pytest.raises(Broken), RowGroupWriter(target, SCHEMA, {}, 5) as writer:
        writer.add(ROWS[:12])  # two row groups already on disk
        assert staging_path(target).exists()
        raise Broken
    assert digest(target) == before
    assert listing(tmp_path) == ["evidence.parquet"]


def test_abort_removes_what_was_written(tmp_path):
    writer = RowGroupWriter(tmp_path / "evidence.parquet", SCHEMA, {}, 5)
    writer.add(ROWS)
    writer.abort()
    writer.close()  # after abort, closing changes nothing
    assert listing(tmp_path) == []


# ------------------------------------------------------------------ a real stage


def test_a_failing_annotate_stage_leaves_no_stand_in_output(tiny_run, tmp_path, monkeypatch):
    """annotate's main() fails at its second document: its tables and its
    summary are neither created, nor, on a second run, replaced by partial
    or empty ones."""
    params = tmp_path / "params.yaml"
    params.write_text("nlp:\n  n_process: 1\n  batch_size: 2\ncache:\n  enabled: false\n", encoding="utf-8")
    out = tmp_path / "out"
    outputs = {name: out / f"{name}.parquet" for name in ("sentences", "tokens")}
    arguments = ["--params", str(params), "--documents", str(tiny_run.documents)]
    arguments += ["--sentences", str(outputs["sentences"]), "--tokens", str(outputs["tokens"])]
    arguments += ["--summary", str(out / "annotate.json")]

    real_doc_rows = annotate.doc_rows
    calls = []

    def failing_doc_rows(*args, **kwargs):
        calls.append(args[0])
        if len(calls) == 2:
            raise Broken("second document")
        return real_doc_rows(*args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(annotate, "doc_rows", failing_doc_rows)
        with pytest.raises(Broken):
            annotate.main(arguments)
    assert calls and (not out.exists() or listing(out) == [])

    assert annotate.main(arguments) == 0
    before = {name: digest(path) for name, path in outputs.items()}
    assert before == {"sentences": digest(tiny_run.sentences), "tokens": digest(tiny_run.tokens)}
    calls.clear()
    with monkeypatch.context() as patch:
        patch.setattr(annotate, "doc_rows", failing_doc_rows)
        with pytest.raises(Broken):
            annotate.main(arguments)
    assert {name: digest(path) for name, path in outputs.items()} == before
    assert listing(out) == ["annotate.json", "sentences.parquet", "tokens.parquet"]
