"""`samenspraak classify` on 10,000 sentences from a JSONL file.

The sentences are the demo corpus's, repeated to 10,000 and grouped into
pseudo-documents of 20 in reading order; the whole command is timed
(loading the model and the NLP pipeline included), as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

N = 10_000


def main() -> None:
    sentences = pd.read_parquet("data/sentences.parquet")["text"].tolist()
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        with open(source, "w", encoding="utf-8") as handle:
            for n in range(N):
                record = {"id": f"s{n}", "doc": f"d{n // 20}", "text": sentences[n % len(sentences)]}
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        results = {}
        for n_process in (1, 2):
            target = Path(folder) / f"out-{n_process}.jsonl"
            started = time.perf_counter()
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "pipeline.cli",
                    "classify",
                    str(source),
                    "-o",
                    str(target),
                    "--n-process",
                    str(n_process),
                ],
                check=True,
            )
            seconds = time.perf_counter() - started
            lines = sum(1 for _ in open(target, encoding="utf-8"))
            results[f"n_process_{n_process}"] = {
                "sentences": lines,
                "seconds": round(seconds, 1),
                "sentences_per_second": round(lines / seconds),
            }
            print(results, flush=True)
    Path("metrics").mkdir(exist_ok=True)
    Path("metrics/benchmark_classify.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
