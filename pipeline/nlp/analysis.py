"""From HanTa's analysis of a sentence to UD Dutch token annotations.

This is the one place where the tag mapping (:mod:`pipeline.nlp.cgn`) and
the lemma rules (:mod:`pipeline.nlp.lemmas`) are combined, as a pure
function of the words and HanTa's output.  The spaCy component and the
evaluation both go through :func:`annotate_sentence`, so what is measured is
exactly what the pipeline produces.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .cgn import (
    contextual_upos,
    hanta_to_xpos,
    lexical_xpos_fixes,
    resolve_plural_or_infinitive,
    xpos_to_feats,
    xpos_to_upos,
)
from .hanta_backend import WordAnalysis
from .lemmas import lemma_for_word, separable_verb_lemmas
from .names import mark_multiword_names, positional_flags


@dataclass(frozen=True, slots=True)
class TokenAnnotation:
    """UD annotation of one token: XPOS (CGN), UPOS, features and lemma."""

    tag: str
    pos: str
    morph: str
    lemma: str


_URL_OR_EMAIL = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.)\S+$|^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.I)
_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)*$")


def _pre_tag(word: str, hanta_tag: str) -> str:
    """XPOS for tokens HanTa is not built for (URLs, e-mail addresses, numbers)."""
    if _URL_OR_EMAIL.match(word):
        return "SPEC|symb"
    if _NUMBER.match(word) and not hanta_tag.startswith("TW"):
        return "TW|hoofd|vrij"
    return lexical_xpos_fixes(word, hanta_to_xpos(hanta_tag))


def annotate_sentence(words: Sequence[str], analyses: Sequence[WordAnalysis]) -> list[TokenAnnotation]:
    """UD annotations for one sentence of non-whitespace words."""
    n = len(words)
    if n == 0:
        return []
    xpos = [_pre_tag(w, a.tag) for w, a in zip(words, analyses)]
    xpos = resolve_plural_or_infinitive(words, xpos)
    in_name = mark_multiword_names(words, xpos)
    xpos = ["SPEC|deeleigen" if flag else tag for tag, flag in zip(xpos, in_name)]
    base_upos = [xpos_to_upos(tag) for tag in xpos]
    positional = positional_flags(words)

    lemmas: list[str] = []
    for i, (word, analysis) in enumerate(zip(words, analyses)):
        if in_name[i]:
            lemmas.append(word)
            continue
        lemmas.append(
            lemma_for_word(
                word,
                analysis.lemma,
                analysis.morphemes,
                xpos[i],
                base_upos[i],
                sentence_initial=positional[i],
                corpus_logprob=analysis.corpus_logprob,
            )
        )

    upos = contextual_upos(words, xpos, lemmas)
    lemmas, _ = separable_verb_lemmas(words, xpos, lemmas)

    return [TokenAnnotation(tag, pos, xpos_to_feats(tag, pos), lemma) for tag, pos, lemma in zip(xpos, upos, lemmas)]
