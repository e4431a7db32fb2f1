"""classify: every corpus sentence gets valid labels and probabilities
that sum to one; the file command reads JSONL and plain text and names bad
input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pipeline.codebook import FIELDS, LABELS
from pipeline.stages.classify import classify_corpus, main, read_input


def test_every_sentence_gets_valid_labels_and_probabilities(tiny_run):
    labels = pd.read_parquet(tiny_run.labels)
    features = pd.read_parquet(tiny_run.features)
    assert len(labels) == len(features)
    for field in FIELDS:
        probabilities = labels[[f"p_{field}_{label}" for label in LABELS[field]]].to_numpy()
        assert np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-3)
    assert set(labels["collab"]) <= set(LABELS["collab"])
    about = labels["collab"] == "yes"
    assert labels.loc[about, "mode"].isin(LABELS["mode"]).all()
    assert labels.loc[~about, "mode"].isna().all()


def test_prior_adaptation_is_recorded(tiny_run, tmp_path):
    summary = classify_corpus(tiny_run.features, tiny_run.models, tmp_path / "labels.parquet", "em")
    assert summary["sentences"] == len(pd.read_parquet(tiny_run.features))
    assert summary["prior_adaptation"]


def test_the_file_command_labels_plain_text_with_evidence(tiny_run, tmp_path):
    source = tmp_path / "tekst.txt"
    source.write_text("We kookten samen met de buren. Het regende.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main([str(source), "-o", str(out), "--model", str(tiny_run.models)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in records] == ["We kookten samen met de buren.", "Het regende."]
    first = records[0]
    for item in first["evidence"]:
        assert first["text"][item["start"] : item["end"]] == item["text"]


def test_read_input_names_the_bad_line(tmp_path):
    path = tmp_path / "zinnen.jsonl"
    path.write_text('{"id": "a", "text": "Goed."}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_input(path)


def test_a_missing_model_is_reported_not_raised(tmp_path):
    source = tmp_path / "tekst.txt"
    source.write_text("Een zin.", encoding="utf-8")
    assert main([str(source), "-o", str(tmp_path / "out.jsonl"), "--model", str(tmp_path / "geen-model")]) == 2
