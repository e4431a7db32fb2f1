"""Labelling one text, as the classify command and the explorer's upload
page do: one row per sentence in the score stage's columns, evidence that
points into the sentence, and figures the score stage can compute."""

from __future__ import annotations

from pipeline.figures.scores import score
from pipeline.model.classifier import SentenceClassifier
from pipeline.model.labelling import label_text

TEXT = "Samen met de buren kookten we soep.\n\nDe gemeente voert de regie over de keten. Het regende."


def test_label_text_gives_a_scoreable_label_table(tiny_run, nlp):
    classifier = SentenceClassifier.load(tiny_run.models)
    table = label_text(classifier, nlp, TEXT, doc_id="upload")
    assert list(table["sent_index"]) == [0, 1, 2]
    assert (table["doc_id"] == "upload").all()
    assert list(table["n_words"]) == [7, 8, 2]
    for row in table.itertuples():
        for item in row.evidence:
            assert row.text[item["start"] : item["end"]] == item["text"]
    documents, _, _ = score(
        table.drop(columns=["evidence", "text"]), table[["doc_id"]].drop_duplicates(), {"group_by": []}
    )
    assert documents.loc[0, "n_sentences"] == 3


def test_an_empty_text_gives_an_empty_table(tiny_run, nlp):
    classifier = SentenceClassifier.load(tiny_run.models)
    assert label_text(classifier, nlp, "   \n  ").empty
