"""The ``export`` stage on a tiny pipeline output: fixed tables, a valid data
package, complete provenance, the codebook, and a REFI-QDA project whose
selections cut out exactly the classified sentences."""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import zipfile

import pandas as pd
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
import yaml
from frictionless import validate
from lxml import etree

from pipeline.exports import refiqda
from pipeline.exports.datapackage import DOCUMENTS, EVIDENCE, GROUP_SCORES, SENTENCES, TABLES, columns_of, conform
from pipeline.lexicon import CATEGORIES, load_lexicon
from pipeline.stages import export

from .conftest import REPO, refi_schema, write_outputs

Q = {"q": refiqda.NAMESPACE}


def read_project(exported) -> tuple[etree._ElementTree, dict[str, str]]:
    """project.qde and the source texts, as a QDA tool would read them."""
    with zipfile.ZipFile(exported.out / "samenspraak.qdpx") as archive:
        tree = etree.ElementTree(etree.fromstring(archive.read("project.qde")))
        texts = {name: archive.read(name).decode("utf-8") for name in archive.namelist() if name.startswith("sources/")}
    return tree, texts


# ------------------------------------------------------------------ tables


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_tables_have_the_fixed_columns_in_order(exported, table):
    header = (exported.out / f"{table.name}.csv").read_text(encoding="utf-8").splitlines()[0]
    csv_columns = [name.strip('"') for name in header.split(",")]
    parquet_columns = pq.read_schema(exported.out / f"{table.name}.parquet").names
    extras = ["stated_language", "format", "regio"] if table is DOCUMENTS else []
    assert csv_columns == parquet_columns == table.column_names + extras


@pytest.mark.parametrize("table", TABLES, ids=lambda table: table.name)
def test_csv_and_parquet_hold_the_same_values(exported, table):
    parquet = pq.read_table(exported.out / f"{table.name}.parquet")
    csv = pacsv.read_csv(
        exported.out / f"{table.name}.csv",
        convert_options=pacsv.ConvertOptions(column_types=parquet.schema, strings_can_be_null=True),
    )
    assert csv.schema.names == parquet.schema.names and csv.schema.types == parquet.schema.types
    # Declared non-null in the Parquet schema; the CSV reader cannot know that.
    assert csv.cast(parquet.schema).equals(parquet)


def test_sentences_carry_labels_probabilities_and_marker_ids(exported):
    sentences = pd.read_parquet(exported.out / "sentences.parquet").set_index(["doc_id", "sent_index"])
    assert len(sentences) == 5 + 4  # titles count as sentences
    practised = sentences.loc[("blog", 1)]
    assert (practised["collab"], practised["register"], practised["mode"]) == ("yes", "dialogue", "practised")
    assert practised["p_mode_practised"] == pytest.approx(0.7)
    # Each marker once, in text order; pitfalls apart; signals not here.
    assert sentences.loc[("plan", 1), "marker_ids"] == "coordination.regie coordination.keten"
    assert sentences.loc[("blog", 2), "marker_ids"] == "dialogue.bellen practice.bellen coordination.afspraak"
    assert pd.isna(sentences.loc[("plan", 3), "marker_ids"])
    assert sentences.loc[("plan", 3), "pitfall_ids"] == "collaboration.neg_samenvatten"
    # No register or mode for a sentence that is not about collaboration.
    assert pd.isna(sentences.loc[("blog", 3), "register"]) and pd.isna(sentences.loc[("blog", 3), "mode"])


def test_documents_keep_excluded_ones_without_figures(exported):
    documents = pd.read_csv(exported.out / "documents.csv").set_index("doc_id")
    assert list(documents.index) == ["blog", "note-en", "plan"]
    assert "text" not in documents.columns
    excluded = documents.loc["note-en"]
    assert not excluded["included"] and excluded["exclusion_reason"] == "taal is niet Nederlands"
    assert pd.isna(excluded["claim_practice_gap"]) and pd.isna(excluded["n_sentences"])
    # The plan only claims, the blog only reports practice.
    assert documents.loc["plan", "claim_practice_gap"] > 0 > documents.loc["blog", "claim_practice_gap"]
    assert documents.loc["blog", "claim_practice_gap_low"] <= documents.loc["blog", "claim_practice_gap"]
    assert documents.loc["plan", "regio"] == "Noord"


def test_group_scores_and_evidence_are_complete(exported):
    groups = pd.read_parquet(exported.out / "group_scores.parquet")
    assert groups.iloc[0]["group_by"] == "corpus" and groups.iloc[0]["n_documents"] == 2
    assert set(groups["group_by"]) == {"corpus", "organisation", "genre", "year"}
    evidence = pd.read_parquet(exported.out / "evidence.parquet")
    assert len(evidence) == 14
    for row in evidence.itertuples():
        assert exported.texts[row.doc_id][row.start_char : row.end_char] == row.text


def test_conform_turns_empty_strings_into_nulls_and_refuses_missing_required_values():
    frame = pd.DataFrame({"group_by": ["genre"], "group": [""], "n_documents": [1]})
    with pytest.raises(ValueError, match="required"):
        conform(GROUP_SCORES, frame)  # counts and basis are required
    table = conform(
        EVIDENCE,
        pd.DataFrame(
            {
                "doc_id": ["a"],
                "sent_index": [0],
                "kind": ["signal"],
                "name": ["numbers"],
                "category": [""],
                "start_char": [0],
                "end_char": [2],
                "text": ["12"],
            }
        ),
    )
    assert table.column("category").null_count == 1


# ------------------------------------------------------------------ data package


def test_datapackage_is_valid_and_describes_every_column(exported):
    report = validate(str(exported.out / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((exported.out / "datapackage.json").read_text(encoding="utf-8"))
    assert {"licenses", "sources", "created"} <= set(descriptor)
    names = {resource["name"] for resource in descriptor["resources"]}
    assert names == {t.name for t in TABLES} | {f"{t.name}-parquet" for t in TABLES}
    for resource in descriptor["resources"]:
        for described in resource["schema"]["fields"]:
            assert described["description"], (resource["name"], described["name"])
    sentences = next(r for r in descriptor["resources"] if r["name"] == "sentences")
    fields = {f["name"]: f for f in sentences["schema"]["fields"]}
    assert fields["register"]["constraints"]["enum"] == ["coordination", "dialogue", "mixed", "unmarked"]
    assert fields["p_collab_yes"]["constraints"] == {"required": True, "minimum": 0, "maximum": 1}


def test_datapackage_validation_catches_a_broken_table(exported, tmp_path):
    broken = tmp_path / "exports"
    shutil.copytree(exported.out, broken)
    sentences = pd.read_csv(broken / "sentences.csv", keep_default_na=False)
    sentences.loc[1, "p_collab_yes"] = 1.5
    sentences.loc[2, "mode"] = "promised"
    sentences.to_csv(broken / "sentences.csv", index=False)
    report = validate(str(broken / "datapackage.json"))
    assert not report.valid
    problems = {error[0] for error in report.flatten(["type"])}
    assert "constraint-error" in problems


def test_every_row_is_checked_with_arrow_not_only_the_sample_frictionless_reads(exported):
    """table_problems sees what frictionless would, on every row: a value out
    of range or outside its enum, a repeated primary key, a dangling foreign
    key; the intact export has none."""
    import pyarrow as pa

    from pipeline.exports.datapackage import table_problems

    tables = {}
    for table in (DOCUMENTS, SENTENCES, EVIDENCE):
        arrow = pq.read_table(exported.out / f"{table.name}.parquet")
        tables[table.name] = (table, columns_of(table, arrow.to_pandas()), arrow)
    assert table_problems(tables) == []

    table, columns, sentences = tables[SENTENCES.name]
    last = sentences.num_rows - 1  # far beyond a sample of the first rows
    broken = sentences.to_pandas()
    broken.loc[last, "p_collab_yes"] = 1.5
    broken.loc[last, "mode"] = "promised"
    broken = pd.concat([broken, broken.iloc[[0]]], ignore_index=True)  # a primary key twice
    evidence_table, evidence_columns, evidence = tables[EVIDENCE.name]
    dangling = evidence.to_pandas()
    dangling.loc[0, "sent_index"] = 10**6
    problems = table_problems(
        {
            DOCUMENTS.name: tables[DOCUMENTS.name],
            SENTENCES.name: (
                table,
                columns,
                pa.Table.from_pandas(broken, schema=sentences.schema, preserve_index=False),
            ),
            EVIDENCE.name: (
                evidence_table,
                evidence_columns,
                pa.Table.from_pandas(dangling, schema=evidence.schema, preserve_index=False),
            ),
        }
    )
    text = "\n".join(problems)
    assert "sentences.p_collab_yes: values above 1" in text
    assert "sentences.mode: 1 values outside" in text
    assert "repeat a primary key" in text
    assert "evidence: 1 rows whose ('doc_id', 'sent_index') is not in sentences" in text


def test_the_sampled_check_reads_parquet_columns_and_csv_rows(exported, tmp_path):
    """The default check: the descriptor, a sample of each CSV's rows, and
    each Parquet file's columns and types against the descriptor."""
    import pyarrow as pa

    assert export.datapackage_problems(exported.out / "datapackage.json", limit_rows=100) == []
    broken = tmp_path / "exports"
    shutil.copytree(exported.out, broken)
    groups = pq.read_table(broken / "group_scores.parquet")
    index = groups.schema.get_field_index("n_documents")
    pq.write_table(groups.set_column(index, "n_documents", groups.column(index).cast(pa.float64())), broken / "group_scores.parquet")
    csv = pd.read_csv(broken / "sentences.csv", keep_default_na=False)
    csv.loc[0, "p_collab_yes"] = 1.5  # in the first rows: within the sample
    csv.to_csv(broken / "sentences.csv", index=False)
    problems = "\n".join(export.datapackage_problems(broken / "datapackage.json", limit_rows=100))
    assert "group_scores-parquet.n_documents: double is not integer" in problems
    assert "constraint-error" in problems


def test_the_stage_fails_when_its_output_breaks_the_description(tmp_path):
    outputs = write_outputs(tmp_path)
    labels_path = outputs.root / "data" / "sentence_labels.parquet"
    labels = pd.read_parquet(labels_path)
    labels.loc[0, "p_collab_no"] = 1.2  # impossible probability from a broken stage
    labels.to_parquet(labels_path, index=False)
    assert export.main(outputs.args + ["--out", str(outputs.out)]) == 1
    summary = json.loads((outputs.root / "metrics" / "export.json").read_text(encoding="utf-8"))
    assert summary["datapackage_valid"] is False and summary["problems"]


# ------------------------------------------------------------------ provenance and codebook


def test_provenance_records_every_origin(exported):
    provenance = json.loads((exported.out / "provenance.json").read_text(encoding="utf-8"))
    assert set(provenance) == {"created", "git", "params", "lexicon", "nlp", "classifier", "libraries", "inputs"}
    assert provenance["created"].endswith("Z")
    assert set(provenance["git"]) == {"commit", "dirty", "changed_files"}  # not a git checkout: nulls
    assert provenance["params"] == yaml.safe_load((exported.root / "params.yaml").read_text(encoding="utf-8"))
    assert provenance["lexicon"]["version"] == load_lexicon().version
    assert provenance["lexicon"]["matches_classifier"] is False  # the test manifest names another lexicon
    assert provenance["nlp"]["pipeline"] == "nl_samenspraak_default" and provenance["nlp"]["same_pipeline"] is True
    classifier = provenance["classifier"]
    assert classifier["version"] == "1.0+test-1-7"
    assert classifier["validation"]["heldout"]["classifier"]["collab_f1"] == 0.9
    assert classifier["train_metrics"]["cross_validation"]["baseline"]["mode_macro_f1"] == 0.5
    assert "skipped" in classifier["dev_metrics"]
    for library in ("spacy", "HanTa", "scikit-learn", "skops", "gensim", "pandas", "pyarrow", "dvc"):
        assert provenance["libraries"][library], library
    files = provenance["inputs"]["files"]
    assert {
        "documents",
        "sentences",
        "sentence_labels",
        "evidence",
        "document_scores",
        "group_scores",
        "classifier/classifier.json",
        "train_metrics",
        "params",
    } <= set(files)
    documents = pd.read_parquet(exported.root / "data" / "documents.parquet")
    assert (
        files["documents"]["sha256"]
        == hashlib.sha256((exported.root / "data" / "documents.parquet").read_bytes()).hexdigest()
    )
    corpus = provenance["inputs"]["corpus"]
    assert corpus["documents"] == 3 and corpus["included"] == 2
    assert corpus == export.corpus_fingerprint(documents.sample(frac=1, random_state=1))  # order does not matter


def test_git_state_in_a_checkout():
    state = export.git_state(REPO)
    if state["commit"] is None:
        pytest.skip("not a git checkout")
    assert len(state["commit"]) == 40 and isinstance(state["dirty"], bool)


def test_codebook_lists_labels_figures_and_the_lexicon(exported):
    codebook = (exported.out / "codebook.md").read_text(encoding="utf-8")
    lexicon = load_lexicon()
    assert lexicon.version in codebook
    for label in ("coordination", "dialogue", "mixed", "unmarked", "claimed", "practised", "reflective"):
        assert f"`{label}`" in codebook
    assert "(claimed − practised) / (claimed + practised)" in codebook
    assert "90% percentile interval" in codebook and "200 bootstrap replicates" in codebook
    for category in CATEGORIES:
        entries = lexicon.of_category(category)
        pitfalls = sum(marker.negative for marker in entries)
        assert f"| {len(entries) - pitfalls} | {pitfalls} |" in next(
            line for line in codebook.splitlines() if line.startswith(f"| {category} |")
        )


# ------------------------------------------------------------------ REFI-QDA


def test_qdpx_holds_the_project_and_one_text_per_analysed_document(exported):
    with zipfile.ZipFile(exported.out / "samenspraak.qdpx") as archive:
        names = archive.namelist()
    assert names[0] == "project.qde"
    tree, texts = read_project(exported)
    sources = tree.getroot().findall(".//q:TextSource", Q)
    assert sorted(source.get("name") for source in sources) == ["blog", "plan"]
    for source in sources:
        guid = source.get("guid")
        assert source.get("plainTextPath") == f"internal://{guid}.txt"
        assert texts[f"sources/{guid}.txt"] == exported.texts[source.get("name")]
    assert len(texts) == 2


def test_project_is_valid_against_the_refi_qda_schema(exported):
    schema = refi_schema()
    tree, _ = read_project(exported)
    assert refiqda.validation_errors(tree, schema) == []


def test_schema_violations_are_caught(exported):
    schema = refi_schema()
    tree, _ = read_project(exported)
    for breakage in ("no code name", "bad guid", "selection without start"):
        broken = copy.deepcopy(tree)
        root = broken.getroot()
        if breakage == "no code name":
            del root.find(".//q:Code", Q).attrib["name"]
        elif breakage == "bad guid":
            root.find(".//q:TextSource", Q).set("guid", "doc-blog")
        else:
            del root.find(".//q:PlainTextSelection", Q).attrib["startPosition"]
        assert refiqda.validation_errors(broken, schema), breakage


def test_selections_cut_out_exactly_the_collaboration_sentences(exported):
    tree, texts = read_project(exported)
    sentences = pd.read_parquet(exported.out / "sentences.parquet")
    collaboration = sentences[sentences["collab"] == "yes"]
    codes = {code.get("guid"): code.get("name") for code in tree.getroot().iter(f"{{{refiqda.NAMESPACE}}}Code")}
    found = 0
    for source in tree.getroot().findall(".//q:TextSource", Q):
        text = texts[f"sources/{source.get('guid')}.txt"]
        expected = collaboration[collaboration["doc_id"] == source.get("name")].set_index("start_char")
        for selection in source.findall("q:PlainTextSelection", Q):
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            sentence = expected.loc[start]
            assert text[start:end] == sentence["text"] and end == sentence["end_char"]
            coded = {codes[ref.get("targetGUID")] for ref in selection.findall("q:Coding/q:CodeRef", Q)}
            assert coded == {
                "samenwerking",
                refiqda.CODE_NAMES[f"register.{sentence['register']}"],
                refiqda.CODE_NAMES[f"mode.{sentence['mode']}"],
            }
            found += 1
    assert found == len(collaboration) == 5


def test_emoji_offsets_count_characters(exported):
    """The blog's last sentence has an emoji (one character, four UTF-8
    bytes): positions count characters, not bytes."""
    tree, texts = read_project(exported)
    blog = next(s for s in tree.getroot().findall(".//q:TextSource", Q) if s.get("name") == "blog")
    last = blog.findall("q:PlainTextSelection", Q)[-1]
    text = texts[f"sources/{blog.get('guid')}.txt"]
    assert text[int(last.get("startPosition")) : int(last.get("endPosition"))].endswith("schreef een collega later.")
    assert "🤝" in text[int(last.get("startPosition")) : int(last.get("endPosition"))]


def test_export_is_reproducible(exported, tmp_path):
    again = tmp_path / "again"
    assert export.main(exported.args + ["--out", str(again), "--no-validate"]) == 0
    assert (again / "samenspraak.qdpx").read_bytes() == (exported.out / "samenspraak.qdpx").read_bytes()
    for table in TABLES:
        assert (again / f"{table.name}.csv").read_bytes() == (exported.out / f"{table.name}.csv").read_bytes()


def test_guids_are_stable_and_distinct():
    assert refiqda.stable_guid("source", "blog", "abc") == refiqda.stable_guid("source", "blog", "abc")
    assert refiqda.source_guid("blog", "abc") != refiqda.source_guid("blog", "abd")
    keys = [code.key for code in refiqda.CODEBOOK.walk()]
    assert len({refiqda.code_guid(key) for key in keys}) == len(keys) == 10
