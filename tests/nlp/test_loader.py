"""load_nlp by setting, by path and by installed package name."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp import NlpModelNotFoundError, describe_nlp, load_nlp, loader
from pipeline.nlp.loader import add_newline_boundaries

PACKAGE = "nl_samenspraak_testpkg"
VERSION = "0.0.1"


@Language.component("samenspraak_test_noop")
def _noop(doc):  # type: ignore[no-untyped-def]
    """Stands in for a trained parser: only its position in the pipeline matters."""
    return doc


def _small_pipeline() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("samenspraak_test_noop", name="parser")
    nlp.meta["name"] = "samenspraak_testpkg"
    nlp.meta["version"] = VERSION
    return nlp


def test_default_is_cached_and_described(fresh_loader: None) -> None:
    nlp = load_nlp("default")
    assert load_nlp() is nlp
    info = describe_nlp(nlp)
    assert info["has_parser"] is False
    assert info["hanta_version"]
    assert info["spacy_version"] == spacy.__version__
    assert info["components"] == nlp.pipe_names
    assert info["pipeline"].startswith("nl_")


def test_load_by_path_adds_newline_boundaries(tmp_path: Path, fresh_loader: None) -> None:
    _small_pipeline().to_disk(tmp_path / "pipe")
    nlp = load_nlp(str(tmp_path / "pipe"))
    names = nlp.pipe_names
    assert names.index("newline_boundaries") < names.index("parser")
    doc = nlp("Kop zonder punt\nEen zin. Nog een zin.")
    assert doc[0].is_sent_start
    assert [t.is_sent_start for t in doc if t.text == "Een"] == [True]
    assert describe_nlp(nlp)["has_parser"] is True
    assert describe_nlp(nlp)["hanta_version"] is None


def _install_fake_package(root: Path) -> None:
    """A pipeline package laid out as `spacy package` would, plus dist-info."""
    package = root / PACKAGE
    package.mkdir(parents=True)
    nlp = _small_pipeline()
    data = package / f"{PACKAGE}-{VERSION}"
    nlp.to_disk(data)
    meta = dict(nlp.meta, lang="nl", name="samenspraak_testpkg", version=VERSION)
    (package / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    (package / "__init__.py").write_text(
        "from pathlib import Path\n"
        "from spacy.util import load_model_from_init_py\n\n"
        "def load(**overrides):\n"
        "    return load_model_from_init_py(__file__, **overrides)\n",
        encoding="utf-8",
    )
    dist = root / f"{PACKAGE}-{VERSION}.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {PACKAGE}\nVersion: {VERSION}\n", encoding="utf-8")


def test_load_by_package_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_loader: None) -> None:
    _install_fake_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, PACKAGE, raising=False)
    assert spacy.util.is_package(PACKAGE)
    nlp = load_nlp(PACKAGE)
    assert nlp.meta["name"] == "samenspraak_testpkg"
    assert "newline_boundaries" in nlp.pipe_names
    assert describe_nlp(nlp)["version"] == VERSION


def test_missing_package_explains_how_to_install(fresh_loader: None) -> None:
    with pytest.raises(NlpModelNotFoundError) as info:
        load_nlp("nl_samenspraak_not_installed")
    message = str(info.value)
    assert "python -m spacy download nl_samenspraak_not_installed" in message
    assert "optional" in message
    assert "'default'" in message


def test_missing_path_is_reported(tmp_path: Path, fresh_loader: None) -> None:
    with pytest.raises(NlpModelNotFoundError, match="does not exist"):
        load_nlp(str(tmp_path / "nowhere"))


def test_auto_falls_back_to_default(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_loader: None
) -> None:
    monkeypatch.setattr(loader, "LARGE_MODEL", "nl_samenspraak_not_installed")
    with caplog.at_level(logging.INFO, logger="pipeline.nlp.loader"):
        nlp = load_nlp("auto")
    assert nlp is load_nlp("default")
    assert "not installed" in caplog.text and "embedded default" in caplog.text


def test_auto_prefers_the_installed_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, fresh_loader: None
) -> None:
    _install_fake_package(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, PACKAGE, raising=False)
    monkeypatch.setattr(loader, "LARGE_MODEL", PACKAGE)
    with caplog.at_level(logging.INFO, logger="pipeline.nlp.loader"):
        nlp = load_nlp("auto")
    assert nlp.meta["name"] == "samenspraak_testpkg"
    assert f"using installed spaCy pipeline {PACKAGE}" in caplog.text


def test_pipeline_without_parser_gets_full_rules() -> None:
    nlp = spacy.blank("nl")
    add_newline_boundaries(nlp)
    assert [s.text for s in nlp("Eerste zin. Tweede zin.").sents] == ["Eerste zin.", "Tweede zin."]
    add_newline_boundaries(nlp)  # idempotent
    assert len(nlp.pipe_names) == 1
