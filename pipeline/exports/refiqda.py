"""A REFI-QDA project (``.qdpx``) of the classified sentences.

REFI-QDA is the exchange format that ATLAS.ti, MAXQDA, NVivo and QualCoder
read and write. Exporting to it lets a researcher open Samenspraak's
labels as codings in the tool they already use, check them sentence by
sentence and recode where the classifier was wrong, instead of trusting a
figure they cannot inspect.

A ``.qdpx`` file is a zip with ``project.qde`` (XML in the namespace
``urn:QDA-XML:project:1.0``) and the documents' plain text under
``sources/``. Here:

- every analysed document is a ``TextSource`` whose text is the clean text
  the pipeline analysed, stored as ``sources/<guid>.txt`` (UTF-8, line
  ends untouched) and referenced as ``internal://<guid>.txt``;
- the codebook is a ``CodeBook``: a codable parent code *samenwerking* with
  two non-codable groups, *register* and *modus*, holding a code per label;
- every sentence labelled as collaboration is a ``PlainTextSelection`` at
  its character offsets, coded with *samenwerking*, its register and its
  mode; its ``Description`` lists the probabilities and markers;
- the document metadata and figures are ``Variables`` on each source, so
  documents can be filtered and compared inside the QDA tool.

Positions count characters (Unicode code points) of the plain text from 0,
with ``endPosition`` just after the last selected character: the same
convention as Python slicing and as the pipeline's ``start_char`` /
``end_char``, so ``text[start:end]`` is the sentence.

GUIDs are UUID 5 values derived from stable ids (``doc_id`` and the text's
hash, sentence offsets, code keys), so exporting the same results twice
gives the same file, and re-importing a newer export updates rather than
duplicates. Timestamps are left out for the same reason unless asked for.

Everything here is a pure function from tables to an XML tree, except
:func:`write_qdpx`, which writes the zip.
"""

from __future__ import annotations

import math
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import pandas as pd
from lxml import etree

from pipeline.storage import atomic_output

NAMESPACE = "urn:QDA-XML:project:1.0"
_NS = f"{{{NAMESPACE}}}"
# Root of every GUID in the export; changing it would orphan earlier imports.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "samenspraak:refi-qda:1")
USER_NAME = "Samenspraak"

# Characters XML 1.0 does not allow; a stray control character in a title or
# sentence would otherwise make lxml refuse the whole project.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def stable_guid(*parts: object) -> str:
    """A GUID that depends only on ``parts``."""
    return str(uuid.uuid5(GUID_NAMESPACE, "\x1f".join(str(part) for part in parts)))


def xml_safe(text: object) -> str:
    return _NOT_XML.sub("", str(text))


# ------------------------------------------------------------------ codebook


@dataclass(frozen=True)
class Code:
    """A code of the QDA code book. ``key`` is the stable identity (field and
    label of the Samenspraak codebook); ``name`` is what the user sees."""

    key: str
    name: str
    description: str
    color: str | None = None
    codable: bool = True
    children: tuple["Code", ...] = ()

    def walk(self) -> Iterable["Code"]:
        yield self
        for child in self.children:
            yield from child.walk()


# Names and descriptions are Dutch because the users of this file code
# Dutch texts; the English label of the exported tables is in brackets.
CODEBOOK = Code(
    key="collab.yes",
    name="samenwerking",
    color="#4D4D4D",
    description=(
        "Zin over mensen of organisaties die samenwerken, overleggen, afstemmen of met elkaar in gesprek "
        "zijn, of over de voorwaarden en waarde daarvan (collab = yes). Toegekend door Samenspraak."
    ),
    children=(
        Code(
            key="register",
            name="register",
            codable=False,
            description="In welke woorden wordt de samenwerking beschreven? Eén subcode per zin.",
            children=(
                Code(
                    "register.coordination",
                    "coördinatie (coordination)",
                    "Samenwerking als structuur en procedure: afstemming, regie, keten, overdracht, protocollen, "
                    "informatie-uitwisseling, sturing.",
                    "#1F77B4",
                ),
                Code(
                    "register.dialogue",
                    "dialoog (dialogue)",
                    "Samenwerking als relatie en gesprek: luisteren, elkaar kennen, vertrouwen, gelijkwaardigheid, "
                    "samen iets doen.",
                    "#FF7F0E",
                ),
                Code(
                    "register.mixed",
                    "gemengd (mixed)",
                    "Beide registers zijn duidelijk aanwezig in dezelfde zin.",
                    "#9467BD",
                ),
                Code(
                    "register.unmarked",
                    "ongemarkeerd (unmarked)",
                    "Over samenwerking, maar zonder de woorden van coördinatie of dialoog.",
                    "#A0A0A0",
                ),
            ),
        ),
        Code(
            key="mode",
            name="modus",
            codable=False,
            description="Wordt samenwerking beweerd, gedaan of doordacht? Eén subcode per zin.",
            children=(
                Code(
                    "mode.claimed",
                    "geclaimd (claimed)",
                    "Samenwerking wordt beloofd, geëist, gewaardeerd of genoemd, zonder waarneembaar voorbeeld: "
                    "ambities, normen, plannen, zelfbeschrijvingen.",
                    "#D62728",
                ),
                Code(
                    "mode.practised",
                    "gepraktiseerd (practised)",
                    "Een waarneembaar geval: aanwijsbare mensen of organisaties deden of doen iets samen, op een "
                    "tijd of plaats, met een concrete handeling of uitkomst.",
                    "#2CA02C",
                ),
                Code(
                    "mode.reflective",
                    "reflectief (reflective)",
                    "Beschouwing over samenwerking in het algemeen: begrippen, voorwaarden, oorzaken, theorie.",
                    "#BCBD22",
                ),
            ),
        ),
    ),
)

CODE_NAMES = {code.key: code.name for code in CODEBOOK.walk()}
# Dutch words for the labels, used in selection descriptions.
LABEL_WORDS = {key: name.split(" (")[0] for key, name in CODE_NAMES.items()}


def code_guid(key: str) -> str:
    return stable_guid("code", key)


def codebook_element(codebook: Code = CODEBOOK) -> etree._Element:
    """``<CodeBook>`` with the code tree."""
    book = etree.Element(_NS + "CodeBook")
    codes = etree.SubElement(book, _NS + "Codes")
    codes.append(_code_element(codebook))
    return book


def _code_element(code: Code) -> etree._Element:
    element = etree.Element(_NS + "Code", guid=code_guid(code.key), name=xml_safe(code.name), isCodable="true" if code.codable else "false")
    if code.color:
        element.set("color", code.color)
    etree.SubElement(element, _NS + "Description").text = xml_safe(code.description)
    for child in code.children:
        element.append(_code_element(child))
    return element


# ------------------------------------------------------------------ variables

# Document metadata shown as variables in the QDA tool (Text), and the
# document figures (Float); only those present in the documents table.
TEXT_VARIABLES = (
    ("title", "Titel uit de metadata."),
    ("organisation", "Organisatie die het document uitgaf."),
    ("organisation_type", "Soort organisatie."),
    ("genre", "Genre (beleid, blog, rapport, ...)."),
    ("subgenre", "Soort document binnen het genre."),
    ("year", "Jaar van het document."),
    ("date", "Datum van het document (JJJJ-MM-DD)."),
    ("author", "Auteur volgens de metadata."),
)
FLOAT_VARIABLES = (
    ("claim_practice_gap", "Kloof tussen claim en praktijk: -1 alleen praktijk, +1 alleen claims."),
    ("coordination_dialogue_balance", "Balans coördinatie-dialoog: -1 alleen dialoog, +1 alleen coördinatie."),
    ("collaboration_density", "Zinnen over samenwerking per 1.000 woorden."),
)


def variable_guid(name: str) -> str:
    return stable_guid("variable", name)


def variables_element(columns: Iterable[str]) -> etree._Element | None:
    present = set(columns)
    variables = etree.Element(_NS + "Variables")
    for names, kind in ((TEXT_VARIABLES, "Text"), (FLOAT_VARIABLES, "Float")):
        for name, description in names:
            if name not in present:
                continue
            variable = etree.SubElement(variables, _NS + "Variable", guid=variable_guid(name), name=name, typeOfVariable=kind)
            etree.SubElement(variable, _NS + "Description").text = description
    return variables if len(variables) else None


def _variable_values(document: dict[str, Any]) -> list[etree._Element]:
    values = []
    for names, tag in ((TEXT_VARIABLES, "TextValue"), (FLOAT_VARIABLES, "FloatValue")):
        for name, _ in names:
            value = document.get(name)
            if _missing(value) or value == "":
                continue
            element = etree.Element(_NS + "VariableValue")
            etree.SubElement(element, _NS + "VariableRef", targetGUID=variable_guid(name))
            # xsd:decimal has no exponent notation, so floats get a fixed format.
            etree.SubElement(element, _NS + tag).text = f"{float(value):.4f}" if tag == "FloatValue" else xml_safe(value)
            values.append(element)
    return values


# ------------------------------------------------------------------ sources


def source_guid(doc_id: str, content_hash: str) -> str:
    """Depends on the text too: a re-ingested, changed text is a new source
    whose offsets must not be mixed up with the old one's."""
    return stable_guid("source", doc_id, content_hash or "")


def selection_guid(doc_id: str, sent_index: int, start: int, end: int) -> str:
    return stable_guid("selection", doc_id, sent_index, start, end)


def source_path(guid: str) -> str:
    """Path of a source's text inside the zip."""
    return f"sources/{guid}.txt"


def _decimal_comma(value: object) -> str:
    """A probability as Dutch readers write it (0,75)."""
    return "?" if _missing(value) else f"{float(value):.2f}".replace(".", ",")


def selection_description(sentence: dict[str, Any]) -> str:
    """The classifier's view of one sentence, in Dutch, for the coder."""
    registers = ", ".join(
        f"{LABEL_WORDS[f'register.{label}']} {_decimal_comma(sentence.get(f'p_register_{label}'))}"
        for label in ("coordination", "dialogue", "mixed", "unmarked")
    )
    modes = ", ".join(
        f"{LABEL_WORDS[f'mode.{label}']} {_decimal_comma(sentence.get(f'p_mode_{label}'))}"
        for label in ("claimed", "practised", "reflective")
    )
    lines = [
        f"Samenspraak, zin {int(sentence['sent_index'])}: kans op samenwerking {_decimal_comma(sentence.get('p_collab_yes'))}.",
        f"Register (als het samenwerking is): {registers}.",
        f"Modus (als het samenwerking is): {modes}.",
    ]
    markers = sentence.get("marker_ids")
    if not _missing(markers) and markers:
        lines.append(f"Markers: {markers}.")
    return xml_safe("\n".join(lines))


def _selection_name(text: str, limit: int = 80) -> str:
    text = " ".join(str(text).split())
    return xml_safe(text if len(text) <= limit else text[: limit - 1].rstrip() + "…")


def selection_element(sentence: dict[str, Any], user: str) -> etree._Element:
    """A ``PlainTextSelection`` for one collaboration sentence with its codings."""
    doc_id, index = str(sentence["doc_id"]), int(sentence["sent_index"])
    start, end = int(sentence["start_char"]), int(sentence["end_char"])
    guid = selection_guid(doc_id, index, start, end)
    element = etree.Element(
        _NS + "PlainTextSelection",
        guid=guid,
        name=_selection_name(sentence["text"]),
        startPosition=str(start),
        endPosition=str(end),
        creatingUser=user,
    )
    etree.SubElement(element, _NS + "Description").text = selection_description(sentence)
    keys = [CODEBOOK.key]
    for field in ("register", "mode"):
        label = sentence.get(field)
        if not _missing(label) and label:
            keys.append(f"{field}.{label}")
    for key in keys:
        coding = etree.SubElement(element, _NS + "Coding", guid=stable_guid("coding", guid, key), creatingUser=user)
        etree.SubElement(coding, _NS + "CodeRef", targetGUID=code_guid(key))
    return element


def document_description(document: dict[str, Any]) -> str:
    parts = [str(document[name]) for name in ("title", "organisation", "genre", "year") if not _missing(document.get(name)) and document.get(name) != ""]
    return xml_safe(" · ".join(parts))


def source_element(document: dict[str, Any], sentences: pd.DataFrame, user: str) -> etree._Element:
    """A ``TextSource`` for one document with its coded sentences."""
    guid = source_guid(str(document["doc_id"]), str(document.get("content_hash") or ""))
    source = etree.Element(
        _NS + "TextSource",
        guid=guid,
        name=xml_safe(document["doc_id"]),
        plainTextPath=f"internal://{guid}.txt",
        creatingUser=user,
    )
    description = document_description(document)
    if description:
        etree.SubElement(source, _NS + "Description").text = description
    for sentence in sentences.sort_values(["start_char", "sent_index"]).to_dict("records"):
        source.append(selection_element(sentence, user))
    for value in _variable_values(document):
        source.append(value)
    return source


# ------------------------------------------------------------------ project


def build_project(
    documents: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    project_name: str = "Samenspraak",
    origin: str = "Samenspraak",
    description: str = "",
    created: str | None = None,
) -> etree._ElementTree:
    """The ``project.qde`` tree.

    ``documents``: the analysed documents (doc_id, text, content_hash and
    any metadata and figure columns). ``sentences``: doc_id, sent_index,
    start_char, end_char, text, collab, register, mode, the probabilities
    and marker_ids; only sentences with collab 'yes' become selections.
    ``created``: an ISO date-time for ``creationDateTime``, left out by
    default so that the export is byte-for-byte reproducible.
    """
    user = stable_guid("user", USER_NAME)
    project = etree.Element(_NS + "Project", nsmap={None: NAMESPACE}, name=xml_safe(project_name), origin=xml_safe(origin), creatingUserGUID=user)
    if created:
        project.set("creationDateTime", created)
    users = etree.SubElement(project, _NS + "Users")
    etree.SubElement(users, _NS + "User", guid=user, name=USER_NAME, id="samenspraak")
    project.append(codebook_element())
    variables = variables_element(documents.columns)
    if variables is not None:
        project.append(variables)

    collaboration = sentences[sentences["collab"] == "yes"]
    by_document = dict(tuple(collaboration.groupby("doc_id", sort=False)))
    empty = collaboration.iloc[0:0]
    ordered = documents.sort_values("doc_id", kind="stable")
    if len(ordered):
        sources = etree.SubElement(project, _NS + "Sources")
        for document in ordered.to_dict("records"):
            sources.append(source_element(document, by_document.get(document["doc_id"], empty), user))
    if description:
        etree.SubElement(project, _NS + "Description").text = xml_safe(description)
    return etree.ElementTree(project)


def source_texts(documents: pd.DataFrame) -> dict[str, str]:
    """Zip path -> plain text of every source, as the selections count it."""
    return {
        source_path(source_guid(str(row["doc_id"]), str(row.get("content_hash") or ""))): str(row["text"])
        for row in documents.to_dict("records")
    }


def project_bytes(tree: etree._ElementTree) -> bytes:
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validation_errors(tree: etree._ElementTree, schema_path: Path | str) -> list[str]:
    """Messages of every way ``tree`` breaks the REFI-QDA schema (empty when
    it is valid). The schema is not shipped with Samenspraak; tests pass it."""
    schema = etree.XMLSchema(etree.parse(str(schema_path)))
    if schema.validate(tree):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


# ------------------------------------------------------------------ the edge

# A fixed time stamp for zip entries (the earliest a zip can hold), so the
# archive's bytes depend on its content only.
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_qdpx(path: Path | str, tree: etree._ElementTree, texts: dict[str, str]) -> None:
    """Write the ``.qdpx`` zip: ``project.qde`` first, then the sources.

    Texts are encoded as UTF-8 without a byte-order mark and without newline
    translation: the selections' positions count the characters exactly as
    they are.
    """
    with (
        atomic_output(path) as staging,
        zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive,
    ):
        archive.writestr(_entry("project.qde"), project_bytes(tree))
        for name in sorted(texts):
            archive.writestr(_entry(name), texts[name].encode("utf-8"))


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def _missing(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
