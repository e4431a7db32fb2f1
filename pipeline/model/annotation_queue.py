"""Which sentence an annotator is shown next: uncertainty sampling.

The sentences the model is least sure about teach it most per label. They
are ranked first by the entropy of P(collab) (rounded to three decimals, so
that near-ties fall to the next key), then by the summed entropy of the
register and mode probabilities, then by position. The explorer runs the
ranking in DuckDB over the corpus's Parquet files (:func:`ranking_sql`); a
test states the same policy in pandas and checks that both order a corpus
alike.
"""

from __future__ import annotations

from pipeline.codebook import LABELS

# Probabilities below this count as this, so that log(0) never occurs.
FLOOR = 1e-12
DETAIL_COLUMNS = tuple(f"p_{field}_{label}" for field in ("register", "mode") for label in LABELS[field])


def ranking_sql() -> tuple[str, str, str]:
    """SQL expressions (collab entropy, detail entropy, ORDER BY) over a
    label table with the ``p_*`` columns, ``doc_id`` and ``sent_index``."""
    collab = (
        f"-(p_collab_yes * ln(greatest(p_collab_yes, {FLOOR})) "
        f"+ (1 - p_collab_yes) * ln(greatest(1 - p_collab_yes, {FLOOR})))"
    )
    detail = " + ".join(f"-{p} * ln(greatest({p}, {FLOOR}))" for p in DETAIL_COLUMNS)
    order = "round(collab_entropy, 3) DESC, detail_entropy DESC, doc_id, sent_index"
    return collab, f"({detail})", order
