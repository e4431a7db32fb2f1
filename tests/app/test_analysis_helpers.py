"""Unit tests for the analysis the explorer asks of the pipeline:
keyness (pipeline.figures.keyness), group comparison (pipeline.figures.compare) and
annotator agreement (pipeline.figures.agreement)."""

import math

import numpy as np
import pandas as pd
import pytest

from pipeline.figures.agreement import agreement_with_model, kappa, pairwise_kappa
from pipeline.figures.compare import compare_groups
from pipeline.figures.keyness import keyness, log_likelihood


def test_log_likelihood_matches_a_hand_computed_value():
    # 10 of 1,000 words in A, 2 of 1,000 in B: E = 6 on both sides.
    expected = 2 * (10 * math.log(10 / 6) + 2 * math.log(2 / 6))
    assert log_likelihood(np.array([10]), np.array([2]), 1000, 1000)[0] == pytest.approx(expected)


def test_equal_relative_frequencies_give_no_keyness():
    assert log_likelihood(np.array([5]), np.array([10]), 100, 200)[0] == pytest.approx(0.0, abs=1e-12)


def test_keyness_ranks_the_distinctive_term_first_and_says_where():
    regie = {"regie": 30, "overleg": 10, "de": 200}
    gesprek = {"gesprek": 25, "overleg": 11, "de": 210}
    table = keyness(regie, gesprek, min_count=3)
    assert list(table.columns) == [
        "term",
        "count_a",
        "count_b",
        "per_10k_a",
        "per_10k_b",
        "log_ratio",
        "g2",
        "p_value",
        "more_in",
    ]
    assert table.iloc[0]["term"] == "regie" and table.iloc[0]["more_in"] == "A"
    row = table.set_index("term").loc["gesprek"]
    assert row["more_in"] == "B" and row["log_ratio"] < 0 and row["p_value"] < 0.001
    assert table.set_index("term").loc["de", "p_value"] > 0.05
    assert (table["g2"].diff().dropna() <= 0).all()


def test_keyness_leaves_out_rare_terms_and_handles_empty_groups():
    assert "zeldzaam" not in set(keyness({"zeldzaam": 1, "de": 50}, {"de": 50}, min_count=2)["term"])
    assert keyness({}, {"de": 3}).empty


def _labels(doc, claimed, practised, n=20, p_collab=0.9):
    """A document whose collaboration sentences lean towards claims or practice."""
    rows = []
    for i in range(n):
        claim = i < claimed
        practice = claimed <= i < claimed + practised
        rows.append(
            {
                "doc_id": doc,
                "sent_index": i,
                "p_collab_yes": p_collab,
                "collab": "yes",
                "p_mode_claimed": 0.9 if claim else 0.05,
                "p_mode_practised": 0.9 if practice else 0.05,
                "p_mode_reflective": 0.05 if (claim or practice) else 0.9,
                "p_register_coordination": 0.7,
                "p_register_dialogue": 0.1,
                "p_register_mixed": 0.1,
                "p_register_unmarked": 0.1,
                "register": "coordination",
                "mode": "claimed" if claim else "practised" if practice else "reflective",
                "n_words": 12,
            }
        )
    return pd.DataFrame(rows)


def test_compare_groups_gives_both_groups_and_a_difference_with_intervals():
    claims = pd.concat([_labels("a1", 15, 3), _labels("a2", 14, 4)])
    practice = pd.concat([_labels("b1", 3, 15), _labels("b2", 2, 16)])
    result = compare_groups(claims, practice, {"bootstrap_samples": 300, "seed": 1}).set_index("group")
    assert list(result.index) == ["A", "B", "A-B"]
    assert result.loc["A", "n_documents"] == 2 and result.loc["A", "n_sentences"] == 40
    a, b, diff = (result.loc[g, "claim_practice_gap"] for g in ("A", "B", "A-B"))
    assert a > 0.5 and b < -0.5 and diff == pytest.approx(a - b)
    low, high = result.loc["A-B", "claim_practice_gap_low"], result.loc["A-B", "claim_practice_gap_high"]
    assert 0 < low <= diff <= high
    # The balance is the same in both groups: its difference straddles zero.
    assert (
        result.loc["A-B", "coordination_dialogue_balance_low"]
        <= 0
        <= result.loc["A-B", "coordination_dialogue_balance_high"]
    )


def test_compare_groups_is_seeded_and_survives_an_empty_group():
    group = _labels("a1", 10, 5)
    first = compare_groups(group, group, {"bootstrap_samples": 100, "seed": 3})
    again = compare_groups(group, group, {"bootstrap_samples": 100, "seed": 3})
    pd.testing.assert_frame_equal(first, again)
    empty = compare_groups(group, group.iloc[0:0], {"bootstrap_samples": 50}).set_index("group")
    assert math.isnan(empty.loc["B", "claim_practice_gap"]) and math.isnan(empty.loc["A-B", "claim_practice_gap"])


def _human(rows):
    return pd.DataFrame(rows, columns=["annotator", "id", "collab", "register", "mode"])


def test_agreement_with_model_counts_register_and_mode_only_where_both_say_collaboration():
    human = _human(
        [
            ("a", "d:1", "yes", "dialogue", "practised"),
            ("a", "d:2", "no", None, None),
            ("a", "d:3", "yes", "coordination", "claimed"),
        ]
    )
    model = _human(
        [
            ("m", "d:1", "yes", "dialogue", "claimed"),
            ("m", "d:2", "yes", "mixed", "claimed"),
            ("m", "d:3", "yes", "coordination", "claimed"),
        ]
    )
    table = agreement_with_model(human, model).set_index("field")
    assert table.loc["collab", "n"] == 3 and table.loc["collab", "same"] == 2
    assert table.loc["register", "n"] == 2 and table.loc["register", "agreement"] == 1.0
    assert table.loc["mode", "same"] == 1


def test_pairwise_kappa_uses_each_annotators_last_label():
    labels = _human(
        [
            ("anna", "s1", "yes", "dialogue", "practised"),
            ("anna", "s2", "no", None, None),
            ("anna", "s3", "yes", "coordination", "claimed"),
            ("anna", "s4", "no", None, None),
            ("bert", "s1", "yes", "dialogue", "practised"),
            ("bert", "s2", "yes", "mixed", "claimed"),
            ("bert", "s2", "no", None, None),  # corrected: the last label counts
            ("bert", "s3", "yes", "coordination", "claimed"),
            ("bert", "s4", "yes", "unmarked", "claimed"),
        ]
    )
    table = pairwise_kappa(labels).set_index("field")
    assert table.loc["collab", "n"] == 4 and table.loc["collab", "agreement"] == 0.75
    assert table.loc["collab", "kappa"] == pytest.approx(0.5)
    assert table.loc["register", "n"] == 2 and table.loc["register", "kappa"] == pytest.approx(1.0)


def test_kappa_is_undefined_for_a_single_sentence():
    assert math.isnan(kappa(pd.Series(["yes"]), pd.Series(["yes"])))


def test_chi_squared_tail_with_one_degree_of_freedom_matches_scipy():
    from scipy.stats import chi2

    from pipeline.figures.keyness import chi2_sf_one_df

    values = np.array([0.0, 1e-6, 0.5, 3.841, 6.63, 10.83, 50.0, 300.0])
    assert np.allclose(chi2_sf_one_df(values), chi2.sf(values, df=1), rtol=1e-12, atol=0)


def test_empty_metadata_is_shown_as_the_unknown_group(tmp_path):
    import duckdb

    from app.data import _named_unknowns

    path = tmp_path / "documents.parquet"
    pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "organisation": ["Gemeente", "", None], "year": ["2020", "", "2021"]}
    ).to_parquet(path)
    connection = duckdb.connect()
    source = f"read_parquet('{path}')"
    shown = connection.execute(f"SELECT {_named_unknowns(connection, source)} FROM {source}").df()
    assert list(shown["organisation"]) == ["Gemeente", "(onbekend)", "(onbekend)"]
    assert list(shown["year"]) == ["2020", "", "2021"]  # a year stays a number or nothing
    assert list(shown.columns) == ["doc_id", "organisation", "year"]
