"""Find the lexicon's markers in annotated text: a spaCy component.

Markers are matched on lemmas (so *afspraken*, *spraken af* and
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

from collections import defaultdict
from pathlib import Path

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from pipeline.lexicon import LEXICON_DIR, Lexicon, Marker, load_lexicon

SPAN_KEY = "markers"
MIN_COMPOUND_REST = 3  # letters the rest of a compound must have


def match_lemma(lemma: str) -> str:
    """The lemma as the lexicon writes it: lower case, compound and particle
    boundaries (underscores) removed."""
    return lemma.replace("_", "").lower()


def _token_pattern(marker: Marker, attribute: str) -> list[list[dict]]:
    if marker.lemmas:
        token: dict = {attribute: {"IN": list(marker.lemmas)}}
        if marker.pos:
            token["POS"] = {"IN": list(marker.pos)}
        return [[token]]
    pattern: list[dict] = []
    for n, step in enumerate(marker.sequence):
        if n and marker.max_gap:
            pattern.append({"OP": f"{{0,{marker.max_gap}}}"})
        pattern.append({attribute: {"IN": list(step)}})
    return [pattern]


class MarkerMatcher:
    """Match a lexicon's markers in a Doc and store them as spans."""

    def __init__(self, vocab, lexicon: Lexicon):
        self.lexicon = lexicon
        self.markers = lexicon.by_id()
        self.matcher = Matcher(vocab)
        for marker in lexicon.markers:
            self.matcher.add(marker.id, _token_pattern(marker, "NORM") + _token_pattern(marker, "LOWER"))
        self.heads: dict[str, list[Marker]] = defaultdict(list)
        self.modifiers: dict[str, list[Marker]] = defaultdict(list)
        for marker in lexicon.markers:
            for lemma in marker.lemmas:
                if marker.compound in ("head", "any"):
                    self.heads[lemma].append(marker)
                if marker.compound in ("modifier", "any"):
                    self.modifiers[lemma].append(marker)

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
            token.norm_ = match_lemma(token.lemma_ or token.text)
        matches = {(doc.vocab.strings[key], start, end) for key, start, end in self.matcher(doc)}
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


@Language.factory("samenspraak_markers", default_config={"lexicon_dir": None})
def make_marker_matcher(nlp: Language, name: str, lexicon_dir: str | None) -> MarkerMatcher:
    return MarkerMatcher(nlp.vocab, load_lexicon(Path(lexicon_dir) if lexicon_dir else LEXICON_DIR))


def sentence_markers(sent: Span) -> list[Span]:
    """The marker spans that lie inside one sentence."""
    return [span for span in sent.doc.spans.get(SPAN_KEY, []) if sent.start <= span.start and span.end <= sent.end]
