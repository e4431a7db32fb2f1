"""Read the corpus's metadata table row by row, so that one bad row costs
that row and nothing else.

Analysts keep this table in Excel or by hand. An unclosed quote makes a
CSV reader swallow every following line into one field, and a missing
delimiter shifts fields into the wrong columns; pandas then either stops
with a traceback or fills the title column with the next rows' fields. This
reader parses one record at a time, refuses a record whose field count is
wrong or that swallowed later rows, reports it with its line number and the
reason, and goes on with the next line. Dates are read in the forms people
write them ("2019", "2019-03", "12-3-2019", "maart 2019") and kept as ISO
dates of the precision given.

Everything here is pure: text in, rows and problems out.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

REQUIRED_COLUMNS = ("doc_id", "file")


@dataclass(frozen=True)
class MetadataRow:
    """One accepted row: its first line in the file, its values by column
    (stripped; ``date`` normalised) and warnings that go with its document."""

    line: int
    values: dict[str, str]
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MetadataProblem:
    """A row that was refused (or a problem with the whole table)."""

    line: int | None
    reason: str
    file: str = ""
    doc_id: str = ""
    detail: str = ""


@dataclass(frozen=True)
class MetadataTable:
    columns: list[str]
    rows: list[MetadataRow]
    problems: list[MetadataProblem]


def normalise_name(name: str) -> str:
    """A file name as metadata and disk are matched: NFC (macOS and some zip
    tools store 'é' decomposed), forward slashes, no surrounding spaces."""
    return unicodedata.normalize("NFC", name.strip().replace("\\", "/"))


# ------------------------------------------------------------------- dates


@cache
def _month_numbers() -> dict[str, int]:
    """Dutch month names and abbreviations (CLDR via Babel, so Flemish
    spellings come with it), plus the short forms people type ('mrt', 'sept')."""
    from babel.dates import get_month_names

    names: dict[str, int] = {}
    for locale in ("nl", "nl_BE"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.lower().rstrip(".")] = number
    names.update({"mrt": 3, "maa": 3, "sept": 9, "okt": 10})
    return names


_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[t ].*)?$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?,?\s+(\d{4})$")


def parse_date(value: str) -> str | None:
    """``value`` as an ISO date of the precision it gives ('2019',
    '2019-03', '2019-03-12'), '' for an empty value, None if it cannot be read.

    Numeric dates with the day first (12-3-2019) are read the Dutch way.
    """
    text = " ".join(value.strip().lower().split())
    if not text:
        return ""
    year = month = day = None
    if match := _ISO.match(text):
        year, month, day = (int(g) if g else None for g in match.groups())
    elif match := _DAY_FIRST.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _WORDS.match(text):
        month = _month_numbers().get(match.group(2))
        if month is None:
            return None
        day = int(match.group(1)) if match.group(1) else None
        year = int(match.group(3))
    else:
        return None
    if not 1000 <= year <= 2999:
        return None
    if month is None:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if day is None:
        return f"{year:04d}-{month:02d}"
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


# ----------------------------------------------------------------- records


class _Lines:
    """The file's lines as an iterator whose position can be set back, so
    that after a bad record parsing resumes on the line after its start."""

    def __init__(self, lines: Sequence[str]):
        self.lines = lines
        self.position = 0

    def __iter__(self) -> Iterator[str]:
        return self

    def __next__(self) -> str:
        if self.position >= len(self.lines):
            raise StopIteration
        self.position += 1
        return self.lines[self.position - 1]


def sniff_delimiter(header_line: str) -> str:
    """Comma, semicolon (Dutch Excel) or tab: whichever the header has most of."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


def _records(lines: list[str], delimiter: str, width: int) -> Iterator[tuple[int, list[str] | None, str]]:
    """``(first line number, fields, problem)`` per record after the header;
    fields is None for a refused record, which then covers only its first line."""
    source = _Lines(lines)
    source.position = 1
    while source.position < len(lines):
        start = source.position
        try:
            fields = next(csv.reader(source, delimiter=delimiter))
        except StopIteration:
            return
        except csv.Error as error:
            source.position = start + 1
            yield start + 1, None, f"niet te lezen als CSV ({error})"
            continue
        spans = source.position - start
        if not any(f.strip() for f in fields):
            continue  # an empty line
        while len(fields) > width and not fields[-1].strip():
            fields.pop()  # trailing delimiters, as spreadsheets write them
        if spans > 1 and (len(fields) != width or _swallowed(fields, delimiter)):
            source.position = start + 1
            yield start + 1, None, "aanhalingsteken niet gesloten: de regel loopt door in de volgende regels"
        elif len(fields) != width:
            yield start + 1, None, f"{len(fields)} velden, verwacht {width} (scheidingsteken {delimiter!r})"
        else:
            yield start + 1, fields, ""


def _swallowed(fields: list[str], delimiter: str) -> bool:
    """Whether a record over several lines looks like a quote left open
    rather than one value written over two lines: a field with a line break
    that also holds the delimiter, as the rest of its own row and the rows
    it swallowed do. (A title over two lines with a comma in it is refused
    too; the report names its line.)"""
    return any("\n" in value and delimiter in value for value in fields)


def read_metadata_text(text: str, genres: Sequence[str] = ()) -> MetadataTable:
    """Parse and check the table. Required columns missing: no rows at all
    (one problem for the table). Otherwise every data record is either a
    row or a problem with its line number; nothing is dropped silently."""
    text = text.lstrip("\ufeff")
    lines = text.splitlines(keepends=True)
    if not lines or not lines[0].strip():
        return MetadataTable([], [], [MetadataProblem(None, "metadatabestand is leeg")])
    delimiter = sniff_delimiter(lines[0])
    header = [c.strip() for c in next(csv.reader([lines[0]], delimiter=delimiter))]
    absent = [c for c in REQUIRED_COLUMNS if c not in header]
    if absent:
        return MetadataTable(header, [], [MetadataProblem(1, f"metadata mist kolom(men) {', '.join(absent)}")])
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        return MetadataTable(
            header, [], [MetadataProblem(1, f"kolom(men) dubbel in de kopregel: {', '.join(duplicated)}")]
        )
    known_genres = {g.lower() for g in genres}
    rows: list[MetadataRow] = []
    problems: list[MetadataProblem] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, int] = {}
    for line, fields, problem in _records(lines, delimiter, len(header)):
        if fields is None:
            guess = dict(zip(header, next(csv.reader([lines[line - 1]], delimiter=delimiter), [])))
            problems.append(
                MetadataProblem(
                    line,
                    f"metadataregel {line}: {problem}",
                    file=normalise_name(guess.get("file", "")),
                    doc_id=guess.get("doc_id", "").strip(),
                    detail=f"regel genegeerd: {_excerpt(lines[line - 1])}",
                )
            )
            continue
        values = {column: " ".join(value.split()) for column, value in zip(header, fields)}
        values["file"] = normalise_name(values["file"])
        doc_id, file = values["doc_id"], values["file"]
        missing = [c for c in REQUIRED_COLUMNS if not values[c]]
        if missing:
            problems.append(
                MetadataProblem(
                    line, f"metadataregel {line}: {' en '.join(missing)} ontbreekt", file=file, doc_id=doc_id
                )
            )
            continue
        if doc_id in seen_ids:
            problems.append(
                MetadataProblem(
                    line,
                    f"metadataregel {line}: doc_id {doc_id} staat al op regel {seen_ids[doc_id]}",
                    file=file,
                    doc_id=doc_id,
                    detail="regel genegeerd",
                )
            )
            continue
        if file in seen_files:
            problems.append(
                MetadataProblem(
                    line,
                    f"metadataregel {line}: bestand {file} staat al op regel {seen_files[file]}",
                    file=file,
                    doc_id=doc_id,
                    detail="regel genegeerd",
                )
            )
            continue
        seen_ids[doc_id], seen_files[file] = line, line
        rows.append(MetadataRow(line, values, _check_values(values, line, known_genres)))
    return MetadataTable(header, rows, problems)


def _check_values(values: dict[str, str], line: int, known_genres: set[str]) -> list[str]:
    """Normalise ``date`` (and fill ``year`` from it) in place; the warnings
    for values that are kept but doubtful."""
    warnings: list[str] = []
    if "date" in values:
        parsed = parse_date(values["date"])
        if parsed is None:
            warnings.append(f"metadataregel {line}: datum {values['date']!r} is niet te lezen en blijft leeg")
            values["date"] = ""
        else:
            values["date"] = parsed
    if "year" in values and values["year"]:
        year = parse_date(values["year"])
        if year is None or len(year) != 4:
            warnings.append(f"metadataregel {line}: jaar {values['year']!r} is geen jaartal en blijft leeg")
            values["year"] = ""
    if values.get("date") and not values.get("year"):
        values["year"] = values["date"][:4]
    genre = values.get("genre", "")
    if known_genres and genre and genre.lower() not in known_genres:
        warnings.append(
            f"metadataregel {line}: genre {genre!r} is onbekend (bekend: {', '.join(sorted(known_genres))})"
        )
    return warnings


def _excerpt(line: str, width: int = 80) -> str:
    line = line.rstrip("\r\n")
    return line if len(line) <= width else line[: width - 1] + "…"
