"""Writing the stages' outputs so that no reader ever sees a partial one.

Every output (Parquet, CSV, JSON, a model folder, the export folder) is
written under a hidden temporary name beside its final path and renamed
into place only when it is complete: :func:`atomic_output` for anything,
:class:`RowGroupWriter` for the large Parquet tables. A stage that fails
halfway, by an exception or a kill, therefore never leaves an empty or
half-written file (a 0-row Parquet file looked valid to the next stage run
by hand).

When a stage fails, its previous complete output, if any, is kept as it
was: it is whole and consistent with the inputs it was made from, DVC's
lock shows it to be stale, and ``dvc repro`` removes outputs before it
runs a stage anyway. Removing it instead would destroy hours of work over
a typo. The staging file is removed on an exception; after a kill it stays
behind under its hidden name (``.tokens.tmp-<pid>.parquet``, ignored by
git) and the next write of the same output removes it.

Within one stage the outputs are renamed one after another, at the end,
so a failure leaves either all of them new or all old, but for the
instant between two renames.

The large tables (annotate, detect: one row per token or marker of the
whole corpus) are written in row groups of bounded size, so memory depends
on the group size, not the corpus.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def staging_path(path: Path) -> Path:
    """Where ``path`` is written before it is complete: hidden, in the same
    folder (so the rename cannot cross file systems), named for this
    process, and with the same suffix, for writers that choose a format or
    a compression by it."""
    return path.with_name(f".{path.stem}.tmp-{os.getpid()}{path.suffix}")


def _set_aside_path(path: Path) -> Path:
    """Where a previous output folder waits while the new one is renamed in."""
    return path.with_name(f".{path.stem}.tmp-{os.getpid()}-old{path.suffix}")


@contextlib.contextmanager
def atomic_output(path: Path | str) -> Iterator[Path]:
    """A temporary path to write ``path``'s content to, a file or a folder;
    it becomes ``path`` when the block ends without an exception, and is
    removed when it raises (``path`` then stays as it was). A block that
    writes nothing leaves ``path`` as it was too.

    ::

        with atomic_output(paths.SENTENCE_LABELS) as staging:
            table.to_parquet(staging, index=False)
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_staging(path)
    staging = staging_path(path)
    _remove(staging)
    try:
        yield staging
    except BaseException:
        _remove(staging)
        raise
    _commit(staging, path)


@contextlib.contextmanager
def atomic_outputs(*paths: Path | str) -> Iterator[tuple[Path, ...]]:
    """:func:`atomic_output` for several outputs of one stage: the staging
    paths in the same order; all are renamed into place when the block
    succeeds, none when it raises."""
    with contextlib.ExitStack() as stack:
        yield tuple(stack.enter_context(atomic_output(path)) for path in paths)


def write_text_atomically(path: Path | str, text: str) -> None:
    """``Path(path).write_text(text, encoding="utf-8")``, renamed into
    place whole (and the folder made if needed)."""
    with atomic_output(path) as staging:
        staging.write_text(text, encoding="utf-8")


def remove_stale_staging(path: Path) -> None:
    """Remove what killed writers of ``path`` left: staging files or
    folders named for a process that no longer runs. A live process's are
    left alone, whatever it is."""
    if not path.parent.is_dir():
        return
    pattern = re.compile(rf"\.{re.escape(path.stem)}\.tmp-(\d+)(?:-old)?{re.escape(path.suffix)}")
    for candidate in path.parent.iterdir():
        match = pattern.fullmatch(candidate.name)
        if match and not _running(int(match.group(1))):
            _remove(candidate)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process's own leftovers, from a block that was killed
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _commit(staging: Path, path: Path) -> None:
    """Rename the complete ``staging`` onto ``path``. A file replaces a file
    in one step. A folder cannot replace a folder so: the old one is set
    aside first and removed after, and put back if the rename fails."""
    if not staging.exists() and not staging.is_symlink():
        return
    if not (staging.is_dir() or path.is_dir()):
        os.replace(staging, path)
        return
    aside = _set_aside_path(path)
    _remove(aside)
    had_previous = path.exists() or path.is_symlink()
    if had_previous:
        os.replace(path, aside)
    try:
        os.replace(staging, path)
    except BaseException:
        if had_previous:
            os.replace(aside, path)
        _remove(staging)
        raise
    _remove(aside)


def _remove(path: Path) -> None:
    """Remove a file, a symbolic link (never what it points to) or a folder."""
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    elif path.is_dir():
        shutil.rmtree(path)


class RowGroupWriter:
    """Buffer rows column by column and write them as Parquet row groups of
    bounded size, so memory depends on the group size, not the corpus.

    The rows go to a staging file (:func:`staging_path`) that :meth:`close`
    renames onto ``path`` and :meth:`abort` removes. As a context manager
    it does the one on success and the other on an exception."""

    def __init__(self, path: Path, schema: pa.Schema, metadata: dict[str, str], rows_per_group: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_staging(path)
        self.path, self.staging = path, staging_path(path)
        self.schema = schema.with_metadata(metadata)
        self.writer = pq.ParquetWriter(self.staging, self.schema, compression="zstd")
        self.finished = False
        self.rows_per_group = rows_per_group
        self.columns: dict[str, list[Any]] = {name: [] for name in schema.names}
        self.buffered = 0
        self.count = 0
        self.tables: list[pa.Table] = []

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            for name, values in self.columns.items():
                values.append(row.get(name))
            self.buffered += 1
        if self.buffered >= self.rows_per_group:
            self.flush()

    def add_table(self, table: pa.Table) -> None:
        """Rows that come as an Arrow table (one document's): kept as Arrow
        and flushed by the same rule as :meth:`add`. Do not mix the two on
        one writer."""
        self.tables.append(table)
        self.buffered += table.num_rows
        if self.buffered >= self.rows_per_group:
            self.flush()

    def flush(self) -> None:
        if self.buffered and self.tables:
            table = pa.concat_tables(self.tables).combine_chunks().replace_schema_metadata(self.schema.metadata)
            self.writer.write_table(table)
            self.count += self.buffered
            self.tables, self.buffered = [], 0
        elif self.buffered:
            self.writer.write_table(pa.Table.from_pydict(self.columns, schema=self.schema))
            self.count += self.buffered
            self.columns = {name: [] for name in self.columns}
            self.buffered = 0

    def close(self) -> None:
        """Write what is buffered and put the complete file in place."""
        if self.finished:
            return
        try:
            self.flush()
            self.writer.close()
        except BaseException:
            self.abort()
            raise
        self.finished = True
        _commit(self.staging, self.path)

    def abort(self) -> None:
        """Drop everything written; ``path`` stays as it was."""
        if self.finished:
            return
        self.finished = True
        with contextlib.suppress(Exception):
            self.writer.close()
        _remove(self.staging)

    def __enter__(self) -> RowGroupWriter:
        return self

    def __exit__(self, error_type: type[BaseException] | None, *_: object) -> None:
        if error_type is None:
            self.close()
        else:
            self.abort()
