"""Samenspraak's Dutch NLP layer: one spaCy ``nl`` pipeline for the project.

Use :func:`load_nlp` to get the pipeline chosen by the project's setting and
:func:`describe_nlp` to record which pipeline produced an annotation.
Importing this package registers the spaCy factories
``samenspraak_sentencizer`` and ``samenspraak_hanta_tagger``.
"""

from .loader import NlpModelNotFoundError, describe_nlp, load_nlp

__all__ = ["NlpModelNotFoundError", "describe_nlp", "load_nlp"]
