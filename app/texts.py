"""Dutch words for the codebook's labels and figures, and number formats.

The codebook's labels are English codes (``claimed``, ``coordination``);
users of the explorer read Dutch, so every label passes through here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from pipeline.settings import ScoreSettings

COLLAB = {"yes": "samenwerking", "no": "geen samenwerking"}
REGISTER = {"coordination": "coördinatie", "dialogue": "dialoog", "mixed": "gemengd", "unmarked": "ongemarkeerd"}
MODE = {"claimed": "claim", "practised": "praktijk", "reflective": "reflectie"}
FIELD_NAMES = {"collab": "samenwerking", "register": "register", "mode": "vorm"}
FIELD_VALUES = {"collab": COLLAB, "register": REGISTER, "mode": MODE}

# The pipeline's stages as the retraining progress names them.
STAGE_NAMES = {
    "starten": "starten",
    "ingest": "documenten inlezen",
    "annotate": "taalkundige analyse",
    "detect": "woordenlijst zoeken",
    "train": "het model trainen",
    "evaluate": "het model toetsen",
    "classify": "alle zinnen labelen",
    "score": "cijfers en intervallen",
    "topics": "thema's",
    "export": "exports",
}
FIGURES = {
    "claim_practice_gap": "Kloof claim–praktijk",
    "coordination_dialogue_balance": "Balans coördinatie–dialoog",
    "collaboration_density": "Samenwerkingsdichtheid",
}
FIGURE_HELP = {
    "claim_practice_gap": "(claim − praktijk) / (claim + praktijk): −1 = alleen praktijk beschreven, "
    "+1 = alleen claims (ambities, beloften) zonder voorbeeld uit de praktijk.",
    "coordination_dialogue_balance": "(coördinatie − dialoog) / (coördinatie + dialoog): −1 = alleen in termen "
    "van gesprek en relatie, +1 = alleen in termen van afstemming, regie en procedures.",
    "collaboration_density": "Zinnen over samenwerking per 1.000 woorden.",
}
COLUMN_NAMES = {
    "organisation": "organisatie",
    "organisation_type": "soort organisatie",
    "genre": "genre",
    "subgenre": "subgenre",
    "year": "jaar",
    "author": "auteur",
    "place": "plaats",
    "format": "bestandsformaat",
}
# Evidence categories of the lexicon, as a reader would name them.
CATEGORIES = {
    "collaboration": "samenwerking",
    "coordination": "coördinatie",
    "dialogue": "dialoog",
    "claim": "claim",
    "practice": "praktijk",
    "reflective": "reflectie",
}
LABEL_COLOURS = {
    "register": {"coordination": "#bcd7f2", "dialogue": "#fbd3a5", "mixed": "#dccbf0", "unmarked": "#e3e3e3"},
    "mode": {"claimed": "#f6c6c6", "practised": "#c5e8cd", "reflective": "#fbeaa6"},
}


# The sentences a lexicon category is evidence for, in words.
CATEGORY_SENTENCES = {
    "collaboration": "samenwerkingszinnen",
    "coordination": "coördinatiezinnen",
    "dialogue": "dialoogzinnen",
    "claim": "claimzinnen",
    "practice": "praktijkzinnen",
    "reflective": "reflectiezinnen",
}


def category_name(category: str) -> str:
    if category.startswith("not_"):
        return f"valkuil: geen {CATEGORIES.get(category[4:], category[4:])}"
    return CATEGORIES.get(category, category)


def label(field: str, value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return FIELD_VALUES[field].get(str(value), str(value))


def number(value: Any, decimals: int = 2, sign: bool = False) -> str:
    """A number the Dutch way (decimal comma), a dash when undefined."""
    return _formatted(value, f"{'+' if sign else ''}.{decimals}f")


def _formatted(value: Any, spec: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format(float(value), spec).replace("-", "−").replace(".", ",")


def figure_format(figure: str) -> str:
    """How a figure is written (a format specification that Python and
    Vega's d3-format read alike): density with one decimal, the two
    balances signed with two."""
    return ".1f" if figure == "collaboration_density" else "+.2f"


def whole(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{int(round(float(value))):,}".replace(",", ".")


def interval_only(row: dict[str, Any], figure: str) -> str:
    """'interval −0,05 tot +0,30'."""
    spec = figure_format(figure)
    low, high = _formatted(row.get(f"{figure}_low"), spec), _formatted(row.get(f"{figure}_high"), spec)
    return "interval niet te bepalen" if low == "–" else f"interval {low} tot {high}"


TOO_FEW = "te weinig zinnen"


def _interval_text(point: Any, low: Any, high: Any, spec: str, status: Any = None) -> str:
    if status == "too_few_sentences":
        return TOO_FEW
    text = _formatted(point, spec)
    if text == "–":
        return "– (niet te bepalen)"
    return f"{text} [{_formatted(low, spec)}; {_formatted(high, spec)}]"


def with_interval(row: dict[str, Any], figure: str, difference: bool = False) -> str:
    """'+0,12 [−0,05; +0,30]': the figure and its interval; 'te weinig
    zinnen' where the score stage withheld it. A ``difference`` always
    carries its sign, also for the density (which alone is never negative)."""
    spec = figure_format(figure)
    if difference and not spec.startswith("+"):
        spec = "+" + spec
    return _interval_text(
        row.get(figure), row.get(f"{figure}_low"), row.get(f"{figure}_high"), spec, row.get(f"{figure}_status")
    )


def with_interval_column(table: Any, figure: str) -> list[str]:
    """:func:`with_interval` for every row of a table at once."""
    spec = figure_format(figure)
    status = table[f"{figure}_status"] if f"{figure}_status" in table else [None] * len(table)
    return [
        _interval_text(point, low, high, spec, state)
        for point, low, high, state in zip(
            table[figure].astype(float),
            table[f"{figure}_low"].astype(float),
            table[f"{figure}_high"].astype(float),
            status,
        )
    ]


def basis(row: dict[str, Any], figure: str) -> str:
    """The counts a figure rests on, in words: corrected for the model's
    errors where the score stage corrected them."""
    corrected = "corrected_collab" in row and not is_missing(row.get("corrected_collab"))
    expected = "expected_collab" in row and not is_missing(row.get("expected_collab"))
    prefix = "corrected_" if corrected else "expected_" if expected else "n_"
    get = lambda key: row.get(f"{prefix}{key}")  # noqa: E731
    counted = " (gecorrigeerd)" if corrected else " (verwacht)" if expected else ""
    if figure == "claim_practice_gap":
        return f"op {whole(get('claimed'))} claim- en {whole(get('practised'))} praktijkzinnen{counted}"
    if figure == "coordination_dialogue_balance":
        return f"op {whole(get('coordination'))} coördinatie- en {whole(get('dialogue'))} dialoogzinnen{counted}"
    return f"{whole(get('collab'))} samenwerkingszinnen{counted} op {whole(row.get('n_words'))} woorden"


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def percent(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{100 * float(value):.0f}%"


def interval_note(params: ScoreSettings | Mapping[str, Any] | None, corrected: bool = True) -> str:
    """One paragraph: what the interval means and what it accounts for."""
    params = ScoreSettings.of(params)
    level = f"{100 * params.confidence:.0f}%"
    if not corrected:
        counted = (
            "Aantallen zijn verwachte aantallen uit de kansen van het model."
            if params.use_probabilities
            else "Aantallen zijn getelde labels."
        )
        return (
            f"Tussen haken: het {level}-interval. Het houdt alleen rekening met de keuze van de zinnen, niet met "
            f"de fouten van het model; de cijfers zijn niet gecorrigeerd. {counted}"
        )
    minimum = whole(params.min_sentences)
    return (
        f"Tussen haken: het {level}-interval. Het model dat de zinnen labelt, maakt fouten, en niet willekeurig: "
        "het leest bijvoorbeeld beschreven praktijk vaker als claim dan andersom. Daarom zijn de aantallen "
        "gecorrigeerd met de foutkansen van het model, gemeten op tekstsoorten die het bij het trainen niet zag. "
        "Het interval telt drie onzekerheden mee: welke zinnen een document toevallig bevat, welke zinnen het model "
        "verkeerd las, en hoe goed we die foutkansen kennen (ze verschillen per soort tekst). Bij een groep tellen "
        "ook de verschillen tussen de documenten mee. Een cijfer op minder dan "
        f"{minimum} zinnen, of met een interval breder dan {_formatted(params.max_interval_width, '.1f')} "
        "(de schaal loopt van −1 tot +1), tonen we niet: daar staat "
        "'te weinig zinnen'. Het interval zegt niet dat het cijfer met die zekerheid klopt voor elke tekst: "
        "het is gemeten op echte beleidsnota's, verslagen en blogs, en daar bleek het model soms slechter dan "
        "verwacht (zie de README)."
    )


def counts_note(corrected: bool) -> str:
    """Why the counts under the figures differ from the counted labels; said
    once, in plain words."""
    if not corrected:
        return (
            "Twee soorten aantallen: 'Samenwerkingszinnen' telt de zinnen die het model zo labelt; onder de maten "
            "staan verwachte aantallen, opgeteld uit hoe zeker het model per zin is. Daarom verschillen ze iets."
        )
    return (
        "Twee soorten aantallen: 'Samenwerkingszinnen' telt de zinnen die het model zo labelt. Onder de maten "
        "staan gecorrigeerde aantallen: het model vergist zich soms, en de correctie schat hoeveel zinnen het "
        "werkelijk zijn. Daarom verschillen ze iets; de maten rekenen met de gecorrigeerde aantallen."
    )


_SHORT = {
    "claim_practice_gap": "kloof claim–praktijk",
    "coordination_dialogue_balance": "balans coördinatie–dialoog",
    "collaboration_density": "dichtheid per 1.000 woorden",
}
_COUNTS = {
    "collab": "samenwerkingszinnen",
    "claimed": "claimzinnen",
    "practised": "praktijkzinnen",
    "reflective": "reflectiezinnen",
    "coordination": "coördinatiezinnen",
    "dialogue": "dialoogzinnen",
    "mixed": "gemengde zinnen",
    "unmarked": "ongemarkeerde zinnen",
}


def figures_download(scores):
    """Document or group figures with Dutch column names for a download:
    the corrected figures with their intervals and status, the counts they
    rest on, and the uncorrected figures beside them. Figures are rounded
    to what their interval supports, value and bounds in columns of their
    own."""
    columns = {
        "doc_id": "document",
        "title": "titel",
        "group_by": "ingedeeld naar",
        "group": "groep",
        "organisation": "organisatie",
        "organisation_type": "soort organisatie",
        "genre": "genre",
        "subgenre": "subgenre",
        "year": "jaar",
        "n_documents": "documenten",
        "n_sentences": "zinnen",
        "n_words": "woorden",
    }
    for key, words in _COUNTS.items():
        columns[f"corrected_{key}"] = f"{words} (gecorrigeerd)"
        columns[f"n_{key}"] = f"{words} (getelde labels)"
    for figure, words in _SHORT.items():
        columns[figure] = words
        columns[f"{figure}_low"] = f"{words}: ondergrens"
        columns[f"{figure}_high"] = f"{words}: bovengrens"
        columns[f"{figure}_status"] = f"{words}: getoond"
        columns[f"uncorrected_{figure}"] = f"{words} (ongecorrigeerd)"
        columns[f"uncorrected_{figure}_low"] = f"{words} (ongecorrigeerd): ondergrens"
        columns[f"uncorrected_{figure}_high"] = f"{words} (ongecorrigeerd): bovengrens"
    table = scores[[c for c in columns if c in scores.columns]].copy()
    for figure in _SHORT:
        for prefix in ("", "uncorrected_"):
            if all(f"{prefix}{figure}{end}" in table for end in ("", "_low", "_high")):
                rounded = figure_numbers(table, f"{prefix}{figure}", "x")
                for end, column in zip(("", "_low", "_high"), rounded.columns):
                    table[f"{prefix}{figure}{end}"] = rounded[column]
    for column in [c for c in table.columns if c.startswith("corrected_")]:
        table[column] = table[column].round(1)
    for column in [c for c in table.columns if c.endswith("_status")]:
        table[column] = table[column].map({"ok": "ja", "too_few_sentences": TOO_FEW}).fillna("–")
    return table.rename(columns=columns)


def sentence_table(sentences):
    """Labelled sentences as a table for people: Dutch column names and labels."""
    table = sentences.assign(
        samenwerking=sentences["collab"].map(lambda v: label("collab", v)),
        register_nl=sentences["register"].map(lambda v: label("register", v)),
        vorm=sentences["mode"].map(lambda v: label("mode", v)),
    )[["sent_index", "text", "samenwerking", "register_nl", "vorm", "p_collab_yes"]]
    table.columns = ["Zin nr.", "Zin", "Samenwerking", "Register", "Vorm", "Kans samenwerking"]
    return table.assign(**{"Zin nr.": table["Zin nr."] + 1, "Kans samenwerking": table["Kans samenwerking"].round(2)})


_DIRECTIONS = {
    "claim_practice_gap": ("claimt duidelijk meer dan", "beschrijft duidelijk meer praktijk dan"),
    "coordination_dialogue_balance": (
        "spreekt duidelijk meer in termen van coördinatie dan",
        "spreekt duidelijk meer in termen van dialoog dan",
    ),
    "collaboration_density": (
        "schrijft duidelijk vaker over samenwerking dan",
        "schrijft duidelijk minder over samenwerking dan",
    ),
}


def verdict(figure: str, difference: dict[str, Any], name_a: str, name_b: str) -> str:
    """One plain sentence on A − B: a direction only where the interval of
    the difference leaves out zero; otherwise that the groups do not
    clearly differ, so no group is crowned on overlapping intervals."""
    low, high = difference.get(f"{figure}_low"), difference.get(f"{figure}_high")
    if is_missing(low) or is_missing(high):
        return "te weinig zinnen om te vergelijken"
    more, less = _DIRECTIONS[figure]
    if float(low) > 0:
        return f"{name_a} {more} {name_b}"
    if float(high) < 0:
        return f"{name_a} {less} {name_b}"
    return "geen duidelijk verschil"


def p_value(value: Any) -> str:
    """A p-value the Dutch way: '< 0,001' below a thousandth, else three decimals."""
    if is_missing(value):
        return "–"
    return "< 0,001" if float(value) < 0.001 else number(value, 3)


def ranking_note(ranking: Any, figure: str, name_column: str = "group") -> str:
    """What a ranking does and does not show: the first-placed group is
    only said to be ahead of the groups whose interval lies wholly below
    its own; from the rest it does not clearly differ (a conservative
    reading: intervals that do not overlap)."""
    rows = ranking.dropna(subset=[figure, f"{figure}_low", f"{figure}_high"])
    if len(rows) < 2:
        return ""
    rows = rows.sort_values(figure, ascending=False)
    top, others = rows.iloc[0], rows.iloc[1:]
    clearly = others[others[f"{figure}_high"] < top[f"{figure}_low"]]
    name = top[name_column]
    if clearly.empty:
        return (
            f"{name} staat bovenaan, maar verschilt van geen enkele andere duidelijk: alle intervallen overlappen "
            "met het zijne. Lees de volgorde dus niet als een rangorde."
        )
    unclear = len(others) - len(clearly)
    return (
        f"{name} staat bovenaan en ligt duidelijk hoger dan {whole(len(clearly))} van de {whole(len(others))} "
        f"andere (hun intervallen liggen geheel lager)"
        + (f"; van de overige {whole(unclear)} verschilt het niet duidelijk." if unclear else ".")
    )


def supported_decimals(low: Any, high: Any, most: int = 3) -> int:
    """How many decimals an interval supports: down to the first significant
    digit of its half-width (±0,25 gives one decimal, ±0,04 two), at most
    ``most``; two where there is no interval."""
    if is_missing(low) or is_missing(high) or float(high) <= float(low):
        return 2
    return int(min(most, max(0, -math.floor(math.log10((float(high) - float(low)) / 2)))))


def figure_numbers(table: Any, figure: str, name: str | None = None) -> Any:
    """A figure as three numeric columns for a spreadsheet (value, lower and
    upper bound), each row rounded to what its interval supports, and empty
    where the score stage withheld the figure."""
    import pandas as pd

    name = name or FIGURES[figure]
    withheld = (
        table[f"{figure}_status"].eq("too_few_sentences").to_numpy()
        if f"{figure}_status" in table
        else [False] * len(table)
    )
    values = {name: [], f"{name}: ondergrens": [], f"{name}: bovengrens": []}
    for point, low, high, hidden in zip(
        table[figure].astype(float),
        table[f"{figure}_low"].astype(float),
        table[f"{figure}_high"].astype(float),
        withheld,
    ):
        decimals = supported_decimals(low, high)
        for column, value in zip(values, (point, low, high)):
            values[column].append(None if hidden or is_missing(value) else round(float(value), decimals))
    return pd.DataFrame(values, index=table.index, dtype="Float64")


def ranking_download(ranking: Any, counted: str, count_words: str) -> Any:
    """The organisation ranking for a spreadsheet: Dutch headers, every
    figure as value, lower and upper bound in columns of their own, counts
    as whole numbers."""
    import pandas as pd

    parts = [
        pd.DataFrame({"Organisatie": ranking["group"], "Documenten": ranking["n_documents"]}),
        figure_numbers(ranking, "claim_practice_gap"),
        pd.DataFrame(
            {
                f"Claimzinnen ({count_words})": ranking[f"{counted}claimed"].round().astype("Int64"),
                f"Praktijkzinnen ({count_words})": ranking[f"{counted}practised"].round().astype("Int64"),
            }
        ),
        figure_numbers(ranking, "coordination_dialogue_balance"),
        figure_numbers(ranking, "collaboration_density", "Dichtheid per 1.000 woorden"),
    ]
    table = pd.concat(parts, axis=1)
    withheld = [
        ranking.get(f"{figure}_status", pd.Series(index=ranking.index, dtype=object)).eq("too_few_sentences")
        for figure in FIGURES
    ]
    table["Opmerking"] = [TOO_FEW + " voor een of meer maten" if any(w) else "" for w in zip(*withheld)]
    return table


def _shown_path(path: Any) -> str:
    """A path as the analyst can find it: relative to the folder the
    explorer was started in, when it lies below it."""
    from pathlib import Path

    path = Path(path).resolve()
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def label_saved(path: Any, count: int) -> str:
    return f"Opgeslagen in `{_shown_path(path)}` (nu {whole(count)} {'zin' if count == 1 else 'zinnen'} van u)."


def where_labels_go(path: Any) -> str:
    """Where a label goes, and when it takes effect: said on the page, not
    left for the analyst to guess."""
    return (
        f"Uw labels komen in `{_shown_path(path)}`, bij de andere gelabelde zinnen. Het model leert er pas van "
        "als het opnieuw getraind wordt: met de knop **Model opnieuw trainen** hieronder, of met `dvc repro` "
        "(dat traint alleen opnieuw als er nieuwe labels zijn). Tot dan blijven alle cijfers die van het huidige model."
    )
