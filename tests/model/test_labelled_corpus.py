"""The project's labelled passages: what the detection issue asks of them.

These read the real files in ``corpora/``; they fail when a batch is added
without its second annotation, when a file breaks the format, or when the
set shrinks below what was promised.
"""

from collections import Counter
from pathlib import Path

import pytest

from pipeline.figures.agreement import annotation_roles, role_agreement
from pipeline.model.label_files import labelled_files, read_labelled

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
TEXT_TYPES = {
    "beleidsnota",
    "raadsvoorstel",
    "raadsinformatiebrief",
    "kamerbrief",
    "convenant",
    "uitvoeringsplan",
    "jaarverslag",
    "evaluatierapport",
    "rekenkamerrapport",
    "blog",
    "column",
    "interview",
    "nieuwsbericht",
    "essay",
    "handboek",
}


@pytest.fixture(scope="module")
def labelled():
    frame, problems = read_labelled(labelled_files(CORPORA / "labelled"))
    assert not problems, problems[:5]
    return frame


@pytest.fixture(scope="module")
def annotations():
    return annotation_roles(CORPORA / "annotation")


def test_the_labelled_set_is_as_large_and_varied_as_promised(labelled):
    typed = labelled[labelled["text_type"] != "onbekend"]
    assert len(labelled) >= 5000 and labelled["doc"].nunique() >= 250
    assert set(typed["text_type"]) == TEXT_TYPES
    assert set(typed["variant"]) == {"nl", "be"}
    assert labelled["id"].is_unique


def test_every_typed_passage_was_labelled_twice_and_adjudicated(labelled, annotations):
    typed = labelled[labelled["text_type"] != "onbekend"]
    roles = annotations.groupby("role")["id"].apply(set)
    assert set(typed["id"]) == roles["a"] == roles["b"]
    # The final label is one of the two annotators' where they agreed.
    final = typed.set_index("id")[["collab", "register", "mode"]].fillna("-")
    a = annotations[annotations["role"] == "a"].set_index("id")[["collab", "register", "mode"]].fillna("-")
    b = annotations[annotations["role"] == "b"].set_index("id")[["collab", "register", "mode"]].fillna("-")
    agreed = (a == b.loc[a.index]).all(axis=1)
    assert (final.loc[agreed[agreed].index] == a.loc[agreed[agreed].index]).all().all()


def test_label_priors_are_not_class_balanced(labelled):
    """Real documents are mostly not about collaboration, and claims
    outnumber reflection; a balanced training set taught the model otherwise."""
    typed = labelled[labelled["text_type"] != "onbekend"]
    collab = Counter(typed["collab"])
    assert collab["no"] > collab["yes"]
    policy = typed[
        typed["text_type"].isin({"beleidsnota", "uitvoeringsplan", "convenant"}) & (typed["collab"] == "yes")
    ]
    assert (policy["mode"] == "claimed").mean() > 0.6


def test_agreement_is_reported_for_every_field(annotations):
    table = role_agreement(annotations)
    pooled = table[table["batch"] == "all"].set_index("field")
    assert set(pooled.index) == {"collab", "register", "mode"}
    assert (pooled["kappa"] > 0.4).all()
