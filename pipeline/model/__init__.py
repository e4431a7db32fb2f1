"""The sentence classifier: label files, estimators, training and
cross-validation, the saved model, label priors, and the metrics it is
judged by."""
