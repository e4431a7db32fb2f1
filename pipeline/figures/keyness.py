"""Keyness: which words set one group of texts apart from another.

For every lemma, the log-likelihood statistic G² (Dunning 1993, in the
two-cell form corpus linguists use, Rayson & Garside 2000) compares how
often it occurs in group A and in group B against what the groups' sizes
would lead one to expect. G² follows a chi-squared distribution with one
degree of freedom under "no difference", which gives the p-value. Beside
it, the relative frequencies (per 10,000 words) and the log ratio (binary
log of the ratio of relative frequencies; +1 means twice as frequent in A)
as the size of the difference: G² says how sure, the log ratio how much.

Used by the explorer's comparison page; the counts come from
``sentence_features.lemma_text``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

PER_WORDS = 10_000
COLUMNS = [
    "term",
    "count_a",
    "count_b",
    "per_10k_a",
    "per_10k_b",
    "log_ratio",
    "g2",
    "p_value",
    "more_in",
]


def lemma_counts(lemma_texts: Iterable[str]) -> Counter:
    """Lemma counts of space-separated lemma strings (empty strings and
    tokens without a letter, such as numbers, are left out)."""
    counts: Counter = Counter()
    for text in lemma_texts:
        counts.update(lemma for lemma in str(text or "").split() if any(ch.isalpha() for ch in lemma))
    return counts


def log_likelihood(a: np.ndarray, b: np.ndarray, total_a: float, total_b: float) -> np.ndarray:
    """G² for counts ``a`` and ``b`` out of group sizes ``total_a`` and
    ``total_b`` (arrays of equal length). A zero count adds nothing."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    together = a + b
    expected_a = total_a * together / (total_a + total_b)
    expected_b = total_b * together / (total_a + total_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_a = np.where(a > 0, a * np.log(a / expected_a), 0.0)
        part_b = np.where(b > 0, b * np.log(b / expected_b), 0.0)
    return 2 * (part_a + part_b)


def chi2_sf_one_df(statistic: np.ndarray) -> np.ndarray:
    """P(X >= x) for chi-squared with one degree of freedom, which is
    erfc(sqrt(x / 2)) exactly. Written out because importing SciPy's
    distributions took the comparison page almost three seconds on its
    first render; a test checks it against ``scipy.stats.chi2.sf``."""
    return np.array([math.erfc(math.sqrt(max(float(x), 0.0) / 2)) for x in np.ravel(statistic)]).reshape(
        np.shape(statistic)
    )


def keyness(
    counts_a: Mapping[str, int],
    counts_b: Mapping[str, int],
    min_count: int = 3,
    total_a: float | None = None,
    total_b: float | None = None,
) -> pd.DataFrame:
    """One row per term that occurs at least ``min_count`` times in the two
    groups together, most distinctive (highest G²) first.

    ``total_a``/``total_b`` are the groups' sizes in words; by default the
    sum of the counts given (pass them when the counts are already cut).
    ``more_in`` is ``"A"`` or ``"B"``: the group where the term is
    relatively more frequent.
    """
    total_a = float(sum(counts_a.values()) if total_a is None else total_a)
    total_b = float(sum(counts_b.values()) if total_b is None else total_b)
    terms = sorted(
        term for term in set(counts_a) | set(counts_b) if counts_a.get(term, 0) + counts_b.get(term, 0) >= min_count
    )
    if not terms or total_a <= 0 or total_b <= 0:
        return pd.DataFrame(columns=COLUMNS)
    a = np.array([counts_a.get(term, 0) for term in terms], dtype=float)
    b = np.array([counts_b.get(term, 0) for term in terms], dtype=float)
    g2 = log_likelihood(a, b, total_a, total_b)
    per_a = PER_WORDS * a / total_a
    per_b = PER_WORDS * b / total_b
    # Half a count for a zero keeps the ratio finite (Hardie's log ratio).
    log_ratio = np.log2((np.maximum(a, 0.5) / total_a) / (np.maximum(b, 0.5) / total_b))
    table = pd.DataFrame(
        {
            "term": terms,
            "count_a": a.astype(int),
            "count_b": b.astype(int),
            "per_10k_a": per_a.round(2),
            "per_10k_b": per_b.round(2),
            "log_ratio": log_ratio.round(3),
            "g2": g2.round(3),
            "p_value": chi2_sf_one_df(g2),
            "more_in": np.where(per_a >= per_b, "A", "B"),
        }
    )
    return table.sort_values(["g2", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)
