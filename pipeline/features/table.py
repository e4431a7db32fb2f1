"""Sentence features and evidence, the same whichever way a sentence arrives.

Sentences reach the classifier by two roads: corpus documents, already
annotated by the ``annotate`` stage and rebuilt here from the token table
(no second tagging run), and loose sentences (the labelled training set,
``samenspraak classify`` input), annotated here with given sentence
boundaries. Both end in :func:`sentence_record` over a spaCy ``Span``, so
the model sees identical features in training and in use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.features.markers import MarkerMatcher, markers_by_sentence, match_lemma, sentence_markers
from pipeline.features.signals import SIGNALS, nominalisation_share, sentence_signals
from pipeline.lexicon import CATEGORIES

MARKER_COLUMNS = [f"m_{category}" for category in CATEGORIES] + ["m_negative"]
SIGNAL_COLUMNS = [f"s_{name}" for name in SIGNALS] + ["s_nominalisation_share"]
NUMERIC_COLUMNS = MARKER_COLUMNS + SIGNAL_COLUMNS + ["n_words"]
SEGMENTER_FACTORIES = {"samenspraak_sentencizer", "sentencizer", "senter"}


@dataclass
class AnnotatedDoc:
    """A Doc with, per token, its character offsets in the original text
    (the rebuilt Doc's own text differs in whitespace) and the sentences as
    token ranges."""

    doc_id: str
    doc: Doc
    starts: list[int]
    ends: list[int]
    sentences: list[tuple[int, int]]

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        return self.starts[start], self.ends[end - 1]


def sentence_record(
    sent: Span,
    markers: list[Span] | None = None,
    signals: dict[str, list] | None = None,
) -> dict[str, Any]:
    """Everything the classifier reads about one sentence (markers and
    signals may be passed in when the caller already has them)."""
    markers = sentence_markers(sent) if markers is None else markers
    signals = sentence_signals(sent) if signals is None else signals
    lemmas = [match_lemma(t.lemma_ or t.text, t.text) for t in sent if not (t.is_punct or t.is_space)]
    record: dict[str, Any] = {
        "lemma_text": " ".join(lemmas),
        "marker_ids": " ".join(m.id_ for m in markers if not m.label_.startswith("not_")),
        "n_words": len(lemmas),
    }
    for category in CATEGORIES:
        record[f"m_{category}"] = sum(1 for m in markers if m.label_ == category)
    record["m_negative"] = sum(1 for m in markers if m.label_.startswith("not_"))
    for name, tokens in signals.items():
        record[f"s_{name}"] = len(tokens)
    record["s_nominalisation_share"] = round(nominalisation_share(sent), 4)
    return record


def evidence_rows(
    annotated: AnnotatedDoc,
    sent_index: int,
    markers: list[Span],
    signals: dict[str, list],
) -> list[dict[str, Any]]:
    """Marker and signal evidence of one sentence with original offsets."""
    rows = []
    for marker in markers:
        start, end = annotated.char_span(marker.start, marker.end)
        rows.append(
            {
                "doc_id": annotated.doc_id,
                "sent_index": sent_index,
                "kind": "marker",
                "name": marker.id_,
                "category": marker.label_,
                "start_char": start,
                "end_char": end,
                "text": marker.text,
            }
        )
    for name, tokens in signals.items():
        for token in tokens:
            start, end = annotated.char_span(token.i, token.i + 1)
            rows.append(
                {
                    "doc_id": annotated.doc_id,
                    "sent_index": sent_index,
                    "kind": "signal",
                    "name": name,
                    "category": "",
                    "start_char": start,
                    "end_char": end,
                    "text": token.text,
                }
            )
    return rows


# ------------------------------------------------ corpus: from the token table


def _iob(ent_types: Sequence[str]) -> list[str]:
    tags, previous = [], ""
    for ent_type in ent_types:
        if not ent_type:
            tags.append("O")
        else:
            tags.append(f"{'I' if ent_type == previous else 'B'}-{ent_type}")
        previous = ent_type
    return tags


def doc_from_token_rows(vocab, rows: dict[str, list]) -> tuple[Doc, list[tuple[int, int]]]:
    """Rebuild one document's Doc from its rows of ``tokens.parquet``."""
    n = len(rows["text"])
    spaces = [i + 1 < n and rows["start_char"][i + 1] > rows["end_char"][i] for i in range(n)]
    sent_starts = [i == 0 or rows["sent_index"][i] != rows["sent_index"][i - 1] for i in range(n)]
    has_ents = any(rows["ent_type"])
    doc = Doc(
        vocab,
        words=rows["text"],
        spaces=spaces,
        lemmas=rows["lemma"],
        pos=[p or "X" for p in rows["upos"]],
        tags=rows["xpos"],
        morphs=rows["morph"],
        sent_starts=sent_starts,
        ents=_iob(rows["ent_type"]) if has_ents else None,
    )
    boundaries = [i for i in range(n) if sent_starts[i]] + [n]
    return doc, list(zip(boundaries, boundaries[1:]))


TOKEN_COLUMNS = ["doc_id", "sent_index", "start_char", "end_char", "text", "lemma", "upos", "xpos", "morph", "ent_type"]


def iter_corpus_docs(tokens_path: Path, vocab, batch_rows: int = 200_000) -> Iterator[AnnotatedDoc]:
    """Stream the token table document by document (it is written in
    document order), never holding more than one document plus a batch."""
    current: dict[str, list] | None = None
    current_id = None
    for batch in pq.ParquetFile(tokens_path).iter_batches(batch_size=batch_rows, columns=TOKEN_COLUMNS):
        columns = {name: batch.column(name).to_pylist() for name in TOKEN_COLUMNS}
        ids = columns["doc_id"]
        start = 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start]:
                piece = {name: values[start:i] for name, values in columns.items()}
                if current is not None and ids[start] == current_id:
                    for name in TOKEN_COLUMNS:
                        current[name].extend(piece[name])
                else:
                    if current is not None:
                        yield _annotated_from_rows(current_id, current, vocab)
                    current, current_id = piece, ids[start]
                start = i
    if current is not None:
        yield _annotated_from_rows(current_id, current, vocab)


def _annotated_from_rows(doc_id: str, rows: dict[str, list], vocab) -> AnnotatedDoc:
    doc, sentences = doc_from_token_rows(vocab, rows)
    return AnnotatedDoc(doc_id, doc, rows["start_char"], rows["end_char"], sentences)


# ------------------------------------------------- loose sentences: tag here


def _segmenters(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in SEGMENTER_FACTORIES]


def sentences_doc(nlp: Language, texts: Sequence[str]) -> tuple[Doc, list[tuple[int, int]]]:
    """Tokenise given sentences into one Doc with their boundaries fixed:
    the neighbours give context, and labels belong to exactly these
    sentences, so no segmenter may re-split them."""
    pieces = [nlp.make_doc(text) for text in texts]
    doc = Doc.from_docs(pieces, ensure_whitespace=True) if pieces else nlp.make_doc("")
    boundaries, position = [], 0
    for piece in pieces:
        boundaries.append((position, position + len(piece)))
        position += len(piece)
    starts = {start for start, _ in boundaries}
    for token in doc:
        token.is_sent_start = token.i in starts
    return doc, boundaries


def annotate_sentence_groups(
    nlp: Language,
    groups: Iterable[tuple[str, Sequence[str]]],
    batch_size: int = 64,
    n_process: int = 1,
) -> Iterator[AnnotatedDoc]:
    """Tag groups of sentences (one group per document, in reading order)
    through ``nlp.pipe`` with the segmenters switched off."""
    prepared = ((sentences_doc(nlp, texts), doc_id) for doc_id, texts in groups)

    def docs() -> Iterator[tuple[Doc, tuple[str, list[tuple[int, int]]]]]:
        for (doc, boundaries), doc_id in prepared:
            yield doc, (doc_id, boundaries)

    with nlp.select_pipes(disable=_segmenters(nlp)):
        for doc, (doc_id, boundaries) in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            starts = [t.idx for t in doc]
            ends = [t.idx + len(t.text) for t in doc]
            yield AnnotatedDoc(doc_id, doc, starts, ends, boundaries)


def featurise_sentence_table(
    nlp: Language,
    matcher: MarkerMatcher,
    frame: pd.DataFrame,
    n_process: int = 1,
) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """Features for a table of loose sentences with columns ``id``, ``doc``
    and ``text`` (rows of a doc in reading order). Returns the feature table
    (with ``id``, ``doc_id``, ``sent_index``) and evidence rows."""
    groups = [(str(doc), list(group["text"])) for doc, group in frame.groupby("doc", sort=False)]
    ids = {str(doc): list(group["id"]) for doc, group in frame.groupby("doc", sort=False)}
    records, evidence = [], []
    for annotated in annotate_sentence_groups(nlp, groups, n_process=n_process):
        doc_records, doc_evidence = featurise(annotated, matcher)
        for record, sentence_id in zip(doc_records, ids[annotated.doc_id]):
            record["id"] = sentence_id
        records.extend(doc_records)
        for row in doc_evidence:
            row["id"] = ids[annotated.doc_id][row["sent_index"]]
        evidence.extend(doc_evidence)
    return pd.DataFrame(records), evidence


def featurise(annotated: AnnotatedDoc, matcher: MarkerMatcher) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Feature records and evidence rows for every sentence of a document."""
    matcher(annotated.doc)
    grouped = markers_by_sentence(annotated.doc, annotated.sentences)
    records, evidence = [], []
    for sent_index, ((start, end), markers) in enumerate(zip(annotated.sentences, grouped)):
        sent = annotated.doc[start:end]
        signals = sentence_signals(sent)
        record = sentence_record(sent, markers, signals)
        start_char, end_char = annotated.char_span(start, end)
        record.update(doc_id=annotated.doc_id, sent_index=sent_index, start_char=start_char, end_char=end_char)
        records.append(record)
        evidence.extend(evidence_rows(annotated, sent_index, markers, signals))
    return records, evidence
