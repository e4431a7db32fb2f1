"""Text in the encodings Dutch files come in: UTF-8, Windows-1252 and UTF-16
with or without a byte-order mark. Any Dutch-looking text comes back as it
was written, and binary files are still told apart from text."""

import codecs
import random
import struct

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.reading.formats import (
    ReadLimits,
    UnreadableFile,
    decode_text,
    extract,
    sniff_format,
    utf16_without_bom,
)

LIMIT = ReadLimits(max_bytes=10 * 2**20)
VERSLAG = (
    "Verslag van het keukentafelgesprek\n\n"
    "De wijkverpleegkundige en de coördinator van het sociaal wijkteam spraken met mevrouw Çelik en haar zoon.\n"
    "„We willen één aanspreekpunt,” zei ze, „niet drie.” Daarover zijn nu afspraken gemaakt – ook over de ideeën "
    "voor dagbesteding.\n"
)

LOWER = "abcdefghijklmnopqrstuvwxyzéèëêáàäïíóöôüúûçñ"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÉÏÖÜ"
word = st.text(alphabet=LOWER, min_size=1, max_size=10)
token = st.one_of(
    word,
    st.builds(lambda first, rest: first + rest, st.sampled_from(UPPER), word),  # Één, Curaçao
    st.builds(lambda a, b: f"{a}’{b}", word, st.sampled_from(["n", "s", "t"])),  # zo’n, auto’s
    st.builds(lambda w, quotes: quotes[0] + w + quotes[1], word, st.sampled_from(["„”", "‘’", "“”"])),
    st.builds(lambda n: f"€ {n}", st.integers(0, 10_000)),
    st.just("–"),
)
punctuated = st.builds(lambda t, mark: t + mark, token, st.sampled_from(["", "", "", ",", ".", "?", "!", ":", "…"]))
sentence = st.lists(punctuated, min_size=1, max_size=12).map(" ".join)
dutch_text = st.lists(sentence, min_size=1, max_size=6).flatmap(
    lambda sentences: st.sampled_from(["\n", "\n\n", " "]).map(lambda glue: glue.join(sentences))
)
ENCODERS = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8 met BOM": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "cp1252": lambda text: text.encode("cp1252"),
    "utf-16-le": lambda text: text.encode("utf-16-le"),
    "utf-16-be": lambda text: text.encode("utf-16-be"),
    "utf-16-le met BOM": lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
    "utf-16-be met BOM": lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
}


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


@settings(max_examples=300, deadline=None)
@given(text=dutch_text, encoding=st.sampled_from(sorted(ENCODERS)))
def test_dutch_text_comes_back_from_every_encoding(text, encoding):
    data = ENCODERS[encoding](text)
    # Windows-1252 bytes that also form valid UTF-8 ('É”' is the UTF-8 of 'ɔ')
    # are UTF-8 to any reader; outside such a coincidence the text must return.
    assume(encoding != "cp1252" or not is_utf8(data))
    assert sniff_format(data) == "txt"
    decoded, found = decode_text(data)
    assert decoded == text
    if encoding in ("utf-16-le", "utf-16-be"):
        assert found == encoding


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path, encoding):
    path = tmp_path / "verslag.txt"
    path.write_bytes(VERSLAG.encode(encoding))
    extraction = extract(path, LIMIT)
    assert extraction.encoding == encoding and extraction.detected_format == "txt"
    assert "„We willen één aanspreekpunt,” zei ze, „niet drie.”" in extraction.text
    assert "coördinator" in extraction.text and "Çelik" in extraction.text


def test_a_web_page_in_utf16_without_a_byte_order_mark_is_a_web_page():
    page = "<!DOCTYPE html><html><body><p>Samen aan tafel in De Dreef.</p></body></html>"
    assert sniff_format(page.encode("utf-16-le")) == "html"


def binary_samples() -> dict[str, bytes]:
    rng = random.Random(7)
    return {
        "alle bytes": bytes(range(256)) * 16,
        "16-bits getallen": b"".join(struct.pack("<h", rng.randrange(256)) for _ in range(2000)),
        "32-bits getallen": b"".join(struct.pack("<i", rng.randrange(70_000)) for _ in range(1000)),
        "uitvoerbaar": b"\x7fELF\x02\x01\x01\x00" + bytes(rng.randrange(256) for _ in range(4000)),
    }


@pytest.mark.parametrize("name", sorted(binary_samples()))
def test_binary_files_are_still_binary(tmp_path, name):
    data = binary_samples()[name]
    assert utf16_without_bom(data[:4096]) is None
    assert sniff_format(data) == "binary"
    path = tmp_path / "bestand.txt"
    path.write_bytes(data)
    with pytest.raises(UnreadableFile) as problem:
        extract(path, LIMIT)
    assert (problem.value.status, problem.value.reason) == ("failed", "onbekend of beschadigd binair bestand")


@pytest.mark.parametrize(
    "text",
    ["één", "De coördinatie ligt bij de gemeente.", "Overleg op Curaçao", "ragoût", "à la carte", "Zoë en Jürgen"],
)
def test_a_few_accents_in_windows_1252_are_read_as_windows_1252(text):
    # A statistical detector read these as cp437, mac_roman or cp850.
    assert decode_text(text.encode("cp1252")) == (text, "cp1252")


def test_a_mac_roman_text_is_still_recognised():
    text = "De coördinatie van de ideeën in België verliep via één loket."
    assert decode_text(text.encode("mac_roman")) == (text, "mac_roman")
