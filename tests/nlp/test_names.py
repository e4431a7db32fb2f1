"""Multi-word proper names (SPEC|deeleigen) on own examples."""

from __future__ import annotations

from pipeline.nlp.names import mark_multiword_names, multiword_name_spans


def test_name_with_particles_mid_sentence() -> None:
    words = ["Gisteren", "sprak", "Anna", "van", "der", "Berg", "."]
    xpos = [
        "BW",
        "WW|pv|verl|ev",
        "N|eigen|ev|basis|zijd|stan",
        "VZ|init",
        "LID|bep|gen|rest3",
        "N|eigen|ev|basis|zijd|stan",
        "LET",
    ]
    assert multiword_name_spans(words, xpos) == [(2, 6)]


def test_capitalised_particle_opens_a_surname() -> None:
    words = ["Ik", "zag", "Van", "Dam", "."]
    xpos = ["VNW|pers|pron|nomin|vol|1|ev", "WW|pv|verl|ev", "VZ|init", "N|eigen|ev|basis|zijd|stan", "LET"]
    assert mark_multiword_names(words, xpos) == [False, False, True, True, False]


def test_sentence_initial_article_is_not_part_of_a_name() -> None:
    words = ["De", "Belgen", "wonnen", "."]
    xpos = ["LID|bep|stan|rest", "N|eigen|mv|basis", "WW|pv|verl|mv", "LET"]
    assert multiword_name_spans(words, xpos) == []


def test_adjective_before_a_proper_noun_is_a_modifier() -> None:
    words = ["de", "Duitse", "Merkel", "sprak"]
    xpos = ["LID|bep|stan|rest", "ADJ|prenom|basis|met-e|stan", "N|eigen|ev|basis|zijd|stan", "WW|pv|verl|ev"]
    assert multiword_name_spans(words, xpos) == []


def test_adjective_before_capitalised_common_noun_is_a_name() -> None:
    words = ["in", "de", "Verenigde", "Naties"]
    xpos = ["VZ|init", "LID|bep|stan|rest", "ADJ|prenom|basis|met-e|stan", "N|soort|mv|basis"]
    assert multiword_name_spans(words, xpos) == [(2, 4)]


def test_two_places_joined_by_in_are_two_names() -> None:
    words = ["het", "museum", "Boijmans", "in", "Rotterdam"]
    xpos = [
        "LID|bep|stan|evon",
        "N|soort|ev|basis|onz|stan",
        "N|eigen|ev|basis|zijd|stan",
        "VZ|init",
        "N|eigen|ev|basis|onz|stan",
    ]
    assert multiword_name_spans(words, xpos) == []
