"""Overzicht: the corpus at a glance (the explorer's first page)."""

import streamlit as st

from app import charts, data, filters, markup, texts

selection = filters.current()

st.title("Samenspraak: hoe schrijven organisaties over samenwerken?")
st.markdown(
    "Elke zin is gelabeld: gaat hij over **samenwerking**, in welke **taal** (coördinatie of dialoog) "
    "en wordt samenwerking **geclaimd**, in de **praktijk** beschreven of **beschouwd**? "
    "Kies links welke documenten u wilt zien."
)

counts = data.corpus_counts(selection)
corpus = data.corpus_figures(selection)
if corpus is None:
    st.warning("Geen documenten in deze selectie. Verruim de selectie links.")
    st.stop()

st.subheader("De selectie in cijfers")
columns = st.columns(3)
columns[0].metric("Documenten", texts.whole(counts["documents"]))
columns[1].metric("Zinnen", texts.whole(counts["sentences"]))
columns[2].metric(
    "Samenwerkingszinnen",
    texts.whole(counts["collab"]),
    help="Zinnen die het model als samenwerking labelt: getelde labels.",
)
columns = st.columns(3)
for column, figure in zip(columns, texts.FIGURES):
    charts.figure_metric(column, corpus, figure)
st.caption(texts.counts_note(data.is_corrected()))
st.caption(texts.interval_note(data.score_params(), data.is_corrected()))

st.subheader("Documenten: claim of praktijk, coördinatie of dialoog")
scores = data.document_scores(selection)
if len(scores) <= charts.SCATTER_LIMIT:
    st.markdown(
        "Elke stip is een document; hoe groter, hoe meer samenwerkingszinnen. "
        "De lijntjes zijn de intervallen. Rechtsboven: veel claims in coördinatietaal."
    )
    charts.show(charts.document_scatter(scores), "documenten-kloof-balans")
else:
    st.markdown(
        f"De selectie heeft {texts.whole(len(scores))} documenten, te veel om elk als stip te tekenen. "
        "Elk vakje telt de documenten met die kloof en die balans; hoe donkerder, hoe meer documenten. "
        f"Kies links een kleinere selectie (tot {texts.whole(charts.SCATTER_LIMIT)} documenten) om de "
        "documenten zelf met hun intervallen te zien. Rechtsboven: veel claims in coördinatietaal."
    )
    charts.show(charts.document_grid(scores), "documenten-kloof-balans")
charts.table_download(
    texts.figures_download(scores), "documenten-cijfers", "Cijfers van alle documenten downloaden (CSV)"
)

st.subheader("Organisaties: wie claimt het meest en beschrijft het minst?")
ranking = data.organisation_ranking(selection)
counted = "corrected_" if "corrected_claimed" in ranking.columns else "expected_"
count_words = "gecorrigeerd" if counted == "corrected_" else "verwacht"
table = ranking.assign(
    organisatie=ranking["group"],
    documenten=ranking["n_documents"],
    kloof=texts.with_interval_column(ranking, "claim_practice_gap"),
    claimzinnen=ranking[f"{counted}claimed"].round().astype("Int64"),
    praktijkzinnen=ranking[f"{counted}practised"].round().astype("Int64"),
    balans=texts.with_interval_column(ranking, "coordination_dialogue_balance"),
    dichtheid=texts.with_interval_column(ranking, "collaboration_density"),
)[["organisatie", "documenten", "kloof", "claimzinnen", "praktijkzinnen", "balans", "dichtheid"]]
table.columns = [
    "Organisatie",
    "Documenten",
    "Kloof claim–praktijk [interval]",
    f"Claimzinnen ({count_words})",
    f"Praktijkzinnen ({count_words})",
    "Balans coördinatie–dialoog [interval]",
    "Dichtheid per 1.000 woorden",
]
charts.table(table)
note = texts.ranking_note(ranking, "claim_practice_gap")
if note:
    st.caption(note)
charts.table_download(texts.ranking_download(ranking, counted, count_words), "organisaties-kloof")
shown_ranking = charts.ranking_ends(ranking)
if len(shown_ranking) < len(ranking):
    st.caption(
        f"In de grafiek de {charts.RANKING_LIMIT // 2} organisaties met de grootste en de "
        f"{charts.RANKING_LIMIT // 2} met de kleinste kloof; de tabel hierboven heeft ze alle "
        f"{texts.whole(len(ranking))}."
    )
charts.show(
    charts.interval_dots(
        shown_ranking.rename(columns={"group": "organisatie"}), "claim_practice_gap", "organisatie", "Organisatie"
    ),
    "organisaties-kloof",
)

st.subheader("Lees de zinnen van een organisatie")
names = list(ranking["group"])
chosen = st.selectbox("Organisatie", names, index=0 if names else None, key="overview_organisation")
mode = st.radio(
    "Welke zinnen",
    list(texts.MODE),
    format_func=lambda m: f"{texts.MODE[m]}zinnen",
    horizontal=True,
    key="overview_mode",
)
if chosen:
    sentences = data.selection_sentences(selection, organisation=chosen, mode=mode, limit=30)
    st.caption(
        f"De {len(sentences)} {texts.MODE[mode]}zinnen van {chosen} waar het model het zekerst van is; "
        "elke zin met zijn document. **Lees in het document** opent het document bij die zin."
    )
    for row in sentences.to_dict("records"):
        text, link = st.columns([6, 1], vertical_alignment="center")
        text.html(markup.sentence_card(row))
        if link.button(
            "Lees in het document",
            key=f"open-{row['doc_id']}-{row['sent_index']}",
            on_click=filters.open_sentence,
            args=(row["doc_id"], row["sent_index"]),
        ):
            st.switch_page("views/document.py")
    download = texts.sentence_table(sentences).assign(Document=sentences["title"].to_numpy())
    charts.table_download(download, f"zinnen-{chosen}-{mode}", "Deze zinnen downloaden (CSV)")
    if st.button(
        f"Open de documenten van {chosen}", on_click=filters.set_selection, kwargs={"organisations": [chosen]}
    ):
        st.switch_page("views/document.py")
