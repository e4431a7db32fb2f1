"""topics: content lemmas only, phrases and topics from the token table,
and the same topics again for the same seed."""

from __future__ import annotations

from pipeline.settings import TopicsSettings
from pipeline.stages.topics import (
    DocumentBags,
    PhrasedCorpus,
    SentenceLemmas,
    content_lemma,
    train_lda,
    train_phrases,
)

SMALL = TopicsSettings(
    num_topics=2, passes=2, workers=1, phrases_min_count=1, min_document_frequency=1, max_document_share=1.0
)


def test_only_content_words_are_kept():
    assert content_lemma("samenwerking", "NOUN") == "samenwerking"
    assert content_lemma("de", "DET") is None
    assert content_lemma("3", "NUM") is None


def test_every_document_gets_a_bag_and_topics_are_reproducible(tiny_run, tmp_path):
    sentences = SentenceLemmas(tiny_run.tokens)
    phraser = train_phrases(sentences, SMALL)
    phrased = PhrasedCorpus(sentences, phraser, tmp_path / "one")
    bags = DocumentBags(phrased)
    first, dictionary, corpus = train_lda(bags, SMALL, tmp_path / "one")
    documents = dict(bags.documents())
    assert {"wijk", "nota"} <= set(documents)
    assert all(word == word.lower() for words in documents.values() for word in words)
    assert len(list(corpus)) == len(documents)
    again = PhrasedCorpus(sentences, phraser, tmp_path / "two")
    second, _, _ = train_lda(DocumentBags(again), SMALL, tmp_path / "two")
    assert first.show_topics(formatted=False) == second.show_topics(formatted=False)
    assert len(dictionary) > 5


def test_the_written_corpus_is_the_token_table_with_phrases_applied(tiny_run, tmp_path):
    """What every later pass reads from the working files is exactly what
    reading the token table and applying the phrases gives."""
    sentences = SentenceLemmas(tiny_run.tokens)
    phraser = train_phrases(sentences, SMALL)
    direct = [(doc_id, sent_index, phraser[words]) for doc_id, sent_index, words in sentences]
    assert list(PhrasedCorpus(sentences, phraser, tmp_path)) == direct
