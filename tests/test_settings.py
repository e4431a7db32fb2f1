"""One source of settings: params.yaml is read into typed sections, a
mistyped or unknown key is an error that names it, and the defaults in the
code are the values params.yaml ships with."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline import paths
from pipeline.settings import (
    CorrectionSettings,
    ModelSettings,
    ScoreSettings,
    Settings,
    SettingsError,
    load_settings,
)

REPO = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_params_file_is_valid_and_equals_the_defaults():
    """A default that disagrees with params.yaml would change a run that
    leaves the key out; both are written once and must agree."""
    assert load_settings(REPO / "params.yaml") == Settings()


def test_every_key_of_params_yaml_is_a_setting():
    """The reverse: no section of the file is read by nothing."""
    raw = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    assert set(raw) == set(Settings.model_fields)
    for section, values in raw.items():
        assert set(values) <= set(Settings.model_fields[section].annotation.model_fields), section


def test_an_unknown_key_is_an_error_naming_it(tmp_path):
    path = write(tmp_path, "score:\n  bootstrap_sample: 500\n")
    with pytest.raises(SettingsError, match=r"score\.bootstrap_sample: unknown setting"):
        load_settings(path)


def test_a_nested_typo_is_named_with_its_whole_path(tmp_path):
    path = write(tmp_path, "train:\n  model:\n    context_widht: 2\n")
    with pytest.raises(SettingsError, match=r"train\.model\.context_widht: unknown setting"):
        load_settings(path)


def test_a_wrong_type_or_range_is_an_error_naming_the_key(tmp_path):
    with pytest.raises(SettingsError, match=r"topics\.passes"):
        load_settings(write(tmp_path, "topics:\n  passes: many\n"))
    with pytest.raises(SettingsError, match=r"score\.confidence"):
        load_settings(write(tmp_path, "score:\n  confidence: 95\n"))
    with pytest.raises(SettingsError, match=r"classify\.prior_adaptation"):
        load_settings(write(tmp_path, "classify:\n  prior_adaptation: sometimes\n"))
    with pytest.raises(SettingsError, match=r"train\.model\.features\.mode\.0"):
        load_settings(write(tmp_path, "train:\n  model:\n    features:\n      mode: [lemma_wrods]\n"))


def test_every_problem_is_reported_at_once(tmp_path):
    path = write(tmp_path, "score:\n  seedd: 1\ntopics:\n  passes: -1\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(path)
    assert "score.seedd" in str(caught.value) and "topics.passes" in str(caught.value)


def test_a_missing_section_or_key_takes_the_default(tmp_path):
    settings = load_settings(write(tmp_path, "score:\n  seed: 3\n"))
    assert settings.score.seed == 3
    assert settings.score.bootstrap_samples == ScoreSettings().bootstrap_samples
    assert settings.topics == Settings().topics


def test_sections_accept_a_mapping_and_validate_it():
    assert ScoreSettings.of({"seed": 3}).seed == 3
    assert ScoreSettings.of(None) == ScoreSettings()
    given = ModelSettings(C=2.0)
    assert ModelSettings.of(given) is given
    with pytest.raises(SettingsError, match="sweep"):
        CorrectionSettings.of({"sweep": 3})


def test_settings_cannot_be_changed_after_reading():
    settings = ScoreSettings()
    with pytest.raises(ValueError):
        settings.seed = 1


def test_the_stage_outputs_in_dvc_yaml_are_the_named_paths():
    """Paths are named once in pipeline.paths; dvc.yaml, which cannot import
    them, lists the same files."""
    dvc = yaml.safe_load((REPO / "dvc.yaml").read_text(encoding="utf-8"))
    outs = set()
    for stage in dvc["stages"].values():
        for entry in stage.get("outs", []) + stage.get("metrics", []):
            outs.add(Path(next(iter(entry)) if isinstance(entry, dict) else entry))
    named = {value for value in vars(paths).values() if isinstance(value, Path)}
    named |= {paths.metrics(stage) for stage in dvc["stages"]}
    assert outs - named == set(), "dvc.yaml writes files pipeline.paths does not name"
    for path in (paths.DOCUMENTS, paths.SENTENCE_LABELS, paths.DOCUMENT_SCORES, paths.BOOTSTRAP, paths.MODELS):
        assert path in outs


def test_the_command_names_a_bad_key_without_a_traceback(tmp_path, capsys):
    from pipeline.cli import main

    path = write(tmp_path, "score:\n  bootstrap_sample: 500\n")
    assert main(["score", "--params", str(path)]) == 2
    error = capsys.readouterr().err
    assert "score.bootstrap_sample: unknown setting" in error and "Traceback" not in error
