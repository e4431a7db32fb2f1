"""Peak memory of the annotate stage as the corpus grows.

The demo corpus is replicated k times (new document ids, same texts) and
the stage runs in a child process on each; its peak resident memory is read
from the operating system. Flat memory means the stage streams: it should
barely change between k = 1 and k = 9.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

FACTORS = (1, 3, 9)


def run_annotate(documents: Path, out: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one annotate run in a fresh process."""
    code = (
        "import resource, sys; from pipeline.stages.annotate import main; "
        f"main(['--documents', '{documents}', '--sentences', '{out}/s.parquet', '--tokens', '{out}/t.parquet', "
        f"'--summary', '{out}/a.json', '--n-process', '1']); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    return seconds, int(result.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    base = pd.read_parquet("data/documents.parquet")
    base = base[base["included"]]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for factor in FACTORS:
            copies = []
            for k in range(factor):
                copy = base.copy()
                copy["doc_id"] = copy["doc_id"] + f"-{k}"
                copies.append(copy)
            path = Path(folder) / f"documents-{factor}.parquet"
            pd.concat(copies).to_parquet(path, index=False)
            seconds, peak = run_annotate(path, Path(folder))
            words = json.loads((Path(folder) / "a.json").read_text())["words"]
            results.append(
                {
                    "factor": factor,
                    "documents": len(base) * factor,
                    "words": words,
                    "seconds": round(seconds, 1),
                    "peak_rss_mib": round(peak, 1),
                }
            )
            print(results[-1], flush=True)
    Path("metrics").mkdir(exist_ok=True)
    Path("metrics/benchmark_memory.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
