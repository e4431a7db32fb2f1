"""Train the model again from the explorer: ``dvc repro`` in the background,
with its progress read from its log.

The pipeline runs in its own process, detached from the explorer, so that
it goes on when the analyst closes the page; its state lives in two files
beside the pipeline's outputs (``retrain.json``: when and which process;
``retrain.log``: what DVC wrote), so that every page and every session sees
the same run. DVC decides what has to run: with new labels that is the
training and everything after it.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

STATE, LOG = "retrain.json", "retrain.log"
# DVC names each stage once: it runs it, or says it is up to date.
_STAGE = re.compile(r"(?:Running stage|Stage) '([^']+)'")
_RAN = re.compile(r"Running stage '([^']+)'")
_EXIT = re.compile(r"^samenspraak-retrain-exit (\d+)$", re.M)


@dataclass(frozen=True)
class Progress:
    """Where a run stands: the stages DVC has reached, of how many."""

    stages_reached: list[str]
    stages_run: list[str]
    total: int
    running: bool
    exit_code: int | None

    @property
    def fraction(self) -> float:
        if not self.running:
            return 1.0
        return max(0, len(self.stages_reached) - 1) / max(1, self.total)

    @property
    def succeeded(self) -> bool:
        return not self.running and self.exit_code == 0


def stage_names(dvc_file: Path) -> list[str]:
    return list((yaml.safe_load(dvc_file.read_text(encoding="utf-8")) or {}).get("stages", {}))


def read_progress(log: str, total: int, running: bool) -> Progress:
    """Progress from DVC's log (pure: the log's text in, the state out)."""
    reached = list(dict.fromkeys(_STAGE.findall(log)))
    ended = _EXIT.search(log)
    ran = list(dict.fromkeys(_RAN.findall(log)))
    return Progress(reached, ran, total, running and ended is None, int(ended.group(1)) if ended else None)


def default_command() -> list[str]:
    # The venv's own dvc; the stages call `samenspraak`, which lives beside it.
    return [str(Path(sys.executable).with_name("dvc")), "repro"]


def start(repo: Path, folder: Path, command: list[str] | None = None) -> None:
    """Start the run unless one is going; returns at once."""
    going = status(repo, folder)
    if going is not None and going.running:
        return
    folder.mkdir(parents=True, exist_ok=True)
    command = command or default_command()
    # A shell line that writes the exit code at the end of the log: the
    # explorer is not the process's parent after a restart, and cannot wait for it.
    line = shlex.join(command) + '; echo "samenspraak-retrain-exit $?"'
    log = (folder / LOG).open("w", encoding="utf-8")
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    process = subprocess.Popen(
        ["/bin/sh", "-c", line], cwd=repo, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True
    )
    log.close()
    (folder / STATE).write_text(json.dumps({"pid": process.pid, "started": time.time()}), encoding="utf-8")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    # A finished child of this process stays a zombie until it is waited for.
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def status(repo: Path, folder: Path) -> Progress | None:
    """The last run's progress, or None if there was none."""
    state, log = folder / STATE, folder / LOG
    if not state.exists():
        return None
    pid = json.loads(state.read_text(encoding="utf-8"))["pid"]
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return read_progress(text, len(stage_names(repo / "dvc.yaml")), _alive(pid))


def last_lines(folder: Path, n: int = 15) -> str:
    log = folder / LOG
    return "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-n:]) if log.exists() else ""
