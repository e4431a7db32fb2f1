"""Which language a document is written in.

py3langid ships its model inside the package, so detection works offline
and gives the same answer every run. Restricting it to the languages a
Dutch social-domain corpus plausibly holds avoids the classic confusion of
short Dutch texts with Afrikaans or Frisian being decided by a tiny margin
against languages that never occur.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Long documents need no more than this to be identified, and scoring the
# whole text of a 4,000-word report would only cost time.
SAMPLE_CHARS = 6000


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float


@lru_cache(maxsize=8)
def _identifier(candidates: tuple[str, ...]):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    if candidates:
        identifier.set_languages(list(candidates))
    return identifier


def detect_language(text: str, candidates: tuple[str, ...] = ()) -> LanguageGuess:
    """Guess the language of ``text`` from a sample of its middle, where
    front matter and reference lists (often English titles) are rarest."""
    if len(text) > SAMPLE_CHARS:
        start = (len(text) - SAMPLE_CHARS) // 2
        text = text[start : start + SAMPLE_CHARS]
    language, probability = _identifier(tuple(candidates)).classify(text)
    return LanguageGuess(str(language), round(float(probability), 4))
