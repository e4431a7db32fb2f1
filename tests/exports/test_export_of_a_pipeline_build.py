"""The export stage on the real pipeline build the explorer's tests use
(one build for both): every table is written, the data package validates,
and the exported figures are the score stage's own."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.stages import export

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def exported(pipeline_output, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export-of-build") / "exports"
    data, models = pipeline_output["data"], pipeline_output["models"]
    metrics = data.parent / "metrics"
    arguments = [
        "--params", pipeline_output["params"],
        "--documents", data / "documents.parquet",
        "--sentences", data / "sentences.parquet",
        "--labels", data / "sentence_labels.parquet",
        "--evidence", data / "evidence.parquet",
        "--document-scores", data / "document_scores.parquet",
        "--group-scores", data / "group_scores.parquet",
        "--classifier", models,
        "--annotate-metrics", metrics / "annotate.json",
        "--train-metrics", metrics / "train.json",
        "--dev-metrics", metrics / "dev.json",  # absent: the build runs no evaluation
        "--out", out,
        "--summary", out.parent / "export.json",
    ]  # fmt: skip
    assert export.main([str(a) for a in arguments]) == 0
    return out


def test_every_table_is_written_and_the_package_validates(exported):
    summary = json.loads((exported.parent / "export.json").read_text(encoding="utf-8"))
    assert summary["datapackage_valid"] is True and not summary["problems"]
    for name in ("documents", "sentences", "evidence", "group_scores"):
        assert (exported / f"{name}.csv").exists() and (exported / f"{name}.parquet").exists()
    assert (exported / "codebook.md").exists() and (exported / "samenspraak.qdpx").exists()


def test_the_exported_figures_are_the_score_stages(exported, pipeline_output):
    scores = pd.read_parquet(pipeline_output["data"] / "document_scores.parquet").set_index("doc_id")
    documents = pd.read_parquet(exported / "documents.parquet").set_index("doc_id")
    shared = scores.index.intersection(documents.index)
    assert len(shared) == len(scores)
    for column in ("claim_practice_gap", "claim_practice_gap_low", "collaboration_density", "corrected_claimed"):
        pd.testing.assert_series_equal(
            documents.loc[shared, column].astype(float), scores.loc[shared, column].astype(float), check_names=False
        )
    sentences = pd.read_parquet(exported / "sentences.parquet")
    labels = pd.read_parquet(pipeline_output["data"] / "sentence_labels.parquet")
    assert len(sentences) == len(labels)
