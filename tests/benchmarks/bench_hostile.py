"""The hostile corpus of ``tests/hostile_corpus.py`` through ingest and
annotate, each under ``/usr/bin/time -v``::

    python tests/benchmarks/bench_hostile.py [--work /tmp/samenspraak-hostile]

It prints (and writes to ``--out``, default ``metrics/bench_hostile.md``) a
table with one line per file and metadata row of the ingest report: its
status and reason, and for the stages the maximum resident set size that
``time -v`` reports. That figure is the largest single process of the stage
(GNU time reports the peak of the process or of its largest waited-for
child), so it is the bound that matters for each worker, not a sum.

With ``--per-file``, each regular file is also ingested alone (a corpus
of that one file, no metadata) under ``/usr/bin/time -v``, which gives its
own peak: the column "alone". Links, pipes, hidden entries and metadata
rows read nothing of their own, so they have no such figure.

The end-to-end test asserts the same statuses; this script adds the
memory measured the way an operator would measure it.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import yaml

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.hostile_corpus import write_hostile_corpus  # noqa: E402

INGEST = {"n_jobs": 2, "min_words": 10, "max_words": 300_000}


def timed(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """(wall seconds, max resident MiB, exit code) from GNU time's report."""
    result = subprocess.run(["/usr/bin/time", "-v", *command], cwd=cwd, capture_output=True, text=True, check=False)
    report = result.stderr
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", report).group(1))
    clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", report).group(1)
    seconds = sum(float(part) * 60**power for power, part in enumerate(reversed(clock.split(":"))))
    if result.returncode != 0:
        print(report[-3000:], file=sys.stderr)
    return seconds, peak_kb / 1024, result.returncode


def alone(path: Path, work: Path, params: dict) -> float:
    """Max RSS (MiB) of ingest over a corpus of this one file. A sparse file
    is made sparse again (copying it would write gigabytes of zeros)."""
    folder = work / "alone" / path.name
    shutil.rmtree(folder.parent, ignore_errors=True)
    folder.mkdir(parents=True)
    info = path.stat()
    if info.st_blocks * 512 < info.st_size // 2:
        with open(folder / path.name, "wb") as handle:
            handle.truncate(info.st_size)
    else:
        shutil.copyfile(path, folder / path.name)
    settings = {**params, "corpus": {"dir": str(folder), "metadata": str(folder / "metadata.csv")}}
    settings_path = folder.parent / "params.yaml"
    settings_path.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    out = folder.parent / "out"
    _, peak, _ = timed(
        [
            sys.executable,
            "-m",
            "pipeline.cli",
            "ingest",
            "--params",
            str(settings_path),
            "--out",
            str(out / "documents.parquet"),
            "--report",
            str(out / "report.csv"),
            "--summary",
            str(out / "summary.json"),
        ],
        REPO,
    )
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", type=Path, default=Path("/tmp/samenspraak-hostile"))
    parser.add_argument("--out", type=Path, default=REPO / "metrics" / "bench_hostile.md")
    parser.add_argument("--per-file", action="store_true", help="also ingest each regular file alone")
    parser.add_argument("--stages", nargs="+", default=["ingest", "annotate"], choices=["ingest", "annotate"])
    args = parser.parse_args()
    shutil.rmtree(args.work, ignore_errors=True)
    write_hostile_corpus(args.work / "corpus", args.work / "buiten")
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["corpus"] = {"dir": str(args.work / "corpus"), "metadata": str(args.work / "corpus" / "metadata.csv")}
    params["ingest"].update(INGEST)
    params["cache"]["dir"] = str(args.work / "cache")
    (args.work / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    data = args.work / "data"
    common = ["--params", str(args.work / "params.yaml")]
    stages = {
        "ingest": [
            "ingest",
            *common,
            "--out",
            str(data / "documents.parquet"),
            "--report",
            str(data / "ingest_report.csv"),
            "--summary",
            str(args.work / "metrics" / "ingest.json"),
        ],
        "annotate": [
            "annotate",
            *common,
            "--documents",
            str(data / "documents.parquet"),
            "--sentences",
            str(data / "sentences.parquet"),
            "--tokens",
            str(data / "tokens.parquet"),
            "--summary",
            str(args.work / "metrics" / "annotate.json"),
        ],
    }
    measured = {}
    for stage, arguments in ((name, stages[name]) for name in args.stages):
        measured[stage] = timed([sys.executable, "-m", "pipeline.cli", *arguments], REPO)
        print(f"{stage}: {measured[stage][0]:.1f} s, max RSS {measured[stage][1]:.0f} MiB, exit {measured[stage][2]}")
    report = pd.read_csv(data / "ingest_report.csv", dtype=str, keep_default_na=False)
    words = pd.read_parquet(data / "documents.parquet", columns=["doc_id", "word_count", "included"])
    corpus = args.work / "corpus"
    peaks: dict[str, float] = {}
    if args.per_file:
        for path in sorted(corpus.iterdir()):
            if path.is_symlink() or not path.is_file() or path.name.startswith(".") or path.name == "metadata.csv":
                continue
            peaks[unicodedata.normalize("NFC", path.name)] = alone(path, args.work, params)
            print(f"{path.name}: {peaks[unicodedata.normalize('NFC', path.name)]:.0f} MiB alone", flush=True)
    lines = [
        "| file | status | reason or warning | ingest alone, max RSS MiB |",
        "| --- | --- | --- | --- |",
    ]
    for row in report.to_dict("records"):
        reason = "; ".join(part for part in (row["reason"], row["warnings"]) if part)
        peak = peaks.get(row["file"])
        shown = f"{peak:.0f}" if peak is not None else "–"
        lines.append(f"| `{row['file']}` | {row['status']} | {reason.replace('|', '/')} | {shown} |")
    lines += [
        "",
        f"{len(report)} report lines; {int(words['included'].sum())} documents analysed, the longest "
        f"{int(words.loc[words['included'], 'word_count'].max()):,} words.",
        "",
        "| stage | wall s | max RSS MiB (`/usr/bin/time -v`) | exit |",
        "| --- | --- | --- | --- |",
        *(f"| {stage} | {s:.1f} | {mb:.0f} | {code} |" for stage, (s, mb, code) in measured.items()),
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    return 0 if all(code == 0 for _, _, code in measured.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
