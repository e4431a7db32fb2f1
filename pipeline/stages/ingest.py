"""DVC stage ``ingest``: a folder of documents and a metadata table in, one
clean row per document out, and a report that accounts for every file.

No input can stop the run: each file ends up ``ok``, ``skipped`` (nothing
wrong with it, but no analysable text) or ``failed`` (broken, locked), and a
metadata row without its file is reported as ``missing``. Documents in
another language and duplicates stay in ``documents.parquet`` with
``included = false`` and the reason, so nothing disappears silently.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as metadata_version
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import paths
from pipeline.cache import DocumentCache, fingerprint, source_fingerprint
from pipeline.logs import setup_logging
from pipeline.processes import end_workers_with_parent
from pipeline.reading.clean import word_count
from pipeline.reading.duplicates import content_hash, find_duplicates
from pipeline.reading.formats import (
    SUPPORTED_SUFFIXES,
    ReadLimits,
    UnreadableFile,
    check_size,
    check_word_count,
    decode_text,
    extract,
    sniff_format,
)
from pipeline.reading.language import detect_language
from pipeline.reading.listing import CorpusEntry, list_corpus
from pipeline.reading.metadata import REQUIRED_COLUMNS as REQUIRED_METADATA
from pipeline.reading.metadata import read_metadata_text
from pipeline.settings import CacheSettings, IngestSettings, load_settings
from pipeline.storage import atomic_outputs

log = logging.getLogger("samenspraak.ingest")

# Columns the pipeline itself adds; metadata may not use these names.
DOCUMENT_COLUMNS = {
    "doc_id": pa.string(),
    "file": pa.string(),
    "text": pa.string(),
    "word_count": pa.int64(),
    "language": pa.string(),
    "language_confidence": pa.float64(),
    "content_hash": pa.string(),
    "file_sha256": pa.string(),
    "detected_format": pa.string(),
    "encoding": pa.string(),
    "pages": pa.int64(),
    "extracted_title": pa.string(),
    "duplicate_of": pa.string(),
    "duplicate_kind": pa.string(),
    "duplicate_similarity": pa.float64(),
    "included": pa.bool_(),
    "exclusion_reason": pa.string(),
    "warnings": pa.string(),
}
REPORT_COLUMNS = [
    "file",
    "doc_id",
    "status",
    "reason",
    "detail",
    "detected_format",
    "encoding",
    "pages",
    "words",
    "language",
    "included",
    "warnings",
]


@dataclass(frozen=True)
class ReadSettings:
    limits: ReadLimits
    min_words: int
    max_words: int
    language_candidates: tuple[str, ...]


# ------------------------------------------------------------------ metadata


def read_metadata(path: Path, genres: tuple[str, ...] = ()) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The metadata table's accepted rows as strings (with ``_line`` and
    ``_warnings``), and one report row for each refused row or for a problem
    with the whole table. A missing or unusable table is not fatal: every
    file is then ingested with its file name as id."""
    problems: list[dict[str, Any]] = []
    if not path.exists():
        problems.append(
            _report_row(str(path), "", "failed", "metadatabestand ontbreekt", "alle bestanden zonder metadata gelezen")
        )
        return _empty_metadata(), problems
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text, _encoding = decode_text(raw)
        except UnreadableFile as problem:
            problems.append(_report_row(str(path), "", "failed", f"metadata: {problem.reason}", problem.detail))
            return _empty_metadata(), problems
    table = read_metadata_text(text, genres)
    for problem in table.problems:
        name = problem.file or (f"{path.name}, regel {problem.line}" if problem.line else path.name)
        detail = problem.detail
        if problem.line is None or problem.line == 1:
            detail = (detail + "; " if detail else "") + "alle bestanden zonder metadata gelezen"
        problems.append(_report_row(name, problem.doc_id, "failed", problem.reason, detail))
    if not table.rows:
        return _empty_metadata(), problems
    frame = pd.DataFrame([row.values for row in table.rows], dtype=object).fillna("")
    clashing = sorted(set(frame.columns) & (set(DOCUMENT_COLUMNS) - set(REQUIRED_METADATA)))
    if clashing:
        frame = frame.rename(columns={c: f"meta_{c}" for c in clashing})
    frame["_line"] = [row.line for row in table.rows]
    frame["_warnings"] = [row.warnings for row in table.rows]
    return frame, problems


def _empty_metadata() -> pd.DataFrame:
    return pd.DataFrame(columns=[*REQUIRED_METADATA, "_line", "_warnings"])


def _outside(name: str) -> bool:
    """Whether a metadata file name leaves the corpus folder (absolute, or '..')."""
    return name.startswith("/") or bool(re.match(r"^[A-Za-z]:", name)) or ".." in name.split("/")


def _unique_id(stem: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w-]+", "-", stem).strip("-") or "document"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ----------------------------------------------------------------- one file


UNEXPECTED = "onverwachte fout bij het lezen"


def read_document(path: Path, settings: ReadSettings, sha256: str | None = None) -> dict[str, Any]:
    """Read, clean and identify one file; never raises. ``sha256``: the
    file's hash when the caller has it already. The size is checked
    before a byte is read, and the file hash is streamed, so a huge (or
    sparse) file costs neither memory nor time."""
    row: dict[str, Any] = {"status": "ok", "reason": "", "detail": "", "warnings": []}
    try:
        size = path.stat().st_size
        check_size(size, settings.limits)
        with path.open("rb") as handle:
            row["file_sha256"] = sha256 or hashlib.file_digest(handle, "sha256").hexdigest()
            handle.seek(0)
            head = handle.read(4096)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            # Zipped formats are recognised by their members: read the whole
            # file only then (it is within the size limit).
            data = path.read_bytes() if head.startswith(b"PK") else head
            detected = sniff_format(data)
            if detected not in ("pdf", "docx", "odt", "rtf", "html"):
                raise UnreadableFile(
                    "skipped", f"bestandstype {path.suffix or '(geen extensie)'} wordt niet ondersteund"
                )
        extraction = extract(path, settings.limits)
        words = word_count(extraction.text)
        check_word_count(words, settings.max_words)
        row.update(
            text=extraction.text,
            word_count=words,
            detected_format=extraction.detected_format,
            encoding=extraction.encoding,
            pages=extraction.pages,
            extracted_title=extraction.title,
            content_hash=content_hash(extraction.text),
        )
        row["warnings"].extend(extraction.warnings)
        if words < settings.min_words:
            raise UnreadableFile("skipped", f"te weinig tekst na het lezen ({words} woorden)")
        guess = detect_language(extraction.text, settings.language_candidates)
        row.update(language=guess.language, language_confidence=guess.confidence)
    except UnreadableFile as problem:
        row.update(status=problem.status, reason=problem.reason, detail=problem.detail)
        row.pop("text", None)
    except Exception as error:  # a reader bug must cost one file, not the run
        row.update(
            status="failed",
            reason=UNEXPECTED,
            detail=f"{type(error).__name__}: {error}",
        )
    return row


def _read_fresh(
    paths: list[Path], settings: ReadSettings, n_jobs: int, digests: list[str | None] | None = None
) -> list[dict[str, Any]]:
    digests = digests or [None] * len(paths)
    if n_jobs <= 1 or len(paths) < 4:
        return [read_document(path, settings, digest) for path, digest in zip(paths, digests)]
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        return list(pool.map(read_document, paths, [settings] * len(paths), digests, chunksize=4))


# The code and libraries that shape what a file reads as: a change to any of
# them gives every file another cache key.
CODE = (Path(__file__), Path(__file__).parents[1] / "reading")
READING_LIBRARIES = (
    "pypdf",
    "python-docx",
    "lxml",
    "trafilatura",
    "odfpy",
    "striprtf",
    "charset-normalizer",
    "py3langid",
)


def reading_cache(cache: CacheSettings, settings: ReadSettings) -> DocumentCache | None:
    """Where earlier readings are kept, under a context of the reading
    settings, the reading code and the readers' versions."""
    if not cache.enabled:
        return None
    versions = {}
    for library in READING_LIBRARIES:
        try:
            versions[library] = metadata_version(library)
        except PackageNotFoundError:
            versions[library] = None
    context = fingerprint("ingest", asdict(settings), versions, source_fingerprint(CODE))
    return DocumentCache(cache.dir / "ingest", context, ("result",))


def _file_digest(path: Path, settings: ReadSettings) -> str | None:
    """A file's SHA-256, streamed. None for a file over the size limit or
    one that cannot be opened: :func:`read_document` reports those, and
    they cost nothing to refuse again."""
    try:
        if path.stat().st_size > settings.limits.max_bytes:
            return None
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _read_all(
    paths: list[Path], settings: ReadSettings, n_jobs: int, stored: DocumentCache | None = None
) -> list[dict[str, Any]]:
    """Every file's reading, in order. With a cache, a file whose bytes were
    read before with the same settings, code and readers is taken from it
    (keyed by its hash and its extension, which decides how it is read);
    only the others are read (in ``n_jobs`` processes), without hashing
    them again. An unexpected error is never cached: it may not happen
    again."""
    if stored is None:
        return _read_fresh(paths, settings, n_jobs)
    digests = [_file_digest(path, settings) for path in paths]
    keys = [
        stored.key(f"{digest}\0{path.suffix.lower()}") if digest is not None else None
        for path, digest in zip(paths, digests)
    ]
    results: list[dict[str, Any] | None] = [
        stored.get_json(key) if key is not None and stored.has(key) else None for key in keys
    ]
    todo = [index for index, result in enumerate(results) if result is None]
    fresh = _read_fresh([paths[i] for i in todo], settings, n_jobs, [digests[i] for i in todo])
    for index, row in zip(todo, fresh):
        results[index] = row
        if keys[index] is not None and row["reason"] != UNEXPECTED:
            stored.put_json(keys[index], row)
    return results  # type: ignore[return-value]


# -------------------------------------------------------------------- stage


def _report_row(file: str, doc_id: str, status: str, reason: str, detail: str = "", **extra: Any) -> dict[str, Any]:
    row = {column: None for column in REPORT_COLUMNS}
    row.update(file=file, doc_id=doc_id, status=status, reason=reason, detail=detail)
    row.update(extra)
    return row


def ingest(
    corpus_dir: Path,
    metadata_path: Path,
    params: IngestSettings | Mapping[str, Any] | None = None,
    cache: CacheSettings | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Return (documents, report, summary). Pure apart from reading the
    corpus (and, with ``cache`` on, keeping each file's reading by its
    bytes, so a corpus that grows by one file reads one file)."""
    params = IngestSettings.of(params)
    settings = ReadSettings(
        limits=ReadLimits.from_settings(params),
        min_words=params.min_words,
        max_words=params.max_words,
        language_candidates=params.language_candidates,
    )
    metadata, report_rows = read_metadata(metadata_path, params.genres)
    readable: dict[str, Path] = {}
    refused: dict[str, CorpusEntry] = {}
    for entry in list_corpus(corpus_dir, skip=metadata_path):
        if entry.path is None:
            refused[entry.relative] = entry
        else:
            readable[entry.relative] = entry.path

    planned: list[tuple[str, Path, dict[str, str], list[str]]] = []
    taken = set(metadata["doc_id"])
    for record in metadata.to_dict("records"):
        line, warnings = record.pop("_line"), record.pop("_warnings")
        path = readable.pop(record["file"], None)
        if record["file"] in refused:  # one line for the file, with its id
            entry = refused.pop(record["file"])
            report_rows.append(_report_row(entry.relative, record["doc_id"], entry.status, entry.reason, entry.detail))
            continue
        if path is None and _outside(record["file"]):
            report_rows.append(
                _report_row(
                    record["file"],
                    record["doc_id"],
                    "failed",
                    "bestandsnaam in de metadata wijst buiten de corpusmap; niet gelezen",
                    f"metadataregel {line}",
                )
            )
            continue
        if path is None:
            report_rows.append(
                _report_row(
                    record["file"],
                    record["doc_id"],
                    "missing",
                    "staat in de metadata, maar het bestand ontbreekt",
                    f"metadataregel {line}",
                )
            )
            continue
        planned.append((record["doc_id"], path, record, list(warnings)))
    for entry in refused.values():
        report_rows.append(_report_row(entry.relative, "", entry.status, entry.reason, entry.detail))
    for relative, path in readable.items():
        doc_id = _unique_id(Path(relative).stem, taken)
        taken.add(doc_id)
        planned.append(
            (doc_id, path, {"doc_id": doc_id, "file": relative}, ["niet in de metadata: alleen bestandsnaam als id"])
        )

    stored = reading_cache(cache, settings) if cache is not None else None
    results = _read_all([path for _, path, _, _ in planned], settings, params.n_jobs, stored)

    documents = []
    for (doc_id, _path, record, warnings), result in zip(planned, results):
        warnings = warnings + result.pop("warnings")
        status, reason, detail = result.pop("status"), result.pop("reason"), result.pop("detail")
        report_rows.append(
            _report_row(
                record["file"],
                doc_id,
                status,
                reason,
                detail,
                detected_format=result.get("detected_format"),
                encoding=result.get("encoding"),
                pages=result.get("pages"),
                words=result.get("word_count"),
                language=result.get("language"),
                warnings="; ".join(warnings),
            )
        )
        if status == "ok":
            documents.append({**record, **result, "warnings": "; ".join(warnings)})

    documents_frame = _flag_exclusions(pd.DataFrame(documents), params)
    report = pd.DataFrame(report_rows, columns=REPORT_COLUMNS)
    if len(documents_frame):
        included = documents_frame.set_index("doc_id")["included"]
        reasons = documents_frame.set_index("doc_id")["exclusion_reason"]
        ok = report["status"] == "ok"
        report.loc[ok, "included"] = report.loc[ok, "doc_id"].map(included)
        report.loc[ok, "reason"] = report.loc[ok, "doc_id"].map(reasons).fillna("")
    summary = _summarise(report, documents_frame)
    if stored is not None:
        summary["cache"] = {"files_from_cache": stored.hits, "files_read": len(planned) - stored.hits}
    return documents_frame, report, summary


def _flag_exclusions(documents: pd.DataFrame, params: IngestSettings) -> pd.DataFrame:
    """Mark non-Dutch documents and duplicates as excluded from analysis."""
    if documents.empty:
        return pd.DataFrame({column: pd.Series(dtype=object) for column in DOCUMENT_COLUMNS})
    documents = documents.copy()
    documents["included"] = True
    documents["exclusion_reason"] = ""
    if not params.keep_non_dutch:
        foreign = documents["language"] != "nl"
        documents.loc[foreign, "included"] = False
        documents.loc[foreign, "exclusion_reason"] = (
            "taal is niet Nederlands (" + documents.loc[foreign, "language"] + ")"
        )
    order = documents.sort_values([c for c in ("date", "doc_id") if c in documents.columns], kind="stable").index
    links = find_duplicates(
        list(documents.loc[order, "doc_id"]),
        list(documents.loc[order, "text"]),
        threshold=params.near_duplicate_threshold,
    )
    documents["duplicate_of"] = ""
    documents["duplicate_kind"] = ""
    documents["duplicate_similarity"] = float("nan")
    position = {doc_id: i for i, doc_id in zip(documents.index, documents["doc_id"])}
    for link in links:
        i = position[link.doc_id]
        documents.loc[i, ["duplicate_of", "duplicate_kind", "duplicate_similarity"]] = [
            link.original_id,
            link.kind,
            link.similarity,
        ]
        if params.exclude_duplicates and documents.loc[i, "included"]:
            documents.loc[i, "included"] = False
            word = "kopie" if link.kind == "exact" else "bijna-kopie"
            documents.loc[i, "exclusion_reason"] = f"{word} van {link.original_id} (gelijkenis {link.similarity:.2f})"
    return documents


def _summarise(report: pd.DataFrame, documents: pd.DataFrame) -> dict[str, Any]:
    included = documents[documents["included"].astype(bool)] if len(documents) else documents
    return {
        "files_and_rows": int(len(report)),
        "by_status": {k: int(v) for k, v in Counter(report["status"]).items()},
        "documents": int(len(documents)),
        "documents_included": int(len(included)),
        "words_included": int(included["word_count"].sum()) if len(included) else 0,
        "excluded": {
            k: int(v)
            for k, v in Counter(
                r.split(" (")[0].split(" van ")[0] for r in documents.get("exclusion_reason", []) if r
            ).items()
        },
        "reasons_not_ok": {k: int(v) for k, v in Counter(report.loc[report["status"] != "ok", "reason"]).items()},
    }


def write_documents(documents: pd.DataFrame, path: Path) -> None:
    """Parquet with the pipeline's own columns typed and metadata as strings."""
    fields = []
    for column in documents.columns:
        fields.append(pa.field(column, DOCUMENT_COLUMNS.get(column, pa.string())))
    frame = documents.copy()
    for column, kind in DOCUMENT_COLUMNS.items():
        if column not in frame.columns:
            continue
        if kind == pa.string():
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
        elif kind == pa.int64():
            frame[column] = pd.array(frame[column], dtype="Int64")
    for column in frame.columns:
        if column not in DOCUMENT_COLUMNS:
            frame[column] = frame[column].fillna("").astype(str)
    table = pa.Table.from_pandas(frame, schema=pa.schema(fields), preserve_index=False)
    pq.write_table(table, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak ingest", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--corpus-dir", help="overrides corpus.dir from params")
    parser.add_argument("--metadata", help="overrides corpus.metadata from params")
    parser.add_argument("--out", default=str(paths.DOCUMENTS))
    parser.add_argument("--report", default=str(paths.INGEST_REPORT))
    parser.add_argument("--summary", default=str(paths.metrics("ingest")))
    args = parser.parse_args(argv)
    setup_logging()
    end_workers_with_parent()  # the file readers run in worker processes

    settings = load_settings(args.params)
    corpus_dir = Path(args.corpus_dir or settings.corpus.dir)
    metadata_path = Path(args.metadata or settings.corpus.metadata)
    if not corpus_dir.is_dir():
        log.error("corpus folder %s does not exist; set corpus.dir in params.yaml", corpus_dir)
        return 2
    documents, report, summary = ingest(corpus_dir, metadata_path, settings.ingest, settings.cache)

    # All three change together, or (if writing fails) none does.
    with atomic_outputs(args.out, args.report, args.summary) as (out, report_path, summary_path):
        write_documents(documents, out)
        report.to_csv(report_path, index=False)
        summary_path.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    log.info(
        "%d files and metadata rows (%s); %d documents (%d words) go on to the analysis",
        summary["files_and_rows"],
        ", ".join(f"{k}: {v}" for k, v in sorted(summary["by_status"].items())),
        summary["documents_included"],
        summary["words_included"],
    )
    # The reasons are the report's own words (Dutch: the explorer shows them to analysts).
    for row in report[report["status"] != "ok"].itertuples():
        log.warning("%s %s: %s", row.status, row.file, row.reason)
    for row in documents[~documents["included"].astype(bool)].itertuples() if len(documents) else []:
        log.info("excluded %s: %s", row.file, row.exclusion_reason)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
