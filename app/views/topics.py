"""Thema's: topics of the corpus, and new words proposed for the lexicon."""

import pandas as pd
import streamlit as st

from app import charts, data, filters, texts

selection = filters.current()
st.title("Thema's en woordenlijst")

st.subheader("Thema's in de documenten")
st.markdown(
    "Een thema is een groep woorden die vaak samen voorkomen (onderwerpmodel). "
    "Per thema de belangrijkste woorden en de documenten waarin het thema het grootste aandeel heeft."
)
topics = data.topics()
if not topics:
    st.info("Er zijn geen thema's berekend (de stap `topics` van de analyse ontbreekt).")
overview = []
for topic in topics:
    number = topic["topic"] + 1
    terms = ", ".join(term["term"] for term in topic["terms"][:10])
    overview.append({"Thema": number, "Belangrijkste woorden": terms})
    with st.expander(f"Thema {number}: {terms}"):
        top = data.topic_documents(selection, topic["topic"])
        if top.empty:
            st.caption("Geen documenten in de selectie.")
        else:
            shown = top.assign(aandeel=top["share"].map(texts.percent))[
                ["title", "organisation", "genre", "year", "aandeel"]
            ]
            shown.columns = ["Document", "Organisatie", "Genre", "Jaar", "Aandeel thema"]
            charts.table(shown)
if overview:
    charts.table_download(pd.DataFrame(overview), "themas")

st.subheader("Nieuwe woorden voor de woordenlijst")
st.markdown(
    "De analyse stelt woorden voor die in de teksten lijken op de woorden die al in de woordenlijst "
    "(het lexicon) staan. Beoordeel ze: **opnemen** of **afwijzen**. Uw oordeel komt in "
    f"`{data.review_path()}`; de beheerder van de woordenlijst verwerkt het."
)
candidates = data.ranked_candidates()
if candidates.empty:
    st.info("Er zijn geen voorgestelde woorden.")
    st.stop()
st.caption(
    "De nuttigste woorden eerst: ze lijken op de woordenlijst, komen vaker voor in zinnen met het label van "
    "hun categorie dan in andere zinnen, en niet maar één keer. Namen en algemene woorden (die even vaak in "
    "andere zinnen staan) staan onderaan, apart."
)
reviews = data.lexicon_reviews()
judged = {(r.category, r.candidate): r.verdict for r in reviews.itertuples()}
categories = sorted(candidates["category"].unique())
category = st.selectbox("Categorie", categories, format_func=texts.category_name, key="review_category")
reviewer = st.text_input("Uw naam", key="review_name", placeholder="bijv. Fatima")
choices = {"": "nog niet", "accept": "opnemen", "reject": "afwijzen"}
shown = candidates[candidates["category"] == category]
with st.form("review_form"):
    verdicts = []
    for noise, part in ((False, shown[shown["noise"] == ""]), (True, shown[shown["noise"] != ""])):
        if noise and len(part):
            st.markdown(f"**Waarschijnlijk ruis** ({len(part)}): namen en algemene woorden")
        for row in part.itertuples():
            earlier = judged.get((row.category, row.candidate), "")
            why = f" · waarschijnlijk ruis: {row.noise}" if row.noise else ""
            verdict = st.radio(
                f"**{row.candidate}** — lijkt op: {row.nearest_markers or '–'} ({row.frequency}× in de teksten; "
                f"{texts.number(row.lift, 1)}× zo vaak in {texts.CATEGORY_SENTENCES.get(row.category, 'zinnen')}{why})",
                list(choices),
                index=list(choices).index(earlier) if earlier in choices else 0,
                format_func=choices.get,
                horizontal=True,
                key=f"review_{row.category}_{row.candidate}",
            )
            st.caption(str(row.examples)[:300])
            if verdict and verdict != earlier:
                verdicts.append((row.category, row.candidate, verdict))
    submitted = st.form_submit_button("Oordelen opslaan")
if submitted:
    if not reviewer.strip():
        st.error("Vul eerst uw naam in; de beheerder wil weten van wie een oordeel komt.")
    elif not verdicts:
        st.info("Er zijn geen nieuwe oordelen om op te slaan.")
    else:
        saved = data.save_reviews(verdicts, reviewer)
        st.success(f"{saved} {'oordelen' if saved != 1 else 'oordeel'} opgeslagen.")
if len(reviews):
    with st.expander(f"Eerdere oordelen ({len(reviews)})"):
        shown = reviews.assign(
            categorie=reviews["category"].map(texts.category_name), oordeel=reviews["verdict"].map(choices.get)
        )
        shown = shown[["categorie", "candidate", "oordeel", "reviewer", "time"]]
        shown.columns = ["Categorie", "Woord", "Oordeel", "Door", "Tijd (UTC)"]
        charts.table(shown)
        charts.table_download(shown, "oordelen-woordenlijst")
