"""Sentence segmentation on own Dutch text."""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language

from pipeline.nlp.segmenter import sentence_starts


@pytest.fixture(scope="module")
def segment() -> Language:
    nlp = spacy.blank("nl")
    nlp.add_pipe("samenspraak_sentencizer")
    return nlp


def sentences(nlp: Language, text: str) -> list[str]:
    return [sent.text.strip() for sent in nlp(text).sents]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "We bespraken o.a. de planning. Daarna gingen we lunchen.",
            ["We bespraken o.a. de planning.", "Daarna gingen we lunchen."],
        ),
        (
            "Dit geldt bijv. voor Utrecht, d.w.z. de stad. Zo is het.",
            ["Dit geldt bijv. voor Utrecht, d.w.z. de stad.", "Zo is het."],
        ),
        (
            "Het gesprek met dhr. Jansen en mevr. De Boer verliep goed.",
            ["Het gesprek met dhr. Jansen en mevr. De Boer verliep goed."],
        ),
        (
            "Het advies kwam van prof. dr. ir. Visser. Iedereen las het.",
            ["Het advies kwam van prof. dr. ir. Visser.", "Iedereen las het."],
        ),
        (
            "Volgens J. Visser en A.B. de Wit klopt dat.",
            ["Volgens J. Visser en A.B. de Wit klopt dat."],
        ),
        (
            "De bijeenkomst begint om 10.30 uur. Kom op tijd!",
            ["De bijeenkomst begint om 10.30 uur.", "Kom op tijd!"],
        ),
        (
            'Ze zei: "Dat doen we samen." Toen lachte iedereen.',
            ['Ze zei: "Dat doen we samen."', "Toen lachte iedereen."],
        ),
        (
            "Wie doet mee? 12 mensen meldden zich.",
            ["Wie doet mee?", "12 mensen meldden zich."],
        ),
        (
            "Het kost ca. 3,5 miljoen euro. Dat is veel.",
            ["Het kost ca. 3,5 miljoen euro.", "Dat is veel."],
        ),
        (
            "We wachten… en wachten. Niets gebeurt.",
            ["We wachten… en wachten.", "Niets gebeurt."],
        ),
        (
            "Er waren appels, peren, enz. die we deelden.",
            ["Er waren appels, peren, enz. die we deelden."],
        ),
        (
            "Zie het rapport (pagina 4.) Daarna volgt de bijlage.",
            ["Zie het rapport (pagina 4.)", "Daarna volgt de bijlage."],
        ),
    ],
)
def test_sentences_within_a_line(segment: Language, text: str, expected: list[str]) -> None:
    assert sentences(segment, text) == expected


def test_headings_and_list_items_are_separate_sentences(segment: Language) -> None:
    text = (
        "Samenwerking in de wijk\n"
        "1. Inleiding\n"
        "Bewoners en de gemeente werken samen. Dat gaat niet altijd vanzelf.\n"
        "- overleg met de buurt\n"
        "- een gezamenlijk plan"
    )
    assert sentences(segment, text) == [
        "Samenwerking in de wijk",
        "1. Inleiding",
        "Bewoners en de gemeente werken samen.",
        "Dat gaat niet altijd vanzelf.",
        "- overleg met de buurt",
        "- een gezamenlijk plan",
    ]


def test_whitespace_tokens_never_start_a_sentence(segment: Language) -> None:
    doc = segment("Titel\n\n   \nEerste zin.  Tweede zin.\n")
    for token in doc:
        if token.is_space and token.i > 0:
            assert token.is_sent_start is False
    assert [s.text.strip() for s in doc.sents] == ["Titel", "Eerste zin.", "Tweede zin."]


def test_newlines_only_leaves_the_rest_undecided() -> None:
    starts = sentence_starts(["Kop", "\n", "Een", "zin", ".", "Nog", "een", "."], newlines_only=True)
    assert starts == [True, False, True, None, None, None, None, None]


def test_split_abbreviation_is_recognised_by_its_periods() -> None:
    # The tokenizer splits "m.i." into "m.i" and "."; that is no sentence end.
    starts = sentence_starts(["Dat", "is", "m.i", ".", "Goed", "."], [True, True, False, True, True, False])
    assert starts[4] is False
