"""The exported tables' schemas, written once and used twice.

A researcher's scripts read ``exports/*.csv`` by column name and often by
position, so the columns, their order and their types are part of the
public interface of Samenspraak. This module is the single place where they
are declared. The ``export`` stage uses it to put every table into that
exact shape (:func:`conform`, :func:`arrow_schema`) and to describe it in a
Frictionless Data Package (:func:`resource_descriptor`), so the files and
their documentation cannot drift apart.

Types are Table Schema types (``string``, ``integer``, ``number``,
``boolean``). An empty cell in the CSV and a null in the Parquet mean the
same: no value. Empty strings are therefore turned into nulls on export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyarrow as pa

from pipeline.codebook import LABELS
from pipeline.lexicon import CATEGORIES
from pipeline.figures.scores import FIGURE_PARTS, FIGURES, SHOWN, TOO_FEW

# The codebook's labels; the order is the order in which they are explained.
EVIDENCE_KINDS = ("marker", "signal")
MARKER_CATEGORIES = tuple(CATEGORIES)

ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_()}


@dataclass(frozen=True)
class Column:
    """One column of an exported table, as a Table Schema field."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None

    def descriptor(self) -> dict[str, Any]:
        described: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            described["constraints"] = constraints
        return described


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """An exported table: its columns in their fixed order, and its keys."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    # Columns from the user's own metadata table are appended after the fixed
    # ones (only `documents` allows them), so fixed positions never move.
    allows_extra_strings: bool = False
    extra_description: str = field(default="")

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


# ------------------------------------------------------------------ columns


def _probability(name: str, what: str) -> Column:
    return Column(name, "number", what, required=True, minimum=0, maximum=1)


PROBABILITY_COLUMNS = (
    _probability("p_collab_no", "Probability that the sentence is not about collaboration."),
    _probability("p_collab_yes", "Probability that the sentence is about collaboration."),
    _probability("p_register_coordination", "Probability of register 'coordination', given that the sentence is about collaboration."),
    _probability("p_register_dialogue", "Probability of register 'dialogue', given that the sentence is about collaboration."),
    _probability("p_register_mixed", "Probability of register 'mixed', given that the sentence is about collaboration."),
    _probability("p_register_unmarked", "Probability of register 'unmarked', given that the sentence is about collaboration."),
    _probability("p_mode_claimed", "Probability of mode 'claimed', given that the sentence is about collaboration."),
    _probability("p_mode_practised", "Probability of mode 'practised', given that the sentence is about collaboration."),
    _probability("p_mode_reflective", "Probability of mode 'reflective', given that the sentence is about collaboration."),
)

_QUANTITY_WORDS = {
    "collab": "sentences about collaboration",
    "claimed": "collaboration sentences with mode 'claimed'",
    "practised": "collaboration sentences with mode 'practised'",
    "reflective": "collaboration sentences with mode 'reflective'",
    "coordination": "collaboration sentences with register 'coordination'",
    "dialogue": "collaboration sentences with register 'dialogue'",
    "mixed": "collaboration sentences with register 'mixed'",
    "unmarked": "collaboration sentences with register 'unmarked'",
}

_FIGURE_WORDS = {
    "claim_practice_gap": (
        "Claim-practice gap: (claimed - practised) / (claimed + practised), over the corrected counts "
        "(corrected_*; when correction is 'none', the counts named in basis); "
        "-1 only practice, +1 only claims; empty when neither occurs.",
        -1,
        1,
    ),
    "coordination_dialogue_balance": (
        "Coordination-dialogue balance: (coordination - dialogue) / (coordination + dialogue), over the counts "
        "corrected_* counts (or those named in basis); -1 only dialogue, +1 only coordination; empty when neither "
        "occurs or when withheld (see the _status column).",
        -1,
        1,
    ),
    "collaboration_density": (
        "Collaboration density: collaboration sentences (corrected_collab, or counted as named in basis) per 1,000 "
        "words of analysed text.",
        0,
        None,
    ),
}


def score_columns(required: bool) -> tuple[Column, ...]:
    """Counts, expected counts and figures with their intervals, in the order
    of ``pipeline.figures.scores`` (shared by documents and groups)."""
    columns = [
        Column("n_sentences", "integer", "Analysed sentences.", required=required, minimum=0),
        Column("n_words", "integer", "Words in the analysed sentences (the denominator of the density).", required=required, minimum=0),
    ]
    for quantity, words in _QUANTITY_WORDS.items():
        columns.append(Column(f"n_{quantity}", "integer", f"Number of {words}, by hard labels.", required=required, minimum=0))
    for quantity, words in _QUANTITY_WORDS.items():
        columns.append(
            Column(
                f"expected_{quantity}",
                "number",
                f"Expected number of {words}: the sum of each sentence's probability of counting here (see codebook.md).",
                required=required,
                minimum=0,
            )
        )
    for quantity, words in _QUANTITY_WORDS.items():
        columns.append(
            Column(
                f"corrected_{quantity}",
                "number",
                f"Number of {words}, corrected for the classifier's measured error rates (the point estimate the "
                "figures are computed from when correction is 'error_rates'; see codebook.md).",
                minimum=0,
            )
        )
    for figure in FIGURES:
        description, low, high = _FIGURE_WORDS[figure]
        columns.append(Column(figure, "number", description, minimum=low, maximum=high))
        columns.append(Column(f"{figure}_low", "number", f"Lower bound of the interval of {figure}.", minimum=low, maximum=high))
        columns.append(Column(f"{figure}_high", "number", f"Upper bound of the interval of {figure}.", minimum=low, maximum=high))
        if figure in FIGURE_PARTS:
            columns.append(
                Column(
                    f"{figure}_status",
                    "string",
                    f"'ok', or 'too_few_sentences' when {figure} is withheld: it would rest on fewer than "
                    "score.min_sentences sentences or its interval would be wider than score.max_interval_width.",
                    enum=(SHOWN, TOO_FEW),
                )
            )
    for figure in FIGURES:
        _, low, high = _FIGURE_WORDS[figure]
        columns.append(
            Column(
                f"uncorrected_{figure}",
                "number",
                f"{figure} without the correction for classifier error: from the expected counts, never withheld.",
                minimum=low,
                maximum=high,
            )
        )
        for end, word in (("low", "Lower"), ("high", "Upper")):
            columns.append(
                Column(
                    f"uncorrected_{figure}_{end}",
                    "number",
                    f"{word} bound of the uncorrected interval: sentences resampled within documents only, "
                    "classifier error ignored.",
                    minimum=low,
                    maximum=high,
                )
            )
    columns.append(
        Column(
            "correction",
            "string",
            "'error_rates' when the figures are corrected for the classifier's error rates (score.correction), "
            "'none' when they are the uncorrected ones.",
            enum=("error_rates", "none"),
        )
    )
    return tuple(columns)


# ------------------------------------------------------------------ tables

SENTENCES = Table(
    name="sentences",
    title="Sentences with their labels",
    description=(
        "One row per analysed sentence: its place in the document, its text, the three codebook labels "
        "and the probability of every label."
    ),
    columns=(
        Column("doc_id", "string", "Document id (see documents).", required=True),
        Column("sent_index", "integer", "Position of the sentence in its document, from 0.", required=True, minimum=0),
        Column("start_char", "integer", "Offset of the sentence's first character in the document's clean text (Unicode characters, from 0).", required=True, minimum=0),
        Column("end_char", "integer", "Offset just after the sentence's last character (text[start_char:end_char] is the sentence).", required=True, minimum=0),
        Column("text", "string", "The sentence as it stands in the clean text.", required=True),
        Column("n_words", "integer", "Words in the sentence (tokens that are not punctuation).", required=True, minimum=0),
        Column("collab", "string", "Is the sentence about people or organisations working together?", required=True, enum=LABELS["collab"]),
        Column("register", "string", "Vocabulary in which collaboration is framed; empty when collab is 'no'.", enum=LABELS["register"]),
        Column("mode", "string", "Whether collaboration is claimed, practised or reflected on; empty when collab is 'no'.", enum=LABELS["mode"]),
        *PROBABILITY_COLUMNS,
        Column(
            "marker_ids",
            "string",
            "Lexicon markers found in the sentence, each id once, in order of first occurrence, separated by a space "
            "(details with offsets in the evidence table).",
        ),
        Column(
            "pitfall_ids",
            "string",
            "Pitfall markers found in the sentence (look-alikes that cancel a marker, such as 'samengevat'), "
            "separated by a space.",
        ),
    ),
    primary_key=("doc_id", "sent_index"),
    foreign_keys=(ForeignKey(("doc_id",), "documents", ("doc_id",)),),
)

DOCUMENT_METADATA = (
    ("title", "Title from the metadata table."),
    ("organisation", "Organisation that published the document."),
    ("organisation_type", "Kind of organisation (gemeente, ggd, welzijn, ...)."),
    ("genre", "Genre (beleid, blog, rapport, ...)."),
    ("subgenre", "Kind of document within the genre (beleidsnota, jaarverslag, ...)."),
    ("date", "Date of the document, YYYY-MM-DD as given in the metadata."),
    ("year", "Year of the document (from the metadata, or derived from date)."),
    ("author", "Author as given in the metadata."),
    ("place", "Place as given in the metadata."),
    ("source", "Where the document came from (a web address or archive reference)."),
)

DOCUMENTS = Table(
    name="documents",
    title="Documents with their figures",
    description=(
        "One row per document in the corpus, analysed or not, with its metadata (without the text), what "
        "ingestion found, and its figures with bootstrap intervals. Figures are empty for documents that were "
        "not analysed (included is false)."
    ),
    columns=(
        Column("doc_id", "string", "Unique id of the document, from the metadata table.", required=True),
        Column("file", "string", "Path of the file, relative to the corpus folder.", required=True),
        *(Column(name, "string", description) for name, description in DOCUMENT_METADATA),
        Column("extracted_title", "string", "Title found in the file itself, if any."),
        Column("detected_format", "string", "File format as detected from the content (pdf, docx, html, txt, ...)."),
        Column("encoding", "string", "Character encoding of text and web files."),
        Column("pages", "integer", "Pages, for PDF files.", minimum=0),
        Column("word_count", "integer", "Words in the clean text.", minimum=0),
        Column("language", "string", "Language detected in the clean text (ISO 639-1)."),
        Column("language_confidence", "number", "Confidence of the language detection.", minimum=0, maximum=1),
        Column("included", "boolean", "True when the document was analysed.", required=True),
        Column("exclusion_reason", "string", "Why the document was not analysed (in Dutch), when included is false."),
        Column("duplicate_of", "string", "doc_id of the document this one (nearly) duplicates."),
        Column("duplicate_kind", "string", "Kind of duplicate (exact or near)."),
        Column("duplicate_similarity", "number", "Estimated similarity to that document.", minimum=0, maximum=1),
        Column("warnings", "string", "Problems noticed while reading the file (in Dutch)."),
        Column("content_hash", "string", "SHA-256 of the clean text."),
        Column("file_sha256", "string", "SHA-256 of the file as read."),
        *score_columns(required=False),
    ),
    primary_key=("doc_id",),
    allows_extra_strings=True,
    extra_description="Column from the corpus metadata table, kept as text.",
)

GROUP_SCORES = Table(
    name="group_scores",
    title="Figures per group of documents",
    description=(
        "The figures for the whole corpus and for each value of every grouping column (score.group_by), with "
        "counts and intervals. A group's corrected interval resamples its documents as well as their sentences; "
        "the uncorrected one resamples each document's sentences only."
    ),
    columns=(
        Column("group_by", "string", "The column the documents are grouped by ('corpus' for all analysed documents).", required=True),
        Column("group", "string", "The value of that column; empty for documents without a value."),
        Column("n_documents", "integer", "Analysed documents in the group.", required=True, minimum=0),
        *score_columns(required=True),
    ),
)

EVIDENCE = Table(
    name="evidence",
    title="Evidence: markers and grammatical signals",
    description=(
        "Every lexicon marker and grammatical signal found in an analysed sentence, with its place in the "
        "document. These are what the classifier reads; they explain a label but do not decide it alone."
    ),
    columns=(
        Column("doc_id", "string", "Document id.", required=True),
        Column("sent_index", "integer", "Sentence the evidence is in (see sentences).", required=True, minimum=0),
        Column("kind", "string", "'marker' (an entry of the lexicon) or 'signal' (a grammatical feature).", required=True, enum=EVIDENCE_KINDS),
        Column("name", "string", "Marker id (category.name, as in the lexicon) or signal name (such as past_tense).", required=True),
        Column(
            "category",
            "string",
            "Lexicon category of a marker; 'not_<category>' for a pitfall marker; empty for a signal.",
            enum=MARKER_CATEGORIES + tuple(f"not_{category}" for category in MARKER_CATEGORIES),
        ),
        Column("start_char", "integer", "Offset of the match in the document's clean text.", required=True, minimum=0),
        Column("end_char", "integer", "Offset just after the match.", required=True, minimum=0),
        Column("text", "string", "The matched words as they stand in the text.", required=True),
    ),
    foreign_keys=(ForeignKey(("doc_id", "sent_index"), "sentences", ("doc_id", "sent_index")),),
)

TABLES: tuple[Table, ...] = (DOCUMENTS, SENTENCES, EVIDENCE, GROUP_SCORES)


# ------------------------------------------------------------------ shaping


def extra_columns(table: Table, frame: pd.DataFrame) -> list[str]:
    """Columns of ``frame`` that the table keeps after its fixed ones."""
    if not table.allows_extra_strings:
        return []
    fixed = set(table.column_names)
    return [name for name in frame.columns if name not in fixed]


def columns_of(table: Table, frame: pd.DataFrame) -> list[Column]:
    """The table's fixed columns plus any extra metadata columns of ``frame``."""
    extras = [Column(name, "string", table.extra_description) for name in extra_columns(table, frame)]
    return list(table.columns) + extras


def arrow_schema(columns: list[Column]) -> pa.Schema:
    return pa.schema([pa.field(column.name, ARROW_TYPES[column.type], nullable=not column.required) for column in columns])


def conform(table: Table, frame: pd.DataFrame) -> pa.Table:
    """``frame`` in the table's shape: fixed columns in order (absent ones
    null), extra metadata columns after them, each in its declared type.

    Empty strings become nulls because a CSV cannot tell them apart, and the
    CSV and Parquet files must hold the same values. NaN becomes null for
    the same reason.
    """
    columns = columns_of(table, frame)
    arrays = []
    for column in columns:
        values = frame[column.name] if column.name in frame.columns else pd.Series([None] * len(frame), index=frame.index)
        if column.type == "string":
            cleaned = [None if _missing(value) or str(value) == "" else str(value) for value in values]
            arrays.append(pa.array(cleaned, type=pa.string()))
        elif column.type == "integer":
            arrays.append(pa.array([None if _missing(value) else int(value) for value in values], type=pa.int64()))
        elif column.type == "number":
            arrays.append(pa.array([None if _missing(value) else float(value) for value in values], type=pa.float64()))
        elif column.type == "boolean":
            arrays.append(pa.array([None if _missing(value) else bool(value) for value in values], type=pa.bool_()))
        else:  # pragma: no cover - the schemas above use only these four types
            raise ValueError(f"unknown column type {column.type!r}")
    missing_required = [
        column.name for column, array in zip(columns, arrays, strict=True) if column.required and array.null_count
    ]
    if missing_required:
        raise ValueError(f"{table.name}: required columns with empty values: {', '.join(missing_required)}")
    return pa.Table.from_arrays(arrays, schema=arrow_schema(columns))


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


# ------------------------------------------------------------------ descriptor


def resource_descriptor(table: Table, columns: list[Column], path: str, file_format: str, suffix: str = "") -> dict[str, Any]:
    """A Tabular Data Resource for one file of a table. ``suffix`` tells the
    Parquet copy's resource name apart from the CSV's; its foreign keys
    point at resources of the same format."""
    schema: dict[str, Any] = {"fields": [column.descriptor() for column in columns], "missingValues": [""]}
    if file_format == "parquet":
        # frictionless reads Parquet through pandas, which turns a null in a
        # numeric column into NaN; "nan" makes it read as missing again.
        schema["missingValues"] = ["", "nan"]
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(key.fields),
                "reference": {"resource": key.resource + suffix, "fields": list(key.reference_fields)},
            }
            for key in table.foreign_keys
        ]
    resource: dict[str, Any] = {
        "name": table.name + suffix,
        "title": table.title + (" (Parquet)" if file_format == "parquet" else ""),
        "description": table.description,
        "path": path,
        "profile": "tabular-data-resource",
        "format": file_format,
    }
    if file_format == "csv":
        resource.update({"mediatype": "text/csv", "encoding": "utf-8", "dialect": {"delimiter": ",", "header": True}})
    else:
        resource["mediatype"] = "application/vnd.apache.parquet"
    resource["schema"] = schema
    return resource


# ------------------------------------------------------------------ checks


def table_problems(tables: dict[str, tuple[Table, list[Column], pa.Table]]) -> list[str]:
    """Every row of every table against its description, with Arrow's
    column operations: required values, enums, minimum and maximum, unique
    primary keys and foreign keys that point at existing rows.

    This is what frictionless checks row by row through Python; here it
    costs a pass per column, so the export's check grows with the corpus
    like writing it does. Types need no check: the columns were cast to
    their declared Arrow types when the table was shaped (:func:`conform`)."""
    import pyarrow.compute as pc

    problems = []
    for name, (table, columns, arrow) in tables.items():
        for column in columns:
            values = arrow.column(column.name)
            if column.required and values.null_count:
                problems.append(f"{name}.{column.name}: {values.null_count} empty values in a required column")
            if column.enum is not None:
                outside = pc.sum(pc.invert(pc.is_in(values, value_set=pa.array(column.enum)))).as_py() or 0
                outside -= values.null_count  # nulls are outside the set but allowed unless required
                if outside > 0:
                    problems.append(f"{name}.{column.name}: {outside} values outside {list(column.enum)}")
            if column.minimum is not None and (pc.sum(pc.less(values, column.minimum)).as_py() or 0):
                problems.append(f"{name}.{column.name}: values below {column.minimum}")
            if column.maximum is not None and (pc.sum(pc.greater(values, column.maximum)).as_py() or 0):
                problems.append(f"{name}.{column.name}: values above {column.maximum}")
        if table.primary_key:
            keys = arrow.select(list(table.primary_key)).group_by(list(table.primary_key)).aggregate([])
            if keys.num_rows != arrow.num_rows:
                problems.append(f"{name}: {arrow.num_rows - keys.num_rows} rows repeat a primary key {table.primary_key}")
        for key in table.foreign_keys:
            if key.resource not in tables:
                continue
            target = tables[key.resource][2].select(list(key.reference_fields))
            source = arrow.select(list(key.fields)).drop_null()
            renamed = target.rename_columns(list(key.fields)).group_by(list(key.fields)).aggregate([])
            unmatched = source.join(renamed, keys=list(key.fields), join_type="left anti").num_rows
            if unmatched:
                problems.append(f"{name}: {unmatched} rows whose {key.fields} is not in {key.resource}")
    return problems
