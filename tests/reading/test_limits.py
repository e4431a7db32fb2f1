"""Reading within limits: zip bombs in DOCX shape, refused from the zip's
directory before anything is unpacked, while ordinary packages are read.

The packages are written by the tests, part by part and streamed in chunks,
so that a test of a 300 MB bomb costs the test itself a few megabytes."""

import io
import json
import struct
import subprocess
import sys
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.reading.formats import (
    MAX_ZIP_MEMBERS,
    ReadLimits,
    UnreadableFile,
    check_word_count,
    extract,
    extract_bytes,
    sniff_format,
)
from pipeline.settings import IngestSettings

REPO = Path(__file__).resolve().parents[2]
LIMITS = ReadLimits(max_bytes=50 * 2**20)
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
PACKAGE_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)


def paragraph(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


def write_docx(path: Path, body_chunks, method: int = zipfile.ZIP_DEFLATED) -> Path:
    """A minimal Word package python-docx reads, its document part written
    from ``body_chunks`` (paragraph XML) one chunk at a time."""
    with zipfile.ZipFile(path, "w", method) as package:
        package.writestr("[Content_Types].xml", CONTENT_TYPES)
        package.writestr("_rels/.rels", PACKAGE_RELATIONS)
        with package.open("word/document.xml", "w") as document:
            document.write(f'<w:document xmlns:w="{WORD}"><w:body>'.encode())
            for chunk in body_chunks:
                document.write(chunk)
            document.write(b"</w:body></w:document>")
    return path


def repeated(chunk: bytes, total: int):
    """``chunk`` again and again, ``total`` bytes in all (rounded down)."""
    for _ in range(total // len(chunk)):
        yield chunk


BOMB_CHUNK = paragraph("Samen werken we aan een veilige wijk.") * 2000


def understate_document_size(path: Path, declared: int) -> None:
    """Make the zip directory claim that word/document.xml unpacks to
    ``declared`` bytes, with the checksum of its first ``declared`` bytes:
    zipfile stops reading there and finds nothing wrong."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as package, package.open("word/document.xml") as document:
        first = document.read(declared)
    entry = data.find(b"PK\x01\x02")  # the central directory's entries, in order
    while struct.unpack_from("<H", data, entry + 28)[0] != len(b"word/document.xml") or (
        data[entry + 46 : entry + 46 + 17] != b"word/document.xml"
    ):
        entry = data.find(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 16, zlib.crc32(first))  # CRC-32
    struct.pack_into("<I", data, entry + 24, declared)  # uncompressed size
    path.write_bytes(bytes(data))


# ----------------------------------------------------------------- refusals


def test_a_zip_bomb_is_refused_by_its_unpacked_size(tmp_path):
    bomb = write_docx(tmp_path / "jaarverslag.docx", repeated(BOMB_CHUNK, 300 * 2**20))
    assert bomb.stat().st_size < 2 * 2**20
    with pytest.raises(UnreadableFile) as problem:
        extract(bomb, LIMITS)
    assert problem.value.status == "skipped"
    assert problem.value.reason == "uitgepakt te groot (300 MB, grens 100 MB)"


def test_a_bomb_lxml_could_parse_is_refused_by_its_compression_ratio(tmp_path):
    # 50 MB of valid Word XML: under the size cap, but it packs a thousandfold.
    bomb = write_docx(tmp_path / "notulen.docx", repeated(BOMB_CHUNK, 50 * 2**20))
    with pytest.raises(UnreadableFile) as problem:
        extract(bomb, LIMITS)
    assert problem.value.status == "skipped"
    assert problem.value.reason.startswith("uitgepakt te groot: compressieverhouding ")
    assert problem.value.reason.endswith(":1, grens 100:1")
    ratio = int(problem.value.reason.split("compressieverhouding ")[1].split(":")[0])
    assert ratio > 100


def test_limits_from_the_settings_are_the_ones_applied(tmp_path):
    bomb = write_docx(tmp_path / "notulen.docx", repeated(BOMB_CHUNK, 50 * 2**20))
    lenient = ReadLimits.from_settings({"max_file_mb": 5, "max_unpacked_mb": 40, "max_compression_ratio": 5000})
    with pytest.raises(UnreadableFile, match=r"^uitgepakt te groot \(50 MB, grens 40 MB\)$"):
        extract(bomb, lenient)


def test_a_member_that_understates_its_size_is_refused_without_unpacking_it(tmp_path):
    bomb = write_docx(tmp_path / "brief.docx", repeated(BOMB_CHUNK, 100 * 2**20))
    understate_document_size(bomb, 4000)
    with zipfile.ZipFile(bomb) as package:  # zipfile itself sees nothing wrong
        assert len(package.read("word/document.xml")) == 4000
    with pytest.raises(UnreadableFile) as problem:
        extract(bomb, LIMITS)
    assert problem.value.status == "failed"
    assert problem.value.reason == (
        "uitgepakt te groot: word/document.xml pakt uit tot meer dan de opgegeven 4.000 bytes"
    )


def test_a_package_of_too_many_parts_is_refused_before_its_directory_is_read(tmp_path):
    path = tmp_path / "verslag.docx"
    with zipfile.ZipFile(path, "w") as package:
        package.writestr("word/document.xml", paragraph("Kort verslag."))
        for n in range(MAX_ZIP_MEMBERS):
            package.writestr(f"word/media/leeg{n}.txt", b"")
    assert sniff_format(path.read_bytes()) == "zip"  # too many to list cheaply
    with pytest.raises(UnreadableFile, match="^uitgepakt te groot: meer dan 10.000 onderdelen$"):
        extract(path, LIMITS)


def test_a_compression_method_office_never_uses_is_refused(tmp_path):
    text = paragraph("De buurtcoach en de wijkagent spreken elke week af.") * 20
    path = write_docx(tmp_path / "afspraak.docx", [text], method=zipfile.ZIP_BZIP2)
    with pytest.raises(UnreadableFile) as problem:
        extract(path, LIMITS)
    assert (problem.value.status, problem.value.reason) == ("failed", "Word-bestand is beschadigd")
    assert "compression method 12" in problem.value.detail


def test_too_many_words_is_refused_with_a_dutch_count():
    check_word_count(2_000_000, 2_000_000)
    with pytest.raises(UnreadableFile) as problem:
        check_word_count(2_345_678, 2_000_000)
    assert problem.value.status == "skipped"
    assert problem.value.reason == "te veel woorden (2.345.678 na het lezen, grens 2.000.000)"


# ------------------------------------------------------------ ordinary files


def test_an_ordinary_large_docx_is_still_read(tmp_path):
    """Six megabytes of varied paragraphs: over the size from which the
    ratio is tested, and packing like real Office XML (well under 100:1)."""
    sentences = [
        f"Op overleg {n} spraken de {role} en de {partner} af om in {month} samen op huisbezoek te gaan."
        for n, (role, partner, month) in enumerate(
            (role, partner, month)
            for role in ("wijkagent", "huisarts", "jongerenwerker", "buurtcoach", "leerplichtambtenaar")
            for partner in ("school", "woningcorporatie", "GGD", "moskee", "sportclub", "bibliotheek")
            for month in ("januari", "maart", "mei", "juli", "september", "november")
        )
    ]
    # long paragraphs: python-docx's time goes by the paragraph
    body = [paragraph(" ".join(sentences[n : n + 12])) for n in range(0, len(sentences), 12)] * 360
    path = write_docx(tmp_path / "overleggen.docx", body)
    with zipfile.ZipFile(path) as package:
        unpacked = package.getinfo("word/document.xml").file_size
    assert unpacked > 6 * 2**20 and 10 < unpacked / path.stat().st_size < 100
    extraction = extract(path, LIMITS)
    assert extraction.detected_format == "docx"
    assert extraction.text.count("samen op huisbezoek") == len(sentences) * 360


def test_a_docx_of_the_test_corpus_and_a_plain_byte_limit_still_work(rendered):
    assert "samenwerkingsovereenkomst" in extract(rendered["docx"], 10 * 2**20).text


def test_bytes_in_memory_are_read_like_a_file(rendered):
    data = rendered["docx"].read_bytes()
    assert extract_bytes(data, "dreef.docx", LIMITS).text == extract(rendered["docx"], LIMITS).text


def test_limits_come_from_the_ingest_settings_with_defaults_for_missing_ones():
    settings = IngestSettings.of({"max_file_mb": 5})
    assert ReadLimits.from_settings(settings) == ReadLimits(5 * 2**20, 100 * 2**20, 100.0)
    # an object without the zip settings (the ingest settings before they had them)
    assert ReadLimits.from_settings(SimpleNamespace(max_file_mb=2)) == ReadLimits(2 * 2**20)


# --------------------------------------------------------------- the memory


BOMB_READER = """
import json, resource, sys
from pathlib import Path
from pipeline.reading.formats import ReadLimits, UnreadableFile, extract

reasons = []
for name in sys.argv[1:]:
    try:
        extract(Path(name), ReadLimits(max_bytes=50 * 2**20))
        reasons.append("gelezen")
    except UnreadableFile as problem:
        reasons.append(problem.reason)
# The peak of this process's own memory (VmHWM). Not ru_maxrss: Linux keeps
# that across fork and exec, so it starts at the test worker's size, and
# RUSAGE_CHILDREN of the worker holds its largest earlier child as well.
status = Path("/proc/self/status")
if status.exists():
    peak_kb = next(int(line.split()[1]) for line in status.read_text().splitlines() if line.startswith("VmHWM:"))
else:
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"reasons": reasons, "max_rss_kb": peak_kb}))
"""


def test_reading_zip_bombs_stays_small_in_memory(tmp_path):
    bombs = [
        write_docx(tmp_path / "groot.docx", repeated(BOMB_CHUNK, 300 * 2**20)),
        write_docx(tmp_path / "compact.docx", repeated(BOMB_CHUNK, 50 * 2**20)),
        write_docx(tmp_path / "verhuld.docx", repeated(BOMB_CHUNK, 300 * 2**20)),
    ]
    understate_document_size(bombs[2], 2000)
    child = subprocess.run(
        [sys.executable, "-c", BOMB_READER, *map(str, bombs)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    outcome = json.loads(child.stdout)
    assert all(reason.startswith("uitgepakt te groot") for reason in outcome["reasons"]), outcome
    assert outcome["max_rss_kb"] < 300 * 1024, outcome
