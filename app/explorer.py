"""The explorer's entry point: the page settings, the sidebar's selection
and the navigation, once for every page.

Run from the repository root (as ``make demo`` does), so that Streamlit
reads ``.streamlit/config.toml``::

    streamlit run app/explorer.py
"""

import streamlit as st

from app import data, filters, markup

st.set_page_config(layout="wide")
# Streamlit's own controls speak English; the style sheet hides those an
# analyst does not need and writes the uploader's texts in Dutch.
st.html(markup.page_style(data.upload_limit_mb()))

PAGES = [
    st.Page("views/overview.py", title="Overzicht", url_path="overzicht", default=True),
    st.Page("views/document.py", title="Document", url_path="document"),
    st.Page("views/compare.py", title="Vergelijken", url_path="vergelijken"),
    st.Page("views/concordance.py", title="Concordantie", url_path="concordantie"),
    st.Page("views/topics.py", title="Thema's", url_path="themas"),
    st.Page("views/annotate.py", title="Annoteren", url_path="annoteren"),
    st.Page("views/analyse.py", title="Analyseer een bestand", url_path="bestand"),
]

page = st.navigation(PAGES)
filters.sidebar()
page.run()
