"""Measure the Dutch NLP layer against the UD Dutch treebanks.

For every ``*.conllu`` file in a folder this reports, for the pipeline
chosen with ``--model`` (same settings as :func:`pipeline.nlp.load_nlp`):

* UPOS, XPOS, UFeats (all features equal) and lemma accuracy on the gold
  tokenisation and gold sentences: a Doc is built from the gold words and
  only the tagging components run on it, so tokenizer and segmenter errors
  do not leak into these figures;
* sentence-boundary precision, recall and F1 on raw text: the sentences of
  each document (``# newdoc``; the whole file if there are none) are joined
  with single spaces, the full pipeline runs on that text and predicted
  sentence end offsets are compared with the gold ones;
* token counts and throughput (words per second) of the tagging pass, of
  the full pipeline on raw text, and, when the pipeline uses HanTa, of
  plain HanTa tagging the same gold sentences.  HanTa's word caches are
  emptied before each file, so the main figures are cold-cache ones; a
  second, warm-cache tagging pass is reported separately.

Results are written as JSON together with the pipeline's provenance
(:func:`pipeline.nlp.describe_nlp`).  The treebanks are not part of the
repository; when the folder is missing the tool says so and exits with 0.

Usage: ``python -m pipeline.tools.ud_eval [--ud-dir DIR] [--model NAME]
[--out FILE] [--limit N]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_UD_DIR = "../shared/data/ud-dutch"
DEFAULT_OUT = "metrics/ud_eval.json"

# Components that decide sentence boundaries or syntax; they are skipped
# when tagging gold-tokenised sentences, whose boundaries are given.
_NON_TAGGING_FACTORIES = frozenset(
    {"samenspraak_sentencizer", "sentencizer", "senter", "parser", "ner", "beam_parser", "beam_ner"}
)


# --------------------------------------------------------------------------
# CoNLL-U
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GoldToken:
    """One syntactic word of a CoNLL-U sentence (the columns we score)."""

    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    space_after: bool


@dataclass(slots=True)
class GoldSentence:
    """A CoNLL-U sentence with its text and whether it opens a document."""

    tokens: list[GoldToken] = field(default_factory=list)
    text: str | None = None
    newdoc: bool = False

    @property
    def words(self) -> list[str]:
        return [token.form for token in self.tokens]

    def surface(self) -> str:
        """The sentence text: ``# text`` if given, else rebuilt from SpaceAfter."""
        if self.text is not None:
            return self.text
        parts: list[str] = []
        for token in self.tokens:
            parts.append(token.form)
            if token.space_after:
                parts.append(" ")
        return "".join(parts).strip()


def read_conllu(path: Path, limit: int | None = None) -> list[GoldSentence]:
    """Read the sentences of a CoNLL-U file.

    Multi-word token lines (``3-4``) and empty nodes (``5.1``) are skipped:
    the UD Dutch treebanks do not use them, and the scores here are over
    syntactic words.
    """
    sentences: list[GoldSentence] = []
    current = GoldSentence()
    with path.open(encoding="utf-8") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            if not line.strip():
                if current.tokens:
                    sentences.append(current)
                    if limit is not None and len(sentences) >= limit:
                        return sentences
                current = GoldSentence()
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                key = key.strip()
                if key == "text":
                    current.text = value.strip()
                elif key.startswith("newdoc"):
                    current.newdoc = True
                continue
            columns = line.split("\t")
            if len(columns) != 10 or not columns[0].isdigit():
                continue
            misc = columns[9].split("|") if columns[9] != "_" else []
            current.tokens.append(
                GoldToken(
                    form=columns[1],
                    lemma=columns[2],
                    upos=columns[3],
                    xpos=columns[4],
                    feats=columns[5],
                    space_after="SpaceAfter=No" not in misc,
                )
            )
    if current.tokens:
        sentences.append(current)
    return sentences[:limit] if limit is not None else sentences


def feature_set(feats: str) -> frozenset[str]:
    """UD features as a set, so that ordering and ``_`` do not matter."""
    if not feats or feats == "_":
        return frozenset()
    return frozenset(item for item in feats.split("|") if item)


# --------------------------------------------------------------------------
# Tagging on gold tokens
# --------------------------------------------------------------------------


def _tagging_components(nlp: Any) -> list[tuple[str, Any]]:
    return [
        (name, proc) for name, proc in nlp.pipeline if nlp.get_pipe_meta(name).factory not in _NON_TAGGING_FACTORIES
    ]


def gold_docs(nlp: Any, sentences: Sequence[GoldSentence]) -> list[Any]:
    """One Doc per gold sentence, with gold words, spaces and sentence start."""
    from spacy.tokens import Doc

    docs = []
    for sentence in sentences:
        words = sentence.words
        spaces = [token.space_after for token in sentence.tokens]
        starts = [True] + [False] * (len(words) - 1)
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts))
    return docs


def run_components(components: Sequence[tuple[str, Any]], docs: Iterable[Any]) -> list[Any]:
    stream: Iterable[Any] = docs
    for _, proc in components:
        stream = proc.pipe(stream) if hasattr(proc, "pipe") else map(proc, stream)
    return list(stream)


def score_tags(sentences: Sequence[GoldSentence], docs: Sequence[Any]) -> dict[str, float | int]:
    """Accuracies (per cent) of UPOS, XPOS, UFeats and lemma over gold words."""
    total = upos = xpos = feats = lemma = 0
    for sentence, doc in zip(sentences, docs):
        for gold, token in zip(sentence.tokens, doc):
            total += 1
            upos += token.pos_ == gold.upos
            xpos += token.tag_ == gold.xpos
            feats += feature_set(str(token.morph)) == feature_set(gold.feats)
            lemma += token.lemma_ == gold.lemma
    return {
        "tokens": total,
        "upos": _percent(upos, total),
        "xpos": _percent(xpos, total),
        "ufeats": _percent(feats, total),
        "lemma": _percent(lemma, total),
    }


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _hanta_analyzers(nlp: Any) -> list[Any]:
    from pipeline.nlp.hanta_tagger import HantaTagger

    return [proc.analyzer for _, proc in nlp.pipeline if isinstance(proc, HantaTagger)]


def plain_hanta_words_per_second(sentences: Sequence[GoldSentence], hanta: Any) -> float:
    """Throughput of unmodified HanTa (``tag_sent``, taglevel 1) on the same words."""
    words = 0
    start = time.perf_counter()
    for sentence in sentences:
        hanta.tag_sent(sentence.words, taglevel=1)
        words += len(sentence.tokens)
    elapsed = time.perf_counter() - start
    return round(words / elapsed, 1) if elapsed > 0 else 0.0


# --------------------------------------------------------------------------
# Sentence boundaries on raw text
# --------------------------------------------------------------------------


def documents(sentences: Sequence[GoldSentence]) -> list[list[GoldSentence]]:
    """Group sentences into documents at ``# newdoc``; one document if none."""
    groups: list[list[GoldSentence]] = []
    for sentence in sentences:
        if sentence.newdoc or not groups:
            groups.append([])
        groups[-1].append(sentence)
    return groups


def joined_text(document: Sequence[GoldSentence]) -> tuple[str, list[int]]:
    """Sentences joined with single spaces, and each sentence's end offset."""
    parts: list[str] = []
    ends: list[int] = []
    offset = 0
    for sentence in document:
        text = sentence.surface()
        if parts:
            parts.append(" ")
            offset += 1
        parts.append(text)
        offset += len(text)
        ends.append(offset)
    return "".join(parts), ends


def predicted_ends(doc: Any) -> list[int]:
    """End offsets of predicted sentences, ignoring trailing whitespace."""
    ends = []
    for sent in doc.sents:
        content = [token for token in sent if not token.is_space]
        if content:
            last = content[-1]
            ends.append(last.idx + len(last.text))
    return ends


def score_boundaries(gold: Sequence[int], predicted: Sequence[int]) -> dict[str, float]:
    gold_set, predicted_set = set(gold), set(predicted)
    hits = len(gold_set & predicted_set)
    precision = hits / len(predicted_set) if predicted_set else 0.0
    recall = hits / len(gold_set) if gold_set else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "sent_precision": round(100 * precision, 2),
        "sent_recall": round(100 * recall, 2),
        "sent_f1": round(100 * f1, 2),
        "gold_sentences": len(gold_set),
        "predicted_sentences": len(predicted_set),
    }


# --------------------------------------------------------------------------
# Driver
# --------------------------------------------------------------------------


def evaluate_file(nlp: Any, path: Path, limit: int | None = None, hanta: Any = None) -> dict[str, Any]:
    """All figures for one CoNLL-U file."""
    sentences = read_conllu(path, limit)
    for analyzer in _hanta_analyzers(nlp):
        analyzer.clear_cache()  # time every file from a cold cache

    components = _tagging_components(nlp)
    docs = gold_docs(nlp, sentences)
    start = time.perf_counter()
    docs = run_components(components, docs)
    tag_seconds = time.perf_counter() - start
    result: dict[str, Any] = {"sentences": len(sentences)}
    result.update(score_tags(sentences, docs))
    result["tagging_words_per_second"] = round(result["tokens"] / tag_seconds, 1) if tag_seconds else 0.0
    if _hanta_analyzers(nlp):
        # Second pass with HanTa's word analyses cached: the steady state of
        # a long-running process that has seen the vocabulary before.
        start = time.perf_counter()
        run_components(components, gold_docs(nlp, sentences))
        warm_seconds = time.perf_counter() - start
        result["tagging_words_per_second_warm"] = round(result["tokens"] / warm_seconds, 1) if warm_seconds else 0.0

    for analyzer in _hanta_analyzers(nlp):
        analyzer.clear_cache()
    gold_ends: list[int] = []
    pred_ends: list[int] = []
    raw_words = 0
    raw_seconds = 0.0
    base = 0
    for document in documents(sentences):
        text, ends = joined_text(document)
        start = time.perf_counter()
        doc = nlp(text)
        raw_seconds += time.perf_counter() - start
        raw_words += sum(1 for token in doc if not token.is_space)
        # Offsets are made unique across documents so they can be pooled.
        gold_ends.extend(base + end for end in ends)
        pred_ends.extend(base + end for end in predicted_ends(doc))
        base += len(text) + 1
    result.update(score_boundaries(gold_ends, pred_ends))
    result["pipeline_words"] = raw_words
    result["pipeline_words_per_second"] = round(raw_words / raw_seconds, 1) if raw_seconds else 0.0
    if hanta is not None:
        result["plain_hanta_words_per_second"] = plain_hanta_words_per_second(sentences, hanta)
    return result


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.tools.ud_eval",
        description="Score the Dutch NLP pipeline on UD Dutch CoNLL-U files.",
    )
    parser.add_argument("--ud-dir", default=DEFAULT_UD_DIR, help="folder with *.conllu files")
    parser.add_argument("--model", default="default", help="pipeline setting, as for load_nlp")
    parser.add_argument("--out", default=DEFAULT_OUT, help="JSON file to write")
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences per file")
    parser.add_argument(
        "--no-hanta-baseline",
        action="store_true",
        help="skip timing plain HanTa on the same sentences",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(argv)
    ud_dir = Path(args.ud_dir)
    files = sorted(ud_dir.glob("*.conllu")) if ud_dir.is_dir() else []
    if not files:
        print(
            f"ud_eval: no *.conllu files in {ud_dir} (folder absent or empty); "
            "nothing measured, nothing written. Download UD_Dutch-Alpino and "
            "UD_Dutch-LassySmall from universaldependencies.org and pass --ud-dir.",
            file=sys.stderr,
        )
        return 0

    from pipeline.nlp import describe_nlp, load_nlp

    nlp = load_nlp(args.model)
    hanta = None
    if _hanta_analyzers(nlp) and not args.no_hanta_baseline:
        from HanTa import HanoverTagger

        hanta = HanoverTagger.HanoverTagger(_hanta_model_name(nlp))

    report: dict[str, Any] = {
        "model_setting": args.model,
        "model": describe_nlp(nlp),
        "ud_dir": str(ud_dir),
        "limit": args.limit,
        "files": {},
    }
    for path in files:
        figures = evaluate_file(nlp, path, args.limit, hanta)
        report["files"][path.name] = figures
        print(_summary_line(path.name, figures))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"ud_eval: wrote {out}")
    return 0


def _hanta_model_name(nlp: Any) -> str:
    from pipeline.nlp.hanta_tagger import HantaTagger

    for _, proc in nlp.pipeline:
        if isinstance(proc, HantaTagger):
            return proc.model
    raise LookupError("pipeline has no HanTa component")


def _summary_line(name: str, f: dict[str, Any]) -> str:
    line = (
        f"{name}: {f['tokens']} tokens  UPOS {f['upos']:.2f}  XPOS {f['xpos']:.2f}  "
        f"UFeats {f['ufeats']:.2f}  Lemma {f['lemma']:.2f}  "
        f"Sent P/R/F1 {f['sent_precision']:.2f}/{f['sent_recall']:.2f}/{f['sent_f1']:.2f}  "
        f"tagging {f['tagging_words_per_second']:.0f} w/s  pipeline {f['pipeline_words_per_second']:.0f} w/s"
    )
    if "plain_hanta_words_per_second" in f:
        line += f"  plain HanTa {f['plain_hanta_words_per_second']:.0f} w/s"
    return line


if __name__ == "__main__":
    raise SystemExit(main())
