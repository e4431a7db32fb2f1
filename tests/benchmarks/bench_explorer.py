"""The explorer's responsiveness at a million sentences: per page the first
render (empty caches) and a change of the sidebar selection, timed with
``tests.app.timing`` (Streamlit's AppTest) on a scaled corpus, twice::

    python tests/benchmarks/make_scaled_corpus.py /tmp/samenspraak-1m/data
    python tests/benchmarks/bench_explorer.py --data /tmp/samenspraak-1m/data

Writes ``metrics/benchmark_explorer.json`` (after every run, so a partial
result survives) and prints a table. Aim: first render < 3 s, filter
change < 0.5 s.
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

from tests.app import timing  # noqa: E402  (the same measurement as the demo timing)

AIM_FIRST, AIM_CHANGE = 3.0, 0.5


def corpus_size(folder: Path) -> dict[str, int]:
    import pyarrow.parquet as pq

    return {
        name: pq.ParquetFile(folder / f"{file}.parquet").metadata.num_rows
        for name, file in (("documents", "documents"), ("sentences", "sentences"))
        if (folder / f"{file}.parquet").exists()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="/tmp/samenspraak-1m/data")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--genre", default="beleid", help="the selection change that is timed")
    parser.add_argument("--upload", default=str(REPO / "corpora/demo/files/harderzijl-evaluatie-2021.pdf"))
    parser.add_argument("--pages", nargs="*", help="only these pages (names as in tests/app/timing.py)")
    parser.add_argument("--out", default=str(REPO / "metrics/benchmark_explorer.json"))
    args = parser.parse_args(argv)

    data = Path(args.data).resolve()
    if not (data / "sentences.parquet").exists():
        parser.error(f"no corpus in {data}: run tests/benchmarks/make_scaled_corpus.py first")
    os.chdir(REPO)
    os.environ["SAMENSPRAAK_DATA"] = str(data)
    os.environ.setdefault("SAMENSPRAAK_MODELS", str(REPO / "models/classifier"))
    os.environ.setdefault("SAMENSPRAAK_PARAMS", str(REPO / "params.yaml"))
    os.environ.setdefault("SAMENSPRAAK_LABELS", str(REPO / "corpora/labelled"))
    if args.pages:
        timing.PAGES[:] = [p for p in timing.PAGES if p[0] in args.pages]
    upload = Path(args.upload) if args.upload and Path(args.upload).exists() else None
    size = corpus_size(data)

    result = {
        "data": str(data),
        **size,
        "genre_filter": args.genre,
        "aim_first_s": AIM_FIRST,
        "aim_change_s": AIM_CHANGE,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": [],
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    for run in range(1, args.runs + 1):
        started = time.perf_counter()
        rows = timing.measure(args.genre, upload)
        result["runs"].append(
            {
                "run": run,
                "seconds": round(time.perf_counter() - started, 1),
                "pages": [
                    {
                        "page": name,
                        "first_render_s": round(first, 3),
                        "filter_change_s": round(change, 3),
                        **({"upload_analysis_s": round(analysis, 3)} if analysis is not None else {}),
                    }
                    for name, first, change, analysis in rows
                ],
            }
        )
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(f"{size.get('sentences', 0):,} zinnen, {size.get('documents', 0):,} documenten; filter: genre = {args.genre}")
    print(f"{'pagina':24} {'run':>3} {'eerste keer':>12} {'na filter':>10}")
    for run in result["runs"]:
        for row in run["pages"]:
            flag = ("" if row["first_render_s"] < AIM_FIRST else " eerste>3s") + (
                "" if row["filter_change_s"] < AIM_CHANGE else " filter>0.5s"
            )
            extra = f"   bestand geanalyseerd in {row['upload_analysis_s']:.2f} s" if "upload_analysis_s" in row else ""
            print(
                f"{row['page']:24} {run['run']:>3} {row['first_render_s']:10.2f} s "
                f"{row['filter_change_s']:8.2f} s{flag}{extra}"
            )
    print(f"-> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
