"""A small slice of the project's labelled sentences for tests that train."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def small_labelled_set(target: Path, passages: int = 14) -> None:
    """The first passages of the two short written files (enough for every
    label) and the first passage of every text-type batch: a training run
    that sees every kind of file in seconds, not minutes."""
    target.mkdir(parents=True)
    for path in sorted((REPO / "corpora" / "labelled").glob("*.jsonl")):
        per_file = passages // 2 if path.name.startswith("written-") else 1
        kept, docs = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)["doc"]
            if doc not in docs:
                docs.append(doc)
            if len(docs) <= per_file:
                kept.append(line)
        (target / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
