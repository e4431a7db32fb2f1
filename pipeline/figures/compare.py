"""Two groups of documents side by side: the codebook's figures for each,
and their difference with a bootstrap interval.

The figures and the resampling are those of :mod:`pipeline.figures.scores`: sentences
are resampled within each document and a group's replicate is the sum of
its documents' replicates. The difference A - B is taken replicate by
replicate, so its interval accounts for the uncertainty of both groups.
Used by the explorer to compare any two groups a user picks (two
organisations, two genres, two periods), which the ``score`` stage cannot
know in advance.

Two ways in, one comparison: from the ``score`` stage's stored replicates
of the groups' documents (:func:`totals_from_documents`, what the explorer
uses, fast at any size) or by resampling the groups' labelled sentences
here (:func:`compare_groups`, for output without stored replicates).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from pipeline.figures.scores import (
    FIGURES,
    QUANTITIES,
    Replicates,
    bootstrap_totals,
    figures_from_totals,
    interval,
    point_prefix,
    sentence_weights,
)
from pipeline.settings import ScoreSettings


@dataclass
class GroupTotals:
    """What a comparison needs of one group: its size, the point totals of
    every quantity and their bootstrap replicates (samples x quantities)."""

    n_documents: int
    n_sentences: int
    point: dict[str, float]
    replicates: np.ndarray


def group_bootstrap(
    labels: pd.DataFrame, use_probabilities: bool, samples: int, rng: np.random.Generator
) -> tuple[dict[str, float], np.ndarray]:
    """Point totals of every quantity and their bootstrap replicates
    (shape: samples x quantities) for one group of labelled sentences
    (columns of ``sentence_labels`` plus ``n_words``)."""
    if labels.empty:
        return {q: 0.0 for q in QUANTITIES}, np.zeros((samples, len(QUANTITIES)))
    labels = labels.sort_values(["doc_id", "sent_index"], kind="stable").reset_index(drop=True)
    weights = sentence_weights(labels, use_probabilities)[list(QUANTITIES)]
    replicates = np.zeros((samples, len(QUANTITIES)))
    for _, index in labels.groupby("doc_id", sort=True).groups.items():
        replicates += bootstrap_totals(weights.loc[index].to_numpy(), samples, rng)
    point = dict(zip(QUANTITIES, weights.to_numpy().sum(axis=0)))
    return point, replicates


def totals_from_documents(
    document_scores: pd.DataFrame, replicates: Replicates, resample_seed: int | None = None
) -> GroupTotals:
    """A group's totals from its rows of ``document_scores`` and the score
    stage's stored replicates: no sentence is resampled again; with
    ``resample_seed`` the group's documents are (as the score stage does
    for corrected figures)."""
    prefix = point_prefix(document_scores)
    point = {q: float(document_scores[f"{prefix}{q}"].sum()) for q in QUANTITIES if q != "words"}
    point["words"] = float(document_scores["n_words"].sum())
    return GroupTotals(
        int(len(document_scores)),
        int(document_scores["n_sentences"].sum()),
        point,
        replicates.summed(list(document_scores["doc_id"]), resample_seed),
    )


def compare_totals(a: GroupTotals, b: GroupTotals, confidence: float) -> pd.DataFrame:
    """Three rows, ``group`` A, B and ``A-B``: documents, sentences and
    expected counts for A and B, and every figure with its interval."""
    rows, boots, estimates = [], {}, {}
    for name, totals in (("A", a), ("B", b)):
        estimate = figures_from_totals({q: np.array([totals.point[q]]) for q in QUANTITIES})
        estimates[name] = {f: float(estimate[f][0]) for f in FIGURES}
        boots[name] = figures_from_totals({q: totals.replicates[:, i] for i, q in enumerate(QUANTITIES)})
        row: dict[str, Any] = {
            "group": name,
            "n_documents": totals.n_documents,
            "n_sentences": totals.n_sentences,
            "n_words": int(totals.point["words"]),
        }
        row.update({f"expected_{q}": round(float(totals.point[q]), 3) for q in QUANTITIES if q != "words"})
        for figure in FIGURES:
            low, high = interval(boots[name][figure], confidence)
            row.update({figure: estimates[name][figure], f"{figure}_low": low, f"{figure}_high": high})
        rows.append(row)
    difference: dict[str, Any] = {"group": "A-B"}
    for figure in FIGURES:
        low, high = interval(boots["A"][figure] - boots["B"][figure], confidence)
        difference.update(
            {figure: estimates["A"][figure] - estimates["B"][figure], f"{figure}_low": low, f"{figure}_high": high}
        )
    rows.append(difference)
    return pd.DataFrame(rows)


def compare_groups(
    labels_a: pd.DataFrame, labels_b: pd.DataFrame, params: ScoreSettings | Mapping[str, Any] | None
) -> pd.DataFrame:
    """:func:`compare_totals` of two groups of labelled sentences, resampled
    here. ``params`` are those of the ``score`` stage (use_probabilities,
    bootstrap_samples, confidence, seed)."""
    params = ScoreSettings.of(params)
    use_probabilities = params.use_probabilities
    samples = params.bootstrap_samples
    rng = np.random.default_rng(params.seed)
    sides = []
    for labels in (labels_a, labels_b):
        point, replicates = group_bootstrap(labels, use_probabilities, samples, rng)
        sides.append(
            GroupTotals(int(labels["doc_id"].nunique()) if len(labels) else 0, int(len(labels)), point, replicates)
        )
    return compare_totals(*sides, params.confidence)
