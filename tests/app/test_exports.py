"""Downloads: tables as CSV that Excel in a Dutch locale opens, charts as
SVG and PNG rendered on the server without a browser."""

import pandas as pd
import pytest

from tests.app.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture()
def charts(monkeypatch):
    monkeypatch.syspath_prepend(str(REPO / "app"))
    import charts

    return charts


def test_csv_uses_semicolons_decimal_commas_and_a_byte_order_mark(charts):
    data = charts.csv_bytes(pd.DataFrame({"organisatie": ["Gemeente Brakelveen"], "kloof": [-0.25]}))
    assert data.startswith("\ufeff".encode("utf-8"))
    assert data.decode("utf-8-sig").splitlines() == ["organisatie;kloof", "Gemeente Brakelveen;-0,25"]


def test_charts_render_to_svg_and_png_on_the_server(charts, pipeline_output):
    scores = pd.read_parquet(pipeline_output["data"] / "document_scores.parquet")
    chart = charts.document_scatter(scores)
    svg = charts.svg_bytes(chart).decode("utf-8")
    assert svg.startswith("<svg") and "Kloof claim" in svg
    assert charts.png_bytes(chart).startswith(b"\x89PNG")


def test_overview_button_opens_the_documents_of_an_organisation(explorer_env):
    from streamlit.testing.v1 import AppTest

    from tests.app.conftest import APP

    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at.selectbox(key="overview_organisation").set_value("Jeugdzorg Oostkust").run()
    next(b for b in at.button if b.label.startswith("Open de documenten")).click().run()
    assert not at.exception
    assert at.title[0].value == "Document lezen"
    assert at.sidebar.multiselect[0].value == ["Jeugdzorg Oostkust"]

