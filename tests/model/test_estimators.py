"""The classifier's own estimators."""

import pandas as pd

from pipeline.features.table import NUMERIC_COLUMNS
from pipeline.model.estimators import ContextWindow, DocumentProfile, RuleBaseline, context_columns, with_context


def feature_frame(rows):
    frame = pd.DataFrame(rows)
    for column in NUMERIC_COLUMNS:
        if column not in frame:
            frame[column] = 0
    return frame.fillna(0)


def test_context_window_copies_neighbours_within_a_document_only():
    frame = feature_frame(
        [
            {"doc_id": "a", "sent_index": 0, "m_practice": 1},
            {"doc_id": "a", "sent_index": 1, "m_practice": 0},
            {"doc_id": "b", "sent_index": 0, "m_practice": 5},
        ]
    )
    context = ContextWindow(columns=("m_practice",)).fit_transform(frame)
    assert list(context["prev1_m_practice"]) == [0, 1, 0]
    assert list(context["next1_m_practice"]) == [0, 0, 0]  # b's 5 never leaks into a
    assert list(ContextWindow(columns=("m_practice",)).get_feature_names_out()) == [
        "prev1_m_practice",
        "next1_m_practice",
    ]


def test_document_profile_is_each_documents_own_mean():
    frame = feature_frame(
        [
            {"doc_id": "a", "sent_index": 0, "s_past_tense": 2},
            {"doc_id": "b", "sent_index": 0, "s_past_tense": 9},
            {"doc_id": "a", "sent_index": 1, "s_past_tense": 0},
        ]
    )
    profile = DocumentProfile(columns=("s_past_tense",)).fit(frame.iloc[:1]).transform(frame)
    assert list(profile["doc_s_past_tense"]) == [1.0, 9.0, 1.0]  # b's 9 never leaks into a
    alone = DocumentProfile(columns=("s_past_tense",)).fit(frame).transform(frame[frame["doc_id"] == "a"])
    assert list(alone["doc_s_past_tense"]) == [1.0, 1.0]  # the same whatever else is in the batch


def test_with_context_keeps_row_order_and_adds_every_context_column():
    frame = feature_frame([{"doc_id": "a", "sent_index": i, "m_claim": i} for i in (2, 0, 1)])
    result = with_context(frame)
    assert list(result["sent_index"]) == [2, 0, 1]
    assert list(result["prev1_m_claim"]) == [1, 0, 0]
    assert set(context_columns()) <= set(result.columns)


def test_rule_baseline_follows_the_lexicon_counts():
    frame = feature_frame(
        [
            {"m_coordination": 1, "m_dialogue": 1, "m_practice": 2},
            {"m_collaboration": 1, "m_claim": 1},
            {},
        ]
    )
    assert list(RuleBaseline("collab").fit(frame).predict(frame)) == ["yes", "yes", "no"]
    assert list(RuleBaseline("register").fit(frame).predict(frame)) == ["mixed", "unmarked", "unmarked"]
    assert list(RuleBaseline("mode").fit(frame).predict(frame)) == ["practised", "claimed", "claimed"]


def test_prior_discount_finds_a_rare_label_more_often_and_keeps_the_probabilities():
    """Overlapping classes, one rare: the plain most probable label almost
    never picks the rare one; discounting the priors does, more with a
    larger discount, while predict_proba stays the inner model's."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from pipeline.model.estimators import PriorDiscount, decide

    rng = np.random.default_rng(0)
    common, rare = rng.normal(0.0, 1.0, (900, 2)), rng.normal(1.2, 1.0, (100, 2))
    X = np.vstack([common, rare])
    y = np.array(["common"] * 900 + ["rare"] * 100)
    found = {}
    for discount in (0.0, 0.5, 1.0):
        model = PriorDiscount(LogisticRegression(), discount=discount).fit(X, y)
        found[discount] = int((model.predict(X) == "rare").sum())
        inner = LogisticRegression().fit(X, y)
        np.testing.assert_allclose(model.predict_proba(X), inner.predict_proba(X))
        np.testing.assert_array_equal(decide(model, model.predict_proba(X)), model.predict(X))
    np.testing.assert_allclose(model.class_prior_, [0.9, 0.1])
    assert found[0.0] < found[0.5] < found[1.0]
    plain = LogisticRegression().fit(X, y)
    np.testing.assert_array_equal(decide(plain, plain.predict_proba(X)), plain.predict(X))


def test_prior_discount_weighs_the_priors_by_the_sample_weights():
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from pipeline.model.estimators import PriorDiscount

    X = np.array([[0.0], [0.1], [1.0], [1.1]])
    model = PriorDiscount(LogisticRegression()).fit(X, ["a", "a", "b", "b"], sample_weight=[3, 3, 1, 1])
    np.testing.assert_allclose(model.class_prior_, [0.75, 0.25])
