"""Label priors re-estimated on the corpus being analysed (EM; Saerens,
Latinne and Decaestecker 2002, "Adjusting the outputs of a classifier to new
a priori probabilities").

Why: a classifier's probabilities carry the label priors of its training
data. The labelled passages mix text types; a corpus of policy notes has far
fewer collaboration sentences, and far fewer reflective ones, than that mix.
Left alone, the model then finds too much of what was common in training.

How: with training priors ``pi_t`` and posteriors ``p(y|x)``, a corpus with
priors ``pi`` has posteriors proportional to ``p(y|x) * pi(y) / pi_t(y)``.
EM alternates that correction with ``pi = mean of the corrected posteriors``
until the priors settle. ``register`` and ``mode`` are conditional on
collaboration, so their corpus priors are means weighted by each sentence's
probability of being about collaboration.

The method assumes the corpus differs from training in its priors only
("label shift"), not in how a label shows in the text. Model selection
(``samenspraak select-model``) measures on left-out text types whether the
correction helps, and the re-estimated priors are recorded with the labels.
"""

from __future__ import annotations

import numpy as np


def em_priors(
    posteriors: np.ndarray,
    training_priors: np.ndarray,
    weights: np.ndarray | None = None,
    max_iterations: int = 100,
    tolerance: float = 1e-6,
    floor: float = 1e-4,
) -> tuple[np.ndarray, np.ndarray, int]:
    """Posteriors adjusted to the priors EM finds in this set of rows.

    ``posteriors``: (rows, labels), each row summing to 1, from a model
    trained with ``training_priors``. ``weights``: how much each row counts
    in the prior estimate (default: equally). Returns the adjusted
    posteriors, the estimated priors and the number of iterations. Priors
    never fall below ``floor``: a label the corpus seems to lack keeps a
    trace, so that one confident sentence can still show it.
    """
    posteriors = np.asarray(posteriors, dtype=float)
    training_priors = np.clip(np.asarray(training_priors, dtype=float), floor, None)
    training_priors = training_priors / training_priors.sum()
    if len(posteriors) == 0:
        return posteriors, training_priors, 0
    weights = np.ones(len(posteriors)) if weights is None else np.asarray(weights, dtype=float)
    if weights.sum() <= 0:
        return posteriors, training_priors, 0
    priors = training_priors.copy()
    adjusted = posteriors
    for iteration in range(1, max_iterations + 1):  # noqa: B007  (returned: the count)
        scaled = posteriors * (priors / training_priors)
        adjusted = scaled / scaled.sum(axis=1, keepdims=True)
        updated = np.clip(np.average(adjusted, axis=0, weights=weights), floor, None)
        updated = updated / updated.sum()
        if np.abs(updated - priors).max() < tolerance:
            priors = updated
            break
        priors = updated
    scaled = posteriors * (priors / training_priors)
    return scaled / scaled.sum(axis=1, keepdims=True), priors, iteration


def training_priors(frame, fields=None) -> dict[str, dict[str, float]]:
    """Each field's label shares in a training table: ``collab`` over every
    row, ``register`` and ``mode`` over the collaboration rows (the rows
    their models learn from)."""
    from pipeline.codebook import FIELDS, LABELS

    priors = {}
    for field in fields or FIELDS:
        rows = frame if field == "collab" else frame[frame["collab"] == "yes"]
        shares = rows[field].value_counts(normalize=True)
        priors[field] = {label: round(float(shares.get(label, 0.0)), 6) for label in LABELS[field]}
    return priors


def adapt_to_corpus(labels, priors: dict[str, dict[str, float]]):
    """A label table (``p_<field>_<label>`` columns, as
    ``SentenceClassifier.predict`` returns) with its probabilities and labels
    adjusted to the priors EM finds in it; and those priors per field.
    collab first, because its adjusted probabilities weigh the conditional
    fields' estimates."""
    import pandas as pd

    from pipeline.codebook import FIELDS, LABELS

    result = labels.copy()
    found: dict[str, dict[str, float]] = {}
    for field in FIELDS:
        columns = [f"p_{field}_{label}" for label in LABELS[field]]
        weights = None if field == "collab" else result["p_collab_yes"].to_numpy()
        base = np.array([priors[field][label] for label in LABELS[field]])
        adjusted, estimated, _ = em_priors(result[columns].to_numpy(), base, weights)
        result[columns] = np.round(adjusted, 4)
        found[field] = {label: round(float(p), 4) for label, p in zip(LABELS[field], estimated)}
        if len(result):
            result[field] = np.array(LABELS[field], dtype=object)[adjusted.argmax(axis=1)]
    not_collab = (result["collab"] != "yes").to_numpy()
    for field in ("register", "mode"):
        result[field] = pd.Series(
            np.where(not_collab, None, result[field].to_numpy(dtype=object)), index=result.index, dtype=object
        )
    return result, found
