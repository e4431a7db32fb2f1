"""Long documents: analysed in pieces cut at blank lines, with the same
rows as the whole text; a document over spaCy's million characters no
longer stops the stage."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.settings import NlpSettings
from pipeline.stages.annotate import analyse, annotate, pieces

PARAGRAPH = (
    "De wijkagent en de jongerenwerker liepen samen door de Lindelaan. "
    "Ze spraken met bewoners over de overlast bij het speelveld. "
    "Een moeder vertelde dat ze eindelijk iemand had die naar haar luisterde."
)


def long_text(paragraphs: int) -> str:
    return "\n\n".join(f"{n}. {PARAGRAPH}" for n in range(paragraphs))


@given(st.text(alphabet="ab \n", max_size=400), st.integers(min_value=5, max_value=60))
@settings(max_examples=200, deadline=None)
def test_pieces_cover_the_text_exactly_and_start_at_a_word(text, limit):
    parts = pieces(text, limit)
    assert "".join(piece for _, piece in parts) == text
    assert [offset for offset, _ in parts] == [sum(len(p) for _, p in parts[:i]) for i in range(len(parts))]
    for _, piece in parts[1:]:
        assert not piece[:1].isspace()  # the whitespace after a cut stays behind
    for _, piece in parts:
        assert len(piece.rstrip()) <= limit


def test_a_cut_falls_after_a_blank_line_where_there_is_one():
    text = long_text(30)
    parts = pieces(text, 1_000)
    assert len(parts) > 3
    assert all(piece.endswith("\n\n") for _, piece in parts[:-1])


def rows(nlp, text: str, limit: int) -> tuple[pa.Table, pa.Table]:
    settings_ = NlpSettings(max_piece_chars=max(limit, 1_000), batch_size=4)
    [(doc_id, sentences, tokens)] = list(analyse(nlp, [(text, "lang")], settings_))
    return sentences, tokens


def test_pieces_give_the_rows_of_the_whole_text(nlp):
    text = long_text(40)
    whole_sentences, whole_tokens = rows(nlp, text, 900_000)
    cut_sentences, cut_tokens = rows(nlp, text, 1_500)
    pd.testing.assert_frame_equal(whole_sentences.to_pandas(), cut_sentences.to_pandas())
    pd.testing.assert_frame_equal(whole_tokens.to_pandas(), cut_tokens.to_pandas())
    sentences = whole_sentences.to_pandas()
    assert all(text[r.start_char : r.end_char] == r.text for r in sentences.itertuples())


@pytest.mark.slow
def test_a_document_over_a_million_characters_is_analysed(tmp_path):
    # Long compound words: over a million characters with few tokens, so the test stays quick.
    words = " ".join(["samenwerkingsovereenkomstenregistratie"] * 12)
    text = "\n\n".join(f"Hoofdstuk {n}. {words}. Dit is afgesproken." for n in range(2_200))
    assert len(text) > 1_000_000
    documents = tmp_path / "documents.parquet"
    pd.DataFrame({"doc_id": ["rapport"], "text": [text], "included": [True]}).to_parquet(documents)
    summary = annotate(
        documents, tmp_path / "s.parquet", tmp_path / "t.parquet", {"n_process": 1, "max_piece_chars": 100_000}
    )
    assert summary["documents"] == 1 and summary["sentences"] >= 2 * 2_200
    sentences = pd.read_parquet(tmp_path / "s.parquet")
    assert sentences["sent_index"].tolist() == list(range(len(sentences)))
    last = sentences.iloc[-1]
    assert text[last.start_char : last.end_char] == last.text
