"""The explorer: an entry point (``explorer.py``: page settings, the
sidebar's selection, the navigation) and its pages (``views/``) that only
lay out what they show, over one query module (``data.py``: DuckDB over the
pipeline's Parquet files, every domain operation from ``pipeline``), with
the Dutch texts (``texts.py``), charts (``charts.py``), highlighted
sentences and the page's style sheet (``markup.py``) and the sidebar's
selection (``filters.py``)."""
