"""Annoteren: label sentences by the codebook, the model's doubtful ones first."""

import html

import streamlit as st

from app import charts, data, filters, texts

selection = filters.current()
st.title("Zinnen labelen")
st.markdown(
    "Label zinnen volgens het codeboek. U krijgt eerst de zinnen waar het model het minst zeker van is: "
    "daar leert het het meest van. Uw labels worden bewaard en tellen mee bij de volgende training. "
    "Met **Tab** en de **pijltjestoetsen** kiest u; **Ctrl+Enter** slaat op, **Alt+N** slaat de zin over."
)

annotator = st.text_input("Uw naam", key="annotator", placeholder="bijv. Fatima")
if not annotator.strip() or not any(c.isalnum() for c in annotator):
    st.info("Vul uw naam in om te beginnen.")
    st.stop()

with st.expander("Het codeboek in het kort"):
    st.markdown(
        "- **Samenwerking**: gaat de zin over mensen of organisaties die samenwerken, afstemmen, overleggen, "
        "in gesprek zijn (ook: voorwaarden, mislukkingen, waarde daarvan)? *Samen met de bijlage* telt niet.\n"
        "- **Register**: *coördinatie* (afstemming, regie, keten, overleg, protocol), *dialoog* (luisteren, gesprek, "
        "elkaar kennen, vertrouwen), *gemengd* (beide), *ongemarkeerd* (geen van beide).\n"
        "- **Vorm**: *claim* (ambitie, belofte, norm, zonder voorbeeld), *praktijk* (een concreet voorval: wie deed "
        "wat, wanneer), *reflectie* (analyse of theorie over samenwerken in het algemeen)."
    )

notice = st.session_state.pop("annotation_saved", None)
if notice:
    st.success(notice)
done = data.labelled_ids(annotator) + st.session_state.get("annotation_skipped", [])
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
    with st.form("label_form", clear_on_submit=True):
        collab = st.radio(
            "Gaat deze zin over samenwerking?",
            ["yes", "no"],
            index=None,
            horizontal=True,
            format_func=lambda v: {"yes": "ja", "no": "nee"}[v],
            key="label_collab",
        )
        register = st.radio(
            "Register (alleen bij ja)",
            list(texts.REGISTER),
            index=None,
            horizontal=True,
            format_func=texts.REGISTER.get,
            key="label_register",
        )
        mode = st.radio(
            "Vorm (alleen bij ja)",
            list(texts.MODE),
            index=None,
            horizontal=True,
            format_func=texts.MODE.get,
            key="label_mode",
        )
        saved = st.form_submit_button("Opslaan en volgende", type="primary", shortcut="Ctrl+Enter")
    skipped = st.button("Overslaan", shortcut="Alt+N")
    if saved:
        if collab is None:
            st.error("Kies eerst of de zin over samenwerking gaat.")
        elif collab == "yes" and (register is None or mode is None):
            st.error("Bij een samenwerkingszin horen ook een register en een vorm.")
        else:
            path = data.save_label(
                annotator, row["doc_id"], int(row["sent_index"]), row["text"], collab, register, mode
            )
            st.session_state["annotation_saved"] = f"Opgeslagen in {path.name}."
            st.rerun()
    if skipped:
        st.session_state.setdefault("annotation_skipped", []).append(f"{row['doc_id']}:{row['sent_index']}")
        st.rerun()
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
