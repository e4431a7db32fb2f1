"""Shared fixtures for the Dutch NLP tests.

The embedded pipeline loads HanTa's model (about two seconds), so it is
built once per test session; tests that need a fresh loader cache use the
``fresh_loader`` fixture instead.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from spacy.language import Language

from pipeline.nlp import load_nlp, loader


@pytest.fixture(scope="session")
def default_nlp() -> Language:
    return load_nlp("default")


@pytest.fixture
def fresh_loader() -> Iterator[None]:
    """Isolate a test from pipelines other tests cached in the loader."""
    saved = dict(loader._cache)
    loader.clear_cache()
    yield
    loader.clear_cache()
    loader._cache.update(saved)
