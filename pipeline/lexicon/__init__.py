"""The marker lexicon: the codebook's vocabulary as versioned data.

One YAML file per category (see ``corpora/README.md`` and the files in this
folder for the schema). The lexicon's version is the number in ``VERSION``
plus a short hash of every file's content, so any edit, even one the
maintainer forgot to number, gives outputs a different provenance.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

LEXICON_DIR = Path(__file__).resolve().parent
CATEGORIES = {
    "collaboration": "collab",
    "coordination": "register",
    "dialogue": "register",
    "claim": "mode",
    "practice": "mode",
    "reflective": "mode",
}
COMPOUND_POSITIONS = {"none", "head", "modifier", "any"}
ENTRY_KEYS = {"id", "lemmas", "sequence", "max_gap", "compound", "pos", "negative", "gloss", "example"}


class LexiconError(ValueError):
    """A lexicon file breaks the schema; the message names file and entry."""


@dataclass(frozen=True)
class Marker:
    id: str
    category: str
    field: str
    lemmas: tuple[str, ...] = ()
    sequence: tuple[tuple[str, ...], ...] = ()
    max_gap: int = 0
    compound: str = "none"
    pos: tuple[str, ...] = ()
    negative: bool = False
    gloss: str = ""
    example: str = ""


@dataclass(frozen=True)
class Lexicon:
    markers: tuple[Marker, ...]
    version: str

    def by_id(self) -> dict[str, Marker]:
        return {marker.id: marker for marker in self.markers}

    def of_category(self, category: str) -> list[Marker]:
        return [marker for marker in self.markers if marker.category == category]


def _parse_entry(raw: dict, category: str, field: str, where: str) -> Marker:
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    marker_id = str(raw.get("id", ""))
    if not marker_id.startswith(f"{category}."):
        raise LexiconError(f"{where}: id {marker_id!r} must start with '{category}.'")
    lemmas = tuple(str(lemma).lower() for lemma in raw.get("lemmas") or ())
    sequence = tuple(tuple(str(lemma).lower() for lemma in step) for step in raw.get("sequence") or ())
    if bool(lemmas) == bool(sequence):
        raise LexiconError(f"{where} ({marker_id}): give either 'lemmas' or 'sequence'")
    compound = str(raw.get("compound", "none"))
    if compound not in COMPOUND_POSITIONS:
        raise LexiconError(f"{where} ({marker_id}): compound must be one of {sorted(COMPOUND_POSITIONS)}")
    if not raw.get("gloss") or not raw.get("example"):
        raise LexiconError(f"{where} ({marker_id}): every entry needs a gloss and an example")
    return Marker(
        id=marker_id,
        category=category,
        field=field,
        lemmas=lemmas,
        sequence=sequence,
        max_gap=int(raw.get("max_gap", 0)),
        compound=compound,
        pos=tuple(raw.get("pos") or ()),
        negative=bool(raw.get("negative", False)),
        gloss=str(raw["gloss"]),
        example=str(raw["example"]),
    )


def lexicon_files(folder: Path = LEXICON_DIR) -> list[Path]:
    return [folder / f"{category}.yaml" for category in CATEGORIES]


def lexicon_version(folder: Path = LEXICON_DIR) -> str:
    digest = hashlib.sha256()
    for path in lexicon_files(folder):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    number = (folder / "VERSION").read_text(encoding="utf-8").strip() if (folder / "VERSION").exists() else "0"
    return f"{number}+{digest.hexdigest()[:8]}"


def load_lexicon(folder: Path | str = LEXICON_DIR) -> Lexicon:
    """Read and validate every category file of a lexicon folder."""
    folder = Path(folder)
    markers: list[Marker] = []
    for path in lexicon_files(folder):
        if not path.exists():
            raise LexiconError(f"{path}: missing lexicon file")
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        category = data.get("category")
        if category != path.stem:
            raise LexiconError(f"{path}: category {category!r} must equal the file name {path.stem!r}")
        field = CATEGORIES[category]
        if data.get("field") != field:
            raise LexiconError(f"{path}: field must be {field!r} for category {category!r}")
        for n, raw in enumerate(data.get("entries") or [], start=1):
            markers.append(_parse_entry(raw, category, field, f"{path.name} entry {n}"))
    seen: set[str] = set()
    for marker in markers:
        if marker.id in seen:
            raise LexiconError(f"duplicate marker id {marker.id}")
        seen.add(marker.id)
    return Lexicon(tuple(markers), lexicon_version(folder))
