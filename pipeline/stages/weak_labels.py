"""DVC stage ``weak_labels``: the corpus sentences the lexicon labels without
doubt, for the classifier to train on beside the labelled passages
(``train.weak_labels`` in ``params.yaml``; off by default).

Why a stage of its own: ``train`` used to read the corpus's feature table
itself, so it depended on it, and adding one document to the corpus made
``dvc repro`` train the classifier again (minutes, for a model that comes
out the same). Now ``train`` depends on this stage's small table instead.
With weak labels off the table is empty, and byte for byte the same,
whatever the corpus holds: DVC sees an unchanged input and leaves the
model alone. With weak labels on, the table changes with the corpus, and
retraining is then what a changed corpus rightly asks for.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from pipeline import paths
from pipeline.logs import setup_logging
from pipeline.model.training import weak_label_rows
from pipeline.settings import TrainSettings, load_settings
from pipeline.storage import atomic_output

log = logging.getLogger("samenspraak.weak_labels")

# The columns of the table when there are no weak labels: enough for
# ``train`` to read it and see that it is empty.
EMPTY_COLUMNS = ["id", "doc_id", "collab", "register", "mode"]


def weak_table(corpus_features: Path, params: TrainSettings) -> pd.DataFrame:
    """The weakly labelled corpus sentences when ``params.weak_labels`` is
    on and the corpus has a feature table; otherwise an empty table with
    fixed columns (the corpus is not read at all)."""
    if params.weak_labels and corpus_features.exists():
        return weak_label_rows(corpus_features, params).reset_index(drop=True)
    return pd.DataFrame({column: pd.Series(dtype="object") for column in EMPTY_COLUMNS})


def main(argv: list[str] | None = None) -> int:
    """``samenspraak weak-labels``: write ``data/weak_labels.parquet``."""
    parser = argparse.ArgumentParser(prog="samenspraak weak-labels", description=__doc__.split("\n")[0])
    parser.add_argument("--params", default=str(paths.PARAMS))
    parser.add_argument("--corpus-features", default=str(paths.SENTENCE_FEATURES))
    parser.add_argument("--out", default=str(paths.WEAK_LABELS))
    args = parser.parse_args(argv)
    setup_logging()

    params = load_settings(args.params).train
    table = weak_table(Path(args.corpus_features), params)
    with atomic_output(args.out) as staging:
        table.to_parquet(staging, index=False)
    if params.weak_labels:
        log.info("%d corpus sentences weakly labelled by the lexicon", len(table))
    else:
        log.info("weak labels off (train.weak_labels): empty table, the classifier does not depend on the corpus")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
