"""The whole pipeline through DVC, on a tiny corpus of files in every format
(broken ones included), in a fresh git + DVC project in a temporary folder.

Checks what the README promises: ``dvc repro`` runs every stage, a second
``dvc repro`` does nothing, editing one lexicon file re-runs only what
depends on the lexicon, and adding a document does not retrain the
classifier.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from pipeline.tools.render_demo import (
    parse_source,
    render_docx,
    render_html,
    render_pdf,
    render_txt,
    write_broken_corpus,
)
from tests.labelled_subset import small_labelled_set

REPO = Path(__file__).resolve().parents[1]
STAGES = ("ingest", "annotate", "detect", "weak_labels", "train", "evaluate", "classify", "score", "topics", "export")
pytestmark = pytest.mark.slow


def run(command: list[str], cwd: Path) -> str:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{' '.join(command)} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory, source_document):
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(REPO / "pipeline", root / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "dvc.yaml", root / "dvc.yaml")
    corpus = root / "corpus"
    write_broken_corpus(corpus)
    header = "Gemeente Harderzijl | Samen aan tafel"
    render_pdf(source_document, corpus / "dreef.pdf", header)
    render_docx(source_document, corpus / "dreef-kopie.docx", header)
    blog = parse_source((REPO / "corpora/demo/sources/welzijn-blog-2018.txt").read_text(encoding="utf-8"))
    render_html(blog, corpus / "buurtkeuken.html", "Welzijn Lindeveen", "Karim Amrani", "2018-11-15")
    note = parse_source((REPO / "corpora/demo/sources/jeugdzorg-beleidsnota-2017.txt").read_text(encoding="utf-8"))
    render_txt(note, corpus / "regie.txt")
    with open(corpus / "metadata.csv", "a", encoding="utf-8") as handle:
        handle.write("dreef,dreef.pdf,Samen aan tafel,Gemeente Harderzijl,rapport,2023-10-02\n")
        handle.write("buurtkeuken,buurtkeuken.html,Buurtkeuken,Welzijn Lindeveen,blog,2018-11-15\n")
        handle.write("regie,regie.txt,Regie,Jeugdzorg Oostkust,beleid,2017-09-12\n")
    small_labelled_set(root / "labelled")

    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["corpus"] = {"dir": "corpus", "metadata": "corpus/metadata.csv"}
    params["ingest"].update(n_jobs=2, min_words=10)
    params["nlp"].update(n_process=1, batch_size=4)
    params["train"].update(labelled_dir="labelled", cv_folds=2)
    params["evaluate"]["dev_sets"] = {"dev": {"sentences": "no-dev-set-here.jsonl"}}
    params["score"]["bootstrap_samples"] = 200
    params["topics"].update(
        num_topics=3, passes=2, workers=1, w2v_epochs=5, w2v_min_count=1, candidates_per_category=3, phrases_min_count=2
    )
    (root / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")

    run(["git", "init", "-q"], root)
    run(["dvc", "init", "-q"], root)
    run(["dvc", "config", "core.analytics", "false"], root)
    first = run(["dvc", "repro"], root)
    return root, first


def test_every_stage_runs_and_writes_its_outputs(project):
    root, output = project
    for stage in STAGES:
        assert f"Running stage '{stage}'" in output
    report = pd.read_csv(root / "data/ingest_report.csv")
    assert {"dreef.pdf", "dreef-kopie.docx", "buurtkeuken.html", "regie.txt", "ontbreekt.pdf", "gescand.pdf"} <= set(
        report["file"]
    )
    documents = pd.read_parquet(root / "data/documents.parquet")
    assert documents.set_index("file").loc["dreef-kopie.docx", "duplicate_of"] == "dreef"
    labels = pd.read_parquet(root / "data/sentence_labels.parquet")
    sentences = pd.read_parquet(root / "data/sentences.parquet")
    assert len(labels) == len(sentences) > 50
    scores = pd.read_parquet(root / "data/document_scores.parquet")
    assert set(scores["doc_id"]) == set(documents.loc[documents["included"], "doc_id"])
    evidence = pd.read_parquet(root / "data/evidence.parquet")
    text = documents.set_index("doc_id")["text"]
    sample = evidence[evidence["kind"] == "marker"].head(20)
    for row in sample.itertuples():
        assert text[row.doc_id][row.start_char : row.end_char] == row.text
    assert json.loads((root / "metrics/dev.json").read_text())["skipped"]
    assert (root / "models/classifier/collab.skops").exists()
    assert (root / "exports/samenspraak.qdpx").exists() and (root / "exports/datapackage.json").exists()


def test_second_repro_does_nothing(project):
    root, _ = project
    output = run(["dvc", "repro"], root)
    assert "Running stage" not in output


def test_editing_one_lexicon_file_reruns_only_what_depends_on_it(project):
    root, _ = project
    path = root / "pipeline/lexicon/practice.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["entries"].append(
        {
            "id": "practice.test_keukentafel",
            "lemmas": ["keukentafel"],
            "compound": "none",
            "gloss": "aan de keukentafel",
            "example": "We zaten met de ouders aan de keukentafel.",
        }
    )
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    output = run(["dvc", "repro"], root)
    ran = {stage for stage in STAGES if f"Running stage '{stage}'" in output}
    # Stages after the lexicon run again; a stage whose inputs come out
    # byte-identical (the new word occurs nowhere) is rightly skipped by DVC.
    assert (
        {"detect", "train", "topics"}
        <= ran
        <= {"detect", "weak_labels", "train", "evaluate", "classify", "score", "topics", "export"}
    )


def test_classify_command_labels_jsonl_and_plain_text(project, tmp_path):
    root, _ = project
    source = tmp_path / "zinnen.jsonl"
    records = [
        {
            "id": "a1",
            "doc": "d",
            "text": "De gemeente zet in op een sluitende ketenaanpak met heldere afspraken over regie.",
        },
        {"id": "a2", "doc": "d", "text": "Vorige week zaten de wijkagent en twee moeders samen aan de keukentafel."},
        {"id": "a3", "text": "De begroting sluit met een klein overschot."},
    ]
    source.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    run(["samenspraak", "classify", str(source), "-o", str(tmp_path / "uit.jsonl")], root)
    output = [json.loads(line) for line in (tmp_path / "uit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [o["id"] for o in output] == ["a1", "a2", "a3"]
    assert "doc" not in output[2] and output[0]["doc"] == "d"
    for record in output:
        assert record["collab"] in ("yes", "no")
        assert abs(sum(record["probabilities"]["collab"].values()) - 1) < 1e-3
        assert (record["register"] is None) == (record["collab"] == "no")
        for item in record["evidence"]:
            assert record["text"][item["start"] : item["end"]] == item["text"]
    assert any(item["kind"] == "marker" for item in output[0]["evidence"])

    plain = tmp_path / "tekst.txt"
    plain.write_text(
        "Samen aan tafel\n\nWe spraken af om elkaar elke week te bellen. De regie ligt bij de gemeente.\n",
        encoding="utf-8",
    )
    run(["samenspraak", "classify", str(plain), "-o", str(tmp_path / "uit2.jsonl")], root)
    texts = [json.loads(line)["text"] for line in (tmp_path / "uit2.jsonl").read_text(encoding="utf-8").splitlines()]
    assert texts == [
        "Samen aan tafel",
        "We spraken af om elkaar elke week te bellen.",
        "De regie ligt bij de gemeente.",
    ]


def test_classify_command_reports_bad_input_in_words(project, tmp_path):
    root, _ = project
    source = tmp_path / "kapot.jsonl"
    source.write_text('{"id": "a1", "text": "Goed."}\n{"id": "a2"}\n', encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["samenspraak", "classify", str(source), "-o", str(tmp_path / "x.jsonl")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and 'line 2: needs at least "id" and "text"' in result.stderr


def test_adding_a_document_does_not_retrain_the_classifier(project):
    """A monthly update adds documents; the classifier does not depend on
    the corpus (weak labels are off), so train and evaluate stay as they
    are while the corpus stages take the new document in."""
    root, _ = project
    (root / "corpus" / "inloop.txt").write_text(
        "Inloop in de Molenwijk\n\n"
        "Sinds januari houden het wijkteam en de bibliotheek elke woensdag samen een inloopspreekuur. "
        "Bewoners komen met brieven, formulieren en vragen over hun geldzaken. "
        "De medewerkers kennen elkaar inmiddels goed en bellen elkaar als een vraag blijft liggen. "
        "Volgend jaar willen we ook de woningcorporatie aan tafel hebben.\n",
        encoding="utf-8",
    )
    with open(root / "corpus" / "metadata.csv", "a", encoding="utf-8") as handle:
        handle.write("inloop,inloop.txt,Inloop in de Molenwijk,Bibliotheek Molenwijk,blog,2024-03-06\n")
    output = run(["dvc", "repro"], root)
    ran = {stage for stage in STAGES if f"Running stage '{stage}'" in output}
    assert {"ingest", "annotate", "detect", "weak_labels", "classify", "score", "export"} <= ran
    assert not ran & {"train", "evaluate"}
    documents = pd.read_parquet(root / "data/documents.parquet")
    assert "inloop" in set(documents["doc_id"])
    assert pd.read_parquet(root / "data/weak_labels.parquet").empty
