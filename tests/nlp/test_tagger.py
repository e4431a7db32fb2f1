"""The embedded pipeline on own sentences: POS, morphology and lemmas."""

from __future__ import annotations

from spacy.language import Language


def by_text(doc):
    return {token.text: token for token in doc}


def test_perfect_tense_auxiliary_and_participle(default_nlp: Language) -> None:
    t = by_text(default_nlp("De kinderen hebben de bal in de tuin gevonden."))
    assert (t["hebben"].pos_, t["hebben"].lemma_) == ("AUX", "hebben")
    assert t["gevonden"].pos_ == "VERB"
    assert t["gevonden"].lemma_ == "vinden"
    assert t["gevonden"].morph.get("VerbForm") == ["Part"]
    assert t["gevonden"].tag_ == "WW|vd|vrij|zonder"
    assert (t["kinderen"].lemma_, t["kinderen"].morph.get("Number")) == ("kind", ["Plur"])


def test_modal_is_aux_with_infinitive(default_nlp: Language) -> None:
    t = by_text(default_nlp("Zij moet morgen vroeg vertrekken."))
    assert (t["moet"].pos_, t["moet"].lemma_) == ("AUX", "moeten")
    assert t["moet"].morph.get("Tense") == ["Pres"]
    assert t["vertrekken"].morph.get("VerbForm") == ["Inf"]


def test_past_tense_and_separable_verb(default_nlp: Language) -> None:
    t = by_text(default_nlp("Hij belde zijn moeder op."))
    assert t["belde"].tag_ == "WW|pv|verl|ev"
    assert t["belde"].morph.get("Tense") == ["Past"]
    assert t["belde"].morph.get("Number") == ["Sing"]
    assert t["belde"].lemma_ == "op_bellen"
    assert t["zijn"].pos_ == "PRON"
    assert t["zijn"].morph.get("Poss") == ["Yes"]


def test_passive_worden_is_aux(default_nlp: Language) -> None:
    t = by_text(default_nlp("Het rapport werd door de commissie besproken."))
    assert (t["werd"].pos_, t["werd"].lemma_) == ("AUX", "worden")
    assert t["besproken"].lemma_ == "bespreken"
    assert t["Het"].pos_ == "DET" and t["Het"].lemma_ == "het"


def test_pronoun_features(default_nlp: Language) -> None:
    t = by_text(default_nlp("Wij zien hem."))
    assert t["Wij"].morph.to_dict() == {"Case": "Nom", "Person": "1", "PronType": "Prs"}
    assert t["hem"].morph.get("Case") == ["Acc"]


def test_multiword_name(default_nlp: Language) -> None:
    doc = default_nlp("Gisteren sprak ik met Anna de Vries over het plan.")
    name = [token for token in doc if token.tag_ == "SPEC|deeleigen"]
    assert [token.text for token in name] == ["Anna", "de", "Vries"]
    assert all(token.pos_ == "PROPN" and token.lemma_ == token.text for token in name)


def test_whitespace_tokens_get_space_annotation(default_nlp: Language) -> None:
    doc = default_nlp("Kop\n\nTekst hier.")
    space = [token for token in doc if token.is_space][0]
    assert (space.pos_, space.tag_) == ("SPACE", "_SP")


def test_no_parser_in_default(default_nlp: Language) -> None:
    assert not default_nlp.has_pipe("parser")
    assert "samenspraak_hanta_tagger" in {default_nlp.get_pipe_meta(n).factory for n in default_nlp.pipe_names}
