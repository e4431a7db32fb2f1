"""A small slice of the project's labelled sentences for tests that train."""

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def small_labelled_set(target: Path, passages: int = 14) -> None:
    """The first passages of each labelled file: enough for every label."""
    target.mkdir(parents=True)
    for path in sorted((REPO / "corpora" / "labelled").glob("*.jsonl")):
        kept, docs = [], []
        for line in path.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)["doc"]
            if doc not in docs:
                docs.append(doc)
            if len(docs) <= passages // 2:
                kept.append(line)
        (target / path.name).write_text("\n".join(kept) + "\n", encoding="utf-8")
