"""Two groups of documents side by side: the codebook's figures for each,
and their difference with a bootstrap interval.

The figures and the resampling are those of :mod:`pipeline.score`: sentences
are resampled within each document and a group's replicate is the sum of
its documents' replicates. The difference A - B is taken replicate by
replicate, so its interval accounts for the uncertainty of both groups.
Used by the explorer to compare any two groups a user picks (two
organisations, two genres, two periods), which the ``score`` stage cannot
know in advance.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline.score import FIGURES, QUANTITIES, bootstrap_totals, figures_from_totals, interval, sentence_weights


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


def _figures(point: dict[str, float], replicates: np.ndarray) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    estimate = figures_from_totals({q: np.array([point[q]]) for q in QUANTITIES})
    boot = figures_from_totals({q: replicates[:, i] for i, q in enumerate(QUANTITIES)})
    return {f: float(estimate[f][0]) for f in FIGURES}, boot


def compare_groups(labels_a: pd.DataFrame, labels_b: pd.DataFrame, params: dict[str, Any]) -> pd.DataFrame:
    """Three rows, ``group`` A, B and ``A-B``: documents, sentences and
    expected counts for A and B, and every figure with its interval.

    ``params`` are those of the ``score`` stage (use_probabilities,
    bootstrap_samples, confidence, seed).
    """
    use_probabilities = bool(params.get("use_probabilities", True))
    samples = int(params.get("bootstrap_samples", 1000))
    confidence = float(params.get("confidence", 0.95))
    rng = np.random.default_rng(int(params.get("seed", 7)))

    rows, boots, estimates = [], {}, {}
    for name, labels in (("A", labels_a), ("B", labels_b)):
        point, replicates = group_bootstrap(labels, use_probabilities, samples, rng)
        estimates[name], boots[name] = _figures(point, replicates)
        row: dict[str, Any] = {
            "group": name,
            "n_documents": int(labels["doc_id"].nunique()) if len(labels) else 0,
            "n_sentences": int(len(labels)),
            "n_words": int(point["words"]),
        }
        row.update({f"expected_{q}": round(float(point[q]), 3) for q in QUANTITIES if q != "words"})
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
