"""Downloads: tables as CSV that Excel in a Dutch locale opens, charts as
SVG and PNG rendered on the server without a browser."""

import pandas as pd
import pytest

from tests.app.conftest import REPO

pytestmark = pytest.mark.slow


@pytest.fixture()
def charts(monkeypatch):
    from app import charts

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


def test_chart_numbers_use_the_dutch_decimal_comma(charts, pipeline_output):
    scores = pd.read_parquet(pipeline_output["data"] / "document_scores.parquet")
    svg = charts.svg_bytes(charts.dutch(charts.document_scatter(scores))).decode("utf-8")
    assert ">0,5<" in svg and ">−0,5<" in svg and ">0.5<" not in svg


def test_interval_texts_for_a_table_equal_those_for_one_row(monkeypatch):
    import math

    from app import texts

    table = pd.DataFrame(
        {
            "claim_practice_gap": [0.123, -0.5, math.nan, 0.2],
            "claim_practice_gap_low": [-0.05, -0.71, math.nan, math.nan],
            "claim_practice_gap_high": [0.3, -0.2, math.nan, math.nan],
        }
    )
    column = texts.with_interval_column(table, "claim_practice_gap")
    assert column == [texts.with_interval(row, "claim_practice_gap") for row in table.to_dict("records")]
    assert column[:3] == ["+0,12 [−0,05; +0,30]", "−0,50 [−0,71; −0,20]", "– (niet te bepalen)"]
    assert column[3] == "+0,20 [–; –]"


@pytest.mark.parametrize("figure", ["claim_practice_gap", "collaboration_density"])
def test_chart_tooltips_write_intervals_as_the_tables_do(charts, monkeypatch, figure):
    """The browser formats the tooltips (a Vega expression in the Dutch
    locale); rendered by vl-convert they read exactly as ``with_interval``."""
    import math
    import re

    import altair as alt

    from app import texts

    table = pd.DataFrame(
        {
            figure: [0.123, -0.5, math.nan, 12.34],
            f"{figure}_low": [-0.05, -0.71, math.nan, math.nan],
            f"{figure}_high": [0.3, -0.2, math.nan, 15.0],
            "row": [1, 2, 3, 4],
        }
    )
    chart = (
        alt.Chart(table)
        .transform_calculate(text=charts.interval_expression(figure))
        .mark_text()
        .encode(y="row:O", text="text:N")
    )
    svg = charts.svg_bytes(charts.dutch(chart)).decode("utf-8")
    shown = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if "[" in t or "niet" in t]
    assert shown == [texts.with_interval(row, figure) for row in table.to_dict("records")]


def test_grid_for_large_selections_counts_every_document_once(charts):
    scores = pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(6)],
            "genre": ["beleid"] * 4 + ["blog", None],
            "claim_practice_gap": [0.91, 0.95, -1.0, 0.2, 1.0, 0.0],
            "coordination_dialogue_balance": [0.5, 0.52, -1.0, 0.2, 1.0, 0.0],
            "n_collab": [3, 4, 5, 6, 7, 8],
        }
    )
    counted = charts.document_grid(scores).data
    assert counted["documenten"].sum() == 6 and counted["samenwerkingszinnen"].sum() == 33
    both = counted[(counted["genre"] == "beleid") & (counted["documenten"] == 2)].iloc[0]
    assert (both["x0"], both["x1"], both["y0"], both["y1"]) == pytest.approx((0.5, 0.6, 0.9, 1.0))
    # The edges of the scale fall in the outer cells, not outside the grid.
    assert counted["x0"].min() == pytest.approx(-1.0) and counted["x1"].max() == pytest.approx(1.0)
    assert set(counted["genre"]) == {"beleid", "blog", "–"}
    assert charts.svg_bytes(charts.dutch(charts.document_grid(scores))).startswith(b"<svg")


def test_long_rankings_show_both_ends(charts):
    ranking = pd.DataFrame({"group": [f"o{i}" for i in range(50)]})
    ends = charts.ranking_ends(ranking, limit=10)
    assert list(ends["group"]) == ["o0", "o1", "o2", "o3", "o4", "o45", "o46", "o47", "o48", "o49"]
    assert len(charts.ranking_ends(ranking.head(8), limit=10)) == 8


def test_the_readme_explains_intervals_in_the_explorers_own_words(monkeypatch):
    """One Dutch paragraph says what an interval means; the README quotes
    the explorer's, for the default settings, word for word."""
    import re

    import yaml

    from app import texts

    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))["score"]
    paragraph = texts.interval_note(params, corrected=True)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(line[2:] for line in readme.splitlines() if line.startswith("> "))
    assert re.sub(r"\s+", " ", paragraph) in re.sub(r"\s+", " ", quoted)
    # and the download of figures says "te weinig zinnen" where a figure is withheld
    table = pd.DataFrame(
        {
            "doc_id": ["a"],
            "claim_practice_gap": [float("nan")],
            "claim_practice_gap_status": ["too_few_sentences"],
            "uncorrected_claim_practice_gap": [0.4],
        }
    )
    shown = texts.figures_download(table)
    assert shown.loc[0, "kloof claim–praktijk: getoond"] == "te weinig zinnen"
    assert "kloof claim–praktijk (ongecorrigeerd)" in shown.columns
