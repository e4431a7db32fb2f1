"""Every setting of the pipeline, typed, with its default written once.

``params.yaml`` is read into :class:`Settings`; a key that is not defined
here, or a value of the wrong type or out of range, stops the run with a
message that names the key (``score.bootstrap_sample: unknown setting``),
instead of being ignored while its default is used. Stages, the explorer
and the tests all read settings through :func:`load_settings`; library
functions take the section they need (``ScoreSettings``, ...) and accept a
plain mapping too, validated the same way, so that a test or a notebook can
write ``{"seed": 3}``.

DVC still reads ``params.yaml`` itself to decide which stage a change
concerns; the defaults here only matter for a key the file leaves out, and
they are the values the file ships with (a test checks that they agree).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from pipeline.paths import PARAMS

FeatureGroup = Literal["lemma_words", "lemma_chars", "markers", "lexicon_votes", "counts", "document_profile"]
ALL_FEATURE_GROUPS: list[FeatureGroup] = [
    "lemma_words",
    "lemma_chars",
    "markers",
    "lexicon_votes",
    "counts",
    "document_profile",
]


class SettingsError(ValueError):
    """params.yaml (or a mapping given in its place) does not describe a
    valid configuration; the message names every offending key."""


class Section(BaseModel):
    """A part of the configuration: unknown keys are errors, values are
    checked and converted, and nothing is changed after reading."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def of(cls, value: Self | Mapping[str, Any] | None) -> Self:
        """The section itself, or one validated from a mapping (``None``
        gives the defaults)."""
        if isinstance(value, cls):
            return value
        try:
            return cls.model_validate(dict(value or {}))
        except ValidationError as error:
            raise SettingsError(describe(error, cls.__name__)) from None


class CorpusSettings(Section):
    dir: Path = Path("corpora/demo/files")
    metadata: Path = Path("corpora/demo/metadata.csv")


class IngestSettings(Section):
    n_jobs: int = Field(2, ge=1)
    max_file_mb: float = Field(50, gt=0)
    # Zipped formats (DOCX, ODT): the members' declared total once unpacked,
    # and its ratio to the packed size (a zip bomb packs gigabytes in megabytes).
    max_unpacked_mb: float = Field(100, gt=0)
    max_compression_ratio: float = Field(100, gt=1)
    # Longer documents are reported and skipped: memory and time per document
    # stay bounded whatever a file unpacks to (an annual report has ~100k words).
    max_words: int = Field(2_000_000, ge=1)
    min_words: int = Field(25, ge=0)
    # The metadata's genre column is checked against these (an unknown genre
    # is reported, not refused: groups by genre would split on a typo). Empty: no check.
    genres: tuple[str, ...] = ("beleid", "rapport", "blog", "essay", "nieuws", "interview", "column", "handboek")
    keep_non_dutch: bool = False
    language_candidates: tuple[str, ...] = ("nl", "en", "de", "fr", "fy", "af", "tr", "ar", "pl", "es", "it", "pt")
    near_duplicate_threshold: float = Field(0.8, gt=0, le=1)
    exclude_duplicates: bool = True


class NlpSettings(Section):
    model: str = "default"
    batch_size: int = Field(32, ge=1)
    n_process: int = Field(2, ge=1)
    # Longer texts are analysed in pieces, cut at blank lines (spaCy refuses
    # a Doc of more than a million characters; memory grows with the piece).
    max_piece_chars: int = Field(100_000, ge=1_000, le=900_000)


class EngineSettings(Section):
    """Where per-document work runs (:mod:`pipeline.engine`)."""

    kind: Literal["local", "dask"] = "local"
    # dask without an address: a LocalCluster with this many worker processes.
    workers: int = Field(2, ge=1)
    # dask: the address of a running scheduler (tcp://host:8786); null: a LocalCluster.
    address: str | None = None
    partition_documents: int = Field(8, ge=1)


class CacheSettings(Section):
    """Per-document results kept between runs (:mod:`pipeline.cache`)."""

    dir: Path = Path(".samenspraak-cache")
    enabled: bool = True


class LexiconSettings(Section):
    dir: Path = Path("pipeline/lexicon")


class ModelSettings(Section):
    """The estimator of one codebook field (:func:`pipeline.model.estimators.build_classifier`)."""

    C: float = Field(2.0, gt=0)  # chosen by leaving genres out (params.yaml, README)
    vote_scale: float = Field(10.0, ge=0)
    min_df: int = Field(2, ge=1)
    max_char_features: int = Field(30000, ge=1)
    calibration_folds: int = Field(3, ge=2)
    context_width: int = Field(1, ge=0)
    class_weight: Literal["balanced", "none"] | None = "balanced"
    features: dict[Literal["collab", "register", "mode"], list[FeatureGroup]] = Field(
        default_factory=lambda: {field: list(ALL_FEATURE_GROUPS) for field in ("collab", "register", "mode")}
    )
    # How much of the training priors the label decision discounts, per
    # field: 0 is the plain most probable label, 1 treats every label as
    # equally likely (pipeline.model.estimators.PriorDiscount).
    prior_discount: dict[Literal["collab", "register", "mode"], float] = Field(
        default_factory=lambda: {"register": 0.3}
    )

    @field_validator("prior_discount")
    @classmethod
    def _discount_in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for field, discount in value.items():
            if not 0.0 <= discount <= 1.0:
                raise ValueError(f"prior_discount.{field} must be between 0 and 1, not {discount}")
        return value


class TrainSettings(Section):
    labelled_dir: Path = Path("corpora/labelled")
    seed: int = 13
    heldout_share: float = Field(0.2, gt=0, lt=1)
    cv_folds: int = Field(5, ge=2)
    cv_groups: Literal["text_type", "doc_id"] = "text_type"
    # Processes for the fits (cross-validation folds x fields, then the fields).
    n_jobs: int = Field(2, ge=1)
    weak_labels: bool = False
    weak_min_markers: int = Field(2, ge=1)
    weak_weight: float = Field(0.3, gt=0)
    model: ModelSettings = Field(default_factory=ModelSettings)


class ClassifySettings(Section):
    prior_adaptation: Literal["none", "em"] = "none"


class DevSetSettings(Section):
    sentences: Path
    documents: Path | None = None
    genre: str | None = None


class EvaluateSettings(Section):
    dev_sets: dict[str, DevSetSettings] = Field(
        default_factory=lambda: {
            "dev": DevSetSettings(sentences=Path("../shared/eval/dev.jsonl"), genre="blog"),
            "dev2": DevSetSettings(
                sentences=Path("../shared/eval/dev2.jsonl"), documents=Path("../shared/eval/dev2-documents.jsonl")
            ),
        }
    )


class CorrectionSettings(Section):
    """How the corrected counts are drawn (:mod:`pipeline.figures.correction`)."""

    # Labels below this probability are counted apart, as unsure.
    confidence_cut: float = Field(0.75, ge=0, le=1)
    # Gibbs sweeps per replicate.
    sweeps: int = Field(6, ge=1)
    # x the between-text-type variance of the error rates (1 trusts it as measured).
    error_rate_spread: float = Field(2.0, ge=0)
    # Documents corrected at once: bounds the memory of a replicate block.
    chunk_documents: int = Field(256, ge=1)
    resample_sentences: bool = True


class ScoreSettings(Section):
    correction: bool = True
    correction_settings: CorrectionSettings = Field(default_factory=CorrectionSettings)
    min_sentences: int = Field(5, ge=0)
    max_interval_width: float = Field(1.0, gt=0)
    use_probabilities: bool = True
    bootstrap_samples: int = Field(1000, ge=1)
    confidence: float = Field(0.95, gt=0, lt=1)
    seed: int = 7
    group_by: list[str] = Field(
        default_factory=lambda: ["organisation", "organisation_type", "genre", "subgenre", "year"]
    )


class TopicsSettings(Section):
    num_topics: int = Field(8, ge=1)
    passes: int = Field(20, ge=1)
    seed: int = 11
    workers: int = Field(2, ge=1)
    chunksize: int = Field(2000, ge=1)
    phrases_min_count: int = Field(3, ge=1)
    phrases_threshold: float = Field(10.0, gt=0)
    min_document_frequency: int = Field(2, ge=1)
    max_document_share: float = Field(0.6, gt=0, le=1)
    top_terms: int = Field(12, ge=1)
    coherence_sample_documents: int = Field(2000, ge=1)
    w2v_vector_size: int = Field(100, ge=1)
    w2v_window: int = Field(5, ge=1)
    w2v_min_count: int = Field(3, ge=1)
    w2v_epochs: int = Field(30, ge=1)
    candidates_per_category: int = Field(25, ge=0)


class LicenseSettings(Section):
    name: str = "GPL-3.0-or-later"
    path: str = "https://www.gnu.org/licenses/gpl-3.0.html"
    title: str = "GNU General Public License v3.0 or later"


class ExportSettings(Section):
    name: str = "samenspraak-exports"
    title: str = "Samenspraak: sentences, labels and figures"
    license: LicenseSettings = Field(default_factory=LicenseSettings)
    # Rows per file that frictionless reads back to check the written files
    # against datapackage.json (null: all). Every row is checked anyway, with
    # Arrow; frictionless reads rows through Python and would cost more than
    # the rest of the pipeline on a large corpus.
    validate_rows: int | None = Field(default=5000, ge=1)


class Settings(Section):
    """The whole of ``params.yaml``."""

    corpus: CorpusSettings = Field(default_factory=CorpusSettings)
    ingest: IngestSettings = Field(default_factory=IngestSettings)
    nlp: NlpSettings = Field(default_factory=NlpSettings)
    engine: EngineSettings = Field(default_factory=EngineSettings)
    cache: CacheSettings = Field(default_factory=CacheSettings)
    lexicon: LexiconSettings = Field(default_factory=LexiconSettings)
    train: TrainSettings = Field(default_factory=TrainSettings)
    classify: ClassifySettings = Field(default_factory=ClassifySettings)
    evaluate: EvaluateSettings = Field(default_factory=EvaluateSettings)
    score: ScoreSettings = Field(default_factory=ScoreSettings)
    topics: TopicsSettings = Field(default_factory=TopicsSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)


def describe(error: ValidationError, where: str) -> str:
    """One line per problem, each naming the key as a dotted path."""
    lines = []
    for problem in error.errors():
        key = ".".join(str(part) for part in problem["loc"]) or "(top level)"
        if problem["type"] == "extra_forbidden":
            lines.append(f"{where}: {key}: unknown setting")
        else:
            lines.append(f"{where}: {key}: {problem['msg']} (got {problem.get('input')!r})")
    return "\n".join(lines)


def read_params(path: Path | str = PARAMS) -> dict[str, Any]:
    """``params.yaml`` as written, for provenance (every key, as the user gave it)."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    if not isinstance(raw, dict):
        raise SettingsError(f"{path}: expected a mapping of sections, found {type(raw).__name__}")
    return raw


def load_settings(path: Path | str = PARAMS) -> Settings:
    """The validated settings of ``path``; a :class:`SettingsError` names
    every unknown or invalid key."""
    raw = read_params(path)
    try:
        return Settings.model_validate(raw)
    except ValidationError as error:
        raise SettingsError(describe(error, str(path))) from None
