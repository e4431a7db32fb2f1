"""A killed annotate stage takes its spaCy workers with it: ``kill -9`` of
the stage left them running, about 0.9 GB each, for minutes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

REPO = Path(__file__).resolve().parents[2]
SENTENCE = "De wijkagent en de jongerenwerker spraken samen met de bewoners over de overlast bij het speelveld. "


def write_busy_corpus(path: Path, documents: int = 400, sentences: int = 60) -> None:
    """Enough text to keep two workers busy for well over a minute."""
    frame = pd.DataFrame(
        {
            "doc_id": [f"nota-{n}" for n in range(documents)],
            "text": [f"{n}. " + SENTENCE * sentences for n in range(documents)],
            "included": [True] * documents,
        }
    )
    frame.to_parquet(path, index=False)


def alive(process: psutil.Process) -> bool:
    """Running, and not just waiting to be reaped (a zombie holds no memory)."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


@pytest.mark.slow
def test_killing_annotate_ends_its_workers(tmp_path):
    documents = tmp_path / "documents.parquet"
    write_busy_corpus(documents)
    params = tmp_path / "params.yaml"
    params.write_text("nlp:\n  n_process: 2\n  batch_size: 4\ncache:\n  enabled: false\n", encoding="utf-8")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "pipeline.stages.annotate", "--params", str(params)]
    command += ["--documents", str(documents), "--sentences", str(out / "sentences.parquet")]
    command += ["--tokens", str(out / "tokens.parquet"), "--summary", str(out / "annotate.json")]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    stage = subprocess.Popen(command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(stage.pid)
    workers: list[psutil.Process] = []
    try:
        assert wait_for(lambda: len(parent.children(recursive=True)) >= 2, 120), "no workers started"
        time.sleep(2)  # the workers are at work, not starting
        assert stage.poll() is None, "the stage ended before it could be killed"
        workers = parent.children(recursive=True)
        assert all(alive(worker) for worker in workers)

        stage.send_signal(signal.SIGKILL)
        stage.wait(10)

        assert wait_for(lambda: not any(alive(worker) for worker in workers), 10), [
            worker.pid for worker in workers if alive(worker)
        ]
        # Nor did the killed stage leave a table at the final path.
        assert not (out / "tokens.parquet").exists() and not (out / "sentences.parquet").exists()
    finally:
        # A failing run must not leave its orphans behind either.
        for process in [parent, *workers]:
            if alive(process):
                process.kill()
