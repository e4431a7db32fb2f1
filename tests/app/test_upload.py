"""The explorer's upload is read within the pipeline's limits, from memory:
reading it writes no file anywhere, not even a temporary one. No model or
pipeline output is needed for these tests (the page itself is tested in
test_pages.py)."""

from __future__ import annotations

import os
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
import yaml

from app import data
from pipeline.reading.formats import UnreadableFile
from tests.pipeline_build import REPO

UPLOAD_TEXT = (
    "Verslag van de buurtavond\n\n"
    "Bewoners, de wijkagent en twee jongerenwerkers zaten samen aan tafel in het buurthuis. "
    "Ze spraken af om elke maand samen een ronde door de wijk te lopen.\n"
)

# Every file opened for writing while ``_watching`` holds a list. An audit
# hook cannot be removed again, so it is added once and switched by the list.
_watching: list[list[str]] = []


def _audit(event: str, args: tuple) -> None:
    if not _watching:
        return
    if event == "open":
        path, mode, flags = args
        writes = isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND)
        if writes or (isinstance(mode, str) and any(c in mode for c in "wax+")):
            _watching[-1].append(f"open {path} {mode}")
    elif event in ("os.mkdir", "os.rename", "shutil.copyfile", "tempfile.mkstemp", "tempfile.mkdtemp"):
        _watching[-1].append(f"{event} {args[0]}")


sys.addaudithook(_audit)


def files_under(folder: Path) -> set[Path]:
    return {path for path in folder.rglob("*")}


@pytest.fixture()
def upload_env(tmp_path, monkeypatch) -> dict[str, Path]:
    """Ingest limits small enough to test (5 MB, 20 MB unpacked, 1,000 words),
    and empty working, data and temporary folders to watch."""
    params = yaml.safe_load((REPO / "params.yaml").read_text(encoding="utf-8"))
    params["ingest"].update(max_file_mb=5, max_unpacked_mb=20, max_words=1000)
    folders = {name: tmp_path / name for name in ("werkmap", "data", "tmp")}
    for folder in folders.values():
        folder.mkdir()
    (tmp_path / "params.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("SAMENSPRAAK_PARAMS", str(tmp_path / "params.yaml"))
    monkeypatch.setenv("SAMENSPRAAK_DATA", str(folders["data"]))
    monkeypatch.chdir(folders["werkmap"])
    monkeypatch.setattr(tempfile, "tempdir", str(folders["tmp"]))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)  # an import may not write a .pyc either
    return folders


def zip_bomb(unpacked_mb: int) -> bytes:
    """A Word-shaped zip whose document part is ``unpacked_mb`` of one
    repeated paragraph, built in memory."""
    import io

    buffer = io.BytesIO()
    chunk = b"<w:p><w:r><w:t>We werken samen.</w:t></w:r></w:p>" * 1000
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        with package.open("word/document.xml", "w") as document:
            for _ in range(unpacked_mb * 2**20 // len(chunk)):
                document.write(chunk)
    return buffer.getvalue()


def test_an_upload_is_read_from_memory_and_writes_nothing_anywhere(upload_env, rendered):
    uploads = {
        "buurtavond.txt": UPLOAD_TEXT.encode("utf-8"),
        "buurtavond-utf16.txt": UPLOAD_TEXT.encode("utf-16-le"),
        **{f"dreef.{kind}": rendered[kind].read_bytes() for kind in ("pdf", "docx", "html")},
    }
    refused = {"bom.docx": zip_bomb(30), "lang.txt": (UPLOAD_TEXT * 40).encode("utf-8")}
    data.read_upload("warm.txt", b"eerst de bibliotheken laden")  # imports before watching
    for name, content in uploads.items():
        data.read_upload(name, content)
    for name, content in refused.items():
        with pytest.raises(UnreadableFile):
            data.read_upload(name, content)
    data._read_upload.clear()
    before = {name: files_under(folder) for name, folder in upload_env.items()}

    writes: list[str] = []
    _watching.append(writes)
    try:
        texts = {name: data.read_upload(name, content).text for name, content in uploads.items()}
        for name, content in refused.items():
            with pytest.raises(UnreadableFile):
                data.read_upload(name, content)
    finally:
        _watching.pop()
    assert writes == []
    assert {name: files_under(folder) for name, folder in upload_env.items()} == before
    assert before["tmp"] == set() and before["werkmap"] == set() and before["data"] == set()
    assert "jongerenwerkers" in texts["buurtavond-utf16.txt"] and "samenwerkingsovereenkomst" in texts["dreef.docx"]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bom.docx", zip_bomb(30), "uitgepakt te groot (30 MB, grens 20 MB)"),
        ("compact.docx", zip_bomb(10), "uitgepakt te groot: compressieverhouding "),
        ("lang.txt", (UPLOAD_TEXT * 40).encode("utf-8"), "te veel woorden (1.240 na het lezen, grens 1.000)"),
        ("groot.txt", b"woord " * (1024**2), "bestand is te groot (6 MB, grens 5 MB)"),
    ],
)
def test_an_upload_is_refused_with_the_limits_of_the_ingest_settings(upload_env, name, content, reason):
    with pytest.raises(UnreadableFile) as problem:
        data.read_upload(name, content)
    assert problem.value.reason.startswith(reason)


def test_the_upload_limit_follows_the_settings_up_to_what_the_browser_sends(upload_env, tmp_path):
    assert data.upload_limit_mb() == 5
    params = yaml.safe_load((tmp_path / "params.yaml").read_text(encoding="utf-8"))
    params["ingest"]["max_file_mb"] = 500
    (tmp_path / "meer.yaml").write_text(yaml.safe_dump(params, allow_unicode=True), encoding="utf-8")
    os.environ["SAMENSPRAAK_PARAMS"] = str(tmp_path / "meer.yaml")  # restored by monkeypatch
    assert data.upload_limit_mb() == data.ACCEPTED_UPLOAD_MB
