"""``kill -9`` in the middle of annotate: no worker outlives it, no partial
output is left where a reader would take it for a result, and the re-run
writes exactly what an uninterrupted run writes."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.hostile_corpus import dutch_text

psutil = pytest.importorskip("psutil")

REPO = Path(__file__).resolve().parents[2]
OUTPUTS = ("sentences.parquet", "tokens.parquet", "annotate.json")


def _corpus(folder: Path, documents: int = 24) -> None:
    folder.mkdir(parents=True)
    rows = ["doc_id,file,title,organisation,genre,date"]
    for n in range(documents):
        (folder / f"verslag-{n}.txt").write_text(dutch_text(60 + n, f"Verslag {n}"), encoding="utf-8")
        rows.append(f"v{n},verslag-{n}.txt,Verslag {n},Buurtteam {n % 3},rapport,2020")
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def _params(root: Path, engine: str = "local") -> Path:
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    # dask: a LocalCluster of two spawned worker processes (not forked: they
    # end through Dask's own pipe to their parent).
    params["engine"].update(kind=engine, workers=2, address=None, partition_documents=4)
    params["corpus"] = {"dir": str(root / "corpus"), "metadata": str(root / "corpus" / "metadata.csv")}
    params["ingest"].update(n_jobs=1, min_words=10, exclude_duplicates=False)
    params["nlp"].update(n_process=2, batch_size=2)
    params["cache"] = {"dir": str(root / "cache"), "enabled": True}
    path = root / "params.yaml"
    path.write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    return path


def _command(root: Path, out: Path, stage: str) -> list[str]:
    p = ["--params", str(root / "params.yaml")]
    if stage == "ingest":
        return [*p, "--out", str(root / "documents.parquet"), "--report", str(root / "report.csv"),
                "--summary", str(root / "ingest.json")]  # fmt: skip
    return [*p, "--documents", str(root / "documents.parquet"), "--sentences", str(out / "sentences.parquet"),
            "--tokens", str(out / "tokens.parquet"), "--summary", str(out / "annotate.json")]  # fmt: skip


def _run(root: Path, out: Path, stage: str) -> subprocess.Popen:
    code = f"import sys; from pipeline.stages import {stage}; sys.exit({stage}.main(sys.argv[1:]))"
    return subprocess.Popen(
        [sys.executable, "-c", code, *_command(root, out, stage)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # the kill below must reach the stage only, as a crash would
    )


def _digests(out: Path) -> dict[str, str]:
    return {name: hashlib.sha256((out / name).read_bytes()).hexdigest() for name in OUTPUTS[:2]}


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_killed_annotate_leaves_no_workers_and_its_rerun_equals_a_clean_run(tmp_path, engine):
    _corpus(tmp_path / "corpus")
    _params(tmp_path, engine)
    assert _run(tmp_path, tmp_path, "ingest").wait(timeout=300) == 0

    killed = tmp_path / "killed"
    process = _run(tmp_path, killed, "annotate")
    stage = psutil.Process(process.pid)
    deadline = time.monotonic() + 120
    workers: list = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [w for w in stage.children(recursive=True) if w.is_running()]
        time.sleep(0.2)
    assert len(workers) >= 2, "annotate started no worker processes"
    # Kill once the first documents are analysed and cached, whatever the
    # machine's speed: mid-run, with work done and work still to do.
    while time.monotonic() < deadline and not any(p.is_file() for p in (tmp_path / "cache").rglob("*")):
        time.sleep(0.05)
    assert process.poll() is None, "annotate finished before it could be killed; give it more text"
    workers = stage.children(recursive=True)  # all of them, as they are now
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)

    gone, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, f"workers outlived the killed stage: {[w.pid for w in alive]}"
    # Nothing that looks like a finished output: no file at the final names.
    assert not any((killed / name).exists() for name in OUTPUTS), sorted(p.name for p in killed.glob("*"))

    assert _run(tmp_path, killed, "annotate").wait(timeout=600) == 0
    clean = tmp_path / "clean"
    (tmp_path / "params.yaml").write_text(
        (tmp_path / "params.yaml").read_text(encoding="utf-8").replace(str(tmp_path / "cache"), str(tmp_path / "c2")),
        encoding="utf-8",
    )
    assert _run(tmp_path, clean, "annotate").wait(timeout=600) == 0
    assert _digests(killed) == _digests(clean)
    assert not list(killed.glob(".*")), "temporary files were left behind"
