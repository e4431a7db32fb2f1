"""Per-document results kept between runs, so that a corpus that grows by a
few documents is not analysed again from the start.

A result is filed under a key: the SHA-256 of the document's text and of
everything else that shapes the result (for ``annotate``: the NLP
pipeline's description with its versions, and the source code of the stage
and of the NLP layer). A changed document, pipeline, version or code gives
another key, so a stale result is never used; what nobody asks for any more
stays until ``samenspraak cache clean``.

The cache lives under ``cache.dir`` in ``params.yaml``, outside DVC's
outputs, so ``dvc repro`` does not remove it. It holds Parquet files, one
per document and table, in folders named after the first two characters of
the key.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


def fingerprint(*parts: Any) -> str:
    """One hash of JSON-able parts (settings, descriptions, versions)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def source_fingerprint(paths: Iterable[Path]) -> str:
    """A hash of source files (a folder: every ``.py`` file below it)."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            digest.update(file.name.encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


class DocumentCache:
    """Tables per document under ``folder``, keyed by text and context."""

    def __init__(self, folder: Path, context: str, tables: tuple[str, ...]):
        self.folder, self.context, self.tables = folder, context, tables
        self.hits = self.misses = 0

    def key(self, text: str) -> str:
        return hashlib.sha256(self.context.encode() + b"\0" + text.encode("utf-8")).hexdigest()

    def _path(self, key: str, table: str) -> Path:
        return self.folder / key[:2] / f"{key}.{table}.parquet"

    def has(self, key: str) -> bool:
        return all(self._path(key, table).exists() for table in self.tables)

    def get(self, key: str) -> dict[str, pa.Table]:
        self.hits += 1
        return {table: pq.read_table(self._path(key, table)) for table in self.tables}

    def put(self, key: str, tables: dict[str, pa.Table]) -> None:
        """Written under a temporary name and renamed: a run killed halfway
        leaves no half-written entry that a later run would trust."""
        self.misses += 1
        for table, data in tables.items():
            path = self._path(key, table)
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f".{uuid.uuid4().hex}.tmp")
            pq.write_table(data, temporary)
            os.replace(temporary, path)

    def get_json(self, key: str) -> Any:
        """A value stored with :meth:`put_json` (the cache's one table holds
        it as a JSON string, which gives back exactly the Python values that
        went in: ints, floats, None)."""
        [blob] = self.get(key)[self.tables[0]].column("json").to_pylist()
        return json.loads(blob)

    def put_json(self, key: str, value: Any) -> None:
        """Keep a JSON-able value under ``key`` (a cache of one table)."""
        self.put(key, {self.tables[0]: pa.table({"json": [json.dumps(value, ensure_ascii=False)]})})


def clean(folder: Path) -> int:
    """Remove the whole cache; returns how many files it held."""
    if not folder.exists():
        return 0
    count = sum(1 for path in folder.rglob("*") if path.is_file())
    shutil.rmtree(folder)
    return count
