"""Where every stage's inputs and outputs live, named once.

The stages' ``--option`` defaults, the explorer and the tests use these
names; ``dvc.yaml`` lists the same files (DVC cannot import Python), and a
test checks that both agree. Kept free of imports so that any module can
name a file without depending on the code that writes it (``dvc.yaml``
lists every module a stage imports).
"""

from pathlib import Path

PARAMS = Path("params.yaml")

DATA = Path("data")
DOCUMENTS = DATA / "documents.parquet"
INGEST_REPORT = DATA / "ingest_report.csv"
SENTENCES = DATA / "sentences.parquet"
TOKENS = DATA / "tokens.parquet"
SENTENCE_FEATURES = DATA / "sentence_features.parquet"
EVIDENCE = DATA / "evidence.parquet"
LABELLED_FEATURES = DATA / "labelled_features.parquet"
# Corpus sentences labelled by the lexicon rules for training (empty unless
# train.weak_labels is on); train reads this, not the corpus itself.
WEAK_LABELS = DATA / "weak_labels.parquet"
SENTENCE_LABELS = DATA / "sentence_labels.parquet"
DOCUMENT_SCORES = DATA / "document_scores.parquet"
GROUP_SCORES = DATA / "group_scores.parquet"
# Each document's bootstrap replicates, summed for any group.
BOOTSTRAP = DATA / "bootstrap"
TOPICS = DATA / "topics.json"
DOCUMENT_TOPICS = DATA / "document_topics.parquet"
LEXICON_CANDIDATES = DATA / "lexicon_candidates.csv"

MODELS = Path("models/classifier")
# The manifest of a saved classifier, inside its folder.
MANIFEST = "classifier.json"
# The train stage's cross-validated labels of the training sentences, saved
# beside the models; the score stage learns the classifier's error rates
# from them (pipeline.figures.correction).
OUT_OF_FOLD = "out_of_fold.parquet"

METRICS = Path("metrics")
PLOTS = METRICS / "plots"
# The evaluate stage's figures on the real dev sets (outside the repository).
DEV_METRICS = METRICS / "dev.json"
EXPORTS = Path("exports")


def metrics(stage: str) -> Path:
    """A stage's metrics file (``metrics/<stage>.json``)."""
    return METRICS / f"{stage}.json"


# Corpus files the explorer and the pipeline keep under version control.
LABELLED = Path("corpora/labelled")
ANNOTATIONS = Path("corpora/annotation")
LEXICON_REVIEW = Path("corpora/lexicon_review.csv")
