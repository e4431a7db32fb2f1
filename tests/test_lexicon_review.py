"""The lexicon review file: verdicts are appended with reviewer and time,
only accept and reject are written, and the latest verdict counts."""

from __future__ import annotations

import pytest

from pipeline.lexicon_review import REVIEW_COLUMNS, append_reviews, read_reviews


def test_verdicts_are_appended_and_the_latest_counts(tmp_path):
    path = tmp_path / "corpora" / "lexicon_review.csv"
    assert read_reviews(path).empty
    written = append_reviews(path, [("dialogue", "aanschuiven", "accept"), ("claim", "ambitie", "later")], " Anouk ")
    assert written == 1
    append_reviews(path, [("dialogue", "aanschuiven", "reject")], "Bram")
    reviews = read_reviews(path)
    assert list(reviews.columns) == REVIEW_COLUMNS
    assert reviews.to_dict("records")[0] | {"time": None} == {
        "category": "dialogue",
        "candidate": "aanschuiven",
        "verdict": "reject",
        "reviewer": "Bram",
        "time": None,
    }
    assert path.read_text(encoding="utf-8").count("\n") == 3  # header and two verdicts


def test_a_reviewer_is_required(tmp_path):
    with pytest.raises(ValueError, match="reviewer"):
        append_reviews(tmp_path / "r.csv", [("claim", "ambitie", "accept")], "  ")
