"""Each reader on real files of its format, rendered by the tests."""

import pytest

from pipeline.reading.formats import UnreadableFile, decode_text, extract, sniff_format

LIMIT = 10 * 2**20


@pytest.mark.parametrize("kind", ["pdf", "docx", "html", "txt"])
def test_every_format_gives_the_same_clean_paragraphs(rendered, kind):
    text = extract(rendered[kind], LIMIT).text
    paragraphs = text.split("\n\n")
    assert "Aanleiding" in paragraphs  # a heading stays a paragraph of its own
    assert any(p.startswith("In het voorjaar van 2023") and p.endswith("gingen samen op pad.") for p in paragraphs)
    assert "- drie avonden per week samen de wijk in\n- een gesprek met de jongeren bij de snackbar" in text
    assert "samenwerkingsovereenkomst" in text
    assert "„We kenden elkaar" in text and "’s avonds" in text


def test_pdf_loses_running_header_page_numbers_and_hyphens(rendered):
    extraction = extract(rendered["pdf"], LIMIT)
    assert extraction.pages and extraction.pages > 1
    assert "Pagina" not in extraction.text
    assert "Gemeente Harderzijl | Samen aan tafel" not in extraction.text
    assert "-\n" not in extraction.text
    # every paragraph of the source comes back whole, whatever the page breaks
    assert extraction.text.count("Het aantal meldingen van overlast daalde van 41 in juli naar 12 in september.") == 5


def test_html_keeps_the_article_and_drops_navigation_and_comments(rendered, source_document):
    text = extract(rendered["html"], LIMIT).text
    assert "Over ons" not in text and "Privacyverklaring" not in text and "Lees ook" not in text


def test_txt_in_windows_1252_is_decoded(rendered):
    extraction = extract(rendered["txt"], LIMIT)
    assert extraction.encoding == "cp1252"
    assert "„We kenden elkaar eigenlijk alleen van naam,” vertelt jongerenwerker Dewi." in extraction.text


def test_decode_prefers_strict_utf8():
    assert decode_text("één overleg".encode()) == ("één overleg", "utf-8")
    assert decode_text("„één” overleg, geen ‘twee’".encode("cp1252"))[0] == "„één” overleg, geen ‘twee’"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"{\\rtf1\\ansi tekst}", "rtf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image:PNG-afbeelding"),
        (b"gewone tekst", "txt"),
        (b"PK\x03\x04kapot", "zip"),
    ],
)
def test_format_is_sniffed_from_content(data, expected):
    assert sniff_format(data) == expected


def test_mislabelled_file_is_read_by_content_with_a_warning(rendered, tmp_path):
    fake_pdf = tmp_path / "pagina.pdf"
    fake_pdf.write_bytes(rendered["html"].read_bytes())
    extraction = extract(fake_pdf, LIMIT)
    assert extraction.detected_format == "html"
    assert any("inhoud is html" in warning for warning in extraction.warnings)


def test_size_limit_skips_with_a_reason(rendered):
    with pytest.raises(UnreadableFile) as problem:
        extract(rendered["pdf"], max_bytes=100)
    assert problem.value.status == "skipped" and "te groot" in problem.value.reason


def test_rtf_and_odt_are_read(tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.text import H, P

    rtf = tmp_path / "brief.rtf"
    rtf.write_text(
        r"{\rtf1\ansi Beste buren,\par We koken donderdag weer samen in het buurthuis De Akker, iedereen is welkom en neemt iets mee.\par}",
        encoding="ascii",
    )
    assert "We koken donderdag weer samen" in extract(rtf, LIMIT).text

    odt = OpenDocumentText()
    odt.text.addElement(H(outlinelevel=1, text="Verslag buurtavond"))
    odt.text.addElement(P(text="Twintig bewoners en de wijkagent spraken af om elkaar over zes weken weer te zien."))
    odt.save(str(tmp_path / "verslag.odt"))
    text = extract(tmp_path / "verslag.odt", LIMIT).text
    assert (
        text
        == "Verslag buurtavond\n\nTwintig bewoners en de wijkagent spraken af om elkaar over zes weken weer te zien."
    )
