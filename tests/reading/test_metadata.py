"""The metadata reader: one bad row costs that row, with its line number;
dates are read as people write them."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.reading.metadata import normalise_name, parse_date, read_metadata_text

HEADER = ["doc_id", "file", "title", "organisation", "genre", "date"]
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"]
MONTHS += ["september", "oktober", "november", "december"]


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2019", "2019"),
        ("2019-03", "2019-03"),
        ("2019-03-05", "2019-03-05"),
        ("2019/3/5", "2019-03-05"),
        ("5-3-2019", "2019-03-05"),
        ("05.03.2019", "2019-03-05"),
        ("maart 2019", "2019-03"),
        ("5 maart 2019", "2019-03-05"),
        ("Maart 2019", "2019-03"),
        ("mrt. 2019", "2019-03"),
        ("12 sept 2020", "2020-09-12"),
        ("2019-03-05T10:30:00", "2019-03-05"),
        ("", ""),
        ("ooit", None),
        ("2019-13", None),
        ("31-2-2020", None),
        ("maartje 2019", None),
        ("0019", None),
    ],
)
def test_dates_as_people_write_them(written, read):
    assert parse_date(written) == read


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_written_form_of_a_date_reads_back(day):
    iso = day.isoformat()
    assert parse_date(iso) == iso
    assert parse_date(f"{day.day}-{day.month}-{day.year}") == iso
    assert parse_date(f"{day.day} {MONTHS[day.month - 1]} {day.year}") == iso
    assert parse_date(f"{MONTHS[day.month - 1]} {day.year}") == iso[:7]


# Field values: letters, digits, spaces and the CSV's own awkward characters.
value = st.text(alphabet=st.sampled_from("abcdeéxyz019 ,;'"), min_size=1, max_size=12).map(str.strip).filter(bool)
rows = st.lists(st.lists(value, min_size=4, max_size=4), min_size=1, max_size=12)


def table(records: list[list[str]]) -> tuple[str, list[list[str]]]:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    full = [[f"d{i}", f"f{i}.txt", *record] for i, record in enumerate(records)]
    writer.writerows(full)
    return out.getvalue(), full


@given(rows)
@settings(max_examples=200, deadline=None)
def test_a_well_formed_table_reads_back_whole(records):
    text, full = table(records)
    result = read_metadata_text(text)
    assert result.problems == []
    assert [[row.values[c] for c in HEADER[:5]] for row in result.rows] == [
        [" ".join(v.split()) for v in record[:5]] for record in full
    ]
    assert [row.line for row in result.rows] == list(range(2, len(full) + 2))


@given(rows, st.data(), st.sampled_from(["unclosed quote", "missing field", "extra field"]))
@settings(max_examples=300, deadline=None)
def test_one_broken_row_costs_only_that_row(records, data, damage):
    text, full = table(records)
    lines = text.splitlines(keepends=True)
    broken = data.draw(st.integers(min_value=1, max_value=len(full)), label="broken line index")
    record = full[broken - 1]
    if damage == "unclosed quote":
        # The quote opened before the title is never closed on its line.
        fields = [f.replace(",", " ") for f in record]
        fields[2] = '"' + fields[2]
        lines[broken] = ",".join(fields) + "\n"
    elif damage == "missing field":
        lines[broken] = ",".join(_quoted(f) for f in record[:-1]) + "\n"
    else:
        lines[broken] = ",".join(_quoted(f) for f in [*record, "te veel"]) + "\n"
    result = read_metadata_text("".join(lines))
    assert [p.line for p in result.problems] == [broken + 1]
    assert result.problems[0].doc_id == record[0]
    assert [row.values["doc_id"] for row in result.rows] == [r[0] for r in full if r is not record]


def _quoted(value: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow([value])
    return out.getvalue()


def test_semicolons_and_trailing_delimiters_from_a_spreadsheet():
    text = "doc_id;file;title\r\na;a.txt;Een titel, met komma;;\r\nb;b.txt;Twee\r\n"
    result = read_metadata_text(text)
    assert result.problems == []
    assert [row.values["title"] for row in result.rows] == ["Een titel, met komma", "Twee"]


def test_missing_columns_refuse_the_table_with_one_reason():
    result = read_metadata_text("id,bestand\n1,a.txt\n")
    assert result.rows == []
    assert [p.reason for p in result.problems] == ["metadata mist kolom(men) doc_id, file"]


def test_a_field_over_two_lines_is_kept_when_it_is_one_value():
    text = 'doc_id,file,title\na,a.txt,"Een titel\nover twee regels"\nb,b.txt,Twee\n'
    result = read_metadata_text(text)
    assert result.problems == []
    assert result.rows[0].values["title"] == "Een titel over twee regels"
    assert result.rows[1].line == 4


def test_unknown_genre_and_unreadable_date_are_warned_not_refused():
    result = read_metadata_text("doc_id,file,genre,date\na,a.txt,Blogg,ooit\n", genres=["blog"])
    [row] = result.rows
    assert row.values["date"] == ""
    assert any("datum 'ooit'" in w for w in row.warnings)
    assert any("genre 'Blogg' is onbekend" in w for w in row.warnings)


def test_names_are_compared_composed():
    assert normalise_name("cafe\u0301.txt") == "café.txt"
    assert normalise_name(" map\\café.txt ") == "map/café.txt"
