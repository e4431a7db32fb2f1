"""The explorer: Streamlit pages (``Overzicht.py`` and ``pages/``) that only
lay out what they show, over one query module (``data.py``: DuckDB over the
pipeline's Parquet files, every domain operation from ``pipeline``), with
the Dutch texts (``texts.py``), charts (``charts.py``), highlighted
sentences (``markup.py``) and the sidebar's selection (``filters.py``)."""
