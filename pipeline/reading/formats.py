"""Read the text out of the file formats users have.

One function per format, each returning an :class:`Extraction` or raising
:class:`UnreadableFile` with a reason in plain words. The format is decided
by the file's content, not its name, so a web page saved as ``.pdf`` is
still read (and reported as mislabelled).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.reading.clean import clean_blocks, clean_layout_text

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt", ".odt", ".rtf"}


class UnreadableFile(Exception):
    """The file cannot give text. ``status`` is ``skipped`` when nothing is
    wrong with the file but it holds no analysable text (empty, image-only,
    unsupported), ``failed`` when the file is broken or locked."""

    def __init__(self, status: str, reason: str, detail: str = ""):
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.detail = detail


@dataclass
class Extraction:
    text: str
    detected_format: str
    encoding: str = ""
    pages: int | None = None
    title: str = ""
    warnings: list[str] = field(default_factory=list)


_IMAGE_SIGNATURES = {
    b"\x89PNG": "PNG-afbeelding",
    b"\xff\xd8\xff": "JPEG-afbeelding",
    b"GIF8": "GIF-afbeelding",
    b"II*\x00": "TIFF-afbeelding",
    b"MM\x00*": "TIFF-afbeelding",
}


def sniff_format(data: bytes) -> str:
    """The format a file's bytes show, whatever its name says."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if "content.xml" in names:
            return "odt"
        return "zip"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    for signature, name in _IMAGE_SIGNATURES.items():
        if head.startswith(signature):
            return f"image:{name}"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    lowered = head.lower().lstrip()
    if lowered.startswith(b"\xef\xbb\xbf"):
        lowered = lowered[3:].lstrip()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<body" in lowered:
        return "html"
    return "txt"


# Code pages Dutch text is written in outside UTF-8, most likely first.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850", "cp437"]


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding. UTF-8 (and UTF-16 with a byte-order
    mark) is tried strictly first, because a detector can mistake short UTF-8
    for a legacy code page; then the detector chooses among Western code
    pages, because on a few hundred bytes of Dutch it otherwise happily picks
    Cyrillic (cp1251 maps é to й)."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(encoding), encoding
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best() or from_bytes(data).best()
    if best is None:
        raise UnreadableFile("failed", "tekencodering niet te herkennen", "charset-normalizer found no encoding")
    encoding = best.encoding
    # Windows-1252 is a superset of latin-1 in the printable range and holds
    # the typographic quotes (0x91-0x94) that latin-1 maps to control codes.
    if encoding in {"latin_1", "iso8859_15"}:
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    return str(best), encoding


def read_pdf(data: bytes) -> Extraction:
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # Many PDFs are 'encrypted' with an empty user password only to
            # forbid editing; those can be read. Others need a password.
            try:
                if not reader.decrypt(""):
                    raise UnreadableFile("failed", "PDF is beveiligd met een wachtwoord")
            except UnreadableFile:
                raise
            except Exception as error:  # pypdf raises several kinds here
                raise UnreadableFile("failed", "PDF is beveiligd met een wachtwoord", str(error)) from error
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
    except UnreadableFile:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as error:
        raise UnreadableFile("failed", "PDF is beschadigd of onvolledig", f"{type(error).__name__}: {error}") from error
    if not any(page.strip() for page in pages):
        raise UnreadableFile(
            "skipped",
            "PDF bevat alleen afbeeldingen, geen tekstlaag (OCR wordt niet ondersteund)",
            f"{len(pages)} pagina's zonder tekst",
        )
    title = ""
    try:
        title = (reader.metadata or {}).get("/Title", "") or ""
    except Exception:  # metadata of a damaged file is not worth failing over
        title = ""
    return Extraction(clean_layout_text(pages), "pdf", pages=len(pages), title=str(title))


def _docx_blocks(document) -> list[str]:
    """Paragraphs and table cells in body order; list items marked with a
    dash so that cleaning keeps them on their own lines."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            style = (item.style.name if item.style is not None else "") or ""
            text = item.text
            if style.lower().startswith(("list", "lijst")) and text.strip():
                text = f"- {text}"
            blocks.append(text)
        elif isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells]
                unique = list(dict.fromkeys(c for c in cells if c))  # merged cells repeat
                if unique:
                    blocks.append(" | ".join(unique))
    return blocks


def read_docx(data: bytes) -> Extraction:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise UnreadableFile("failed", "Word-bestand is beschadigd", f"{type(error).__name__}: {error}") from error
    except Exception as error:  # lxml and zip errors of a damaged package
        raise UnreadableFile("failed", "Word-bestand is beschadigd", f"{type(error).__name__}: {error}") from error
    title = document.core_properties.title or ""
    return Extraction(clean_blocks(_docx_blocks(document)), "docx", title=title)


def read_html(data: bytes) -> Extraction:
    import trafilatura

    text, encoding = decode_text(data)
    declared = re.search(rb"<meta[^>]+charset=[\"']?([\w-]+)", data[:4096], re.IGNORECASE)
    if declared:
        name = declared.group(1).decode("ascii", "ignore")
        try:
            text, encoding = data.decode(name), name.lower()
        except (LookupError, UnicodeDecodeError):
            pass
    extracted = trafilatura.extract(
        text,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
    )
    if not extracted or not extracted.strip():
        raise UnreadableFile("skipped", "webpagina zonder herkenbare hoofdtekst")
    metadata = trafilatura.extract_metadata(text)
    title = (metadata.title if metadata else "") or ""
    return Extraction(clean_blocks(extracted.split("\n")), "html", encoding=encoding, title=title)


def read_txt(data: bytes) -> Extraction:
    text, encoding = decode_text(data)
    return Extraction(clean_layout_text([text]), "txt", encoding=encoding)


def _odt_blocks(node) -> list[str]:
    """Headings, paragraphs and list items of an ODT body in reading order."""
    from odf import teletype

    blocks: list[str] = []
    for child in node.childNodes:
        kind = child.qname[1] if child.qname else ""
        if kind in ("h", "p"):
            blocks.append(teletype.extractText(child))
        elif kind == "list-item":
            blocks.extend(f"- {text}" for text in _odt_blocks(child) if text.strip())
        elif kind in ("list", "section", "table", "table-row", "table-cell"):
            blocks.extend(_odt_blocks(child))
    return blocks


def read_odt(data: bytes) -> Extraction:
    from odf.opendocument import load

    try:
        document = load(io.BytesIO(data))
    except Exception as error:  # odfpy raises whatever its XML parser raises
        raise UnreadableFile("failed", "ODT-bestand is beschadigd", f"{type(error).__name__}: {error}") from error
    return Extraction(clean_blocks(_odt_blocks(document.text)), "odt")


def read_rtf(data: bytes) -> Extraction:
    from striprtf.striprtf import rtf_to_text

    raw, encoding = decode_text(data)
    return Extraction(clean_layout_text([rtf_to_text(raw, errors="ignore")]), "rtf", encoding=encoding)


READERS = {
    "pdf": read_pdf,
    "docx": read_docx,
    "html": read_html,
    "txt": read_txt,
    "odt": read_odt,
    "rtf": read_rtf,
}


def extract(path: Path, max_bytes: int) -> Extraction:
    """Read one file, whatever its name claims, within a size limit."""
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("skipped", "leeg bestand (0 bytes)")
    if size > max_bytes:
        raise UnreadableFile(
            "skipped",
            f"bestand is te groot ({size / 2**20:.1f} MB, grens {max_bytes / 2**20:.0f} MB)",
        )
    data = path.read_bytes()
    detected = sniff_format(data)
    if detected.startswith("image:"):
        raise UnreadableFile("skipped", f"geen tekstdocument maar een {detected.split(':', 1)[1]}")
    claimed = {".htm": "html"}.get(path.suffix.lower(), path.suffix.lower().lstrip("."))
    if detected in ("binary", "zip"):
        kind = {"docx": "Word-bestand", "odt": "ODT-bestand", "pdf": "PDF-bestand"}.get(claimed)
        reason = f"{kind} is beschadigd" if kind else "onbekend of beschadigd binair bestand"
        raise UnreadableFile("failed", reason, f"inhoud herkend als {detected}")
    extraction = READERS[detected](data)
    if claimed in READERS and claimed != detected:
        extraction.warnings.append(f"bestandsnaam zegt .{claimed} maar de inhoud is {detected}; gelezen als {detected}")
    return extraction
