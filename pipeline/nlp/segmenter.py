"""Rule-based Dutch sentence segmentation on spaCy tokens.

The text reaching the pipeline comes from the ingestion step, which keeps
one paragraph, heading or list item per line block.  So a token containing
a newline is always a hard boundary, and a heading without final
punctuation is a sentence of its own.  Within a line a sentence ends after
``.``, ``!``, ``?`` or ``…`` (plus any closing quotes or brackets) when the
next token looks like a sentence start (capital, digit, opening quote or
bracket, bullet), except after

* abbreviations: spaCy's Dutch tokenizer already keeps most of them as one
  token with their period (*bijv.*, *o.a.*, *d.w.z.*, *dhr.*, *mevr.*,
  *nr.*, *e.d.*, *i.s.m.*, *m.b.t.*, *t.a.v.*, *ca.*, *dr.*, *prof.*,
  *mr.*, *ir.*, *drs.*, *jl.*, *enz.*, *etc.* ...); a token that ends in a
  period and is not just the period is therefore never a sentence end, and
  the few abbreviations the tokenizer splits (*m.i .*, *z.g.a.n .*) are
  recognised by their internal periods;
* initials (*J. de Vries*, *J. Vries*);
* list numbering at the start of a line (*1. Inleiding*, *2.3. Methode*);
  times such as *10.30 uur* are single tokens and never split.

Whitespace-only tokens never start a sentence.

With ``newlines_only=True`` only the newline rule is applied and all other
tokens are left undecided, so that a trained parser placed after this
component still decides the rest but cannot join a heading to the next
paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

FACTORY_NAME = "samenspraak_sentencizer"

TERMINALS = frozenset({".", "!", "?", "…", "...", "?!", "!?", "!!", "??", "?!?", "!!!", "???", "...."})
CLOSERS = frozenset({")", "]", "}", '"', "'", "''", "”", "’", "»", "›"})
OPENERS = frozenset({'"', "'", "„", "“", "‘", "«", "‹", ",,", "(", "[", "`", "``"})
BULLETS = frozenset({"•", "-", "–", "—", "*", "·", "▪", "‣", "◦", "→", ">"})

# Abbreviations that the Dutch tokenizer might split from their final
# period, written without it (checked only when the period is a token of
# its own).  Most abbreviations never get here because the tokenizer keeps
# them whole.
ABBREVIATIONS = frozenset(
    {
        "bijv",
        "bv",
        "o.a",
        "d.w.z",
        "dhr",
        "mevr",
        "mw",
        "nr",
        "e.d",
        "i.s.m",
        "m.b.t",
        "t.a.v",
        "ca",
        "dr",
        "prof",
        "mr",
        "ir",
        "drs",
        "ing",
        "jl",
        "enz",
        "etc",
        "blz",
        "m.i",
        "z.g.a.n",
        "i.p.v",
        "o.m",
        "vs",
        "st",
        "vgl",
        "zgn",
        "a.s",
        "p",
        "pag",
        "jr",
        "sr",
        "mgr",
        "ds",
        "fa",
        "resp",
        "incl",
        "excl",
        "evt",
        "max",
        "min",
        "tel",
        "afd",
        "art",
        "dept",
        "hfst",
        "fig",
        "ex",
        "n.a.v",
        "t.o.v",
        "z.s.m",
        "a.u.b",
    }
)

_INITIAL = re.compile(r"^[A-ZÀ-Ý]$")
_DOTTED_ABBREVIATION = re.compile(r"^(?:\w{1,4}\.)+\w{0,4}$")
_LIST_NUMBER = re.compile(r"^(?:\d{1,3}|[a-zA-Z]|[ivxlcIVXLC]{1,5})(?:\.\d{1,3})*$")


def _starts_sentence(text: str) -> bool:
    """Whether a token can begin a sentence."""
    first = text[:1]
    return (
        first.isupper()
        or first.isdigit()
        or text in OPENERS
        or text in BULLETS
        or first in {"„", "“", "‘", "«", "(", "[", "'", '"'}
    )


def _is_terminal(text: str) -> bool:
    return text in TERMINALS or (len(text) > 1 and set(text) <= {".", "!", "?", "…"})


def _is_abbreviation_token(text: str) -> bool:
    """A token that keeps its final period and so is an abbreviation or initial."""
    if len(text) < 2 or not text.endswith("."):
        return False
    if set(text) <= {".", "!", "?", "…"}:
        return False
    return True


def sentence_starts(
    texts: Sequence[str],
    spaces: Sequence[bool] | None = None,
    *,
    newlines_only: bool = False,
) -> list[bool | None]:
    """Sentence-start decisions for a sequence of token texts.

    ``spaces`` tells for each token whether whitespace follows it; it is
    used to read a straight quote glued to the preceding word as a closing
    quote (*"Ja." Daarna*).  Returns ``True`` (starts a sentence), ``False``
    (does not) or ``None`` (undecided, only in ``newlines_only`` mode) per
    token.  Pure function so that it can be tested without building Docs.
    """
    if spaces is None:
        spaces = [True] * len(texts)
    n = len(texts)
    starts: list[bool | None] = [None if newlines_only else False] * n
    closing = _closing_quotes(texts)
    previous_content: int | None = None  # index of the last non-space token
    newline_since_content = True  # the start of the text counts as a new line
    line_start: int | None = None  # first content token of the current line
    for i, text in enumerate(texts):
        if not text.strip():
            starts[i] = False
            if "\n" in text:
                newline_since_content = True
            continue
        if newline_since_content:
            starts[i] = True
            line_start = i
        elif not newlines_only:
            glued = previous_content is not None and previous_content == i - 1 and not spaces[i - 1]
            if (glued and texts[i] in CLOSERS) or closing[i] or texts[i] in _CLOSE_ONLY:
                starts[i] = False  # a closing quote or bracket ends, not starts
            else:
                starts[i] = _boundary_before(texts, i, previous_content, line_start)
        newline_since_content = False
        previous_content = i
    return starts


_AMBIGUOUS_QUOTES = frozenset({'"', "'"})
_CLOSE_ONLY = frozenset({"''", "”", "’", "»", "›", ")", "]", "}"})


def _closing_quotes(texts: Sequence[str]) -> list[bool]:
    """Which straight quotes (``"`` and ``'`` as tokens) close a quotation.

    A straight quote cannot say whether it opens or closes; within a line
    they alternate, so an odd one opens and an even one closes.  The count
    restarts at every line break.
    """
    closing = [False] * len(texts)
    open_quote = {quote: False for quote in _AMBIGUOUS_QUOTES}
    for i, text in enumerate(texts):
        if "\n" in text:
            open_quote = {quote: False for quote in _AMBIGUOUS_QUOTES}
        elif text in _AMBIGUOUS_QUOTES:
            closing[i] = open_quote[text]
            open_quote[text] = not open_quote[text]
    return closing


def _boundary_before(texts: Sequence[str], i: int, previous: int | None, line_start: int | None) -> bool:
    """Whether the content token ``i`` starts a sentence within its line."""
    if previous is None or not _starts_sentence(texts[i]):
        return False
    # Step back over closing quotes and brackets to the punctuation itself.
    q = previous
    while q > 0 and texts[q] in CLOSERS and (line_start is None or q > line_start):
        q -= 1
    text = texts[q]
    if _is_abbreviation_token(text):
        return False
    if not _is_terminal(text):
        return False
    if text == "." and q > 0:
        before = texts[q - 1]
        if not before.strip():
            return True
        if _INITIAL.match(before):
            return False  # J . Vries
        if before.lower() in ABBREVIATIONS or _DOTTED_ABBREVIATION.match(before) and "." in before:
            return False  # m.i . / z.g.a.n .
        if line_start is not None and q - 1 == line_start and _LIST_NUMBER.match(before):
            return False  # 1 . Inleiding
    return True


class RuleSentencizer:
    """Sets ``is_sent_start`` on every token from :func:`sentence_starts`."""

    def __init__(self, name: str, newlines_only: bool = False) -> None:
        self.name = name
        self.newlines_only = newlines_only

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        starts = sentence_starts(
            [token.text for token in doc],
            [bool(token.whitespace_) for token in doc],
            newlines_only=self.newlines_only,
        )
        # Setting ``token.is_sent_start`` one token at a time makes spaCy
        # re-scan the Doc on every assignment (quadratic on long texts), so
        # the values are written as one array: 1 start, -1 not, 0 undecided.
        values = numpy.array([[1 if start else (0 if start is None else -1)] for start in starts], dtype="int64")
        values[0, 0] = 1  # spaCy always treats the first token as a start
        values = values.astype("uint64")  # the dtype Doc.from_array expects
        doc.from_array([SENT_START], values)
        return doc

    def pipe(self, stream, batch_size: int = 128):  # type: ignore[no-untyped-def]
        for doc in stream:
            yield self(doc)


@Language.factory(
    FACTORY_NAME,
    default_config={"newlines_only": False},
    assigns=["token.is_sent_start"],
)
def make_rule_sentencizer(nlp: Language, name: str, newlines_only: bool) -> RuleSentencizer:
    """Factory registered with spaCy so the component can live in a config."""
    return RuleSentencizer(name, newlines_only)
