"""Writing large Parquet tables in bounded memory: the annotate and detect
stages produce one row per token or marker of the whole corpus, which must
never be held at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq


class RowGroupWriter:
    """Buffer rows column by column and write them as Parquet row groups of
    bounded size, so memory depends on the group size, not the corpus."""

    def __init__(self, path: Path, schema: pa.Schema, metadata: dict[str, str], rows_per_group: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.schema = schema.with_metadata(metadata)
        self.writer = pq.ParquetWriter(path, self.schema, compression="zstd")
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
        self.flush()
        self.writer.close()
