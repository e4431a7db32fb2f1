"""Load the trained classifier and label sentence feature tables.

The three field models are stored with ``skops`` (no pickle: a model file
from elsewhere cannot run code on load). Loading trusts only types from
scikit-learn, NumPy, SciPy and this package's own estimators, and refuses a
file that needs anything else.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import skops.io as sio
from sklearn.base import BaseEstimator
from skops.io.exceptions import UntrustedTypesFoundException

from pipeline.codebook import FIELDS, LABELS
from pipeline.lexicon import lexicon_files
from pipeline.model.estimators import decide
from pipeline.paths import MANIFEST

TRUSTED_PREFIXES = ("sklearn.", "numpy.", "scipy.", "builtins.", "pipeline.model.", "collections.")
LEXICON_COPY = "lexicon"


def classifier_version(lexicon_version: str, seed: int, sentences: int, labels: str, settings: dict[str, Any]) -> str:
    """The name a trained classifier goes by in the dev evaluation log,
    the manifest and every export: lexicon version, seed, number of
    sentences trained on, the labels' digest, and eight hex digits of the
    training settings. Without the last part, two models trained on the
    same labels with different feature groups or regularisation shared a
    name, and the log could not tell their evaluations apart."""
    import hashlib

    digest = hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:8]
    return f"{lexicon_version}-{seed}-{sentences}-{labels}-{digest}"


def save_models(models: dict[str, Any], folder: Path, manifest: dict[str, Any], lexicon_dir: Path) -> None:
    """Store the models with a copy of the lexicon they were trained with:
    their marker features mean nothing with another one.

    Each model is slimmed first (:func:`slimmed`), and the exact types each
    file needs are recorded in the manifest (``skops_types``), so that
    loading can check and build the file in one pass instead of two."""
    folder.mkdir(parents=True, exist_ok=True)
    types = {}
    for field, model in models.items():
        data = sio.dumps(slimmed(model))
        (folder / f"{field}.skops").write_bytes(data)
        types[field] = sorted(sio.get_untrusted_types(data=data))
    copy = folder / LEXICON_COPY
    copy.mkdir(exist_ok=True)
    for path in lexicon_files(lexicon_dir) + [lexicon_dir / "VERSION"]:
        if path.exists():
            (copy / path.name).write_bytes(path.read_bytes())
    manifest = {**manifest, "skops_types": types}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def slimmed(model: Any) -> Any:
    """``model`` with every fitted text vectorizer's vocabulary mapping to
    Python ints, changed in place. scikit-learn leaves NumPy integers there
    after ``min_df``/``max_features`` pruning; skops writes each as an array
    file of its own and reads each back through the type audit, so a
    30,000-term vocabulary made a 57 MB file that took 7 s to load (2.5 s
    after this). Predictions do not change: the indices are the same
    numbers. ``stop_words_`` (the pruned terms, only kept for inspection)
    is dropped, as scikit-learn's documentation allows."""
    seen: set[int] = set()

    def visit(value: Any) -> None:
        if id(value) in seen:
            return
        seen.add(id(value))
        if isinstance(value, dict):
            for item in value.values():
                visit(item)
        elif isinstance(value, list | tuple):
            for item in value:
                visit(item)
        elif isinstance(value, BaseEstimator):
            vocabulary = getattr(value, "vocabulary_", None)
            if isinstance(vocabulary, dict):
                value.vocabulary_ = {term: int(index) for term, index in vocabulary.items()}
            if hasattr(value, "stop_words_"):
                del value.stop_words_
            for item in vars(value).values():
                visit(item)

    visit(model)
    return model


def load_model(path: Path, known_types: list[str] | None = None) -> Any:
    """The model in ``path``, built only from trusted types.

    ``known_types`` (the manifest's list for this file) lets skops check
    and build the file in one pass; they are trusted only where they fall
    under :data:`TRUSTED_PREFIXES`. A file that needs another type, or a
    manifest without the list, takes the full check: list the file's types,
    refuse any outside the prefixes, then load."""
    if known_types:
        trusted = [name for name in known_types if name.startswith(TRUSTED_PREFIXES)]
        try:
            return sio.load(path, trusted=trusted)
        except UntrustedTypesFoundException:
            pass
    untrusted = sio.get_untrusted_types(file=path)
    refused = [name for name in untrusted if not name.startswith(TRUSTED_PREFIXES)]
    if refused:
        raise ValueError(f"{path} needs types this program does not trust: {refused}")
    return sio.load(path, trusted=untrusted)


@dataclass
class SentenceClassifier:
    models: dict[str, Any]
    manifest: dict[str, Any]
    lexicon_dir: Path | None = None

    @classmethod
    def load(cls, folder: Path | str) -> SentenceClassifier:
        folder = Path(folder)
        if not (folder / MANIFEST).exists():
            raise FileNotFoundError(
                f"no trained classifier in {folder}: run `dvc repro train` first, or pass the folder of one"
            )
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        known = manifest.get("skops_types", {})
        models = {field: load_model(folder / f"{field}.skops", known.get(field)) for field in FIELDS}
        lexicon_dir = folder / LEXICON_COPY
        return cls(models, manifest, lexicon_dir if lexicon_dir.is_dir() else None)

    def predict(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Labels and the probability of every label for each row.

        ``p_register_*`` and ``p_mode_*`` are conditional on collaboration;
        ``register`` and ``mode`` are filled only where ``collab`` is yes,
        as the codebook has it.
        """
        result = pd.DataFrame(index=frame.index)
        for field in FIELDS:
            model = self.models[field]
            probabilities = model.predict_proba(frame) if len(frame) else np.zeros((0, len(LABELS[field])))
            classes = list(model.classes_)
            for label in LABELS[field]:
                column = probabilities[:, classes.index(label)] if label in classes else np.zeros(len(frame))
                result[f"p_{field}_{label}"] = np.round(column, 4)
            result[field] = decide(model, probabilities) if len(frame) else []
        not_collab = (result["collab"] != "yes").to_numpy()
        for field in ("register", "mode"):
            # object dtype, so that 'no label' stays None (JSON null), not NaN
            result[field] = pd.Series(
                np.where(not_collab, None, result[field].to_numpy(dtype=object)), index=result.index, dtype=object
            )
        return result

    def labels_from(self, field: str, probabilities: pd.DataFrame) -> np.ndarray:
        """The label the field's model decides on for each row of a table of
        its probabilities (``p_<field>_<label>`` columns), whatever
        ``collab`` says: register and mode of sentences known to be about
        collaboration, as the dev evaluation needs them."""
        model = self.models[field]
        matrix = np.column_stack([probabilities[f"p_{field}_{label}"].to_numpy() for label in model.classes_])
        return decide(model, matrix) if len(probabilities) else np.array([], dtype=object)

    def predict_corpus(
        self, frame: pd.DataFrame, prior_adaptation: str = "none"
    ) -> tuple[pd.DataFrame, dict[str, Any]]:
        """:meth:`predict` for a whole corpus, with the label priors
        re-estimated on it when ``prior_adaptation`` is ``"em"`` (see
        :mod:`pipeline.model.priors`); also what was done, for provenance."""
        labels = self.predict(frame)
        if prior_adaptation == "none":
            return labels, {"method": "none"}
        if prior_adaptation != "em":
            raise ValueError(f"classify.prior_adaptation must be none or em, not {prior_adaptation!r}")
        trained = self.manifest.get("training_priors")
        if not trained:
            raise ValueError("this classifier was saved without its training priors: run `dvc repro train` again")
        from pipeline.model.priors import adapt_to_corpus

        adapted, found = adapt_to_corpus(labels, trained)
        return adapted, {"method": "em", "training_priors": trained, "corpus_priors": found}
