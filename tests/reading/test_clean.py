"""Cleaning: unit cases for each artefact, and properties that must hold for any text."""

import textwrap
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.reading.clean import (
    clean_blocks,
    clean_layout_text,
    join_pages,
    join_wrapped,
    normalise_characters,
    remove_page_furniture,
    unwrap,
    word_count,
)


def test_ligatures_soft_hyphens_and_odd_spaces_are_normalised():
    raw = "de o\ufb03ciële af\u00adstemming\u00a0in de\u200b wijk\r\nregel twee\tmet tab"
    assert normalise_characters(raw) == "de officiële afstemming in de wijk\nregel twee met tab"


def test_symbol_font_bullets_become_dashes():
    assert normalise_characters("\uf0b7 eerste punt\n\x7f tweede punt") == "- eerste punt\n- tweede punt"


def test_line_end_hyphen_is_removed_inside_a_word():
    assert join_wrapped("de ketensamen-", "werking in Lindeveen", Counter()) == "de ketensamenwerking in Lindeveen"


def test_hyphen_before_a_capital_is_kept():
    assert join_wrapped("in Noord-", "Brabant en elders", Counter()) == "in Noord-Brabant en elders"


def test_elliptical_compound_keeps_hyphen_and_space():
    assert join_wrapped("het zorg-", "en veiligheidshuis", Counter()) == "het zorg- en veiligheidshuis"


def test_hyphen_attested_elsewhere_in_the_document_is_kept():
    vocabulary = Counter({"zee-egel": 1})
    assert join_wrapped("een zee-", "egel op het strand", vocabulary) == "een zee-egel op het strand"


def test_unwrap_joins_wrapped_lines_and_keeps_paragraphs_apart():
    text = (
        "De wijkagent en de jongerenwerker liepen op dinsdagavond samen\n"
        "door het Molenkwartier en spraken met bewoners over de overlast.\n"
        "\n"
        "Daarna volgde een gesprek in het buurthuis."
    )
    assert unwrap(text) == (
        "De wijkagent en de jongerenwerker liepen op dinsdagavond samen "
        "door het Molenkwartier en spraken met bewoners over de overlast.\n\n"
        "Daarna volgde een gesprek in het buurthuis."
    )


def test_unwrap_keeps_a_heading_without_blank_line_separate():
    text = (
        "Regie in de keten\n"
        "De gemeente voert de regie over de jeugdketen en maakt met alle\n"
        "partners afspraken over casusregie, gegevensdeling en escalatie\n"
        "bij stagnatie van de hulp aan een gezin."
    )
    first, rest = unwrap(text).split("\n\n")
    assert first == "Regie in de keten"
    assert rest.startswith("De gemeente voert") and rest.endswith("aan een gezin.")


def test_unwrap_keeps_list_items_on_their_own_lines():
    text = "Wij spreken af:\n- de wijkagent belt het buurtteam\n- het buurtteam belt\n  terug binnen een dag"
    assert (
        unwrap(text)
        == "Wij spreken af:\n\n- de wijkagent belt het buurtteam\n- het buurtteam belt terug binnen een dag"
    )


def test_running_headers_footers_and_page_numbers_are_removed():
    bodies = [
        "De Akkers telt 14.120 inwoners.\nHet buurthuis is vijf dagen open.",
        "In Oud-Veen wonen veel ouderen.\nDe wachtlijst voor dagbesteding groeit.",
        "Het Molenkwartier is jong.\nEr zijn drie basisscholen.",
    ]
    pages = [f"Gemeente Lindeveen | Beleidsnota\n{body}\nPagina {n} van 3" for n, body in enumerate(bodies, 1)]
    assert remove_page_furniture(pages) == bodies


def test_a_line_at_the_top_of_one_page_only_is_kept():
    pages = ["Inleiding\nEerste tekst.", "Tweede tekst.\n2", "Derde tekst.\n3"]
    assert remove_page_furniture(pages)[0] == "Inleiding\nEerste tekst."


def test_paragraph_continues_over_a_page_break():
    assert join_pages(["Het overleg kwam in maart", "bijeen in het buurthuis."]) == (
        "Het overleg kwam in maart\nbijeen in het buurthuis."
    )
    assert join_pages(["Eerste alinea.", "Tweede alinea."]) == "Eerste alinea.\n\nTweede alinea."


def test_clean_blocks_keeps_one_unit_per_block_and_groups_list_items():
    blocks = ["Titel", "Een alinea met een\nzachte regelafbreking.", "- punt een", "- punt twee", "Slot."]
    assert (
        clean_blocks(blocks) == "Titel\n\nEen alinea met een zachte regelafbreking.\n\n- punt een\n- punt twee\n\nSlot."
    )


def test_word_count_counts_words_not_punctuation():
    assert word_count("Samen koken, samen eten – in De Akkers’ buurthuis (2024).") == 9


# ---------------------------------------------------------------- properties

DUTCH_WORDS = st.sampled_from(
    "de het een wijk bewoners agent buurtteam samenwerking overleg gesprek keten regie "
    "luisteren kennen vertrouwen jeugdhulp gemeente afspraken koken donderdag Lindeveen "
    "Molenkwartier integraal ketenpartners ondersteuning en met in op voor".split()
)
SENTENCES = st.lists(DUTCH_WORDS, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
PARAGRAPHS = st.lists(SENTENCES, min_size=1, max_size=5).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(paragraphs=st.lists(PARAGRAPHS, min_size=1, max_size=6), width=st.integers(min_value=56, max_value=100))
def test_hard_wrapped_paragraphs_round_trip(paragraphs, width):
    """Wrapping any paragraphs at any sensible width and cleaning them gives
    the paragraphs back: nothing merged, split or lost."""
    wrapped = "\n\n".join(textwrap.fill(p, width) for p in paragraphs)
    assert clean_layout_text([wrapped]) == "\n\n".join(paragraphs)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300))
def test_normalisation_is_idempotent(text):
    once = normalise_characters(text)
    assert normalise_characters(once) == once


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc deAB.-\n\u00ad\ufb01\u00a0\t:", max_size=80), max_size=4))
def test_cleaned_text_has_tidy_whitespace(pages):
    cleaned = clean_layout_text(pages)
    assert "  " not in cleaned
    assert "\n\n\n" not in cleaned
    assert all(line == line.strip() for line in cleaned.split("\n"))
    assert not any(ch in cleaned for ch in "\u00ad\ufb01\u00a0\t\r")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="abc deAB.-\n:", max_size=80), max_size=4))
def test_cleaning_never_invents_letters(pages):
    """Cleaning removes furniture and hyphens; it never adds letters."""
    before = Counter(ch for ch in "".join(pages) if ch.isalpha())
    after = Counter(ch for ch in clean_layout_text(pages) if ch.isalpha())
    assert not after - before
