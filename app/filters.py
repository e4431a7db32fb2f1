"""The sidebar's selection (organisation, genre, years, search text),
shared by every page.

Streamlit forgets a widget's value when the user opens another page, so the
values live under their own keys in ``st.session_state`` and each page's
widgets start from them: a selection made on one page holds on all.
"""

from __future__ import annotations

import streamlit as st

from app import data, texts

STORE = {
    "organisations": "selection_organisations",
    "genres": "selection_genres",
    "years": "selection_years",
    "text": "selection_text",
}


def _keep(name: str) -> None:
    st.session_state[STORE[name]] = st.session_state[f"_widget_{name}"]


def _clear() -> None:
    for key in STORE.values():
        st.session_state.pop(key, None)


def _widget_value(name: str, default, allowed=None):
    value = st.session_state.get(STORE[name], default)
    if allowed is not None:
        value = [v for v in value if v in allowed]
    st.session_state[f"_widget_{name}"] = value
    return value


def set_selection(organisations: list[str] | None = None, genres: list[str] | None = None) -> None:
    """Used by links such as 'read this organisation's sentences'."""
    if organisations is not None:
        st.session_state[STORE["organisations"]] = organisations
    if genres is not None:
        st.session_state[STORE["genres"]] = genres


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
        _widget_value("organisations", [], options["organisations"])
        organisations = st.multiselect(
            "Organisatie",
            options["organisations"],
            key="_widget_organisations",
            on_change=_keep,
            args=("organisations",),
            placeholder="alle organisaties",
        )
        _widget_value("genres", [], options["genres"])
        genres = st.multiselect(
            "Genre",
            options["genres"],
            key="_widget_genres",
            on_change=_keep,
            args=("genres",),
            placeholder="alle genres",
        )
        years = None
        if options["years"] and options["years"][0] < options["years"][1]:
            low, high = options["years"]
            stored = st.session_state.get(STORE["years"], (low, high))
            st.session_state["_widget_years"] = (max(low, stored[0]), min(high, stored[1]))
            chosen = st.slider("Jaren", low, high, key="_widget_years", on_change=_keep, args=("years",))
            years = None if tuple(chosen) == (low, high) else (int(chosen[0]), int(chosen[1]))
        _widget_value("text", "")
        text = st.text_input(
            "Zoek in titel of tekst", key="_widget_text", on_change=_keep, args=("text",), placeholder="bijv. buurtteam"
        )
        selection = data.Selection(tuple(organisations), tuple(genres), years, text)
        counts = data.corpus_counts(selection)
        st.markdown(f"**{data_word(counts['documents'], 'document', 'documenten')}** in de selectie")
        if not selection.is_empty:
            st.button("Selectie wissen", on_click=_clear)
    return selection


def data_word(count: int, one: str, many: str) -> str:
    return f"{texts.whole(count)} {one if count == 1 else many}"
