"""``samenspraak label-agreement``: how far the two independent annotators
of the labelled passages agreed before adjudication (Cohen's kappa per
field), so that the classifier's figures can be read against it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pandas as pd

from pipeline.figures.agreement import annotation_roles, role_agreement


def main(argv: list[str] | None = None) -> int:
    """``samenspraak label-agreement``: Cohen's kappa between the two
    independent annotations of the project's labelled passages, before
    adjudication, written to ``metrics/label_agreement.json``."""
    parser = argparse.ArgumentParser(prog="samenspraak label-agreement", description=main.__doc__.split("\n")[0])
    parser.add_argument("--annotations", default="corpora/annotation")
    parser.add_argument("--out", default="metrics/label_agreement.json")
    args = parser.parse_args(argv)
    table = role_agreement(annotation_roles(args.annotations))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(table.to_dict(orient="records"), indent=2) + "\n", encoding="utf-8")
    with pd.option_context("display.width", 120, "display.max_rows", 200):
        print(table.round(3).to_string(index=False))
    return 0
