"""The codebook's figures and their bootstrap intervals."""

import numpy as np
import pandas as pd

from pipeline.figures.scores import bootstrap_totals, figures_from_totals, interval, score


def labels_for(doc_id, modes, registers, words=10):
    rows = []
    for i, (mode, register) in enumerate(zip(modes, registers)):
        collab = "yes" if mode else "no"
        row = {
            "doc_id": doc_id,
            "sent_index": i,
            "collab": collab,
            "mode": mode or None,
            "register": register or None,
            "n_words": words,
            "p_collab_yes": 1.0 if mode else 0.0,
        }
        for m in ("claimed", "practised", "reflective"):
            row[f"p_mode_{m}"] = 1.0 if mode == m else 0.0
        for r in ("coordination", "dialogue", "mixed", "unmarked"):
            row[f"p_register_{r}"] = 1.0 if register == r else 0.0
        rows.append(row)
    return rows


def test_figures_follow_the_codebook_definitions():
    totals = {
        "claimed": np.array([3.0]),
        "practised": np.array([1.0]),
        "coordination": np.array([0.0]),
        "dialogue": np.array([2.0]),
        "collab": np.array([5.0]),
        "words": np.array([500.0]),
    }
    figures = figures_from_totals(totals)
    assert figures["claim_practice_gap"][0] == 0.5
    assert figures["coordination_dialogue_balance"][0] == -1.0
    assert figures["collaboration_density"][0] == 10.0


def test_gap_is_undefined_without_claims_or_practice():
    totals = {
        "claimed": np.array([0.0]),
        "practised": np.array([0.0]),
        "coordination": np.array([1.0]),
        "dialogue": np.array([0.0]),
        "collab": np.array([1.0]),
        "words": np.array([10.0]),
    }
    assert np.isnan(figures_from_totals(totals)["claim_practice_gap"][0])


def test_bootstrap_resamples_rows_with_replacement():
    weights = np.array([[1.0], [0.0], [0.0], [0.0]])
    totals = bootstrap_totals(weights, 2000, np.random.default_rng(1))
    assert totals.shape == (2000, 1)
    assert abs(totals.mean() - 1.0) < 0.1  # expected total equals the observed total
    assert totals.min() == 0 and totals.max() >= 3


def test_interval_is_undefined_when_most_replicates_are():
    assert np.isnan(interval(np.array([np.nan] * 8 + [0.1, 0.2]), 0.95)[0])


def test_documents_and_groups_with_hard_labels_and_probabilities():
    claims = labels_for("a", ["claimed"] * 6 + ["practised"] * 2 + [""] * 2, ["coordination"] * 8 + [""] * 2)
    practice = labels_for("b", ["practised"] * 5 + ["claimed"], ["dialogue"] * 6)
    labels = pd.DataFrame(claims + practice)
    documents = pd.DataFrame(
        {"doc_id": ["a", "b"], "organisation": ["Gemeente", "Welzijn"], "genre": ["beleid", "blog"]}
    )
    params = {
        "use_probabilities": False,
        "bootstrap_samples": 500,
        "confidence": 0.9,
        "seed": 3,
        "group_by": ["organisation"],
    }
    documents_scores, groups, summary = score(labels, documents, params)
    a = documents_scores.set_index("doc_id").loc["a"]
    assert a["claim_practice_gap"] == (6 - 2) / 8 and a["n_claimed"] == 6 and a["n_collab"] == 8
    assert a["coordination_dialogue_balance"] == 1.0
    assert a["collaboration_density"] == 1000 * 8 / 100
    assert a["claim_practice_gap_low"] <= a["claim_practice_gap"] <= a["claim_practice_gap_high"]
    corpus = groups[groups["group_by"] == "corpus"].iloc[0]
    assert corpus["claim_practice_gap"] == (7 - 7) / 14 and corpus["n_documents"] == 2
    assert set(groups.loc[groups["group_by"] == "organisation", "group"]) == {"Gemeente", "Welzijn"}
    # probabilities of 0/1 give the same point estimates as hard labels
    again, _, _ = score(labels, documents, {**params, "use_probabilities": True})
    assert np.allclose(again["claim_practice_gap"], documents_scores["claim_practice_gap"])
    # seeded: the same intervals twice
    third, _, _ = score(labels, documents, params)
    assert third["claim_practice_gap_low"].equals(documents_scores["claim_practice_gap_low"])


def test_stored_replicates_give_any_group_the_same_bootstrap(tmp_path):
    from pipeline.figures.scores import Replicates, group_rows, score_with_replicates

    labels = pd.DataFrame(
        labels_for("a", ["claimed"] * 4 + ["practised"] * 3, ["coordination"] * 4 + ["dialogue"] * 3)
        + labels_for("b", ["practised"] * 5 + ["claimed"], ["dialogue"] * 6)
    )
    documents = pd.DataFrame({"doc_id": ["a", "b"], "organisation": ["Gemeente", "Welzijn"]})
    params = {
        "use_probabilities": True,
        "bootstrap_samples": 300,
        "confidence": 0.9,
        "seed": 5,
        "group_by": ["organisation"],
    }
    doc_scores, groups, _, store = score_with_replicates(labels, documents, params)
    store.save(tmp_path / "bootstrap")
    loaded = Replicates.load(tmp_path / "bootstrap")
    assert loaded.totals.shape == (2, 300, 9)
    # A 'selection' of one document has exactly that document's figures and interval.
    only_a = group_rows(doc_scores[doc_scores["doc_id"] == "a"], loaded, ["organisation"], 0.9)
    a = doc_scores.set_index("doc_id").loc["a"]
    corpus = only_a[only_a["group_by"] == "corpus"].iloc[0]
    for figure in ("claim_practice_gap", "claim_practice_gap_low", "claim_practice_gap_high"):
        assert np.isclose(corpus[figure], a[figure], atol=1e-4)
    # And the whole set reproduces the stage's own group rows.
    again = group_rows(doc_scores, loaded, ["organisation"], 0.9)
    assert np.allclose(again["claim_practice_gap_low"], groups["claim_practice_gap_low"], atol=1e-4)
    assert Replicates.load(tmp_path / "none") is None


def test_grouped_replicates_are_the_sums_of_each_groups_documents():
    from pipeline.figures.scores import Replicates

    rng = np.random.default_rng(4)
    store = Replicates([f"d{i}" for i in range(7)], rng.random((7, 50, 9)).astype(np.float32))
    doc_ids = ["d5", "d0", "d3", "d6", "d1"]
    codes = np.array([2, 0, 2, 0, 0])
    grouped = store.grouped(doc_ids, codes, 4)
    assert grouped.shape == (4, 50, 9) and grouped.dtype == np.float64
    assert np.allclose(grouped[0], store.totals[[0, 1, 6]].sum(axis=0))
    assert np.allclose(grouped[2], store.totals[[3, 5]].sum(axis=0))
    assert not grouped[1].any() and not grouped[3].any()  # groups without documents stay zero
    assert np.allclose(store.summed(doc_ids), store.totals[[0, 1, 3, 5, 6]].sum(axis=0))
    assert not store.summed([]).any()


def test_intervals_of_many_rows_equal_one_by_one():
    from pipeline.figures.scores import interval, intervals

    rng = np.random.default_rng(2)
    values = rng.normal(size=(6, 200))
    values[1, :30] = np.nan  # some undefined replicates
    values[2, :150] = np.nan  # mostly undefined: no interval
    both = intervals(values, 0.9)
    for row in range(6):
        assert np.allclose(both[row], interval(values[row], 0.9), equal_nan=True)
    assert np.isnan(both[2]).all()
