"""Read the text out of the file formats users have.

One function per format, each returning an :class:`Extraction` or raising
:class:`UnreadableFile` with a reason in plain words. The format is decided
by the file's content, not its name, so a web page saved as ``.pdf`` is
still read (and reported as mislabelled).

Every file is read within :class:`ReadLimits`: its size on disk, and for
zipped formats (DOCX, ODT) its size once unpacked and how far it unpacks,
all checked from the zip's own directory before any part is unpacked.
:func:`extract` reads a path; :func:`extract_bytes` reads bytes already in
memory (the explorer's upload, which is never written to disk).
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.reading.clean import clean_blocks, clean_layout_text

if TYPE_CHECKING:
    from pipeline.settings import IngestSettings

SUPPORTED_SUFFIXES = {".pdf", ".docx", ".html", ".htm", ".txt", ".odt", ".rtf"}
MB = 2**20


class UnreadableFile(Exception):
    """The file cannot give text. ``status`` is ``skipped`` when nothing is
    wrong with the file but it holds no analysable text (empty, image-only,
    unsupported) or exceeds a limit the settings set, ``failed`` when the
    file is broken or locked."""

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


@dataclass(frozen=True)
class ReadLimits:
    """How much one file may cost to read. A file over a limit is refused
    with a reason, never read in part: a document cut off silently would
    give figures for a text nobody wrote.

    Over a limit is ``skipped``, like a file over the size limit: the file
    may be sound, and a higher limit in params.yaml reads it. A package
    whose directory lies about a part's size is ``failed``: it is broken
    (or built to harm), whatever the limits."""

    max_bytes: int
    # Zipped formats: the parts' total once unpacked, and unpacked size per
    # packed byte. Office XML packs 5-30 to 1; a zip bomb hundreds to one.
    max_unpacked_bytes: int = 100 * MB
    max_compression_ratio: float = 100.0

    @classmethod
    def from_settings(cls, settings: IngestSettings | Mapping[str, Any]) -> ReadLimits:
        """The limits of the ``ingest`` settings (or a mapping of them), so
        that the pipeline and the explorer refuse the same files. A setting
        the section does not (yet) have keeps its default."""
        if isinstance(settings, Mapping):
            get = settings.get
        else:

            def get(key: str, default: float) -> Any:
                return getattr(settings, key, default)

        return cls(
            max_bytes=int(float(get("max_file_mb", 50)) * MB),
            max_unpacked_bytes=int(float(get("max_unpacked_mb", 100)) * MB),
            max_compression_ratio=float(get("max_compression_ratio", 100.0)),
        )


def megabytes(size: float) -> str:
    """A size for a reason, the Dutch way: '312 MB', '1,5 MB' ('12 kB' under
    a tenth of a megabyte, where one decimal would say '0,0 MB')."""
    value = size / MB
    if value < 0.1:
        return f"{max(round(size / 1024), 1)} kB"
    text = f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"
    return f"{text.replace('.', ',')} MB"


def dutch_whole(value: int) -> str:
    """'2.000.000': thousands separated by points, as Dutch readers expect."""
    return f"{value:,}".replace(",", ".")


def check_size(size: int, limits: ReadLimits) -> None:
    """Refuse an empty file, or one over the size limit, before it is read."""
    if size == 0:
        raise UnreadableFile("skipped", "leeg bestand (0 bytes)")
    if size > limits.max_bytes:
        raise UnreadableFile("skipped", f"bestand is te groot ({megabytes(size)}, grens {megabytes(limits.max_bytes)})")


def check_word_count(words: int, max_words: int) -> None:
    """Refuse a text of more words than the settings allow. Reading stays
    bounded by the size limits; this bounds what the analysis after it
    costs (an annual report has some 100,000 words)."""
    if words > max_words:
        raise UnreadableFile(
            "skipped", f"te veel woorden ({dutch_whole(words)} na het lezen, grens {dutch_whole(max_words)})"
        )


# ------------------------------------------------------------- zipped formats

# The zipped formats with a reader, and what a user calls them.
ZIPPED_FORMATS = {"docx": "Word-bestand", "odt": "ODT-bestand"}
# No Office or ODF package has this many parts (a long report with many
# images has a few hundred); the zip directory alone of 500,000 empty
# parts is 42 MB and costs zipfile 3 s and 270 MB to list.
MAX_ZIP_MEMBERS = 10_000
# Below this unpacked total a file is cheap to read however well it packs,
# so the compression ratio is not tested: a small DOCX of one repeated
# table can pack better than 100 to 1 and is still an ordinary document.
RATIO_CHECKED_FROM = 5 * MB
# OOXML (ECMA-376 part 2) and ODF packages store parts plainly or deflated.
# zipfile also reads bzip2 and LZMA members, and inflates those without any
# bound (see check_zip_streams), so they are refused.
_PACKAGE_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
_INFLATE_PIECE = MB
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature, then name and extra field lengths at offset 26


def _declared_member_count(data: bytes) -> int | None:
    """The number of members the zip's end record declares (0xFFFF for a
    ZIP64 archive of that many or more), read without building the
    directory; None when there is no end record."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(data):
        return None
    return struct.unpack_from("<H", data, end + 10)[0]


def zip_members(data: bytes) -> list[zipfile.ZipInfo] | None:
    """The members a zip's central directory declares, without unpacking
    any of them; None when the bytes are no readable zip or declare more
    than :data:`MAX_ZIP_MEMBERS` members (too many to list cheaply)."""
    count = _declared_member_count(data)
    if count is not None and count > MAX_ZIP_MEMBERS:
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, struct.error, NotImplementedError):
        return None


def check_zip_declared_sizes(data: bytes, limits: ReadLimits) -> list[zipfile.ZipInfo] | None:
    """Refuse a zip whose directory declares too many members, too much
    unpacked text or a zip bomb's compression ratio; return its members
    (None when it is no readable zip). Only the directory is read.

    The ratio is the declared total over the file's own size (a directory
    can declare overlapping members, whose packed sizes then add up to more
    than the file), and for each large member its own ratio (a bomb padded
    with a stored image has a modest total ratio)."""
    count = _declared_member_count(data)
    if count is not None and count > MAX_ZIP_MEMBERS:
        raise UnreadableFile(
            "skipped",
            f"uitgepakt te groot: meer dan {dutch_whole(MAX_ZIP_MEMBERS)} onderdelen",
            f"the end record declares {count} members",
        )
    members = zip_members(data)
    if members is None:
        return None
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableFile(
            "skipped",
            f"uitgepakt te groot ({megabytes(unpacked)}, grens {megabytes(limits.max_unpacked_bytes)})",
            f"{len(members)} members declare {unpacked} bytes, packed in {len(data)}",
        )
    if unpacked > RATIO_CHECKED_FROM:
        ratios = [(unpacked / len(data), "the whole file")] + [
            (member.file_size / max(member.compress_size, 1), member.filename)
            for member in members
            if member.file_size > RATIO_CHECKED_FROM
        ]
        ratio, where = max(ratios)
        if ratio > limits.max_compression_ratio:
            raise UnreadableFile(
                "skipped",
                f"uitgepakt te groot: compressieverhouding {ratio:.0f}:1, grens {limits.max_compression_ratio:.0f}:1",
                f"{where}; {unpacked} bytes unpacked from {len(data)}",
            )
    return members


def _member_data_start(data: bytes, member: zipfile.ZipInfo) -> int | None:
    """Where a member's packed bytes begin: after its local header (whose
    name and extra field may differ in length from the directory's)."""
    if member.header_offset + _LOCAL_HEADER.size > len(data):
        return None
    signature, name_length, extra_length = _LOCAL_HEADER.unpack_from(data, member.header_offset)
    if signature != b"PK\x03\x04":
        return None
    return member.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _inflates_beyond(packed: memoryview, declared: int) -> bool:
    """Whether a deflate stream gives more than ``declared`` bytes, found
    out a piece at a time so that memory stays at a piece whatever it
    holds. Raises zlib.error for a broken stream."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    produced = 0
    for start in range(0, len(packed), _INFLATE_PIECE):
        pending = packed[start : start + _INFLATE_PIECE]
        while pending and not inflater.eof:
            produced += len(inflater.decompress(pending, _INFLATE_PIECE))
            if produced > declared:
                return True
            pending = inflater.unconsumed_tail
        if inflater.eof:
            break
    return False


def check_zip_streams(data: bytes, members: list[zipfile.ZipInfo], kind: str) -> None:
    """Refuse a package a reader could not unpack within its declared sizes.

    CPython's zipfile (Lib/zipfile.py, ``ZipExtFile._read1`` in 3.11) cuts
    what it returns at each member's declared ``file_size``
    (``data = data[:self._left]``), so the declared sizes that
    :func:`check_zip_declared_sizes` checked bound what a reader receives.
    They do not bound what zipfile inflates before cutting:
    ``ZipFile.read`` (what python-docx and odfpy call) asks zlib for up to
    ``MAX_N`` = 1 GiB in one call, and bzip2 and LZMA members are
    inflated with no bound at all. A DOCX whose document part declares
    1 kB but inflates to 500 MB took 1 GB to read that way. So each
    deflated member is inflated here once, a piece at a time, and refused
    if it holds more than it declares; other methods are refused."""
    for member in members:
        if member.flag_bits & 0x1:
            raise UnreadableFile("failed", f"{kind} is beveiligd met een wachtwoord", f"{member.filename} is encrypted")
        if member.compress_type not in _PACKAGE_METHODS:
            raise UnreadableFile(
                "failed",
                f"{kind} is beschadigd",
                f"{member.filename}: compression method {member.compress_type} is not used in Office or ODF packages",
            )
        if member.compress_type != zipfile.ZIP_DEFLATED:
            continue  # a stored member is read as it lies: never more than its packed size
        start = _member_data_start(data, member)
        if start is None or start + member.compress_size > len(data):
            raise UnreadableFile("failed", f"{kind} is beschadigd", f"{member.filename}: local header out of place")
        try:
            beyond = _inflates_beyond(memoryview(data)[start : start + member.compress_size], member.file_size)
        except zlib.error as error:
            raise UnreadableFile("failed", f"{kind} is beschadigd", f"{member.filename}: {error}") from error
        if beyond:
            raise UnreadableFile(
                "failed",
                f"uitgepakt te groot: {member.filename} pakt uit tot meer dan de opgegeven "
                f"{dutch_whole(member.file_size)} bytes",
                "the directory understates the member's size (a disguised zip bomb)",
            )


# ---------------------------------------------------------------- sniffing

_IMAGE_SIGNATURES = {
    b"\x89PNG": "PNG-afbeelding",
    b"\xff\xd8\xff": "JPEG-afbeelding",
    b"GIF8": "GIF-afbeelding",
    b"II*\x00": "TIFF-afbeelding",
    b"MM\x00*": "TIFF-afbeelding",
}
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when bytes without a byte-order mark are
    UTF-16 text, else None. Western text in UTF-16 has a zero high byte in
    most code units (every Latin-1 character) and a zero low byte in almost
    none, so its NULs sit at odd positions (little-endian) or at even ones
    (big-endian); binary data has NULs at both, or decodes to control
    characters. The thresholds leave room for typographic quotes and
    dashes, whose high byte is 0x20."""
    sample = head[: len(head) - len(head) % 2]
    units = len(sample) // 2
    if not units:
        return None
    zeros_even, zeros_odd = sample[0::2].count(0), sample[1::2].count(0)
    for encoding, high, low in (("utf-16-le", zeros_odd, zeros_even), ("utf-16-be", zeros_even, zeros_odd)):
        if high >= 0.3 * units and low <= 0.02 * units:
            text = sample.decode(encoding, errors="replace").rstrip("\ufffd")  # a head may end mid-character
            printable = sum(char.isprintable() or char in "\t\n\r\f\v" for char in text)
            if text and printable >= 0.95 * len(text):
                return encoding
    return None


def _looks_like_html(head: str) -> bool:
    lowered = head.lower().lstrip().removeprefix("\ufeff").lstrip()
    return lowered.startswith(("<!doctype html", "<html")) or "<body" in lowered


def sniff_format(data: bytes) -> str:
    """The format a file's bytes show, whatever its name says. A zip is told
    apart by its directory's member names; no member is unpacked."""
    head = data[:2048]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        members = zip_members(data)
        names = {member.filename for member in members or ()}
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
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head[2 : len(head) - len(head) % 2].decode("utf-16-be" if head[0] == 0xFE else "utf-16-le", "replace")
    elif b"\x00" in head:
        encoding = utf16_without_bom(head)
        if encoding is None:
            return "binary"
        text = head[: len(head) - len(head) % 2].decode(encoding, "replace")
    else:
        text = head.decode("latin-1")  # one character per byte: enough to find the markup
    return "html" if _looks_like_html(text) else "txt"


# Code pages Dutch text is written in outside UTF-8, most likely first: a
# tie between two equally plausible readings goes to the earlier one.
WESTERN_ENCODINGS = ["cp1252", "iso8859_15", "latin_1", "mac_roman", "cp850", "cp437"]
_LATIN1_LETTERS = frozenset(chr(code) for code in range(0xC0, 0x100)) - {"\u00d7", "\u00f7"}
# Signs a Dutch text may hold between words; the spacing accents and the
# currency sign (¤ ¦ ¨ ¯ ´ ¸) are left out: where cp1252 reads those,
# ISO 8859-15 reads € Š š Ž ž, and a text is far likelier to hold the euro.
_WESTERN_SIGNS = frozenset("\u00a0¡¢£¥§©ª«¬\u00ad®°±²³µ¶·¹º»¼½¾¿×÷…€•™")
_EVIDENCE_RUNS = 20_000


def _plausible_western(char: str, before: str, after: str) -> bool:
    """Whether a non-ASCII character is one a Western text holds where it
    stands. A wrong code page turns accented letters into signs inside
    words ('co”rdinatie', 'Belgi‘') or capitals after small letters
    ('cafÈ'), and those are what this rejects."""
    if char in _LATIN1_LETTERS:
        return not (char.isupper() and before.islower())
    if char in "\u2019\u2013\u2014":  # apostrophe (zo’n) or closing quote; dashes
        return True
    if char in "\u2018\u201c\u201e":  # opening quotes follow a space or a sign
        return not before.isalnum()
    if char == "\u201d":  # a closing quote is not followed by a letter
        return not after.isalnum()
    if char in _WESTERN_SIGNS:
        return not (before.isalpha() and after.isalpha())
    return False


def western_plausibility(text: str) -> int:
    """Plausible minus implausible non-ASCII characters of a reading."""
    score = 0
    for index, char in enumerate(text):
        if char < "\x80":
            continue
        before = text[index - 1] if index else " "
        after = text[index + 1] if index + 1 < len(text) else " "
        score += 1 if _plausible_western(char, before, after) else -1
    return score


def _non_ascii_evidence(data: bytes) -> bytes:
    """Each run of non-ASCII bytes with one neighbour on each side (the
    first 20,000 runs), one per line: in a single-byte code page byte i is
    character i, so this is all a choice between code pages looks at, at a
    fraction of the cost of decoding a long text six times."""
    runs = itertools.islice(re.finditer(rb"[\x80-\xff]+", data), _EVIDENCE_RUNS)
    return b"\n".join(data[max(run.start() - 1, 0) : run.end() + 1] for run in runs)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding.

    A byte-order mark decides first, then the NUL pattern of UTF-16 without
    one (before UTF-8: ASCII in UTF-16 is valid UTF-8, NULs and all). UTF-8
    is tried strictly next, because a legacy code page reads any bytes.
    Among the Western code pages the reading with the most plausible
    accented letters and quotes wins, ties going to cp1252: on a text with
    a few accents a statistical detector has little to go on and picked
    cp437 for 'één' and mac_roman for 'coördinatie'. Only when no Western
    reading is plausible does the detector choose among all encodings."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_leniently(data, encoding), encoding
    utf16 = utf16_without_bom(data[:4096])
    if utf16:
        return _decode_leniently(data, utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    evidence = _non_ascii_evidence(data)
    readings: list[tuple[int, int, str]] = []
    for order, encoding in enumerate(WESTERN_ENCODINGS):
        try:
            readings.append((-western_plausibility(evidence.decode(encoding)), order, encoding))
        except UnicodeDecodeError:
            continue
    for negative_score, _, encoding in sorted(readings):
        if negative_score >= 0:
            break  # no more plausible than not: probably not a Western text
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:  # a byte the evidence did not reach
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise UnreadableFile("failed", "tekencodering niet te herkennen", "charset-normalizer found no encoding")
    return str(best), best.encoding


def _decode_leniently(data: bytes, encoding: str) -> str:
    """Decode; a cut-off last character or a stray byte becomes U+FFFD
    rather than costing the whole file."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace")


# ----------------------------------------------------------------- readers


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


# ------------------------------------------------------------------ web pages

_TRAFILATURA_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "favor_precision": True,
    "deduplicate": False,
}
# Elements whose text is never running text, and elements that end a block.
_NOT_TEXT = frozenset(
    "script style noscript template head title nav aside footer form select button svg iframe object".split()
)
_BLOCKS = frozenset(
    "p div br hr li ul ol dl dt dd h1 h2 h3 h4 h5 h6 table tr td th caption section article main header "
    "blockquote pre figure figcaption address".split()
)


def _lxml_limit_hit(text: str, huge: bool) -> bool:
    """Whether libxml2 stops at one of its resource limits on this page:
    without its 'huge' option it stops 256 elements deep (or at a text node
    of 10 MB), with it 2048 deep. Everything below is then silently left
    out of the tree trafilatura reads, which gave 'no main text' for a page
    of 300 nested divs, or only the menu of a deeper one."""
    from lxml import etree, html

    parser = html.HTMLParser(huge_tree=huge, encoding="utf-8")
    try:
        html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
    except (etree.ParserError, ValueError):  # an empty or unparsable page: trafilatura decides
        return False
    return any(error.type_name == "ERR_RESOURCE_LIMIT" for error in parser.error_log)


class _TextWalk(HTMLParser):
    """All running text of a page, one string per block, from the stdlib's
    event parser: it builds no tree, so no nesting is too deep for it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._parts: list[str] = []
        self._hidden = 0  # open elements whose text is not running text

    def _end_block(self) -> None:
        block = " ".join("".join(self._parts).split())
        if block:
            self.blocks.append(block)
        self._parts = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _NOT_TEXT:
            self._hidden += 1
        elif tag in _BLOCKS:
            self._end_block()
            if tag == "li" and not self._hidden:
                self._parts.append("- ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:  # <br/>: a break, and no element to close
            self._end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _NOT_TEXT:
            self._hidden = max(self._hidden - 1, 0)
        elif tag in _BLOCKS:
            self._end_block()

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._end_block()


def html_text_blocks(text: str) -> list[str]:
    """The text blocks of a page, however deeply nested, without telling
    the article from menus (what trafilatura does, on a tree)."""
    walk = _TextWalk()
    walk.feed(text)
    walk.close()
    return walk.blocks


def _html_main_text(text: str) -> tuple[str, list[str], str]:
    """The page's main text; warnings when it had to be read another way,
    because it is nested deeper than libxml2 goes by default; and the
    reason to give when no text came out."""
    import trafilatura
    from lxml import html

    if not _lxml_limit_hit(text, huge=False):
        return trafilatura.extract(text, **_TRAFILATURA_OPTIONS) or "", [], "webpagina zonder herkenbare hoofdtekst"
    if not _lxml_limit_hit(text, huge=True):
        parser = html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True, encoding="utf-8")
        tree = html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=parser)
        warning = "webpagina is meer dan 256 lagen diep genest; gelezen met de HTML-lezer voor grote pagina's"
        extracted = trafilatura.extract(tree, **_TRAFILATURA_OPTIONS) or ""
        return extracted, [warning], "webpagina zonder herkenbare hoofdtekst (meer dan 256 lagen diep genest)"
    warning = (
        "webpagina is meer dan 2048 lagen diep genest; alle tekst is gelezen zonder de hoofdtekst te herkennen, "
        "dus teksten van menu's of zijbalken kunnen zijn meegekomen"
    )
    return "\n".join(html_text_blocks(text)), [warning], "webpagina te diep genest en zonder leesbare tekst"


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
    extracted, warnings, empty_reason = _html_main_text(text)
    if not extracted.strip():
        raise UnreadableFile("skipped", empty_reason)
    metadata = trafilatura.extract_metadata(text)
    title = (metadata.title if metadata else "") or ""
    return Extraction(clean_blocks(extracted.split("\n")), "html", encoding=encoding, title=title, warnings=warnings)


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


def extract_bytes(data: bytes, file_name: str, limits: ReadLimits | int) -> Extraction:
    """Read one file's bytes, whatever its name claims, within the limits.
    Pure: the explorer reads an upload with it without writing it anywhere.
    A zipped format's directory is checked before anything is unpacked."""
    limits = _as_limits(limits)
    check_size(len(data), limits)
    members = check_zip_declared_sizes(data, limits) if data.startswith(b"PK\x03\x04") else None
    detected = sniff_format(data)
    if detected.startswith("image:"):
        raise UnreadableFile("skipped", f"geen tekstdocument maar een {detected.split(':', 1)[1]}")
    suffix = Path(file_name).suffix.lower()
    claimed = {".htm": "html"}.get(suffix, suffix.lstrip("."))
    if detected in ("binary", "zip"):
        kind = {**ZIPPED_FORMATS, "pdf": "PDF-bestand"}.get(claimed)
        reason = f"{kind} is beschadigd" if kind else "onbekend of beschadigd binair bestand"
        raise UnreadableFile("failed", reason, f"inhoud herkend als {detected}")
    if detected in ZIPPED_FORMATS and members is not None:
        check_zip_streams(data, members, ZIPPED_FORMATS[detected])
    extraction = READERS[detected](data)
    if claimed in READERS and claimed != detected:
        extraction.warnings.append(f"bestandsnaam zegt .{claimed} maar de inhoud is {detected}; gelezen als {detected}")
    return extraction


def extract(path: Path, limits: ReadLimits | int) -> Extraction:
    """Read one file within the limits; its size is checked before a byte is
    read. ``limits`` may still be a plain byte limit (the zip limits then
    keep their defaults)."""
    limits = _as_limits(limits)
    check_size(path.stat().st_size, limits)
    return extract_bytes(path.read_bytes(), path.name, limits)


def _as_limits(limits: ReadLimits | int) -> ReadLimits:
    return limits if isinstance(limits, ReadLimits) else ReadLimits(max_bytes=int(limits))
