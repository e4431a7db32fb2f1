"""The sidebar's selection (organisation, genre, years, search text),
drawn once by the entry point (``app/explorer.py``) for every page.

The widgets live in the entry point, which runs on every page, so
Streamlit keeps their values when the analyst moves between pages; pages
read the selection with :func:`current`.
"""

from __future__ import annotations

import streamlit as st

from app import data, texts

KEYS = {
    "organisations": "selection_organisations",
    "genres": "selection_genres",
    "years": "selection_years",
    "text": "selection_text",
}
_CURRENT = "_selection"
EVERYTHING = data.Selection()
# The document the Document page shows, and the sentence a link led to
# (``(doc_id, sent_index)``).
DOCUMENT = "document_choice"
SENTENCE = "document_target"


def _clear() -> None:
    for key in KEYS.values():
        st.session_state.pop(key, None)


def set_selection(organisations: list[str] | None = None, genres: list[str] | None = None) -> None:
    """For links such as 'read this organisation's documents'. Call it as a
    button's ``on_click``: a widget's value can only change before the
    widget is drawn, which is when callbacks run."""
    if organisations is not None:
        st.session_state[KEYS["organisations"]] = organisations
    if genres is not None:
        st.session_state[KEYS["genres"]] = genres


def open_sentence(doc_id: str, sent_index: int) -> None:
    """A button's ``on_click`` that makes the Document page show
    ``doc_id`` with sentence ``sent_index`` marked; the button's page then
    calls ``st.switch_page``."""
    st.session_state[DOCUMENT] = doc_id
    st.session_state[SENTENCE] = (doc_id, int(sent_index))


def follow_sentence_link() -> None:
    """An address such as ``document?doc=brakel-blog-2023&zin=4`` (sentence
    numbers from 1, as on the page) opens that document at that sentence.
    Read once, then removed from the address, so that choosing another
    document afterwards is not undone."""
    doc_id, number = st.query_params.get("doc"), st.query_params.get("zin", "")
    if doc_id:
        st.session_state[DOCUMENT] = doc_id
        st.session_state[SENTENCE] = (doc_id, int(number) - 1) if number.isdigit() and int(number) > 0 else None
        st.query_params.clear()


def _allowed(name: str, options: list[str]) -> None:
    # A stored value the data no longer has (another run) would make the widget fail.
    key = KEYS[name]
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]


def sidebar() -> data.Selection:
    """Draw the selection in the sidebar and return it. Stops the page with
    an explanation when there is no pipeline output to show."""
    data.refresh()
    if not data.has_data():
        st.error(
            f"Er zijn nog geen resultaten om te tonen in de map `{data.data_dir()}`. "
            "Draai eerst de analyse (`make demo` of `dvc repro`) en open de verkenner daarna opnieuw."
        )
        st.stop()
    options = data.filter_options()
    with st.sidebar:
        st.header("Selectie")
        st.caption("Geldt voor alle pagina's.")
        _allowed("organisations", options["organisations"])
        organisations = st.multiselect(
            "Organisatie", options["organisations"], key=KEYS["organisations"], placeholder="alle organisaties"
        )
        _allowed("genres", options["genres"])
        genres = st.multiselect("Genre", options["genres"], key=KEYS["genres"], placeholder="alle genres")
        years = None
        if options["years"] and options["years"][0] < options["years"][1]:
            low, high = options["years"]
            stored = st.session_state.get(KEYS["years"], (low, high))
            st.session_state[KEYS["years"]] = (max(low, stored[0]), min(high, stored[1]))
            chosen = st.slider("Jaren", low, high, key=KEYS["years"])
            years = None if tuple(chosen) == (low, high) else (int(chosen[0]), int(chosen[1]))
        text = st.text_input("Zoek in titel of tekst", key=KEYS["text"], placeholder="bijv. buurtteam")
        selection = data.Selection(tuple(organisations), tuple(genres), years, text)
        counts = data.corpus_counts(selection)
        st.markdown(f"**{data_word(counts['documents'], 'document', 'documenten')}** in de selectie")
        if not selection.is_empty:
            st.button("Selectie wissen", on_click=_clear)
    st.session_state[_CURRENT] = selection
    return selection


def current() -> data.Selection:
    """The selection the entry point drew in the sidebar for this run."""
    return st.session_state[_CURRENT]


def data_word(count: int, one: str, many: str) -> str:
    return f"{texts.whole(count)} {one if count == 1 else many}"
