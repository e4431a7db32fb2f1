"""One Dutch spaCy pipeline for the whole project, chosen by a setting.

``load_nlp("default")`` builds the embedded pipeline from registry packages
only (spaCy's Dutch tokenizer, the rule sentencizer and the HanTa tagger);
nothing is downloaded.  ``load_nlp("auto")`` prefers spaCy's
``nl_core_news_lg`` when the user has installed it; any other value is a
package name or a path for ``spacy.load``.  Whatever is loaded, headings
and paragraphs (newline boundaries) stay separate sentences, so the rest of
the project sees the same sentence structure from either pipeline.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from . import hanta_tagger as _hanta_tagger  # noqa: F401  (registers the factory)
from . import segmenter as _segmenter  # noqa: F401  (registers the factory)
from .hanta_tagger import FACTORY_NAME as HANTA_FACTORY
from .hanta_tagger import HantaTagger
from .segmenter import FACTORY_NAME as SENTENCIZER_FACTORY

log = logging.getLogger(__name__)

DEFAULT = "default"
AUTO = "auto"
LARGE_MODEL = "nl_core_news_lg"
EMBEDDED_NAME = "samenspraak_default"

_cache: dict[str, Language] = {}
_lock = threading.Lock()


class NlpModelNotFoundError(OSError):
    """The requested spaCy pipeline is neither an installed package nor a path."""


def _embedded_version() -> str:
    try:
        from pipeline import __version__

        return str(__version__)
    except Exception:  # pragma: no cover - the package always has a version
        return "0.0.0"


def build_default_nlp() -> Language:
    """The embedded pipeline: tokenizer, rule sentencizer, HanTa tagger.

    No dependency parser: downstream code checks ``nlp.has_pipe("parser")``.
    """
    nlp = spacy.blank("nl")
    nlp.add_pipe(SENTENCIZER_FACTORY, name="sentencizer_rules")
    nlp.add_pipe(HANTA_FACTORY, name="hanta_tagger")
    nlp.meta["name"] = EMBEDDED_NAME
    nlp.meta["version"] = _embedded_version()
    nlp.meta["description"] = (
        "Samenspraak's embedded Dutch pipeline: spaCy's Dutch tokenizer, rule-based "
        "sentence segmentation and HanTa tagging/lemmatisation mapped to UD Dutch."
    )
    return nlp


def load_nlp(model: str = DEFAULT) -> Language:
    """Return the project's Dutch pipeline for the setting ``model``.

    * ``"default"``: the embedded pipeline (needs no download);
    * ``"auto"``: ``nl_core_news_lg`` if installed, else the embedded one;
    * anything else: a spaCy package name or a path to a saved pipeline.

    Pipelines are cached per process and per setting, so every caller gets
    the same object.  Raises :class:`NlpModelNotFoundError` with install
    instructions when a named package is missing.
    """
    key = model
    with _lock:
        cached = _cache.get(key)
        if cached is not None:
            return cached
        if model == DEFAULT:
            nlp = build_default_nlp()
        elif model == AUTO:
            if spacy.util.is_package(LARGE_MODEL):
                log.info("Dutch NLP: using installed spaCy pipeline %s", LARGE_MODEL)
                nlp = _load_external(LARGE_MODEL)
            else:
                log.info(
                    "Dutch NLP: %s is not installed; using the embedded default pipeline",
                    LARGE_MODEL,
                )
                nlp = _cache.get(DEFAULT) or build_default_nlp()
                _cache[DEFAULT] = nlp
        else:
            nlp = _load_external(model)
        _cache[key] = nlp
        return nlp


def clear_cache() -> None:
    """Forget loaded pipelines (for tests and long-running tools)."""
    with _lock:
        _cache.clear()


def _load_external(name_or_path: str) -> Language:
    path = Path(name_or_path).expanduser()
    if path.exists():
        nlp = spacy.load(path)
    elif spacy.util.is_package(name_or_path):
        nlp = spacy.load(name_or_path)
    elif _looks_like_path(name_or_path):
        raise NlpModelNotFoundError(
            f"No spaCy pipeline at {name_or_path!r}: the path does not exist. "
            "Use a saved pipeline directory, an installed package name, or 'default' "
            "(the embedded pipeline, which needs nothing installed)."
        )
    else:
        raise NlpModelNotFoundError(
            f"The spaCy pipeline package {name_or_path!r} is not installed. "
            f"Installing it is optional: `python -m spacy download {name_or_path}`. "
            "Without it, use the setting 'default' (the embedded pipeline needs nothing "
            "to be downloaded) or 'auto' (uses the package when present, else 'default')."
        )
    add_newline_boundaries(nlp)
    return nlp


def _looks_like_path(value: str) -> bool:
    return "/" in value or "\\" in value or value.startswith(".") or value.startswith("~")


def add_newline_boundaries(nlp: Language) -> None:
    """Make line breaks hard sentence boundaries in a loaded pipeline.

    The rule sentencizer runs in ``newlines_only`` mode before the parser
    (or senter), so the trained component still decides boundaries inside a
    paragraph but a heading can never be merged with the next paragraph.  A
    pipeline with neither gets the full rule sentencizer.
    """
    if any(nlp.get_pipe_meta(name).factory == SENTENCIZER_FACTORY for name in nlp.pipe_names):
        return
    for trained in ("parser", "senter"):
        if nlp.has_pipe(trained):
            nlp.add_pipe(
                SENTENCIZER_FACTORY,
                name="newline_boundaries",
                before=trained,
                config={"newlines_only": True},
            )
            return
    nlp.add_pipe(SENTENCIZER_FACTORY, name="sentencizer_rules", first=True)


def describe_nlp(nlp: Language) -> dict[str, Any]:
    """Provenance of a pipeline, to be stored with every annotated output."""
    meta = nlp.meta
    hanta_versions = sorted({proc.hanta_version for _, proc in nlp.pipeline if isinstance(proc, HantaTagger)})
    return {
        "pipeline": f"{meta.get('lang', nlp.lang)}_{meta.get('name', 'pipeline')}",
        "version": str(meta.get("version", "")),
        "spacy_version": spacy.__version__,
        "components": list(nlp.pipe_names),
        "hanta_version": hanta_versions[0] if hanta_versions else None,
        "has_parser": nlp.has_pipe("parser"),
    }
