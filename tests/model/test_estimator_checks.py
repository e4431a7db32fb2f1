"""scikit-learn's own estimator checks for the project's estimators, and
the same properties checked on real sentence tables.

The estimators read columns of the sentence table *by name* (a rule reads
``m_coordination``, a context window groups by ``doc_id``), so they take a
DataFrame and refuse a bare array in words. scikit-learn's generic checks
feed random NumPy arrays; the checks that need that are listed below as
expected failures, each for that reason, and their properties (fit returns
self, refitting changes nothing, order and subsets do not change a row's
output, pickling, unfitted use is refused, column names are checked) are
tested on a feature table instead. The API checks that do not need arrays
(parameters, cloning, tags, ``__init__``) run as they are.
"""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import parametrize_with_checks

from pipeline.features.table import MARKER_COLUMNS, NUMERIC_COLUMNS
from pipeline.model.estimators import ContextWindow, DocumentProfile, LexiconVotes, PriorDiscount, RuleBaseline

ARRAYS = "reads named columns of the sentence table; the check passes a bare NumPy array"
NEED_ARRAYS = [
    "check_complex_data",
    "check_dict_unchanged",
    "check_dont_overwrite_parameters",
    "check_dtype_object",
    "check_estimator_sparse_array",
    "check_estimator_sparse_matrix",
    "check_estimator_sparse_tag",
    "check_estimators_dtypes",
    "check_estimators_empty_data_messages",
    "check_estimators_fit_returns_self",
    "check_estimators_nan_inf",
    "check_estimators_overwrite_params",
    "check_estimators_pickle",
    "check_f_contiguous_array_estimator",
    "check_fit1d",
    "check_fit2d_1feature",
    "check_fit2d_1sample",
    "check_fit2d_predict1d",
    "check_fit_check_is_fitted",
    "check_fit_idempotent",
    "check_fit_score_takes_y",
    "check_methods_sample_order_invariance",
    "check_methods_subset_invariance",
    "check_n_features_in",
    "check_n_features_in_after_fitting",
    "check_pipeline_consistency",
    "check_positive_only_tag_during_fit",
    "check_readonly_memmap_input",
]
TRANSFORMER = ["check_transformer_data_not_an_array", "check_transformer_general", "check_transformer_preserve_dtypes"]
CLASSIFIER = [
    "check_classifier_data_not_an_array",
    "check_classifiers_classes",
    "check_classifiers_one_label",
    "check_classifiers_regression_target",
    "check_classifiers_train",
    "check_requires_y_none",
    "check_supervised_y_2d",
    "check_supervised_y_no_nan",
]
ESTIMATORS = [ContextWindow(), DocumentProfile(), LexiconVotes(), RuleBaseline("register")]


def expected_failures(estimator) -> dict[str, str]:
    extra = CLASSIFIER if isinstance(estimator, RuleBaseline) else TRANSFORMER
    return {name: ARRAYS for name in NEED_ARRAYS + extra}


@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failures)
def test_scikit_learn_checks(estimator, check):
    check(estimator)


def sentence_table(rows: int = 40, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({column: rng.poisson(0.6, rows) for column in NUMERIC_COLUMNS})
    frame["doc_id"] = [f"d{i // 7}" for i in range(rows)]
    frame["sent_index"] = [i % 7 for i in range(rows)]
    return frame


def output(estimator, frame: pd.DataFrame) -> np.ndarray:
    result = estimator.predict(frame) if isinstance(estimator, RuleBaseline) else estimator.transform(frame)
    return np.asarray(result)


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_the_same_properties_on_a_sentence_table(estimator):
    frame = sentence_table()
    fitted = clone(estimator)
    assert fitted.fit(frame) is fitted
    first = output(fitted, frame)
    assert len(first) == len(frame)
    np.testing.assert_array_equal(output(clone(estimator).fit(frame).fit(frame), frame), first)
    np.testing.assert_array_equal(output(pickle.loads(pickle.dumps(fitted)), frame), first)
    assert fitted.n_features_in_ == frame.shape[1]
    if not isinstance(estimator, ContextWindow):  # a context window's output depends on the neighbours
        order = np.random.default_rng(0).permutation(len(frame))
        np.testing.assert_array_equal(output(fitted, frame.iloc[order]), first[order])
    if not isinstance(estimator, ContextWindow | DocumentProfile):  # ... and a profile on the whole document
        np.testing.assert_array_equal(output(fitted, frame.iloc[:9]), first[:9])


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_unfitted_use_bare_arrays_and_other_columns_are_refused(estimator):
    frame = sentence_table()
    with pytest.raises(NotFittedError):
        output(clone(estimator), frame)
    with pytest.raises(TypeError, match="named columns"):
        clone(estimator).fit(frame.to_numpy())
    with pytest.raises(ValueError, match="0 sample"):
        clone(estimator).fit(frame.iloc[:0])
    fitted = clone(estimator).fit(frame)
    with pytest.raises(ValueError, match="feature names"):
        output(fitted, frame.rename(columns={MARKER_COLUMNS[0]: "something_else"}))


@parametrize_with_checks([PriorDiscount(LogisticRegression(max_iter=500), discount=0.5)])
def test_prior_discount_passes_every_scikit_learn_check(estimator, check):
    """PriorDiscount takes whatever its inner classifier takes, arrays
    included, so it must pass scikit-learn's checks without exceptions."""
    check(estimator)
