"""DVC stage ``annotate``: clean documents in, sentences and token
annotations out, from one spaCy pipeline chosen in ``params.yaml``.

Memory stays flat however large the corpus: documents are read from Parquet
in record batches, streamed through ``nlp.pipe`` and written out in row
groups, so no list of Docs or of the whole corpus's tokens is ever held.
Character offsets refer to the ``text`` column of ``documents.parquet``, so
every sentence and token can be shown in its place.
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import paths
from pipeline.logs import progress, setup_logging
from pipeline.settings import NlpSettings, load_settings
from pipeline.storage import RowGroupWriter

log = logging.getLogger("samenspraak.annotate")

SENTENCE_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sent_index", pa.int32()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("n_tokens", pa.int32()),
        ("n_words", pa.int32()),
    ]
)
TOKEN_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("sent_index", pa.int32()),
        ("token_index", pa.int32()),
        ("start_char", pa.int32()),
        ("end_char", pa.int32()),
        ("text", pa.string()),
        ("lemma", pa.string()),
        ("upos", pa.string()),
        ("xpos", pa.string()),
        ("morph", pa.string()),
        ("is_punct", pa.bool_()),
        ("like_num", pa.bool_()),
        ("ent_type", pa.string()),  # empty without a named-entity recogniser
        ("dep", pa.string()),  # empty without a parser
        ("head_index", pa.int32()),  # null without a parser
    ]
)


def doc_rows(doc_id: str, doc) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sentence and token rows of one annotated document. Whitespace tokens
    (newlines between paragraphs) are structure, not words, and are left out."""
    has_parser = doc.has_annotation("DEP")
    sentences, tokens = [], []
    index = 0
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        sentences.append(
            {
                "doc_id": doc_id,
                "sent_index": index,
                "start_char": start,
                "end_char": end,
                "text": doc.text[start:end],
                "n_tokens": len(words),
                "n_words": sum(1 for t in words if not t.is_punct),
            }
        )
        for token in words:
            tokens.append(
                {
                    "doc_id": doc_id,
                    "sent_index": index,
                    "token_index": token.i,
                    "start_char": token.idx,
                    "end_char": token.idx + len(token.text),
                    "text": token.text,
                    "lemma": token.lemma_,
                    "upos": token.pos_,
                    "xpos": token.tag_,
                    "morph": str(token.morph),
                    "is_punct": token.is_punct,
                    "like_num": token.like_num,
                    "ent_type": token.ent_type_,
                    "dep": token.dep_ if has_parser else "",
                    "head_index": token.head.i if has_parser else None,
                }
            )
        index += 1
    return sentences, tokens


def read_included_documents(path: Path, batch_rows: int = 256) -> Iterator[tuple[str, str]]:
    """(text, doc_id) of every document marked for analysis, batch by batch."""
    source = pq.ParquetFile(path)
    for batch in source.iter_batches(batch_size=batch_rows, columns=["doc_id", "text", "included"]):
        for doc_id, text, included in zip(*(batch.column(i).to_pylist() for i in range(3))):
            if included:
                yield text, doc_id


def annotate(
    documents_path: Path,
    sentences_path: Path,
    tokens_path: Path,
    nlp_params: NlpSettings | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the NLP layer over every included document; return a summary
    with the pipeline's description and the throughput."""
    from pipeline.nlp import describe_nlp, load_nlp

    nlp_params = NlpSettings.of(nlp_params)
    nlp = load_nlp(nlp_params.model)
    description = describe_nlp(nlp)
    provenance = {"samenspraak.nlp": json.dumps(description, ensure_ascii=False)}
    sentence_writer = RowGroupWriter(sentences_path, SENTENCE_SCHEMA, provenance, 20_000)
    token_writer = RowGroupWriter(tokens_path, TOKEN_SCHEMA, provenance, 100_000)

    n_docs = n_words = 0
    started = time.perf_counter()
    stream = nlp.pipe(
        read_included_documents(documents_path),
        as_tuples=True,
        batch_size=nlp_params.batch_size,
        n_process=nlp_params.n_process,
    )
    total = int(pq.read_table(documents_path, columns=["included"]).column("included").to_numpy().sum())
    for doc, doc_id in progress(stream, "annotate", total=total, unit="doc"):
        sentences, tokens = doc_rows(doc_id, doc)
        sentence_writer.add(sentences)
        token_writer.add(tokens)
        n_docs += 1
        n_words += sum(row["n_words"] for row in sentences)
    elapsed = time.perf_counter() - started
    sentence_writer.close()
    token_writer.close()
    return {
        "documents": n_docs,
        "sentences": sentence_writer.count,
        "tokens": token_writer.count,
        "words": n_words,
        "seconds": round(elapsed, 2),
        "words_per_second": round(n_words / elapsed, 1) if elapsed else None,
        "n_process": nlp_params.n_process,
        "nlp": description,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak annotate", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--documents", default=str(paths.DOCUMENTS))
    parser.add_argument("--sentences", default=str(paths.SENTENCES))
    parser.add_argument("--tokens", default=str(paths.TOKENS))
    parser.add_argument("--summary", default=str(paths.metrics("annotate")))
    parser.add_argument("--model", help="overrides nlp.model from params")
    parser.add_argument("--n-process", type=int, help="overrides nlp.n_process from params")
    args = parser.parse_args(argv)
    setup_logging()

    nlp_params = load_settings(args.params).nlp
    overrides = {"model": args.model, "n_process": args.n_process}
    nlp_params = NlpSettings.of({**nlp_params.model_dump(), **{k: v for k, v in overrides.items() if v}})
    summary = annotate(Path(args.documents), Path(args.sentences), Path(args.tokens), nlp_params)
    Path(args.summary).parent.mkdir(parents=True, exist_ok=True)
    Path(args.summary).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    log.info(
        "%d documents, %d sentences, %d words in %s s (%s words/s) with %s",
        summary["documents"],
        summary["sentences"],
        summary["words"],
        summary["seconds"],
        summary["words_per_second"],
        summary["nlp"]["pipeline"],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
