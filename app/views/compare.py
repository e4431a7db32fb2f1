"""Vergelijken: two groups of documents side by side."""

import pandas as pd
import streamlit as st

from app import charts, data, filters, texts

selection = filters.current()
st.title("Twee groepen vergelijken")
st.markdown(
    "Kies waarop u vergelijkt en welke waarden in groep A en groep B horen, "
    "bijvoorbeeld twee organisaties, twee genres of twee periodes."
)

columns = data.group_columns()
# Start with the first property on which the selection has two groups at all.
comparable = [c for c in columns if len(data.group_values(selection, c)) > 1]
column = st.selectbox(
    "Vergelijk op",
    columns,
    format_func=lambda c: texts.COLUMN_NAMES.get(c, c),
    key="compare_column",
    index=columns.index(comparable[0]) if comparable else 0,
)
values = data.group_values(selection, column)
if len(values) < 2:
    st.info(
        f"In deze selectie is er maar één {texts.COLUMN_NAMES.get(column, column)}. "
        "Kies hierboven een andere eigenschap of verruim de selectie links."
    )
    st.stop()
left, right = st.columns(2)
if column == "year" and len(values) > 1:
    years = [int(v) for v in values if v.isdigit()]
    middle = years[len(years) // 2]
    first_half = (min(years), middle - 1 if middle > min(years) else middle)
    a_range = left.slider("Periode A", min(years), max(years), first_half, key="compare_a_years")
    b_range = right.slider("Periode B", min(years), max(years), (middle, max(years)), key="compare_b_years")
    a_values = [v for v in values if v.isdigit() and a_range[0] <= int(v) <= a_range[1]]
    b_values = [v for v in values if v.isdigit() and b_range[0] <= int(v) <= b_range[1]]
    names = {"A": f"A: {a_range[0]}–{a_range[1]}", "B": f"B: {b_range[0]}–{b_range[1]}"}
else:
    a_values = left.multiselect("Groep A", values, default=values[:1], key=f"compare_a_{column}")
    b_values = right.multiselect("Groep B", values, default=values[1:2], key=f"compare_b_{column}")
    names = {"A": "A: " + ", ".join(a_values), "B": "B: " + ", ".join(b_values)}
if not a_values or not b_values:
    st.info("Kies voor beide groepen ten minste één waarde.")
    st.stop()
group_a, group_b = data.Group(column, tuple(a_values)), data.Group(column, tuple(b_values))

st.subheader("Cijfers per groep")
result = data.compare_groups(selection, group_a, group_b).set_index("group")
rows = []
for figure in texts.FIGURES:
    a, b, difference = (result.loc[g].to_dict() for g in ("A", "B", "A-B"))
    rows.append(
        {
            "Maat": texts.FIGURES[figure],
            names["A"]: texts.with_interval(a, figure),
            names["B"]: texts.with_interval(b, figure),
            "Verschil A − B": texts.with_interval(difference, figure, difference=True),
            "Oordeel": texts.verdict(figure, difference, names["A"], names["B"]),
            "Basis A": texts.basis(a, figure),
            "Basis B": texts.basis(b, figure),
        }
    )
figures_table = pd.DataFrame(rows)
charts.table(figures_table)
# For a spreadsheet: a row per figure and group, value and bounds as numbers.
sides = {"A": names["A"], "B": names["B"], "A-B": "Verschil A − B"}
figures_download = pd.concat(
    [
        pd.concat(
            [
                pd.DataFrame({"Maat": texts.FIGURES[figure], "Groep": list(sides.values())}),
                texts.figure_numbers(result.loc[list(sides)].reset_index(drop=True), figure, "Waarde"),
            ],
            axis=1,
        ).assign(Oordeel=texts.verdict(figure, result.loc["A-B"].to_dict(), names["A"], names["B"]))
        for figure in texts.FIGURES
    ],
    ignore_index=True,
)
st.caption(
    f"Groep A: {texts.whole(result.loc['A', 'n_documents'])} documenten, "
    f"{texts.whole(result.loc['A', 'n_sentences'])} zinnen; groep B: {texts.whole(result.loc['B', 'n_documents'])} "
    f"documenten, {texts.whole(result.loc['B', 'n_sentences'])} zinnen. Een verschil is duidelijk als het "
    f"interval van A − B de nul niet bevat. {texts.interval_note(data.score_params(), data.is_corrected())}"
)
charts.table_download(figures_download, "vergelijking-cijfers")

st.subheader("Door de jaren heen")
figure = st.radio("Maat", list(texts.FIGURES), format_func=texts.FIGURES.get, horizontal=True, key="compare_figure")
trend = data.yearly_trend(selection, group_a, group_b)
if trend.empty:
    st.info("Geen jaartallen bekend voor deze groepen.")
else:
    charts.show(charts.trend(trend, figure, names), f"trend-{figure}")
    trend_table = pd.concat(
        [
            pd.DataFrame(
                {"Groep": trend["side"].map(names), "Jaar": trend["group"], "Documenten": trend["n_documents"]}
            ),
            texts.figure_numbers(trend, figure),
        ],
        axis=1,
    )
    charts.table_download(trend_table, f"trend-{figure}")

st.subheader("Woorden die de groepen onderscheiden")
st.markdown(
    "Lemma's (woorden in hun grondvorm) die in de ene groep duidelijk vaker voorkomen dan in de andere, "
    "gemeten met de log-likelihood-toets (G²). Hoe hoger G², hoe zekerder het verschil; "
    "de log-ratio zegt hoe groot het is (+1 = twee keer zo vaak in A)."
)
key = data.keyness_table(selection, group_a, group_b)
shown = key.head(40).assign(groep=lambda t: t["more_in"].map(names))
shown = shown[["term", "groep", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value"]]
shown.columns = [
    "Lemma",
    "Vaker in",
    "Aantal A",
    "Aantal B",
    "Per 10.000 woorden A",
    "Per 10.000 woorden B",
    "Log-ratio",
    "G²",
    "p-waarde",
]
shown = shown.assign(
    **{
        "Log-ratio": shown["Log-ratio"].map(lambda v: texts.number(v, 2, sign=True)),
        "G²": shown["G²"].map(lambda v: texts.number(v, 1)),
        "p-waarde": shown["p-waarde"].map(texts.p_value),
    }
)
charts.table(shown)
st.caption(f"De {len(shown)} sterkste van {texts.whole(len(key))} lemma's die samen minstens 3 keer voorkomen.")
keyness_download = key.assign(groep=key["more_in"].map(names))[
    ["term", "groep", "count_a", "count_b", "per_10k_a", "per_10k_b", "log_ratio", "g2", "p_value"]
].round({"per_10k_a": 2, "per_10k_b": 2, "log_ratio": 2, "g2": 1})
keyness_download.columns = list(shown.columns)
charts.table_download(keyness_download, "kenmerkende-woorden")
