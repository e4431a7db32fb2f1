"""The classifier's files: slimming a model before it is stored changes no
prediction, the manifest's list of types lets a model load in one pass, and
that list cannot make a type outside the trusted prefixes trusted."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest
import skops.io as sio

from pipeline.codebook import FIELDS
from pipeline.model import classifier as classifier_module
from pipeline.model.classifier import SentenceClassifier, load_model, slimmed
from pipeline.model.training import fit_field
from pipeline.paths import MANIFEST
from tests.tiny_run import SMALL_MODEL


def vectorizers(model):
    """Every fitted estimator with a vocabulary inside ``model``."""
    found, stack, seen = [], [model], set()
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list | tuple):
            stack.extend(value)
        elif hasattr(value, "get_params"):
            if isinstance(getattr(value, "vocabulary_", None), dict):
                found.append(value)
            stack.extend(vars(value).values())
    return found


def test_slimming_changes_no_prediction_and_leaves_no_numpy_indices(tiny_run, tmp_path):
    frame = tiny_run.labelled
    model = fit_field(frame, "collab", SMALL_MODEL, 13)
    before = model.predict_proba(frame)
    original = copy.deepcopy(model)
    assert vectorizers(model), "the model has a word vectorizer"
    slim = slimmed(model)
    np.testing.assert_array_equal(slim.predict_proba(frame), before)
    for vectorizer in vectorizers(slim):
        assert all(type(index) is int for index in vectorizer.vocabulary_.values())
        assert not hasattr(vectorizer, "stop_words_")
    # and the stored file shrinks: one array file less per term
    assert len(sio.dumps(slim)) <= len(sio.dumps(original))


def test_the_manifest_lists_each_files_types_and_loading_needs_one_pass(tiny_run, monkeypatch):
    manifest = json.loads((tiny_run.models / MANIFEST).read_text(encoding="utf-8"))
    assert set(manifest["skops_types"]) == set(FIELDS)

    def second_pass(*args, **kwargs):
        raise AssertionError("the file's types were listed again")

    monkeypatch.setattr(classifier_module.sio, "get_untrusted_types", second_pass)
    assert set(SentenceClassifier.load(tiny_run.models).models) == set(FIELDS)


class Foreign:
    """A type from outside the trusted prefixes (``tests.``)."""

    def __init__(self) -> None:
        self.payload = [1, 2, 3]


def test_a_manifest_cannot_make_a_foreign_type_trusted(tmp_path):
    path = tmp_path / "collab.skops"
    sio.dump({"model": Foreign()}, path)
    listed = sio.get_untrusted_types(file=path)
    assert any(name.startswith("tests.") for name in listed)
    with pytest.raises(ValueError, match="does not trust"):
        load_model(path, known_types=listed)
    with pytest.raises(ValueError, match="does not trust"):
        load_model(path)


def test_classifier_version_names_the_training_settings():
    """Two models trained on the same labels with different settings must
    not share a version: the dev evaluation log tells them apart by it."""
    from pipeline.model.classifier import classifier_version

    settings = {"C": 0.5, "features": {"mode": ["lemma_words", "counts"]}}
    changed = {"C": 0.5, "features": {"mode": ["lemma_words", "counts", "document_profile"]}}
    first = classifier_version("1.1+abc", 13, 100, "0123abcd", settings)
    assert first.startswith("1.1+abc-13-100-0123abcd-")
    assert first == classifier_version("1.1+abc", 13, 100, "0123abcd", dict(reversed(list(settings.items()))))
    assert first != classifier_version("1.1+abc", 13, 100, "0123abcd", changed)
