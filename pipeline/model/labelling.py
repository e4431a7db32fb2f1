"""Label one text or one table of sentences, with the evidence for each
label: what ``samenspraak classify INPUT`` and the explorer's upload page
both do, so that both give the same answer for the same text.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.codebook import LABELS
from pipeline.features.markers import MarkerMatcher
from pipeline.features.table import SEGMENTER_FACTORIES, featurise_sentence_table
from pipeline.lexicon import load_lexicon
from pipeline.model.classifier import SentenceClassifier
from pipeline.model.estimators import with_context

log = logging.getLogger("samenspraak.classify")


def split_plain_text(nlp, text: str, doc_id: str = "input") -> pd.DataFrame:
    """Sentences of a plain text, by the pipeline's own segmenter."""
    from pipeline.reading.clean import clean_layout_text

    doc = nlp.make_doc(clean_layout_text([text]))
    for name, component in nlp.pipeline:
        if nlp.get_pipe_meta(name).factory in SEGMENTER_FACTORIES:
            doc = component(doc)
            break
    else:
        doc = nlp(doc.text)
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    return pd.DataFrame({"id": [f"s{n:05d}" for n in range(1, len(sentences) + 1)], "doc": doc_id, "text": sentences})


def label_table(
    classifier: SentenceClassifier,
    nlp,
    sentences: pd.DataFrame,
    lexicon_dir: Path | None = None,
    n_process: int = 1,
) -> list[dict[str, Any]]:
    """Labelled JSON records for a table of sentences (id, doc, text)."""
    lexicon_dir = lexicon_dir or classifier.lexicon_dir
    lexicon = load_lexicon(lexicon_dir) if lexicon_dir else load_lexicon()
    if lexicon.version != classifier.manifest.get("lexicon_version"):
        log.warning(
            "lexicon %s differs from the one the model was trained with (%s)",
            lexicon.version,
            classifier.manifest.get("lexicon_version"),
        )
    matcher = MarkerMatcher(nlp.vocab, lexicon)
    features, evidence = featurise_sentence_table(nlp, matcher, sentences, n_process=n_process)
    width = int(classifier.manifest.get("params", {}).get("model", {}).get("context_width", 1))
    features = with_context(features, width)
    labels = classifier.predict(features)
    starts = dict(zip(features["id"], features["start_char"]))
    evidence_by_id: dict[str, list[dict[str, Any]]] = {}
    for row in evidence:
        offset = starts[row["id"]]
        evidence_by_id.setdefault(row["id"], []).append(
            {
                "kind": row["kind"],
                "name": row["name"],
                "category": row["category"],
                "start": row["start_char"] - offset,
                "end": row["end_char"] - offset,
                "text": row["text"],
            }
        )
    records = []
    texts = dict(zip(sentences["id"], sentences["text"]))
    docs = dict(zip(sentences["id"], sentences["doc"]))
    for sentence_id, label in zip(features["id"], labels.to_dict("records")):
        doc = docs[sentence_id]
        records.append(
            {
                "id": sentence_id,
                **({"doc": doc} if not doc.startswith("\x00") else {}),
                "text": texts[sentence_id],
                "collab": label["collab"],
                "register": label["register"],
                "mode": label["mode"],
                "probabilities": {
                    field: {name: label[f"p_{field}_{name}"] for name in LABELS[field]} for field in LABELS
                },
                "evidence": evidence_by_id.get(sentence_id, []),
            }
        )
    return records


def label_text(classifier: SentenceClassifier, nlp, text: str, doc_id: str = "input") -> pd.DataFrame:
    """One document's sentences as a label table, in the columns the score
    stage reads (``doc_id``, ``sent_index``, the labels, every label's
    probability, ``n_words``), with each sentence's text and its marker
    evidence (offsets into the sentence): what the explorer shows for a
    file it is given, and scores like a corpus document."""
    table = split_plain_text(nlp, text, doc_id=doc_id)
    if table.empty:
        return pd.DataFrame()
    rows = []
    for index, record in enumerate(label_table(classifier, nlp, table)):
        probabilities = record["probabilities"]
        rows.append(
            {
                "doc_id": doc_id,
                "sent_index": index,
                "text": record["text"],
                "collab": record["collab"],
                "register": record["register"],
                "mode": record["mode"],
                **{f"p_{f}_{k}": v for f, values in probabilities.items() for k, v in values.items()},
                "n_words": sum(1 for token in nlp.make_doc(record["text"]) if not (token.is_punct or token.is_space)),
                "evidence": [e for e in record["evidence"] if e["kind"] == "marker"],
            }
        )
    return pd.DataFrame(rows)
