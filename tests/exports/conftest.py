"""A tiny pipeline output, written by the tests, and one export of it.

Two short Dutch documents (a blog post that reports practice, a policy plan
that claims coordination) and one English document that ingestion excluded.
Sentence offsets are computed from the texts, so they are right by
construction; document and group figures come from ``pipeline.figures.scores``
itself, as in the real pipeline.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.figures.scores import score
from pipeline.stages import export

REPO = Path(__file__).resolve().parents[2]

# (text, collab, register, mode); None for a sentence that is not about collaboration.
BLOG = (
    "Soep koken in de Vlierstraat",
    [
        (
            "Op dinsdag kookten buurtwerker Sanne en drie bewoners samen soep voor het hele portiek.",
            ("dialogue", "practised"),
        ),
        ("Daarna belden we de huisarts om af te spreken wie mevrouw De Wit deze week bezoekt.", ("mixed", "practised")),
        ("Het regende de hele middag, met een koude wind uit het noorden.", None),
        ('"Samenwerking begint bij een kop koffie 🤝", schreef een collega later.', ("unmarked", "reflective")),
    ],
)
PLAN = (
    "Uitvoeringsplan jeugd 2024",
    [
        (
            "De gemeente voert de regie over de keten van jeugdhulp en legt de taakverdeling binnen die keten vast in een convenant.",
            ("coordination", "claimed"),
        ),
        ("Partners moeten elkaar beter leren kennen en vaker het gesprek aangaan.", ("dialogue", "claimed")),
        ("Het budget bedraagt 4,2 miljoen euro, samengevat in bijlage 2.", None),
    ],
)

# (doc_id, sentence, word, kind, name, category)
EVIDENCE = [
    ("blog", 1, "kookten", "signal", "past_tense", ""),
    ("blog", 1, "samen", "marker", "collaboration.samen", "collaboration"),
    ("blog", 1, "Sanne", "signal", "named_entities", ""),
    ("blog", 2, "belden", "marker", "practice.bellen", "practice"),
    ("blog", 2, "belden", "marker", "dialogue.bellen", "dialogue"),
    ("blog", 2, "af te spreken", "marker", "coordination.afspraak", "coordination"),
    ("blog", 4, "Samenwerking", "marker", "collaboration.samenwerking", "collaboration"),
    ("plan", 1, "regie", "marker", "coordination.regie", "coordination"),
    ("plan", 1, "keten", "marker", "coordination.keten", "coordination"),
    ("plan", 1, "keten", "marker", "coordination.keten", "coordination"),
    ("plan", 2, "moeten", "marker", "claim.moeten", "claim"),
    ("plan", 2, "gesprek", "marker", "dialogue.gesprek", "dialogue"),
    ("plan", 3, "samengevat", "marker", "collaboration.neg_samenvatten", "not_collaboration"),
    ("plan", 3, "4,2", "signal", "numbers", ""),
]

SCORE_PARAMS = {
    "use_probabilities": True,
    "bootstrap_samples": 200,
    "confidence": 0.9,
    "seed": 5,
    "group_by": ["organisation", "genre", "year"],
}


def probabilities(options: tuple[str, ...], chosen: str | None, share: float) -> dict[str, float]:
    """``share`` for the chosen label, the rest split evenly (4 decimals, as
    the classify stage writes them)."""
    if chosen is None:
        return {label: round(1 / len(options), 4) for label in options}
    rest = round((1 - share) / (len(options) - 1), 4)
    return {label: (share if label == chosen else rest) for label in options}


def document_text(title: str, sentences: list) -> tuple[str, list[tuple[int, int]]]:
    """Title, a blank line, then the sentences as one paragraph; offsets of
    every sentence (the title is sentence 0)."""
    text = title + "\n\n" + " ".join(sentence for sentence, _ in sentences)
    spans, position = [(0, len(title))], len(title) + 2
    for sentence, _ in sentences:
        start = text.index(sentence, position)
        spans.append((start, start + len(sentence)))
        position = start + len(sentence)
    return text, spans


@dataclass
class Outputs:
    """Paths of the written pipeline outputs, and the export's arguments."""

    root: Path
    args: list[str]
    out: Path
    texts: dict[str, str]


def write_outputs(root: Path) -> Outputs:
    data, metrics, classifier = root / "data", root / "metrics", root / "models" / "classifier"
    for folder in (data, metrics, classifier):
        folder.mkdir(parents=True, exist_ok=True)

    documents, sentences, labels, evidence, texts = [], [], [], [], {}
    metadata = {
        "blog": dict(
            title=BLOG[0],
            organisation="Welzijn Vlierdam",
            organisation_type="welzijn",
            genre="blog",
            subgenre="blog",
            date="2024-03-05",
            year="2024",
            author="Sanne Bakker",
            place="Vlierdam",
        ),
        "plan": dict(
            title=PLAN[0],
            organisation="Gemeente Vlierdam",
            organisation_type="gemeente",
            genre="beleid",
            subgenre="uitvoeringsplan",
            date="2023-11-20",
            year="2023",
            author="",
            place="Vlierdam",
        ),
    }
    for doc_id, (title, body) in (("blog", BLOG), ("plan", PLAN)):
        text, spans = document_text(title, body)
        texts[doc_id] = text
        sentence_labels = [None] + [label for _, label in body]
        for index, ((start, end), label) in enumerate(zip(spans, sentence_labels, strict=True)):
            words = len(text[start:end].split())
            sentences.append(
                dict(
                    doc_id=doc_id,
                    sent_index=index,
                    start_char=start,
                    end_char=end,
                    text=text[start:end],
                    n_tokens=words + 1,
                    n_words=words,
                )
            )
            register, mode = label if label else (None, None)
            row = dict(doc_id=doc_id, sent_index=index, collab="yes" if label else "no", register=register, mode=mode)
            collab = probabilities(("no", "yes"), "yes" if label else "no", 0.85)
            row.update({f"p_collab_{k}": v for k, v in collab.items()})
            row.update(
                {
                    f"p_register_{k}": v
                    for k, v in probabilities(("coordination", "dialogue", "mixed", "unmarked"), register, 0.7).items()
                }
            )
            row.update(
                {f"p_mode_{k}": v for k, v in probabilities(("claimed", "practised", "reflective"), mode, 0.7).items()}
            )
            labels.append(row)
        documents.append(
            dict(
                doc_id=doc_id,
                file=f"{doc_id}.txt",
                **metadata[doc_id],
                stated_language="nl",
                format="txt",
                source=f"https://vlierdam.example/{doc_id}",
                text=text,
                word_count=len(text.split()),
                language="nl",
                language_confidence=0.99,
                included=True,
                exclusion_reason="",
                regio="Noord",
            )
        )
    english = "Working together in Vlierdam\n\nThis short note is written in English and was left out."
    documents.append(
        dict(
            doc_id="note-en",
            file="note-en.txt",
            title="Working together",
            organisation="Gemeente Vlierdam",
            organisation_type="gemeente",
            genre="blog",
            subgenre="blog",
            date="2022-01-10",
            year="2022",
            author="",
            place="",
            stated_language="en",
            format="txt",
            source="",
            text=english,
            word_count=len(english.split()),
            language="en",
            language_confidence=0.97,
            included=False,
            exclusion_reason="taal is niet Nederlands",
            regio="Zuid",
        )
    )
    frame = pd.DataFrame(documents)
    frame["content_hash"] = [hashlib.sha256(t.encode()).hexdigest() for t in frame["text"]]
    frame["file_sha256"] = [hashlib.sha256(f"file {d}".encode()).hexdigest() for d in frame["doc_id"]]
    frame["detected_format"], frame["encoding"] = "txt", "utf-8"
    frame["pages"] = pd.array([None] * len(frame), dtype="Int64")
    frame["duplicate_of"], frame["duplicate_kind"], frame["warnings"] = "", "", ""
    frame["duplicate_similarity"] = float("nan")
    frame.to_parquet(data / "documents.parquet", index=False)

    sentence_frame = pd.DataFrame(sentences)
    sentence_frame.to_parquet(data / "sentences.parquet", index=False)
    label_frame = pd.DataFrame(labels)
    label_frame.to_parquet(data / "sentence_labels.parquet", index=False)

    spans = sentence_frame.set_index(["doc_id", "sent_index"])
    occurrences: dict[tuple, int] = {}
    for doc_id, index, word, kind, name, category in EVIDENCE:
        # A word listed twice for a sentence is its second occurrence there.
        key = (doc_id, index, word, name)
        start = int(spans.loc[(doc_id, index), "start_char"]) - 1
        for _ in range(occurrences.get(key, 0) + 1):
            start = texts[doc_id].index(word, start + 1)
        occurrences[key] = occurrences.get(key, 0) + 1
        evidence.append(
            dict(
                doc_id=doc_id,
                sent_index=index,
                kind=kind,
                name=name,
                category=category,
                start_char=start,
                end_char=start + len(word),
                text=word,
            )
        )
    pd.DataFrame(evidence).to_parquet(data / "evidence.parquet", index=False)

    with_words = label_frame.merge(sentence_frame[["doc_id", "sent_index", "n_words"]], on=["doc_id", "sent_index"])
    document_scores, group_scores, _ = score(with_words, frame[frame["included"]].drop(columns=["text"]), SCORE_PARAMS)
    document_scores.to_parquet(data / "document_scores.parquet", index=False)
    group_scores.to_parquet(data / "group_scores.parquet", index=False)

    nlp = {
        "pipeline": "nl_samenspraak_default",
        "version": "0.1.0",
        "spacy_version": "3.8.0",
        "components": ["sentencizer_rules", "hanta_tagger"],
        "hanta_version": "1.2.1",
        "has_parser": False,
    }
    summary = {
        "classifier": {"collab_f1": 0.9, "register_macro_f1": 0.7, "mode_macro_f1": 0.6},
        "baseline": {"collab_f1": 0.8, "register_macro_f1": 0.6, "mode_macro_f1": 0.5},
    }
    (classifier / "classifier.json").write_text(
        json.dumps(
            {
                "classifier_version": "1.0+test-1-7",
                "lexicon_version": "1.0+test",
                "nlp_model": "default",
                "nlp": nlp,
                "fields": ["collab", "register", "mode"],
                "trained_on_sentences": 7,
                "weak_label_sentences": 0,
                "validation": {"cross_validation": summary, "heldout": summary},
            }
        ),
        encoding="utf-8",
    )
    (classifier / "collab.skops").write_bytes(b"not a real model")
    (metrics / "annotate.json").write_text(json.dumps({"documents": 2, "nlp": nlp}), encoding="utf-8")
    (metrics / "train.json").write_text(
        json.dumps(
            {
                "labelled_sentences": 7,
                "labelled_passages": 2,
                "training_sentences": 5,
                "heldout_sentences": 2,
                "weak_label_sentences": 0,
                "cross_validation": {"summary": summary},
                "heldout": {"summary": summary},
            }
        ),
        encoding="utf-8",
    )
    (metrics / "dev.json").write_text(
        json.dumps({"skipped": "development set not found; evaluation skipped"}), encoding="utf-8"
    )

    params = {"lexicon": {"dir": str(REPO / "pipeline" / "lexicon")}, "score": SCORE_PARAMS}
    (root / "params.yaml").write_text(yaml.safe_dump(params), encoding="utf-8")

    out = root / "exports"
    args = [
        "--params",
        str(root / "params.yaml"),
        "--documents",
        str(data / "documents.parquet"),
        "--sentences",
        str(data / "sentences.parquet"),
        "--labels",
        str(data / "sentence_labels.parquet"),
        "--evidence",
        str(data / "evidence.parquet"),
        "--document-scores",
        str(data / "document_scores.parquet"),
        "--group-scores",
        str(data / "group_scores.parquet"),
        "--classifier",
        str(classifier),
        "--annotate-metrics",
        str(metrics / "annotate.json"),
        "--train-metrics",
        str(metrics / "train.json"),
        "--dev-metrics",
        str(metrics / "dev.json"),
        "--repo",
        str(root),
        "--summary",
        str(metrics / "export.json"),
    ]
    return Outputs(root=root, args=args, out=out, texts=texts)


@pytest.fixture(scope="package")
def outputs(tmp_path_factory) -> Outputs:
    return write_outputs(tmp_path_factory.mktemp("pipeline"))


@pytest.fixture(scope="package")
def exported(outputs: Outputs) -> Outputs:
    """The export of the tiny outputs, run once through ``main``."""
    assert export.main(outputs.args + ["--out", str(outputs.out)]) == 0
    return outputs


def refi_schema() -> Path:
    """The REFI-QDA schema in ../shared, or skip: it is not part of the repo."""
    for candidate in (
        Path(__file__).resolve().parents[3] / "shared" / "data" / "refi-qda" / "Project.xsd",
        Path("/work/shared/data/refi-qda/Project.xsd"),
    ):
        if candidate.is_file():
            return candidate
    pytest.skip("REFI-QDA schema (../shared/data/refi-qda/Project.xsd) not available")
