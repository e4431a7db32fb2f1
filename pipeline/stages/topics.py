"""DVC stage ``topics``: what the corpus talks about, and words the lexicon
may be missing (gensim).

1. Phrase detection (``Phrases``) joins multiword jargon that policy prose
   treats as one unit (*integrale_aanpak*, *sociaal_domein*) before
   anything else sees the words.
2. An LDA topic model over lemmatised content words per document, with its
   coherence (u_mass over the whole corpus, c_v over a sample) as metrics
   and the topic shares of every document as data.
3. Word embeddings (``Word2Vec``) trained on the corpus's sentences propose,
   per lexicon category, the nearest words to the category's markers that
   the lexicon does not have yet, with their frequency and example
   sentences, as a review file. Candidates are never added automatically:
   a lexicon maintainer accepts or rejects them (the explorer writes the
   verdicts next to this file).

Everything is streamed from the token table with re-iterable corpora, so
memory does not grow with the corpus; ``workers`` in ``params.yaml`` sets
the threads of LDA and Word2Vec (with more than one, Word2Vec's result
varies slightly between runs, as gensim documents).
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
from spacy.lang.nl.stop_words import STOP_WORDS

from pipeline import paths
from pipeline.features.markers import match_lemma
from pipeline.lexicon import CATEGORIES, load_lexicon
from pipeline.logs import setup_logging
from pipeline.settings import TopicsSettings, load_settings
from pipeline.storage import atomic_outputs, write_text_atomically

log = logging.getLogger("samenspraak.topics")

CONTENT_POS = {"NOUN", "VERB", "ADJ"}
COLUMNS = ["doc_id", "sent_index", "lemma", "upos", "is_punct"]


def content_lemma(lemma: str, upos: str) -> str | None:
    """The lemma a topic model should see, or None for function words."""
    if upos not in CONTENT_POS:
        return None
    word = match_lemma(lemma)
    if len(word) < 3 or word in STOP_WORDS or not any(ch.isalpha() for ch in word):
        return None
    return word


class SentenceLemmas:
    """Re-iterable stream of (doc_id, sent_index, content lemmas) from the
    token table; gensim iterates it once per pass."""

    def __init__(self, tokens_path: Path, batch_rows: int = 200_000):
        self.tokens_path = tokens_path
        self.batch_rows = batch_rows

    def __iter__(self) -> Iterator[tuple[str, int, list[str]]]:
        key, words = None, []
        for batch in pq.ParquetFile(self.tokens_path).iter_batches(batch_size=self.batch_rows, columns=COLUMNS):
            columns = [batch.column(name).to_pylist() for name in COLUMNS]
            for doc_id, sent_index, lemma, upos, _is_punct in zip(*columns):
                if (doc_id, sent_index) != key:
                    if key is not None:
                        yield key[0], key[1], words
                    key, words = (doc_id, sent_index), []
                word = content_lemma(lemma, upos)
                if word:
                    words.append(word)
        if key is not None:
            yield key[0], key[1], words


class PhrasedCorpus:
    """The phrased content lemmas of every sentence, written once to a plain
    text file (a sentence a line, words separated by spaces) with each
    sentence's key in a file beside it.

    LDA's passes, Word2Vec's epochs, the coherence and the examples all
    read the corpus again; reading these files costs a fraction of
    decoding the token table and applying the phrases each time (at ×10
    the demo corpus, that was most of the stage). Word2Vec reads the text
    file directly (gensim's ``corpus_file``, which also uses every worker)."""

    def __init__(self, sentences: SentenceLemmas, phraser, folder: Path):
        folder.mkdir(parents=True, exist_ok=True)
        self.text, self.keys = folder / "sentences.txt", folder / "keys.tsv"
        with self.text.open("w", encoding="utf-8") as text, self.keys.open("w", encoding="utf-8") as keys:
            for doc_id, sent_index, words in sentences:
                text.write(" ".join(phraser[words]) + "\n")
                keys.write(f"{doc_id}\t{sent_index}\n")

    def __iter__(self) -> Iterator[tuple[str, int, list[str]]]:
        with self.text.open(encoding="utf-8") as text, self.keys.open(encoding="utf-8") as keys:
            for line, key in zip(text, keys, strict=True):
                doc_id, sent_index = key.rstrip("\n").split("\t")
                yield doc_id, int(sent_index), line.split()


class DocumentBags:
    """Per document: bag of words over the dictionary (for LDA)."""

    def __init__(self, sentences: PhrasedCorpus, dictionary=None):
        self.sentences, self.dictionary = sentences, dictionary

    def documents(self) -> Iterator[tuple[str, list[str]]]:
        current, words = None, []
        for doc_id, _, sentence in self.sentences:
            if doc_id != current and current is not None:
                yield current, words
                words = []
            current = doc_id
            words.extend(sentence)
        if current is not None:
            yield current, words

    def __iter__(self):
        for _, words in self.documents():
            yield self.dictionary.doc2bow(words)


def train_phrases(sentences: SentenceLemmas, params: TopicsSettings):
    from gensim.models.phrases import Phrases

    phrases = Phrases(
        (words for _, _, words in sentences),
        min_count=params.phrases_min_count,
        threshold=params.phrases_threshold,
        delimiter="_",
    )
    return phrases.freeze()


def train_lda(bags: DocumentBags, params: TopicsSettings, folder: Path):
    """LDA over the bags of words, which are written once to a Matrix
    Market file that every pass reads; returns the model, the dictionary
    and that corpus."""
    from gensim.corpora import Dictionary, MmCorpus
    from gensim.models import LdaModel, LdaMulticore

    dictionary = Dictionary(words for _, words in bags.documents())
    dictionary.filter_extremes(
        no_below=params.min_document_frequency,
        no_above=params.max_document_share,
    )
    bags.dictionary = dictionary
    MmCorpus.serialize(str(folder / "bags.mm"), bags)
    corpus = MmCorpus(str(folder / "bags.mm"))
    settings = dict(
        corpus=corpus,
        id2word=dictionary,
        num_topics=params.num_topics,
        passes=params.passes,
        random_state=params.seed,
        chunksize=params.chunksize,
        eval_every=None,
    )
    workers = params.workers
    if workers > 1:
        return LdaMulticore(workers=workers, **settings), dictionary, corpus
    return LdaModel(alpha="auto", **settings), dictionary, corpus


def coherence(lda, bags: DocumentBags, corpus, dictionary, params: TopicsSettings) -> dict[str, float]:
    from gensim.models import CoherenceModel

    u_mass = CoherenceModel(model=lda, corpus=corpus, dictionary=dictionary, coherence="u_mass").get_coherence()
    sample = params.coherence_sample_documents
    texts = [words for _, words in bags.documents()][:sample]
    c_v = CoherenceModel(model=lda, texts=texts, dictionary=dictionary, coherence="c_v", processes=1).get_coherence()
    return {"u_mass": round(float(u_mass), 4), "c_v": round(float(c_v), 4), "c_v_documents": len(texts)}


def lexicon_candidates(
    phrased: PhrasedCorpus,
    params: TopicsSettings,
    lexicon_dir: Path,
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Nearest corpus words to each category's markers, not yet in the lexicon."""
    from gensim.models import Word2Vec

    model = Word2Vec(
        corpus_file=str(phrased.text),
        vector_size=params.w2v_vector_size,
        window=params.w2v_window,
        min_count=params.w2v_min_count,
        epochs=params.w2v_epochs,
        workers=params.workers,
        seed=params.seed,
        sg=1,
    )
    lexicon = load_lexicon(lexicon_dir)
    known = {lemma for marker in lexicon.markers for lemma in marker.lemmas}
    known |= {"_".join(step[0] for step in marker.sequence) for marker in lexicon.markers if marker.sequence}
    per_category = params.candidates_per_category
    vectors = model.wv
    rows = []
    coverage = {}
    for category in CATEGORIES:
        seeds = sorted(
            {lemma for marker in lexicon.of_category(category) if not marker.negative for lemma in marker.lemmas}
            & set(vectors.key_to_index)
        )
        coverage[category] = len(seeds)
        if not seeds:
            continue
        centroid = np.mean([vectors[word] / np.linalg.norm(vectors[word]) for word in seeds], axis=0)
        for word, similarity in vectors.similar_by_vector(centroid, topn=per_category + len(seeds) + 50):
            if word in known or any(part in known for part in word.split("_")):
                continue
            nearest = vectors.most_similar(word, topn=50)
            close_seeds = [seed for seed, _ in nearest if seed in seeds][:3]
            rows.append(
                {
                    "category": category,
                    "candidate": word,
                    "similarity": round(float(similarity), 4),
                    "frequency": int(vectors.get_vecattr(word, "count")),
                    "nearest_markers": " ".join(close_seeds),
                }
            )
            if sum(1 for row in rows if row["category"] == category) >= per_category:
                break
    candidates = pd.DataFrame(rows, columns=["category", "candidate", "similarity", "frequency", "nearest_markers"])
    return candidates, {"vocabulary": len(vectors.key_to_index), "seed_markers_in_vocabulary": coverage}


def attach_examples(
    candidates: pd.DataFrame, phrased: PhrasedCorpus, sentence_texts: pd.DataFrame, per_candidate: int = 2
) -> pd.DataFrame:
    """Up to two sentences in which each candidate occurs, for the reviewer."""
    wanted = set(candidates["candidate"])
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for doc_id, sent_index, words in phrased:
        for word in set(words) & wanted:
            if len(found[word]) < per_candidate:
                found[word].append((doc_id, sent_index))
    texts = sentence_texts.set_index(["doc_id", "sent_index"])["text"]
    candidates = candidates.copy()
    candidates["examples"] = [
        " | ".join(f"[{d}] {texts.get((d, s), '')}" for d, s in found.get(word, [])) for word in candidates["candidate"]
    ]
    return candidates


def describe_topics(lda, bags: DocumentBags, corpus, dictionary, params: TopicsSettings):
    """Each topic's top terms, each document's topic shares, and the coherence."""
    topics = [
        {
            "topic": k,
            "terms": [
                {"term": term, "weight": round(float(w), 4)} for term, w in lda.show_topic(k, topn=params.top_terms)
            ],
        }
        for k in range(lda.num_topics)
    ]
    doc_ids = [doc_id for doc_id, _ in bags.documents()]
    shares = []
    for doc_id, bag in zip(doc_ids, corpus, strict=True):
        for topic, share in lda.get_document_topics(bag, minimum_probability=0.0):
            shares.append({"doc_id": doc_id, "topic": int(topic), "share": round(float(share), 4)})
    return topics, pd.DataFrame(shares), coherence(lda, bags, corpus, dictionary, params)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="samenspraak topics", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--tokens", default=str(paths.TOKENS))
    parser.add_argument("--sentences", default=str(paths.SENTENCES))
    parser.add_argument("--topics", default=str(paths.TOPICS))
    parser.add_argument("--document-topics", default=str(paths.DOCUMENT_TOPICS))
    parser.add_argument("--candidates", default=str(paths.LEXICON_CANDIDATES))
    parser.add_argument("--metrics", default=str(paths.metrics("topics")))
    args = parser.parse_args(argv)
    setup_logging()
    logging.getLogger("gensim").setLevel(logging.WARNING)

    settings = load_settings(args.params)
    params = settings.topics
    sentences = SentenceLemmas(Path(args.tokens))
    phraser = train_phrases(sentences, params)
    # Working files, beside the outputs (the corpus may not fit in /tmp); removed at the end.
    work = Path(args.topics).parent / ".topics-work"
    shutil.rmtree(work, ignore_errors=True)
    try:
        phrased = PhrasedCorpus(sentences, phraser, work)
        bags = DocumentBags(phrased)
        lda, dictionary, corpus = train_lda(bags, params, work)
        topics, document_topics, scores = describe_topics(lda, bags, corpus, dictionary, params)
        candidates, embedding_info = lexicon_candidates(phrased, params, settings.lexicon.dir)
        sentence_texts = pd.read_parquet(args.sentences, columns=["doc_id", "sent_index", "text"])
        candidates = attach_examples(candidates, phrased, sentence_texts)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    with atomic_outputs(args.topics, args.document_topics, args.candidates) as staging:
        topics_path, shares_path, candidates_path = staging
        topics_path.write_text(json.dumps(topics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        document_topics.to_parquet(shares_path, index=False)
        candidates.to_csv(candidates_path, index=False)
    phrase_count = len(getattr(phraser, "phrasegrams", {}))
    metrics = {
        "num_topics": lda.num_topics,
        "dictionary_size": len(dictionary),
        "phrases_found": phrase_count,
        "coherence": scores,
        "lexicon_candidates": int(len(candidates)),
        "embedding": embedding_info,
    }
    write_text_atomically(args.metrics, json.dumps(metrics, indent=2) + "\n")
    log.info(
        "%d topics (coherence c_v %.3f, u_mass %.2f), %d phrases, %d lexicon candidates",
        lda.num_topics,
        scores["c_v"],
        scores["u_mass"],
        phrase_count,
        len(candidates),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
