"""Lemma rules: spelling repair, compounds, case, particles (own examples)."""

from __future__ import annotations

import pytest

from pipeline.nlp.lemmas import (
    find_separated_particle,
    hyphen_to_underscore,
    lemma_for_word,
    restore_case,
    restore_citation_spelling,
    segment_compound,
    separable_verb_lemmas,
)


@pytest.mark.parametrize(
    ("variant", "citation"),
    [
        ("mann", "man"),  # mannen
        ("wek", "week"),  # weken
        ("bedrijv", "bedrijf"),  # bedrijven
        ("huiz", "huis"),  # huizen
        ("og", "oog"),  # ogen
        ("italian", "italiaan"),  # Italianen: i-a is two vowels
        ("dien", "dien"),  # "ie" is one vowel, nothing to double
    ],
)
def test_variant_stems_get_their_citation_spelling(variant: str, citation: str) -> None:
    assert restore_citation_spelling(variant) == citation


@pytest.mark.parametrize(
    ("lemma", "expected"),
    [
        ("politie-agent", "politie_agent"),
        ("Zuid-Amerikaans", "Zuid-Amerikaans"),  # geographic compounds keep the hyphen
        ("e-mail", "e-mail"),
        ("N-VA", "N-VA"),
        ("mond-", "mond-"),
    ],
)
def test_hyphens_follow_alpino(lemma: str, expected: str) -> None:
    assert hyphen_to_underscore(lemma) == expected


def test_case_follows_the_word_not_the_sentence() -> None:
    assert restore_case("zaterdag", "zaterdag", keep_initial_capital=True) == "zaterdag"
    assert restore_case("Zaterdag", "zaterdag", keep_initial_capital=True) == "zaterdag"
    assert restore_case("fiets", "Fietsen", keep_initial_capital=False) == "fiets"
    assert restore_case("farc-rebel", "FARC-rebellen", keep_initial_capital=False) == "FARC-rebel"
    assert restore_case("utrecht", "Utrecht", keep_initial_capital=True) == "Utrecht"


def test_compound_members_are_joined_with_underscores() -> None:
    morphemes = [("wijk", "N(soort,zijd)"), ("s", "LI"), ("raad", "N(soort,zijd)")]
    assert segment_compound("wijksraad", morphemes, is_verb=False, participle_has_ge=False) == "wijk_raad"
    plural_link = [("boek", "N(soort,onz)"), ("en", "LI"), ("kast", "N(soort,zijd)")]
    assert segment_compound("boekenkast", plural_link, is_verb=False, participle_has_ge=False) == "boek_kast"


def test_prefixes_stay_attached_outside_verbs() -> None:
    morphemes = [("op", "PTK"), ("leid", "WW"), ("ing", "SUF_WW_SUBST")]
    assert segment_compound("opleiding", morphemes, is_verb=False, participle_has_ge=False) == "opleiding"


def test_separable_verb_written_as_one_word() -> None:
    morphemes = [("mee", "PTK"), ("werk", "WW"), ("en", "SUF_WW(inf)")]
    assert segment_compound("meewerken", morphemes, is_verb=True, participle_has_ge=False) == "mee_werken"


def test_ambiguous_prefix_needs_evidence() -> None:
    # "overleggen" (to consult) is inseparable; "overgelegd" proves separability.
    inseparable = [("over", "PTK"), ("leg", "WW"), ("en", "SUF_WW(inf)")]
    assert segment_compound("overleggen", inseparable, is_verb=True, participle_has_ge=False) == "overleggen"
    separable = [("over", "PTK"), ("ge", "PREF_VD"), ("leg", "WW"), ("d", "SUF_VD")]
    assert segment_compound("overleggen", separable, is_verb=True, participle_has_ge=True) == "over_leggen"


@pytest.mark.parametrize(
    ("form", "hanta_lemma", "xpos", "upos", "initial", "expected"),
    [
        ("meer", "meer", "VNW|onbep|grad|stan|vrij|zonder|comp", "ADV", False, "veel"),
        ("beste", "best", "ADJ|prenom|sup|met-e|stan", "ADJ", False, "goed"),
        ("anders", "ander", "BW", "ADV", False, "anders"),
        ("VVD", "vvd", "N|eigen|ev|basis|zijd|stan", "PROPN", False, "VVD"),
        ("Fietsen", "fiets", "N|soort|mv|basis", "NOUN", True, "fiets"),
        ("Frans", "frans", "ADJ|vrij|basis|zonder", "ADJ", False, "Frans"),
        ("Pieters", "pieters", "N|eigen|ev|basis|gen", "PROPN", False, "Pieters"),
        ("Annes", "annes", "N|eigen|ev|basis|gen", "PROPN", False, "Annes"),
        ("Emma's", "emma's", "N|eigen|ev|basis|gen", "PROPN", False, "Emma"),
        ("(", "(", "LET", "PUNCT", False, "("),
        ("12", "12", "TW|hoofd|vrij", "NUM", False, "12"),
    ],
)
def test_word_level_lemma_rules(form, hanta_lemma, xpos, upos, initial, expected) -> None:
    assert lemma_for_word(form, hanta_lemma, [(hanta_lemma, "X")], xpos, upos, sentence_initial=initial) == expected


def test_noun_plural_variant_is_repaired() -> None:
    morphemes = [("schep", "N_VAR(soort,onz)"), ("en", "SUF_N_N")]
    lemma = lemma_for_word("schepen", "schep", morphemes, "N|soort|mv|basis", "NOUN", sentence_initial=False)
    assert lemma == "scheep"  # the spelling rule; the irregular "schip" is out of reach


def test_kinderen_is_kind() -> None:
    morphemes = [("kinder", "N_VAR(soort,onz)"), ("en", "SUF_N_N")]
    assert lemma_for_word("kinderen", "kinder", morphemes, "N|soort|mv|basis", "NOUN", sentence_initial=False) == "kind"


_SEPARATED = (
    ["Zij", "belde", "haar", "zus", "op", "."],
    [
        "VNW|pers|pron|nomin|vol|3v|ev|fem",
        "WW|pv|verl|ev",
        "VNW|bez|det|stan|vol|3|ev|prenom|zonder|agr",
        "N|soort|ev|basis|zijd|stan",
        "VZ|fin",
        "LET",
    ],
    ["zij", "bellen", "haar", "zus", "op", "."],
)


def test_separated_particle_joins_the_finite_verb() -> None:
    words, xpos, lemmas = _SEPARATED
    assert find_separated_particle(words, xpos, 1) == 4
    new, joined = separable_verb_lemmas(words, xpos, lemmas)
    assert new[1] == "op_bellen"
    assert joined == [4]


def test_particle_before_te_belongs_to_the_infinitive() -> None:
    words = ["Hij", "probeerde", "het", "af", "te", "maken", "."]
    xpos = [
        "VNW|pers|pron|nomin|vol|3|ev|masc",
        "WW|pv|verl|ev",
        "VNW|pers|pron|stan|red|3|ev|onz",
        "VZ|fin",
        "VZ|init",
        "WW|inf|vrij|zonder",
        "LET",
    ]
    lemmas = ["hij", "proberen", "het", "af", "te", "maken", "."]
    new, _ = separable_verb_lemmas(words, xpos, lemmas)
    assert new[1] == "proberen"
    assert new[5] == "af_maken"


def test_stranded_preposition_after_er_is_not_a_particle() -> None:
    words = ["Ze", "lachten", "er", "niet", "om", "."]
    xpos = ["VNW|pers|pron|stan|red|3|mv", "WW|pv|verl|mv", "VNW|aanw|adv-pron|stan|red|3|getal", "BW", "VZ|fin", "LET"]
    assert find_separated_particle(words, xpos, 1) is None
