"""Render the demo corpus and the broken-inputs example from their sources.

    python corpora/render_demo.py

reads ``corpora/demo/sources/<doc_id>.txt`` (the text, in the mark-up
described in ``corpora/README.md``) and ``<doc_id>.yaml`` (its metadata),
writes each document in its assigned format to ``corpora/demo/files/`` and
the metadata table to ``corpora/demo/metadata.csv``. It also writes
``corpora/broken/``, a folder of damaged and awkward files with a metadata
table, to show (and test) how ingestion reports them. Rendering is
deterministic apart from the timestamps inside PDF and DOCX files, so the
committed files are kept and only re-rendered when a source changes.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from pipeline.tools.render_demo import (  # noqa: E402
    parse_source,
    render_docx,
    render_html,
    render_pdf,
    render_txt,
    write_broken_corpus,
)

SOURCES = HERE / "demo" / "sources"
FILES = HERE / "demo" / "files"
METADATA = HERE / "demo" / "metadata.csv"
COLUMNS = [
    "doc_id",
    "file",
    "title",
    "organisation",
    "organisation_type",
    "genre",
    "subgenre",
    "date",
    "year",
    "author",
    "place",
    "stated_language",
    "format",
    "source",
]
SITES = {
    "gemeente": "{place}.example",
    "ggd": "ggdwaalvallei.example",
    "jeugdzorg": "jeugdzorgoostkust.example",
    "politie": "politie-basisteam.example",
    "woningcorporatie": "woongoed.example",
    "welzijn": "welzijnlindeveen.example",
    "onderwijs": "horizononderwijs.example",
}
# Old web pages still served in Windows-1252: the extractor must honour the
# declared charset.
LEGACY_HTML = {"politie-blog-2015"}
# Some text exports keep paragraphs on one line; most are hard-wrapped.
UNWRAPPED_TXT = {"welzijn-beleidsplan-2022"}


def render_one(meta: dict, source_text: str) -> str:
    document = parse_source(source_text)
    doc_id, kind = meta["doc_id"], meta["format"]
    target = FILES / f"{doc_id}.{kind}"
    header = f"{meta['organisation']} | {meta['title']}"
    if kind == "pdf":
        render_pdf(document, target, header)
    elif kind == "docx":
        render_docx(document, target, header, author=meta.get("author", ""))
    elif kind == "html":
        encoding = "windows-1252" if doc_id in LEGACY_HTML else "utf-8"
        render_html(document, target, meta["organisation"], meta.get("author", ""), str(meta["date"]), encoding)
    elif kind == "txt":
        render_txt(document, target, wrap_width=None if doc_id in UNWRAPPED_TXT else 72)
    else:
        raise ValueError(f"{doc_id}: unknown format {kind}")
    return target.name


def source_url(meta: dict, file_name: str) -> str:
    site = SITES[meta["organisation_type"]].format(place=str(meta.get("place", "")).lower())
    section = "blogs" if meta["genre"] == "blog" else "documenten"
    return f"https://www.{site}/{section}/{file_name}"


def main() -> int:
    FILES.mkdir(parents=True, exist_ok=True)
    rows = []
    for meta_path in sorted(SOURCES.glob("*.yaml")):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        source = (SOURCES / f"{meta['doc_id']}.txt").read_text(encoding="utf-8")
        file_name = render_one(meta, source)
        date = str(meta["date"])
        row = {column: meta.get(column, "") for column in COLUMNS}
        row.update(
            file=file_name,
            date=date,
            year=date[:4],
            stated_language=meta.get("language", ""),
            source=source_url(meta, file_name),
        )
        rows.append(row)
    with open(METADATA, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    write_broken_corpus(HERE / "broken")
    print(f"rendered {len(rows)} documents to {FILES}, metadata to {METADATA}, broken examples to {HERE / 'broken'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
