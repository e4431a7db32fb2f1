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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import paths
from pipeline.logs import setup_logging
from pipeline.reading.clean import word_count
from pipeline.reading.duplicates import content_hash, find_duplicates
from pipeline.reading.formats import SUPPORTED_SUFFIXES, UnreadableFile, extract, sniff_format
from pipeline.reading.language import detect_language
from pipeline.settings import IngestSettings, load_settings

log = logging.getLogger("samenspraak.ingest")

REQUIRED_METADATA = ("doc_id", "file")
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
    max_bytes: int
    min_words: int
    language_candidates: tuple[str, ...]


# ------------------------------------------------------------------ metadata


def read_metadata(path: Path) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The metadata table as strings, and report rows for its own problems
    (duplicate ids, empty ids). A missing table is not fatal: every file is
    then ingested with its file name as id."""
    problems: list[dict[str, Any]] = []
    if not path.exists():
        problems.append(
            _report_row(str(path), "", "failed", "metadatabestand ontbreekt", "alle bestanden zonder metadata gelezen")
        )
        return pd.DataFrame(columns=list(REQUIRED_METADATA)), problems
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    table.columns = [c.strip() for c in table.columns]
    absent = [c for c in REQUIRED_METADATA if c not in table.columns]
    if absent:
        problems.append(
            _report_row(
                str(path),
                "",
                "failed",
                f"metadata mist kolom(men) {', '.join(absent)}",
                "alle bestanden zonder metadata gelezen",
            )
        )
        return pd.DataFrame(columns=list(REQUIRED_METADATA)), problems
    clashing = sorted(set(table.columns) & (set(DOCUMENT_COLUMNS) - set(REQUIRED_METADATA)))
    if clashing:
        table = table.rename(columns={c: f"meta_{c}" for c in clashing})
    keep = []
    seen: set[str] = set()
    for index, row in table.iterrows():
        doc_id = row["doc_id"].strip()
        if not doc_id:
            problems.append(_report_row(row["file"], "", "failed", f"metadataregel {index + 2} heeft geen doc_id"))
        elif doc_id in seen:
            problems.append(
                _report_row(
                    row["file"],
                    doc_id,
                    "failed",
                    f"doc_id {doc_id} staat twee keer in de metadata",
                    f"regel {index + 2} genegeerd",
                )
            )
        else:
            seen.add(doc_id)
            keep.append(index)
    table = table.loc[keep].copy()
    table["doc_id"] = table["doc_id"].str.strip()
    table["file"] = table["file"].str.strip()
    if "date" in table.columns and "year" not in table.columns:
        table["year"] = table["date"].str.extract(r"^(\d{4})", expand=False).fillna("")
    return table.reset_index(drop=True), problems


def list_corpus_files(corpus_dir: Path, metadata_path: Path) -> list[Path]:
    """Every regular file under the corpus folder except the metadata table
    and hidden files, in a stable order."""
    metadata_resolved = metadata_path.resolve()
    files = []
    for path in sorted(corpus_dir.rglob("*")):
        if not path.is_file() or path.resolve() == metadata_resolved:
            continue
        if any(part.startswith(".") for part in path.relative_to(corpus_dir).parts):
            continue
        files.append(path)
    return files


def _unique_id(stem: str, taken: set[str]) -> str:
    base = re.sub(r"[^\w-]+", "-", stem).strip("-") or "document"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# ----------------------------------------------------------------- one file


def read_document(path: Path, settings: ReadSettings) -> dict[str, Any]:
    """Read, clean and identify one file; never raises."""
    row: dict[str, Any] = {"status": "ok", "reason": "", "detail": "", "warnings": []}
    try:
        data_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        row["file_sha256"] = data_hash
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            detected = sniff_format(path.read_bytes()[:4096]) if path.stat().st_size else "leeg"
            if detected not in ("pdf", "docx", "odt", "rtf", "html"):
                raise UnreadableFile(
                    "skipped", f"bestandstype {path.suffix or '(geen extensie)'} wordt niet ondersteund"
                )
        extraction = extract(path, settings.max_bytes)
        words = word_count(extraction.text)
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
    except Exception as error:  # a reader bug must cost one file, not the run
        row.update(
            status="failed",
            reason="onverwachte fout bij het lezen",
            detail=f"{type(error).__name__}: {error}",
        )
    return row


def _read_all(paths: list[Path], settings: ReadSettings, n_jobs: int) -> list[dict[str, Any]]:
    if n_jobs <= 1 or len(paths) < 4:
        return [read_document(path, settings) for path in paths]
    with ProcessPoolExecutor(max_workers=n_jobs) as pool:
        return list(pool.map(read_document, paths, [settings] * len(paths), chunksize=4))


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
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Return (documents, report, summary). Pure apart from reading the corpus."""
    params = IngestSettings.of(params)
    settings = ReadSettings(
        max_bytes=int(params.max_file_mb * 2**20),
        min_words=params.min_words,
        language_candidates=params.language_candidates,
    )
    metadata, report_rows = read_metadata(metadata_path)
    files = list_corpus_files(corpus_dir, metadata_path)
    by_relative = {path.relative_to(corpus_dir).as_posix(): path for path in files}

    planned: list[tuple[str, Path, dict[str, str], list[str]]] = []
    taken = set(metadata["doc_id"])
    for record in metadata.to_dict("records"):
        path = by_relative.pop(record["file"], None)
        if path is None:
            report_rows.append(
                _report_row(
                    record["file"], record["doc_id"], "missing", "staat in de metadata, maar het bestand ontbreekt"
                )
            )
            continue
        planned.append((record["doc_id"], path, record, []))
    for relative, path in by_relative.items():
        doc_id = _unique_id(path.stem, taken)
        taken.add(doc_id)
        planned.append(
            (doc_id, path, {"doc_id": doc_id, "file": relative}, ["niet in de metadata: alleen bestandsnaam als id"])
        )

    results = _read_all([path for _, path, _, _ in planned], settings, params.n_jobs)

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
    path.parent.mkdir(parents=True, exist_ok=True)
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

    settings = load_settings(args.params)
    corpus_dir = Path(args.corpus_dir or settings.corpus.dir)
    metadata_path = Path(args.metadata or settings.corpus.metadata)
    if not corpus_dir.is_dir():
        log.error("corpus folder %s does not exist; set corpus.dir in params.yaml", corpus_dir)
        return 2
    documents, report, summary = ingest(corpus_dir, metadata_path, settings.ingest)

    write_documents(documents, Path(args.out))
    Path(args.report).parent.mkdir(parents=True, exist_ok=True)
    report.to_csv(args.report, index=False)
    Path(args.summary).parent.mkdir(parents=True, exist_ok=True)
    Path(args.summary).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

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
