"""Document: one document's sentences, coloured by label, with its figures."""

import pandas as pd
import streamlit as st

from app import charts, data, filters, markup, texts

selection = filters.current()
st.title("Document lezen")

filters.follow_sentence_link()
documents = data.document_list(selection)
# A link from another page (a sentence in the overview) may lead to a
# document outside the sidebar's selection: it is offered all the same.
linked = st.session_state.get(filters.DOCUMENT)
if linked and linked not in set(documents["doc_id"]):
    found = data.document_list(filters.EVERYTHING).query("doc_id == @linked")
    if found.empty:
        st.warning(f"Het document “{linked}” uit de link bestaat niet (meer) in deze resultaten.")
        del st.session_state[filters.DOCUMENT]
    documents = pd.concat([found, documents])
if documents.empty:
    st.warning("Geen documenten in deze selectie. Verruim de selectie links.")
    st.stop()
labels = {row.doc_id: f"{row.title} ({row.organisation}, {row.genre}, {row.year})" for row in documents.itertuples()}
doc_id = st.selectbox("Kies een document", list(labels), format_func=labels.get, key=filters.DOCUMENT)
meta, figures = data.document(doc_id), data.document_score(doc_id)
target = st.session_state.get(filters.SENTENCE)
target = target[1] if target and target[0] == doc_id else None

controls = st.columns([1, 1, 1, 1])
show_labels = controls[0].toggle(
    "labels onder elke zin",
    value=True,
    key="document_show_labels",
    help="Uit: de tekst loopt door en de labels staan in de uitleg als u een zin aanwijst.",
)
only_collab = controls[1].toggle("alleen samenwerkingszinnen", key="document_only_collab")
colour_by = controls[2].radio(
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
    st.html(markup.legend(colour_by, show_labels))
    records = sentences.to_dict("records")
    if target is not None:
        chosen = [r for r in records if r["sent_index"] == target]
        if chosen:
            st.markdown(f"**U kwam hier voor zin {target + 1}** (hieronder omlijnd):")
            st.html(markup.sentences_list(chosen, data.marker_glosses(), colour_by))
    st.html(
        markup.document(
            meta.get("text") or "",
            records,
            evidence.to_dict("records"),
            data.marker_glosses(),
            colour_by,
            only_collab,
            show_labels,
            target,
        )
    )
    table = texts.sentence_table(sentences)
    charts.table_download(table, f"zinnen-{doc_id}", "Zinnen met labels downloaden (CSV)")
