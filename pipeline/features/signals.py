"""Grammatical signals of how collaboration is written about.

Claimed collaboration leans on modal and normative verbs, the future
(*gaan* + infinitive), nominalisations and the first person plural of the
organisation ("wij zetten in op ..."); practised collaboration on the past
and perfect tenses, named people, places, dates and numbers, and quoted or
reported speech; reflection on generic statements, hedges and the
subjunctive. Each signal is a function from a sentence (a spaCy ``Span``)
to the tokens that show it, so that a signal is at once a classifier feature
(its count) and evidence a reader can check (the tokens).

The signals read only what every Samenspraak NLP pipeline provides: lemma,
UPOS, the CGN tag in ``tag_`` and UD morphology. None needs a parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

SignalFunction = Callable[[Span], list[Token]]

MODAL_LEMMAS = {"moeten", "dienen", "zullen", "willen", "kunnen", "mogen", "hoeven"}
REPORTING_LEMMAS = {
    "zeggen",
    "vertellen",
    "aldus",
    "benadrukken",
    "uitleggen",
    "opmerken",
    "vinden",
    "vragen",
    "antwoorden",
    "lachen",
    "verzuchten",
    "zuchten",
    "beamen",
    "stellen",
}
FIRST_PERSON_PLURAL = {"we", "wij", "ons", "onze"}
RECIPROCAL = {"elkaar", "mekaar", "elkaars", "mekaars"}
HEDGE_LEMMAS = {
    "misschien",
    "wellicht",
    "mogelijk",
    "mogelijkerwijs",
    "waarschijnlijk",
    "vermoedelijk",
    "enigszins",
    "lijken",
    "schijnen",
    "denkelijk",
    "allicht",
    "eventueel",
    "soms",
}
MONTHS = {
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
}
WEEKDAYS = {"maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"}
TIME_ANCHORS = {
    "gisteren",
    "eergisteren",
    "vanochtend",
    "vanmiddag",
    "vanavond",
    "vorig",
    "afgelopen",
    "toen",
    "destijds",
}
NOMINAL_SUFFIX_RE = re.compile(r"(?:ing|ingen|atie|aties|heid|heden|iteit|iteiten|isme|ering|eringen)$")
QUOTE_CHARS = set("\"„“”«»‚‘’'")
YEAR_RE = re.compile(r"^(?:19|20)\d\d$")


def _feats(token: Token, name: str) -> list[str]:
    return token.morph.get(name)


def _is_finite(token: Token) -> bool:
    return "Fin" in _feats(token, "VerbForm") or token.tag_.startswith("WW|pv")


def _is_participle(token: Token) -> bool:
    return "Part" in _feats(token, "VerbForm") or token.tag_.startswith("WW|vd")


def _is_infinitive(token: Token) -> bool:
    return "Inf" in _feats(token, "VerbForm") or token.tag_.startswith("WW|inf")


def modal_verbs(sent: Span) -> list[Token]:
    """moeten, dienen, zullen, willen, kunnen, mogen as finite verbs."""
    return [t for t in sent if t.lemma_.lower() in MODAL_LEMMAS and _is_finite(t)]


def gaan_infinitive(sent: Span) -> list[Token]:
    """A finite form of *gaan* with an infinitive later in the sentence: the
    Dutch future of plans ("we gaan de samenwerking versterken")."""
    found = []
    for token in sent:
        if token.lemma_.lower() == "gaan" and _is_finite(token):
            if any(_is_infinitive(other) for other in sent[token.i - sent.start + 1 :]):
                found.append(token)
    return found


def past_tense(sent: Span) -> list[Token]:
    """Finite verbs in the simple past (spraken, belde, kwam)."""
    return [t for t in sent if _is_finite(t) and ("Past" in _feats(t, "Tense") or "|verl" in t.tag_)]


def present_tense(sent: Span) -> list[Token]:
    return [t for t in sent if _is_finite(t) and ("Pres" in _feats(t, "Tense") or "|tgw" in t.tag_)]


def perfect_aspect(sent: Span) -> list[Token]:
    """hebben or zijn as finite auxiliary with a participle: the perfect
    ("we hebben samen gekookt", "ze zijn langsgegaan")."""
    if not any(_is_participle(t) for t in sent):
        return []
    return [t for t in sent if t.lemma_.lower() in {"hebben", "zijn"} and _is_finite(t)]


def passive_voice(sent: Span) -> list[Token]:
    """*worden* with a participle (in any tense): "er wordt samengewerkt",
    "afspraken werden gemaakt". Passive perfects with *zijn* alone are left
    out, because without a parse they cannot be told from active perfects."""
    if not any(_is_participle(t) for t in sent):
        return []
    return [t for t in sent if t.lemma_.lower() == "worden" and t.pos_ in {"AUX", "VERB"}]


def first_person_plural(sent: Span) -> list[Token]:
    return [t for t in sent if t.lower_ in FIRST_PERSON_PLURAL]


def reciprocal_pronouns(sent: Span) -> list[Token]:
    return [t for t in sent if t.lower_ in RECIPROCAL or "Rcp" in _feats(t, "PronType")]


def quotation(sent: Span) -> list[Token]:
    """Quotation marks (opening or closing) in the sentence."""
    return [t for t in sent if t.text in QUOTE_CHARS]


def reporting_verbs(sent: Span) -> list[Token]:
    """Verbs of saying and *aldus*: reported speech of practitioners."""
    return [
        t for t in sent if t.lemma_.lower() in REPORTING_LEMMAS and (t.pos_ in {"VERB", "ADV"} or t.lower_ == "aldus")
    ]


def numbers(sent: Span) -> list[Token]:
    """Numerals (NUM) and anything written with digits; not the article
    *een*, which spaCy's ``like_num`` counts."""
    return [t for t in sent if t.pos_ == "NUM" or (any(ch.isdigit() for ch in t.text) and not t.is_punct)]


def dates_and_times(sent: Span) -> list[Token]:
    """Months, weekdays, years and anchors such as *gisteren* or *vorige week*."""
    return [
        t
        for t in sent
        if t.lower_ in MONTHS or t.lower_ in WEEKDAYS or YEAR_RE.match(t.text) or t.lemma_.lower() in TIME_ANCHORS
    ]


def named_entities(sent: Span) -> list[Token]:
    """Proper names of people, organisations and places (PROPN, or a named
    entity where the pipeline has a recogniser). Months and weekdays are
    tagged as names in CGN; they count as dates instead."""
    return [
        t
        for t in sent
        if (t.pos_ == "PROPN" or t.ent_type_ in {"PER", "PERSON", "ORG", "LOC", "GPE"})
        and t.lower_ not in MONTHS
        and t.lower_ not in WEEKDAYS
    ]


def nominalisations(sent: Span) -> list[Token]:
    """Nouns formed from verbs or adjectives (-ing, -atie, -heid, -iteit):
    the abstract register of policy prose ("de versterking van de
    samenwerking")."""
    return [t for t in sent if t.pos_ == "NOUN" and NOMINAL_SUFFIX_RE.search(t.lower_) and len(t) > 6]


def questions(sent: Span) -> list[Token]:
    return [t for t in sent if t.text == "?"]


def hedges(sent: Span) -> list[Token]:
    return [t for t in sent if t.lemma_.lower() in HEDGE_LEMMAS]


def subjunctive(sent: Span) -> list[Token]:
    """*zou*/*zouden* (+ infinitive): the conditional and the hedged
    possibility ("dat zou kunnen helpen")."""
    return [t for t in sent if t.lower_ in {"zou", "zouden"}]


SIGNALS: dict[str, SignalFunction] = {
    "modal_verbs": modal_verbs,
    "gaan_infinitive": gaan_infinitive,
    "past_tense": past_tense,
    "present_tense": present_tense,
    "perfect_aspect": perfect_aspect,
    "passive_voice": passive_voice,
    "first_person_plural": first_person_plural,
    "reciprocal_pronouns": reciprocal_pronouns,
    "quotation": quotation,
    "reporting_verbs": reporting_verbs,
    "numbers": numbers,
    "dates_and_times": dates_and_times,
    "named_entities": named_entities,
    "nominalisations": nominalisations,
    "questions": questions,
    "hedges": hedges,
    "subjunctive": subjunctive,
}


def sentence_signals(sent: Span) -> dict[str, list[Token]]:
    """Every signal's evidence tokens for one sentence."""
    return {name: function(sent) for name, function in SIGNALS.items()}


def nominalisation_share(sent: Span) -> float:
    """Nominalisations as a share of the sentence's nouns (0 without nouns)."""
    nouns = sum(1 for t in sent if t.pos_ == "NOUN")
    return len(nominalisations(sent)) / nouns if nouns else 0.0
