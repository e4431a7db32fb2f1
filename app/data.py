"""The explorer's one data layer: every page reads through here.

Tables are the pipeline's Parquet files, queried with DuckDB, so that a
selection (organisation, genre, years, a search word) is a SQL ``WHERE``
and stays fast on a corpus of a million sentences. Results are cached per
selection. Where a number needs computing for a group the pipeline did not
score in advance, the pipeline's own functions do it (``pipeline.figures.scores``,
``pipeline.figures.compare``, ``pipeline.figures.keyness``, ``pipeline.figures.agreement``).

Folders come from environment variables, so the tests can point the
explorer at a small pipeline output: ``SAMENSPRAAK_DATA`` (default
``data``), ``SAMENSPRAAK_MODELS`` (``models/classifier``),
``SAMENSPRAAK_LABELS`` (``corpora/labelled``), ``SAMENSPRAAK_REVIEWS``
(``corpora/lexicon_review.csv``), ``SAMENSPRAAK_PARAMS`` (``params.yaml``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

# The pipeline's heavier modules (spaCy, scikit-learn, SciPy) are imported
# where they are used, so that the overview opens without waiting for them.
from pipeline import lexicon_review, paths
from pipeline.codebook import FIELDS, LABELS
from pipeline.figures import compare
from pipeline.figures import scores as scoring
from pipeline.reading.clean import word_count
from pipeline.reading.formats import Extraction, ReadLimits, UnreadableFile, check_word_count, extract_bytes
from pipeline.settings import IngestSettings, ScoreSettings, load_settings

log = logging.getLogger("samenspraak.explorer")

# The views the explorer queries, on the pipeline's own files (pipeline.paths).
TABLES = {
    "documents": paths.DOCUMENTS.name,
    "sentences": paths.SENTENCES.name,
    "labels": paths.SENTENCE_LABELS.name,
    "evidence": paths.EVIDENCE.name,
    "features": paths.SENTENCE_FEATURES.name,
    "tokens": paths.TOKENS.name,
    "document_scores": paths.DOCUMENT_SCORES.name,
    "group_scores": paths.GROUP_SCORES.name,
    "document_topics": paths.DOCUMENT_TOPICS.name,
}
# Metadata a user may group or compare by (when the corpus has the column).
GROUP_COLUMNS = ("organisation", "organisation_type", "genre", "subgenre", "year", "author", "place", "format")
# The label table's columns, from the codebook: the labels and every label's probability.
LABEL_COLUMNS = ", ".join(
    [*FIELDS, *(f"p_collab_{label}" for label in LABELS["collab"][1:])]
    + [f"p_{field}_{label}" for field in ("register", "mode") for label in LABELS[field]]
)
# What the browser sends (``server.maxUploadSize`` in .streamlit/config.toml,
# which the server enforces too): more than the pipeline reads by default
# (ingest.max_file_mb), so that a file that is too large gets our Dutch
# explanation rather than Streamlit's English refusal.
ACCEPTED_UPLOAD_MB = 200


# ------------------------------------------------------------ where things are


def project_folder() -> Path | None:
    """The project the explorer was started in, when it shows that
    project's own outputs (``make demo``); None otherwise (a copy of the
    outputs, a test), where retraining would train the wrong thing."""
    repo = Path.cwd()
    if (repo / "dvc.yaml").exists() and data_dir().resolve() == (repo / paths.DATA).resolve():
        return repo
    return None


def data_dir() -> Path:
    return Path(os.environ.get("SAMENSPRAAK_DATA", str(paths.DATA)))


def models_dir() -> Path:
    return Path(os.environ.get("SAMENSPRAAK_MODELS", str(paths.MODELS)))


def labels_dir() -> Path:
    return Path(os.environ.get("SAMENSPRAAK_LABELS", str(paths.LABELLED)))


def review_path() -> Path:
    """The lexicon review file: in ``corpora/``, under version control, so
    that reviews are kept and shared like the labels (not among the
    pipeline's outputs in ``data/``)."""
    return Path(os.environ.get("SAMENSPRAAK_REVIEWS", str(paths.LEXICON_REVIEW)))


def _stamp() -> tuple:
    folder = data_dir()
    return (
        str(folder.resolve()),
        *(_mtime(folder / name) for name in TABLES.values()),
        _mtime(folder / paths.TOPICS.name),
        _mtime(models_dir() / paths.MANIFEST),
    )


def _mtime(path: Path) -> float:
    return path.stat().st_mtime if path.exists() else 0.0


_seen_stamp: tuple | None = None


def refresh() -> None:
    """Forget cached results when the pipeline has written new outputs (or
    the data folder changed); every page calls this first."""
    global _seen_stamp
    stamp = _stamp()
    if stamp != _seen_stamp:
        st.cache_data.clear()
        _seen_stamp = stamp


def has_data() -> bool:
    """Whether the score stage's outputs are all there: the tables and the
    documents' replicates every selection's intervals are summed from."""
    tables = all(
        (data_dir() / TABLES[name]).exists() for name in ("documents", "sentences", "labels", "document_scores")
    )
    return tables and (data_dir() / paths.BOOTSTRAP.name / "replicates.npy").exists()


def has_table(name: str) -> bool:
    return (data_dir() / TABLES[name]).exists()


@st.cache_resource(show_spinner=False)
def _connection(folder: str) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    for view, file_name in TABLES.items():
        path = Path(folder) / file_name
        if path.exists():
            quoted = str(path.resolve()).replace("'", "''")
            source = f"read_parquet('{quoted}')"
            connection.execute(f"CREATE VIEW {view} AS SELECT {_named_unknowns(connection, source)} FROM {source}")
    return connection


def _named_unknowns(connection: duckdb.DuckDBPyConnection, source: str) -> str:
    """The select list of a view: every column, with an empty grouping value
    (organisation, genre, ...) shown as '(onbekend)', as the score stage
    names that group, so that filters, tables and charts never offer a
    nameless choice."""
    columns = set(connection.execute(f"SELECT * FROM {source} LIMIT 0").df().columns)
    named = [c for c in GROUP_COLUMNS if c in columns and c != "year"]
    if not named:
        return "*"
    unknown = scoring.UNKNOWN_GROUP.replace("'", "''")
    replaced = ", ".join(f"COALESCE(NULLIF(TRIM(CAST({c} AS VARCHAR)), ''), '{unknown}') AS {c}" for c in named)
    return f"* REPLACE ({replaced})"


def query(sql: str, params: list | tuple = ()) -> pd.DataFrame:
    # A cursor per query: one DuckDB connection is shared by every session's thread.
    cursor = _connection(str(data_dir().resolve())).cursor()
    try:
        return cursor.execute(sql, list(params)).df()
    finally:
        cursor.close()


def score_params() -> ScoreSettings:
    """The ``score`` section of params.yaml (intervals must be described as
    the stage computed them); read again only when the file changes."""
    path = Path(os.environ.get("SAMENSPRAAK_PARAMS", str(paths.PARAMS)))
    return _score_params(str(path), _mtime(path))


def _grouped_by(columns) -> ScoreSettings:
    return score_params().model_copy(update={"group_by": list(columns)})


def confidence() -> float:
    """The intervals' level, as the score stage used it."""
    return score_params().confidence


def is_corrected() -> bool:
    """Whether figures are corrected for the model's errors."""
    return score_params().correction and error_models() is not None


def figure_rules() -> scoring.FigureRules:
    """When a selection's figure is given, as the score stage decides it for
    its groups: documents resampled, thin figures withheld ("te weinig
    zinnen"). Without corrected figures, the uncorrected method's rules."""
    return scoring.FigureRules.from_params(score_params(), corrected=is_corrected())


@st.cache_resource(show_spinner=False)
def _error_models(path: str, stamp: float, cut: float) -> dict[str, Any] | None:
    if not stamp:
        return None
    from pipeline.figures.correction import load_error_models

    return load_error_models(Path(path), cut)


def error_models() -> dict[str, Any] | None:
    """The classifier's error rates (pipeline.figures.correction), for figures the
    explorer computes itself; None when the model folder has none."""
    path = models_dir() / paths.OUT_OF_FOLD
    cut = score_params().correction_settings.confidence_cut
    return _error_models(str(path), _mtime(path), cut)


@st.cache_resource(show_spinner=False)
def _score_params(path: str, stamp: float) -> ScoreSettings:
    if not stamp:
        return ScoreSettings()
    return load_settings(path).score


def ingest_settings() -> IngestSettings:
    """The ``ingest`` section of params.yaml: an uploaded file is read within
    the limits the pipeline reads a corpus file with (size, size unpacked,
    compression ratio, words)."""
    path = Path(os.environ.get("SAMENSPRAAK_PARAMS", str(paths.PARAMS)))
    return _ingest_settings(str(path), _mtime(path))


@st.cache_resource(show_spinner=False)
def _ingest_settings(path: str, stamp: float) -> IngestSettings:
    if not stamp:
        return IngestSettings()
    return load_settings(path).ingest


def upload_limits() -> ReadLimits:
    """Size, unpacked size and compression ratio, as ingestion applies them."""
    return ReadLimits.from_settings(ingest_settings())


def upload_limit_mb() -> float:
    """The largest file the upload page reads, in MB: the pipeline's limit,
    or the browser's when that is lower."""
    return min(upload_limits().max_bytes / 2**20, ACCEPTED_UPLOAD_MB)


# ------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Selection:
    """The sidebar's filters; applies to every page."""

    organisations: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.organisations or self.genres or self.years or self.text.strip())


@dataclass(frozen=True)
class Group:
    """One side of a comparison: documents whose ``column`` is one of ``values``."""

    column: str
    values: tuple[str, ...] = field(default_factory=tuple)


def selection_sql(selection: Selection, alias: str = "d") -> tuple[str, list]:
    """SQL condition on the documents table (and its parameters)."""
    conditions, params = [f"{alias}.included"], []
    if selection.organisations:
        conditions.append(f"list_contains(?, {alias}.organisation)")
        params.append(list(selection.organisations))
    if selection.genres:
        conditions.append(f"list_contains(?, {alias}.genre)")
        params.append(list(selection.genres))
    if selection.years:
        conditions.append(f"TRY_CAST({alias}.year AS INTEGER) BETWEEN ? AND ?")
        params.extend([int(selection.years[0]), int(selection.years[1])])
    if selection.text.strip():
        conditions.append(f"(contains(lower({alias}.title), ?) OR contains(lower({alias}.text), ?))")
        params.extend([selection.text.strip().lower()] * 2)
    return " AND ".join(conditions), params


def _selected(selection: Selection, group: Group | None = None) -> tuple[str, list]:
    """A sub-query of the selected document ids."""
    where, params = selection_sql(selection)
    if group is not None:
        if group.column not in GROUP_COLUMNS:
            raise ValueError(f"unknown column {group.column!r}")
        where += f" AND list_contains(?, CAST(d.{group.column} AS VARCHAR))"
        params.append(list(group.values))
    return f"SELECT d.doc_id FROM documents d WHERE {where}", params


@st.cache_data(show_spinner=False)
def filter_options() -> dict[str, Any]:
    documents = query("SELECT organisation, genre, TRY_CAST(year AS INTEGER) AS year FROM documents WHERE included")
    years = documents["year"].dropna()
    return {
        "organisations": sorted(documents["organisation"].dropna().unique()),
        "genres": sorted(documents["genre"].dropna().unique()),
        "years": (int(years.min()), int(years.max())) if len(years) else None,
    }


@st.cache_data(show_spinner=False)
def group_columns() -> list[str]:
    columns = set(query("SELECT * FROM documents LIMIT 0").columns)
    return [c for c in GROUP_COLUMNS if c in columns]


@st.cache_data(show_spinner=False)
def group_values(selection: Selection, column: str) -> list[str]:
    if column not in GROUP_COLUMNS:
        raise ValueError(f"unknown column {column!r}")
    where, params = selection_sql(selection)
    values = query(
        f"SELECT DISTINCT CAST(d.{column} AS VARCHAR) AS v FROM documents d WHERE {where} AND d.{column} IS NOT NULL "
        f"AND CAST(d.{column} AS VARCHAR) <> '' ORDER BY v",
        params,
    )
    return list(values["v"])


# ---------------------------------------------------------------- the corpus


@st.cache_data(show_spinner=False)
def corpus_counts(selection: Selection) -> dict[str, int]:
    ids, params = _selected(selection)
    row = query(
        f"SELECT count(DISTINCT l.doc_id) AS documents, count(*) AS sentences, "
        f"count(*) FILTER (WHERE l.collab = 'yes') AS collab FROM labels l WHERE l.doc_id IN ({ids})",
        params,
    ).iloc[0]
    return {key: int(row[key]) for key in ("documents", "sentences", "collab")}


@st.cache_data(show_spinner=False)
def document_scores(selection: Selection, group: Group | None = None) -> pd.DataFrame:
    """The pipeline's figures of each selected document (of ``group``'s,
    when given)."""
    ids, params = _selected(selection, group)
    return query(f"SELECT * FROM document_scores WHERE doc_id IN ({ids}) ORDER BY doc_id", params)


@st.cache_resource(show_spinner=False)
def _replicates(folder: str, stamp: tuple) -> scoring.Replicates | None:
    """The documents' bootstrap replicates of the score stage (memory-mapped)."""
    return scoring.Replicates.load(Path(folder) / "bootstrap")


def _stored_replicates() -> scoring.Replicates:
    """The score stage always writes them; the explorer opens only when they
    are there (:func:`has_data`)."""
    replicates = _replicates(str(data_dir()), _stamp())
    if replicates is None:
        raise FileNotFoundError(f"{data_dir() / paths.BOOTSTRAP.name} is missing: run `dvc repro score`")
    return replicates


@st.cache_data(show_spinner="Cijfers berekenen…")
def group_scores(selection: Selection, columns: tuple[str, ...] = ("organisation",)) -> pd.DataFrame:
    """Figures of the selection as a whole and per group of ``columns``,
    with intervals. For the whole corpus those of the ``score`` stage; for
    a selection from the stage's stored bootstrap replicates of the
    selected documents. Only the asked-for columns are computed: each
    costs a pass over the selection's replicates."""
    replicates = _stored_replicates()  # mapped now, so the first selection does not wait for it
    if selection.is_empty:
        return query(
            "SELECT * FROM group_scores WHERE group_by = 'corpus' OR list_contains(?, group_by)", [list(columns)]
        )
    # A selection's replicates are the sums of its documents', so no
    # sentence is resampled again.
    documents = document_scores(selection)
    if documents.empty:
        return pd.DataFrame()
    return scoring.group_rows(documents, replicates, [c for c in columns if c in documents.columns], figure_rules())


def corpus_figures(selection: Selection) -> dict[str, Any] | None:
    groups = group_scores(selection)
    if groups.empty:
        return None
    return groups[groups["group_by"] == "corpus"].iloc[0].to_dict()


def organisation_ranking(selection: Selection) -> pd.DataFrame:
    """Organisations, most claims over practice first."""
    groups = group_scores(selection)
    if groups.empty:
        return groups
    table = groups[groups["group_by"] == "organisation"].copy()
    return table.sort_values("claim_practice_gap", ascending=False, na_position="last").reset_index(drop=True)


@st.cache_data(show_spinner=False)
def selection_sentences(
    selection: Selection,
    organisation: str | None = None,
    mode: str | None = None,
    only_collab: bool = True,
    limit: int = 500,
) -> pd.DataFrame:
    """Sentences of the selection (optionally of one organisation and mode),
    the model's most certain first."""
    ids, params = _selected(selection)
    conditions = [f"l.doc_id IN ({ids})"]
    if organisation:
        conditions.append("d.organisation = ?")
        params.append(organisation)
    if only_collab:
        conditions.append("l.collab = 'yes'")
    if mode:
        conditions.append("l.mode = ?")
        params.append(mode)
    order = (
        f"l.p_mode_{mode} * l.p_collab_yes DESC"
        if mode in ("claimed", "practised", "reflective")
        else "l.doc_id, l.sent_index"
    )
    return query(
        f"SELECT d.organisation, d.title, l.doc_id, l.sent_index, s.text, {LABEL_COLUMNS} FROM labels l "
        f"JOIN sentences s USING (doc_id, sent_index) JOIN documents d USING (doc_id) "
        f"WHERE {' AND '.join(conditions)} ORDER BY {order} LIMIT {int(limit)}",
        params,
    )


# ------------------------------------------------------------- one document


@st.cache_data(show_spinner=False)
def document_list(selection: Selection) -> pd.DataFrame:
    where, params = selection_sql(selection)
    return query(
        f"SELECT d.doc_id, d.title, d.organisation, d.genre, d.year FROM documents d WHERE {where} "
        f"ORDER BY d.organisation, d.year, d.title",
        params,
    )


@st.cache_data(show_spinner=False)
def document(doc_id: str) -> dict[str, Any]:
    rows = query("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
    return rows.iloc[0].to_dict() if len(rows) else {}


@st.cache_data(show_spinner=False)
def document_score(doc_id: str) -> dict[str, Any]:
    rows = query("SELECT * FROM document_scores WHERE doc_id = ?", [doc_id])
    return rows.iloc[0].to_dict() if len(rows) else {}


@st.cache_data(show_spinner=False)
def document_sentences(doc_id: str) -> pd.DataFrame:
    return query(
        f"SELECT s.sent_index, s.start_char, s.end_char, s.text, {LABEL_COLUMNS} FROM sentences s "
        f"JOIN labels l USING (doc_id, sent_index) WHERE s.doc_id = ? ORDER BY s.sent_index",
        [doc_id],
    )


@st.cache_data(show_spinner=False)
def document_evidence(doc_id: str) -> pd.DataFrame:
    """The lexicon markers found in a document (offsets into its text)."""
    if not has_table("evidence"):
        return pd.DataFrame(columns=["sent_index", "name", "category", "start_char", "end_char", "text"])
    return query(
        "SELECT sent_index, name, category, start_char, end_char, text FROM evidence "
        "WHERE doc_id = ? AND kind = 'marker' ORDER BY start_char, end_char DESC",
        [doc_id],
    )


@st.cache_data(show_spinner=False)
def document_topic_shares(doc_id: str) -> pd.DataFrame:
    if not has_table("document_topics"):
        return pd.DataFrame(columns=["topic", "share"])
    return query("SELECT topic, share FROM document_topics WHERE doc_id = ? ORDER BY share DESC", [doc_id])


@st.cache_resource(show_spinner=False)
def _lexicon(model_folder: str):
    from pipeline.lexicon import load_lexicon

    copy = Path(model_folder) / "lexicon"
    return load_lexicon(copy) if copy.is_dir() else load_lexicon()


def marker_glosses() -> dict[str, str]:
    """Marker id -> its gloss, from the lexicon the model was trained with."""
    return {marker.id: marker.gloss for marker in _lexicon(str(models_dir())).markers}


# ---------------------------------------------------------------- comparing


@st.cache_data(show_spinner="Groepen vergelijken…")
def compare_groups(selection: Selection, group_a: Group, group_b: Group) -> pd.DataFrame:
    """Figures of A and B and of A - B, each with its interval, from the
    score stage's stored replicates of their documents."""
    replicates = _stored_replicates()
    seed = figure_rules().resample_seed
    a, b = (compare.totals_from_documents(document_scores(selection, g), replicates, seed) for g in (group_a, group_b))
    return compare.compare_totals(a, b, confidence())


@st.cache_data(show_spinner="Trend berekenen…")
def yearly_trend(selection: Selection, group_a: Group, group_b: Group) -> pd.DataFrame:
    """Per group and year: the figures with intervals (``pipeline.figures.scores``)."""
    replicates = _stored_replicates()
    frames = []
    for name, group in (("A", group_a), ("B", group_b)):
        documents = document_scores(selection, group)
        if documents.empty or "year" not in documents:
            continue
        groups = scoring.group_rows(documents, replicates, ["year"], figure_rules(), include_corpus=False)
        frames.append(groups[groups["group_by"] == "year"].assign(side=name))
    if not frames:
        return pd.DataFrame()
    trend = pd.concat(frames, ignore_index=True)
    trend["year"] = pd.to_numeric(trend["group"], errors="coerce")
    return trend.dropna(subset=["year"])


def _lemma_counts(selection: Selection, group: Group) -> dict[str, int]:
    # Lemmas with at least one letter: numbers and stray symbols say nothing
    # about how a group writes.
    ids, params = _selected(selection, group)
    counts = query(
        f"SELECT lemma, count(*) AS n FROM (SELECT unnest(string_split(f.lemma_text, ' ')) AS lemma "
        f"FROM features f WHERE f.doc_id IN ({ids})) WHERE regexp_matches(lemma, '\\pL') GROUP BY lemma",
        params,
    )
    return dict(zip(counts["lemma"], counts["n"].astype(int)))


@st.cache_data(show_spinner="Kenmerkende woorden zoeken…")
def keyness_table(selection: Selection, group_a: Group, group_b: Group, min_count: int = 3) -> pd.DataFrame:
    from pipeline.figures import keyness

    return keyness.keyness(_lemma_counts(selection, group_a), _lemma_counts(selection, group_b), min_count=min_count)


# -------------------------------------------------------------- concordance


def _word_pattern(phrase: str) -> tuple[str, str]:
    """(RE2 pattern for DuckDB, Python pattern) for a word or phrase; a
    ``*`` at the end of a word stands for any ending."""
    sql_parts, py_parts = [], []
    for word in phrase.split():
        stem, wildcard = word.rstrip("*"), word.endswith("*")
        sql_parts.append(re.escape(stem) + (r"[\pL\pN]*" if wildcard else ""))
        py_parts.append(re.escape(stem) + (r"\w*" if wildcard else ""))
    sql = r"(^|[^\pL\pN])" + r"\s+".join(sql_parts) + r"([^\pL\pN]|$)"
    return "(?i)" + sql, r"(?<!\w)" + r"\s+".join(py_parts) + r"(?!\w)"


@st.cache_data(show_spinner="Zoeken…")
def concordance(
    selection: Selection,
    phrase: str,
    by_lemma: bool = False,
    collab: str | None = None,
    register: str | None = None,
    mode: str | None = None,
    limit: int = 2000,
) -> tuple[pd.DataFrame, int]:
    """Keyword in context: every occurrence of a word, phrase or lemma
    sequence in the selection, with the sentence's labels. Returns the
    first ``limit`` hits and the number of matching sentences."""
    phrase = phrase.strip()
    if not phrase:
        return pd.DataFrame(), 0
    ids, params = _selected(selection)
    label_conditions, label_params = [], []
    for column, value in (("collab", collab), ("register", register), ("mode", mode)):
        if value:
            label_conditions.append(f"l.{column} = ?")
            label_params.append(value)
    label_where = "".join(f" AND {c}" for c in label_conditions)
    columns = f"l.doc_id, l.sent_index, s.text AS sentence, s.start_char AS sentence_start, d.title, d.organisation, {LABEL_COLUMNS}"
    joins = "FROM labels l JOIN sentences s USING (doc_id, sent_index) JOIN documents d USING (doc_id)"

    if by_lemma:
        lemmas = phrase.lower().split()
        tokens = [f"t{i}" for i in range(len(lemmas))]
        token_joins = "".join(
            f" JOIN tokens {t} ON {t}.doc_id = t0.doc_id AND {t}.sent_index = t0.sent_index "
            f"AND {t}.token_index = t0.token_index + {i}"
            for i, t in enumerate(tokens)
            if i
        )
        # Lemmas are compared without their particle and compound boundaries:
        # the tagger stores 'af_stemmen', a person types 'afstemmen'.
        lemma_where = " AND ".join(f"replace(lower({t}.lemma), '_', '') LIKE ? ESCAPE '\\'" for t in tokens)
        like = [_like(lemma.replace("_", "")) for lemma in lemmas]
        hits = query(
            f"WITH hits AS (SELECT t0.doc_id, t0.sent_index, t0.start_char AS hit_start, {tokens[-1]}.end_char AS hit_end "
            f"FROM tokens t0{token_joins} WHERE {lemma_where} AND t0.doc_id IN ({ids})) "
            f"SELECT {columns}, h.hit_start - s.start_char AS start, h.hit_end - s.start_char AS stop "
            f"{joins} JOIN hits h USING (doc_id, sent_index) WHERE TRUE{label_where} "
            f"ORDER BY l.doc_id, l.sent_index, start",
            like + params + label_params,
        )
    else:
        sql_pattern, py_pattern = _word_pattern(phrase)
        # Each word's literal part must occur in the lower-cased sentence:
        # a cheap substring test that lets the regular expression see only
        # the few sentences that can match (the same sentences come out).
        stems = [stem for stem in (word.rstrip("*").lower() for word in phrase.split()) if stem]
        contains = " AND contains(lower(s.text), ?)" * len(stems)
        sentences = query(
            f"SELECT {columns} {joins} WHERE l.doc_id IN ({ids}){contains} AND regexp_matches(s.text, ?){label_where} "
            f"ORDER BY l.doc_id, l.sent_index",
            params + stems + [sql_pattern] + label_params,
        )
        compiled = re.compile(py_pattern, re.IGNORECASE)
        rows, starts, stops = [], [], []
        for row, text in enumerate(sentences["sentence"]):
            for match in compiled.finditer(text):
                rows.append(row)
                starts.append(match.start())
                stops.append(match.end())
        hits = sentences.iloc[rows].reset_index(drop=True).assign(start=starts, stop=stops)
    n_hits = len(hits)
    hits = hits.head(limit).copy()
    hits["left"] = [s[: int(a)] for s, a in zip(hits["sentence"], hits["start"])]
    hits["match"] = [s[int(a) : int(b)] for s, a, b in zip(hits["sentence"], hits["start"], hits["stop"])]
    hits["right"] = [s[int(b) :] for s, b in zip(hits["sentence"], hits["stop"])]
    return hits, n_hits


def _like(lemma: str) -> str:
    escaped = lemma.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped[:-1] + "%" if escaped.endswith("*") else escaped


def sort_concordance(hits: pd.DataFrame, by: str) -> pd.DataFrame:
    """Sort by the words nearest the match: leftwards or rightwards."""
    if hits.empty or by not in ("left", "right"):
        return hits
    if by == "left":
        key = [" ".join(reversed(re.findall(r"\w+", left.lower()))) for left in hits["left"]]
    else:
        key = [" ".join(re.findall(r"\w+", right.lower())) for right in hits["right"]]
    return hits.assign(_key=key).sort_values("_key", kind="stable").drop(columns="_key")


# ------------------------------------------------------------------- topics


@st.cache_data(show_spinner=False)
def topics() -> list[dict[str, Any]]:
    path = data_dir() / paths.TOPICS.name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else []


@st.cache_data(show_spinner=False)
def topic_documents(selection: Selection, topic: int, n: int = 5) -> pd.DataFrame:
    if not has_table("document_topics"):
        return pd.DataFrame()
    ids, params = _selected(selection)
    return query(
        f"SELECT t.doc_id, d.title, d.organisation, d.genre, d.year, t.share FROM document_topics t "
        f"JOIN documents d USING (doc_id) WHERE t.topic = ? AND t.share >= 0.005 AND t.doc_id IN ({ids}) "
        f"ORDER BY t.share DESC LIMIT {int(n)}",
        [int(topic)] + params,
    )


@st.cache_data(show_spinner=False)
def lexicon_candidates() -> pd.DataFrame:
    path = data_dir() / paths.LEXICON_CANDIDATES.name
    if not path.exists():
        return pd.DataFrame(columns=["category", "candidate", "similarity", "frequency", "nearest_markers", "examples"])
    return pd.read_csv(path, keep_default_na=False)


# Which label a lexicon category is evidence for.
_CATEGORY_LABEL = {
    "collaboration": ("collab", "yes"),
    "coordination": ("register", "coordination"),
    "dialogue": ("register", "dialogue"),
    "claim": ("mode", "claimed"),
    "practice": ("mode", "practised"),
    "reflective": ("mode", "reflective"),
}
# A candidate whose sentences carry its category's label no more often than
# sentences in general says nothing about it: a word of the genre
# ("betekenen", "manier"), however near its vector lies.
MIN_LIFT = 1.25
# A candidate mostly tagged as a proper noun is a name (a place, a person,
# an organisation), not a way of writing about collaboration.
MAX_NAME_SHARE = 0.5
PRIOR_SENTENCES = 5


@st.cache_data(show_spinner=False)
def ranked_candidates() -> pd.DataFrame:
    """The lexicon candidates by usefulness, noise apart.

    ``lift``: how much more often the candidate's sentences carry the label
    its category stands for than sentences in general (the model's labels,
    over the whole corpus). ``usefulness`` = similarity × lift × log(1 +
    frequency): near the lexicon, telling, and not a one-off. ``noise``
    names why a candidate is demoted: a name, or a word of the genre."""
    import numpy as np

    candidates = lexicon_candidates()
    if candidates.empty:
        return candidates.assign(lift=[], name_share=[], usefulness=[], noise=[])
    rows = []
    for category, (label_field, value) in _CATEGORY_LABEL.items():
        terms = list(candidates.loc[candidates["category"] == category, "candidate"])
        if not terms:
            continue
        # Candidates are lemmas; a multiword candidate ('onderwijs_jeugdhulp')
        # or a separable verb ('af_stemmen') is matched as the tagger stored it.
        found = query(
            f"""WITH hits AS (
                  SELECT DISTINCT t.lemma, t.doc_id, t.sent_index, t.upos = 'PROPN' AS name
                  FROM tokens t WHERE list_contains(?, t.lemma))
                SELECT h.lemma AS candidate, count(*) AS n, avg(CAST(coalesce(l.{label_field} = ?, false) AS DOUBLE)) AS rate,
                       avg(CAST(h.name AS DOUBLE)) AS name_share
                FROM hits h JOIN labels l USING (doc_id, sent_index) GROUP BY h.lemma""",
            [terms, value],
        )
        base = float(
            query(f"SELECT avg(CAST(coalesce({label_field} = ?, false) AS DOUBLE)) AS r FROM labels", [value])[
                "r"
            ].iloc[0]
            or 0
        )
        # Shrunk toward the base rate: three sentences that happen to carry
        # the label are weaker evidence than thirty.
        rate = (found["rate"] * found["n"] + base * PRIOR_SENTENCES) / (found["n"] + PRIOR_SENTENCES)
        rows.append(found.assign(category=category, lift=rate / base if base else np.nan))
    measured = pd.concat(rows) if rows else pd.DataFrame(columns=["category", "candidate", "lift", "name_share"])
    ranked = candidates.merge(measured[["category", "candidate", "lift", "name_share"]], how="left")
    ranked["lift"] = ranked["lift"].fillna(0.0)
    ranked["name_share"] = ranked["name_share"].fillna(0.0)
    ranked["usefulness"] = ranked["similarity"] * ranked["lift"] * np.log1p(ranked["frequency"])
    ranked["noise"] = np.where(
        ranked["name_share"] > MAX_NAME_SHARE, "naam", np.where(ranked["lift"] < MIN_LIFT, "algemeen woord", "")
    )
    return ranked.sort_values(["category", "usefulness"], ascending=[True, False], ignore_index=True)


def lexicon_reviews() -> pd.DataFrame:
    """Verdicts given so far, the latest per candidate (not cached: it
    changes while the page is open)."""
    return lexicon_review.read_reviews(review_path())


def save_reviews(verdicts: list[tuple[str, str, str]], reviewer: str) -> int:
    """Append accept/reject verdicts to the review file the lexicon
    maintainer merges (format: :mod:`pipeline.lexicon_review`)."""
    return lexicon_review.append_reviews(review_path(), verdicts, reviewer)


# --------------------------------------------------------------- annotating


def annotator_file(annotator: str) -> Path:
    from pipeline.model.label_files import annotator_file as file_of

    return file_of(labels_dir(), annotator)


def _label_lines(paths: list[Path]) -> pd.DataFrame:
    """Valid label lines, read by the package's reader; a bad line is left
    out and logged with its file and line (the training stage reports the
    same lines), never dropped in silence."""
    from pipeline.model.label_files import read_label_lines

    frame, problems = read_label_lines(paths)
    for problem in problems:
        log.warning("label line skipped: %s line %s: %s", problem.file, problem.line, problem.message)
    return frame


def human_labels() -> pd.DataFrame:
    """Every valid label line in the labels folder, in file order, with the
    annotator (not cached: annotators add lines while the page is open)."""
    from pipeline.model.label_files import labelled_files

    folder = labels_dir()
    frame = _label_lines(labelled_files(folder) if folder.is_dir() else [])
    frame["annotator"] = frame["annotator"].where(frame["annotator"] != "", frame["source_file"].str[:-6])
    return frame[["id", "doc", "collab", "register", "mode", "annotator"]].reset_index(drop=True)


def labelled_ids(annotator: str) -> list[str]:
    path = annotator_file(annotator)
    return list(_label_lines([path])["id"]) if path.exists() else []


def annotation_queue(selection: Selection, exclude: list[str], n: int = 1) -> pd.DataFrame:
    """The sentences the model is least sure about (the policy:
    :mod:`pipeline.model.annotation_queue`), with the sentences before and
    after for context."""
    from pipeline.model.annotation_queue import ranking_sql

    ids, params = _selected(selection)
    collab, detail, order = ranking_sql()
    # The top sentences first, then the context of just those (a window over
    # every selected sentence costs more than the rest of the query).
    return query(
        f"WITH top AS (SELECT s.doc_id, s.sent_index, s.text, d.title, d.organisation, {LABEL_COLUMNS}, "
        f"{collab} AS collab_entropy, {detail} AS detail_entropy "
        f"FROM sentences s JOIN labels l USING (doc_id, sent_index) JOIN documents d USING (doc_id) "
        f"WHERE s.doc_id IN ({ids}) AND NOT list_contains(?, s.doc_id || ':' || CAST(s.sent_index AS VARCHAR)) "
        f"ORDER BY {order} LIMIT {int(n)}), "
        f"ctx AS (SELECT doc_id, sent_index, lag(text) OVER w AS before, lead(text) OVER w AS after "
        f"FROM sentences WHERE doc_id IN (SELECT doc_id FROM top) WINDOW w AS (PARTITION BY doc_id ORDER BY sent_index)) "
        f"SELECT t.doc_id, t.sent_index, t.text, c.before, c.after, t.title, t.organisation, {LABEL_COLUMNS}, "
        f"t.collab_entropy, t.detail_entropy FROM top t JOIN ctx c USING (doc_id, sent_index) ORDER BY {order}",
        params + [list(exclude)],
    )


def save_label(
    annotator: str, doc_id: str, sent_index: int, text: str, collab: str, register: str | None, mode: str | None
) -> Path:
    """Append one label line (``id`` = ``<doc_id>:<sent_index>``)."""
    from pipeline.model.label_files import append_labels, sentence_label

    path = annotator_file(annotator)
    append_labels(path, [sentence_label(annotator, doc_id, sent_index, text, collab, register, mode)])
    return path


def model_agreement(annotator: str) -> pd.DataFrame:
    """Per field, how often the model gave this annotator's label."""
    from pipeline.figures import agreement

    labels = human_labels()
    mine = labels[labels["annotator"] == annotator.strip()].drop_duplicates("id", keep="last")
    mine = mine[mine["id"].str.contains(":", regex=False)]
    if mine.empty:
        return agreement.agreement_with_model(mine, mine)
    keys = mine["id"].str.rsplit(":", n=1, expand=True)
    pairs = pd.DataFrame({"id": mine["id"], "doc_id": keys[0], "sent_index": pd.to_numeric(keys[1], errors="coerce")})
    model = query(
        "SELECT l.doc_id, l.sent_index, l.collab, l.register, l.mode FROM labels l "
        "JOIN (SELECT unnest(?) AS doc_id, unnest(?) AS sent_index) p USING (doc_id, sent_index)",
        [list(pairs["doc_id"]), [int(x) for x in pairs["sent_index"].fillna(-1)]],
    )
    model["id"] = model["doc_id"] + ":" + model["sent_index"].astype(str)
    return agreement.agreement_with_model(mine, model)


def annotator_kappas() -> pd.DataFrame:
    from pipeline.figures import agreement

    return agreement.pairwise_kappa(human_labels())


# ------------------------------------------------------------ one new file


# The model and the NLP pipeline, loaded once per server process and shared
# by every session. Loading them (with scikit-learn and spaCy) takes 5-12 s
# on a cold machine, so the upload page starts it in the background as soon
# as it opens, while the user is still choosing a file.
_models: dict[tuple[str, float], Any] = {}
_models_lock = threading.Lock()


def _model_key(model_folder: str) -> tuple[str, float]:
    return model_folder, _mtime(Path(model_folder) / paths.MANIFEST)


def _classifier(model_folder: str):
    key = _model_key(model_folder)
    with _models_lock:  # a second caller waits for the load under way
        if key not in _models:
            # Every import the analysis needs happens here, under the lock:
            # two threads importing spaCy at once can see it half-initialised.
            import pipeline.model.labelling  # noqa: F401
            from pipeline.model.classifier import SentenceClassifier
            from pipeline.nlp import load_nlp

            classifier = SentenceClassifier.load(model_folder)
            _models.clear()
            _models[key] = classifier, load_nlp(str(classifier.manifest.get("nlp_model", "default")))
        return _models[key]


def classifier_ready() -> bool:
    """Whether the current model is loaded (the first analysis waits for it)."""
    return _model_key(str(models_dir())) in _models


def load_classifier() -> None:
    """Load the current model now (waits for a load under way)."""
    _classifier(str(models_dir()))


def warm_classifier() -> None:
    """Start loading the model in a background thread (once)."""
    folder = str(models_dir())
    if _model_key(folder) in _models or _models_lock.locked():
        return

    def load() -> None:
        try:
            _classifier(folder)
        except Exception:  # noqa: BLE001  (reported when a file is analysed, in Dutch)
            pass

    threading.Thread(target=load, name="samenspraak-model", daemon=True).start()


def read_upload(file_name: str, content: bytes) -> Extraction:
    """Read an uploaded file as the pipeline reads a corpus file, within the
    same limits. Raises ``UnreadableFile`` (its ``reason`` in plain Dutch)
    for a file that is refused or gives no text."""
    settings = ingest_settings()
    return _read_upload(file_name, content, ReadLimits.from_settings(settings), settings.max_words)


@st.cache_data(show_spinner=False, max_entries=4)
def _read_upload(file_name: str, content: bytes, limits: ReadLimits, max_words: int) -> Extraction:
    # From memory only: the upload is never written to disk, not even to a
    # temporary file (Streamlit keeps it in memory, and this cache holds
    # results in memory too: st.cache_data persists nothing by default).
    extraction = extract_bytes(content, file_name, limits)
    check_word_count(word_count(extraction.text), max_words)
    if not extraction.text.strip():
        raise UnreadableFile("skipped", "er staat geen leesbare tekst in het bestand")
    return extraction


@st.cache_data(show_spinner=False, max_entries=8)
def analyse_text(text: str) -> dict[str, Any]:
    """Label a read upload's text with the current model, without the
    pipeline: its sentences with labels, and the document's figures."""
    classifier, nlp = _classifier(str(models_dir()))  # waits for a load under way
    from pipeline.model.labelling import label_text

    labels = label_text(classifier, nlp, text, doc_id="upload")
    if labels.empty:
        raise UnreadableFile("skipped", "er staat geen leesbare tekst in het bestand")
    document_scores, _, _ = scoring.score(
        labels.drop(columns=["evidence", "text"]),
        pd.DataFrame({"doc_id": ["upload"]}),
        _grouped_by([]),
        error_models(),
    )
    return {"labels": labels, "figures": document_scores.iloc[0].to_dict()}
