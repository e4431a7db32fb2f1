"""Analyseer een bestand: label one new document with the current model."""

import streamlit as st

from app import charts, data, markup, texts
from pipeline.reading.formats import UnreadableFile, megabytes

st.title("Een eigen bestand analyseren")
settings = data.ingest_settings()
limits = data.upload_limits()
limit = megabytes(data.upload_limit_mb() * 2**20)
st.markdown(
    f"Kies één document op uw computer (PDF, Word, ODT, RTF, HTML of tekst, tot {limit}). Het huidige model "
    "labelt elke zin; het document wordt niet aan het corpus toegevoegd en nergens bewaard."
)
st.caption(
    "Dezelfde grenzen als bij het inlezen van het corpus: een Word- of ODT-bestand mag uitgepakt niet groter zijn dan "
    f"{megabytes(limits.max_unpacked_bytes)}, en het document mag niet meer dan "
    f"{texts.whole(settings.max_words)} woorden hebben."
)

data.warm_classifier()  # the model loads while the user picks a file
upload = st.file_uploader(
    "Kies een bestand",
    max_upload_size=data.ACCEPTED_UPLOAD_MB,
    key="upload_file",
)
if upload is None:
    st.stop()
content = upload.getvalue()
if len(content) > limits.max_bytes:  # said at once, before anything is read
    st.error(
        f"Dit bestand is te groot ({megabytes(len(content))}); de verkenner leest bestanden tot {limit}, "
        "net als het inlezen van het corpus."
    )
    st.stop()
try:
    # A refused file is refused before the wait for the model; the first
    # analysis waits for the model (several seconds): say so, step by step.
    with st.status("Het document lezen…") as status:
        extraction = data.read_upload(upload.name, content)
        if not data.classifier_ready():
            status.update(label="Het model laden: dat gebeurt één keer en duurt enkele seconden…")
            data.load_classifier()
        status.update(label="Het document labelen…")
        result = data.analyse_text(extraction.text)
        status.update(label="Klaar: het document is gelabeld.", state="complete")
except UnreadableFile as problem:
    st.error(f"Dit bestand kan niet worden gelezen: {problem.reason}.")
    st.stop()
except FileNotFoundError:
    st.error("Er is nog geen getraind model. Draai eerst de analyse (`make demo` of `dvc repro`).")
    st.stop()

labels, figures = result["labels"], result["figures"]
for warning in extraction.warnings:
    st.warning(f"Let op: {warning}.")
st.subheader(upload.name)
columns = st.columns(4)
columns[0].metric("Zinnen", texts.whole(len(labels)))
columns[0].caption(f"waarvan {texts.whole((labels['collab'] == 'yes').sum())} over samenwerking")
for column, figure in zip(columns[1:], texts.FIGURES):
    charts.figure_metric(column, figures, figure, compact=True)
st.caption(texts.interval_note(data.score_params(), data.is_corrected()))

controls = st.columns([1, 2])
only_collab = controls[0].toggle("alleen samenwerkingszinnen", key="upload_only_collab")
colour_by = controls[1].radio(
    "Kleur naar", ["register", "mode"], format_func=texts.FIELD_NAMES.get, horizontal=True, key="upload_colour"
)
rows = [r for r in labels.to_dict("records") if r["collab"] == "yes" or not only_collab]
st.html(markup.legend(colour_by, show_labels=True))
st.html(markup.sentences_list(rows, data.marker_glosses(), colour_by))
table = texts.sentence_table(labels)
charts.table_download(table, f"labels-{upload.name}", "Zinnen met labels downloaden (CSV)")
