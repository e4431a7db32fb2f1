"""Charts (Altair) and the download buttons every table and chart gets.

Charts are drawn in the browser by Streamlit; their SVG and PNG files are
rendered on the server by ``vl-convert``, which needs no network and no
browser, and only when someone clicks the button.
"""

from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd
import streamlit as st

from app import texts

# Colours that stay apart for most colour-blind readers (Okabe & Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
GROUP_COLOURS = alt.Scale(range=["#0072B2", "#E69F00"])
# Numbers on axes and in tooltips the Dutch way, as in the tables: decimal
# comma, thousands with a point (Vega-Lite's number locale, honoured by the
# browser and by vl-convert).
DUTCH_LOCALE = {"number": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€ ", ""], "minus": "−"}}


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "tabel"


def csv_bytes(table: pd.DataFrame) -> bytes:
    # Semicolons and decimal commas, with a byte-order mark: how Excel in a
    # Dutch locale expects a CSV file, accents included.
    return table.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def table_download(table: pd.DataFrame, name: str, label: str = "Tabel downloaden (CSV)") -> None:
    # The file is made when someone clicks, not on every run of the page.
    st.download_button(
        label,
        data=lambda: csv_bytes(table),
        file_name=f"{_slug(name)}.csv",
        mime="text/csv",
        key=f"csv-{_slug(name)}",
        on_click="ignore",
        help="Puntkomma-gescheiden, opent direct in Excel.",
    )


def table(frame: pd.DataFrame, column_config: dict | None = None) -> None:
    """A table on the page; numbers with decimals in the reader's own
    notation (a decimal comma in a Dutch browser), like the rest of the
    explorer, unless ``column_config`` says otherwise."""
    config = {
        column: st.column_config.NumberColumn(format="localized")
        for column in frame.columns
        if pd.api.types.is_float_dtype(frame[column])
    }
    st.dataframe(frame, hide_index=True, width="stretch", column_config={**config, **(column_config or {})})


def figure_metric(container, row: dict, figure: str, compact: bool = False) -> None:
    """A figure with its interval and the counts it rests on; ``compact``
    for narrow columns (the interval goes to the line below)."""
    if compact:
        value = texts.number(
            row.get(figure), 1 if figure == "collaboration_density" else 2, figure != "collaboration_density"
        )
        container.metric(texts.FIGURES[figure], value, help=texts.FIGURE_HELP[figure])
        container.caption(f"{texts.interval_only(row, figure)}; {texts.basis(row, figure)}")
    else:
        container.metric(texts.FIGURES[figure], texts.with_interval(row, figure), help=texts.FIGURE_HELP[figure])
        container.caption(texts.basis(row, figure))


def export_spec(chart: alt.TopLevelMixin, width: int = 720) -> str:
    """The chart's Vega-Lite spec for the files: a fixed width, since there
    is no browser window to stretch to."""
    if isinstance(chart, alt.FacetChart):  # its panels have their own width
        return chart.to_json()
    return chart.properties(width=width).to_json()


def svg_bytes(chart: alt.TopLevelMixin) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_svg(export_spec(chart)).encode("utf-8")


def png_bytes(chart: alt.TopLevelMixin) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(export_spec(chart), scale=2)


def dutch(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(locale=DUTCH_LOCALE)


def show(chart: alt.TopLevelMixin, name: str) -> None:
    """Draw a chart with buttons to download it as SVG and PNG."""
    chart = dutch(chart)
    st.altair_chart(chart, width="stretch")
    left, right = st.columns(2)
    # The files are made only when someone clicks (vl-convert takes a moment).
    left.download_button(
        "Grafiek als SVG",
        data=lambda: svg_bytes(chart),
        file_name=f"{_slug(name)}.svg",
        mime="image/svg+xml",
        key=f"svg-{_slug(name)}",
        on_click="ignore",
    )
    right.download_button(
        "Grafiek als PNG",
        data=lambda: png_bytes(chart),
        file_name=f"{_slug(name)}.png",
        mime="image/png",
        key=f"png-{_slug(name)}",
        on_click="ignore",
    )


def interval_expression(figure: str) -> str:
    """A Vega expression that writes '+0,12 [−0,05; +0,30]' like
    ``texts.with_interval`` (the decimal comma comes from the chart's
    Dutch locale)."""
    spec = f"'{texts.figure_format(figure)}'"
    point, low, high = (f"datum['{figure}{end}']" for end in ("", "_low", "_high"))
    bound = lambda value: f"(isFinite({value}) ? format({value}, {spec}) : '–')"  # noqa: E731
    return (
        f"isFinite({point}) ? format({point}, {spec}) + ' [' + {bound(low)} + '; ' + {bound(high)} + ']' "
        f": '– (niet te bepalen)'"
    )


def document_scatter(scores: pd.DataFrame) -> alt.Chart:
    """Documents by balance (x) and gap (y), sized by collaboration sentences,
    coloured by genre, with both intervals as error bars."""
    # Only the columns the chart uses travel to the browser, and the browser
    # writes the tooltips' texts: with ten thousand documents, formatting
    # them here made every change of the selection a third of a second slower.
    figures = [
        f"{f}{end}" for f in ("claim_practice_gap", "coordination_dialogue_balance") for end in ("", "_low", "_high")
    ]
    table = scores.dropna(subset=["claim_practice_gap", "coordination_dialogue_balance"])
    table = table[["title", "organisation", "genre", "year", "n_collab", *figures]]
    base = alt.Chart(table).transform_calculate(
        gap_text=interval_expression("claim_practice_gap"),
        balance_text=interval_expression("coordination_dialogue_balance"),
    )
    x = alt.X(
        "coordination_dialogue_balance:Q",
        title="Balans coördinatie–dialoog (−1 dialoog, +1 coördinatie)",
        scale=alt.Scale(domain=[-1, 1]),
    )
    y = alt.Y(
        "claim_practice_gap:Q", title="Kloof claim–praktijk (−1 praktijk, +1 claim)", scale=alt.Scale(domain=[-1, 1])
    )
    colour = alt.Color("genre:N", title="Genre", scale=alt.Scale(range=PALETTE))
    vertical = base.mark_rule(opacity=0.45).encode(
        x=x, y=alt.Y("claim_practice_gap_low:Q"), y2="claim_practice_gap_high:Q", color=colour
    )
    horizontal = base.mark_rule(opacity=0.45).encode(
        y=y, x=alt.X("coordination_dialogue_balance_low:Q"), x2="coordination_dialogue_balance_high:Q", color=colour
    )
    points = base.mark_circle(opacity=0.85, stroke="white", strokeWidth=0.5).encode(
        x=x,
        y=y,
        color=colour,
        size=alt.Size("n_collab:Q", title="Samenwerkingszinnen", scale=alt.Scale(range=[30, 600])),
        tooltip=[
            alt.Tooltip("title:N", title="Document"),
            alt.Tooltip("organisation:N", title="Organisatie"),
            alt.Tooltip("genre:N", title="Genre"),
            alt.Tooltip("year:N", title="Jaar"),
            alt.Tooltip("gap_text:N", title="Kloof claim–praktijk"),
            alt.Tooltip("balance_text:N", title="Balans coördinatie–dialoog"),
            alt.Tooltip("n_collab:Q", title="Samenwerkingszinnen"),
        ],
    )
    zero = alt.Chart(pd.DataFrame({"v": [0]}))
    rules = zero.mark_rule(color="#999", strokeDash=[4, 4]).encode(x="v:Q") + zero.mark_rule(
        color="#999", strokeDash=[4, 4]
    ).encode(y="v:Q")
    return (rules + vertical + horizontal + points).properties(height=460)


# Above this many documents the overview draws a grid of counts instead of
# one dot per document: in headless Chromium on two cores, 9,800 dots with
# their interval lines took 13-17 s to draw (the server needed 0.5 s).
SCATTER_LIMIT = 1500
GRID_STEPS = 20


def document_grid(scores: pd.DataFrame) -> alt.Chart:
    """For large selections: how many documents fall in each cell of gap
    (y) by balance (x), one panel per genre. Counted here, so the browser
    draws a few hundred cells, not thousands of documents."""
    table = scores.dropna(subset=["claim_practice_gap", "coordination_dialogue_balance"])
    edges = np.linspace(-1, 1, GRID_STEPS + 1)
    cell = lambda values: np.clip(np.digitize(values, edges) - 1, 0, GRID_STEPS - 1)  # noqa: E731
    counted = (
        table.assign(
            x=cell(table["coordination_dialogue_balance"].to_numpy()),
            y=cell(table["claim_practice_gap"].to_numpy()),
            genre=table["genre"].fillna("–"),
        )
        .groupby(["genre", "x", "y"])
        .agg(documenten=("doc_id", "size"), samenwerkingszinnen=("n_collab", "sum"))
        .reset_index()
    )
    counted = counted.assign(
        x0=edges[counted["x"]], x1=edges[counted["x"] + 1], y0=edges[counted["y"]], y1=edges[counted["y"] + 1]
    )
    scale, axis = alt.Scale(domain=[-1, 1]), alt.Axis(values=[-1, -0.5, 0, 0.5, 1])
    return (
        alt.Chart(counted)
        .mark_rect(stroke="white", strokeWidth=0.3)
        .encode(
            x=alt.X("x0:Q", title="Balans (−1 dialoog, +1 coördinatie)", scale=scale, axis=axis),
            x2="x1:Q",
            y=alt.Y("y0:Q", title="Kloof claim–praktijk (−1 praktijk, +1 claim)", scale=scale, axis=axis),
            y2="y1:Q",
            color=alt.Color(
                "documenten:Q", title="Documenten", scale=alt.Scale(scheme="blues", type="sqrt", domainMin=0)
            ),
            tooltip=[
                alt.Tooltip("genre:N", title="Genre"),
                alt.Tooltip("documenten:Q", title="Documenten"),
                alt.Tooltip("samenwerkingszinnen:Q", title="Samenwerkingszinnen"),
                alt.Tooltip("y0:Q", title="Kloof vanaf", format="+.1f"),
                alt.Tooltip("y1:Q", title="Kloof tot", format="+.1f"),
                alt.Tooltip("x0:Q", title="Balans vanaf", format="+.1f"),
                alt.Tooltip("x1:Q", title="Balans tot", format="+.1f"),
            ],
        )
        .properties(width=220, height=220)
        .facet(facet=alt.Facet("genre:N", title="Genre"), columns=3)
    )


# The overview's chart of organisations shows the ends of the ranking when
# there are more than this many (the table above it has them all).
RANKING_LIMIT = 40


def ranking_ends(ranking: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """The first and last ``limit // 2`` rows of a ranking (``RANKING_LIMIT``
    rows by default), or all of it."""
    limit = RANKING_LIMIT if limit is None else limit
    if len(ranking) <= limit:
        return ranking
    return pd.concat([ranking.head(limit // 2), ranking.tail(limit - limit // 2)])


def interval_dots(table: pd.DataFrame, figure: str, label_column: str, label_title: str) -> alt.Chart:
    """One row per group: the figure as a dot, its interval as a line."""
    table = table.dropna(subset=[figure])[[label_column, figure, f"{figure}_low", f"{figure}_high"]]
    order = list(table[label_column])
    y = alt.Y(f"{label_column}:N", title=label_title, sort=order, axis=alt.Axis(labelLimit=320))
    domain = [-1, 1] if figure != "collaboration_density" else alt.Undefined
    x = alt.X(f"{figure}:Q", title=texts.FIGURES[figure], scale=alt.Scale(domain=domain))
    base = alt.Chart(table).transform_calculate(text=interval_expression(figure))
    line = base.mark_rule(strokeWidth=2, color="#6b8fb5").encode(y=y, x=alt.X(f"{figure}_low:Q"), x2=f"{figure}_high:Q")
    dot = base.mark_circle(size=90, color="#1f4e79").encode(
        y=y,
        x=x,
        tooltip=[
            alt.Tooltip(f"{label_column}:N", title=label_title),
            alt.Tooltip("text:N", title=texts.FIGURES[figure]),
        ],
    )
    return (line + dot).properties(height=max(120, 28 * len(table)))


def trend(table: pd.DataFrame, figure: str, names: dict[str, str]) -> alt.Chart:
    """A line per group over the years with its interval as a band."""
    table = table.dropna(subset=[figure]).assign(groep=lambda t: t["side"].map(names))
    colour = alt.Color("groep:N", title="Groep", scale=GROUP_COLOURS, legend=alt.Legend(orient="top", labelLimit=400))
    # A time axis: 2015, 2016 and 2023 are not three evenly spaced steps.
    x = alt.X(
        "year:Q",
        title="Jaar",
        scale=alt.Scale(zero=False, nice=False),
        axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0),
    )
    band = (
        alt.Chart(table)
        .mark_area(opacity=0.18)
        .encode(x=x, y=alt.Y(f"{figure}_low:Q", title=texts.FIGURES[figure]), y2=f"{figure}_high:Q", color=colour)
    )
    line = (
        alt.Chart(table)
        .mark_line(point=True)
        .encode(
            x=x,
            y=alt.Y(f"{figure}:Q"),
            color=colour,
            tooltip=[
                alt.Tooltip("groep:N", title="Groep"),
                alt.Tooltip("year:Q", title="Jaar", format="d"),
                alt.Tooltip(f"{figure}:Q", title=texts.FIGURES[figure], format="+.2f"),
                alt.Tooltip("n_documents:Q", title="Documenten"),
            ],
        )
    )
    return (band + line).properties(height=320)
