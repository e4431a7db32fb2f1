"""A memoising front end to HanTa's Dutch morphological tagger.

HanTa (the Hanover Tagger) is pure Python: every word is segmented into
morphemes by a small HMM before the sentence-level trigram Viterbi picks a
tag, and every tagged word is segmented again to build its lemma.  Running
text repeats the same few thousand word forms over and over, so nearly all of
that work is redundant.  This module keeps HanTa's model and results exactly
as they are (checked word for word on the UD dev files) and only removes work:

* the tag distribution of a word form (``_tag_word``), which depends only on
  the normalised form and its capitalisation, is memoised;
* the morphological analysis of a (form, tag) pair is memoised, and the lemma
  and the morpheme list are derived from one analysis instead of two;
* the sentence Viterbi loops over the few tags a word can have rather than
  over every tag in the transition table.

With a warm cache tagging is several times faster than plain HanTa; words
never seen before still cost HanTa's full morpheme analysis (a per-word
memo inside that analysis was tried and was slower).  The model file is
loaded once per process (it takes about two seconds).
"""

from __future__ import annotations

import importlib.metadata
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

from HanTa import HanoverTagger as ht

DUTCH_MODEL = "morphmodel_dutch.pgz"

# Per-process caches are bounded so that a long-running process that sees an
# open-ended vocabulary (names, typos, URLs) cannot grow without limit; when a
# cache is full it is simply emptied, which is cheaper than LRU bookkeeping and
# costs at most one re-analysis per word.
_MAX_CACHE_ENTRIES = 400_000

# HanTa's morpheme segmentation is quadratic in word length; very long
# "words" are URLs, hashes or glued-together text and are not worth it.
_MAX_ANALYSED_LENGTH = 40


@dataclass(frozen=True, slots=True)
class WordAnalysis:
    """What HanTa says about one word in its sentence.

    ``tag`` is HanTa's CGN tag in parenthesised form (``WW(pv,tgw,met-t)``),
    ``lemma`` is HanTa's own lemma and ``morphemes`` its morpheme segmentation
    as (surface, morpheme tag) pairs, which the lemma rules use to find
    compound and particle boundaries.  ``corpus_logprob`` is the natural log
    of the word's relative frequency in HanTa's training corpus, or ``None``
    for words seen fewer than three times there; frequent compounds are
    lexicalised (stored unsegmented) in the Alpino lexicon that the UD
    lemmas come from, so the lemma rules use it to decide whether to
    segment.
    """

    word: str
    tag: str
    lemma: str
    morphemes: tuple[tuple[str, str], ...]
    corpus_logprob: float | None = None


def hanta_version() -> str:
    """Installed HanTa version, recorded in provenance because tags depend on it."""
    try:
        return importlib.metadata.version("HanTa")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - HanTa is a dependency
        return "unknown"


class _MemoisingHanoverTagger(ht.HanoverTagger):
    """HanoverTagger whose per-word steps are memoised.

    Only methods whose result is a pure function of their arguments are
    wrapped, so the tagger's output is identical to the unmodified class.
    """

    def __init__(self, filename: str) -> None:
        super().__init__(filename)
        self._tag_word_cache: dict[tuple[str, bool, int, bool, bool], list[tuple[int, float]]] = {}
        self._analysis_cache: dict[tuple[str, int], tuple[str, tuple[tuple[str, str], ...], str]] = {}

    def _tag_word(  # type: ignore[override]
        self, word: str, cutoff: int = 5, casesensitive: bool = True, conditional: bool = False
    ) -> list[tuple[int, float]]:
        """HanTa's tag distribution for a word form, computed once per form."""
        upcase = bool(casesensitive and word[:1].isupper())
        key = (self.normalize(word), upcase, cutoff, casesensitive, conditional)
        cached = self._tag_word_cache.get(key)
        if cached is None:
            if len(word) > _MAX_ANALYSED_LENGTH:
                # Let the sentence model decide from context alone, as HanTa
                # itself does for words it cannot analyse.
                cached = []
            else:
                cached = super()._tag_word(word, cutoff, casesensitive, conditional)
            if len(self._tag_word_cache) >= _MAX_CACHE_ENTRIES:
                self._tag_word_cache.clear()
            self._tag_word_cache[key] = cached
        return cached

    def tag_sent_viterbi(self, sent: list[str], casesensitive: bool = True) -> list[int]:  # type: ignore[override]
        """Most likely tag sequence under HanTa's trigram model.

        Same model and same search as HanTa's own method (best path with
        the previous row pruned to its top states), but the inner loop runs
        over the handful of tags the word can have instead of over every
        tag the transition table knows, which is what makes HanTa's version
        slow.  The result is identical: the candidate set and the order in
        which competing paths reach a state are unchanged.
        """
        floor = -1e6
        transitions = self.LP_trans_word
        previous: dict[tuple[int, int], float] = {(ht.EMPTY, ht.START): 0.0}
        backpointers: list[dict[tuple[int, int], tuple[int, int]]] = []
        for position, word in enumerate(sent):
            case_sensitive = casesensitive and position > 0
            emissions = dict(self._tag_word(word, cutoff=5, casesensitive=case_sensitive, conditional=True))
            if len(emissions) == 1 and ht.UNKNOWN in emissions:
                emissions = {}
            if len(previous) > 5:
                bound = sorted(previous.values(), reverse=True)[5] - 1
            else:
                bound = floor
            row: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], tuple[int, int]] = {}
            for state, score in previous.items():
                if score < bound:
                    continue
                followers = transitions[state]
                tail = state[1]
                if emissions:
                    candidates = (
                        (tag, followers[tag], emit)
                        for tag, emit in emissions.items()
                        if tag != ht.END and tag in followers
                    )
                else:
                    # An unknown word may take any tag.
                    candidates = ((tag, lp, 0.0) for tag, lp in followers.items() if tag != ht.END)
                for tag, transition, emit in candidates:
                    total = score + transition + emit
                    if total > floor:
                        key = (tail, tag)
                        best = row.get(key)
                        if best is None or total > best:
                            row[key] = total
                            back[key] = state
            backpointers.append(back)
            previous = row
        final_state: tuple[int, int] | None = None
        final_score = -math.inf
        for state, score in previous.items():
            total = score + transitions[state].get(ht.END, -math.inf)
            if total > final_score:
                final_score = total
                final_state = state
        if final_state is None:
            raise ValueError("HanTa found no tag sequence for the sentence")
        tags: list[int] = []
        state = final_state
        for position in range(len(sent) - 1, -1, -1):
            tags.append(state[1])
            state = backpointers[position][state]
        tags.reverse()
        return tags

    def corpus_logprob(self, word: str) -> float | None:
        """Log relative frequency of ``word`` in HanTa's training data, if seen."""
        entries = self.cache.get(word.lower())
        if not entries:
            return None
        return max(score for _, score in entries)

    def lemma_and_morphemes(self, word: str, tag: int) -> tuple[str, tuple[tuple[str, str], ...], str]:
        """Lemma, morpheme list and final tag string for ``word`` read as ``tag``.

        HanTa's ``tag_sent(taglevel=3)`` would run the morpheme Viterbi twice
        per word (once for the lemma, once for the segmentation); here both
        are taken from one run of ``_analyze`` at taglevel 3 plus HanTa's own
        lemma-suffix step, and the result is cached per lower-cased form.
        """
        key = (word.lower(), tag)
        cached = self._analysis_cache.get(key)
        if cached is None:
            if len(word) > _MAX_ANALYSED_LENGTH:
                tag_string = self.int2tag.get(tag, "UNKNOWN")
                cached = (word, ((word.lower(), tag_string),), tag_string)
            else:
                stem, morphs, tag_string = self._analyze(word, tag, taglevel=3)
                lemma = self._lemma_from_stem(stem, morphs, tag_string)
                cached = (lemma, tuple((m, t) for m, t in morphs), tag_string)
            if len(self._analysis_cache) >= _MAX_CACHE_ENTRIES:
                self._analysis_cache.clear()
            self._analysis_cache[key] = cached
        return cached

    def _lemma_from_stem(self, stem: str, morphs: list[tuple[str, str]], tag_string: str) -> str:
        """Apply HanTa's lemma-suffix table to a taglevel-3 stem.

        At taglevel 3 HanTa returns the bare stem (``gaa`` for *gegaan*); its
        taglevel-1 lemma is that stem passed through ``makelemma``, which adds
        the citation-form ending (``gaan``).  ``makelemma`` takes the list of
        stem morphemes, but only their concatenation matters.
        """
        if not stem:
            return stem
        return self.makelemma([stem], tag_string)


class HantaAnalyzer:
    """Tags and analyses sentences with HanTa's Dutch model, with caching."""

    def __init__(self, model: str = DUTCH_MODEL) -> None:
        self._tagger = _MemoisingHanoverTagger(model)
        self.model = model
        self.version = hanta_version()

    def clear_cache(self) -> None:
        """Forget all memoised word analyses (used to time cold-cache runs)."""
        self._tagger._tag_word_cache.clear()
        self._tagger._analysis_cache.clear()

    def analyse(self, words: Sequence[str]) -> list[WordAnalysis]:
        """Analyse one sentence given as a sequence of non-empty word strings."""
        if not words:
            return []
        word_list = list(words)
        tag_ids = self._tagger.tag_sent_viterbi(word_list)
        result: list[WordAnalysis] = []
        for word, tag_id in zip(word_list, tag_ids):
            lemma, morphemes, tag_string = self._tagger.lemma_and_morphemes(word, tag_id)
            result.append(WordAnalysis(word, tag_string, lemma, morphemes, self._tagger.corpus_logprob(word)))
        return result


_SHARED: dict[str, HantaAnalyzer] = {}
_SHARED_LOCK = threading.Lock()


def shared_analyzer(model: str = DUTCH_MODEL) -> HantaAnalyzer:
    """One analyser per model per process: loading the model costs seconds."""
    with _SHARED_LOCK:
        analyzer = _SHARED.get(model)
        if analyzer is None:
            analyzer = HantaAnalyzer(model)
            _SHARED[model] = analyzer
        return analyzer
