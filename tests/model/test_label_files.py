"""The label file format: invalid labels are named, bad lines reported,
double annotations adjudicated."""

import json

import pandas as pd
import pytest

from pipeline.model.label_files import adjudicate, append_labels, read_labelled, validate_label

LABEL = {
    "id": "x1",
    "doc": "p1",
    "text": "We koken samen.",
    "collab": "yes",
    "register": "dialogue",
    "mode": "practised",
    "annotator": "test",
}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"collab": "ja"}, "collab"),
        ({"register": "gesprek"}, "register"),
        ({"collab": "no"}, "null"),
        ({"text": " "}, "empty"),
    ],
)
def test_invalid_labels_are_named(change, problem):
    assert problem in validate_label({**LABEL, **change})


def test_bad_lines_are_reported_and_skipped(tmp_path):
    path = tmp_path / "labels.jsonl"
    lines = [json.dumps(LABEL), "{kapot", json.dumps({**LABEL, "id": "x2", "mode": "gepland"}), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    frame, problems = read_labelled([path])
    assert list(frame["id"]) == ["x1"]
    assert [(p.line, p.message.split()[0]) for p in problems] == [(2, "not"), (3, "mode")]


def test_double_annotation_is_adjudicated_by_majority():
    rows = [
        {**LABEL, "annotator": "a"},
        {**LABEL, "annotator": "b", "register": "mixed"},
        {**LABEL, "annotator": "c", "register": "mixed"},
    ]
    chosen = adjudicate(pd.DataFrame(rows))
    assert len(chosen) == 1 and chosen.iloc[0]["register"] == "mixed"


def test_append_labels_refuses_invalid_records(tmp_path):
    path = tmp_path / "explorer.jsonl"
    append_labels(path, [LABEL])
    with pytest.raises(ValueError):
        append_labels(path, [{**LABEL, "collab": "misschien"}])
    assert len(path.read_text(encoding="utf-8").splitlines()) == 1


def test_label_lines_keep_every_annotator_and_report_bad_lines(tmp_path):
    from pipeline.model.label_files import annotator_file, read_label_lines, sentence_label

    path = annotator_file(tmp_path, " Anouk de Vries ")
    assert path.name == "explorer-anouk-de-vries.jsonl"
    first = sentence_label("Anouk", "doc", 3, "We belden samen.", "yes", "dialogue", "practised")
    second = sentence_label("Bram", "doc", 3, "We belden samen.", "no", "dialogue", "practised")
    assert first["id"] == "doc:3" and second["register"] is None and second["mode"] is None
    path.write_text(json.dumps(first) + "\n{kapot\n" + json.dumps(second) + "\n", encoding="utf-8")
    frame, problems = read_label_lines([path])
    assert list(frame["annotator"]) == ["Anouk", "Bram"]
    assert [(p.line, p.message.split(":")[0]) for p in problems] == [(2, "not JSON")]
    adjudicated, _ = read_labelled([path])
    assert len(adjudicated) == 1


def test_the_labels_digest_follows_the_labels_not_the_order():
    from pipeline.model.label_files import labels_digest

    frame = pd.DataFrame(
        {
            "id": ["s1", "s2"],
            "text": ["Wij werken samen.", "Het regent."],
            "collab": ["yes", "no"],
            "register": ["unmarked", None],
            "mode": ["practised", None],
        }
    )
    digest = labels_digest(frame)
    assert len(digest) == 8
    assert labels_digest(frame.iloc[::-1]) == digest
    relabelled = frame.assign(mode=["claimed", None])
    assert labels_digest(relabelled) != digest
    assert labels_digest(frame.iloc[:1]) != digest
