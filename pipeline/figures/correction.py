"""Document and group counts corrected for the classifier's errors, with
replicates that carry both sentence sampling and the uncertainty of the
error rates.

Why: the classifier's mistakes are systematic (on real text it reads
practised collaboration as claimed more often than the reverse), so they do
not average out over a document's sentences, and an interval from
resampling sentences alone ignores them. Here a figure knows how wrong the
classifier tends to be.

The model, per codebook field that a figure is made of (``mode`` for the
claim-practice gap, ``register`` for the coordination-dialogue balance):

- Every sentence has one *combined* label: ``none`` when it is not about
  collaboration, else its mode (or register). The classifier's combined
  label is what ``classify`` writes.
- **Error rates.** ``M[k, j]`` = P(classifier says ``j`` | truth is ``k``),
  estimated from the train stage's out-of-fold labels, where every
  sentence was labelled by models that saw no passage of its text type.
  A new corpus has error rates of its own; how much they vary from one
  corpus to another is measured as the spread of the rates between held-out
  text types (a Dirichlet-multinomial concentration, method of moments).
  Every replicate draws one ``M`` from that spread, *shared by all
  documents*, because an error rate that is off is off for the whole corpus.
- **Document proportions.** A document's true label proportions ``pi_d``
  are drawn around the corpus's (``pi_0``, re-estimated on the corpus
  under each replicate's ``M`` by EM, Saerens et al. 2002) with a
  concentration measured on the labelled passages: a document with few
  sentences borrows strength from the corpus, a long one speaks for itself.
- **Posterior.** For each document and replicate a short Gibbs chain
  alternates (a) splitting the sentences the classifier put in each
  category over the true labels, in proportion to ``pi_d[k] * M[k, j]``,
  and (b) drawing ``pi_d`` given that split; the replicate's counts are
  the last split. Before the chain, the document's sentences are resampled
  with replacement, as the uncorrected intervals always did: a document is
  one sample of what its authors write, and a document of eight sentences
  says less than one of eighty.

Because documents share each replicate's ``M`` and are otherwise
independent, the replicates of a set of documents are the sums of theirs,
and groups resample their documents on top (:mod:`pipeline.figures.scores`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.codebook import LABELS
from pipeline.settings import CorrectionSettings

NONE = "none"
# The combined labels of each field a figure is made of.
COMBINED: dict[str, tuple[str, ...]] = {
    "mode": (NONE, *LABELS["mode"]),
    "register": (NONE, *LABELS["register"]),
}
# Pseudo-count added to every cell of a confusion row, so that an error
# never seen in the labelled data is rare, not impossible.
SMOOTHING = 0.5
# Labels given with less probability than this are counted apart (unsure).
CONFIDENCE_CUT: float = CorrectionSettings.model_fields["confidence_cut"].default


def combined_labels(collab: pd.Series | np.ndarray, inner: pd.Series | np.ndarray) -> np.ndarray:
    """``none`` where ``collab`` is not yes, else the field's own label."""
    collab = np.asarray(collab, dtype=object)
    inner = np.asarray(inner, dtype=object)
    return np.where(collab == "yes", inner, NONE).astype(object)


UNSURE = "~"  # suffix of a labelled category the classifier gave with low confidence


def classifier_categories(
    collab: pd.Series | np.ndarray,
    inner: pd.Series | np.ndarray,
    p_collab_yes: pd.Series | np.ndarray,
    p_inner: pd.DataFrame,
    cut: float,
) -> np.ndarray:
    """The classifier's combined label of each sentence, marked unsure
    (``claimed~``) when its probability is below ``cut``. A sure label is
    wrong less often than an unsure one, so counting them apart tells the
    correction more than the label alone; the probability of ``none`` is
    1 - P(collab), of any other label P(collab) x P(label | collab)."""
    labels = combined_labels(collab, inner)
    p_yes = np.asarray(p_collab_yes, dtype=float)
    probability = 1.0 - p_yes
    for label in p_inner.columns:
        chosen = labels == label
        probability = np.where(chosen, p_yes * p_inner[label].to_numpy(dtype=float), probability)
    return np.where(probability < cut, labels + UNSURE, labels).astype(object)


def observed_categories(classes: tuple[str, ...], cut: float) -> tuple[str, ...]:
    """The labelled categories: every combined label, sure and unsure
    (``cut`` > 0), or the combined labels alone."""
    if cut <= 0:
        return classes
    return tuple(label + suffix for label in classes for suffix in ("", UNSURE))


def label_counts(labels: np.ndarray, classes: tuple[str, ...]) -> np.ndarray:
    """One-hot rows of ``labels`` over ``classes`` (unknown labels: none)."""
    position = {label: i for i, label in enumerate(classes)}
    codes = np.fromiter((position.get(label, 0) for label in labels), dtype=np.intp, count=len(labels))
    onehot = np.zeros((len(labels), len(classes)))
    onehot[np.arange(len(labels)), codes] = 1.0
    return onehot


def overdispersion(table: np.ndarray) -> float:
    """Intra-class correlation ``phi`` of a groups x categories count table
    under a Dirichlet-multinomial: 0 when every group's proportions are the
    pooled ones up to binomial noise, 1 when each group is all one category.
    Method of moments (the ANOVA estimator), pooled over categories."""
    table = np.asarray(table, dtype=float)
    table = table[table.sum(axis=1) > 0]
    if len(table) < 2:
        return 0.0
    sizes = table.sum(axis=1)
    total = sizes.sum()
    pooled = table.sum(axis=0) / total
    proportions = table / sizes[:, None]
    between = (sizes[:, None] * (proportions - pooled) ** 2).sum(axis=0) / (len(table) - 1)
    binomial = pooled * (1 - pooled)
    n_c = (total - (sizes**2).sum() / total) / (len(table) - 1)
    if n_c <= 1 or binomial.sum() <= 0:
        return 0.0
    phi = (between.sum() - binomial.sum()) / ((n_c - 1) * binomial.sum())
    return float(np.clip(phi, 1e-4, 0.999))


def concentration(phi: float) -> float:
    """Dirichlet concentration (sum of parameters) for intra-class
    correlation ``phi``: phi = 1 / (1 + concentration)."""
    return float(1.0 / phi - 1.0)


@dataclass
class FieldErrorModel:
    """What the classifier gets wrong in one field's combined labels.

    ``confusion[k, j]``: labelled sentences whose truth is ``classes[k]``
    and whose out-of-fold label is ``classes[j]``. ``between_corpora``: the
    Dirichlet concentration of a confusion row across text types (smaller:
    error rates vary more from corpus to corpus). ``between_documents``:
    the concentration of true label proportions across passages.
    """

    field: str
    classes: tuple[str, ...]
    confusion: np.ndarray
    between_corpora: float
    between_documents: float
    by_text_type: dict[str, np.ndarray] = field(default_factory=dict)
    confidence_cut: float = 0.0

    @property
    def observed(self) -> tuple[str, ...]:
        """The labelled categories, columns of :attr:`confusion`."""
        return observed_categories(self.classes, self.confidence_cut)

    def categories(self, table: pd.DataFrame, prefix: str = "", probability_prefix: str = "p_") -> np.ndarray:
        """The labelled category of every row of a label table."""
        return out_of_fold_categories(table, self.field, self.confidence_cut, prefix, probability_prefix)

    @property
    def rates(self) -> np.ndarray:
        """P(label j | truth k), smoothed."""
        smoothed = self.confusion + SMOOTHING * len(self.classes) / self.confusion.shape[1]
        return smoothed / smoothed.sum(axis=1, keepdims=True)

    def row_concentrations(self, spread: float = 1.0) -> np.ndarray:
        """Per true class, the concentration of its error-rate row:
        between-corpus variation and the estimate's own sampling error
        combined (their variances add). ``spread`` > 1 widens the first."""
        n = self.confusion.sum(axis=1) + SMOOTHING * len(self.classes)
        kappa = self.between_corpora / spread
        return 1.0 / (1.0 / (kappa + 1.0) + 1.0 / (n + 1.0))

    def draw(self, rng: np.random.Generator, samples: int, spread: float = 1.0) -> np.ndarray:
        """``samples`` error-rate matrices a new corpus might have: shape
        (samples, true, labelled)."""
        alpha = self.rates * self.row_concentrations(spread)[:, None]
        gamma = rng.standard_gamma(np.broadcast_to(alpha, (samples, *alpha.shape)))
        gamma = np.maximum(gamma, 1e-300)
        return gamma / gamma.sum(axis=2, keepdims=True)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "classes": list(self.classes),
            "labelled_categories": list(self.observed),
            "confidence_cut": self.confidence_cut,
            "confusion": self.confusion.astype(int).tolist(),
            "rates": np.round(self.rates, 4).tolist(),
            "between_corpora_concentration": round(self.between_corpora, 3),
            "between_documents_concentration": round(self.between_documents, 3),
            "by_text_type": {name: table.astype(int).tolist() for name, table in self.by_text_type.items()},
        }


def confusion_table(
    gold: np.ndarray, predicted: np.ndarray, classes: tuple[str, ...], observed: tuple[str, ...] | None = None
) -> np.ndarray:
    """Counts of true ``classes`` (rows) by labelled ``observed`` categories."""
    return label_counts(gold, classes).T @ label_counts(predicted, observed or classes)


def out_of_fold_categories(
    out_of_fold: pd.DataFrame, field_name: str, cut: float, prefix: str = "pred_", probability_prefix: str = "p_"
) -> np.ndarray:
    """:func:`classifier_categories` of a table with the classifier's labels
    in ``<prefix><field>`` columns and probabilities in
    ``<probability_prefix><field>_<label>`` columns."""
    return classifier_categories(
        out_of_fold[f"{prefix}collab"],
        out_of_fold[f"{prefix}{field_name}"],
        out_of_fold[f"{probability_prefix}collab_yes"],
        pd.DataFrame({label: out_of_fold[f"{probability_prefix}{field_name}_{label}"] for label in LABELS[field_name]}),
        cut,
    )


def estimate_error_model(
    out_of_fold: pd.DataFrame, field_name: str, confidence_cut: float = CONFIDENCE_CUT
) -> FieldErrorModel:
    """A field's error model from the train stage's out-of-fold table
    (gold ``collab``/field, ``pred_collab``/``pred_<field>``, probabilities
    ``p_*``, ``text_type``, ``doc_id``)."""
    classes = COMBINED[field_name]
    observed = observed_categories(classes, confidence_cut)
    gold = combined_labels(out_of_fold["collab"], out_of_fold[field_name])
    predicted = out_of_fold_categories(out_of_fold, field_name, confidence_cut)
    by_type = {
        str(name): confusion_table(gold[index], predicted[index], classes, observed)
        for name, index in out_of_fold.groupby("text_type", sort=True).indices.items()
    }
    # Between-corpus spread: for each true class, the rows of the held-out
    # text types; the intra-class correlation is pooled over classes,
    # weighted by how many sentences each class has.
    phis, weights = [], []
    for k in range(len(classes)):
        rows = np.array([table[k] for table in by_type.values()])
        if rows.sum() > 0 and (rows.sum(axis=1) > 0).sum() >= 2:
            phis.append(overdispersion(rows))
            weights.append(rows.sum())
    phi_corpora = float(np.average(phis, weights=weights)) if phis else 0.05
    # Between-document spread of true proportions: the labelled passages.
    passages = pd.DataFrame(label_counts(gold, classes)).groupby(out_of_fold["doc_id"].to_numpy()).sum().to_numpy()
    phi_documents = overdispersion(passages)
    return FieldErrorModel(
        field=field_name,
        classes=classes,
        confusion=confusion_table(gold, predicted, classes, observed),
        between_corpora=concentration(phi_corpora),
        between_documents=concentration(phi_documents),
        by_text_type=by_type,
        confidence_cut=confidence_cut,
    )


def estimate_error_models(
    out_of_fold: pd.DataFrame, confidence_cut: float = CONFIDENCE_CUT
) -> dict[str, FieldErrorModel]:
    """Both fields' error models from an out-of-fold table."""
    return {name: estimate_error_model(out_of_fold, name, confidence_cut) for name in COMBINED}


def load_error_models(path: Path, confidence_cut: float = CONFIDENCE_CUT) -> dict[str, FieldErrorModel]:
    """Both fields' error models from a saved out-of-fold table."""
    return estimate_error_models(pd.read_parquet(path), confidence_cut)


def corpus_priors(observed: np.ndarray, rates: np.ndarray, iterations: int = 200) -> np.ndarray:
    """True label proportions of a whole corpus from the totals of its
    classifier labels (``observed``: labelled categories) under error rates
    ``rates`` (replicates x true x labelled), by EM; shape (replicates, true).
    This is adjusted classify-and-count in its likelihood form, and unlike
    solving ``observed = pi @ M`` it never goes negative. One pseudo-sentence
    per label (a MAP estimate) keeps every share off zero: under error rates
    that fit the counts badly, plain EM puts a label at exactly nothing, and
    a document drawn around that prior could then never have it."""
    replicates, k, _ = rates.shape
    pi = np.full((replicates, k), 1.0 / k)
    total = max(float(observed.sum()), 1e-12)
    for _ in range(iterations):
        joint = pi[:, :, None] * rates  # replicates x true x labelled
        posterior = joint / np.maximum(joint.sum(axis=1, keepdims=True), 1e-300)
        pi = ((posterior * observed[None, None, :]).sum(axis=2) + 1.0) / (total + k)
    return pi


def document_posteriors(
    observed: np.ndarray,
    rates: np.ndarray,
    priors: np.ndarray,
    between_documents: float,
    rng: np.random.Generator,
    sweeps: int,
    resample_sentences: bool = True,
) -> np.ndarray:
    """Replicates of each document's true label counts.

    ``observed``: documents x labelled categories (sentence counts);
    ``rates``: replicates x true x labelled; ``priors``: replicates x true.
    In replicate ``b`` the document's sentences are resampled (a document
    is one sample of what its authors write), then a Gibbs chain splits the
    resampled classifier counts over the true labels under the shared error
    rates ``rates[b]``. Returns documents x replicates x true counts."""
    documents, labelled = observed.shape
    replicates, k, _ = rates.shape
    sizes = observed.sum(axis=1)
    # Only the (document, category) pairs that occur are split: most
    # documents use few of the categories, and the split is the cost.
    pair_document, pair_label = np.nonzero(observed)
    starts = np.searchsorted(pair_document, np.arange(documents))
    if resample_sentences:
        shares = observed / np.maximum(sizes, 1)[:, None]
        resampled = rng.multinomial(
            np.broadcast_to(sizes[:, None], (documents, replicates)),
            np.broadcast_to(shares[:, None, :], (documents, replicates, labelled)),
        )
        counts = resampled[pair_document, :, pair_label]  # pairs x replicates
    else:
        counts = np.broadcast_to(observed[pair_document, pair_label][:, None], (len(pair_document), replicates))
    base = between_documents * priors  # replicates x true
    # The chain starts from the document's own labels read at face value
    # (sure and unsure alike) around the prior, not from the prior alone: a
    # label the prior makes rare must still be reachable in a few sweeps.
    face_value = observed.reshape(documents, k, -1).sum(axis=2)  # labelled: each true label, sure (and unsure)
    pi = (base[None] + face_value[:, None, :]) / (
        base.sum(axis=1)[None, :, None] + face_value.sum(axis=1)[:, None, None]
    )
    truth = np.zeros((documents, replicates, k))
    by_label = np.ascontiguousarray(
        np.swapaxes(rates, 1, 2)[:, pair_label, :].swapaxes(0, 1)
    )  # pairs x replicates x true
    occupied = np.flatnonzero(sizes > 0)
    for _ in range(max(1, sweeps)):
        posterior = pi[pair_document] * by_label
        posterior /= np.maximum(posterior.sum(axis=2, keepdims=True), 1e-300)
        split = rng.multinomial(counts, posterior)  # pairs x replicates x true
        truth[:] = 0
        if len(pair_document):
            truth[occupied] = np.add.reduceat(split, starts[occupied], axis=0)
        gamma = np.maximum(rng.standard_gamma(base[None] + truth), 1e-300)
        pi = gamma / gamma.sum(axis=2, keepdims=True)
    return truth


def document_point(
    observed: np.ndarray, rates: np.ndarray, prior: np.ndarray, between_documents: float, iterations: int = 100
) -> np.ndarray:
    """Each document's expected true counts: its own sentences split over
    the true labels, P(true k | label j) under the mean error rates and the
    document's most likely proportions (MAP by EM around the corpus prior);
    documents x true. Like the replicates, these are counts of the
    document's sentences, not the proportions times its length, so the
    prior steers how an ambiguous label is read but adds no sentences."""
    documents = observed.shape[0]
    pi = np.broadcast_to(prior, (documents, len(prior))).copy()
    base = between_documents * prior
    for _ in range(iterations):
        joint = pi[:, :, None] * rates[None]
        posterior = joint / np.maximum(joint.sum(axis=1, keepdims=True), 1e-300)
        truth = (posterior * observed[:, None, :]).sum(axis=2)
        pi = (truth + base) / (truth.sum(axis=1, keepdims=True) + base.sum())
    return truth


@dataclass
class CorrectedCounts:
    """Per document, true-label counts of one field: the point estimate
    (documents x classes) and the replicates (documents x replicates x
    classes); plus the corpus priors under the mean error rates."""

    classes: tuple[str, ...]
    point: np.ndarray
    replicates: np.ndarray
    corpus_prior_point: np.ndarray


def correct_counts(
    observed: np.ndarray,
    model: FieldErrorModel,
    samples: int,
    rng: np.random.Generator,
    settings: CorrectionSettings,
) -> CorrectedCounts:
    """Corrected counts of every document of a corpus from its classifier
    counts (documents x combined labels)."""
    observed = np.asarray(observed, dtype=float)
    rates = model.draw(rng, samples, settings.error_rate_spread)
    totals = observed.sum(axis=0)
    priors = corpus_priors(totals, rates)
    prior_point = corpus_priors(totals, model.rates[None])[0]
    point = document_point(observed, model.rates, prior_point, model.between_documents)
    replicates = np.empty((len(observed), samples, len(model.classes)), dtype=np.float32)
    step = max(1, settings.chunk_documents)
    for start in range(0, len(observed), step):
        chunk = observed[start : start + step].round().astype(np.int64)
        replicates[start : start + step] = document_posteriors(
            chunk, rates, priors, model.between_documents, rng, settings.sweeps, settings.resample_sentences
        )
    return CorrectedCounts(model.classes, point, replicates, prior_point)
