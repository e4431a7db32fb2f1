"""The explorer's responsiveness as a person meets it: a real
``streamlit run`` server on a scaled corpus, driven by headless Chromium.
Per page: the first visit (the page's own data not yet cached by the
server) and a change of the sidebar selection (a genre the server has not
seen for this page), timed until the page has finished running::

    python tests/benchmarks/make_scaled_corpus.py
    python tests/benchmarks/bench_explorer_browser.py --data /tmp/samenspraak-1m/data

Each run starts a fresh server, so the first page of a run also pays for
the server's imports. "Finished" means: the expected text is on the page,
Streamlit's running indicator is gone and no element of the previous run
is still waiting to be redrawn; the browser's drawing of a chart after
that is not included. Writes ``metrics/benchmark_explorer_browser.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.app import browser  # noqa: E402

AIM_FIRST, AIM_CHANGE = 3.0, 0.5
# Page, and what to do before the selection changes (the concordance needs
# a word, the annotation page a name).
STEPS = [
    ("overzicht", None),
    ("document", None),
    ("vergelijken", None),
    ("concordantie", ("Zoekterm", "afstemming")),
    ("themas", None),
    ("annoteren", ("Uw naam", "tijdmeting")),
    ("analyseer", None),
]


def genre_documents(data: Path, genre: str) -> int:
    import duckdb

    path = str((data / "documents.parquet").resolve()).replace("'", "''")
    with duckdb.connect() as connection:
        return connection.execute(
            f"SELECT count(*) FROM read_parquet('{path}') WHERE included AND genre = ?", [genre]
        ).fetchall()[0][0]


def run_once(env: dict[str, str], genre: str, expected: str) -> list[dict[str, float]]:
    rows = []
    with browser.explorer_server(env) as address, browser.chromium() as driver:
        for page, typing in STEPS:
            path, heading = browser.PAGES[page]
            started = time.perf_counter()
            driver.get(f"{address}/{path}")
            browser.settle(driver, heading, timeout=180, pause=0, poll=0.05)
            first = time.perf_counter() - started
            typed = None
            if typing:
                started = time.perf_counter()
                browser.type_into(driver, *typing)
                typed = time.perf_counter() - started - 0.5  # type_into waits half a second
            change = browser.choose_in_selection(driver, genre, box=1, expect=expected, pause=0)
            rows.append(
                {
                    "page": page,
                    "first_render_s": round(first, 3),
                    "filter_change_s": round(change, 3),
                    **({"after_typing_s": round(typed, 3)} if typed is not None else {}),
                }
            )
            print(f"{page:14} {first:6.2f} s {change:6.2f} s", flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="/tmp/samenspraak-1m/data")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--genre", default="beleid")
    parser.add_argument("--out", default=str(REPO / "metrics/benchmark_explorer_browser.json"))
    args = parser.parse_args(argv)
    if not browser.chromium_paths():
        parser.error("chromium and chromedriver are missing (apt-get install chromium chromium-driver)")
    data = Path(args.data).resolve()
    env = {
        "SAMENSPRAAK_DATA": str(data),
        "SAMENSPRAAK_MODELS": str(REPO / "models/classifier"),
        "SAMENSPRAAK_PARAMS": str(REPO / "params.yaml"),
        "SAMENSPRAAK_LABELS": str(REPO / "corpora/labelled"),
    }
    documents = genre_documents(data, args.genre)
    expected = f"{documents:,} documenten in de selectie".replace(",", ".")
    result = {
        "data": str(data),
        "genre_filter": args.genre,
        "genre_documents": documents,
        "aim_first_s": AIM_FIRST,
        "aim_change_s": AIM_CHANGE,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": [],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for run in range(1, args.runs + 1):
        print(f"run {run}: page, first visit, after the selection change")
        result["runs"].append({"run": run, "pages": run_once(env, args.genre, expected)})
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
