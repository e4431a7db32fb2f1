"""A tiny run of the stages' cores, shared by the stage tests: three short
Dutch documents written for the tests go through annotate and detect; a
small slice of the labelled sentences trains a model in seconds; classify
labels the documents with it. No DVC and no subprocess: the functions the
stages' ``main()`` call, on files in a temporary folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from pipeline.settings import ModelSettings
from tests.labelled_subset import small_labelled_set

REPO = Path(__file__).resolve().parents[1]
LEXICON = REPO / "pipeline" / "lexicon"

TEXTS = {
    "wijk": (
        "Samen de wijk in\n\n"
        "Op maandag liepen de wijkagent en twee jongerenwerkers samen door de Lindelaan. "
        "Ze spraken met bewoners over de overlast bij het speelveld. "
        "Een moeder vertelde dat ze eindelijk iemand had die naar haar luisterde. "
        "Het regende die avond hard."
    ),
    "nota": (
        "Uitvoeringsnota jeugd\n\n"
        "De gemeente voert de regie over de keten en legt de afspraken vast in een convenant. "
        "Partners moeten hun werkzaamheden beter op elkaar afstemmen. "
        "Het budget voor 2025 bedraagt 3,1 miljoen euro."
    ),
    "leeg": "Bijlage\n\nTabel 1. Aantallen per kwartaal.",
}
# Small models: the same estimators as the real ones, fitted in seconds.
SMALL_MODEL = ModelSettings(max_char_features=500, calibration_folds=2)


@dataclass
class TinyRun:
    root: Path
    documents: Path
    sentences: Path
    tokens: Path
    features: Path
    evidence: Path
    labelled: pd.DataFrame
    models: Path
    labels: Path
    annotate_summary: dict
    detect_summary: dict


def write_documents(path: Path) -> None:
    frame = pd.DataFrame(
        {
            "doc_id": list(TEXTS),
            "text": list(TEXTS.values()),
            "included": [True, True, True],
        }
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(path, index=False)


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, nlp) -> TinyRun:
    from pipeline.codebook import FIELDS
    from pipeline.lexicon import load_lexicon
    from pipeline.model.classifier import save_models
    from pipeline.model.label_files import labelled_files, read_labelled
    from pipeline.model.priors import training_priors
    from pipeline.model.training import fit_field
    from pipeline.stages.annotate import annotate
    from pipeline.stages.classify import classify_corpus
    from pipeline.stages.detect import detect
    from pipeline.stages.evaluate import featurise_labelled

    root = tmp_path_factory.mktemp("tiny-run")
    data = root / "data"
    documents = data / "documents.parquet"
    write_documents(documents)
    annotate_summary = annotate(
        documents, data / "sentences.parquet", data / "tokens.parquet", {"n_process": 1, "batch_size": 2}
    )
    detect_summary = detect(
        data / "tokens.parquet", LEXICON, data / "sentence_features.parquet", data / "evidence.parquet", 1
    )

    small_labelled_set(root / "labelled", passages=8)
    labelled, _ = read_labelled(labelled_files(root / "labelled"))
    # featurised as the evaluate stage featurises labelled sentences
    frame = featurise_labelled(labelled, nlp, LEXICON, SMALL_MODEL.context_width)
    models = {field: fit_field(frame, field, SMALL_MODEL, 13) for field in FIELDS}
    manifest = {
        "classifier_version": "test",
        "lexicon_version": load_lexicon(LEXICON).version,
        "nlp_model": "default",
        "training_priors": training_priors(frame),
        "params": {"model": SMALL_MODEL.model_dump(mode="json")},
    }
    save_models(models, root / "models", manifest, LEXICON)
    classify_corpus(data / "sentence_features.parquet", root / "models", data / "sentence_labels.parquet")
    return TinyRun(
        root=root,
        documents=documents,
        sentences=data / "sentences.parquet",
        tokens=data / "tokens.parquet",
        features=data / "sentence_features.parquet",
        evidence=data / "evidence.parquet",
        labelled=frame,
        models=root / "models",
        labels=data / "sentence_labels.parquet",
        annotate_summary=annotate_summary,
        detect_summary=detect_summary,
    )
