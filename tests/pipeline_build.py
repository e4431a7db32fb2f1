"""A small but real pipeline output, built once per session and shared by
the explorer's and the export's tests.

Four short Dutch documents written for these tests (two organisations with
two documents, two with one; three genres; four years) go through the real
stages in order (ingest, annotate, detect, train, classify, score,
topics), with settings made small, into a temporary folder. Once per
session: the stages take about a minute together.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.labelled_subset import small_labelled_set

REPO = Path(__file__).resolve().parents[1]

DOCUMENTS = {
    "brakel-nota-2019": (
        "Gemeente Brakelveen",
        "gemeente",
        "beleid",
        "nota",
        "2019-03-04",
        """Samen sterk in de wijk

De gemeente zet in op een sluitende ketenaanpak met heldere afspraken over regie en gegevensdeling.
Alle partners moeten hun werkprocessen beter op elkaar afstemmen.
Wij streven naar een integrale aanpak waarin de casusregisseur de regie houdt.
Het convenant met de ketenpartners wordt in 2020 vernieuwd.
De gemeente wil dat het casusoverleg vaker bijeenkomt en sneller escaleert.
Samenwerking is in het sociaal domein geen keuze maar een noodzaak.
Daarom investeren wij in een gezamenlijk protocol voor informatie-uitwisseling.
De begroting voor 2020 sluit met een klein overschot.
Samen met de bijlage ontvangt u het overzicht van de kosten.
Wij verwachten van alle organisaties dat zij nauw samenwerken en elkaar tijdig informeren.
""",
    ),
    "brakel-blog-2023": (
        "Gemeente Brakelveen",
        "gemeente",
        "blog",
        "blog",
        "2023-06-12",
        """Koffie met de buren

Vorige maand zaten de wijkagent, twee moeders en de jongerenwerker samen aan de keukentafel.
Ze spraken af wie welke avond de speeltuin opent.
"Sinds we elkaar kennen, bel ik haar gewoon als er iets speelt," vertelt een medewerker van het buurtteam.
We luisterden eerst lang naar wat de bewoners zelf wilden.
Daarna kookten we samen in het wijkcentrum met veertig buurtbewoners.
Het gesprek aan tafel ging over vertrouwen en over wat ieder kon bijdragen.
Een vader vertelde dat hij voor het eerst het gevoel had dat er naar hem geluisterd werd.
De week erna liepen de jongerenwerker en de wijkagent samen een ronde door de wijk.
De zon scheen en de speeltuin was vol.
""",
    ),
    "horizon-rapport-2021": (
        "Stichting Horizon",
        "onderwijs",
        "rapport",
        "jaarverslag",
        "2021-11-30",
        """Jaarverslag samenwerking school en zorg

Het casusoverleg kwam in 2021 elf keer bijeen en besprak 48 meldingen.
De intern begeleider en de jeugdverpleegkundige voerden samen zestig gesprekken met ouders.
In drie scholen werkten leerkrachten en hulpverleners wekelijks samen in de klas.
Wie afstemming verwart met samenwerking, verliest de vakmensen uit het oog.
In een dialoog hoeft niemand gelijk te krijgen; begrip is de uitkomst.
Samenwerking vraagt tijd, vertrouwen en ruimte voor verschil van mening.
Het aantal leerlingen steeg van 1200 naar 1250.
De school wil de komende jaren de samenwerking met de wijkteams verder versterken.
""",
    ),
    "oostkust-blog-2024": (
        "Jeugdzorg Oostkust",
        "jeugdzorg",
        "blog",
        "blog",
        "2024-02-20",
        """Wat ik leerde van een moeilijk gezin

Toen ik begon, dacht ik dat een goed overleg alles oploste.
Samen met het gezin en de school zochten we naar een plan dat werkte.
We belden elkaar elke week en maakten samen afspraken over kleine stappen.
Een moeder zei tegen mij dat ze zich eindelijk gehoord voelde.
Overleg zonder echt gesprek levert vooral verslagen op.
Samenwerken begint met elkaar leren kennen, niet met een stroomschema.
Onze organisatie moet investeren in tijd voor ontmoeting.
Het weer was die winter koud en nat.
""",
    ),
}


def write_test_corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    rows = ["doc_id,file,title,organisation,organisation_type,genre,subgenre,date,year"]
    for doc_id, (organisation, kind, genre, subgenre, date, text) in DOCUMENTS.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        title = text.splitlines()[0]
        rows.append(f"{doc_id},{doc_id}.txt,{title},{organisation},{kind},{genre},{subgenre},{date},{date[:4]}")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def build_pipeline_output(
    root: Path,
    write_corpus: Callable[[Path], object] = write_test_corpus,
    ingest_settings: dict[str, object] | None = None,
    nlp_settings: dict[str, object] | None = None,
) -> dict[str, Path]:
    """Run the real stages on the test corpus (or the one ``write_corpus``
    writes into the folder it is given); return the folders the explorer reads."""
    from pipeline.stages import annotate, classify, detect, ingest, score, topics, train, weak_labels

    write_corpus(root / "corpus")
    small_labelled_set(root / "labelled")
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["corpus"] = {"dir": str(root / "corpus"), "metadata": str(root / "corpus" / "metadata.csv")}
    params["ingest"].update({"n_jobs": 1, "min_words": 10, **(ingest_settings or {})})
    params["nlp"].update({"n_process": 1, "batch_size": 4, **(nlp_settings or {})})
    params["lexicon"]["dir"] = str(REPO / "pipeline" / "lexicon")
    params["train"].update(labelled_dir=str(root / "labelled"), cv_folds=2)
    # Fewer character n-grams and calibration folds: the same model, trained in seconds.
    params["train"]["model"].update(max_char_features=2000, calibration_folds=2)
    params["score"]["bootstrap_samples"] = 200
    params["topics"].update(
        num_topics=2,
        passes=2,
        workers=1,
        w2v_epochs=5,
        w2v_min_count=1,
        candidates_per_category=3,
        phrases_min_count=2,
        min_document_frequency=1,
        max_document_share=1.0,
        coherence_sample_documents=10,
    )
    params_path = root / "params.yaml"
    params_path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")

    d, m, models = root / "data", root / "metrics", root / "models" / "classifier"
    p = ["--params", str(params_path)]
    steps = [
        (
            ingest.main,
            ["--out", d / "documents.parquet", "--report", d / "ingest_report.csv", "--summary", m / "ingest.json"],
        ),
        (
            annotate.main,
            [
                "--documents",
                d / "documents.parquet",
                "--sentences",
                d / "sentences.parquet",
                "--tokens",
                d / "tokens.parquet",
                "--summary",
                m / "annotate.json",
            ],
        ),
        (
            detect.main,
            [
                "--tokens",
                d / "tokens.parquet",
                "--features",
                d / "sentence_features.parquet",
                "--evidence",
                d / "evidence.parquet",
                "--summary",
                m / "detect.json",
            ],
        ),
        (
            weak_labels.main,
            ["--corpus-features", d / "sentence_features.parquet", "--out", d / "weak_labels.parquet"],
        ),
        (
            train.main,
            [
                "--models",
                models,
                "--features-out",
                d / "labelled_features.parquet",
                "--weak-labels",
                d / "weak_labels.parquet",
                "--metrics",
                m / "train.json",
                "--plots",
                m / "plots",
            ],
        ),
        (
            classify.main,
            [
                "--corpus",
                "--model",
                models,
                "--features",
                d / "sentence_features.parquet",
                "--labels",
                d / "sentence_labels.parquet",
                "--summary",
                m / "classify.json",
            ],
        ),
        (
            score.main,
            [
                "--labels",
                d / "sentence_labels.parquet",
                "--features",
                d / "sentence_features.parquet",
                "--documents",
                d / "documents.parquet",
                "--document-scores",
                d / "document_scores.parquet",
                "--group-scores",
                d / "group_scores.parquet",
                "--replicates",
                d / "bootstrap",
                "--summary",
                m / "score.json",
                "--models",
                models,
            ],
        ),
        (
            topics.main,
            [
                "--tokens",
                d / "tokens.parquet",
                "--sentences",
                d / "sentences.parquet",
                "--topics",
                d / "topics.json",
                "--document-topics",
                d / "document_topics.parquet",
                "--candidates",
                d / "lexicon_candidates.csv",
                "--metrics",
                m / "topics.json",
            ],
        ),
    ]
    for stage, arguments in steps:
        assert stage(p + [str(a) for a in arguments]) == 0, stage.__module__
    return {"data": d, "metrics": m, "models": models, "labels": root / "explorer-labels", "params": params_path}


@pytest.fixture(scope="session")
def pipeline_output(tmp_path_factory) -> dict[str, Path]:
    return build_pipeline_output(tmp_path_factory.mktemp("explorer"))
