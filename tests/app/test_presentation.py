"""What a reader sees, tested without a pipeline build: a sentence's
labels and evidence (the confidence in the label given, Dutch glosses, a
legend for every underline), concordance lines, verdicts and rankings that
crown no winner on overlapping intervals, Dutch notation, the trend's time
axis, and the explorer's own settings."""

from __future__ import annotations

from app import markup

ROW = {"text": "Samengevat: de buren kookten samen.", "collab": "no", "p_collab_yes": 0.13}
MARKERS = [
    {"name": "collaboration.samen", "category": "collaboration", "start": 29, "end": 34},
    {"name": "collaboration.neg_samenvatten", "category": "not_collaboration", "start": 0, "end": 10},
]
GLOSSES = {"collaboration.samen": "iets met anderen doen", "collaboration.neg_samenvatten": "kort herhalen"}


def test_the_percentage_is_the_confidence_in_the_label_given():
    assert markup.sentence_title(ROW) == "model: geen samenwerking 87%"
    said_yes = {**ROW, "collab": "yes", "p_collab_yes": 0.9, "register": "dialogue", "p_register_dialogue": 0.6}
    assert markup.sentence_title(said_yes).startswith("model: samenwerking 90% · dialoog 60%")
    # The same words under the sentence, as chips: readable without a mouse.
    chips = markup.label_chips(said_yes)
    assert ">samenwerking 90%<" in chips and ">dialoog 60%<" in chips


def test_interval_supports_its_decimals():
    from app import texts

    assert texts.supported_decimals(-0.05, 0.45) == 1  # ±0,25
    assert texts.supported_decimals(0.10, 0.18) == 2  # ±0,04
    assert texts.supported_decimals(10.0, 40.0) == 0  # ±15 (density)
    assert texts.supported_decimals(None, 0.3) == 2
    import pandas as pd

    table = pd.DataFrame(
        {
            "claim_practice_gap": [0.1234, 0.5],
            "claim_practice_gap_low": [-0.1234, 0.45],
            "claim_practice_gap_high": [0.3821, 0.52],
            "claim_practice_gap_status": ["ok", "too_few_sentences"],
        }
    )
    numbers = texts.figure_numbers(table, "claim_practice_gap")
    assert list(numbers.columns) == [
        "Kloof claim–praktijk",
        "Kloof claim–praktijk: ondergrens",
        "Kloof claim–praktijk: bovengrens",
    ]
    assert numbers.iloc[0].tolist() == [0.1, -0.1, 0.4]
    assert numbers.iloc[1].isna().all()  # withheld: no numbers to calculate with


def test_markers_are_explained_by_their_gloss_not_their_id():
    html = markup.sentence(ROW, MARKERS, GLOSSES, "mode")
    assert "iets met anderen doen" in html and "kort herhalen" in html
    assert "collaboration.samen" not in html and "neg_samenvatten" not in html


def test_the_legend_explains_the_dashed_pitfall_underline():
    legend = markup.legend("register")
    assert "dashed" in legend and "valkuil" in legend


def test_the_explorer_sends_no_usage_statistics_and_hides_the_developer_menu():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"
    assert config["server"]["address"] == "127.0.0.1"


def test_the_trend_runs_on_a_time_axis():
    """Missing years keep their place: 2015, 2016 and 2023 are not evenly spaced."""
    import pandas as pd

    from app import charts

    table = pd.DataFrame(
        {
            "side": ["A", "A", "A"],
            "year": [2015, 2016, 2023],
            "claim_practice_gap": [0.1, 0.2, 0.3],
            "claim_practice_gap_low": [0.0, 0.1, 0.2],
            "claim_practice_gap_high": [0.2, 0.3, 0.4],
            "n_documents": [1, 2, 3],
        }
    )
    spec = charts.trend(table, "claim_practice_gap", {"A": "beleid", "B": "blog"}).to_dict()
    x = spec["layer"][1]["encoding"]["x"]
    assert x["type"] == "quantitative" and x["axis"]["format"] == "d"


def test_a_verdict_names_a_direction_only_where_the_interval_leaves_out_zero():
    from app import texts

    clear = {"claim_practice_gap_low": 0.1, "claim_practice_gap_high": 0.5}
    overlapping = {"claim_practice_gap_low": -0.1, "claim_practice_gap_high": 0.5}
    assert texts.verdict("claim_practice_gap", clear, "beleid", "blogs") == "beleid claimt duidelijk meer dan blogs"
    assert texts.verdict("claim_practice_gap", overlapping, "beleid", "blogs") == "geen duidelijk verschil"
    lower = {"collaboration_density_low": -3.0, "collaboration_density_high": -1.0}
    assert "minder" in texts.verdict("collaboration_density", lower, "A", "B")
    assert texts.verdict("claim_practice_gap", {}, "A", "B") == "te weinig zinnen om te vergelijken"
    assert texts.p_value(0.0004) == "< 0,001" and texts.p_value(0.0321) == "0,032"
    assert texts.number(-0.5, 2, sign=True) == "−0,50"


def test_a_ranking_crowns_no_winner_on_overlapping_intervals():
    import pandas as pd

    from app import texts

    def ranking(highs):
        return pd.DataFrame(
            {
                "group": ["Gemeente A", "Stichting B", "GGD C"],
                "claim_practice_gap": [0.6, 0.3, 0.1],
                "claim_practice_gap_low": [0.4, 0.1, -0.1],
                "claim_practice_gap_high": highs,
            }
        )

    overlapping = texts.ranking_note(ranking([0.8, 0.5, 0.45]), "claim_practice_gap")
    assert "verschilt van geen enkele andere duidelijk" in overlapping
    partly = texts.ranking_note(ranking([0.8, 0.5, 0.3]), "claim_practice_gap")
    assert "duidelijk hoger dan 1 van de 2" in partly and "van de overige 1" in partly


def test_concordance_lines_show_their_source_and_keep_punctuation_with_the_match():
    row = {
        "left": "Partners zorgen voor ",
        "match": "afstemming",
        "right": ": wie doet wat.",
        "collab": "yes",
        "register": "coordination",
        "mode": "claimed",
        "organisation": "Gemeente Brakelveen",
        "title": "Samen sterk in de wijk",
        "sent_index": 2,
        "doc_id": "brakel-nota-2022",
    }
    html = markup.kwic([row])
    assert 'afstemming<span class="p">:</span></td>' in html
    assert '<td class="r"> wie doet wat.</td>' in html
    assert "Gemeente Brakelveen · Samen sterk in de wijk, zin 3" in html  # visible, not only on hover
    assert 'href="document?doc=brakel-nota-2022&amp;zin=3"' in html  # and it leads to that sentence
