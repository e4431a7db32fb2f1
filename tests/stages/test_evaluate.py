"""The evaluate stage's measurements, on small tables whose answers are
known by construction (no model, no NLP)."""

import json

import numpy as np
import pandas as pd
import pytest

from pipeline.codebook import FIELDS, LABELS
from pipeline.figures.agreement import annotation_roles, role_agreement
from pipeline.stages.evaluate import DevSet, document_report, error_listing, gold_document_figures, read_dev_set
from pipeline.tools.label_agreement import round_agreement
from pipeline.tools.select_model import merged

SCORE_PARAMS = {"use_probabilities": True, "bootstrap_samples": 200, "confidence": 0.95, "seed": 3, "group_by": []}


def sentence(doc, index, collab, register=None, mode=None, **extra):
    return {
        "id": f"{doc}-{index}",
        "doc": doc,
        "doc_id": doc,
        "sent_index": index,
        "genre": "policy",
        "text": f"zin {index}",
        "n_words": 10,
        "collab": collab,
        "register": register,
        "mode": mode,
        **extra,
    }


def with_predictions(frame: pd.DataFrame, predicted: dict[str, list]) -> pd.DataFrame:
    """Add the classifier's columns as certain probabilities, and the rule
    baseline's from the same labels."""
    frame = frame.copy()
    for field in FIELDS:
        labels = predicted[field]
        frame[f"pred_{field}"] = labels
        frame[f"rule_{field}"] = labels
        for label in LABELS[field]:
            frame[f"pred_p_{field}_{label}"] = [1.0 if value == label else 0.0 for value in labels]
    # Rule baseline columns read marker counts; none here.
    for column in ("m_collaboration", "m_coordination", "m_dialogue", "m_claim", "m_practice", "m_reflective"):
        frame[column] = 0
    frame["marker_ids"] = ""
    return frame


def test_gold_document_figures_follow_the_codebook():
    frame = pd.DataFrame(
        [
            sentence("a", 0, "yes", "coordination", "claimed"),
            sentence("a", 1, "yes", "coordination", "claimed"),
            sentence("a", 2, "yes", "dialogue", "practised"),
            sentence("a", 3, "no"),
            sentence("b", 0, "no"),
        ]
    )
    gold = gold_document_figures(frame)
    assert gold.loc["a", "gold_claim_practice_gap"] == pytest.approx((2 - 1) / 3)
    assert gold.loc["a", "gold_coordination_dialogue_balance"] == pytest.approx((2 - 1) / 3)
    assert np.isnan(gold.loc["b", "gold_claim_practice_gap"])  # no collaboration: no figure


def test_document_report_measures_error_and_coverage_against_gold():
    rows = [sentence("a", i, "yes", "coordination", "claimed") for i in range(6)]
    rows += [sentence("a", 6 + i, "yes", "dialogue", "practised") for i in range(6)]
    frame = pd.DataFrame(rows)
    # The classifier calls every collaboration sentence claimed: gap +1 where gold is 0.
    wrong = with_predictions(
        frame, {"collab": ["yes"] * 12, "register": list(frame["register"]), "mode": ["claimed"] * 12}
    )
    summary, table = document_report(wrong, SCORE_PARAMS)
    gap = summary["uncorrected"]["claim_practice_gap"]
    assert gap["mean_absolute_error"] == pytest.approx(1.0)
    assert gap["interval_coverage"] == 0.0
    assert summary["uncorrected"]["coordination_dialogue_balance"]["mean_absolute_error"] == pytest.approx(0.0)
    assert table.set_index("doc_id").loc["a", "gold_claim_practice_gap"] == pytest.approx(0.0)

    right = with_predictions(frame, {f: list(frame[f]) for f in FIELDS})
    summary, _ = document_report(right, SCORE_PARAMS)
    assert summary["uncorrected"]["claim_practice_gap"]["mean_absolute_error"] == pytest.approx(0.0)
    assert summary["uncorrected"]["claim_practice_gap"]["interval_coverage"] == 1.0
    assert "corrected" not in summary  # no error models given


def test_document_report_and_passage_check_measure_the_corrected_method():
    """With error models, the corrected figures are measured beside the
    uncorrected ones, before and after thin figures are withheld; and the
    check on labelled passages reports coverage by minimum sentence count."""
    from pipeline.figures.correction import COMBINED, estimate_error_model
    from pipeline.stages.evaluate import passage_check
    from tests.figures.test_correction import out_of_fold_table

    out_of_fold = out_of_fold_table(np.random.default_rng(8), text_types=6)
    models = {name: estimate_error_model(out_of_fold, name) for name in COMBINED}
    rows = [sentence("a", i, "yes", "coordination", "claimed") for i in range(8)]
    rows += [sentence("a", 8 + i, "yes", "dialogue", "practised") for i in range(4)]
    rows += [sentence("b", i, "yes", "dialogue", "practised") for i in range(2)]
    frame = with_predictions(pd.DataFrame(rows), {f: list(pd.DataFrame(rows)[f]) for f in FIELDS})
    params = {**SCORE_PARAMS, "min_sentences": 5, "max_interval_width": 2.0}
    summary, table = document_report(frame, params, models)
    assert set(summary) == {"corrected", "corrected_all", "uncorrected", "baseline"}
    assert summary["corrected_all"]["claim_practice_gap"]["documents_with_figure"] == 2
    assert summary["corrected"]["claim_practice_gap"]["documents_with_figure"] == 1  # b rests on two sentences
    assert "corrected_claim_practice_gap_low" in table.columns

    check = passage_check(out_of_fold, {**SCORE_PARAMS, "bootstrap_samples": 100}, thresholds=(0, 10))
    by_minimum = check["claim_practice_gap"]["corrected_by_min_sentences"]
    assert check["text_types"] == 6
    assert by_minimum["0"]["documents_with_figure"] >= by_minimum["10"]["documents_with_figure"]
    assert 0.0 <= by_minimum["0"]["interval_coverage"] <= 1.0
    assert check["claim_practice_gap"]["uncorrected"]["documents_with_figure"] > 0


def test_error_listing_holds_exactly_the_sentences_with_a_wrong_field():
    frame = pd.DataFrame([sentence("a", 0, "yes", "dialogue", "practised"), sentence("a", 1, "no")])
    predicted = with_predictions(
        frame, {"collab": ["yes", "no"], "register": ["dialogue", None], "mode": ["claimed", None]}
    )
    listing = error_listing(predicted)
    assert list(listing["id"]) == ["a-0"]
    assert listing.loc[0, "pred_mode"] == "claimed" and listing.loc[0, "mode"] == "practised"


def test_dev_set_genres_come_from_the_documents_table(tmp_path):
    sentences = tmp_path / "dev.jsonl"
    sentences.write_text(
        "\n".join(
            json.dumps(
                {
                    "id": f"s{i}",
                    "doc": doc,
                    "text": "Wij werken samen.",
                    "collab": "yes",
                    "register": "unmarked",
                    "mode": "claimed",
                }
            )
            for i, doc in enumerate(["d1", "d2", "d3"])
        )
        + "\nnot json\n",
        encoding="utf-8",
    )
    documents = tmp_path / "docs.jsonl"
    documents.write_text(
        json.dumps({"doc": "d1", "genre": "report"}) + "\n" + json.dumps({"doc": "d2", "genre": "blog"}) + "\n"
    )
    labelled, skipped = read_dev_set(DevSet("x", sentences, documents, genre="policy"))
    assert skipped == 1
    assert list(labelled["genre"]) == ["report", "blog", "policy"]  # d3 is not in the table: the set's default


def test_selection_overrides_merge_into_the_model_settings():
    base = {"C": 0.5, "features": {"collab": ["markers"], "mode": ["counts"]}}
    result = merged(base, {"features": {"collab": ["lemma_words"]}, "class_weight": "none"})
    assert result == {"C": 0.5, "features": {"collab": ["lemma_words"], "mode": ["counts"]}, "class_weight": "none"}
    assert base["features"]["collab"] == ["markers"]  # the base is not changed


def test_label_agreement_compares_the_two_independent_annotations(tmp_path):
    def line(i, collab, register=None, mode=None, annotator="a"):
        return json.dumps(
            {
                "id": f"s{i}",
                "doc": "p1",
                "text": "Tekst.",
                "collab": collab,
                "register": register,
                "mode": mode,
                "annotator": annotator,
            }
        )

    (tmp_path / "w1.a.jsonl").write_text(
        "\n".join(
            [
                line(1, "yes", "dialogue", "practised"),
                line(2, "no"),
                line(3, "yes", "unmarked", "claimed"),
                line(4, "no"),
            ]
        )
    )
    (tmp_path / "w1.b.jsonl").write_text(
        "\n".join(
            [
                line(1, "yes", "dialogue", "claimed", "b"),
                line(2, "no", annotator="b"),
                line(3, "yes", "unmarked", "claimed", "b"),
                line(4, "yes", "unmarked", "claimed", "b"),
            ]
        )
    )
    table = role_agreement(annotation_roles(tmp_path)).set_index(["batch", "field"])
    assert table.loc[("all", "collab"), "n"] == 4
    assert table.loc[("all", "collab"), "agreement"] == pytest.approx(0.75)
    assert table.loc[("w1", "mode"), "n"] == 2  # only sentences both call collaboration
    assert table.loc[("w1", "mode"), "agreement"] == pytest.approx(0.5)

    # A later round in a subfolder is reported apart, under its own name.
    revision = tmp_path / "revision2"
    revision.mkdir()
    (revision / "w1.a.jsonl").write_text(
        line(1, "yes", "dialogue", "practised") + "\n" + line(3, "yes", "mixed", "claimed")
    )
    (revision / "w1.b.jsonl").write_text(
        line(1, "yes", "dialogue", "practised", "b") + "\n" + line(3, "yes", "unmarked", "claimed", "b")
    )
    rounds = round_agreement(tmp_path).set_index(["round", "batch", "field"])
    assert rounds.loc[("first", "all", "collab"), "n"] == 4
    assert rounds.loc[("revision2", "all", "mode"), "agreement"] == pytest.approx(1.0)
    assert rounds.loc[("revision2", "all", "register"), "agreement"] == pytest.approx(0.5)
