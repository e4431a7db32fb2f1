"""``samenspraak label-agreement``: how far the two independent annotators
of the labelled passages agreed before adjudication (Cohen's kappa per
field), so that the classifier's figures can be read against it.

Each annotation round is a folder: ``corpora/annotation`` holds the first
(all three fields), each subfolder a later round that re-annotated some
fields under revised rules (``revision2``: register and mode of the
collaboration sentences; ``revision3``: collab of every sentence;
``written-revision3``: batches written later, all three fields annotated
under the third round's rules). Rounds are reported apart, because their
annotators applied different rules.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from pipeline.figures.agreement import annotation_roles, role_agreement


def round_agreement(folder: Path) -> pd.DataFrame:
    """Kappa per batch and field for the folder's own files and for each
    subfolder that holds annotations, with a ``round`` column (``first``,
    or the subfolder's name)."""
    tables = []
    for name, path in [("first", folder)] + [(sub.name, sub) for sub in sorted(folder.iterdir()) if sub.is_dir()]:
        roles = annotation_roles(path)
        if roles.empty:
            continue
        table = role_agreement(roles)
        if name != "first":
            # A round that kept the final collab label (both files say yes
            # throughout) did not re-annotate it: nothing to compare.
            table = table[~((table["field"] == "collab") & (table["agreement"] == 1.0) & table["kappa"].isna())]
        table.insert(0, "round", name)
        tables.append(table)
    return pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()


def main(argv: list[str] | None = None) -> int:
    """``samenspraak label-agreement``: Cohen's kappa between the two
    independent annotations of the project's labelled passages, before
    adjudication, per annotation round, written to
    ``metrics/label_agreement.json``."""
    parser = argparse.ArgumentParser(prog="samenspraak label-agreement", description=main.__doc__.split("\n")[0])
    parser.add_argument("--annotations", default="corpora/annotation")
    parser.add_argument("--out", default="metrics/label_agreement.json")
    args = parser.parse_args(argv)
    table = round_agreement(Path(args.annotations))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(table.to_dict(orient="records"), indent=2) + "\n", encoding="utf-8")
    with pd.option_context("display.width", 120, "display.max_rows", 400):
        print(table.round(3).to_string(index=False))
    return 0
