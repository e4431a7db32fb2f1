"""Scores of predicted against gold labels, in one shape for every report.

Used for cross-validation, the held-out part and the real development set,
for the classifier and the rule baseline alike, so the figures in
``metrics/`` are always comparable.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from pipeline.codebook import LABELS


def field_scores(field: str, gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """Per-label precision, recall, F1 and support, macro-F1, accuracy; for
    ``collab`` also F1 of ``yes``, the figure the codebook's users care about."""
    labels = [label for label in LABELS[field] if label in set(gold) | set(predicted)]
    gold, predicted = np.asarray(gold, dtype=object), np.asarray(predicted, dtype=object)
    precision, recall, f1, support = precision_recall_fscore_support(gold, predicted, labels=labels, zero_division=0)
    gold_labels = [label for label in labels if label in set(gold)]
    per_label = {
        label: {
            "precision": round(float(p), 4),
            "recall": round(float(r), 4),
            "f1": round(float(f), 4),
            "support": int(s),
        }
        for label, p, r, f, s in zip(labels, precision, recall, f1, support)
    }
    macro = float(np.mean([per_label[label]["f1"] for label in gold_labels])) if gold_labels else 0.0
    scores = {
        "n": int(len(gold)),
        "accuracy": round(float(np.mean(gold == predicted)) if len(gold) else 0.0, 4),
        "macro_f1": round(macro, 4),
        "per_label": per_label,
        "confusion": {
            "labels": labels,
            "matrix": confusion_matrix(gold, predicted, labels=labels).tolist() if len(gold) else [],
        },
    }
    if field == "collab":
        scores["f1_yes"] = per_label.get("yes", {}).get("f1", 0.0)
    return scores


def headline(scores: dict[str, dict[str, Any]]) -> dict[str, float]:
    """The three figures the issue's targets are stated in."""
    return {
        "collab_f1": scores["collab"]["f1_yes"],
        "register_macro_f1": scores["register"]["macro_f1"],
        "mode_macro_f1": scores["mode"]["macro_f1"],
    }


def confusion_rows(field: str, gold: Sequence[str], predicted: Sequence[str]) -> list[dict[str, str]]:
    """Rows for ``dvc plots`` with the confusion template."""
    return [{"actual": str(g), "predicted": str(p)} for g, p in zip(gold, predicted)]


def describe_summary(summary: dict[str, dict[str, float]]) -> str:
    """One line: each headline figure of the classifier with the baseline's."""
    return ", ".join(
        f"{key} {summary['classifier'][key]:.3f} (baseline {summary['baseline'][key]:.3f})"
        for key in summary["classifier"]
    )
