"""Training: out-of-fold labels cover every sentence once and keep text
types apart, a saved classifier predicts what it predicted before saving,
and weak labels take only sentences the lexicon is sure of (and, when off,
leave the classifier independent of the corpus)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from pipeline.codebook import FIELDS
from pipeline.model.classifier import SentenceClassifier
from pipeline.model.training import cross_validate, fit_field, fit_fields, weak_label_rows
from pipeline.settings import TrainSettings
from pipeline.stages import weak_labels
from pipeline.stages.weak_labels import weak_table
from tests.tiny_run import SMALL_MODEL


def test_out_of_fold_labels_cover_every_row_and_hold_out_whole_text_types(tiny_run):
    frame = tiny_run.labelled
    result = cross_validate(frame, SMALL_MODEL, 2, 13, "text_type")
    table = result["out_of_fold"]
    assert len(table) == len(frame) and table["id"].is_unique
    # each text type is predicted in exactly one fold: no model saw it
    assert (table.groupby("text_type")["fold"].nunique() == 1).all()
    for field in FIELDS:
        assert table[f"pred_{field}"].notna().all()
        assert set(result["scores"]["classifier"][field]) >= {"macro_f1"}


def test_a_saved_classifier_predicts_as_before(tiny_run):
    classifier = SentenceClassifier.load(tiny_run.models)
    features = pd.read_parquet(tiny_run.features)
    again = classifier.predict(features)
    stored = pd.read_parquet(tiny_run.labels)
    np.testing.assert_allclose(again["p_collab_yes"].to_numpy(), stored["p_collab_yes"].to_numpy(), atol=1e-4)
    assert classifier.lexicon_dir is not None and any(classifier.lexicon_dir.glob("*.yaml"))


def test_weak_labels_take_only_unambiguous_sentences(tiny_run):
    chosen = weak_label_rows(tiny_run.features, TrainSettings(weak_min_markers=2))
    features = pd.read_parquet(tiny_run.features)
    assert len(chosen) < len(features)
    assert chosen["id"].str.startswith("weak:").all()
    topical = chosen[["m_collaboration", "m_coordination", "m_dialogue"]].sum(axis=1)
    assert ((chosen["collab"] == "yes") == (topical >= 2)).all()


def test_fits_in_two_processes_equal_fits_in_one(tiny_run):
    frame = tiny_run.labelled
    one = cross_validate(frame, SMALL_MODEL, 2, 13, "text_type", jobs=1)["out_of_fold"]
    two = cross_validate(frame, SMALL_MODEL, 2, 13, "text_type", jobs=2)["out_of_fold"]
    pd.testing.assert_frame_equal(one, two)
    models = fit_fields(frame, SMALL_MODEL, 13, jobs=2)
    for field in FIELDS:
        alone = fit_field(frame, field, SMALL_MODEL, 13)
        np.testing.assert_array_equal(models[field].predict_proba(frame), alone.predict_proba(frame))


def test_the_weak_label_table_does_not_depend_on_the_corpus_when_off(tiny_run, tmp_path):
    """With weak labels off, the weak_labels stage writes the same bytes
    whatever the corpus holds, so DVC does not retrain when a document is
    added; with them on, it holds the lexicon's confident labels."""
    params = yaml.safe_load((Path(__file__).resolve().parents[2] / "params.yaml").read_text(encoding="utf-8"))
    params["train"]["weak_labels"] = False
    path = tmp_path / "params.yaml"
    path.write_text(yaml.safe_dump(params), encoding="utf-8")
    outputs = []
    for corpus in (tiny_run.features, tmp_path / "no-corpus.parquet"):
        out = tmp_path / f"weak-{len(outputs)}.parquet"
        assert weak_labels.main(["--params", str(path), "--corpus-features", str(corpus), "--out", str(out)]) == 0
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert pd.read_parquet(tmp_path / "weak-0.parquet").empty

    on = TrainSettings(weak_labels=True, weak_min_markers=2)
    table = weak_table(tiny_run.features, on)
    assert len(table) > 0 and table["id"].str.startswith("weak:").all()
