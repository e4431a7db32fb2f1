"""EM re-estimation of label priors, checked where the truth is known."""

import numpy as np
import pandas as pd
import pytest

from pipeline.codebook import LABELS
from pipeline.model.priors import adapt_to_corpus, em_priors, training_priors


def simulated_posteriors(prior_yes: float, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Sentences whose one feature is N(+1, 1) for 'yes' and N(-1, 1) for
    'no', scored by the exact posterior of a model trained at 50/50."""
    rng = np.random.default_rng(seed)
    gold = rng.random(n) < prior_yes
    x = rng.normal(np.where(gold, 1.0, -1.0), 1.0)
    p_yes = 1 / (1 + np.exp(-2 * x))  # likelihood ratio exp(2x) at equal priors
    return np.column_stack([p_yes, 1 - p_yes]), gold


@pytest.mark.parametrize("true_prior", [0.1, 0.3, 0.5, 0.8])
def test_em_recovers_the_corpus_prior(true_prior):
    posteriors, gold = simulated_posteriors(true_prior, 8000, seed=int(true_prior * 100))
    adjusted, priors, iterations = em_priors(posteriors, np.array([0.5, 0.5]))
    assert priors[0] == pytest.approx(gold.mean(), abs=0.03)
    assert iterations < 100
    if abs(true_prior - 0.5) > 0.1:
        # The model's raw mean is pulled towards 50/50; EM's estimate is closer.
        assert abs(priors[0] - gold.mean()) < abs(posteriors[:, 0].mean() - gold.mean())
    assert np.allclose(adjusted.sum(axis=1), 1.0)


def test_em_leaves_a_corpus_with_the_training_priors_alone():
    posteriors, _ = simulated_posteriors(0.5, 20000, seed=1)
    adjusted, priors, _ = em_priors(posteriors, np.array([0.5, 0.5]))
    assert priors[0] == pytest.approx(0.5, abs=0.02)
    assert np.abs(adjusted - posteriors).max() < 0.05


def test_em_on_no_rows_returns_the_training_priors():
    adjusted, priors, iterations = em_priors(np.zeros((0, 2)), np.array([0.3, 0.7]))
    assert iterations == 0 and priors.tolist() == pytest.approx([0.3, 0.7])


def label_table(p_yes, mode_rows):
    table = pd.DataFrame({"p_collab_yes": p_yes, "p_collab_no": 1 - np.asarray(p_yes)})
    table["collab"] = np.where(table["p_collab_yes"] >= 0.5, "yes", "no")
    for field, rows in (("register", [[0.25] * 4] * len(p_yes)), ("mode", mode_rows)):
        for i, label in enumerate(LABELS[field]):
            table[f"p_{field}_{label}"] = [row[i] for row in rows]
        table[field] = [LABELS[field][int(np.argmax(row))] for row in rows]
    return table


def test_adapt_to_corpus_keeps_the_codebook_shape():
    table = label_table([0.9, 0.55, 0.1, 0.2], [[0.6, 0.3, 0.1]] * 4)
    priors = {
        "collab": {"yes": 0.5, "no": 0.5},
        "register": {k: 0.25 for k in LABELS["register"]},
        "mode": {"claimed": 0.2, "practised": 0.4, "reflective": 0.4},
    }
    adapted, found = adapt_to_corpus(table, priors)
    assert found["collab"]["yes"] < 0.5  # a corpus mostly without collaboration
    assert adapted.loc[adapted["collab"] == "no", ["register", "mode"]].isna().all().all()
    assert adapted.loc[adapted["collab"] == "yes", "mode"].notna().all()
    for field in ("collab", "register", "mode"):
        columns = [f"p_{field}_{label}" for label in LABELS[field]]
        assert np.allclose(adapted[columns].sum(axis=1), 1.0, atol=1e-3)


def test_training_priors_of_conditional_fields_count_collaboration_rows_only():
    frame = pd.DataFrame(
        {
            "collab": ["yes", "yes", "no", "no"],
            "register": ["dialogue", "unmarked", None, None],
            "mode": ["claimed", "claimed", None, None],
        }
    )
    priors = training_priors(frame)
    assert priors["collab"] == {"yes": 0.5, "no": 0.5}
    assert priors["mode"]["claimed"] == 1.0 and priors["register"]["dialogue"] == 0.5
