"""From sentence labels to figures a reader can check: document and group
scores with intervals, correction for classifier error, comparisons,
keyness and annotator agreement."""
