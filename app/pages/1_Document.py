"""Document: one document's sentences, coloured by label, with its figures."""

import pandas as pd
import streamlit as st

from app import charts, data, filters, markup, texts

st.set_page_config(page_title="Samenspraak – Document", layout="wide")
selection = filters.sidebar()
st.title("Document lezen")

documents = data.document_list(selection)
if documents.empty:
    st.warning("Geen documenten in deze selectie. Verruim de selectie links.")
    st.stop()
labels = {row.doc_id: f"{row.title} ({row.organisation}, {row.genre}, {row.year})" for row in documents.itertuples()}
doc_id = st.selectbox("Kies een document", list(labels), format_func=labels.get, key="document_choice")
meta, figures = data.document(doc_id), data.document_score(doc_id)

controls = st.columns([1, 1, 2])
only_collab = controls[0].toggle("alleen samenwerkingszinnen", key="document_only_collab")
colour_by = controls[1].radio(
    "Kleur naar", ["register", "mode"], format_func=texts.FIELD_NAMES.get, horizontal=True, key="document_colour"
)

text_column, side = st.columns([3, 1.3])
with side:
    st.subheader("Cijfers")
    for figure in texts.FIGURES:
        charts.figure_metric(st, figures, figure, compact=True)
    st.caption(
        f"{texts.whole(figures.get('n_sentences'))} zinnen, waarvan {texts.whole(figures.get('n_collab'))} "
        f"over samenwerking. {texts.interval_note(data.score_params(), data.is_corrected())}"
    )
    shares = data.document_topic_shares(doc_id)
    topics = {t["topic"]: ", ".join(term["term"] for term in t["terms"][:3]) for t in data.topics()}
    if len(shares):
        st.subheader("Thema's")
        shares = shares[shares["share"] >= 0.05]
        shares = pd.DataFrame(
            {"Thema": [f"{k + 1}: {topics.get(k, '')}" for k in shares["topic"]], "Aandeel": shares["share"].to_numpy()}
        )
        charts.table(
            shares,
            column_config={"Aandeel": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
        )
        charts.table_download(shares, f"themas-{doc_id}", "Thema's downloaden (CSV)")
    st.subheader("Gegevens")
    details = {
        "Organisatie": meta.get("organisation"),
        "Soort organisatie": meta.get("organisation_type"),
        "Genre": meta.get("genre"),
        "Subgenre": meta.get("subgenre"),
        "Datum": meta.get("date"),
        "Auteur": meta.get("author"),
        "Plaats": meta.get("place"),
        "Bestand": meta.get("file"),
        "Woorden": texts.whole(meta.get("word_count")),
        "Bron": meta.get("source"),
    }
    charts.table(pd.DataFrame({"": list(details), "waarde": [str(v or "–") for v in details.values()]}))

with text_column:
    st.subheader(meta.get("title") or doc_id)
    sentences = data.document_sentences(doc_id)
    evidence = data.document_evidence(doc_id)
    st.html(markup.legend(colour_by))
    st.html(
        markup.document(
            meta.get("text") or "",
            sentences.to_dict("records"),
            evidence.to_dict("records"),
            data.marker_glosses(),
            colour_by,
            only_collab,
        )
    )
    table = texts.sentence_table(sentences)
    charts.table_download(table, f"zinnen-{doc_id}", "Zinnen met labels downloaden (CSV)")
