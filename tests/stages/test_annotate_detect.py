"""annotate and detect on three short documents: one row per sentence,
evidence that points at the words it names, context that stays inside its
document, and the same output whatever the chunk size."""

from __future__ import annotations

import pandas as pd

from pipeline.stages.detect import detect
from tests.tiny_run import LEXICON, TEXTS


def test_annotate_writes_sentences_at_their_offsets(tiny_run):
    sentences = pd.read_parquet(tiny_run.sentences)
    assert set(sentences["doc_id"]) == set(TEXTS)
    for row in sentences.itertuples():
        assert TEXTS[row.doc_id][row.start_char : row.end_char] == row.text
    assert tiny_run.annotate_summary["documents"] == len(TEXTS)
    assert tiny_run.annotate_summary["sentences"] == len(sentences)


def test_detect_gives_one_feature_row_per_sentence(tiny_run):
    sentences = pd.read_parquet(tiny_run.sentences)
    features = pd.read_parquet(tiny_run.features)
    assert len(features) == len(sentences) == tiny_run.detect_summary["sentences"]
    keys = ["doc_id", "sent_index"]
    assert features[keys].sort_values(keys).values.tolist() == sentences[keys].sort_values(keys).values.tolist()


def test_evidence_offsets_point_at_the_matched_words(tiny_run):
    evidence = pd.read_parquet(tiny_run.evidence)
    markers = evidence[evidence["kind"] == "marker"]
    assert len(markers), "the test texts contain lexicon markers"
    for row in markers.itertuples():
        assert TEXTS[row.doc_id][row.start_char : row.end_char] == row.text
    found = set(markers.loc[markers["doc_id"] == "nota", "category"])
    assert "coordination" in found  # regie, keten, afstemmen
    assert "collaboration" in set(markers.loc[markers["doc_id"] == "wijk", "category"])  # samen


def test_context_never_crosses_a_document(tiny_run):
    features = pd.read_parquet(tiny_run.features).sort_values(["doc_id", "sent_index"])
    previous = [c for c in features.columns if c.startswith("prev1_")]
    assert previous, "context columns are written"
    firsts = features.groupby("doc_id").head(1)
    assert (firsts[previous].fillna(0) == 0).all().all()


def test_chunk_size_does_not_change_the_output(tiny_run, tmp_path):
    detect(tiny_run.tokens, LEXICON, tmp_path / "f.parquet", tmp_path / "e.parquet", 1, chunk_sentences=1)
    keys = ["doc_id", "sent_index"]
    small = pd.read_parquet(tmp_path / "f.parquet").sort_values(keys).reset_index(drop=True)
    large = pd.read_parquet(tiny_run.features).sort_values(keys).reset_index(drop=True)
    pd.testing.assert_frame_equal(small, large)
