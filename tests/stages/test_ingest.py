"""The ingest stage on a folder of broken and awkward inputs: every file
must be accounted for, none may stop the run."""

import json

import pandas as pd
import pytest

from pipeline.stages.ingest import ingest, main
from pipeline.tools.render_demo import write_broken_corpus

PARAMS = {
    "n_jobs": 1,
    "max_file_mb": 5,
    "min_words": 10,
    "language_candidates": ["nl", "en", "de", "fr"],
    "near_duplicate_threshold": 0.8,
    "exclude_duplicates": True,
}


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    expected = write_broken_corpus(folder)
    return folder, expected


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_every_file_and_metadata_row_is_accounted_for(broken, n_jobs):
    folder, expected = broken
    documents, report, summary = ingest(folder, folder / "metadata.csv", {**PARAMS, "n_jobs": n_jobs})
    assert sorted(report["file"]) == sorted(expected)
    assert dict(zip(report["file"], report["status"])) == expected
    assert summary["files_and_rows"] == len(expected)
    not_ok = report[report["status"] != "ok"]
    assert not_ok["reason"].str.len().gt(0).all(), "every problem has a reason in words"


def test_problems_are_explained_in_plain_words(broken):
    folder, _ = broken
    _, report, _ = ingest(folder, folder / "metadata.csv", PARAMS)
    reasons = dict(zip(report["file"], report["reason"]))
    assert "wachtwoord" in reasons["met-wachtwoord.pdf"]
    assert "beschadigd" in reasons["afgebroken.pdf"]
    assert "Word-bestand is beschadigd" in reasons["beschadigd.docx"]
    assert "alleen afbeeldingen" in reasons["gescand.pdf"]
    assert "leeg" in reasons["leeg.txt"]
    assert "ontbreekt" in reasons["ontbreekt.pdf"]
    assert "niet ondersteund" in reasons["adressen.csv"]
    warnings = dict(zip(report["file"], report["warnings"]))
    assert "inhoud is html" in warnings["eigenlijk-html.pdf"]
    assert "niet in de metadata" in warnings["niet-in-metadata.docx"]


def test_foreign_language_and_duplicates_are_kept_but_excluded(broken):
    folder, _ = broken
    documents, _, _ = ingest(folder, folder / "metadata.csv", PARAMS)
    by_file = documents.set_index("file")
    assert by_file.loc["engels.txt", "language"] == "en"
    assert not by_file.loc["engels.txt", "included"]
    assert by_file.loc["kopie-van-goed.txt", "duplicate_of"] == "goed"
    assert by_file.loc["kopie-van-goed.txt", "duplicate_kind"] == "exact"
    assert not by_file.loc["kopie-van-goed.txt", "included"]
    assert set(documents.loc[documents["included"], "file"]) == {
        "goed.txt",
        "niet-in-metadata.docx",
        "eigenlijk-html.pdf",
    }


def test_near_duplicate_is_linked_to_the_earlier_document(tmp_path):
    base = " ".join(
        f"In week {n} kookten bewoners, de wijkagent en de buurtverpleegkundige samen in het buurthuis De Akker."
        for n in range(1, 30)
    )
    (tmp_path / "a.txt").write_text(base, encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Herplaatst door de redactie. " + base.replace("week 7", "week zeven"), encoding="utf-8"
    )
    (tmp_path / "metadata.csv").write_text(
        "doc_id,file,date\na,a.txt,2018-11-15\nb,b.txt,2018-11-29\n", encoding="utf-8"
    )
    documents, _, _ = ingest(tmp_path, tmp_path / "metadata.csv", PARAMS)
    b = documents.set_index("doc_id").loc["b"]
    assert (b["duplicate_of"], b["duplicate_kind"], bool(b["included"])) == ("a", "near", False)
    assert 0.8 <= b["duplicate_similarity"] < 1.0


def test_oversized_files_are_skipped(broken):
    folder, _ = broken
    limit_mb = 0.002
    _, report, _ = ingest(folder, folder / "metadata.csv", {**PARAMS, "max_file_mb": limit_mb})
    too_big = {
        path.name for path in folder.iterdir() if path.stat().st_size > limit_mb * 2**20 and path.suffix != ".csv"
    }
    assert too_big, "the fixture must hold files above the limit"
    oversized = set(report.loc[report["reason"].str.contains("te groot", na=False), "file"])
    assert oversized == too_big


def test_missing_metadata_table_still_reads_every_file(broken):
    folder, expected = broken
    _, report, _ = ingest(folder, folder / "geen-metadata.csv", PARAMS)
    assert set(expected) - {"ontbreekt.pdf"} <= set(report["file"])
    assert "metadatabestand ontbreekt" in set(report["reason"])


def test_stage_main_writes_documents_report_and_summary(broken, tmp_path):
    folder, expected = broken
    params = tmp_path / "params.yaml"
    params.write_text(
        f"corpus:\n  dir: {folder}\n  metadata: {folder / 'metadata.csv'}\ningest:\n  n_jobs: 2\n  min_words: 10\n",
        encoding="utf-8",
    )
    outputs = {name: tmp_path / name for name in ("documents.parquet", "report.csv", "summary.json")}
    assert (
        main(
            [
                "--params",
                str(params),
                "--out",
                str(outputs["documents.parquet"]),
                "--report",
                str(outputs["report.csv"]),
                "--summary",
                str(outputs["summary.json"]),
            ]
        )
        == 0
    )
    documents = pd.read_parquet(outputs["documents.parquet"])
    assert {"doc_id", "text", "word_count", "language", "content_hash", "included"} <= set(documents.columns)
    assert len(pd.read_csv(outputs["report.csv"])) == len(expected)
    assert json.loads(outputs["summary.json"].read_text())["by_status"]["missing"] == 1
