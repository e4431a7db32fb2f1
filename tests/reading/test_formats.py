"""Each reader on real files of its format, rendered by the tests."""

import re

import pytest

from pipeline.reading.formats import ReadLimits, UnreadableFile, decode_text, extract, html_text_blocks, sniff_format

LIMIT = ReadLimits(max_bytes=10 * 2**20)


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
        extract(rendered["pdf"], ReadLimits(max_bytes=100))
    assert problem.value.status == "skipped"
    assert re.fullmatch(r"bestand is te groot \(\d+ kB, grens 1 kB\)", problem.value.reason)


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


# ------------------------------------------------------ deeply nested pages

ARTICLE = (
    "<h1>Samen de wijk in</h1>"
    "<p>Sinds dit voorjaar lopen de wijkagent en de jongerenwerker elke donderdag samen door de buurt.</p>"
    "<p>Bewoners weten hen nu te vinden, en de meldingen van overlast zijn in een halfjaar gehalveerd.</p>"
)


def nested_page(depth: int, article: str = ARTICLE) -> bytes:
    menu = "<nav><a href='/'>Home</a> <a href='/contact'>Contact</a></nav>"
    return f"<html><head><title>Diep</title></head><body>{menu}{'<div>' * depth}{article}{'</div>' * depth}</body></html>".encode()


@pytest.mark.parametrize("depth", [300, 2000, 5000])
def test_text_deep_inside_a_page_is_read_with_its_paragraphs_and_a_warning(tmp_path, depth):
    path = tmp_path / "diep.html"
    path.write_bytes(nested_page(depth))
    extraction = extract(path, LIMIT)
    paragraphs = extraction.text.split("\n\n")
    assert any(p.startswith("Sinds dit voorjaar") and p.endswith("samen door de buurt.") for p in paragraphs)
    assert any(p.startswith("Bewoners weten hen nu te vinden") for p in paragraphs)
    assert "Contact" not in extraction.text
    assert len(extraction.warnings) == 1 and "lagen diep genest" in extraction.warnings[0]


def test_a_page_of_ordinary_depth_gets_no_warning(tmp_path):
    path = tmp_path / "gewoon.html"
    path.write_bytes(nested_page(20))
    extraction = extract(path, LIMIT)
    assert "Bewoners weten hen nu te vinden" in extraction.text and not extraction.warnings


def test_a_deep_page_without_any_text_gets_an_accurate_reason(tmp_path):
    path = tmp_path / "leeg.html"
    path.write_bytes(nested_page(5000, article="<img src='foto.jpg'>"))
    with pytest.raises(UnreadableFile) as problem:
        extract(path, LIMIT)
    assert (problem.value.status, problem.value.reason) == (
        "skipped",
        "webpagina te diep genest en zonder leesbare tekst",
    )


def test_the_text_walk_keeps_blocks_and_list_items_and_drops_scripts():
    blocks = html_text_blocks(
        "<div><script>var x = 1;</script><p>Eerste  alinea,\n over twee regels.</p>"
        "<ul><li>koffie</li><li>thee</li></ul>tekst na de lijst<br>en na een regeleinde &amp; meer</div>"
    )
    assert blocks == [
        "Eerste alinea, over twee regels.",
        "- koffie",
        "- thee",
        "tekst na de lijst",
        "en na een regeleinde & meer",
    ]
