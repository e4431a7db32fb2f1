"""How far annotators agree with the model and with each other.

Per codebook field: ``collab`` over every sentence both sides labelled;
``register`` and ``mode`` only over the sentences both call collaboration,
since the codebook leaves them empty otherwise. Agreement between two
annotators is Cohen's kappa (agreement corrected for chance), beside the
plain share of equal labels and the number of sentences it rests on.
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np
import pandas as pd

from pipeline.codebook import FIELDS


def _pairs(left: pd.DataFrame, right: pd.DataFrame, field: str) -> pd.DataFrame:
    both = left.merge(right, on="id", suffixes=("_left", "_right"))
    if field != "collab":
        both = both[(both["collab_left"] == "yes") & (both["collab_right"] == "yes")]
    return both[[f"{field}_left", f"{field}_right"]].dropna()


def agreement_with_model(human: pd.DataFrame, model: pd.DataFrame) -> pd.DataFrame:
    """Per field: sentences compared, how many the model labelled the same,
    and that share. Both tables have ``id`` and the three fields."""
    rows = []
    for field in FIELDS:
        pairs = _pairs(human, model, field)
        same = int((pairs.iloc[:, 0] == pairs.iloc[:, 1]).sum())
        rows.append(
            {
                "field": field,
                "n": len(pairs),
                "same": same,
                "agreement": same / len(pairs) if len(pairs) else float("nan"),
            }
        )
    return pd.DataFrame(rows)


def kappa(first: pd.Series, second: pd.Series) -> float:
    """Cohen's kappa, NaN when it is undefined (fewer than two sentences, or
    both annotators gave one and the same label throughout)."""
    if len(first) < 2 or len(set(first.astype(str)) | set(second.astype(str))) < 2:
        return float("nan")
    from sklearn.metrics import cohen_kappa_score  # here: importing scikit-learn takes seconds

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        value = cohen_kappa_score(first.astype(str), second.astype(str))
    return float(value) if np.isfinite(value) else float("nan")


def pairwise_kappa(labels: pd.DataFrame) -> pd.DataFrame:
    """For every pair of annotators who labelled the same sentences, per
    field: sentences in common, share of equal labels and Cohen's kappa.
    ``labels`` has ``annotator``, ``id`` and the three fields; an annotator's
    last label of a sentence counts."""
    latest = labels.drop_duplicates(["annotator", "id"], keep="last")
    by_annotator = {name: group for name, group in latest.groupby("annotator", sort=True)}
    rows = []
    for first, second in itertools.combinations(sorted(by_annotator), 2):
        for field in FIELDS:
            pairs = _pairs(by_annotator[first], by_annotator[second], field)
            if pairs.empty:
                continue
            left, right = pairs.iloc[:, 0], pairs.iloc[:, 1]
            rows.append(
                {
                    "annotator_a": first,
                    "annotator_b": second,
                    "field": field,
                    "n": len(pairs),
                    "agreement": float((left == right).mean()),
                    "kappa": kappa(left, right),
                }
            )
    return pd.DataFrame(rows, columns=["annotator_a", "annotator_b", "field", "n", "agreement", "kappa"])


def annotation_roles(folder) -> pd.DataFrame:
    """The independent labels of the labelled passages: every
    ``<batch>.<role>.jsonl`` in ``folder`` (role ``a``: the writer's labels,
    ``b``: a second annotator who saw only the text), with ``batch`` and
    ``role`` columns."""
    from pathlib import Path

    from pipeline.model.label_files import read_labelled

    frames = []
    for path in sorted(Path(folder).glob("*.*.jsonl")):
        batch, role = path.name[: -len(".jsonl")].rsplit(".", 1)
        labels, problems = read_labelled([path])
        if problems:
            raise ValueError(
                f"{path}: {len(problems)} invalid lines, first: line {problems[0].line}: {problems[0].message}"
            )
        frames.append(labels.assign(batch=batch, role=role))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def role_agreement(labels: pd.DataFrame) -> pd.DataFrame:
    """Kappa between roles ``a`` and ``b`` per batch and over all batches
    pooled (``batch`` = ``all``)."""
    rows = []
    scopes = [("all", labels)] + [(batch, group) for batch, group in labels.groupby("batch", sort=True)]
    for scope, group in scopes:
        table = pairwise_kappa(group.assign(annotator=group["role"]))
        table.insert(0, "batch", scope)
        rows.append(table)
    return pd.concat(rows, ignore_index=True)
