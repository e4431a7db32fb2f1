"""Counts corrected for classifier error, and intervals that hold: checked
on simulated corpora, where the true labels are known by construction."""

import numpy as np
import pandas as pd
import pytest

from pipeline.figures.correction import (
    COMBINED,
    concentration,
    corpus_priors,
    estimate_error_model,
    overdispersion,
)
from pipeline.figures.scores import score_with_replicates

MODES = COMBINED["mode"]  # none, claimed, practised, reflective
# The classifier's mean error rates, P(label | truth): it reads practised
# collaboration as claimed far more often than the reverse, as the real
# one does.
RATES = np.array(
    [
        [0.88, 0.07, 0.03, 0.02],
        [0.10, 0.76, 0.09, 0.05],
        [0.12, 0.30, 0.53, 0.05],
        [0.12, 0.18, 0.05, 0.65],
    ]
)
SPREAD = 80.0  # Dirichlet concentration of a corpus's error rates around RATES
DOCUMENT_SPREAD = 8.0
CORPUS_PRIOR = np.array([0.55, 0.22, 0.17, 0.06])


def corpus_rates(rng):
    return np.array([rng.dirichlet(SPREAD * row) for row in RATES])


def simulate(rng, rates, documents, sizes, prior=CORPUS_PRIOR):
    """True and classifier labels (indices into MODES) of ``documents``."""
    truth, said, doc = [], [], []
    for d in range(documents):
        pi = rng.dirichlet(DOCUMENT_SPREAD * prior)
        n = int(rng.integers(*sizes))
        z = rng.choice(len(MODES), n, p=pi)
        truth += list(z)
        said += [rng.choice(len(MODES), p=rates[k]) for k in z]
        doc += [d] * n
    return np.array(truth), np.array(said), np.array(doc)


def out_of_fold_table(rng, text_types=12):
    """A labelled set as the train stage leaves it: every text type with
    its own error rates."""
    frames = []
    for t in range(text_types):
        truth, said, doc = simulate(rng, corpus_rates(rng), 20, (15, 30))
        frames.append(
            pd.DataFrame(
                {
                    "doc_id": [f"t{t}-p{d}" for d in doc],
                    "text_type": f"type{t}",
                    "collab": np.where(truth > 0, "yes", "no"),
                    "mode": [MODES[k] if k else None for k in truth],
                    "register": np.where(truth > 0, "coordination", None),
                    "pred_collab": np.where(said > 0, "yes", "no"),
                    "pred_mode": [MODES[k] if k else "claimed" for k in said],
                    "pred_register": "coordination",
                    "p_collab_yes": (said > 0).astype(float),
                    "p_collab_no": (said == 0).astype(float),
                    "p_register_coordination": 1.0,
                    **{f"p_mode_{mode}": (said == k).astype(float) for k, mode in enumerate(MODES[1:], start=1)},
                    **{f"p_register_{r}": 0.0 for r in ("dialogue", "mixed", "unmarked")},
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def label_table(said, doc, prefix):
    """Classifier labels shaped like ``sentence_labels.parquet``."""
    table = pd.DataFrame({"doc_id": [f"{prefix}{d:03d}" for d in doc], "n_words": 12})
    table["sent_index"] = table.groupby("doc_id").cumcount()
    table["collab"] = np.where(said > 0, "yes", "no")
    table["p_collab_yes"] = (said > 0).astype(float)
    table["mode"] = [MODES[k] if k else None for k in said]
    for k, mode in enumerate(MODES[1:], start=1):
        table[f"p_mode_{mode}"] = (said == k).astype(float)
    table["register"] = np.where(said > 0, "coordination", None)
    for register in ("coordination", "dialogue", "mixed", "unmarked"):
        table[f"p_register_{register}"] = 1.0 if register == "coordination" else 0.0
    return table


def gold_gaps(truth, doc, prefix):
    frame = pd.DataFrame({"doc_id": [f"{prefix}{d:03d}" for d in doc], "claimed": truth == 1, "practised": truth == 2})
    sums = frame.groupby("doc_id").sum()
    total = sums["claimed"] + sums["practised"]
    return ((sums["claimed"] - sums["practised"]) / total.where(total > 0)).rename("gold")


def test_overdispersion_recovers_a_known_spread():
    rng = np.random.default_rng(3)
    phi = 1 / (1 + 20)
    table = np.array([rng.multinomial(200, rng.dirichlet(20 * np.array([0.5, 0.3, 0.2]))) for _ in range(400)])
    assert overdispersion(table) == pytest.approx(phi, rel=0.25)
    same = np.array([rng.multinomial(200, [0.5, 0.3, 0.2]) for _ in range(400)])
    assert overdispersion(same) < 0.005 and concentration(overdispersion(same)) > 100


def test_corpus_priors_undo_known_error_rates():
    truth = np.array([0.5, 0.1, 0.3, 0.1])
    observed = 10_000 * truth @ RATES  # what the classifier reports on average
    found = corpus_priors(observed, RATES[None])[0]
    assert np.allclose(found, truth, atol=0.01)
    # counting the classifier's labels would not: practised is under-counted
    assert (observed / observed.sum())[2] < truth[2] - 0.1


def test_error_model_is_estimated_from_held_out_text_types():
    model = estimate_error_model(out_of_fold_table(np.random.default_rng(5)), "mode")
    assert model.classes == MODES
    assert model.observed == (
        "none",
        "none~",
        "claimed",
        "claimed~",
        "practised",
        "practised~",
        "reflective",
        "reflective~",
    )
    # sure and unsure labels together: the rates the labels were drawn with
    assert np.allclose(model.rates.reshape(4, 4, 2).sum(axis=2), RATES, atol=0.06)
    # the spread between text types is found, not assumed (SPREAD = 80)
    assert 25 < model.between_corpora < 400


def test_intervals_reach_nominal_coverage_on_simulated_corpora():
    """Five corpora, each with error rates of its own drawn around those
    of the labelled data: the corrected 95 % intervals of the documents
    that get a figure contain the true gap about 95 % of the time; the
    uncorrected ones, which ignore classifier error, do not."""
    rng = np.random.default_rng(11)
    model = {name: estimate_error_model(out_of_fold_table(rng), name) for name in COMBINED}
    params = {
        "bootstrap_samples": 400,
        "confidence": 0.95,
        "seed": 7,
        "group_by": [],
        "min_sentences": 6,
        "max_interval_width": 2.0,
    }
    covered, uncorrected_covered, errors, raw_errors = [], [], [], []
    for corpus in range(5):
        truth, said, doc = simulate(rng, corpus_rates(rng), 60, (20, 60))
        prefix = f"c{corpus}-"
        scores, _, _, _ = score_with_replicates(
            label_table(said, doc, prefix),
            pd.DataFrame({"doc_id": sorted(set(f"{prefix}{d:03d}" for d in doc))}),
            params,
            model,
        )
        scores = scores.set_index("doc_id").join(gold_gaps(truth, doc, prefix)).dropna(subset=["gold"])
        shown = scores[scores["claim_practice_gap_status"] == "ok"]
        covered += list(
            (shown["claim_practice_gap_low"] <= shown["gold"]) & (shown["gold"] <= shown["claim_practice_gap_high"])
        )
        uncorrected_covered += list(
            (scores["uncorrected_claim_practice_gap_low"] <= scores["gold"])
            & (scores["gold"] <= scores["uncorrected_claim_practice_gap_high"])
        )
        errors += list((shown["claim_practice_gap"] - shown["gold"]).abs())
        raw_errors += list((shown["uncorrected_claim_practice_gap"] - shown["gold"]).abs())
    n = len(covered)
    assert n > 150
    coverage = np.mean(covered)
    standard_error = np.sqrt(0.95 * 0.05 / n)
    assert coverage >= 0.95 - 3 * standard_error, coverage
    assert np.mean(uncorrected_covered) < 0.8
    # the correction also moves the figure towards the truth
    assert np.mean(errors) < np.mean(raw_errors)


def test_too_few_sentences_give_no_figure():
    rng = np.random.default_rng(2)
    model = {name: estimate_error_model(out_of_fold_table(rng), name) for name in COMBINED}
    truth, said, doc = simulate(rng, RATES, 6, (3, 6))
    params = {"bootstrap_samples": 200, "seed": 1, "group_by": [], "min_sentences": 8, "max_interval_width": 1.0}
    scores, groups, _, _ = score_with_replicates(
        label_table(said, doc, "s"), pd.DataFrame({"doc_id": sorted(set(f"s{d:03d}" for d in doc))}), params, model
    )
    assert (scores["claim_practice_gap_status"] == "too_few_sentences").all()
    assert scores["claim_practice_gap"].isna().all() and scores["uncorrected_claim_practice_gap"].notna().any()
    assert (scores["corrected_claimed"] >= 0).all()


def test_groups_resample_their_documents():
    """A group of documents that disagree gets a wider interval than the sum
    of the documents' own replicates would give."""
    from pipeline.figures.scores import FigureRules, Replicates, group_rows

    rng = np.random.default_rng(4)
    samples = 500
    # ten documents, half all claimed, half all practised, each certain
    totals = np.zeros((10, samples, 9), dtype=np.float32)
    totals[:5, :, 1] = 20  # claimed
    totals[5:, :, 2] = 20  # practised
    totals[:, :, 0] = 20
    totals[:, :, 8] = 200
    ids = [f"d{i}" for i in range(10)]
    scores = pd.DataFrame({"doc_id": ids, "n_sentences": 20, "n_words": 200, "basis": "labels"})
    for q in ("collab", "claimed", "practised", "reflective", "coordination", "dialogue", "mixed", "unmarked"):
        scores[f"n_{q}"] = 0
        scores[f"expected_{q}"] = totals[
            :,
            0,
            ["collab", "claimed", "practised", "reflective", "coordination", "dialogue", "mixed", "unmarked"].index(q),
        ]
    store = Replicates(ids, totals)
    summed = group_rows(scores, store, [], FigureRules(confidence=0.95)).iloc[0]
    resampled = group_rows(scores, store, [], FigureRules(confidence=0.95, resample_seed=3)).iloc[0]
    assert summed["claim_practice_gap_high"] - summed["claim_practice_gap_low"] == 0
    assert resampled["claim_practice_gap_high"] - resampled["claim_practice_gap_low"] > 0.5
    again = group_rows(scores, store, [], FigureRules(confidence=0.95, resample_seed=3)).iloc[0]
    assert again["claim_practice_gap_low"] == resampled["claim_practice_gap_low"]
    del rng
