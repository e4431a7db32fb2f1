"""Every page of the explorer on a small real pipeline output, through
Streamlit's AppTest: it renders without error, shows its Dutch headings
and figures, reacts to the sidebar selection, and offers its downloads."""

import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipeline.model.label_files import read_labelled
from tests.app.conftest import APP
from tests.app.test_upload import zip_bomb

pytestmark = pytest.mark.slow


def open_page(page: str | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    if page:
        at.switch_page(f"views/{page}").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts_of(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")
        for e in getattr(at, kind)
    ]
    parts += [e.proto.body for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def download_names(at: AppTest) -> list[str]:
    return [b.proto.label for b in at.get("download_button")]


def test_overview_shows_the_corpus_with_intervals_and_follows_the_selection(explorer_env):
    at = open_page()
    assert at.title[0].value.startswith("Samenspraak")
    assert metric(at, "Documenten") == "4"
    gap = metric(at, "Kloof claim–praktijk")
    assert ("[" in gap and ";" in gap) or gap == "te weinig zinnen"  # a figure never without its interval
    assert "praktijkzinnen" in texts_of(at)
    ranking = at.dataframe[0].value
    assert ranking["Claimzinnen (gecorrigeerd)"].dtype.name == "Int64"  # whole sentences, not 12.7
    assert "Twee soorten aantallen" in texts_of(at)
    assert set(ranking["Organisatie"]) == {"Gemeente Brakelveen", "Stichting Horizon", "Jeugdzorg Oostkust"}
    assert ranking["Kloof claim–praktijk [interval]"].str.contains(r"\[|te weinig zinnen").all()
    assert {"Tabel downloaden (CSV)", "Grafiek als SVG", "Grafiek als PNG"} <= set(download_names(at))

    at.sidebar.multiselect[0].set_value(["Gemeente Brakelveen"]).run()
    assert not at.exception
    assert metric(at, "Documenten") == "2"
    assert set(at.dataframe[0].value["Organisatie"]) == {"Gemeente Brakelveen"}
    assert "2 documenten" in texts_of(at)


def test_overview_lists_an_organisations_sentences_and_opens_one_in_its_document(explorer_env):
    at = open_page()
    at.selectbox(key="overview_organisation").set_value("Gemeente Brakelveen").run()
    at.radio(key="overview_mode").set_value("practised").run()
    cards = [h.proto.body for h in at.get("html") if "sp-card" in h.proto.body]
    assert cards and all("Gemeente Brakelveen · " in card for card in cards)
    assert all(("Samen sterk in de wijk, zin" in c) or ("Koffie met de buren, zin" in c) for c in cards)
    assert all("sp-chip" in card and "praktijk " in card for card in cards)  # labels readable, not on hover only
    opens = [b for b in at.button if b.key and b.key.startswith("open-")]
    assert len(opens) == len(cards)
    doc_id, sent_index = opens[0].key.removeprefix("open-").rsplit("-", 1)
    opens[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Document lezen"
    assert at.selectbox(key="document_choice").value == doc_id
    page = texts_of(at)
    assert f"U kwam hier voor zin {int(sent_index) + 1}" in page
    assert f'class="sp-row sp-target" id="zin-{int(sent_index) + 1}"' in page


def test_a_link_with_document_and_sentence_opens_that_sentence(explorer_env):
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page("views/document.py")
    at.query_params["doc"] = "brakel-blog-2023"
    at.query_params["zin"] = "3"
    at.run()
    assert not at.exception
    assert at.selectbox(key="document_choice").value == "brakel-blog-2023"
    assert 'class="sp-row sp-target" id="zin-3"' in texts_of(at)


def test_the_selection_holds_on_every_page(explorer_env):
    at = open_page()
    at.sidebar.multiselect[0].set_value(["Stichting Horizon"]).run()
    at.switch_page("views/document.py").run()
    assert at.sidebar.multiselect[0].value == ["Stichting Horizon"]
    assert at.selectbox(key="document_choice").options == [
        "Jaarverslag samenwerking school en zorg (Stichting Horizon, rapport, 2021)"
    ]


def test_document_page_highlights_sentences_and_explains_markers(explorer_env):
    at = open_page("document.py")
    at.selectbox(key="document_choice").set_value("brakel-blog-2023").run()
    assert at.subheader[0].value == "Koffie met de buren"
    page = texts_of(at)
    assert "Kleur = register" in page and "coördinatie" in page
    assert "keukentafel" in page and 'class="sp-m' in page and "title=" in page
    assert "model: samenwerking" in page
    assert metric(at, "Samenwerkingsdichtheid") != ""
    assert "interval" in texts_of(at)
    body = at.get("html")[1].proto.body
    rows = re.findall(r'<div class="sp-row[^"]*" id="zin-(\d+)">.*?<div class="sp-labels">(.*?)</div>', body, re.S)
    assert [int(n) for n, _ in rows[:10]] == list(range(1, 11))  # numbered, each with its labels under it
    assert all(re.search(r"samenwerking \d+%", chips) for _, chips in rows)
    at.toggle(key="document_show_labels").set_value(False).run()  # flowing text, labels in the tooltip
    full = at.get("html")[1].proto.body
    assert 'class="sp-labels"' not in full and "model: " in full
    # Which sentences the model calls collaboration is the model's business;
    # the toggle must show exactly those.
    labels = pd.read_parquet(explorer_env["data"] / "sentence_labels.parquet")
    mine = labels[labels["doc_id"] == "brakel-blog-2023"]
    collab = int((mine["collab"] == "yes").sum())
    assert 0 < collab < len(mine) and full.count('class="sp-s') == len(mine)
    assert "model: geen samenwerking" in full
    at.toggle(key="document_only_collab").set_value(True).run()
    body = at.get("html")[1].proto.body
    assert body.count('class="sp-s') == collab and "model: geen samenwerking" not in body
    at.radio(key="document_colour").set_value("mode").run()
    assert "Kleur = vorm" in texts_of(at)
    assert "Zinnen met labels downloaden (CSV)" in download_names(at)


def test_compare_page_shows_groups_difference_trend_and_keyness(explorer_env):
    at = open_page("compare.py")
    assert [s.value for s in at.subheader] == [
        "Cijfers per groep",
        "Door de jaren heen",
        "Woorden die de groepen onderscheiden",
    ]
    at.multiselect(key="compare_a_organisation").set_value(["Gemeente Brakelveen"])
    at.multiselect(key="compare_b_organisation").set_value(["Jeugdzorg Oostkust"]).run()
    assert not at.exception
    figures = at.dataframe[0].value
    assert list(figures.columns)[:4] == ["Maat", "A: Gemeente Brakelveen", "B: Jeugdzorg Oostkust", "Verschil A − B"]
    assert figures["Verschil A − B"].str.contains(r"\[").any()
    density = figures.set_index("Maat").loc["Samenwerkingsdichtheid", "Verschil A − B"]
    assert density[0] in "+−" or density == "te weinig zinnen"  # a difference is signed, density too
    keyness = at.dataframe[-1].value
    assert {"Lemma", "G²", "p-waarde", "Per 10.000 woorden A"} <= set(keyness.columns)
    g2 = keyness["G²"].str.replace(",", ".").astype(float)  # Dutch notation, decimal comma
    assert len(keyness) > 0 and (g2.diff().dropna() <= 0).all()
    assert not keyness["Log-ratio"].str.contains("-").any()  # a real minus sign
    assert figures["Oordeel"].str.contains("duidelijk|te weinig zinnen").all()
    assert "Grafiek als SVG" in download_names(at)

    at.selectbox(key="compare_column").set_value("year").run()
    assert not at.exception
    assert at.slider(key="compare_a_years") and at.slider(key="compare_b_years")
    assert at.dataframe[0].value.columns[1].startswith("A: 2019")


def test_concordance_finds_words_and_lemmas_and_filters_by_label(explorer_env):
    at = open_page("concordance.py")
    assert "Typ een zoekterm" in texts_of(at)
    at.text_input(key="kwic_phrase").set_value("samen").run()
    page = texts_of(at)
    assert "keer gevonden" in page and "samen</td>" in page.lower()
    everything = int(at.markdown[1].value.split("**")[1].split()[0])
    at.selectbox(key="kwic_collab").set_value("no").run()
    filtered = texts_of(at)
    assert "keer gevonden" not in filtered or int(at.markdown[1].value.split("**")[1].split()[0]) < everything
    at.selectbox(key="kwic_collab").set_value(None)
    at.text_input(key="kwic_phrase").set_value("kennen")
    at.radio(key="kwic_by_lemma").set_value(True)
    at.selectbox(key="kwic_sort").set_value("left").run()
    assert "keer gevonden" in texts_of(at)
    assert "Alle regels downloaden (CSV)" in download_names(at)
    at.text_input(key="kwic_phrase").set_value("olifant").run()
    assert "komt niet voor" in texts_of(at)


def test_topics_page_shows_topics_and_writes_lexicon_reviews(explorer_env):
    at = open_page("topics.py")
    assert "Thema's in de documenten" in [s.value for s in at.subheader]
    assert any(e.label.startswith("Thema 1:") for e in at.expander)
    radios = [r for r in at.radio if r.key and r.key.startswith("review_")]
    assert radios
    radios[0].set_value("accept")
    at.button[0].click().run()  # no name yet
    assert "Vul eerst uw naam in" in texts_of(at)
    at.text_input(key="review_name").set_value("Test Beoordelaar")
    next(r for r in at.radio if r.key == radios[0].key).set_value("accept")
    at.button[0].click().run()
    assert "1 oordeel opgeslagen" in texts_of(at)
    review = explorer_env["reviews"].read_text(encoding="utf-8").splitlines()
    assert review[0] == "category,candidate,verdict,reviewer,time"
    assert review[1].split(",")[2:4] == ["accept", "Test Beoordelaar"]


def test_lexicon_candidates_come_by_usefulness_with_names_and_genre_words_demoted(explorer_env):
    import numpy as np
    import pandas as pd

    explorer_data = _explorer_data()
    ranked = explorer_data.ranked_candidates()
    assert len(ranked) and set(ranked["noise"]) <= {"", "naam", "algemeen woord"}
    for _, part in ranked.groupby("category"):
        assert (part["usefulness"].diff().dropna() <= 1e-12).all()
    assert (ranked.loc[ranked["noise"] == "algemeen woord", "lift"] < explorer_data.MIN_LIFT).all()
    assert (ranked.loc[ranked["noise"] == "", "lift"] >= explorer_data.MIN_LIFT).all()
    # The lift of one candidate, counted again with pandas.
    row = ranked[ranked["frequency"] > 0].iloc[0]
    field, value = explorer_data._CATEGORY_LABEL[row["category"]]
    tokens = pd.read_parquet(explorer_env["data"] / "tokens.parquet", columns=["doc_id", "sent_index", "lemma"])
    labels = pd.read_parquet(explorer_env["data"] / "sentence_labels.parquet", columns=["doc_id", "sent_index", field])
    hits = tokens[tokens["lemma"] == row["candidate"]].drop_duplicates(["doc_id", "sent_index"]).merge(labels)
    base = (labels[field] == value).mean()
    k = explorer_data.PRIOR_SENTENCES
    expected = ((hits[field] == value).sum() + base * k) / (len(hits) + k) / base if len(hits) else 0.0
    assert np.isclose(row["lift"], expected)

    at = open_page("topics.py")
    page = texts_of(at)
    assert "De nuttigste woorden eerst" in page and "zo vaak in" in " ".join(r.label for r in at.radio)


def start_labelling(name: str) -> AppTest:
    at = open_page("annotate.py")
    assert "Vul uw naam in" in texts_of(at)
    at.text_input(key="annotator").set_value(name)
    at.button[0].click().run()  # the form's "Beginnen"
    assert not at.exception
    assert f"U labelt als **{name}**" in texts_of(at)
    assert "annotator" not in [t.key for t in at.text_input]  # the name field is gone: keys are choices now
    return at


def press(at: AppTest, key: str) -> AppTest:
    return at.button(key=key).click().run()


def test_annotation_page_writes_a_valid_label_and_shows_agreement(explorer_env):
    at = start_labelling("Anna de Vries")
    shortcuts = {b.key: b.proto.shortcut for b in at.button if b.key and b.key.startswith("label_")}
    assert shortcuts["label_collab_yes"].lower() == "j" and shortcuts["label_save"].lower() == "enter"
    assert shortcuts["label_register_dialogue"] == "2" and shortcuts["label_mode_practised"] == "6"
    assert "explorer-anna-de-vries.jsonl" in texts_of(at)  # where the labels go, before any is saved
    for key in ("label_collab_yes", "label_register_dialogue", "label_mode_practised", "label_save"):
        press(at, key)
    assert not at.exception
    path = explorer_env["labels"] / "explorer-anna-de-vries.jsonl"
    line = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    doc, index = line["id"].rsplit(":", 1)
    assert line["doc"] == doc and index.isdigit() and line["annotator"] == "Anna de Vries"
    assert (line["collab"], line["register"], line["mode"]) == ("yes", "dialogue", "practised")
    labelled, problems = read_labelled([path])
    assert len(labelled) == 1 and not problems
    assert "explorer-anna-de-vries.jsonl` (nu 1 zin van u)" in texts_of(at)
    assert at.dataframe[0].value["Zinnen vergeleken"].iloc[0] == 1
    # The next sentence is another one, with no choice made yet.
    assert line["text"] not in at.get("html")[0].proto.body
    assert all(b.proto.type != "primary" for b in at.button if b.key and b.key.startswith("label_"))
    # Outside the project's own outputs the page says how to retrain instead of offering it.
    assert "Train anders met `dvc repro`" in texts_of(at)

    # A second annotator labels the same sentence: kappa appears.
    other = {**line, "annotator": "Bert", "collab": "no", "register": None, "mode": None}
    (explorer_env["labels"] / "explorer-bert.jsonl").write_text(json.dumps(other) + "\n", encoding="utf-8")
    at.run()
    assert "Annotatoren onderling" in texts_of(at)


def test_annotation_page_refuses_an_incomplete_label(explorer_env):
    at = start_labelling("Anna")
    press(at, "label_collab_yes")
    press(at, "label_save")
    assert "Bij een samenwerkingszin horen ook een register (1–4) en een vorm (5–7)" in texts_of(at)
    assert not (explorer_env["labels"] / "explorer-anna.jsonl").exists()
    # "nee" needs no register or mode, and disables them.
    press(at, "label_collab_no")
    assert at.button(key="label_register_dialogue").disabled
    press(at, "label_save")
    line = json.loads((explorer_env["labels"] / "explorer-anna.jsonl").read_text(encoding="utf-8"))
    assert (line["collab"], line["register"], line["mode"]) == ("no", None, None)


GOOD_TEXT = """Verslag van de buurtavond

Vorige week zaten bewoners, de wijkagent en twee jongerenwerkers samen aan tafel in het buurthuis.
Ze spraken af om voortaan elke maand samen een ronde door de wijk te lopen.
De gemeente wil de samenwerking met alle ketenpartners verder versterken.
"""


def test_upload_page_analyses_a_good_file(explorer_env):
    at = open_page("analyse.py")
    at.file_uploader[0].set_value(("buurtavond.txt", GOOD_TEXT.encode("utf-8"), "text/plain")).run()
    assert not at.exception and not at.error
    assert metric(at, "Zinnen") == "4"
    assert "Kloof claim–praktijk" in [m.label for m in at.metric]
    assert "jongerenwerkers" in texts_of(at) and "interval" in texts_of(at)
    assert "Zinnen met labels downloaden (CSV)" in download_names(at)
    # the wait for the model and the labelling are announced, and their end
    assert [s.label for s in at.status] == ["Klaar: het document is gelabeld."]


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("rapport.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "kan niet worden gelezen"),
        ("notitie.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG-afbeelding"),
        ("leeg.txt", b"", "kan niet worden gelezen"),
    ],
)
def test_upload_page_explains_an_unreadable_file_in_dutch(explorer_env, name, content, reason):
    at = open_page("analyse.py")
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
    assert not at.exception
    assert at.error and reason in at.error[0].value
    assert at.error[0].value.startswith("Dit bestand kan niet worden gelezen:")


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("jaarverslag.docx", zip_bomb(30), "uitgepakt te groot (30 MB, grens 20 MB)"),
        ("notulen.docx", zip_bomb(10), "uitgepakt te groot: compressieverhouding "),
        ("verslagen.txt", (GOOD_TEXT * 20).encode("utf-8"), "te veel woorden (880 na het lezen, grens 500)"),
    ],
)
def test_upload_page_refuses_in_dutch_what_ingestion_refuses(explorer_env, small_upload_limits, name, content, reason):
    at = open_page("analyse.py")
    assert "tot 1 MB" in texts_of(at) and "niet meer dan 500 woorden" in texts_of(at)
    at.file_uploader[0].set_value((name, content, "application/octet-stream")).run()
    assert not at.exception and not at.metric
    assert at.error[0].value.startswith(f"Dit bestand kan niet worden gelezen: {reason}")


def test_upload_page_refuses_a_file_over_the_ingest_size_limit_before_reading_it(explorer_env, small_upload_limits):
    at = open_page("analyse.py")
    at.file_uploader[0].set_value(("groot.txt", b"woord " * 200_000, "text/plain")).run()
    assert not at.exception and not at.metric and not at.status
    assert at.error[0].value == (
        "Dit bestand is te groot (1,1 MB); de verkenner leest bestanden tot 1 MB, net als het inlezen van het corpus."
    )


def test_pages_explain_when_there_is_no_output_yet(tmp_path, monkeypatch):
    monkeypatch.setenv("SAMENSPRAAK_DATA", str(tmp_path / "leeg"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    assert "Er zijn nog geen resultaten" in at.error[0].value


def test_selection_figures_from_stored_replicates_match_a_fresh_bootstrap(explorer_env):
    """The explorer sums the score stage's per-document replicates for a
    selection. For a selection, the point figures are those of the summed
    corrected counts of its documents; for the whole corpus, recomputing
    from the sentences gives the same points and, within resampling noise,
    the same intervals."""
    import numpy as np
    import pandas as pd

    from pipeline.figures import scores as scoring
    from pipeline.figures.correction import load_error_models

    explorer_data = _explorer_data()
    assert (explorer_env["data"] / "bootstrap" / "replicates.npy").exists()
    documents = pd.read_parquet(explorer_env["data"] / "documents.parquet")
    genre = sorted(documents.loc[documents["included"], "genre"].unique())[0]
    stored = explorer_data.group_scores(explorer_data.Selection(genres=(genre,)))
    row = stored[stored["group_by"] == "corpus"].iloc[0]
    scores = pd.read_parquet(explorer_env["data"] / "document_scores.parquet")
    members = scores[scores["genre"] == genre]
    totals = {q: np.array([members[f"corrected_{q}"].sum()]) for q in scoring.QUANTITIES if q != "words"}
    totals["words"] = np.array([float(members["n_words"].sum())])
    expected = scoring.figures_from_totals(totals)
    assert np.isclose(row["collaboration_density"], expected["collaboration_density"][0], atol=0.02)
    for figure in ("claim_practice_gap", "coordination_dialogue_balance"):
        if row[f"{figure}_status"] == "ok":
            assert np.isclose(row[figure], expected[figure][0], atol=1e-3), figure
            assert row[f"{figure}_low"] <= row[figure] <= row[f"{figure}_high"]

    chosen = documents.loc[documents["included"]].drop(columns=["text"])
    labels = pd.read_parquet(explorer_env["data"] / "sentence_labels.parquet")
    words = pd.read_parquet(
        explorer_env["data"] / "sentence_features.parquet", columns=["doc_id", "sent_index", "n_words"]
    )
    labels = labels.merge(words, on=["doc_id", "sent_index"])
    models = load_error_models(explorer_env["models"] / "out_of_fold.parquet")
    params = explorer_data.score_params().model_copy(update={"bootstrap_samples": 300, "seed": 1, "group_by": []})
    _, fresh, _ = scoring.score(labels, chosen, params, models)
    a = explorer_data.group_scores(explorer_data.Selection())
    a = a[a["group_by"] == "corpus"].iloc[0]
    b = fresh[fresh["group_by"] == "corpus"].iloc[0]
    for figure in ("claim_practice_gap", "coordination_dialogue_balance", "collaboration_density"):
        assert np.isclose(a[figure], b[figure], atol=1e-3, equal_nan=True), figure
    width = b["collaboration_density_high"] - b["collaboration_density_low"]
    assert abs(a["collaboration_density_low"] - b["collaboration_density_low"]) < 0.5 * width


def _explorer_data():

    from app import data as explorer_data  # the explorer's data module

    return explorer_data


def test_comparison_from_stored_replicates_is_that_of_the_groups(explorer_env):
    """Vergelijken sums the score stage's corrected replicates of each
    group (its documents resampled): each group's point figures are those of
    its documents' corrected counts, the difference is the difference of
    the points, and every interval contains its point."""
    import numpy as np
    import pandas as pd

    from pipeline.figures import scores as scoring

    explorer_data = _explorer_data()
    selection = explorer_data.Selection()
    a = explorer_data.Group("organisation", ("Gemeente Brakelveen",))
    b = explorer_data.Group("organisation", ("Jeugdzorg Oostkust", "Stichting Horizon"))
    stored = explorer_data.compare_groups(selection, a, b).set_index("group")
    scores = pd.read_parquet(explorer_env["data"] / "document_scores.parquet")
    assert stored.loc["A", "n_documents"] == 2
    points = {}
    for name, group in (("A", a), ("B", b)):
        members = scores[scores["organisation"].isin(group.values)]
        totals = {q: np.array([members[f"corrected_{q}"].sum()]) for q in scoring.QUANTITIES if q != "words"}
        totals["words"] = np.array([float(members["n_words"].sum())])
        points[name] = scoring.figures_from_totals(totals)
        assert stored.loc[name, "n_sentences"] == members["n_sentences"].sum()
    for figure in ("claim_practice_gap", "coordination_dialogue_balance", "collaboration_density"):
        tolerance = 0.02 if figure == "collaboration_density" else 1e-3
        for name in ("A", "B"):
            assert np.isclose(stored.loc[name, figure], points[name][figure][0], atol=tolerance, equal_nan=True)
        difference = points["A"][figure][0] - points["B"][figure][0]
        assert np.isclose(stored.loc["A-B", figure], difference, atol=2 * tolerance, equal_nan=True)
        for group in ("A", "B", "A-B"):
            low, high = stored.loc[group, f"{figure}_low"], stored.loc[group, f"{figure}_high"]
            assert low <= stored.loc[group, figure] + 1e-9 and stored.loc[group, figure] <= high + 1e-9, (group, figure)
    trend = explorer_data.yearly_trend(selection, a, b)
    assert set(trend["side"]) == {"A", "B"} and set(trend.loc[trend["side"] == "A", "year"]) == {2019, 2023}
    assert (trend.groupby("side")["n_documents"].sum() == [2, stored.loc["B", "n_documents"]]).all()


@pytest.mark.parametrize("phrase", ["samen", "Regie", "elkaar kennen", "samenwerk*", "cliënt*", "de", "e*", "z*"])
def test_concordance_prefilter_keeps_exactly_the_sentences_the_expression_finds(explorer_env, phrase):
    """The substring prefilter only saves time: every occurrence the
    regular expression finds in all sentences is still found."""
    import re

    explorer_data = _explorer_data()
    hits, n_hits = explorer_data.concordance(explorer_data.Selection(), phrase, limit=10**6)
    _, pattern = explorer_data._word_pattern(phrase)
    sentences = explorer_data.query(
        "SELECT s.doc_id, s.sent_index, s.text FROM sentences s JOIN documents d USING (doc_id) WHERE d.included"
    )
    compiled = re.compile(pattern, re.IGNORECASE)
    expected = sorted(
        (d, int(i), m.start()) for d, i, text in sentences.itertuples(index=False) for m in compiled.finditer(text)
    )
    assert n_hits == len(expected)
    assert sorted(zip(hits["doc_id"], hits["sent_index"].astype(int), hits["start"].astype(int))) == expected


def test_overview_counts_documents_in_a_grid_when_there_are_too_many_for_dots(explorer_env, monkeypatch):
    import sys

    from app import charts

    monkeypatch.setattr(charts, "SCATTER_LIMIT", 2)
    monkeypatch.setattr(charts, "RANKING_LIMIT", 2)
    at = open_page()
    assert not at.exception
    page = texts_of(at)
    assert "te veel om elk als stip te tekenen" in page and "Elke stip is een document" not in page
    assert "de tabel hierboven heeft ze alle" in page
    assert "Cijfers van alle documenten downloaden (CSV)" in download_names(at)
    assert sys.modules["app.charts"] is charts  # the page used the module patched here


def test_a_lemma_search_for_a_separable_verb_finds_its_sentences(explorer_env):
    """The tagger stores a separable verb's lemma with its particle apart
    ('af_stemmen'); an analyst types 'afstemmen', or even 'af_stemmen'.
    Both find every token of the verb, split ('stemmen ... af') or not."""
    import pandas as pd

    explorer_data = _explorer_data()
    tokens = pd.read_parquet(explorer_env["data"] / "tokens.parquet", columns=["doc_id", "sent_index", "lemma", "upos"])
    separable = tokens[tokens["lemma"].str.contains("_", na=False) & (tokens["upos"] == "VERB")]
    assert len(separable), "the test corpus has separable verbs"
    lemma = separable["lemma"].value_counts().index[0]
    expected = int((tokens["lemma"] == lemma).sum())
    for written in (lemma.replace("_", ""), lemma):
        hits, n_hits = explorer_data.concordance(explorer_data.Selection(), written, by_lemma=True)
        assert n_hits == expected, written
