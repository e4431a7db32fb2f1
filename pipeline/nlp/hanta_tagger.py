"""spaCy component that tags and lemmatises Dutch with HanTa.

It fills the same attributes as the tagger, morphologizer and lemmatizer of
spaCy's ``nl_core_news_lg`` (``tag_`` as CGN XPOS, ``pos_`` as UPOS,
``morph`` as UD features, ``lemma_`` as UD lemma), so that code downstream
cannot tell which pipeline produced a Doc.  Whitespace tokens get the
values spaCy's trained Dutch pipelines give them (``_SP`` / ``SPACE``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from .analysis import annotate_sentence
from .hanta_backend import DUTCH_MODEL, HantaAnalyzer, shared_analyzer

FACTORY_NAME = "samenspraak_hanta_tagger"

# What spaCy's trained pipelines assign to whitespace tokens.
SPACE_TAG = "_SP"
SPACE_POS = "SPACE"


class HantaTagger:
    """Tag, morphology and lemma for every non-whitespace token of a Doc.

    Works sentence by sentence (HanTa's tagger is a sentence-level HMM)
    when sentence boundaries are set, otherwise on the whole Doc as one
    sequence.
    """

    def __init__(self, name: str, model: str = DUTCH_MODEL) -> None:
        self.name = name
        self.model = model
        self._analyzer: HantaAnalyzer = shared_analyzer(model)

    @property
    def hanta_version(self) -> str:
        """Version of the HanTa package whose model produced the tags."""
        return self._analyzer.version

    @property
    def analyzer(self) -> HantaAnalyzer:
        """The cached HanTa front end (exposed for timing and cache control)."""
        return self._analyzer

    def __call__(self, doc: Doc) -> Doc:
        for sentence in self._sentences(doc):
            self._tag_sentence(sentence)
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process a stream of Docs; there is no batching benefit for an HMM."""
        for doc in stream:
            yield self(doc)

    @staticmethod
    def _sentences(doc: Doc) -> Iterable[Span]:
        if len(doc) and doc.has_annotation("SENT_START"):
            return doc.sents
        return [doc[:]]

    def _tag_sentence(self, sentence: Span) -> None:
        tokens = []
        for token in sentence:
            if token.is_space:
                token.tag_ = SPACE_TAG
                token.pos_ = SPACE_POS
                token.lemma_ = token.text
            else:
                tokens.append(token)
        if not tokens:
            return
        words = [token.text for token in tokens]
        annotations = annotate_sentence(words, self._analyzer.analyse(words))
        for token, annotation in zip(tokens, annotations):
            token.tag_ = annotation.tag
            token.pos_ = annotation.pos
            token.lemma_ = annotation.lemma
            if annotation.morph != "_":
                token.set_morph(annotation.morph)
            else:
                token.set_morph(None)


@Language.factory(
    FACTORY_NAME,
    default_config={"model": DUTCH_MODEL},
    assigns=["token.tag", "token.pos", "token.morph", "token.lemma"],
)
def make_hanta_tagger(nlp: Language, name: str, model: str) -> HantaTagger:
    """Factory registered with spaCy so the component can live in a config."""
    return HantaTagger(name, model)
