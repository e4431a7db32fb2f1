"""Read, validate and write labelled sentences (the annotation format).

One JSON object per line: ``id``, ``doc``, ``text``, ``collab`` (yes/no),
``register`` and ``mode`` (null when collab is no), ``annotator`` (optional
when reading: sets labelled elsewhere may not name one). Optional:
``text_type`` (the kind of document the passage comes from: beleidsnota,
jaarverslag, blog, ...) and ``variant`` (``nl`` or ``be``), which let model
selection leave out whole text types. Lines of one ``doc`` are in reading
order. Files written by people (or by the
explorer's annotation page) can contain mistakes; a bad line is reported
with its file and line number and left out, never allowed to stop training.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.codebook import LABELS

REQUIRED_KEYS = ("id", "doc", "text", "collab", "register", "mode", "annotator")
OPTIONAL_KEYS = ("text_type", "variant")
UNKNOWN_TEXT_TYPE = "onbekend"
# The genres the dev sets and most corpus metadata use, per text type.
TEXT_TYPE_GENRE = {
    **dict.fromkeys(
        ("beleidsnota", "raadsvoorstel", "raadsinformatiebrief", "kamerbrief", "convenant", "uitvoeringsplan"), "policy"
    ),
    **dict.fromkeys(("jaarverslag", "evaluatierapport", "rekenkamerrapport"), "report"),
    **dict.fromkeys(("blog", "column", "interview", "nieuwsbericht"), "blog"),
    **dict.fromkeys(("essay", "handboek"), "essay"),
}


@dataclass(frozen=True)
class LabelProblem:
    file: str
    line: int
    message: str


def validate_label(record: dict[str, Any]) -> str | None:
    """The problem with one labelled sentence, or None."""
    missing = [key for key in REQUIRED_KEYS if key not in record and key != "annotator"]
    if missing:
        return f"missing keys {missing}"
    if not str(record["text"]).strip():
        return "empty text"
    if record["collab"] not in LABELS["collab"]:
        return f"collab must be yes or no, not {record['collab']!r}"
    if record["collab"] == "no":
        if record["register"] is not None or record["mode"] is not None:
            return "register and mode must be null when collab is no"
        return None
    if record["register"] not in LABELS["register"]:
        return f"register {record['register']!r} is not one of {LABELS['register']}"
    if record["mode"] not in LABELS["mode"]:
        return f"mode {record['mode']!r} is not one of {LABELS['mode']}"
    return None


def read_labelled(paths: list[Path]) -> tuple[pd.DataFrame, list[LabelProblem]]:
    """One label per sentence (:func:`adjudicate`) from the valid lines of
    the given files, and the problems found: what training reads."""
    frame, problems = read_label_lines(paths)
    return adjudicate(frame), problems


def read_label_lines(paths: list[Path]) -> tuple[pd.DataFrame, list[LabelProblem]]:
    """Every valid label line of the given files, in file and line order
    (a sentence labelled by two annotators twice: agreement needs both),
    and the problems found."""
    rows, problems = [], []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(LabelProblem(path.name, number, f"not JSON: {error.msg}"))
                continue
            if not isinstance(record, dict):
                problems.append(LabelProblem(path.name, number, "not a JSON object"))
                continue
            problem = validate_label(record)
            if problem:
                problems.append(LabelProblem(path.name, number, problem))
                continue
            rows.append(
                {
                    **{key: record.get(key, "") for key in REQUIRED_KEYS},
                    "text_type": record.get("text_type") or UNKNOWN_TEXT_TYPE,
                    "variant": record.get("variant") or "",
                    "source_file": path.name,
                }
            )
    frame = pd.DataFrame(rows, columns=[*REQUIRED_KEYS, *OPTIONAL_KEYS, "source_file"])
    frame["text_genre"] = frame["text_type"].map(TEXT_TYPE_GENRE).fillna("written")
    return frame, problems


def adjudicate(frame: pd.DataFrame) -> pd.DataFrame:
    """One label per sentence id: the most frequent combination among its
    annotators, the first given on a tie. Sentences labelled twice (for
    agreement) must not count twice in training."""
    if frame.empty or not frame["id"].duplicated().any():
        return frame.reset_index(drop=True)
    chosen = []
    for _, group in frame.groupby("id", sort=False):
        combos = Counter(zip(group["collab"], group["register"], group["mode"]))
        best = max(combos.values())
        for _, row in group.iterrows():
            if combos[(row["collab"], row["register"], row["mode"])] == best:
                chosen.append(row)
                break
    return pd.DataFrame(chosen).reset_index(drop=True)


def labels_digest(frame: pd.DataFrame) -> str:
    """Eight hex digits that change whenever a sentence's text or labels
    change, or a sentence is added or removed, and not when the files are
    merely reordered: part of the classifier's version, so that two models
    trained on differently labelled text never share a version (the dev
    evaluation log and the exports name the version)."""
    import hashlib

    columns = ["id", "text", "collab", "register", "mode"]
    rows = frame[columns].sort_values("id", kind="stable")
    data = "\n".join(
        "\t".join("" if pd.isna(value) else str(value) for value in row)
        for row in rows.itertuples(index=False, name=None)
    )
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:8]


def labelled_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.jsonl"))


def annotator_file(folder: Path, annotator: str) -> Path:
    """The file the explorer appends one annotator's labels to; its name
    is derived from the annotator's name, so each keeps their own."""
    slug = re.sub(r"[^a-z0-9]+", "-", annotator.strip().lower()).strip("-")
    if not slug:
        raise ValueError("annotator name is empty")
    return folder / f"explorer-{slug}.jsonl"


def sentence_label(
    annotator: str, doc_id: str, sent_index: int, text: str, collab: str, register: str | None, mode: str | None
) -> dict[str, Any]:
    """One label line for a corpus sentence (``id`` = ``<doc_id>:<sent_index>``);
    register and mode are dropped when the sentence is not about collaboration."""
    return {
        "id": f"{doc_id}:{int(sent_index)}",
        "doc": doc_id,
        "text": text,
        "collab": collab,
        "register": register if collab == "yes" else None,
        "mode": mode if collab == "yes" else None,
        "annotator": annotator.strip(),
    }


def append_labels(path: Path, records: list[dict[str, Any]]) -> None:
    """Append validated labels to an annotation file (used by the explorer)."""
    for record in records:
        problem = validate_label(record) or (None if record.get("annotator") else "annotator is required")
        if problem:
            raise ValueError(f"label for {record.get('id')!r}: {problem}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({key: record[key] for key in REQUIRED_KEYS}, ensure_ascii=False) + "\n")
