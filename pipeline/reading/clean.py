"""Turn what text extraction leaves behind into clean running text.

Everything downstream (sentence splitting, marker matching, word counts)
assumes one structural unit per line block: paragraphs and headings are
separated by a blank line, list items by a single newline, and no line is
broken for layout reasons. These functions establish that, without ever
merging two paragraphs or a heading into the paragraph that follows it.

All functions are pure: text in, text out.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

# Typographic ligatures that PDF extraction returns as one code point.
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Characters with no visible effect that break matching: soft hyphen,
# zero-width (non-)joiners and spaces, word joiner, byte-order mark.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
_INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")
# Bullets that PDF extraction returns as private-use or control code points
# (Symbol and Wingdings fonts, or a bullet outside the font's encoding).
_ODD_BULLET_RE = re.compile(r"^[ \t]*[\x7f\x95\uf0b7\uf0a7\uf0d8\uf076\uf0fc\uf0a8\u25a0][ \t]*", re.MULTILINE)
# Control characters other than newline; tabs and form feeds are handled first.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_SPACES_RE = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

LIST_MARKER_RE = re.compile(r"^\s*(?:[-\u2022*\u2013\u00b7\u25aa\u25e6\u2043\u25cf]|\d{1,2}[.)]|[a-z][.)])\s+")
_SENTENCE_END = (".", "!", "?", ":", ";", "\u2026", '"', "\u201d", "'", "\u2019", ")")
_PAGE_NUMBER_RE = re.compile(
    r"^(?:pagina|page|blz\.?|p\.)?\s*[-\u2013\u2014]?\s*\d{1,4}\s*"
    r"(?:[-\u2013\u2014]|(?:van|of|/)\s*\d{1,4})?\s*$",
    re.IGNORECASE,
)
# A word hyphenated at the end of a line, and the lower-case rest on the next.
_WORD_BEFORE_HYPHEN_RE = re.compile(r"(\w+)-$")
_WORD_AFTER_BREAK_RE = re.compile(r"([a-z\u00df-\u00ff]\w*)")
# Elliptical compounds keep their hyphen: "zorg- en veiligheidshuis".
_ELLIPSIS_CONJUNCTIONS = {"en", "of", "tot", "noch"}


def normalise_characters(text: str) -> str:
    """Make the code points predictable: NFC, no ligatures, no invisible or
    control characters, one kind of space and one kind of newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = unicodedata.normalize("NFC", text)
    for ligature, letters in LIGATURES.items():
        text = text.replace(ligature, letters)
    text = _INVISIBLE_RE.sub("", text)
    text = _ODD_BULLET_RE.sub("- ", text)
    text = _CONTROL_RE.sub("", text)
    text = _SPACES_RE.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def hyphenation_vocabulary(text: str) -> Counter[str]:
    """Word forms of a document, hyphenated ones included, to judge line-end hyphens."""
    return Counter(w.lower() for w in re.findall(r"\w+(?:-\w+)*", text))


def join_wrapped(left: str, right: str, vocabulary: Counter[str]) -> str:
    """Join two lines that one paragraph was wrapped over.

    Typesetters hyphenate at line ends; real Dutch hyphens (``Noord-Brabant``,
    ``zee-egel``, ``zorg- en veiligheidshuis``) must survive. The document
    itself is the best dictionary: if the hyphenated form occurs elsewhere on
    one line and the closed form does not, the hyphen is real; otherwise it
    is a line-end artefact.
    """
    head = _WORD_BEFORE_HYPHEN_RE.search(left)
    if head and right[:1].isupper():
        return f"{left}{right}"  # Noord-Brabant, GGD-regio: a capital keeps its hyphen
    tail = _WORD_AFTER_BREAK_RE.match(right)
    if not (head and tail):
        return f"{left} {right}"
    head_word, tail_word = head.group(1), tail.group(1)
    if tail_word.lower() in _ELLIPSIS_CONJUNCTIONS:
        return f"{left} {right}"
    hyphenated = vocabulary[f"{head_word}-{tail_word}".lower()]
    closed = vocabulary[f"{head_word}{tail_word}".lower()]
    if hyphenated > 0 and closed == 0:
        return f"{left}{right}"
    return f"{left[:-1]}{right}"


def _is_list_item(line: str) -> bool:
    return bool(LIST_MARKER_RE.match(line))


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith(_SENTENCE_END)


def _looks_like_heading(line: str, next_line: str, width: int) -> bool:
    """A short line without closing punctuation followed by a capitalised line."""
    return (
        len(line) < 0.6 * width
        and not _ends_sentence(line)
        and not line.rstrip().endswith((",", "-"))
        and (next_line[:1].isupper() or next_line[:1].isdigit())
    )


def _line_breaks_paragraph(line: str, next_line: str, width: int, block_lines: int) -> bool:
    if _is_list_item(next_line):
        return True
    if block_lines < 3:
        # Too little evidence of a wrap width. A wrapped first line is about
        # as long as any line after it; a heading over a sentence is not.
        return (
            len(line) < 0.75 * len(next_line) and not line.rstrip().endswith((",", "-")) and not next_line[:1].islower()
        )
    if len(line) < 0.75 * width and _ends_sentence(line):
        return True
    return _looks_like_heading(line, next_line, width)


def unwrap(text: str) -> str:
    """Join hard-wrapped lines into paragraphs, keeping list items and
    headings on their own lines and blank lines between paragraphs.

    Without a blank line, a paragraph end is recognised by a short line
    ending a sentence, and a heading by a short line without closing
    punctuation. That is reliable while the wrap width is at least about four
    times the longest word (ordinary text at 55 characters or more); in
    narrower columns a full line can look short.
    """
    vocabulary = hyphenation_vocabulary(text)
    paragraphs: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        width = max(len(line) for line in lines)
        current = lines[0]
        units: list[str] = []
        for line, next_line in zip(lines, lines[1:]):
            if _line_breaks_paragraph(line, next_line, width, len(lines)):
                units.append(current)
                current = next_line
            else:
                current = join_wrapped(current, next_line, vocabulary)
        units.append(current)
        paragraphs.extend(_group_list_items(units))
    return "\n\n".join(paragraphs)


def _group_list_items(units: Sequence[str]) -> list[str]:
    """Consecutive list items form one block with one item per line."""
    grouped: list[str] = []
    for unit in units:
        if grouped and _is_list_item(unit) and _is_list_item(grouped[-1].split("\n")[-1]):
            grouped[-1] = f"{grouped[-1]}\n{unit}"
        else:
            grouped.append(unit)
    return grouped


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def remove_page_furniture(pages: Sequence[str], edge_lines: int = 3) -> list[str]:
    """Drop running headers, footers and page numbers.

    A line counts as furniture when it sits among the first or last
    ``edge_lines`` lines of a page and, with digits ignored, recurs at the
    edge of at least half of the pages (and at least two), or is a bare page
    number. Lines in the middle of a page are never touched.
    """
    page_lines = [page.split("\n") for page in pages]
    edge_counts: Counter[tuple[str, int, str]] = Counter()
    for lines in page_lines:
        edges = _edge_positions(lines, edge_lines)
        edge_counts.update({(*position, _furniture_key(lines[i])) for i, position in edges.items()})
    threshold = max(2, math.ceil(0.5 * len(pages)))
    cleaned = []
    for lines in page_lines:
        edges = _edge_positions(lines, edge_lines)
        kept = [
            line
            for i, line in enumerate(lines)
            if i not in edges
            or not (
                _PAGE_NUMBER_RE.match(line.strip())
                or (len(pages) > 1 and edge_counts[(*edges[i], _furniture_key(line))] >= threshold)
            )
        ]
        cleaned.append("\n".join(kept))
    return cleaned


def _edge_positions(lines: Sequence[str], edge_lines: int) -> dict[int, tuple[str, int]]:
    """Line index -> (edge, rank) for the first and last filled lines of a
    page. Furniture sits at the same rank from the same edge on every page."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    positions = {i: ("bottom", rank) for rank, i in enumerate(reversed(filled[-edge_lines:]))}
    positions.update({i: ("top", rank) for rank, i in enumerate(filled[:edge_lines])})
    return positions


def join_pages(pages: Iterable[str]) -> str:
    """Join pages, continuing a paragraph that runs over a page break."""
    text = ""
    for page in pages:
        page = page.strip("\n")
        if not page.strip():
            continue
        if not text:
            text = page
        elif _ends_sentence(text.rstrip().split("\n")[-1]) or _is_list_item(page.lstrip()):
            text = f"{text}\n\n{page}"
        else:
            text = f"{text}\n{page}"
    return text


def tidy(text: str) -> str:
    """Final whitespace discipline: single spaces, no empty runs of lines."""
    text = re.sub(r"[ ]{2,}", " ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def clean_layout_text(pages: Sequence[str]) -> str:
    """Clean text whose lines were broken for layout: PDF pages and plain text."""
    normalised = [normalise_characters(page) for page in pages]
    body = join_pages(remove_page_furniture(normalised))
    return tidy(unwrap(body))


def clean_blocks(blocks: Iterable[str]) -> str:
    """Clean text that arrives already structured: one string per paragraph,
    heading or list item (DOCX, HTML, ODT). Soft line breaks inside a block
    become spaces; list items keep one item per line."""
    units = []
    for block in blocks:
        block = normalise_characters(block)
        block = re.sub(r"\s*\n\s*", " ", block).strip()
        if block:
            units.append(block)
    return tidy("\n\n".join(_group_list_items(units)))


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of letters or digits."""
    return len(re.findall(r"\w+(?:[-'\u2019]\w+)*", text))
