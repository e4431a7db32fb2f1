"""Shared fixtures: small documents in every format, written by the tests."""

from pathlib import Path

import pytest

from pipeline.tools.render_demo import parse_source

# A short source in the demo corpus mark-up, written for the tests: long
# enough to span pages in the PDF and to exercise hyphenation and lists.
SOURCE = """# Samen aan tafel in De Dreef

## Aanleiding

In het voorjaar van 2023 kwamen in De Dreef steeds meer meldingen binnen over jongeren die ’s avonds bij het winkelcentrum rondhingen. De wijkagent, de jongerenwerker en twee moeders besloten niet te wachten op een nieuw overleg, maar gingen samen op pad.

„We kenden elkaar eigenlijk alleen van naam,” vertelt jongerenwerker Dewi. „Nu bellen we elkaar gewoon als er iets speelt.”

## Wat we deden

- drie avonden per week samen de wijk in
- een gesprek met de jongeren bij de snackbar
- een buurtavond met veertig bewoners in het wijkcentrum

De samenwerkingsovereenkomst tussen gemeente, politie en welzijnsorganisatie bleef ondertussen gewoon van kracht. Samengevat: er veranderde op papier weinig, in de wijk des te meer.

## Cijfers

Het aantal meldingen van overlast daalde van 41 in juli naar 12 in september. Het casusoverleg besprak in dezelfde periode zes jongeren, van wie er vier inmiddels een stageplaats of opleiding hebben gevonden.
"""


@pytest.fixture(scope="session")
def source_document():
    # Repeat the body so the PDF runs over several pages with running headers.
    body = SOURCE.split("\n", 2)[2]
    return parse_source(SOURCE + "\n" + "\n".join([body] * 4))


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, source_document) -> dict[str, Path]:
    """The test document as PDF, DOCX, HTML and legacy TXT."""
    from pipeline.tools.render_demo import render_docx, render_html, render_pdf, render_txt

    folder = tmp_path_factory.mktemp("rendered")
    paths = {kind: folder / f"dreef.{kind}" for kind in ("pdf", "docx", "html", "txt")}
    render_pdf(source_document, paths["pdf"], "Gemeente Harderzijl | Samen aan tafel")
    render_docx(source_document, paths["docx"], "Gemeente Harderzijl | Samen aan tafel")
    render_html(source_document, paths["html"], "Gemeente Harderzijl", "Redactie", "2023-10-02")
    render_txt(source_document, paths["txt"])
    return paths


@pytest.fixture(scope="session")
def nlp():
    """The embedded default Dutch pipeline (built once per test session)."""
    from pipeline.nlp import load_nlp

    return load_nlp("default")


TEST_LEXICON = {
    "collaboration": [
        {
            "id": "collaboration.samenwerking",
            "lemmas": ["samenwerking", "samenwerken"],
            "compound": "any",
            "gloss": "samen werken",
            "example": "De samenwerking verliep goed.",
        },
        {
            "id": "collaboration.neg_samen_met_bijlage",
            "sequence": [["samen"], ["met"], ["de"], ["bijlage"]],
            "negative": True,
            "gloss": "niet samenwerken",
            "example": "Samen met de bijlage ontvangt u het verslag.",
        },
        {"id": "collaboration.samen", "lemmas": ["samen"], "gloss": "samen", "example": "We koken samen."},
    ],
    "coordination": [
        {
            "id": "coordination.keten",
            "lemmas": ["keten"],
            "compound": "any",
            "gloss": "keten",
            "example": "De keten moet sluiten.",
        },
        {
            "id": "coordination.overleg",
            "lemmas": ["overleg"],
            "compound": "head",
            "pos": ["NOUN"],
            "gloss": "overleg",
            "example": "Het casusoverleg kwam bijeen.",
        },
    ],
    "dialogue": [
        {
            "id": "dialogue.elkaar_kennen",
            "sequence": [["elkaar"], ["kennen"]],
            "max_gap": 3,
            "gloss": "elkaar kennen",
            "example": "Zij kennen elkaar goed.",
        },
        {"id": "dialogue.afspreken", "lemmas": ["afspreken"], "gloss": "afspreken", "example": "We spraken af."},
    ],
    "claim": [
        {
            "id": "claim.inzetten_op",
            "sequence": [["inzetten", "zetten"], ["op"]],
            "max_gap": 4,
            "gloss": "inzetten op",
            "example": "De gemeente zet in op preventie.",
        },
    ],
    "practice": [
        {"id": "practice.vorige", "lemmas": ["vorig"], "gloss": "vorige", "example": "Vorige week belden we."},
    ],
    "reflective": [
        {
            "id": "reflective.voorwaarde",
            "lemmas": ["voorwaarde"],
            "compound": "head",
            "gloss": "voorwaarde",
            "example": "Vertrouwen is een voorwaarde.",
        },
    ],
}


@pytest.fixture(scope="session")
def test_lexicon_dir(tmp_path_factory):
    """A small lexicon written for the tests, in the real file format."""
    import yaml

    from pipeline.lexicon import CATEGORIES

    folder = tmp_path_factory.mktemp("lexicon")
    for category, field in CATEGORIES.items():
        data = {"category": category, "field": field, "description": "test", "entries": TEST_LEXICON[category]}
        (folder / f"{category}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "VERSION").write_text("0.0-test\n", encoding="utf-8")
    return folder


# The stages' cores on three short documents, for the stage and model tests.
# The real stages on a small corpus, once per session, for the explorer and export tests.
from tests.pipeline_build import pipeline_output  # noqa: E402, F401
from tests.tiny_run import tiny_run  # noqa: E402, F401


@pytest.fixture()
def clean_main(monkeypatch):
    """A plain ``__main__`` for tests that start worker processes (Dask's
    LocalCluster spawns them, and a spawned process runs the parent's
    ``__main__`` file again). Streamlit's AppTest, run earlier in the same
    session, leaves the explorer's script there; the ``samenspraak``
    command's own ``__main__`` is harmless."""
    import sys
    import types

    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
