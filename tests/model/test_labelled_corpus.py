"""The project's labelled passages: what the detection issue asks of them.

These read the real files in ``corpora/``; they fail when a batch is added
without its second annotation, when a file breaks the format, or when the
set shrinks below what was promised.
"""

from collections import Counter
from pathlib import Path

import pandas as pd
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


@pytest.fixture(scope="module")
def revision():
    """The second round: register and mode of every collaboration sentence,
    annotated again by two annotators under the revised boundary rules."""
    return annotation_roles(CORPORA / "annotation" / "revision2")


@pytest.fixture(scope="module")
def written_later():
    """Batches written after the third round, labelled by two annotators
    under its rules (all three fields in one round)."""
    return annotation_roles(CORPORA / "annotation" / "written-revision3")


@pytest.fixture(scope="module")
def revision3():
    """The third round: collab of every sentence (and register and mode of
    those called collaboration), annotated again by two annotators."""
    return annotation_roles(CORPORA / "annotation" / "revision3")


def test_the_labelled_set_is_as_large_and_varied_as_promised(labelled):
    typed = labelled[labelled["text_type"] != "onbekend"]
    assert len(labelled) >= 5000 and labelled["doc"].nunique() >= 250
    assert set(typed["text_type"]) == TEXT_TYPES
    assert set(typed["variant"]) == {"nl", "be"}
    assert labelled["id"].is_unique


def _agreed_labels_are_final(final: pd.DataFrame, first: pd.DataFrame, second: pd.DataFrame) -> None:
    """Where two independent annotators agreed, the file holds their label."""
    first = first.loc[first.index.intersection(final.index)].fillna("-")
    second = second.loc[first.index].fillna("-")
    agreed = (first == second).all(axis=1)
    chosen = agreed[agreed].index
    assert len(chosen) > 0
    assert (final.loc[chosen].fillna("-") == first.loc[chosen]).all().all()


def _by_role(annotations: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {role: group.set_index("id") for role, group in annotations.groupby("role")}


def test_every_typed_passage_was_labelled_twice_and_adjudicated(
    labelled, annotations, revision, revision3, written_later
):
    """Which round each final label comes from: collab from the third round
    (every sentence); for sentences that were collaboration before it,
    register from the first round and mode from the second; for sentences
    the third round added, register and mode from the third round. Batches
    written after the third round take all three fields from their own two
    annotations."""
    typed = labelled[labelled["text_type"] != "onbekend"]
    first = _by_role(annotations)
    later = _by_role(written_later) if not written_later.empty else {}
    later_ids = set(later["a"].index) if later else set()
    if later:
        assert set(later["a"].index) == set(later["b"].index)
        assert not later_ids & set(first["a"].index)
        fields = ["collab", "register", "mode"]
        final_later = labelled.set_index("id").loc[sorted(later_ids)]
        _agreed_labels_are_final(final_later[fields], later["a"][fields], later["b"][fields])
    assert set(typed["id"]) == set(first["a"].index) | later_ids
    assert set(first["a"].index) == set(first["b"].index)
    third = _by_role(revision3)
    assert set(labelled["id"]) - later_ids == set(third["a"].index) == set(third["b"].index)
    final = labelled.set_index("id")
    final = final[~final.index.isin(later_ids)]
    _agreed_labels_are_final(final[["collab"]], third["a"][["collab"]], third["b"][["collab"]])

    collab = final[final["collab"] == "yes"]
    second = _by_role(revision)
    assert set(second["a"].index) == set(second["b"].index)
    earlier = collab[collab.index.isin(second["a"].index)]
    added = collab[~collab.index.isin(second["a"].index)]
    _agreed_labels_are_final(earlier[["mode"]], second["a"][["mode"]], second["b"][["mode"]])
    both_yes = first["a"].index[(first["a"]["collab"] == "yes") & (first["b"].loc[first["a"].index, "collab"] == "yes")]
    kept = earlier[earlier.index.isin(both_yes)]
    _agreed_labels_are_final(kept[["register"]], first["a"][["register"]], first["b"][["register"]])
    fields = ["register", "mode"]
    _agreed_labels_are_final(added[fields], third["a"][fields], third["b"][fields])


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


def test_agreement_is_reported_for_every_field(annotations, revision, revision3, written_later):
    table = role_agreement(annotations)
    pooled = table[table["batch"] == "all"].set_index("field")
    assert set(pooled.index) == {"collab", "register", "mode"}
    assert (pooled["kappa"] > 0.4).all()
    for later in (revision, revision3, written_later):
        if later.empty:
            continue
        revised = role_agreement(later)
        pooled = revised[revised["batch"] == "all"].set_index("field")
        assert (pooled.loc[["register", "mode"], "kappa"] > 0.4).all()
