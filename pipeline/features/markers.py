"""Find the lexicon's markers in annotated text: a spaCy component.

Markers are matched with spaCy's ``PhraseMatcher`` on lemmas (so *afspraken*, *spraken af* and
*afgesproken* all find their entries), with the lower-cased word form as a
fallback for the tagger's lemma mistakes. Dutch writes compounds as one
word, and policy prose coins them freely (*ketensamenwerking*,
*jeugdketenoverleg*, *samenwerkingsafspraken*), so an entry may also match
as the head or the modifier of a longer word; that is checked through a
suffix and prefix index, at a cost that does not grow with the lexicon.

UD Dutch lemmas (and so both of our pipelines) write compounds and
separable verbs with underscores (*keten_partner*, *af_spreken* even for
"spraken ... af"). Matching uses the lemma without underscores, stored in
``token.norm_``, and the underscore parts as ready-made compound heads and
modifiers.

Matches are stored as spans in ``doc.spans["markers"]``: label = category,
``id_`` = marker id. Negative entries (pitfalls such as *samengevat*,
*samen met de bijlage*) suppress the positive matches they overlap and are
kept with the label ``not_<category>`` as evidence of why.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from itertools import product
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from pipeline.lexicon import LEXICON_DIR, Lexicon, Marker, load_lexicon

SPAN_KEY = "markers"
MIN_COMPOUND_REST = 3  # letters the rest of a compound must have
MAX_PARTICLE = 6  # letters of a separable particle (af, mee, samen, bijeen)


def match_lemma(lemma: str, surface: str = "") -> str:
    """The lemma as the lexicon writes it: lower case, compound and particle
    boundaries (underscores) removed, and the linking letters that UD drops
    (*uitgang_punt*) restored from the word itself (*uitgangspunten* ->
    *uitgangspunt*)."""
    parts = lemma.lower().split("_")
    joined = "".join(parts)
    if len(parts) < 2 or not surface:
        return joined
    word = surface.lower()
    modifier, head = "".join(parts[:-1]), parts[-1]
    if not word.startswith(modifier):
        return joined  # a split separable verb: 'spraken' for af_spreken
    probe = head[: max(3, len(head) - 2)]
    position = word.find(probe, len(modifier))
    linking = word[len(modifier) : position] if position >= 0 else ""
    if linking in ("s", "e", "en", "n", "er"):
        return f"{modifier}{linking}{head}"
    return joined


def _sequence_steps(marker: Marker) -> list[list[str]]:
    """The lemmas each step of a multiword entry accepts."""
    particles = marker.sequence[-1] if len(marker.sequence) > 1 else ()
    steps = []
    for n, step in enumerate(marker.sequence):
        alternatives = list(step)
        if n < len(marker.sequence) - 1 and all(len(p) <= MAX_PARTICLE for p in particles):
            # A split separable verb carries the whole verb as its lemma
            # (spraken ... af: af_spreken), so [spreken] ... [af] must also
            # accept 'afspreken' in the verb's place.
            alternatives += [f"{particle}{lemma}" for particle in particles for lemma in step]
        steps.append(alternatives)
    return steps


def _next_step(
    keys: list[tuple[str, str]], boundary: list[bool], position: int, step: set[str], max_gap: int
) -> int | None:
    """Where the next step of a sequence matches, at most ``max_gap`` tokens
    after ``position`` and before the next sentence; None if nowhere."""
    for j in range(position + 1, min(len(keys), position + 2 + max_gap)):
        if boundary[j]:
            return None
        if keys[j][0] in step or keys[j][1] in step:
            return j
    return None


class MarkerMatcher:
    """Match a lexicon's markers in a Doc and store them as spans."""

    def __init__(self, vocab, lexicon: Lexicon):
        self.lexicon = lexicon
        self.markers = lexicon.by_id()
        # One-word entries and contiguous phrases: hash lookups on the
        # normalised lemma and on the lower-cased word (for the tagger's
        # lemma mistakes).
        self.words = {attribute: PhraseMatcher(vocab, attr=attribute) for attribute in ("NORM", "LOWER")}
        for marker in lexicon.markers:
            if not marker.lemmas:
                continue
            for attribute, matcher in self.words.items():
                matcher.add(marker.id, [_phrase_doc(vocab, [lemma], attribute) for lemma in marker.lemmas])
        self.gapped: dict[str, list[tuple[Marker, list[set[str]]]]] = defaultdict(list)
        for marker in lexicon.markers:
            if marker.sequence and not marker.max_gap:
                for attribute, matcher in self.words.items():
                    matcher.add(
                        marker.id, [_phrase_doc(vocab, words, attribute) for words in product(*_sequence_steps(marker))]
                    )
            elif marker.sequence:
                steps = [set(step) for step in _sequence_steps(marker)]
                for lemma in steps[0]:
                    self.gapped[lemma].append((marker, steps))
        self.heads: dict[str, list[Marker]] = defaultdict(list)
        self.modifiers: dict[str, list[Marker]] = defaultdict(list)
        for marker in lexicon.markers:
            for lemma in marker.lemmas:
                if marker.compound in ("head", "any"):
                    self.heads[lemma].append(marker)
                if marker.compound in ("modifier", "any"):
                    self.modifiers[lemma].append(marker)

    def _gapped_matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Sequences with gaps, found from an index of their first words.

        spaCy's Matcher can express gaps (``{"OP": "{0,n}"}``), but every
        gap keeps partial matches alive over every following token; with the
        lexicon's 137 gapped entries it took about 10 seconds per 1,000
        sentences. This scan starts only at tokens that begin some entry and
        looks at most ``max_gap`` tokens ahead per step, within the sentence.
        """
        keys = [(token.norm_, token.lower_) for token in doc]
        boundary = [token.is_sent_start for token in doc]
        found = []
        for i, (norm, lower) in enumerate(keys):
            candidates = self.gapped.get(norm, []) + (self.gapped.get(lower, []) if lower != norm else [])
            for marker, steps in candidates:
                position: int | None = i
                for step in steps[1:]:
                    position = _next_step(keys, boundary, position, step, marker.max_gap)
                    if position is None:
                        break
                else:
                    found.append((marker.id, i, position + 1))
        return found

    def _compound_matches(self, doc: Doc) -> list[tuple[str, int, int]]:
        found = []
        for token in doc:
            if token.is_punct or token.is_space or len(token.text) < 2 * MIN_COMPOUND_REST:
                continue
            heads: set[str] = set()
            modifiers: set[str] = set()
            parts = token.lemma_.lower().split("_")
            if len(parts) > 1:
                heads.add(parts[-1])
                modifiers.add(parts[0])
            for form in {token.lower_, token.norm_}:
                for cut in range(MIN_COMPOUND_REST, len(form) - MIN_COMPOUND_REST + 1):
                    heads.add(form[cut:])
                    modifiers.add(form[:cut])
            for part in heads:
                for marker in self.heads.get(part, ()):
                    if not marker.pos or token.pos_ in marker.pos:
                        found.append((marker.id, token.i, token.i + 1))
            for part in modifiers:
                for marker in self.modifiers.get(part, ()):
                    found.append((marker.id, token.i, token.i + 1))
        return found

    def __call__(self, doc: Doc) -> Doc:
        for token in doc:
            token.norm_ = match_lemma(token.lemma_ or token.text, token.text)
        matches = set()
        for matcher in self.words.values():
            for key, start, end in matcher(doc):
                marker = self.markers[doc.vocab.strings[key]]
                if not marker.pos or doc[start].pos_ in marker.pos:
                    matches.add((marker.id, start, end))
        matches.update(self._gapped_matches(doc))
        matches.update(self._compound_matches(doc))
        # One span per marker and start: the shortest, for gapped sequences.
        shortest: dict[tuple[str, int], int] = {}
        for marker_id, start, end in matches:
            key = (marker_id, start)
            shortest[key] = min(end, shortest.get(key, end))
        negatives = [(s, e, self.markers[m].category) for (m, s), e in shortest.items() if self.markers[m].negative]
        spans = []
        for (marker_id, start), end in sorted(shortest.items(), key=lambda item: (item[0][1], item[1], item[0][0])):
            marker = self.markers[marker_id]
            if marker.negative:
                spans.append(Span(doc, start, end, label=f"not_{marker.category}", span_id=marker_id))
                continue
            blocked = any(
                category == marker.category and start < n_end and n_start < end
                for n_start, n_end, category in negatives
            )
            if not blocked:
                spans.append(Span(doc, start, end, label=marker.category, span_id=marker_id))
        doc.spans[SPAN_KEY] = spans
        return doc


def _phrase_doc(vocab, words: tuple[str, ...] | list[str], attribute: str) -> Doc:
    """A pattern Doc whose NORM (or LOWER) values are the given lemmas."""
    doc = Doc(vocab, words=list(words))
    if attribute == "NORM":
        for token, word in zip(doc, words):
            token.norm_ = word
    return doc


@Language.factory("samenspraak_markers", default_config={"lexicon_dir": None})
def make_marker_matcher(nlp: Language, name: str, lexicon_dir: str | None) -> MarkerMatcher:
    return MarkerMatcher(nlp.vocab, load_lexicon(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR))


def sentence_markers(sent: Span) -> list[Span]:
    """The marker spans that lie inside one sentence."""
    return [span for span in sent.doc.spans.get(SPAN_KEY, []) if sent.start <= span.start and span.end <= sent.end]


def markers_by_sentence(doc: Doc, sentences: list[tuple[int, int]]) -> list[list[Span]]:
    """Marker spans grouped by sentence (token ranges) in one pass; spans are
    stored sorted by start, so each sentence's are found by bisection."""
    spans = list(doc.spans.get(SPAN_KEY, []))
    starts = [span.start for span in spans]
    grouped = []
    for start, end in sentences:
        first = bisect_left(starts, start)
        last = bisect_left(starts, end)
        grouped.append([span for span in spans[first:last] if span.end <= end])
    return grouped
