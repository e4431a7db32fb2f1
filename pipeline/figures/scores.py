"""DVC stage ``score``: the codebook's figures per document and per group,
each with its sentence counts and a bootstrap interval.

Figures (over collaboration sentences, as the codebook defines them):

- claim-practice gap = (claimed - practised) / (claimed + practised)
- coordination-dialogue balance = (coordination - dialogue) / (coordination + dialogue)
- collaboration density = collaboration sentences per 1,000 words

By default (``score.use_probabilities``) the counts are expected counts: a
sentence contributes P(collab) x P(mode | collab) to 'claimed', and so on.
A sentence the model is unsure about then counts as partly claimed and
partly practised instead of tipping a small document's figure on a coin
toss. Hard-label counts are reported next to them either way.

Corrected figures (``score.correction``, the default): the counts are
corrected for the classifier's measured error rates (:mod:`pipeline.figures.correction`),
and each replicate carries sentence resampling, the uncertainty of those
error rates and of which sentence is which. For a group, its documents are
resampled as well (a group of twelve documents says less than one of four
hundred), on top of the sum of its documents' replicates. A figure whose
count (claimed + practised, or coordination + dialogue) is below
``score.min_sentences``, or whose interval is wider than
``score.max_interval_width``, is not given: its status says
``too_few_sentences`` ("te weinig zinnen" in the explorer).

Uncorrected figures stay beside them (``uncorrected_*`` columns): expected
counts from the probabilities, sentences resampled within each document and
a group's documents summed, as before the correction, so that a reader can
see what the correction did.
"""

from __future__ import annotations

import json
import logging
import mmap
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.figures.correction import NONE, FieldErrorModel, correct_counts, label_counts
from pipeline.settings import CorrectionSettings, ScoreSettings

log = logging.getLogger("samenspraak.score")

# Quantities summed over sentences; the figures are ratios of these.
QUANTITIES = ("collab", "claimed", "practised", "reflective", "coordination", "dialogue", "mixed", "unmarked", "words")
FIGURES = ("claim_practice_gap", "coordination_dialogue_balance", "collaboration_density")


def sentence_weights(labels: pd.DataFrame, use_probabilities: bool) -> pd.DataFrame:
    """Per sentence, how much it adds to each quantity."""
    weights = pd.DataFrame(index=labels.index)
    if use_probabilities:
        p_collab = labels["p_collab_yes"].to_numpy()
        weights["collab"] = p_collab
        for mode in ("claimed", "practised", "reflective"):
            weights[mode] = p_collab * labels[f"p_mode_{mode}"].to_numpy()
        for register in ("coordination", "dialogue", "mixed", "unmarked"):
            weights[register] = p_collab * labels[f"p_register_{register}"].to_numpy()
    else:
        collab = (labels["collab"] == "yes").to_numpy(dtype=float)
        weights["collab"] = collab
        for mode in ("claimed", "practised", "reflective"):
            weights[mode] = collab * (labels["mode"] == mode).to_numpy(dtype=float)
        for register in ("coordination", "dialogue", "mixed", "unmarked"):
            weights[register] = collab * (labels["register"] == register).to_numpy(dtype=float)
    weights["words"] = labels["n_words"].to_numpy(dtype=float)
    return weights


def figures_from_totals(totals: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The three figures from summed quantities (arrays: one per replicate)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        claim_practice = totals["claimed"] + totals["practised"]
        coordination_dialogue = totals["coordination"] + totals["dialogue"]
        return {
            "claim_practice_gap": np.where(
                claim_practice > 0, (totals["claimed"] - totals["practised"]) / claim_practice, np.nan
            ),
            "coordination_dialogue_balance": np.where(
                coordination_dialogue > 0,
                (totals["coordination"] - totals["dialogue"]) / coordination_dialogue,
                np.nan,
            ),
            "collaboration_density": np.where(totals["words"] > 0, 1000 * totals["collab"] / totals["words"], np.nan),
        }


def bootstrap_totals(weights: np.ndarray, samples: int, rng: np.random.Generator) -> np.ndarray:
    """Totals of each quantity on ``samples`` resamples of the rows:
    shape (samples, quantities). Resampling n rows with replacement is the
    same as weighting them by a multinomial draw of n over n."""
    n = len(weights)
    if n == 0:
        return np.zeros((samples, weights.shape[1]))
    counts = rng.multinomial(n, np.full(n, 1.0 / n), size=samples)
    return counts @ weights


def interval(values: np.ndarray, confidence: float) -> tuple[float, float]:
    """Percentile interval; undefined when most replicates are undefined."""
    finite = values[np.isfinite(values)]
    if len(finite) < 0.5 * len(values):
        return (float("nan"), float("nan"))
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(finite, [tail, 100 - tail])
    return (float(low), float(high))


def intervals(values: np.ndarray, confidence: float) -> np.ndarray:
    """:func:`interval` of every row of ``values`` (groups x samples):
    shape (groups, 2). Rows without undefined replicates, the usual case,
    are done in one call; the others one by one."""
    result = np.empty((len(values), 2))
    finite = np.isfinite(values).all(axis=1)
    if finite.any():
        tail = 100 * (1 - confidence) / 2
        result[finite] = np.percentile(values[finite], [tail, 100 - tail], axis=1).T
    for row in np.flatnonzero(~finite):
        result[row] = interval(values[row], confidence)
    return result


def _figure_rows(points: np.ndarray, replicates: np.ndarray, confidence: float) -> list[dict[str, Any]]:
    """Each group's figures and intervals from its point totals (groups x
    quantities) and bootstrap replicates (groups x samples x quantities)."""
    boot = figures_from_totals({q: replicates[:, :, i] for i, q in enumerate(QUANTITIES)})
    estimate = figures_from_totals({q: points[:, i] for i, q in enumerate(QUANTITIES)})
    bounds = {figure: intervals(boot[figure], confidence) for figure in FIGURES}
    rows = []
    for g in range(len(points)):
        row: dict[str, Any] = {}
        for figure in FIGURES:
            row[figure] = float(estimate[figure][g])
            row[f"{figure}_low"], row[f"{figure}_high"] = (float(v) for v in bounds[figure][g])
        rows.append(row)
    return rows


def _figure_row(point: dict[str, float], replicates: np.ndarray, confidence: float) -> dict[str, Any]:
    return _figure_rows(np.array([[point[q] for q in QUANTITIES]], dtype=float), replicates[np.newaxis], confidence)[0]


@dataclass
class Replicates:
    """Every document's bootstrap totals: ``totals[i, b, q]`` is quantity
    ``q`` of document ``doc_ids[i]`` in replicate ``b``.

    Documents are resampled independently, so the replicates of any set of
    documents are the sums of theirs: stored once by the ``score`` stage,
    they give the figures of any group (the explorer's selections included)
    with the same bootstrap, in milliseconds instead of resampling a
    million sentences again.
    """

    doc_ids: list[str]
    totals: np.ndarray

    def __post_init__(self) -> None:
        self.position = {doc_id: i for i, doc_id in enumerate(self.doc_ids)}

    def summed(self, doc_ids: list[str], resample_seed: int | None = None) -> np.ndarray:
        """Replicates of one set of documents: shape (samples, quantities)."""
        return self.grouped(doc_ids, np.zeros(len(doc_ids), dtype=np.intp), 1, resample_seed)[0]

    def grouped(
        self, doc_ids: list[str], codes: np.ndarray, n_groups: int, resample_seed: int | None = None
    ) -> np.ndarray:
        """Replicates of several groups at once: document ``doc_ids[i]``
        belongs to group ``codes[i]``; shape (groups, samples, quantities),
        summed in float64. The documents are read once, grouped and in file
        order, and each group's rows are summed as one contiguous block: a
        selection of thousands of documents takes tens of milliseconds where
        a gather per group took a second.

        With ``resample_seed``, each replicate also resamples the group's
        documents with replacement (a multinomial weight per document), so
        that the interval carries the variation between documents. The
        weights are seeded by the seed and the group's documents, so the
        same selection always gets the same interval."""
        result = np.zeros((n_groups, *self.totals.shape[1:]), dtype=np.float64)
        if not len(doc_ids):
            return result
        positions = np.fromiter((self.position[d] for d in doc_ids), dtype=np.intp, count=len(doc_ids))
        codes = np.asarray(codes, dtype=np.intp)
        order = np.lexsort((positions, codes))
        sorted_codes = codes[order]
        bounds = np.flatnonzero(np.r_[True, sorted_codes[1:] != sorted_codes[:-1], True])
        samples = self.totals.shape[1]
        for start, stop in zip(bounds[:-1], bounds[1:]):
            members = positions[order[start:stop]]
            block = self.totals[members]
            if resample_seed is None:
                result[sorted_codes[start]] = (
                    block.reshape(len(members), -1).sum(axis=0, dtype=np.float64).reshape(result.shape[1:])
                )
                continue
            rng = np.random.default_rng(
                [resample_seed, zlib.crc32(" ".join(self.doc_ids[m] for m in members).encode())]
            )
            weights = rng.multinomial(len(members), np.full(len(members), 1.0 / len(members)), size=samples)
            result[sorted_codes[start]] = np.einsum("bd,dbq->bq", weights.astype(np.float64), block, dtype=np.float64)
        return result

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "replicates.npy", self.totals.astype(np.float32))
        (folder / "doc_ids.json").write_text(json.dumps(self.doc_ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Replicates | None:
        """The stored replicates, memory-mapped; None when there are none."""
        path = folder / "replicates.npy"
        if not path.exists():
            return None
        doc_ids = json.loads((folder / "doc_ids.json").read_text(encoding="utf-8"))
        return cls(doc_ids, _mapped(path))


def _mapped(path: Path) -> np.ndarray:
    """A read-only array over the .npy file. On Linux the mapping is
    populated at once (``MAP_POPULATE``): a plain memory map faults its pages
    in one by one on first touch, which made the explorer's first few
    selections on a large corpus 0.1-0.2 s slower each. The pages belong to
    the page cache, shared by every process that maps the file."""
    populate = getattr(mmap, "MAP_POPULATE", None)
    if populate is None or path.stat().st_size == 0:
        return np.load(path, mmap_mode="r")
    with open(path, "rb") as handle:
        version = np.lib.format.read_magic(handle)
        read_header = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
        shape, fortran_order, dtype = read_header(handle)
        if fortran_order or not int(np.prod(shape)):
            return np.load(path, mmap_mode="r")
        offset = handle.tell()
        mapping = mmap.mmap(handle.fileno(), 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
    return np.frombuffer(mapping, dtype=dtype, offset=offset, count=int(np.prod(shape))).reshape(shape)


COUNT_COLUMNS = ["n_sentences", *(f"n_{q}" for q in QUANTITIES if q != "words"), "n_words"]
EXPECTED_COLUMNS = [f"expected_{q}" for q in QUANTITIES if q != "words"]
CORRECTED_COLUMNS = [f"corrected_{q}" for q in QUANTITIES if q != "words"]
# The two counts a figure is made of: too few of them, no figure.
FIGURE_PARTS = {
    "claim_practice_gap": ("claimed", "practised"),
    "coordination_dialogue_balance": ("coordination", "dialogue"),
}
SHOWN, TOO_FEW = "ok", "too_few_sentences"


@dataclass(frozen=True)
class FigureRules:
    """When a figure is given (``score`` in params.yaml): its interval level,
    the fewest sentences it may rest on, the widest interval shown as a
    figure, and the seed of the group-level document resampling (None: a
    group's documents are summed, not resampled)."""

    confidence: float = 0.95
    min_sentences: float = 0.0
    max_interval_width: float = float("inf")
    resample_seed: int | None = None

    @classmethod
    def from_params(cls, params: ScoreSettings | Mapping[str, Any] | None, corrected: bool = True) -> FigureRules:
        params = ScoreSettings.of(params)
        if not corrected:
            return cls(confidence=params.confidence)
        return cls(
            confidence=params.confidence,
            min_sentences=params.min_sentences,
            max_interval_width=params.max_interval_width,
            resample_seed=params.seed,
        )


def withhold_thin_figures(rows: pd.DataFrame, counts_prefix: str, rules: FigureRules) -> pd.DataFrame:
    """Blank the gap and balance where they rest on fewer than
    ``rules.min_sentences`` sentences or their interval is wider than
    ``rules.max_interval_width``, and say so in ``<figure>_status``: a wide
    interval around a figure from three sentences reads as a finding, and is
    none. The counts stay, so the reader sees why."""
    rows = rows.copy()
    for figure, (first, second) in FIGURE_PARTS.items():
        count = rows[f"{counts_prefix}{first}"].astype(float) + rows[f"{counts_prefix}{second}"].astype(float)
        width = rows[f"{figure}_high"] - rows[f"{figure}_low"]
        thin = (count < rules.min_sentences) | (width > rules.max_interval_width) | rows[figure].isna()
        rows[f"{figure}_status"] = np.where(thin, TOO_FEW, SHOWN)
        rows.loc[thin, [figure, f"{figure}_low", f"{figure}_high"]] = np.nan
    return rows


def point_prefix(document_scores: pd.DataFrame) -> str:
    """Corrected counts where the score stage made them, else expected."""
    return "corrected_" if "corrected_collab" in document_scores.columns else "expected_"


# The group of documents whose metadata leaves a grouping column empty: a
# visible name, so that a table or chart never shows a nameless row.
UNKNOWN_GROUP = "(onbekend)"


def _group_names(values: pd.Series) -> pd.Series:
    names = values.fillna("").astype(str).str.strip()
    return names.where(names != "", UNKNOWN_GROUP)


def group_rows(
    document_scores: pd.DataFrame,
    replicates: Replicates,
    group_columns: list[str],
    confidence: float | FigureRules,
    include_corpus: bool = True,
    prefix: str | None = None,
) -> pd.DataFrame:
    """Counts and figures of the whole set (``include_corpus``) and of each
    group of every column, each group's interval from its documents'
    replicates (resampled per ``rules.resample_seed``). ``prefix``: which
    per-document counts the figures are made of (default: corrected ones
    when present)."""
    rules = confidence if isinstance(confidence, FigureRules) else FigureRules(confidence=float(confidence))
    prefix = prefix or point_prefix(document_scores)
    scopes = [("corpus", pd.Series("alle documenten", index=document_scores.index))] if include_corpus else []
    scopes += [(c, _group_names(document_scores[c])) for c in group_columns if c in document_scores]
    doc_ids = list(document_scores["doc_id"])
    point_columns = [f"{prefix}{q}" for q in QUANTITIES if q != "words"]
    rows = []
    for column, values in scopes[::-1]:
        codes, names = pd.factorize(values, sort=True)
        if not len(names):
            continue
        summed = replicates.grouped(doc_ids, codes, len(names), rules.resample_seed)
        counts = document_scores[COUNT_COLUMNS].groupby(codes).sum().to_numpy()
        points = document_scores[point_columns].astype(float).groupby(codes).sum().to_numpy()
        expected = document_scores[EXPECTED_COLUMNS].astype(float).groupby(codes).sum().to_numpy()
        sizes = np.bincount(codes, minlength=len(names))
        points = np.column_stack([points, counts[:, -1]]).astype(float)  # QUANTITIES order, words last
        figures = _figure_rows(points, summed, rules.confidence)
        scope_rows = []
        for code, name in enumerate(names):
            row: dict[str, Any] = {"group_by": column, "group": name, "n_documents": int(sizes[code])}
            row.update(zip(COUNT_COLUMNS, (int(n) for n in counts[code])))
            row.update({c: round(float(v), 3) for c, v in zip(EXPECTED_COLUMNS, expected[code])})
            if prefix != "expected_":
                row.update({c: round(float(v), 3) for c, v in zip(point_columns, points[code])})
            row.update(figures[code])
            scope_rows.append(row)
        rows[:0] = scope_rows
    groups = pd.DataFrame(rows)
    if len(groups):
        groups = withhold_thin_figures(groups, prefix, rules)
    groups["basis"] = document_scores["basis"].iloc[0] if len(document_scores) else ""
    groups["correction"] = (
        document_scores["correction"].iloc[0] if "correction" in document_scores and len(document_scores) else "none"
    )
    return groups


def _uncorrected_documents(
    labels: pd.DataFrame, use_probabilities: bool, samples: int, rng: np.random.Generator, confidence: float
) -> tuple[pd.DataFrame, Replicates]:
    """The figures as they were before the correction: expected (or hard)
    counts, sentences resampled within each document."""
    if not labels["doc_id"].is_monotonic_increasing:
        labels = labels.sort_values("doc_id", kind="stable")
    # Whole arrays once, each document a slice of rows: a pandas lookup per
    # document cost seconds on thousands of documents. Each slice is copied
    # in the column-major layout a per-document frame had, so sums and the
    # bootstrap's product add the same numbers in the same order as before.
    weights = sentence_weights(labels, use_probabilities)[list(QUANTITIES)].to_numpy()
    hard = sentence_weights(labels, use_probabilities=False)[list(QUANTITIES)].to_numpy()
    ids = labels["doc_id"].to_numpy()
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]]) if len(ids) else np.zeros(0, dtype=int)
    stops = np.r_[starts[1:], len(ids)].astype(int)
    hard_counts = np.add.reduceat(hard, starts, axis=0) if len(ids) else hard[:0]
    doc_rows, doc_ids, all_replicates = [], [], []
    for number, (start, stop) in enumerate(zip(starts, stops)):
        doc_id = ids[start]
        doc_weights = np.asfortranarray(weights[start:stop])
        replicates = bootstrap_totals(doc_weights, samples, rng)
        doc_ids.append(doc_id)
        all_replicates.append(replicates.astype(np.float32))
        point = dict(zip(QUANTITIES, doc_weights.sum(axis=0)))
        row = {"doc_id": doc_id, "n_sentences": int(stop - start)}
        row.update({f"n_{q}": int(hard_counts[number, i]) for i, q in enumerate(QUANTITIES) if q != "words"})
        row["n_words"] = int(point["words"])
        row.update({f"expected_{q}": round(float(point[q]), 3) for q in QUANTITIES if q != "words"})
        row.update(_figure_row(point, replicates, confidence))
        doc_rows.append(row)
    store = Replicates(
        doc_ids,
        np.stack(all_replicates) if all_replicates else np.zeros((0, samples, len(QUANTITIES)), np.float32),
    )
    return pd.DataFrame(doc_rows), store


def _corrected_documents(
    labels: pd.DataFrame,
    doc_ids: list[str],
    words: np.ndarray,
    error_models: dict[str, FieldErrorModel],
    samples: int,
    rng: np.random.Generator,
    settings: CorrectionSettings,
) -> tuple[pd.DataFrame, Replicates, dict[str, Any]]:
    """Per document, counts corrected for the classifier's error rates and
    their replicates (:mod:`pipeline.figures.correction`)."""
    codes = pd.Categorical(labels["doc_id"], categories=doc_ids).codes
    totals = np.zeros((len(doc_ids), samples, len(QUANTITIES)), dtype=np.float32)
    points = np.zeros((len(doc_ids), len(QUANTITIES)))
    priors: dict[str, Any] = {}
    for field_name, model in error_models.items():
        observed = pd.DataFrame(label_counts(model.categories(labels), model.observed)).groupby(codes).sum()
        observed = observed.reindex(range(len(doc_ids)), fill_value=0).to_numpy()
        corrected = correct_counts(observed, model, samples, rng, settings)
        for k, label in enumerate(model.classes):
            if label == NONE:
                if field_name == "mode":  # collaboration sentences: all but none, once
                    q = QUANTITIES.index("collab")
                    totals[:, :, q] = observed.sum(axis=1)[:, None] - corrected.replicates[:, :, k]
                    points[:, q] = observed.sum(axis=1) - corrected.point[:, k]
                continue
            q = QUANTITIES.index(label)
            totals[:, :, q] = corrected.replicates[:, :, k]
            points[:, q] = corrected.point[:, k]
        priors[field_name] = dict(zip(model.classes, np.round(corrected.corpus_prior_point, 4).tolist()))
    q = QUANTITIES.index("words")
    totals[:, :, q] = words[:, None]
    points[:, q] = words
    frame = pd.DataFrame(
        {f"corrected_{name}": np.round(points[:, i], 3) for i, name in enumerate(QUANTITIES) if name != "words"}
    )
    frame.insert(0, "doc_id", doc_ids)
    return frame, Replicates(doc_ids, totals), priors


def score_with_replicates(
    labels: pd.DataFrame,
    documents: pd.DataFrame,
    params: ScoreSettings | Mapping[str, Any] | None,
    error_models: dict[str, FieldErrorModel] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any], Replicates]:
    """Document scores, group scores, corpus-level figures and the
    documents' replicates (corrected ones when ``error_models`` are given
    and ``params.correction`` is on, else the uncorrected ones)."""
    params = ScoreSettings.of(params)
    use_probabilities = params.use_probabilities
    samples = params.bootstrap_samples
    confidence = params.confidence
    seed = params.seed
    rng = np.random.default_rng(seed)
    group_columns = [c for c in params.group_by if c in documents.columns]
    correcting = params.correction and bool(error_models)

    labels = labels.sort_values(["doc_id", "sent_index"], kind="stable").reset_index(drop=True)
    metadata = documents.set_index("doc_id")
    document_scores, store = _uncorrected_documents(labels, use_probabilities, samples, rng, confidence)
    uncorrected_store = store
    priors: dict[str, Any] = {}
    if correcting and len(document_scores):
        corrected, store, priors = _corrected_documents(
            labels,
            list(document_scores["doc_id"]),
            document_scores["n_words"].to_numpy(dtype=float),
            error_models,
            samples,
            np.random.default_rng([seed, 1]),
            params.correction_settings,
        )
        points = corrected.drop(columns="doc_id").rename(columns=lambda c: c.removeprefix("corrected_"))
        points["words"] = document_scores["n_words"].to_numpy(dtype=float)
        figures = pd.DataFrame(_figure_rows(points[list(QUANTITIES)].to_numpy(dtype=float), store.totals, confidence))
        renamed = {c: f"uncorrected_{c}" for c in document_scores.columns if c.startswith(FIGURES)}
        document_scores = pd.concat(
            [document_scores.rename(columns=renamed), corrected.drop(columns="doc_id"), figures], axis=1
        )
    keep = [
        c
        for c in ["title", "organisation", "organisation_type", "genre", "subgenre", "year", "date"]
        if c in metadata.columns
    ]
    document_scores = document_scores.join(metadata[keep], on="doc_id")
    document_scores["basis"] = "probabilities" if use_probabilities else "labels"
    document_scores["correction"] = "error_rates" if correcting else "none"
    rules = FigureRules.from_params(params, corrected=correcting)
    if len(document_scores):
        document_scores = withhold_thin_figures(document_scores, point_prefix(document_scores), rules)

    group_scores = group_rows(document_scores, store, group_columns, rules)
    if correcting and len(group_scores):
        old = group_rows(document_scores, uncorrected_store, group_columns, confidence, prefix="expected_")
        figure_columns = [c for c in old.columns if c.startswith(FIGURES) and not c.endswith("_status")]
        group_scores = group_scores.merge(
            old[["group_by", "group", *figure_columns]].rename(columns={c: f"uncorrected_{c}" for c in figure_columns}),
            on=["group_by", "group"],
            how="left",
        )
    corpus = group_scores[group_scores["group_by"] == "corpus"].iloc[0].to_dict() if len(group_scores) else {}
    summary = {
        "basis": "probabilities" if use_probabilities else "labels",
        "correction": "error_rates" if correcting else "none",
        "corpus_priors": priors,
        "error_rates": {
            name: {k: v for k, v in model.as_dict().items() if k != "by_text_type"}
            for name, model in error_models.items()
        }
        if correcting
        else None,
        "bootstrap_samples": samples,
        "confidence": confidence,
        "documents": int(len(document_scores)),
        "documents_with_figure": {
            figure: int((document_scores[f"{figure}_status"] == SHOWN).sum()) if len(document_scores) else 0
            for figure in FIGURE_PARTS
        },
        "corpus": {
            k: (round(v, 4) if isinstance(v, float) else v) for k, v in corpus.items() if k not in ("group_by", "group")
        },
    }
    return document_scores, group_scores, summary, store


def score(
    labels: pd.DataFrame,
    documents: pd.DataFrame,
    params: ScoreSettings | Mapping[str, Any] | None,
    error_models: dict[str, FieldErrorModel] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Any]]:
    """Document scores, group scores and corpus-level figures."""
    document_scores, group_scores, summary, _ = score_with_replicates(labels, documents, params, error_models)
    return document_scores, group_scores, summary
