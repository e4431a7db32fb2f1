"""Table-driven tests for the CGN -> UD mapping (pure functions)."""

from __future__ import annotations

import pytest

from pipeline.nlp.cgn import (
    contextual_upos,
    hanta_to_xpos,
    lexical_xpos_fixes,
    resolve_plural_or_infinitive,
    verb_upos,
    xpos_to_feats,
    xpos_to_upos,
)


@pytest.mark.parametrize(
    ("hanta", "xpos"),
    [
        ("WW(pv,tgw,met-t)", "WW|pv|tgw|met-t"),
        ("N(soort,ev,basis,zijd,stan)", "N|soort|ev|basis|zijd|stan"),
        ("BW()", "BW"),
        ("LET()", "LET"),
        ("VNW(pers,pron,nomin,vol,1,ev)", "VNW|pers|pron|nomin|vol|1|ev"),
        ("UNKNOWN", "SPEC|symb"),
    ],
)
def test_hanta_tag_becomes_ud_xpos(hanta: str, xpos: str) -> None:
    assert hanta_to_xpos(hanta) == xpos


@pytest.mark.parametrize(
    ("xpos", "upos"),
    [
        ("N|soort|mv|basis", "NOUN"),
        ("N|eigen|ev|basis|onz|stan", "PROPN"),
        ("ADJ|prenom|basis|met-e|stan", "ADJ"),
        ("WW|vd|vrij|zonder", "VERB"),
        ("TW|hoofd|prenom|stan", "NUM"),
        ("TW|rang|prenom|stan", "ADJ"),  # ordinals are adjectives in UD Dutch
        ("LID|bep|stan|rest", "DET"),
        ("VZ|init", "ADP"),
        ("VG|neven", "CCONJ"),
        ("VG|onder", "SCONJ"),
        ("BW", "ADV"),
        ("TSW", "INTJ"),
        ("LET", "PUNCT"),
        ("SPEC|symb", "SYM"),
        ("SPEC|vreemd", "X"),
        ("SPEC|deeleigen", "PROPN"),
        ("VNW|bez|det|stan|vol|1|ev|prenom|zonder|agr", "PRON"),  # possessives are PRON
        ("VNW|aanw|det|stan|prenom|met-e|rest", "DET"),  # "deze" before a noun
        ("VNW|aanw|pron|stan|vol|3o|ev", "PRON"),  # "dat" on its own
        ("VNW|aanw|adv-pron|stan|red|3|getal", "ADV"),  # "er"
        ("VNW|onbep|det|stan|prenom|zonder|agr", "DET"),  # "geen"
        ("VNW|onbep|grad|stan|nom|met-e|mv-n|basis", "PRON"),  # "velen"
        ("VNW|aanw|pron|gen|vol|3m|ev", "DET"),  # "diens"
    ],
)
def test_xpos_maps_to_upos(xpos: str, upos: str) -> None:
    assert xpos_to_upos(xpos) == upos


@pytest.mark.parametrize(
    ("xpos", "upos", "feats"),
    [
        ("WW|pv|verl|ev", "VERB", "Number=Sing|Tense=Past|VerbForm=Fin"),
        ("WW|pv|tgw|met-t", "VERB", "Number=Sing|Tense=Pres|VerbForm=Fin"),
        ("WW|pv|tgw|mv", "AUX", "Number=Plur|Tense=Pres|VerbForm=Fin"),
        ("WW|pv|conj|ev", "VERB", "Number=Sing|Tense=Pres|VerbForm=Fin"),  # no Mood in UD Dutch
        ("WW|inf|vrij|zonder", "VERB", "VerbForm=Inf"),
        ("WW|vd|prenom|met-e", "VERB", "VerbForm=Part"),
        ("WW|od|vrij|zonder", "VERB", "VerbForm=Part"),
        ("N|soort|ev|basis|zijd|stan", "NOUN", "Gender=Com|Number=Sing"),
        ("N|soort|ev|basis|genus|stan", "NOUN", "Gender=Com,Neut|Number=Sing"),
        ("N|soort|mv|basis", "NOUN", "Number=Plur"),
        ("ADJ|prenom|sup|met-e|stan", "ADJ", "Degree=Sup"),
        ("ADJ|vrij|comp|zonder", "ADJ", "Degree=Cmp"),
        ("TW|rang|prenom|stan", "ADJ", "_"),
        ("LID|onbep|stan|agr", "DET", "Definite=Ind"),
        ("VNW|pers|pron|nomin|vol|1|ev", "PRON", "Case=Nom|Person=1|PronType=Prs"),
        ("VNW|refl|pron|obl|red|3|getal", "PRON", "Case=Acc|Person=3|PronType=Prs|Reflex=Yes"),
        ("VNW|bez|det|stan|vol|3|mv|prenom|zonder|agr", "PRON", "Person=3|Poss=Yes|PronType=Prs"),
        ("VNW|betr|pron|stan|vol|persoon|getal", "PRON", "PronType=Rel"),
        ("VNW|recip|pron|obl|vol|persoon|mv", "PRON", "Case=Acc|PronType=Rcp"),
        ("VNW|vb|pron|stan|vol|3p|getal", "PRON", "Person=3|PronType=Int"),
        ("VNW|aanw|det|stan|prenom|met-e|rest", "DET", "_"),  # determiners carry no features
        ("SPEC|vreemd", "X", "Foreign=Yes"),
        ("SPEC|afk", "X", "Abbr=Yes"),
        ("SPEC|deeleigen", "PROPN", "_"),
    ],
)
def test_features_follow_ud_dutch(xpos: str, upos: str, feats: str) -> None:
    assert xpos_to_feats(xpos, upos) == feats


def test_punctuation_and_als_are_normalised() -> None:
    assert lexical_xpos_fixes("(", "SPEC|symb") == "LET"
    assert lexical_xpos_fixes("%", "SPEC|symb") == "SPEC|symb"
    assert lexical_xpos_fixes("als", "VZ|init") == "VG|onder"


# Own example sentences, tokenised by hand: (words, xpos, lemmas).
_PERFECT = (
    ["Ze", "hebben", "het", "plan", "goedgekeurd", "."],
    [
        "VNW|pers|pron|stan|red|3|mv",
        "WW|pv|tgw|mv",
        "LID|bep|stan|evon",
        "N|soort|ev|basis|onz|stan",
        "WW|vd|vrij|zonder",
        "LET",
    ],
)
_POSSESSION = (
    ["Ze", "hebben", "een", "plan", "."],
    ["VNW|pers|pron|stan|red|3|mv", "WW|pv|tgw|mv", "LID|onbep|stan|agr", "N|soort|ev|basis|onz|stan", "LET"],
)
_PASSIVE_WITH_INSERTION = (
    ["Het", "plan", "wordt", ",", "na", "lang", "overleg", ",", "aangenomen", "."],
    [
        "LID|bep|stan|evon",
        "N|soort|ev|basis|onz|stan",
        "WW|pv|tgw|met-t",
        "LET",
        "VZ|init",
        "ADJ|prenom|basis|zonder",
        "N|soort|ev|basis|onz|stan",
        "LET",
        "WW|vd|vrij|zonder",
        "LET",
    ],
)
_COPULA = (
    ["De", "vergadering", "wordt", "lang", "."],
    ["LID|bep|stan|rest", "N|soort|ev|basis|zijd|stan", "WW|pv|tgw|met-t", "ADJ|vrij|basis|zonder", "LET"],
)


@pytest.mark.parametrize(
    ("sentence", "index", "lemma", "expected"),
    [
        (_PERFECT, 1, "hebben", "AUX"),
        (_POSSESSION, 1, "hebben", "VERB"),
        (_PASSIVE_WITH_INSERTION, 2, "worden", "AUX"),
        (_COPULA, 2, "worden", "VERB"),
    ],
)
def test_auxiliaries_need_a_verb_to_govern(sentence, index: int, lemma: str, expected: str) -> None:
    words, xpos = sentence
    assert verb_upos(lemma, index, words, xpos) == expected


def test_modals_are_aux_and_willen_is_verb() -> None:
    words = ["Wij", "kunnen", "en", "willen", "helpen", "."]
    xpos = ["VNW|pers|pron|nomin|vol|1|mv", "WW|pv|tgw|mv", "VG|neven", "WW|pv|tgw|mv", "WW|inf|vrij|zonder", "LET"]
    lemmas = ["wij", "kunnen", "en", "willen", "helpen", "."]
    upos = contextual_upos(words, xpos, lemmas)
    assert upos[1] == "AUX"
    assert upos[3] == "VERB"  # the treebanks tag "willen" VERB


def test_existential_zijn_is_verb_but_copula_is_aux() -> None:
    existential = (
        ["Er", "is", "koffie", "."],
        ["VNW|aanw|adv-pron|stan|red|3|getal", "WW|pv|tgw|ev", "N|soort|ev|basis|zijd|stan", "LET"],
    )
    copula = (
        ["De", "koffie", "is", "sterk", "."],
        ["LID|bep|stan|rest", "N|soort|ev|basis|zijd|stan", "WW|pv|tgw|ev", "ADJ|vrij|basis|zonder", "LET"],
    )
    assert verb_upos("zijn", 1, *existential) == "VERB"
    assert verb_upos("zijn", 2, *copula) == "AUX"


def test_dash_between_numbers_is_a_symbol() -> None:
    words = ["Het", "werd", "2", "-", "1", "."]
    xpos = ["VNW|pers|pron|stan|red|3|ev|onz", "WW|pv|verl|ev", "TW|hoofd|vrij", "LET", "TW|hoofd|vrij", "LET"]
    assert contextual_upos(words, xpos, ["het", "worden", "2", "-", "1", "."])[3] == "SYM"


def test_plural_or_infinitive_follows_clause_structure() -> None:
    words = ["Hij", "gaat", "morgen", "fietsen", "."]
    xpos = ["VNW|pers|pron|nomin|vol|3|ev|masc", "WW|pv|tgw|met-t", "BW", "WW|pv|tgw|mv", "LET"]
    assert resolve_plural_or_infinitive(words, xpos)[3] == "WW|inf|vrij|zonder"
    after_te = ["Om", "te", "fietsen", "."]
    assert (
        resolve_plural_or_infinitive(after_te, ["VZ|init", "VZ|init", "WW|pv|tgw|mv", "LET"])[2] == "WW|inf|vrij|zonder"
    )
    alone = ["Wij", "fietsen", "."]
    assert (
        resolve_plural_or_infinitive(alone, ["VNW|pers|pron|nomin|vol|1|mv", "WW|inf|vrij|zonder", "LET"])[1]
        == "WW|pv|tgw|mv"
    )
