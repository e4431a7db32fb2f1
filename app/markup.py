"""Sentences as HTML: coloured by their label, with the lexicon markers
that drove the label underlined and explained in a tooltip.

Colour shows the register or the mode of a collaboration sentence (the
user chooses which); a sentence's own tooltip gives all three labels and
the model's certainty. Pitfall markers (a word that looks like
collaboration but is not, "samen met de bijlage") get a dashed line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any

from app import texts

STYLE = """<style>
.sp-doc {line-height: 1.75; font-size: 1rem;}
.sp-doc p {margin: 0 0 0.8em 0;}
.sp-s {padding: 0.1em 0.15em; border-radius: 0.25em; color: inherit;}
.sp-s.sp-c {color: #1d1d1d;}
.sp-m {border-bottom: 1.5px solid #444; cursor: help;}
.sp-m.sp-pit {border-bottom: 1.5px dashed #999;}
.sp-kwic {width: 100%; border-collapse: collapse; font-size: 0.92rem; table-layout: fixed;}
.sp-kwic td {padding: 0.2em 0.4em; border-bottom: 1px solid #eee; white-space: nowrap; overflow: hidden;}
.sp-kwic td.l {text-align: right; width: 37%; direction: rtl;}
.sp-kwic td.l span {direction: ltr; unicode-bidi: embed;}
.sp-kwic td.m {font-weight: 700; text-align: center; width: 12%; text-overflow: ellipsis;}
.sp-kwic td.r {width: 37%; text-overflow: ellipsis;}
.sp-kwic td.t {color: #666; font-size: 0.8rem; width: 14%; white-space: normal;}
.sp-kwic td.m span.p {font-weight: 400;}
.sp-kwic td.t span.src {color: #888;}
.sp-legend span {display: inline-block; margin: 0 0.6em 0.3em 0; padding: 0.05em 0.5em; border-radius: 0.25em; color: #1d1d1d;}
</style>"""


def legend(colour_by: str) -> str:
    values = texts.REGISTER if colour_by == "register" else texts.MODE
    items = "".join(
        f'<span style="background:{texts.LABEL_COLOURS[colour_by][code]}">{html.escape(name)}</span>'
        for code, name in values.items()
    )
    return (
        f'{STYLE}<div class="sp-legend"><b>Kleur = {texts.FIELD_NAMES[colour_by]}:</b> {items}'
        '<span style="border-bottom:1.5px solid #444;border-radius:0">onderstreept</span> = woord uit de '
        "woordenlijst dat het label mede bepaalt (wijs het aan voor uitleg); "
        '<span style="border-bottom:1.5px dashed #999;border-radius:0">gestippeld</span> = valkuil: een woord dat '
        "op samenwerking lijkt maar het hier niet is (zoals 'samengevat'); zinnen zonder kleur gaan niet over "
        "samenwerking.</div>"
    )


def _marker_spans(markers: Iterable[dict[str, Any]]) -> list[tuple[int, int, list[dict[str, Any]]]]:
    """Overlapping markers merged into one underlined stretch."""
    spans: list[tuple[int, int, list[dict[str, Any]]]] = []
    for marker in sorted(markers, key=lambda m: (m["start"], -m["end"])):
        if spans and marker["start"] < spans[-1][1]:
            start, end, members = spans[-1]
            spans[-1] = (start, max(end, marker["end"]), members + [marker])
        else:
            spans.append((marker["start"], marker["end"], [marker]))
    return spans


def _marker_title(marker: dict[str, Any], glosses: dict[str, str]) -> str:
    """The category and the lexicon's Dutch gloss; never the entry's id
    (``claim.komende_jaren`` means nothing to a reader)."""
    gloss = glosses.get(marker["name"], "")
    return texts.category_name(marker["category"]) + (f": {gloss}" if gloss else "")


def sentence_title(row: dict[str, Any]) -> str:
    # The percentage is the model's confidence in the label it gives:
    # "geen samenwerking (87%)", not the chance of the other label.
    p_yes = row.get("p_collab_yes")
    given = p_yes if row.get("collab") == "yes" or texts.is_missing(p_yes) else 1 - float(p_yes)
    parts = [f"{texts.COLLAB.get(row['collab'], row['collab'])} ({texts.percent(given)})"]
    if row.get("collab") == "yes":
        for field in ("register", "mode"):
            value = row.get(field)
            if value:
                parts.append(f"{texts.label(field, value)} ({texts.percent(row.get(f'p_{field}_{value}'))})")
    return "model: " + " · ".join(parts)


def sentence(row: dict[str, Any], markers: list[dict[str, Any]], glosses: dict[str, str], colour_by: str) -> str:
    """One sentence; ``markers`` have ``start``/``end`` relative to it.
    Outside collaboration sentences only the markers that bear on that
    decision are underlined (collaboration words and pitfalls): the
    register and mode words there explain nothing and would only clutter."""
    text = row["text"]
    if row.get("collab") != "yes":
        markers = [m for m in markers if m["category"] == "collaboration" or m["category"].startswith("not_")]
    pieces, position = [], 0
    for start, end, members in _marker_spans(m for m in markers if 0 <= m["start"] < m["end"] <= len(text)):
        pieces.append(html.escape(text[position:start]))
        title = "\n".join(_marker_title(m, glosses) for m in members)
        pitfall = all(m["category"].startswith("not_") for m in members)
        pieces.append(
            f'<span class="sp-m{" sp-pit" if pitfall else ""}" title="{html.escape(title)}">'
            f"{html.escape(text[start:end])}</span>"
        )
        position = end
    pieces.append(html.escape(text[position:]))
    colour = ""
    if row.get("collab") == "yes":
        colour = texts.LABEL_COLOURS[colour_by].get(str(row.get(colour_by)), "#eeeeee")
    style = f' style="background:{colour}"' if colour else ""
    classes = "sp-s sp-c" if colour else "sp-s"
    return f'<span class="{classes}"{style} title="{html.escape(sentence_title(row))}">{"".join(pieces)}</span>'


def document(
    text: str,
    sentences: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    glosses: dict[str, str],
    colour_by: str,
    only_collab: bool,
) -> str:
    """The sentences of a document in reading order; a blank line in the
    original text starts a new paragraph."""
    by_sentence: dict[int, list[dict[str, Any]]] = {}
    starts = {row["sent_index"]: row["start_char"] for row in sentences}
    for marker in evidence:
        offset = starts.get(marker["sent_index"])
        if offset is not None:
            by_sentence.setdefault(marker["sent_index"], []).append(
                {**marker, "start": marker["start_char"] - offset, "end": marker["end_char"] - offset}
            )
    paragraphs, current, previous_end = [], [], None
    for row in sentences:
        gap = text[previous_end : row["start_char"]] if previous_end is not None and text else ""
        if current and ("\n" in gap or only_collab):
            paragraphs.append(current)
            current = []
        previous_end = row["end_char"]
        if only_collab and row["collab"] != "yes":
            continue
        current.append(sentence(row, by_sentence.get(row["sent_index"], []), glosses, colour_by))
    if current:
        paragraphs.append(current)
    body = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p)
    return f'{STYLE}<div class="sp-doc">{body or "<p><i>Geen zinnen om te tonen.</i></p>"}</div>'


def sentences_list(rows: list[dict[str, Any]], glosses: dict[str, str], colour_by: str) -> str:
    """Loose sentences (an uploaded file), each with its own evidence."""
    body = "".join(f"<p>{sentence(row, row.get('evidence', []), glosses, colour_by)}</p>" for row in rows)
    return f'{STYLE}<div class="sp-doc">{body or "<p><i>Geen zinnen om te tonen.</i></p>"}</div>'


def kwic(rows: list[dict[str, Any]], width: int = 120) -> str:
    """Keyword-in-context lines: the match in the middle column, the words
    nearest to it on either side, and the sentence's labels."""
    lines = []
    for row in rows:
        left, right = row["left"], row["right"]
        left = ("…" + left[-width:]) if len(left) > width else left
        right = (right[:width] + "…") if len(right) > width else right
        # Punctuation right after the match stays with it ("afstemming:"),
        # not at the start of the next column, where it reads as "afstemming :".
        stuck = re.match(r"[.,:;!?)\]»”’…]+", right)
        tail = stuck.group(0) if stuck else ""
        right = right[len(tail) :]
        punctuation = f'<span class="p">{html.escape(tail)}</span>' if tail else ""
        labels = texts.label("collab", row["collab"])
        if row.get("collab") == "yes":
            labels += f" · {texts.label('register', row['register'])} · {texts.label('mode', row['mode'])}"
        source = f"{row['organisation']} · {row['title']}, zin {int(row['sent_index']) + 1}"
        lines.append(
            f'<tr><td class="l"><span>{html.escape(left)}</span></td>'
            f'<td class="m">{html.escape(row["match"])}{punctuation}</td>'
            f'<td class="r">{html.escape(right)}</td>'
            f'<td class="t">{html.escape(labels)}<br><span class="src">{html.escape(source)}</span></td></tr>'
        )
    return f'{STYLE}<table class="sp-kwic">{"".join(lines)}</table>'
