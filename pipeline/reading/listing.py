"""List what is in a corpus folder without ever reading outside it.

A corpus folder is whatever an analyst or a download script put there, so
it may hold symbolic links (to ``/etc/passwd``, to a colleague's folder, to
each other in a loop), hidden files, named pipes and names stored in
another Unicode normalisation than the metadata's. Every entry becomes one
:class:`CorpusEntry`: a file to read, or a reason why it is not read. Only
paths that resolve inside the folder are ever handed to a reader; a link
inside the folder is followed once, to the file it resolves to, and links
to folders are not followed at all (their files are listed where they live,
or refused when they live elsewhere).
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipeline.reading.metadata import normalise_name


@dataclass(frozen=True)
class CorpusEntry:
    """``relative``: the entry's name under the corpus folder (NFC, '/'),
    as metadata names it. ``path``: the resolved file to read when
    ``status`` is 'ok'; otherwise ``status`` is 'skipped' or 'failed' and
    ``reason`` says why in Dutch."""

    relative: str
    path: Path | None
    status: str = "ok"
    reason: str = ""
    detail: str = ""


def list_corpus(corpus_dir: Path, skip: Path | None = None) -> list[CorpusEntry]:
    """Every entry under ``corpus_dir`` except ``skip`` (the metadata table),
    in a stable order."""
    root = corpus_dir.resolve()
    skip_resolved = skip.resolve() if skip is not None else None
    entries: list[CorpusEntry] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        here = Path(folder)
        dirs.sort()
        kept = []
        for name in dirs:
            relative = normalise_name((here / name).relative_to(root).as_posix())
            if (here / name).is_symlink():
                entries.append(_link_to_folder(here / name, relative, root))
            elif name.startswith("."):
                count = sum(len(f) for _, _, f in os.walk(here / name, followlinks=False))
                entries.append(
                    CorpusEntry(relative + "/", None, "skipped", "verborgen map overgeslagen", f"{count} bestand(en)")
                )
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            path = here / name
            if skip_resolved is not None and path == skip_resolved:
                continue
            entries.append(_entry(path, normalise_name(path.relative_to(root).as_posix()), root, skip_resolved))
    return sorted(entries, key=lambda e: e.relative)


def _entry(path: Path, relative: str, root: Path, skip: Path | None) -> CorpusEntry:
    if any(part.startswith(".") for part in Path(relative).parts):
        return CorpusEntry(relative, None, "skipped", "verborgen bestand overgeslagen")
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError):
            return CorpusEntry(relative, None, "failed", "koppeling zonder bestaand doel (kapot of in een kring)")
        if not target.is_relative_to(root):
            return CorpusEntry(relative, None, "skipped", "koppeling wijst buiten de corpusmap en wordt niet gelezen")
        if target == skip:
            return CorpusEntry(relative, None, "skipped", "koppeling naar het metadatabestand")
        if any(part.startswith(".") for part in target.relative_to(root).parts):
            return CorpusEntry(relative, None, "skipped", "koppeling naar een verborgen bestand")
        path = target
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return CorpusEntry(relative, None, "failed", "bestand niet te openen", f"{type(error).__name__}: {error}")
    if not stat.S_ISREG(mode):
        return CorpusEntry(relative, None, "skipped", "geen gewoon bestand (pijp, apparaat of socket)")
    return CorpusEntry(relative, path)


def _link_to_folder(path: Path, relative: str, root: Path) -> CorpusEntry:
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return CorpusEntry(relative + "/", None, "failed", "koppeling zonder bestaand doel (kapot of in een kring)")
    if not target.is_relative_to(root):
        return CorpusEntry(relative + "/", None, "skipped", "koppeling naar een map buiten de corpusmap; niet gelezen")
    return CorpusEntry(
        relative + "/", None, "skipped", "koppeling naar een map in de corpusmap; die bestanden staan er al"
    )
