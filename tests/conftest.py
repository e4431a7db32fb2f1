"""Shared fixtures: small documents in every format, written by the tests."""

from pathlib import Path

import pytest

from pipeline.render import parse_source

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
    from pipeline.render import render_docx, render_html, render_pdf, render_txt

    folder = tmp_path_factory.mktemp("rendered")
    paths = {kind: folder / f"dreef.{kind}" for kind in ("pdf", "docx", "html", "txt")}
    render_pdf(source_document, paths["pdf"], "Gemeente Harderzijl | Samen aan tafel")
    render_docx(source_document, paths["docx"], "Gemeente Harderzijl | Samen aan tafel")
    render_html(source_document, paths["html"], "Gemeente Harderzijl", "Redactie", "2023-10-02")
    render_txt(source_document, paths["txt"])
    return paths
