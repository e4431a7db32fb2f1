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
from urllib.parse import urlencode

from app import texts
from pipeline.reading.formats import megabytes

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
.sp-kwic td.t a.src {color: #666;}
.sp-card {line-height: 1.55;}
.sp-src {color: #666; font-size: 0.8rem;}
.sp-par {margin: 0 0 0.9em 0;}
.sp-row {display: flex; gap: 0.6em; margin: 0 0 0.35em 0;}
.sp-row.sp-target {outline: 2px solid #0072B2; outline-offset: 3px; border-radius: 0.25em;}
.sp-no {color: #888; font-size: 0.78rem; min-width: 2.2em; text-align: right; padding-top: 0.3em;}
.sp-body {flex: 1;}
.sp-labels {font-size: 0.8rem; line-height: 1.4; margin-top: 0.1em; color: #333;}
.sp-chip {display: inline-block; margin: 0 0.35em 0.1em 0; padding: 0 0.45em; border-radius: 0.6em;
  border: 1px solid #ccc; background: #fff;}
@media print {.sp-chip {border-color: #888;}}
.sp-legend span {display: inline-block; margin: 0 0.6em 0.3em 0; padding: 0.05em 0.5em; border-radius: 0.25em; color: #1d1d1d;}
</style>"""


def legend(colour_by: str, show_labels: bool = False) -> str:
    labels = (
        "Onder elke zin de labels van het model, met hoe zeker het is van elk label "
        "(bij 'geen samenwerking 90%' is het model voor 90% zeker dat de zin niet over samenwerking gaat)."
        if show_labels
        else ""
    )
    values = texts.REGISTER if colour_by == "register" else texts.MODE
    items = "".join(
        f'<span style="background:{texts.LABEL_COLOURS[colour_by][code]}">{html.escape(name)}</span>'
        for code, name in values.items()
    )
    return (
        f'{STYLE}<div class="sp-legend">{labels}<br><b>Kleur = {texts.FIELD_NAMES[colour_by]}:</b> {items}'
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


def label_parts(row: dict[str, Any]) -> list[tuple[str, str, str]]:
    """A sentence's labels as (field, words, colour): 'samenwerking 87%',
    then its register and mode. Each percentage is the model's confidence in
    the label it gives: 'geen samenwerking 87%', not the chance of the other
    label."""
    p_yes = row.get("p_collab_yes")
    given = p_yes if row.get("collab") == "yes" or texts.is_missing(p_yes) else 1 - float(p_yes)
    parts = [("collab", f"{texts.COLLAB.get(row['collab'], row['collab'])} {texts.percent(given)}", "")]
    if row.get("collab") == "yes":
        for field in ("register", "mode"):
            value = row.get(field)
            if value:
                words = f"{texts.label(field, value)} {texts.percent(row.get(f'p_{field}_{value}'))}"
                parts.append((field, words, texts.LABEL_COLOURS[field].get(str(value), "")))
    return parts


def sentence_title(row: dict[str, Any]) -> str:
    return "model: " + " · ".join(words for _, words, _ in label_parts(row))


def label_chips(row: dict[str, Any]) -> str:
    """The labels as a line of chips under a sentence: readable without a
    mouse, on a touch screen and on paper."""
    chips = []
    for field, words, colour in label_parts(row):
        style = f' style="background:{colour}"' if colour else ""
        chips.append(f'<span class="sp-chip sp-{field}"{style}>{html.escape(words)}</span>')
    chips = "".join(chips)
    return f'<div class="sp-labels">{chips}</div>'


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


def labelled_row(row: dict[str, Any], body: str, target: bool = False) -> str:
    """A sentence on its own line with its number and, under it, its
    labels; ``target`` marks the sentence a link led to."""
    number = int(row["sent_index"]) + 1
    classes = "sp-row sp-target" if target else "sp-row"
    return (
        f'<div class="{classes}" id="zin-{number}"><span class="sp-no">{number}</span>'
        f'<div class="sp-body">{body}{label_chips(row)}</div></div>'
    )


def sentence_card(row: dict[str, Any], colour_by: str = "mode") -> str:
    """A sentence out of its document: where it comes from (organisation,
    title, sentence number), the sentence, and its labels."""
    source = f"{row['organisation']} · {row['title']}, zin {int(row['sent_index']) + 1}"
    return (
        f'{STYLE}<div class="sp-doc sp-card"><div class="sp-src">{html.escape(source)}</div>'
        f"{sentence(row, [], {}, colour_by)}{label_chips(row)}</div>"
    )


def document(
    text: str,
    sentences: list[dict[str, Any]],
    evidence: list[dict[str, Any]],
    glosses: dict[str, str],
    colour_by: str,
    only_collab: bool,
    show_labels: bool = True,
    target: int | None = None,
) -> str:
    """The sentences of a document in reading order; a blank line in the
    original text starts a new paragraph. With ``show_labels`` each
    sentence stands on its own line, numbered, with its labels under it;
    without, the text flows and the labels are in each sentence's tooltip.
    ``target`` (a ``sent_index``) is the sentence a link led to."""
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
        shown = sentence(row, by_sentence.get(row["sent_index"], []), glosses, colour_by)
        if show_labels:
            shown = labelled_row(row, shown, target is not None and row["sent_index"] == target)
        current.append(shown)
    if current:
        paragraphs.append(current)
    if show_labels:
        body = "".join(f'<div class="sp-par">{"".join(p)}</div>' for p in paragraphs if p)
    else:
        body = "".join(f"<p>{' '.join(p)}</p>" for p in paragraphs if p)
    return f'{STYLE}<div class="sp-doc">{body or "<p><i>Geen zinnen om te tonen.</i></p>"}</div>'


def sentences_list(rows: list[dict[str, Any]], glosses: dict[str, str], colour_by: str) -> str:
    """Loose sentences (an uploaded file), each with its own evidence and
    its labels under it."""
    body = "".join(labelled_row(row, sentence(row, row.get("evidence", []), glosses, colour_by)) for row in rows)
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
        number = int(row["sent_index"]) + 1
        source = f"{row['organisation']} · {row['title']}, zin {number}"
        # The line leads to its sentence in its document (in a new tab, so
        # that the concordance stays as it is).
        link = f"document?{urlencode({'doc': row['doc_id'], 'zin': number})}"
        lines.append(
            f'<tr><td class="l"><span>{html.escape(left)}</span></td>'
            f'<td class="m">{html.escape(row["match"])}{punctuation}</td>'
            f'<td class="r">{html.escape(right)}</td>'
            f'<td class="t">{html.escape(labels)}<br><a class="src" href="{html.escape(link)}" target="_blank">'
            f"{html.escape(source)}</a></td></tr>"
        )
    return f'{STYLE}<table class="sp-kwic">{"".join(lines)}</table>'


def page_style(max_upload_mb: float) -> str:
    """The style sheet of every page. Streamlit writes its own controls in
    English and has no setting to change that, so:

    - the toolbars over tables and charts (Show data, Download as CSV,
      Search, Fullscreen) and a table's column menu (Sort ascending, ...)
      are hidden: every table and chart has its own Dutch download buttons;
    - so is the hint under a text field ("Press Enter to apply"); the
      pages say in Dutch where Enter matters;
    - so is the app menu (Print, Settings, About, ...; ``toolbarMode =
      "viewer"`` already leaves out the developer's items): the browser
      prints a page just as well;
    - the uploader's file size ("11.0MB", English notation) is hidden;
    - the uploader's button, its instructions and its refusal (the browser
      refuses only a file over its size limit: the uploader accepts every
      type, so that the page can say in Dutch why a file cannot be read),
      and the skip link that keyboard users meet first, get Dutch words. The English
      text stays in the page (so the control keeps working and can still
      take the focus) but is not drawn; a ``::after`` draws the Dutch.
    """
    limit = megabytes(max_upload_mb * 2**20)
    return f"""<style>
[data-testid="stElementToolbar"], [data-testid="stDataFrameColumnMenu"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="InputInstructions"] {{display: none !important;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p {{display: none;}}
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"]::after {{content: "Bestand kiezen";}}
[data-testid="stFileUploaderDropzoneInstructions"] span {{font-size: 0; visibility: hidden;}}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "of sleep het hierheen · PDF, Word, HTML, tekst, ODT of RTF · tot {limit}";
  font-size: 0.875rem; visibility: visible;}}
[data-testid="stFileUploader"] button[aria-label="Add files"], [data-testid="stFileChipName"] + div {{display: none;}}
[data-testid="stFileChip"] [role="alert"], [data-testid="stTooltipErrorContent"] * {{font-size: 0;}}
[data-testid="stTooltipErrorContent"]::after {{content: "Dit bestand is te groot: de verkenner leest bestanden tot {limit}.";}}
[data-testid="stSkipToContent"] {{font-size: 0;}}
[data-testid="stSkipToContent"]::after {{content: "Naar de inhoud"; font-size: 1rem;}}
</style>"""
