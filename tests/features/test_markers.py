"""Marker matching on real annotations of the default pipeline."""

import pytest
import yaml

from pipeline.features.markers import MarkerMatcher, match_lemma
from pipeline.lexicon import LexiconError, lexicon_version, load_lexicon


@pytest.fixture(scope="module")
def find(nlp, test_lexicon_dir):
    matcher = MarkerMatcher(nlp.vocab, load_lexicon(test_lexicon_dir))

    def run(text: str) -> dict[str, str]:
        doc = matcher(nlp(text))
        return {span.id_: span.text for span in doc.spans["markers"]}

    return run


def test_lemmas_match_inflected_forms(find):
    assert find("Zij werkten al jaren samen met de huisarts.").get("collaboration.samen") == "samen"
    assert "collaboration.samenwerking" in find("De samenwerkingen in de wijk liepen uiteen.")


def test_separable_verb_matches_when_split(find):
    # UD lemma of 'spraken ... af' is af_spreken; the lexicon says afspreken
    assert find("Ze spraken af om elkaar elke week te zien.").get("dialogue.afspreken") == "spraken"


def test_compounds_match_as_head_and_modifier(find):
    found = find("Het jeugdketenoverleg besprak de ketenpartners en de samenwerkingsafspraken.")
    assert found.get("coordination.overleg") == "jeugdketenoverleg"
    assert found.get("coordination.keten") in {"jeugdketenoverleg", "ketenpartners"}
    assert found.get("collaboration.samenwerking") == "samenwerkingsafspraken"


def test_head_only_entry_does_not_match_as_modifier(find):
    assert "coordination.overleg" not in find("De overlegstructuur wordt herzien.")


def test_sequence_with_gap(find):
    assert "dialogue.elkaar_kennen" in find("Ze leerden elkaar beter kennen tijdens het koken.")
    # Sequences keep their order: 'kennen elkaar' needs an entry of its own.
    assert "dialogue.elkaar_kennen" not in find("Wij kennen de buurt en de buurt kent ons.")


def test_negative_entry_suppresses_overlapping_positive(nlp, test_lexicon_dir):
    matcher = MarkerMatcher(nlp.vocab, load_lexicon(test_lexicon_dir))
    doc = matcher(nlp("Samen met de bijlage ontvangt u het verslag."))
    labels = {(span.id_, span.label_) for span in doc.spans["markers"]}
    assert ("collaboration.neg_samen_met_bijlage", "not_collaboration") in labels
    assert not any(label == "collaboration" for _, label in labels)


def test_match_lemma_drops_compound_boundaries():
    assert match_lemma("af_spreken") == "afspreken"
    assert match_lemma("Keten_Partner") == "ketenpartner"


def test_version_changes_with_any_edit(test_lexicon_dir, tmp_path):
    import shutil

    copy = tmp_path / "lexicon"
    shutil.copytree(test_lexicon_dir, copy)
    before = lexicon_version(copy)
    path = copy / "claim.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# een opmerking\n", encoding="utf-8")
    assert lexicon_version(copy) != before
    assert before.startswith("0.0-test+")


def test_schema_errors_name_file_and_entry(test_lexicon_dir, tmp_path):
    import shutil

    copy = tmp_path / "lexicon"
    shutil.copytree(test_lexicon_dir, copy)
    data = yaml.safe_load((copy / "dialogue.yaml").read_text(encoding="utf-8"))
    data["entries"][0]["id"] = "claim.verkeerde_categorie"
    (copy / "dialogue.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(LexiconError, match="dialogue.yaml entry 1"):
        load_lexicon(copy)


def test_the_real_lexicon_finds_itself_in_its_own_examples(nlp):
    """Each entry's example was written to contain it; if the matcher (or an
    edit of the lexicon) loses that, the lexicon no longer means what it says."""
    lexicon = load_lexicon()
    matcher = MarkerMatcher(nlp.vocab, lexicon)
    missed = []
    for marker, doc in zip(lexicon.markers, nlp.pipe(marker.example for marker in lexicon.markers)):
        if marker.id not in {span.id_ for span in matcher(doc).spans["markers"]}:
            missed.append(marker.id)
    assert len(missed) <= 0.03 * len(lexicon.markers), missed
