"""The annotation queue's policy ranks the same in DuckDB (as the explorer
runs it) as in pandas, and puts the most uncertain sentence first."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd

from pipeline.codebook import LABELS
from pipeline.model.annotation_queue import DETAIL_COLUMNS, FLOOR, ranking_sql


def label_table(rows: int = 60, seed: int = 5) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    table = pd.DataFrame({"doc_id": [f"d{i % 4}" for i in range(rows)], "sent_index": range(rows)})
    table["p_collab_yes"] = rng.choice([0.02, 0.5, 0.49, 0.9, 0.999, 0.0], rows)
    for field in ("register", "mode"):
        shares = rng.dirichlet(np.ones(len(LABELS[field])), rows)
        shares[rng.random(rows) < 0.2] = np.eye(len(LABELS[field]))[0]  # certain rows: zero entropy
        for k, label in enumerate(LABELS[field]):
            table[f"p_{field}_{label}"] = shares[:, k]
    return table


def rank(labels: pd.DataFrame) -> pd.DataFrame:
    """The policy restated in pandas: the label table with
    ``collab_entropy`` and ``detail_entropy``, in the order the SQL should give."""
    yes = labels["p_collab_yes"].to_numpy(dtype=float)
    table = labels.copy()
    table["collab_entropy"] = -(yes * np.log(np.maximum(yes, FLOOR)) + (1 - yes) * np.log(np.maximum(1 - yes, FLOOR)))
    detail = labels[list(DETAIL_COLUMNS)].to_numpy(dtype=float)
    table["detail_entropy"] = -(detail * np.log(np.maximum(detail, FLOOR))).sum(axis=1)
    table["_rounded"] = table["collab_entropy"].round(3)
    table = table.sort_values(
        ["_rounded", "detail_entropy", "doc_id", "sent_index"], ascending=[False, False, True, True], kind="stable"
    )
    return table.drop(columns="_rounded").reset_index(drop=True)


def test_duckdb_and_pandas_rank_alike():
    frame = label_table()
    collab, detail, order = ranking_sql()
    by_sql = duckdb.sql(
        f"SELECT doc_id, sent_index, {collab} AS collab_entropy, {detail} AS detail_entropy FROM frame ORDER BY {order}"
    ).df()
    by_pandas = rank(frame)
    assert list(zip(by_sql["doc_id"], by_sql["sent_index"])) == list(zip(by_pandas["doc_id"], by_pandas["sent_index"]))
    np.testing.assert_allclose(by_sql["detail_entropy"], by_pandas["detail_entropy"], atol=1e-9)


def test_the_most_uncertain_sentence_comes_first():
    ranked = rank(label_table())
    # 0.5 and 0.49 have the same entropy to three decimals; detail decides between them
    assert ranked.loc[0, "p_collab_yes"] in (0.5, 0.49)
    assert (ranked["collab_entropy"].diff().dropna().round(3) <= 0.001).all()
