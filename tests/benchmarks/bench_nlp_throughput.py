"""Words per second of the NLP layer on the demo corpus, and of HanTa alone.

Each measurement runs in a fresh process, so no run profits from caches
another run warmed up (the default tagger memoises words it has seen; a
forked worker would inherit them). Words are tokens that are neither
punctuation nor whitespace. Model loading is timed apart from processing.
"HanTa alone" is HanTa's own ``tag_sent`` on the same sentences as the
default pipeline splits them, without our memoisation, tag mapping or spaCy.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd


def texts() -> list[str]:
    documents = pd.read_parquet("data/documents.parquet")
    return list(documents.loc[documents["included"], "text"])


def measure_pipeline(n_process: int) -> dict:
    from pipeline.nlp import load_nlp

    started = time.perf_counter()
    nlp = load_nlp("default")
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    words = sum(
        sum(1 for t in doc if not (t.is_punct or t.is_space))
        for doc in nlp.pipe(texts(), batch_size=8, n_process=n_process)
    )
    seconds = time.perf_counter() - started
    return {
        "load_seconds": round(loaded, 2),
        "words": words,
        "seconds": round(seconds, 2),
        "words_per_second": round(words / seconds),
    }


def measure_hanta() -> dict:
    from HanTa import HanoverTagger as ht

    from pipeline.nlp import load_nlp

    nlp = load_nlp("default")
    with nlp.select_pipes(disable=["hanta_tagger"]):
        sentences = [[t.text for t in s if not t.is_space] for doc in nlp.pipe(texts()) for s in doc.sents]
    tagger = ht.HanoverTagger("morphmodel_dutch.pgz")
    started = time.perf_counter()
    for sentence in sentences:
        tagger.tag_sent(sentence, taglevel=1)
    seconds = time.perf_counter() - started
    words = sum(1 for s in sentences for w in s if any(ch.isalnum() for ch in w))
    return {"words": words, "seconds": round(seconds, 2), "words_per_second": round(words / seconds)}


def fresh(expression: str) -> dict:
    code = f"import json, sys; sys.path.insert(0, 'tests/benchmarks'); import bench_nlp_throughput as b; print(json.dumps({expression}))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    results = {
        "pipeline_n_process_1": fresh("b.measure_pipeline(1)"),
        "pipeline_n_process_2": fresh("b.measure_pipeline(2)"),
        "hanta_alone": fresh("b.measure_hanta()"),
    }
    Path("metrics").mkdir(exist_ok=True)
    Path("metrics/benchmark_nlp.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
