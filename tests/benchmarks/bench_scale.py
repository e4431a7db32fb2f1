"""How the pipeline's cost grows with the corpus: every stage but ``train``
on the demo corpus copied ×N, stage by stage::

    python tests/benchmarks/bench_scale.py --factors 10 [100] [--add-one]

For each factor it builds an input corpus from the demo's files (copy ``k``
of a document gets the id ``<doc_id>-k<k>``, its organisation a region
number, its year a seeded shift; the text stays), clones the repository
into a work folder, points that clone's ``params.yaml`` at the corpus (with
duplicate exclusion off: the copies are duplicates by construction), copies
the trained model in (so ``train`` is not run), and runs each stage's
command from ``dvc.yaml``. Per stage it measures wall time, words per second
and the peak memory of the stage's whole process tree (sampled every 0.1 s
with psutil: spaCy's worker processes count too). ``--add-one`` then adds
one new document and runs every stage again: the cost of a monthly update
(with the per-document cache of ``params.yaml``, which the first run
filled). ``--dask-workers 1 2`` then runs annotate on Dask LocalClusters of
those sizes, with the cache off, ``--repeat`` times each. The stages run
the clone's code (``PYTHONPATH``), not the installed package.

The table it prints (and writes to ``--out``, default
``metrics/bench_scale.md``) is the one the README publishes. Ratios matter
more than seconds: this machine is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import psutil
import yaml

REPO = Path(__file__).resolve().parents[2]
STAGES = ["ingest", "annotate", "detect", "weak_labels", "classify", "score", "topics", "export"]


@dataclass
class Measured:
    stage: str
    seconds: float
    peak_mib: float
    exit_code: int


def build_corpus(demo: Path, factor: int, out: Path, seed: int = 7) -> Path:
    """The demo corpus ×``factor`` in ``out`` (files hard-linked where the
    file system allows, else copied); returns the metadata table's path."""
    metadata = pd.read_csv(demo / "metadata.csv", dtype=str, keep_default_na=False)
    files = out / "files"
    if out.exists():
        shutil.rmtree(out)
    files.mkdir(parents=True)
    shift = random.Random(seed)
    rows = []
    for copy in range(factor):
        years = shift.randint(-3, 3)
        for row in metadata.to_dict("records"):
            name = f"k{copy}-{row['file']}"
            _link(demo / "files" / row["file"], files / name)
            year = str(min(2025, max(2014, int(row["year"]) + years))) if row["year"].isdigit() else row["year"]
            rows.append(
                {
                    **row,
                    "doc_id": f"{row['doc_id']}-k{copy}",
                    "file": name,
                    "organisation": f"{row['organisation']} (regio {copy})",
                    "year": year,
                    "date": row["date"].replace(row["year"], year, 1) if row["date"] else "",
                }
            )
    table = out / "metadata.csv"
    pd.DataFrame(rows).to_csv(table, index=False)
    return table


def _link(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def workspace(work: Path, corpus: Path, metadata: Path) -> Path:
    """A clone of the repository's committed code with the trained model
    and params pointing at ``corpus``."""
    clone = work / "repo"
    if clone.exists():
        shutil.rmtree(clone)
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    shutil.copytree(REPO / "models", clone / "models", dirs_exist_ok=True)
    # What export reports from the stages that are not run here.
    for name in ("metrics/train.json", "metrics/dev.json"):
        if (REPO / name).exists():
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, clone / name)
    params = yaml.safe_load((clone / "params.yaml").read_text(encoding="utf-8"))
    params["corpus"] = {"dir": str(corpus / "files"), "metadata": str(metadata)}
    params["ingest"]["exclude_duplicates"] = False
    (clone / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")
    return clone


def run_stage(clone: Path, stage: str) -> Measured:
    command = yaml.safe_load((clone / "dvc.yaml").read_text(encoding="utf-8"))["stages"][stage]["cmd"]
    # PYTHONPATH: the clone's own code, not the package the venv has installed
    # (an editable install points at the repository this script is run from).
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PYTHONPATH": str(clone),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        command, shell=True, cwd=clone, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    peak = _sample_peak(process.pid, process)
    _, errors = process.communicate()
    seconds = time.perf_counter() - started
    if process.returncode:
        print(errors.decode(errors="replace")[-2000:], file=sys.stderr)
    return Measured(stage, seconds, peak / 2**20, process.returncode)


def _sample_peak(pid: int, process: subprocess.Popen) -> float:
    """Peak resident memory of the process and all its children."""
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        while not done.is_set():
            try:
                members = [root, *root.children(recursive=True)]
                total = 0
                for member in members:
                    try:
                        total += member.memory_info().rss
                    except psutil.NoSuchProcess:
                        pass
                peak = max(peak, total)
            except psutil.NoSuchProcess:
                return
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    process.wait()
    done.set()
    sampler.join()
    return peak


def corpus_words(clone: Path) -> int:
    return int(pd.read_parquet(clone / "data" / "documents.parquet", columns=["word_count"])["word_count"].sum())


def add_one_document(corpus: Path, metadata: Path, number: int = 1) -> None:
    table = pd.read_csv(metadata, dtype=str, keep_default_na=False)
    row = table.iloc[number - 1].to_dict()
    name = f"nieuw-{number}-{row['file'].split('-', 1)[1]}"
    _link(corpus / "files" / row["file"], corpus / "files" / name)
    row.update({"doc_id": f"nieuw-document-{number}", "file": name, "organisation": "Nieuwe organisatie"})
    pd.concat([table, pd.DataFrame([row])]).to_csv(metadata, index=False)


def train_seconds() -> float | None:
    """How long the repository's last ``train`` stage took (metrics/train.json):
    a whole ``dvc repro`` from nothing pays it once; an update does not."""
    path = REPO / "metrics" / "train.json"
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8")).get("seconds")


def table_rows(factor: int, runs: list[Measured], words: int) -> list[str]:
    rows = []
    for run in runs:
        rate = words / run.seconds if run.seconds else float("nan")
        rows.append(f"| ×{factor} | {run.stage} | {run.seconds:.1f} | {rate:,.0f} | {run.peak_mib:,.0f} |")
    total = sum(r.seconds for r in runs)
    annotate = next(r for r in runs if r.stage == "annotate")
    rows.append(
        f"| ×{factor} | **all but train** | {total:.1f} | {words / total:,.0f} | {max(r.peak_mib for r in runs):,.0f} |"
    )
    rows.append(f"| ×{factor} | whole run ÷ annotate alone (words/s) | | **{annotate.seconds / total:.0%}** | |")
    return rows


def set_engine(clone: Path, engine: dict, cache: bool) -> None:
    """The engine to use, and the cache on or off (off to compare engines:
    a warm cache would leave nothing to analyse)."""
    params = yaml.safe_load((clone / "params.yaml").read_text(encoding="utf-8"))
    params["engine"] = {**params.get("engine", {}), **engine}
    params["cache"] = {**params.get("cache", {}), "enabled": cache}
    (clone / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False), encoding="utf-8")


def dask_rows(clone: Path, factor: int, workers: list[int], repeat: int, summary: dict) -> list[str]:
    """annotate on a Dask LocalCluster of each size, ``repeat`` times; the
    speed-up of each size over one worker, run by run (the machine is
    shared, so runs are interleaved)."""
    seconds: dict[int, list[float]] = {n: [] for n in workers}
    for _ in range(repeat):
        for n in workers:
            set_engine(clone, {"kind": "dask", "workers": n}, cache=False)
            measured = run_stage(clone, "annotate")
            if measured.exit_code:
                raise SystemExit(f"annotate on Dask with {n} workers failed")
            seconds[n].append(measured.seconds)
            print(f"x{factor} annotate on Dask, {n} workers: {measured.seconds:.1f} s", flush=True)
    set_engine(clone, {"kind": "local"}, cache=True)
    summary["dask_annotate_seconds"] = seconds
    one = seconds[min(workers)]
    return [
        f"| ×{factor} | annotate on Dask, {n} worker{'s' if n > 1 else ''} | "
        + " / ".join(f"{s:.1f}" for s in seconds[n])
        + " | | "
        + " / ".join(f"{a / b:.2f}×" for a, b in zip(one, seconds[n], strict=True))
        + " of 1 worker |"
        for n in workers
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factors", type=int, nargs="+", default=[10])
    parser.add_argument("--work", type=Path, default=Path("/tmp/samenspraak-scale"))
    parser.add_argument("--stages", nargs="+", default=STAGES)
    parser.add_argument("--add-one", action="store_true", help="then add one document and run every stage again")
    parser.add_argument(
        "--dask-workers", type=int, nargs="*", default=[], help="then run annotate on a LocalCluster of each size"
    )
    parser.add_argument("--repeat", type=int, default=2, help="Dask runs per size (the machine is shared)")
    parser.add_argument("--out", type=Path, default=REPO / "metrics" / "bench_scale.md")
    args = parser.parse_args(argv)
    lines = ["| corpus | stage | seconds | words/s | peak MiB |", "| --- | --- | --- | --- | --- |"]
    summary = {}
    for factor in args.factors:
        work = args.work / f"x{factor}"
        metadata = build_corpus(REPO / "corpora" / "demo", factor, work / "corpus")
        clone = workspace(work, work / "corpus", metadata)
        runs = []
        for stage in args.stages:
            measured = run_stage(clone, stage)
            print(f"x{factor} {stage:9} {measured.seconds:7.1f} s  {measured.peak_mib:7.0f} MiB", flush=True)
            if measured.exit_code:
                print(f"stage {stage} failed with exit code {measured.exit_code}", file=sys.stderr)
                return 1
            runs.append(measured)
        words = corpus_words(clone)
        lines += table_rows(factor, runs, words)
        summary[f"x{factor}"] = {"words": words, "stages": [vars(r) for r in runs]}
        if args.add_one:
            # Twice: one document, then another (the machine is shared).
            updates = []
            for number in (1, 2):
                add_one_document(work / "corpus", metadata, number)
                updates.append([run_stage(clone, stage) for stage in args.stages])
                print(f"x{factor} + document {number}: {sum(r.seconds for r in updates[-1]):.1f} s", flush=True)
            full = sum(r.seconds for r in runs)
            train = train_seconds()
            lines += [
                f"| ×{factor} + 1 document | {first.stage} | {first.seconds:.1f} / {second.seconds:.1f} | | |"
                for first, second in zip(*updates, strict=True)
            ]
            totals = [sum(r.seconds for r in update) for update in updates]
            lines.append(
                f"| ×{factor} + 1 document | **every stage again** | "
                + " / ".join(f"{t:.1f}" for t in totals)
                + " | | "
                + " / ".join(f"{t / full:.0%}" for t in totals)
                + " of the run without train |"
            )
            if train:
                lines.append(
                    f"| ×{factor} + 1 document | share of a whole `dvc repro` (train: {train:.0f} s) | | | "
                    + " / ".join(f"{t / (full + train):.1%}" for t in totals)
                    + " |"
                )
            summary[f"x{factor}"]["add_one_stages"] = [[vars(r) for r in update] for update in updates]
            summary[f"x{factor}"]["add_one_seconds"] = totals
            summary[f"x{factor}"]["train_seconds"] = train
        if args.dask_workers:
            lines += dask_rows(clone, factor, args.dask_workers, args.repeat, summary[f"x{factor}"])
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
