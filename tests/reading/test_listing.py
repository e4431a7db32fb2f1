"""Listing a corpus folder: links are resolved and refused when they leave
the folder, hidden files and pipes are reported, nothing is read."""

from __future__ import annotations

import os
import unicodedata

from pipeline.reading.listing import list_corpus


def test_every_entry_is_listed_once_and_nothing_leaves_the_folder(tmp_path):
    corpus, outside = tmp_path / "corpus", tmp_path / "buiten"
    (corpus / "map").mkdir(parents=True)
    outside.mkdir()
    (outside / "geheim.txt").write_text("geheim", encoding="utf-8")
    (corpus / "map" / "tekst.txt").write_text("tekst", encoding="utf-8")
    (corpus / "metadata.csv").write_text("doc_id,file\n", encoding="utf-8")
    (corpus / ".verborgen.txt").write_text("x", encoding="utf-8")
    (corpus / unicodedata.normalize("NFD", "café.txt")).write_text("x", encoding="utf-8")
    os.symlink(outside / "geheim.txt", corpus / "naar-buiten.txt")
    os.symlink(corpus / "map" / "tekst.txt", corpus / "naar-binnen.txt")
    os.symlink(corpus / "a.txt", corpus / "b.txt")
    os.symlink(corpus / "b.txt", corpus / "a.txt")
    os.symlink(outside, corpus / "map-buiten")
    os.symlink(corpus / "map", corpus / "map-binnen")
    os.mkfifo(corpus / "pijp")

    entries = {e.relative: e for e in list_corpus(corpus, skip=corpus / "metadata.csv")}

    assert set(entries) == {
        ".verborgen.txt",
        "a.txt",
        "b.txt",
        "café.txt",
        "map/tekst.txt",
        "map-binnen/",
        "map-buiten/",
        "naar-binnen.txt",
        "naar-buiten.txt",
        "pijp",
    }
    readable = {name: e.path for name, e in entries.items() if e.path is not None}
    assert readable == {
        "café.txt": (corpus / unicodedata.normalize("NFD", "café.txt")).resolve(),
        "map/tekst.txt": (corpus / "map" / "tekst.txt").resolve(),
        "naar-binnen.txt": (corpus / "map" / "tekst.txt").resolve(),  # followed once
    }
    assert all(path.is_relative_to(corpus.resolve()) for path in readable.values())
    assert "buiten de corpusmap" in entries["naar-buiten.txt"].reason
    assert "buiten de corpusmap" in entries["map-buiten/"].reason
    assert "kring" in entries["a.txt"].reason and entries["a.txt"].status == "failed"
    assert "verborgen" in entries[".verborgen.txt"].reason
    assert "geen gewoon bestand" in entries["pijp"].reason
