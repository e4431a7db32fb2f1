"""Concordantie: a word, phrase or lemma in its context (keyword in context)."""

import streamlit as st

from app import charts, data, filters, markup, texts

selection = filters.current()
st.title("Concordantie: woorden in hun zin")
st.markdown(
    "Zoek een woord of woordgroep zoals die in de tekst staat, of een **lemma** (de grondvorm: "
    "*overleggen* vindt ook *overlegde* en *overlegden*). Een `*` aan het eind van een woord staat "
    "voor elke uitgang: *samenwerk\\** vindt *samenwerking* en *samenwerken*."
)

search, how = st.columns([2, 1])
phrase = search.text_input("Zoekterm", key="kwic_phrase", placeholder="bijv. afstemming, elkaar kennen, samenwerk*")
by_lemma = how.radio(
    "Zoek op",
    [False, True],
    format_func=lambda b: "lemma" if b else "woord of woordgroep",
    horizontal=True,
    key="kwic_by_lemma",
)
options = st.columns(4)
collab = options[0].selectbox(
    "Samenwerking",
    [None, "yes", "no"],
    key="kwic_collab",
    format_func=lambda v: "alle zinnen" if v is None else texts.COLLAB[v],
)
register = options[1].selectbox(
    "Register",
    [None, *texts.REGISTER],
    key="kwic_register",
    format_func=lambda v: "alle" if v is None else texts.REGISTER[v],
)
mode = options[2].selectbox(
    "Vorm", [None, *texts.MODE], key="kwic_mode", format_func=lambda v: "alle" if v is None else texts.MODE[v]
)
order = options[3].selectbox(
    "Sorteer op",
    ["document", "left", "right"],
    key="kwic_sort",
    format_func={"document": "volgorde in de tekst", "left": "woord links ervan", "right": "woord rechts ervan"}.get,
)

if not phrase.strip():
    st.info("Typ een zoekterm om te beginnen.")
    st.stop()
hits, n_hits = data.concordance(selection, phrase, by_lemma, collab, register, mode)
if hits.empty:
    st.warning(f"“{phrase}” komt niet voor in de selectie (met deze labels).")
    st.stop()
hits = data.sort_concordance(hits, order)
st.markdown(
    f"**{texts.whole(n_hits)} keer gevonden** in {texts.whole(hits['doc_id'].nunique())} documenten"
    + (f" (de eerste {texts.whole(len(hits))} getoond)" if n_hits > len(hits) else "")
    + "."
)
shown = 300
st.html(markup.kwic(hits.head(shown).to_dict("records")))
if len(hits) > shown:
    st.caption(f"Hierboven de eerste {shown} regels; de download bevat ze allemaal.")
table = hits.assign(
    links=hits["left"].str[-80:],
    rechts=hits["right"].str[:80],
    samenwerking=hits["collab"].map(lambda v: texts.label("collab", v)),
    register_nl=hits["register"].map(lambda v: texts.label("register", v)),
    vorm=hits["mode"].map(lambda v: texts.label("mode", v)),
)[["links", "match", "rechts", "samenwerking", "register_nl", "vorm", "title", "organisation", "sent_index"]]
table.columns = ["Links", "Treffer", "Rechts", "Samenwerking", "Register", "Vorm", "Document", "Organisatie", "Zin nr."]
export = table.assign(Links=hits["left"].values, Rechts=hits["right"].values)
charts.table_download(export, f"concordantie-{phrase}", "Alle regels downloaden (CSV)")
