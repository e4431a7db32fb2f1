"""Retraining from the explorer: progress read from DVC's log, and a real
detached process whose end and exit code the explorer finds in that log."""

import sys
import time

from app import retrain

LOG = """Stage 'ingest' didn't change, skipping
Stage 'annotate' didn't change, skipping
Running stage 'train':
> samenspraak train
"""


def test_progress_counts_the_stages_dvc_has_reached():
    progress = retrain.read_progress(LOG, total=9, running=True)
    assert progress.stages_reached == ["ingest", "annotate", "train"] and progress.stages_run == ["train"]
    assert progress.running and progress.fraction == 2 / 9 and not progress.succeeded
    done = retrain.read_progress(LOG + "samenspraak-retrain-exit 0\n", total=9, running=True)
    assert not done.running and done.succeeded and done.fraction == 1.0
    failed = retrain.read_progress(LOG + "samenspraak-retrain-exit 2\n", total=9, running=False)
    assert not failed.succeeded and failed.exit_code == 2


def wait(repo, folder, timeout=30):
    deadline = time.monotonic() + timeout
    while (progress := retrain.status(repo, folder)).running:
        assert time.monotonic() < deadline, "the run did not end"
        time.sleep(0.1)
    return progress


def test_a_run_in_the_background_reports_its_stages_and_its_end(tmp_path):
    repo, folder = tmp_path / "repo", tmp_path / "data"
    repo.mkdir()
    (repo / "dvc.yaml").write_text("stages:\n  ingest: {cmd: x}\n  train: {cmd: x}\n  score: {cmd: x}\n")
    assert retrain.status(repo, folder) is None
    script = "print(\"Stage 'ingest' didn't change, skipping\"); print(\"Running stage 'train':\", flush=True)"
    retrain.start(repo, folder, [sys.executable, "-c", script])
    progress = wait(repo, folder)
    assert progress.succeeded and progress.stages_reached == ["ingest", "train"] and progress.total == 3
    retrain.start(repo, folder, [sys.executable, "-c", "import sys; print('kapot'); sys.exit(3)"])
    progress = wait(repo, folder)
    assert progress.exit_code == 3 and not progress.succeeded
    assert "kapot" in retrain.last_lines(folder)
