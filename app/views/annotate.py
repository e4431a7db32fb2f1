"""Annoteren: label sentences by the codebook, the model's doubtful ones first."""

import html

import streamlit as st

from app import charts, data, filters, retrain, texts

selection = filters.current()
st.title("Zinnen labelen")
st.markdown(
    "Label zinnen volgens het codeboek. U krijgt eerst de zinnen waar het model het minst zeker van is: "
    "daar leert het het meest van. Alles gaat met het toetsenbord: elke knop noemt zijn toets."
)

# The name is asked once. Once given, the field is gone, so that the keys
# below work at once: a key typed into a text field is text, not a choice.
NAME = "annotator_name"
if not st.session_state.get(NAME):
    with st.form("annotator_form", border=False):
        name = st.text_input("Uw naam", key="annotator", placeholder="bijv. Fatima")
        started = st.form_submit_button("Beginnen")
    if started and name.strip() and any(c.isalnum() for c in name):
        st.session_state[NAME] = name.strip()
        st.rerun()
    st.info("Vul uw naam in en druk op Enter om te beginnen.")
    st.stop()
annotator = st.session_state[NAME]
who = st.columns([4, 1], vertical_alignment="center")
who[0].markdown(f"U labelt als **{annotator}**.")
who[1].button("Andere naam", on_click=lambda: st.session_state.pop(NAME, None))

with st.expander("Het codeboek in het kort"):
    st.markdown(
        "- **Samenwerking**: gaat de zin over mensen of organisaties die samenwerken, afstemmen, overleggen, "
        "in gesprek zijn (ook: voorwaarden, mislukkingen, waarde daarvan)? *Samen met de bijlage* telt niet.\n"
        "- **Register**: *coördinatie* (afstemming, regie, keten, overleg, protocol), *dialoog* (luisteren, gesprek, "
        "elkaar kennen, vertrouwen), *gemengd* (beide), *ongemarkeerd* (geen van beide).\n"
        "- **Vorm**: *claim* (ambitie, belofte, norm, zonder voorbeeld), *praktijk* (een concreet voorval: wie deed "
        "wat, wanneer), *reflectie* (analyse of theorie over samenwerken in het algemeen)."
    )

CHOICE, NOTICE, SKIPPED = "annotation_choice", "annotation_notice", "annotation_skipped"
KEYS = {
    "collab": {"yes": ("J", "ja"), "no": ("N", "nee")},
    "register": {code: (str(i), name) for i, (code, name) in enumerate(texts.REGISTER.items(), start=1)},
    "mode": {code: (str(i), name) for i, (code, name) in enumerate(texts.MODE.items(), start=5)},
}
QUESTIONS = {
    "collab": "Gaat deze zin over samenwerking?",
    "register": "Register (alleen bij ja)",
    "mode": "Vorm (alleen bij ja)",
}


def choose(field: str, value: str) -> None:
    choice = st.session_state.setdefault(CHOICE, {})
    choice[field] = value
    if field == "collab" and value == "no":
        choice.pop("register", None)
        choice.pop("mode", None)


def save(row: dict) -> None:
    """Runs as the save button's callback, so that a quick key after a key
    is never lost between two runs of the page."""
    choice = st.session_state.get(CHOICE, {})
    collab, register, mode = choice.get("collab"), choice.get("register"), choice.get("mode")
    if collab is None:
        st.session_state[NOTICE] = ("error", "Kies eerst of de zin over samenwerking gaat (J of N).")
    elif collab == "yes" and (register is None or mode is None):
        st.session_state[NOTICE] = ("error", "Bij een samenwerkingszin horen ook een register (1–4) en een vorm (5–7).")
    else:
        path = data.save_label(annotator, row["doc_id"], int(row["sent_index"]), row["text"], collab, register, mode)
        st.session_state[NOTICE] = ("success", texts.label_saved(path, len(data.labelled_ids(annotator))))
        st.session_state[CHOICE] = {}


def skip(row: dict) -> None:
    st.session_state.setdefault(SKIPPED, []).append(f"{row['doc_id']}:{row['sent_index']}")
    st.session_state[CHOICE] = {}


notice = st.session_state.pop(NOTICE, None)
if notice:
    getattr(st, notice[0])(notice[1])
done = data.labelled_ids(annotator) + st.session_state.get(SKIPPED, [])
queue = data.annotation_queue(selection, done, n=1)
if queue.empty:
    st.success("U hebt alle zinnen in deze selectie gelabeld.")
else:
    row = queue.iloc[0].to_dict()
    context = lambda r, key: r[key] if isinstance(r.get(key), str) else ""  # noqa: E731  (none at a document's edge)
    st.caption(f"{row['title']} ({row['organisation']}), zin {row['sent_index'] + 1}")
    st.html(
        f"<div style='color:#777'>{html.escape(context(row, 'before'))}</div>"
        f"<div style='font-size:1.3rem;font-weight:600;margin:0.4em 0'>{html.escape(row['text'])}</div>"
        f"<div style='color:#777'>{html.escape(context(row, 'after'))}</div>"
    )
    choice = st.session_state.setdefault(CHOICE, {})
    for field, options in KEYS.items():
        st.markdown(f"**{QUESTIONS[field]}**")
        buttons = st.columns(len(options) + (5 - len(options)))
        for column, (value, (key, name)) in zip(buttons, options.items()):
            column.button(
                name,  # Streamlit shows the key on the button itself
                key=f"label_{field}_{value}",
                shortcut=key,
                type="primary" if choice.get(field) == value else "secondary",
                disabled=field != "collab" and choice.get("collab") == "no",
                on_click=choose,
                args=(field, value),
                width="stretch",
            )
    actions = st.columns([2, 1, 2])
    actions[0].button("Opslaan en volgende", key="label_save", shortcut="Enter", on_click=save, args=(row,))
    actions[1].button("Overslaan", key="label_skip", shortcut="S", on_click=skip, args=(row,))
    st.caption(texts.where_labels_go(data.annotator_file(annotator)))
    model = {
        "collab": texts.label("collab", row["collab"]),
        "register": texts.label("register", row["register"]),
        "mode": texts.label("mode", row["mode"]),
    }
    with st.expander("Wat zegt het model? (pas kijken na uw eigen oordeel)"):
        st.write(
            f"{model['collab']} ({texts.percent(row['p_collab_yes'])} kans op samenwerking) · "
            f"{model['register']} · {model['mode']}"
        )

st.subheader("Overeenstemming")
mine = data.model_agreement(annotator)
if mine["n"].sum() == 0:
    st.caption("Nog geen labels van u om te vergelijken.")
else:
    shown = mine.assign(veld=mine["field"].map(texts.FIELD_NAMES), gelijk=mine["agreement"].map(texts.percent))
    shown = shown[["veld", "n", "same", "gelijk"]]
    shown.columns = ["Veld", "Zinnen vergeleken", "Zelfde label als het model", "Overeenstemming"]
    st.markdown("**U en het model**")
    charts.table(shown)
    charts.table_download(shown, "overeenstemming-model")
kappas = data.annotator_kappas()
if kappas.empty:
    st.caption("Cohens kappa tussen annotatoren verschijnt zodra twee mensen dezelfde zinnen hebben gelabeld.")
else:
    shown = kappas.assign(
        veld=kappas["field"].map(texts.FIELD_NAMES),
        gelijk=kappas["agreement"].map(texts.percent),
        kappa_nl=kappas["kappa"].map(lambda k: texts.number(k, 2)),
    )
    shown = shown[["annotator_a", "annotator_b", "veld", "n", "gelijk", "kappa_nl"]]
    shown.columns = ["Annotator 1", "Annotator 2", "Veld", "Zinnen samen", "Zelfde label", "Cohens kappa"]
    st.markdown("**Annotatoren onderling** (kappa: 1 = volledig eens, 0 = niet beter dan toeval)")
    charts.table(shown)
    charts.table_download(shown, "overeenstemming-annotatoren")

st.subheader("Model opnieuw trainen")
repo = data.project_folder()
if repo is None:
    st.caption(
        "Opnieuw trainen kan alleen als de verkenner in de projectmap is gestart op de eigen resultaten "
        "(`make demo`). Train anders met `dvc repro` in de projectmap."
    )
else:
    # The page asks for news every two seconds only while a run is going.
    last_run = retrain.status(repo, data.data_dir())
    going = last_run is not None and last_run.running

    @st.fragment(run_every=2 if going else None)
    def retraining() -> None:
        progress = retrain.status(repo, data.data_dir())
        if progress is not None and progress.running:
            reached = progress.stages_reached[-1] if progress.stages_reached else "starten"
            st.progress(
                progress.fraction,
                text=f"Bezig: stap {max(1, len(progress.stages_reached))} van {progress.total} "
                f"({texts.STAGE_NAMES.get(reached, reached)}). U kunt gewoon verder labelen.",
            )
            return
        if going:
            st.rerun()  # finished: the whole page, so that it reads the new figures and stops asking
        if progress is not None:
            if progress.succeeded and "train" in progress.stages_run:
                st.success("Klaar: het model is opnieuw getraind en alle cijfers in de verkenner zijn bijgewerkt.")
            elif progress.succeeded:
                st.success("Klaar: er waren geen nieuwe labels, dus het model en de cijfers waren al bij.")
            else:
                st.error("Het opnieuw trainen is mislukt. De laatste regels van het verslag:")
                st.code(retrain.last_lines(data.data_dir()), language=None)
        if st.button(
            "Model opnieuw trainen",
            help="Draait de analyse opnieuw (dvc repro) met alle gelabelde zinnen. Met nieuwe labels duurt "
            "dat lang: het trainen zelf kost op een gewone computer een half uur.",
        ):
            retrain.start(repo, data.data_dir())
            st.rerun()

    retraining()
