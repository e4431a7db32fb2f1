"""How long each page of the explorer takes: first render (empty caches)
and after a change of the sidebar selection. A benchmark, not a test::

    .venv/bin/python -m tests.app.timing            # on data/ (the demo output)

Uses Streamlit's AppTest, so it measures the page scripts and the data
layer, not the browser's drawing.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PAGES = [
    ("Overzicht", None, None),
    ("Document", "views/document.py", None),
    ("Vergelijken", "views/compare.py", None),
    ("Concordantie", "views/concordance.py", ("kwic_phrase", "afstemming")),
    ("Thema's", "views/topics.py", None),
    ("Annoteren", "views/annotate.py", ("annotator", "tijdmeting")),
    ("Analyseer een bestand", "views/analyse.py", None),
]


def measure(genre: str, upload: Path | None) -> list[tuple[str, float, float, float | None]]:
    """Per page: first render, filter change and, on the upload page, the
    analysis of ``upload`` (model loading included when it is the first)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    rows = []
    for name, page, text_input in PAGES:
        st.cache_data.clear()
        at = AppTest.from_file(str(REPO / "app" / "explorer.py"), default_timeout=600)
        if page:
            at.run()
            at.switch_page(page)
            st.cache_data.clear()
        started = time.perf_counter()
        at.run()
        if text_input:
            at.text_input(key=text_input[0]).set_value(text_input[1]).run()
        first = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        analysis = None
        if upload and page and page.endswith("bestand.py"):
            started = time.perf_counter()
            at.file_uploader[0].set_value((upload.name, upload.read_bytes(), "application/octet-stream")).run()
            analysis = time.perf_counter() - started
            assert any(m.label == "Zinnen" for m in at.metric), "the upload was not analysed"
        started = time.perf_counter()
        at.sidebar.multiselect[1].set_value([genre]).run()
        change = time.perf_counter() - started
        assert not at.exception, [e.value for e in at.exception]
        rows.append((name, first, change, analysis))
    return rows


def main(argv: list[str] | None = None) -> int:
    import os

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="data")
    parser.add_argument("--genre", default="beleid", help="the selection change that is timed")
    parser.add_argument(
        "--upload", default="corpora/demo/files/harderzijl-evaluatie-2021.pdf", help="a file for the upload page"
    )
    args = parser.parse_args(argv)
    os.environ["SAMENSPRAAK_DATA"] = str(Path(args.data).resolve())
    upload = Path(args.upload) if args.upload and Path(args.upload).exists() else None
    print(f"{'pagina':24} {'eerste keer':>12} {'na filter':>10}")
    for name, first, change, analysis in measure(args.genre, upload):
        extra = f"   bestand geanalyseerd in {analysis:.2f} s" if analysis is not None else ""
        print(f"{name:24} {first:10.2f} s {change:8.2f} s{extra}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
