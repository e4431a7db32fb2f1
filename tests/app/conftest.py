"""The explorer's tests read the shared pipeline build
(:mod:`tests.pipeline_build`); each test gets its own copy of the data
folder, labels and reviews."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pipeline_build import REPO

APP = REPO / "app" / "explorer.py"


@pytest.fixture()
def explorer_env(pipeline_output, tmp_path, monkeypatch) -> dict[str, Path]:
    """Point the explorer at the test output; labels and reviews go to a
    fresh folder per test."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(pipeline_output["data"], data)
    labels = tmp_path / "labels"
    labels.mkdir()
    env = {
        "SAMENSPRAAK_DATA": data,
        "SAMENSPRAAK_MODELS": pipeline_output["models"],
        "SAMENSPRAAK_LABELS": labels,
        "SAMENSPRAAK_PARAMS": pipeline_output["params"],
        "SAMENSPRAAK_REVIEWS": tmp_path / "lexicon_review.csv",
    }
    for key, value in env.items():
        monkeypatch.setenv(key, str(value))
    return {
        "data": data,
        "models": pipeline_output["models"],
        "labels": labels,
        "params": pipeline_output["params"],
        "reviews": env["SAMENSPRAAK_REVIEWS"],
    }


@pytest.fixture()
def small_upload_limits(explorer_env, tmp_path, monkeypatch) -> dict[str, float]:
    """The explorer reads params.yaml's ingest limits for uploads: a copy of
    the test params with limits small enough to test (1 MB, 20 MB unpacked,
    500 words), used by the explorer from now on."""
    import yaml

    limits = {"max_file_mb": 1, "max_unpacked_mb": 20, "max_words": 500}
    params = yaml.safe_load(Path(explorer_env["params"]).read_text(encoding="utf-8"))
    params["ingest"].update(limits)
    path = tmp_path / "params-kleine-grenzen.yaml"
    path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("SAMENSPRAAK_PARAMS", str(path))
    explorer_env["params"] = path
    return limits
