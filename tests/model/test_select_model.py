"""select-model: candidates measured by leaving whole genres out, on the
labelled passages only."""

import json

from pipeline.codebook import FIELDS
from pipeline.tools import select_model
from tests.tiny_run import SMALL_MODEL


def test_leaving_genres_out_reports_every_field_and_every_genre(tiny_run, tmp_path):
    frame = tiny_run.labelled
    features = tmp_path / "labelled_features.parquet"
    frame.to_parquet(features, index=False)
    params = tmp_path / "params.yaml"
    params.write_text(
        "train:\n  model:\n"
        + "".join(
            f"    {key}: {value}\n"
            for key, value in SMALL_MODEL.model_dump(include={"max_char_features", "calibration_folds"}).items()
        ),
        encoding="utf-8",
    )
    out = tmp_path / "selection.json"
    code = select_model.main(
        [
            "--params",
            str(params),
            "--features",
            str(features),
            "--metrics",
            str(out),
            "--candidates",
            "current",
            "C_2",
            "--schemes",
            "genre",
            "--n-jobs",
            "1",
        ]
    )
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    genres = sorted(frame["text_genre"].unique())
    assert len(genres) > 1
    for name in ("current", "C_2"):
        candidate = report["candidates"][name]
        assert set(candidate["genre"]) == set(FIELDS)
        assert all(0.0 <= value <= 1.0 for value in candidate["genre"].values())
        assert sorted(candidate["by_genre"]["collab"]) == genres
        assert "passage" not in candidate
    assert report["candidates"]["C_2"]["overrides"] == {"C": 2.0}
