"""The lexicon review file: analysts' verdicts on the candidate markers the
topics stage proposes (``data/lexicon_candidates.csv``).

A CSV under version control (``corpora/lexicon_review.csv``), appended to by
the explorer and merged into the lexicon by its maintainer: one row per
verdict with ``category``, ``candidate``, ``verdict`` (accept or reject),
``reviewer`` and ``time`` (UTC, ISO 8601). A later verdict on the same
candidate replaces an earlier one.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

REVIEW_COLUMNS = ["category", "candidate", "verdict", "reviewer", "time"]
VERDICTS = ("accept", "reject")


def read_reviews(path: Path) -> pd.DataFrame:
    """The latest verdict per candidate."""
    if not path.exists():
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    reviews = pd.read_csv(path, keep_default_na=False, dtype=str)
    return reviews.drop_duplicates(["category", "candidate"], keep="last").reset_index(drop=True)


def append_reviews(path: Path, verdicts: Iterable[tuple[str, str, str]], reviewer: str) -> int:
    """Append (category, candidate, verdict) rows; other verdicts (such as
    "not yet") are not written. Returns the number of rows written."""
    if not reviewer.strip():
        raise ValueError("reviewer is required")
    rows = [(category, candidate, verdict) for category, candidate, verdict in verdicts if verdict in VERDICTS]
    if not rows:
        return 0
    new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with open(path, "a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        if new:
            writer.writerow(REVIEW_COLUMNS)
        writer.writerows([category, candidate, verdict, reviewer.strip(), now] for category, candidate, verdict in rows)
    return len(rows)
