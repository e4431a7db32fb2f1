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
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import paths
from pipeline.cache import DocumentCache, fingerprint, source_fingerprint
from pipeline.engine import chunks, dask_client
from pipeline.logs import progress, setup_logging
from pipeline.processes import end_workers_with_parent
from pipeline.settings import CacheSettings, EngineSettings, NlpSettings, load_settings
from pipeline.storage import RowGroupWriter, write_text_atomically

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


def doc_rows(
    doc_id: str, doc, offset: int = 0, first_sentence: int = 0, first_token: int = 0
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Sentence and token rows of one annotated document. Whitespace tokens
    (newlines between paragraphs) are structure, not words, and are left out.

    ``doc`` may be one piece of a long document (:func:`pieces`): ``offset``
    is where the piece starts in the document's text, ``first_sentence`` and
    ``first_token`` how many sentences and tokens came before it, so the
    rows number and place everything as in the whole document."""
    has_parser = doc.has_annotation("DEP")
    sentences, tokens = [], []
    index = first_sentence
    for sent in doc.sents:
        words = [t for t in sent if not t.is_space]
        if not words:
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        sentences.append(
            {
                "doc_id": doc_id,
                "sent_index": index,
                "start_char": offset + start,
                "end_char": offset + end,
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
                    "token_index": first_token + token.i,
                    "start_char": offset + token.idx,
                    "end_char": offset + token.idx + len(token.text),
                    "text": token.text,
                    "lemma": token.lemma_,
                    "upos": token.pos_,
                    "xpos": token.tag_,
                    "morph": str(token.morph),
                    "is_punct": token.is_punct,
                    "like_num": token.like_num,
                    "ent_type": token.ent_type_,
                    "dep": token.dep_ if has_parser else "",
                    "head_index": first_token + token.head.i if has_parser else None,
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
    engine: EngineSettings | Mapping[str, Any] | None = None,
    cache: CacheSettings | Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Run the NLP layer over every included document; return a summary
    with the pipeline's description and the throughput. ``engine`` says
    where the documents are analysed (:mod:`pipeline.engine`); ``cache``
    where documents analysed before are kept (:mod:`pipeline.cache`). The
    files are the same either way."""
    from pipeline.nlp import describe_nlp, load_nlp

    nlp_params, engine = NlpSettings.of(nlp_params), EngineSettings.of(engine)
    cache = CacheSettings.of(cache if cache is not None else {"enabled": False})
    nlp = load_nlp(nlp_params.model)
    description = describe_nlp(nlp)
    stored = None
    if cache.enabled:
        # Everything that shapes a document's rows besides its text.
        context = fingerprint(description, nlp_params.model, nlp_params.max_piece_chars, source_fingerprint(CODE))
        stored = DocumentCache(cache.dir / "annotate", context, ("sentences", "tokens"))
    provenance = {"samenspraak.nlp": json.dumps(description, ensure_ascii=False)}

    n_docs = n_words = 0
    started = time.perf_counter()
    ids = included_ids(documents_path)
    keys, hits = _lookup(documents_path, stored)
    if engine.kind == "dask":
        del nlp  # the workers load their own
        fresh = [d for d in ids if d not in hits]
        analysed = _dask_analysed(documents_path, sentences_path, nlp_params, engine, fresh)
    else:
        texts = ((text, doc_id) for text, doc_id in read_included_documents(documents_path) if doc_id not in hits)
        analysed = analyse(nlp, texts, nlp_params, nlp_params.n_process)
    documents = _in_order(ids, analysed, stored, keys, hits)
    # Both tables appear when every document is in them, and neither if the
    # analysis fails (pipeline.storage).
    with (
        RowGroupWriter(sentences_path, SENTENCE_SCHEMA, provenance, 20_000) as sentence_writer,
        RowGroupWriter(tokens_path, TOKEN_SCHEMA, provenance, 100_000) as token_writer,
    ):
        for sentences, tokens in progress(documents, "annotate", total=len(ids), unit="doc"):
            sentence_writer.add_table(sentences)
            token_writer.add_table(tokens)
            n_docs += 1
            n_words += sum(sentences.column("n_words").to_pylist())
        elapsed = time.perf_counter() - started
    return {
        "documents": n_docs,
        "sentences": sentence_writer.count,
        "tokens": token_writer.count,
        "words": n_words,
        "seconds": round(elapsed, 2),
        "words_per_second": round(n_words / elapsed, 1) if elapsed else None,
        "n_process": nlp_params.n_process if engine.kind == "local" else None,
        "engine": engine.model_dump(mode="json"),
        "cache": {"documents_read": stored.hits, "documents_analysed": stored.misses} if stored else None,
        "nlp": description,
    }


# The code whose change must invalidate cached rows: this stage and the NLP layer.
CODE = (Path(__file__), Path(__file__).parents[1] / "nlp")


def pieces(text: str, limit: int) -> list[tuple[int, str]]:
    """A text cut into pieces of at most about ``limit`` characters, as
    ``(offset, piece)``: after a blank line where the window has one, else
    after a line break, else after a space (a hard cut only in a text
    without any). The whitespace after a cut stays with the piece before it,
    so the next piece starts with a word, as it does in the whole text.

    Long documents (audit and annual reports reach spaCy's limit of a
    million characters per Doc) are analysed piece by piece: memory stays
    bounded, and the rows equal those of the whole text wherever a cut
    falls between sentences, as it does at a blank line."""
    result, start = [], 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        for separator in ("\n\n", "\n", " "):
            cut = window.rfind(separator)
            if cut > 0:
                end = start + cut + len(separator)
                break
        else:
            end = start + limit
        while end < len(text) and text[end].isspace():
            end += 1
        result.append((start, text[start:end]))
        start = end
    result.append((start, text[start:]))
    return result


def analyse(
    nlp, items: Iterable[tuple[str, str]], nlp_params: NlpSettings, n_process: int = 1
) -> Iterator[tuple[str, pa.Table, pa.Table]]:
    """``(doc_id, sentences, tokens)`` for each ``(text, doc_id)``, in order;
    a long text goes through the pipeline in pieces (:func:`pieces`) and
    comes out as one document."""

    def expanded():
        for text, doc_id in items:
            parts = pieces(text, nlp_params.max_piece_chars)
            for number, (offset, piece) in enumerate(parts):
                yield piece, (doc_id, offset, number == len(parts) - 1)

    sentences: list[dict[str, Any]] = []
    tokens: list[dict[str, Any]] = []
    before = 0  # tokens of the earlier pieces, whitespace included (as spaCy counts them)
    stream = nlp.pipe(expanded(), as_tuples=True, batch_size=nlp_params.batch_size, n_process=n_process)
    for doc, (doc_id, offset, last) in stream:
        sentence_rows, token_rows = doc_rows(doc_id, doc, offset, len(sentences), before)
        sentences += sentence_rows
        tokens += token_rows
        before += len(doc)
        if last:
            yield doc_id, pa.Table.from_pylist(sentences, SENTENCE_SCHEMA), pa.Table.from_pylist(tokens, TOKEN_SCHEMA)
            sentences, tokens, before = [], [], 0


def _in_order(
    ids: list[str],
    analysed: Iterator[tuple[str, pa.Table, pa.Table]],
    stored: DocumentCache | None,
    keys: dict[str, str],
    hits: set[str],
) -> Iterator[tuple[pa.Table, pa.Table]]:
    """Each included document's sentence and token rows, in the documents'
    order, whichever engine analysed them: from the cache where it has
    them, else the next of ``analysed`` (the documents not cached, in the
    same order), which is then cached."""
    for doc_id in ids:
        if doc_id in hits:
            yield _from_cache(stored, keys[doc_id], doc_id)
            continue
        analysed_id, sentences, tokens = next(analysed)
        assert analysed_id == doc_id, (analysed_id, doc_id)  # both engines keep the order
        if stored is not None:
            stored.put(keys[doc_id], {"sentences": sentences, "tokens": tokens})
        yield sentences, tokens
    # Run ``analysed`` to its end, so that a Dask cluster is closed and its
    # part files removed now; it has nothing left to give.
    assert next(analysed, None) is None


def included_ids(path: Path) -> list[str]:
    """The ids of the documents marked for analysis, in their order (the
    text column is not read)."""
    source = pq.read_table(path, columns=["doc_id", "included"])
    return [d for d, included in zip(*(source.column(i).to_pylist() for i in range(2))) if included]


def _lookup(documents_path: Path, stored: DocumentCache | None) -> tuple[dict[str, str], set[str]]:
    """Each included document's cache key, and which are cached: decided
    once, before any is analysed, so the two passes agree."""
    if stored is None:
        return {}, set()
    keys = {doc_id: stored.key(text) for text, doc_id in read_included_documents(documents_path)}
    return keys, {doc_id for doc_id, key in keys.items() if stored.has(key)}


def _from_cache(stored: DocumentCache, key: str, doc_id: str) -> tuple[pa.Table, pa.Table]:
    """Cached rows under this document's id: the key is the text's, and two
    documents with the same text share an entry."""
    tables = stored.get(key)
    return tuple(  # type: ignore[return-value]
        table.set_column(0, "doc_id", pa.array([doc_id] * table.num_rows, pa.string()))
        for table in (tables["sentences"], tables["tokens"])
    )


# ------------------------------------------------------------------ Dask


_WORKER_NLP: dict[str, Any] = {}


def annotate_partition(
    documents_path: str, doc_ids: list[str], parts: str, index: int, nlp_params: dict[str, Any]
) -> list[tuple[str, int, int]]:
    """One Dask task: analyse ``doc_ids`` (in this order) and write their
    sentence and token rows to part files ``index`` in ``parts``; returns
    each document's id and row counts, so the client can cut the parts
    document by document. The NLP pipeline is loaded once per worker."""
    from pipeline.nlp import load_nlp

    settings = NlpSettings.of(nlp_params)
    if settings.model not in _WORKER_NLP:
        _WORKER_NLP[settings.model] = load_nlp(settings.model)
    nlp = _WORKER_NLP[settings.model]
    table = pq.read_table(documents_path, columns=["doc_id", "text"], filters=[("doc_id", "in", doc_ids)])
    texts = dict(zip(table.column("doc_id").to_pylist(), table.column("text").to_pylist(), strict=True))
    sentences, tokens, counts = [], [], []
    for doc_id, sentence_table, token_table in analyse(nlp, ((texts[d], d) for d in doc_ids), settings):
        sentences.append(sentence_table)
        tokens.append(token_table)
        counts.append((doc_id, sentence_table.num_rows, token_table.num_rows))
    folder = Path(parts)
    empty = (SENTENCE_SCHEMA.empty_table(), TOKEN_SCHEMA.empty_table())
    pq.write_table(pa.concat_tables([empty[0], *sentences]), folder / f"sentences-{index:06d}.parquet")
    pq.write_table(pa.concat_tables([empty[1], *tokens]), folder / f"tokens-{index:06d}.parquet")
    return counts


def _dask_analysed(
    documents_path: Path, sentences_path: Path, nlp_params: NlpSettings, engine: EngineSettings, ids: list[str]
) -> Iterator[tuple[str, pa.Table, pa.Table]]:
    """``(doc_id, sentences, tokens)`` for ``ids``, in this order, analysed
    by Dask tasks over partitions of ``engine.partition_documents``."""
    import shutil

    parts = sentences_path.parent / f".{sentences_path.stem}.parts"
    shutil.rmtree(parts, ignore_errors=True)
    parts.mkdir(parents=True)
    try:
        with dask_client(engine) as client:
            futures = [
                client.submit(
                    annotate_partition,
                    str(documents_path.resolve()),
                    partition,
                    str(parts.resolve()),
                    index,
                    nlp_params.model_dump(mode="json"),
                    pure=False,
                )
                for index, partition in enumerate(chunks(ids, engine.partition_documents))
            ]
            yield from _analysed(futures, parts)
    finally:
        shutil.rmtree(parts, ignore_errors=True)


def _analysed(futures: list, parts: Path) -> Iterator[tuple[str, pa.Table, pa.Table]]:
    """The tasks' documents in order, cut from their part files."""
    for index, future in enumerate(futures):
        counts = future.result()
        sentences = pq.read_table(parts / f"sentences-{index:06d}.parquet")
        tokens = pq.read_table(parts / f"tokens-{index:06d}.parquet")
        s_start = t_start = 0
        for doc_id, n_sentences, n_tokens in counts:
            yield doc_id, sentences.slice(s_start, n_sentences), tokens.slice(t_start, n_tokens)
            s_start, t_start = s_start + n_sentences, t_start + n_tokens
        future.release()


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
    # spaCy's workers (nlp.n_process) hold a pipeline each: they must not
    # outlive a stage that is killed.
    end_workers_with_parent()

    settings = load_settings(args.params)
    overrides = {"model": args.model, "n_process": args.n_process}
    nlp_params = NlpSettings.of({**settings.nlp.model_dump(), **{k: v for k, v in overrides.items() if v}})
    summary = annotate(
        Path(args.documents), Path(args.sentences), Path(args.tokens), nlp_params, settings.engine, settings.cache
    )
    write_text_atomically(args.summary, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
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
