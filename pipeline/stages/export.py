"""DVC stage ``export``: the results as files a researcher can take away.

The pipeline's own tables are working data: spread over several Parquet
files, with columns that may change when a stage changes. ``exports/`` is
the stable, documented face of the same results:

- ``sentences``, ``documents``, ``group_scores`` and ``evidence`` as CSV and
  Parquet, with the fixed columns, order and types declared in
  :mod:`pipeline.exports.datapackage` (scripts may rely on them);
- ``datapackage.json``: a Frictionless Data Package describing every file
  and column, so the tables can be validated and loaded with their types;
- ``codebook.md``: the codebook as applied in this run, with the lexicon;
- ``provenance.json``: what produced these files (commit, settings, lexicon,
  NLP pipeline, classifier and its validation figures, library versions,
  input hashes), because a figure without its origin cannot be cited;
- ``samenspraak.qdpx``: a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo or
  QualCoder with every collaboration sentence coded (see
  :mod:`pipeline.exports.refiqda`).

Nothing is recomputed here: the stage reshapes and describes what the
earlier stages wrote. After writing, the data package is validated with
frictionless, and the stage fails when a file breaks its own description.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from pipeline import paths
from pipeline.exports import refiqda
from pipeline.exports.datapackage import (
    DOCUMENTS,
    EVIDENCE,
    GROUP_SCORES,
    SENTENCES,
    Column,
    Table,
    columns_of,
    conform,
    resource_descriptor,
    score_columns,
    table_problems,
)
from pipeline.lexicon import CATEGORIES, Lexicon, load_lexicon
from pipeline.logs import setup_logging
from pipeline.settings import ExportSettings, ScoreSettings, load_settings, read_params
from pipeline.storage import atomic_output, write_text_atomically

log = logging.getLogger("samenspraak.export")

# Libraries whose versions can change a result; recorded in provenance.json.
LIBRARIES = (
    "samenspraak",
    "spacy",
    "HanTa",
    "scikit-learn",
    "skops",
    "gensim",
    "numpy",
    "pandas",
    "pyarrow",
    "dvc",
    "lxml",
    "frictionless",
)

# ------------------------------------------------------------------ tables


def evidence_ids(evidence: pd.DataFrame) -> pd.DataFrame:
    """Per sentence, the markers and pitfall markers found, each id once in
    order of first occurrence: the compact evidence column of ``sentences``."""
    markers = evidence[evidence["kind"] == "marker"].sort_values(
        ["doc_id", "sent_index", "start_char", "end_char", "name"], kind="stable"
    )
    pitfall = markers["category"].fillna("").astype(str).str.startswith("not_")
    columns = {}
    for column, rows in (("marker_ids", markers[~pitfall]), ("pitfall_ids", markers[pitfall])):
        columns[column] = rows.groupby(["doc_id", "sent_index"], sort=False)["name"].agg(
            lambda names: " ".join(dict.fromkeys(names))
        )
    result = pd.DataFrame(columns).reset_index()
    if result.empty:
        # Typed, so that merging it onto the sentences still matches keys.
        return pd.DataFrame(
            {
                "doc_id": pd.Series(dtype="str"),
                "sent_index": pd.Series(dtype="int64"),
                "marker_ids": pd.Series(dtype="str"),
                "pitfall_ids": pd.Series(dtype="str"),
            }
        )
    return result


def sentences_table(sentences: pd.DataFrame, labels: pd.DataFrame, evidence: pd.DataFrame) -> pd.DataFrame:
    """One row per labelled sentence: offsets, text, labels, probabilities,
    marker ids. A sentence without labels was not analysed and is left out."""
    table = sentences.merge(labels, on=["doc_id", "sent_index"], how="inner", validate="one_to_one")
    if len(table) != len(sentences):
        log.warning("export: %d sentences have no labels and are left out", len(sentences) - len(table))
    table = table.merge(evidence_ids(evidence), on=["doc_id", "sent_index"], how="left")
    return table.sort_values(["doc_id", "sent_index"], kind="stable").reset_index(drop=True)


def documents_table(documents: pd.DataFrame, document_scores: pd.DataFrame) -> pd.DataFrame:
    """Every document with its metadata (not its text) and, when analysed,
    its figures. Metadata from the scores table is not taken twice."""
    scores = [column.name for column in score_columns(required=False)]
    figures = document_scores[["doc_id"] + [c for c in scores if c in document_scores.columns]]
    table = documents.drop(columns=["text"], errors="ignore").merge(
        figures, on="doc_id", how="left", validate="one_to_one"
    )
    return table.sort_values("doc_id", kind="stable").reset_index(drop=True)


def evidence_table(evidence: pd.DataFrame) -> pd.DataFrame:
    return evidence.sort_values(
        ["doc_id", "sent_index", "start_char", "end_char", "kind", "name"], kind="stable"
    ).reset_index(drop=True)


# ------------------------------------------------------------------ writing


def write_table(table: pa.Table, folder: Path, name: str) -> dict[str, Path]:
    """CSV and Parquet from one Arrow table, so both hold the same values."""
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    # Quote only where needed; an empty cell is a null (no empty strings exist
    # after conform()). Booleans are written true/false.
    pacsv.write_csv(table, csv_path, pacsv.WriteOptions(quoting_style="needed"))
    pq.write_table(table, parquet_path)
    return {"csv": csv_path, "parquet": parquet_path}


def datapackage_descriptor(
    shaped: dict[str, tuple[Table, list[Column]]],
    created: str,
    export_params: ExportSettings | Mapping[str, Any] | None,
    provenance: dict[str, Any],
) -> dict[str, Any]:
    """The Data Package: a CSV and a Parquet resource per table."""
    export_params = ExportSettings.of(export_params)
    resources = []
    for suffix, file_format in (("", "csv"), ("-parquet", "parquet")):
        for name, (table, columns) in shaped.items():
            resources.append(resource_descriptor(table, columns, f"{name}.{file_format}", file_format, suffix))
    classifier = provenance.get("classifier", {})
    return {
        "profile": "tabular-data-package",
        "name": export_params.name,
        "title": export_params.title,
        "description": (
            "Sentences of Dutch social-domain documents labelled by the Samenspraak codebook (collab, register, "
            "mode), the evidence behind the labels, and the claim-practice gap, coordination-dialogue balance and "
            "collaboration density per document and per group, with bootstrap intervals. Every table is given as "
            "CSV (UTF-8, comma) and as Parquet with the same columns. codebook.md explains the labels and "
            "figures; provenance.json records how the files were made "
            f"(classifier {classifier.get('version') or 'unknown'}, lexicon {classifier.get('lexicon_version') or 'unknown'})."
        ),
        "created": created,
        "keywords": ["samenwerking", "collaboration", "sociaal domein", "policy documents", "Dutch", "codebook"],
        "licenses": [export_params.license.model_dump()],
        "sources": [
            {"title": "Corpus documents (see documents.source and documents.file)"},
            {"title": "Samenspraak pipeline outputs (data/*.parquet), see provenance.json"},
        ],
        "contributors": [{"title": "Samenspraak", "role": "author"}],
        "resources": resources,
    }


# ------------------------------------------------------------------ codebook


_CATEGORY_WORDS = {
    "collaboration": "that a sentence is about working together at all",
    "coordination": "collaboration put as structure, procedure and the passing on of work",
    "dialogue": "collaboration put as a relation between people who talk and listen",
    "claim": "collaboration promised, required or valued without an instance",
    "practice": "an instance: who did what together, when or where",
    "reflective": "thinking about collaboration in general",
}


def correction_text(
    score_params: ScoreSettings | Mapping[str, Any] | None, confidence: float, samples: int, corrected: bool = True
) -> str:
    """The method paragraph of the codebook: how counts are corrected for
    classifier error and what an interval accounts for."""
    score_params = ScoreSettings.of(score_params)
    seed = score_params.seed
    if not corrected:
        return (
            f"Every figure has a {confidence:.0%} percentile interval (`*_low`, `*_high`) from {samples:,} bootstrap "
            f"replicates (seed {seed}): the sentences of each document are drawn again with replacement. These "
            "figures are *not* corrected for classifier error (`score.correction: false`), and the interval ignores "
            "it: on real documents such intervals contain the true figure far less often than their level says."
        )
    settings = score_params.correction_settings
    return "\n".join(
        [
            "### Correction for classifier error",
            "",
            "The classifier's mistakes are systematic (on real text it reads practised collaboration as claimed more "
            "often than the reverse), so they do not average out over sentences. The figures are therefore computed "
            "from counts corrected for the classifier's error rates (`corrected_*` columns, `correction = "
            "error_rates`):",
            "",
            "1. Every sentence has a combined label per field: `none` (not about collaboration) or its mode (for the "
            "gap) or register (for the balance). The classifier's combined label is split into sure and unsure (its "
            f"probability below {settings.confidence_cut}).",
            "2. The error rates P(classifier label | true label) are estimated from cross-validated labels of the "
            "labelled training sentences, with whole text types held out (`train.cv_groups`), because a new corpus "
            "resembles an unseen text type more than an unseen passage. How much these rates differ from one text type "
            "to the next is measured too (a Dirichlet-multinomial spread) and carried into the intervals.",
            "3. The corpus's true label shares are re-estimated under those error rates (EM, the maximum-likelihood "
            "form of adjusted classify-and-count). Each document's shares are estimated around the corpus's, with a "
            "between-document spread measured on the labelled passages, so a short document borrows strength from the "
            "corpus and a long one speaks for itself. The point figure is made from the document's expected true counts.",
            "",
            f"Every figure has a {confidence:.0%} percentile interval (`*_low`, `*_high`) from {samples:,} replicates "
            f"(seed {seed}). Each replicate draws one set of error rates for the whole corpus (an error rate that is off "
            "is off everywhere), resamples each document's sentences, and draws which of them are truly claimed, "
            "practised, and so on (a Gibbs sampler). So the interval carries sentence sampling, classification error and "
            "the uncertainty of the error rates. A group's replicates also resample its documents, so a comparison of "
            "organisations, genres or years carries the variation between documents.",
            "",
            f"A gap or balance resting on fewer than {score_params.min_sentences} (corrected) sentences, or "
            f"with an interval wider than {score_params.max_interval_width}, is withheld: empty, "
            'with `*_status = too_few_sentences` ("te weinig zinnen" in the explorer). The uncorrected figures are '
            "kept beside them (`uncorrected_*`): expected counts from the probabilities, with intervals that resample "
            "sentences only. Measured on real documents, those intervals contained the true figure for about a quarter "
            "of documents; see the README for the corrected method's coverage.",
        ]
    )


def codebook_markdown(
    lexicon: Lexicon,
    score_params: ScoreSettings | Mapping[str, Any] | None,
    signals: list[str],
    classifier_version: str,
    corrected: bool = True,
) -> str:
    """``codebook.md``: the labels, figures and lexicon of this run;
    ``corrected``: whether the exported figures are corrected for classifier
    error (the scores' ``correction`` column), which decides the method
    described."""
    score_params = ScoreSettings.of(score_params)
    if score_params.use_probabilities:
        basis = (
            "In this export the figures are computed from expected counts (`score.use_probabilities: true`): a "
            "sentence adds P(collab = yes) × P(mode = claimed | collab) to the claimed total, and likewise for the "
            "other labels (columns `expected_*`). A sentence the model is unsure about thus counts partly on both "
            "sides, instead of one uncertain sentence tipping a short document's figure. Counts by hard labels "
            "(`n_*`) are given beside them."
        )
    else:
        basis = (
            "In this export the figures are computed from hard labels (`score.use_probabilities: false`, columns "
            "`n_*`): each sentence counts fully for its most probable label. Expected counts from the probabilities "
            "(`expected_*`) are given beside them."
        )
    confidence = score_params.confidence
    samples = score_params.bootstrap_samples
    lines = [
        "# The Samenspraak codebook, as applied in this export",
        "",
        f"Classifier `{classifier_version}`, lexicon `{lexicon.version}`. The labels below are the values of the "
        "columns `collab`, `register` and `mode` in `sentences.csv`, and the codes of `samenspraak.qdpx`.",
        "",
        "## The unit and the three fields",
        "",
        "Each sentence of an analysed document is labelled on its own (a heading or list item is a sentence too). "
        "The first field is always filled; the other two only for sentences about collaboration.",
        "",
        "| field | label | QDA code | meaning |",
        "| --- | --- | --- | --- |",
        "| `collab` | `yes` | samenwerking | people or organisations acting, talking or arranging things together, or the terms on which they do |",
        "| `collab` | `no` | (not coded) | anything else, including *samen* that is not about cooperation |",
        "| `register` | `coordination` | coördinatie | framed as arrangement: procedures, chains, direction, handing over, sharing data |",
        "| `register` | `dialogue` | dialoog | framed as relation: conversation, listening, knowing and trusting each other |",
        "| `register` | `mixed` | gemengd | both framings are clearly present |",
        "| `register` | `unmarked` | ongemarkeerd | about collaboration without the words of either framing |",
        "| `mode` | `claimed` | geclaimd | stated as an aim, duty, value or self-description, with no instance given |",
        "| `mode` | `practised` | gepraktiseerd | an instance that could be observed: named actors, a time or place, a concrete act or result |",
        "| `mode` | `reflective` | reflectief | a general account: concepts, conditions, causes, an argument |",
        "",
        "## The three figures",
        "",
        "Computed per document (`documents`) and per group (`group_scores`) over the sentences about collaboration:",
        "",
        "- `claim_practice_gap` = (claimed − practised) / (claimed + practised). It runs from −1 (only practice "
        "is reported) to +1 (only claims are made); empty when there is neither.",
        "- `coordination_dialogue_balance` = (coordination − dialogue) / (coordination + dialogue), from −1 (only "
        "dialogue) to +1 (only coordination); empty when there is neither.",
        "- `collaboration_density` = 1,000 × collaboration sentences / words in the analysed sentences.",
        "",
        "## Probabilities, counts and intervals",
        "",
        "The classifier gives every sentence a probability for every label (`p_*` columns). The register and mode "
        "probabilities are conditional: they say what the sentence would be *if* it is about collaboration.",
        "",
        basis,
        "",
        correction_text(score_params, confidence, samples, corrected),
        "",
        "## The lexicon",
        "",
        f"Version `{lexicon.version}`: {len(lexicon.markers)} entries. Markers are evidence the classifier weighs; "
        "none decides a label alone. Pitfall entries are look-alikes (such as *samengevat*) that cancel a marker "
        "they overlap; they appear as `not_<category>` in `evidence.csv` and in the `pitfall_ids` column.",
        "",
        "| category | field | signals | markers | pitfalls |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for category, field in CATEGORIES.items():
        entries = lexicon.of_category(category)
        pitfalls = sum(1 for marker in entries if marker.negative)
        lines.append(
            f"| {category} | `{field}` | {_CATEGORY_WORDS.get(category, '')} | {len(entries) - pitfalls} | {pitfalls} |"
        )
    lines += [
        "",
        "Besides markers, grammatical signals from the Dutch language layer are recorded as evidence "
        "(`kind = signal` in `evidence.csv`)" + (f": {', '.join(f'`{s}`' for s in signals)}." if signals else "."),
        "",
        "## Files",
        "",
        "| file | content |",
        "| --- | --- |",
        "| `documents.csv` / `.parquet` | every document, analysed or not, with metadata and figures |",
        "| `sentences.csv` / `.parquet` | every analysed sentence with offsets, labels, probabilities, marker ids |",
        "| `evidence.csv` / `.parquet` | every marker and grammatical signal with its offsets in the document text |",
        "| `group_scores.csv` / `.parquet` | figures for the corpus and per organisation, genre, year, ... |",
        "| `datapackage.json` | the description of every table and column (Frictionless Data Package) |",
        "| `provenance.json` | commit, settings, lexicon, language pipeline, classifier and its validation, inputs |",
        "| `samenspraak.qdpx` | the collaboration sentences coded, for ATLAS.ti, MAXQDA, NVivo or QualCoder |",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------ provenance


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def corpus_fingerprint(documents: pd.DataFrame) -> dict[str, Any]:
    """One hash over every input file's hash: the same corpus files give the
    same value, whatever order they were read in."""
    lines = sorted(
        f"{row.doc_id}\t{row.file_sha256 or ''}" for row in documents[["doc_id", "file_sha256"]].itertuples()
    )
    return {
        "documents": int(len(documents)),
        "included": int(documents["included"].fillna(False).astype(bool).sum()) if "included" in documents else None,
        "file_sha256_digest": hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest(),
    }


def git_state(folder: Path) -> dict[str, Any]:
    """Commit and dirtiness of the work tree; nulls outside a git checkout."""

    def run(*arguments: str) -> str | None:
        try:
            done = subprocess.run(
                ["git", "-C", str(folder), *arguments], capture_output=True, text=True, timeout=20, check=True
            )
        except (OSError, subprocess.SubprocessError):
            return None
        return done.stdout

    commit = run("rev-parse", "HEAD")
    if commit is None:
        return {"commit": None, "dirty": None, "changed_files": []}
    status = run("status", "--porcelain") or ""
    changed = [line[3:] for line in status.splitlines() if line.strip()]
    return {"commit": commit.strip(), "dirty": bool(changed), "changed_files": changed[:100]}


def library_versions(names: tuple[str, ...] = LIBRARIES) -> dict[str, str | None]:
    versions: dict[str, str | None] = {}
    for name in names:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def read_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def classifier_provenance(
    manifest: dict[str, Any], train: dict[str, Any] | None, dev: dict[str, Any] | None
) -> dict[str, Any]:
    """Classifier version and the figures it was judged by: cross-validated
    and held-out (train stage) and on the external dev set (evaluate stage),
    each next to the rule baseline."""
    training = None
    if train:
        training = {
            key: train.get(key)
            for key in (
                "labelled_sentences",
                "labelled_passages",
                "training_sentences",
                "heldout_sentences",
                "weak_label_sentences",
            )
        }
        training["cross_validation"] = (train.get("cross_validation") or {}).get("summary")
        training["heldout"] = (train.get("heldout") or {}).get("summary")
    development: dict[str, Any] | None = None
    if dev is not None:
        # One entry per real dev set the evaluate stage measured, and the
        # sets it had to skip (absent files), each said as it is.
        development = {"skipped": dev.get("skipped") or {}, "classifier_version": dev.get("classifier_version")}
        for name, report in dev.items():
            if isinstance(report, dict) and "summary" in report:
                development[name] = {
                    key: report.get(key)
                    for key in (
                        "dev_file",
                        "sentences",
                        "documents",
                        "summary",
                        "genres",
                        "document_figures",
                        "end_to_end_macro_f1",
                    )
                }
    return {
        "version": manifest.get("classifier_version"),
        "lexicon_version": manifest.get("lexicon_version"),
        "fields": manifest.get("fields"),
        "trained_on_sentences": manifest.get("trained_on_sentences"),
        "weak_label_sentences": manifest.get("weak_label_sentences"),
        "validation": manifest.get("validation"),
        "train_metrics": training,
        "dev_metrics": development,
    }


def build_provenance(
    *,
    created: str,
    params: dict[str, Any],
    lexicon: Lexicon,
    manifest: dict[str, Any],
    annotate: dict[str, Any] | None,
    train: dict[str, Any] | None,
    dev: dict[str, Any] | None,
    documents: pd.DataFrame,
    inputs: dict[str, Path],
    git: dict[str, Any],
) -> dict[str, Any]:
    corpus_nlp = (annotate or {}).get("nlp")
    model_nlp = manifest.get("nlp")
    return {
        "created": created,
        "git": git,
        "params": params,
        "lexicon": {
            "version": lexicon.version,
            "markers": len(lexicon.markers),
            "classifier_lexicon_version": manifest.get("lexicon_version"),
            "matches_classifier": lexicon.version == manifest.get("lexicon_version"),
        },
        "nlp": {
            "model": manifest.get("nlp_model"),
            "pipeline": (corpus_nlp or model_nlp or {}).get("pipeline"),
            "version": (corpus_nlp or model_nlp or {}).get("version"),
            "corpus": corpus_nlp,
            "classifier": model_nlp,
            # The classifier was trained on one pipeline's lemmas and tags;
            # applying it to another's would be a silent mismatch.
            "same_pipeline": (
                None
                if corpus_nlp is None or model_nlp is None
                else (corpus_nlp.get("pipeline"), corpus_nlp.get("version"))
                == (model_nlp.get("pipeline"), model_nlp.get("version"))
            ),
        },
        "classifier": classifier_provenance(manifest, train, dev),
        "libraries": library_versions(),
        "inputs": {
            "files": {
                name: {"path": str(path), "sha256": sha256_file(path)}
                for name, path in inputs.items()
                if path.is_file()
            },
            "corpus": corpus_fingerprint(documents),
        },
    }


# ------------------------------------------------------------------ validation


def datapackage_problems(path: Path, limit_rows: int | None = None) -> list[str]:
    """The ways the written files break their own description (empty when
    none), as frictionless reads them. Imported here because frictionless
    takes a moment to load.

    With ``limit_rows=None`` frictionless checks everything itself. That
    does not grow with the text: it turns every row into Python, reads
    Parquet through pandas at milliseconds a row, and reads whole tables
    again for each foreign key (at ×10 the demo corpus, 90 of the stage's
    106 seconds). So by default frictionless checks the descriptor and the
    first ``limit_rows`` rows of every CSV file, without foreign keys;
    each Parquet file's columns and types are compared with the descriptor
    by pyarrow (it is written from the same Arrow table as its CSV twin);
    and every row and key of every table is checked by
    :func:`pipeline.exports.datapackage.table_problems`, with Arrow."""
    from frictionless import Package, validate

    if limit_rows is None:
        reports = [validate(str(path))]
        problems = []
    else:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        reports = [Package.validate_descriptor(descriptor, basepath=str(path.parent))]
        for resource in descriptor["resources"]:
            resource.get("schema", {}).pop("foreignKeys", None)
        package = Package(descriptor, basepath=str(path.parent))
        reports += [
            resource.validate(limit_rows=limit_rows) for resource in package.resources if resource.format == "csv"
        ]
        problems = [
            problem
            for resource in descriptor["resources"]
            if resource["format"] == "parquet"
            for problem in parquet_schema_problems(path.parent / resource["path"], resource)
        ]
    for report in reports:
        problems += [f"{error.type}: {error.message}" for error in report.errors]
        for task in report.tasks:
            problems += [f"{task.name}: {error.type}: {error.message}" for error in task.errors[:20]]
    return problems


def parquet_schema_problems(path: Path, resource: Mapping[str, Any]) -> list[str]:
    """A Parquet file's columns, in order, with the Arrow type of each
    described field type."""
    from pipeline.exports.datapackage import ARROW_TYPES

    if not path.exists():
        return [f"{resource['name']}: {path.name} is missing"]
    schema = pq.read_schema(path)
    fields = resource["schema"]["fields"]
    if schema.names != [field["name"] for field in fields]:
        return [f"{resource['name']}: columns {schema.names} where the descriptor has {[f['name'] for f in fields]}"]
    return [
        f"{resource['name']}.{field['name']}: {schema.field(field['name']).type} is not {field['type']}"
        for field in fields
        if schema.field(field["name"]).type != ARROW_TYPES[field["type"]]
    ]


# ------------------------------------------------------------------ main


def export(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Read the pipeline's outputs, write the export folder's files into
    ``out`` (``args.out`` is where they will be read); returns the summary."""
    settings = load_settings(args.params)
    params = read_params(args.params)  # as written, for provenance
    lexicon = load_lexicon(args.lexicon or settings.lexicon.dir)
    created = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")

    classifier_dir = Path(args.classifier)
    inputs = {
        "params": Path(args.params),
        "documents": Path(args.documents),
        "sentences": Path(args.sentences),
        "sentence_labels": Path(args.labels),
        "evidence": Path(args.evidence),
        "document_scores": Path(args.document_scores),
        "group_scores": Path(args.group_scores),
        "annotate_metrics": Path(args.annotate_metrics),
        "train_metrics": Path(args.train_metrics),
        "dev_metrics": Path(args.dev_metrics),
    }
    inputs.update(
        {
            f"classifier/{path.relative_to(classifier_dir)}": path
            for path in sorted(classifier_dir.rglob("*"))
            if path.is_file()
        }
    )

    documents = pd.read_parquet(inputs["documents"])
    sentences = pd.read_parquet(inputs["sentences"])
    labels = pd.read_parquet(inputs["sentence_labels"])
    evidence = pd.read_parquet(inputs["evidence"])
    document_scores = pd.read_parquet(inputs["document_scores"])
    group_scores = pd.read_parquet(inputs["group_scores"])
    manifest = read_json(classifier_dir / paths.MANIFEST) or {}

    frames = {
        DOCUMENTS.name: (DOCUMENTS, documents_table(documents, document_scores)),
        SENTENCES.name: (SENTENCES, sentences_table(sentences, labels, evidence)),
        EVIDENCE.name: (EVIDENCE, evidence_table(evidence)),
        GROUP_SCORES.name: (GROUP_SCORES, group_scores),
    }
    shaped: dict[str, tuple[Table, list[Column]]] = {}
    written: dict[str, tuple[Table, list[Column], pa.Table]] = {}
    rows: dict[str, int] = {}
    for name, (table, frame) in frames.items():
        arrow = conform(table, frame)
        write_table(arrow, out, name)
        shaped[name] = (table, columns_of(table, frame))
        written[name] = (table, shaped[name][1], arrow)
        rows[name] = arrow.num_rows
    problems = table_problems(written)
    del written

    provenance = build_provenance(
        created=created,
        params=params,
        lexicon=lexicon,
        manifest=manifest,
        annotate=read_json(inputs["annotate_metrics"]),
        train=read_json(inputs["train_metrics"]),
        dev=read_json(inputs["dev_metrics"]),
        documents=documents,
        inputs=inputs,
        git=git_state(Path(args.repo)),
    )
    (out / "provenance.json").write_text(
        json.dumps(provenance, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )

    descriptor = datapackage_descriptor(shaped, created, settings.export, provenance)
    (out / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    signals = sorted(evidence.loc[evidence["kind"] == "signal", "name"].dropna().unique().tolist())
    classifier_version = str(manifest.get("classifier_version") or "unknown")
    (out / "codebook.md").write_text(
        codebook_markdown(
            lexicon,
            settings.score,
            signals,
            classifier_version,
            corrected=bool(len(document_scores))
            and (document_scores.get("correction", pd.Series(["none"])) == "error_rates").all(),
        ),
        encoding="utf-8",
    )

    analysed = documents[documents["included"].fillna(False).astype(bool)]
    project_documents = analysed.merge(
        document_scores[["doc_id"] + [c for c in document_scores.columns if c not in analysed.columns]],
        on="doc_id",
        how="left",
    )
    sentence_rows = frames[SENTENCES.name][1]
    tree = refiqda.build_project(
        project_documents,
        sentence_rows,
        project_name="Samenspraak",
        origin=f"Samenspraak {provenance['libraries'].get('samenspraak') or ''}".strip(),
        description=(
            f"Zinnen over samenwerking, gecodeerd door Samenspraak (classifier {classifier_version}, "
            f"lexicon {lexicon.version}). Controleer en hercodeer waar nodig; de kansen staan bij elke selectie."
        ),
    )
    refiqda.write_qdpx(out / "samenspraak.qdpx", tree, refiqda.source_texts(project_documents))
    selections = tree.getroot().findall(f".//{{{refiqda.NAMESPACE}}}PlainTextSelection")
    codings = sum(len(selection.findall(f"{{{refiqda.NAMESPACE}}}Coding")) for selection in selections)

    if not args.no_validate:
        problems += datapackage_problems(out / "datapackage.json", settings.export.validate_rows)
    return {
        "rows": rows,
        "qdpx": {"sources": int(len(project_documents)), "selections": len(selections), "codings": codings},
        "datapackage_valid": not problems,
        "frictionless_rows_checked": "none" if args.no_validate else settings.export.validate_rows or "all",
        "problems": problems[:50],
        "classifier_version": classifier_version,
        "lexicon_version": lexicon.version,
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="samenspraak export", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--documents", default=str(paths.DOCUMENTS))
    parser.add_argument("--sentences", default=str(paths.SENTENCES))
    parser.add_argument("--labels", default=str(paths.SENTENCE_LABELS))
    parser.add_argument("--evidence", default=str(paths.EVIDENCE))
    parser.add_argument("--document-scores", default=str(paths.DOCUMENT_SCORES))
    parser.add_argument("--group-scores", default=str(paths.GROUP_SCORES))
    parser.add_argument("--classifier", default=str(paths.MODELS), help="folder with classifier.json")
    parser.add_argument("--annotate-metrics", default=str(paths.metrics("annotate")))
    parser.add_argument("--train-metrics", default=str(paths.metrics("train")))
    parser.add_argument("--dev-metrics", default=str(paths.DEV_METRICS))
    parser.add_argument("--lexicon", help="lexicon folder (default: lexicon.dir from params)")
    parser.add_argument("--repo", default=".", help="git work tree whose commit is recorded")
    parser.add_argument("--out", default=str(paths.EXPORTS))
    parser.add_argument("--summary", default=str(paths.metrics("export")))
    parser.add_argument("--no-validate", action="store_true", help="skip the frictionless check of the written package")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    setup_logging()
    # The folder is built apart and replaces the old one whole. One whose
    # tables break their description is still put in place (and the stage
    # fails): it is complete, and the problems listed in the summary are
    # looked into in it.
    with atomic_output(args.out) as staging:
        summary = export(args, staging)
    write_text_atomically(args.summary, json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    if summary["problems"]:
        log.error("the tables do not match datapackage.json:")
        for problem in summary["problems"]:
            log.error("  %s", problem)
        return 1
    rows = summary["rows"]
    log.info(
        "%d documents, %d sentences, %d evidence rows, %d groups; qdpx with %d codings -> %s/",
        rows["documents"],
        rows["sentences"],
        rows["evidence"],
        rows["group_scores"],
        summary["qdpx"]["codings"],
        args.out,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
