"""Each grammatical signal on sentences written to show it, tagged by the
default pipeline, so the signals are tested against real annotations."""

import pytest

from pipeline.features import signals


@pytest.fixture(scope="module")
def sentence(nlp):
    def run(text: str):
        return next(iter(nlp(text).sents))

    return run


def words(tokens):
    return [t.text for t in tokens]


def test_modal_verbs(sentence):
    assert words(
        signals.modal_verbs(sentence("Alle partners moeten beter samenwerken en dienen hun gegevens te delen."))
    ) == ["moeten", "dienen"]
    assert signals.modal_verbs(sentence("De wijkagent belde de moeder.")) == []


def test_gaan_with_infinitive_is_a_plan_but_gaan_alone_is_not(sentence):
    assert words(signals.gaan_infinitive(sentence("We gaan de samenwerking met de scholen versterken."))) == ["gaan"]
    assert signals.gaan_infinitive(sentence("Zij gaan elke donderdag naar het buurthuis.")) == []


def test_tense_and_aspect(sentence):
    past = sentence("Vorige maand spraken de wijkagent en twee moeders af wie de speeltuin opent.")
    assert "spraken" in words(signals.past_tense(past))
    perfect = sentence("We hebben samen gekookt in het buurthuis.")
    assert words(signals.perfect_aspect(perfect)) == ["hebben"]
    present = sentence("De gemeente voert de regie.")
    assert words(signals.present_tense(present)) == ["voert"] and signals.past_tense(present) == []


def test_passive_voice(sentence):
    assert words(signals.passive_voice(sentence("Er worden afspraken gemaakt over de overdracht."))) == ["worden"]
    assert signals.passive_voice(sentence("De partners maken afspraken over de overdracht.")) == []


def test_pronouns_of_the_we_and_of_each_other(sentence):
    sent = sentence("Wij kennen elkaar en onze partners vertrouwen ons.")
    assert words(signals.first_person_plural(sent)) == ["Wij", "onze", "ons"]
    assert words(signals.reciprocal_pronouns(sent)) == ["elkaar"]


def test_quotation_and_reporting(sentence):
    sent = sentence("„Nu bellen we elkaar gewoon,” vertelt een medewerker van het buurtteam.")
    assert len(signals.quotation(sent)) == 2
    assert words(signals.reporting_verbs(sent)) == ["vertelt"]


def test_concreteness(sentence):
    sent = sentence("Op dinsdag 12 maart 2024 kwamen 20 bewoners en wijkagent Sanne de Wit bijeen in Lindeveen.")
    assert {"12", "20"} <= set(words(signals.numbers(sent)))
    assert {"dinsdag", "maart", "2024"} <= set(words(signals.dates_and_times(sent)))
    assert {"Sanne", "Lindeveen"} <= set(words(signals.named_entities(sent)))
    assert not {"dinsdag", "maart"} & set(words(signals.named_entities(sent)))
    assert signals.numbers(sentence("Er kwam een moeder langs.")) == []


def test_nominalisations(sentence):
    sent = sentence("De versterking van de samenwerking vraagt om verbetering van de afstemming.")
    assert set(words(signals.nominalisations(sent))) == {"versterking", "samenwerking", "verbetering", "afstemming"}
    assert signals.nominalisation_share(sent) == 1.0


def test_questions_hedges_and_subjunctive(sentence):
    assert words(signals.questions(sentence("Hoe creëer je een goede samenwerkingscultuur?"))) == ["?"]
    hedged = sentence("Misschien zou een gesprek aan de keukentafel wellicht kunnen helpen.")
    assert set(words(signals.hedges(hedged))) == {"Misschien", "wellicht"}
    assert words(signals.subjunctive(hedged)) == ["zou"]


def test_every_signal_returns_tokens_of_its_sentence(sentence):
    sent = sentence("De wijkagent belde gisteren de moeder op.")
    for name, found in signals.sentence_signals(sent).items():
        assert all(sent.start <= t.i < sent.end for t in found), name
