"""A hostile corpus: files and a metadata table that try to stop the run,
read outside the corpus folder or exhaust memory.

Every text is written for these tests. :func:`write_hostile_corpus` returns
what the ingest report must say: one ``(file, status, reason part)`` per
file and per metadata row.
"""

from __future__ import annotations

import os
import random
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

SECRET = "GEHEIM-BUITEN-DE-CORPUSMAP"

# Sentence parts combined at random, so that documents written from them do
# not look like copies of each other to the duplicate check.
_WHO = ["de wijkverpleegkundige", "de huisarts", "een jongerenwerker", "de wijkagent", "de buurtcoach",
        "de schoolmaatschappelijk werker", "een vrijwilliger van de voedselbank", "de schuldhulpconsulent"]  # fmt: skip
_DID = [("zaten", "aan tafel"), ("spraken", "in het buurthuis"), ("belden", "uitgebreid"), ("kookten", "samen"),
        ("liepen", "een ronde door de wijk"), ("zochten", "samen een oplossing")]  # fmt: skip
_WITH = ["de familie Bakker", "een moeder van drie kinderen", "de bewonerscommissie", "twee docenten",
         "een oudere buurman", "de huismeester", "een groep tieners", "de mantelzorger"]  # fmt: skip
_WHEN = ["vorige week", "in maart", "na de zomer", "op een regenachtige avond", "tijdens de kerstvakantie",
         "in het voorjaar", "op maandagochtend", "eind oktober"]  # fmt: skip
_THEN = ["Daarna spraken ze af wie wat zou doen.", "Ze luisterden eerst naar wat er nodig was.",
         "Sindsdien bellen ze elkaar gewoon op.", "Het gesprek duurde langer dan gepland.",
         "Er werd veel gelachen en koffie gedronken.", "Niemand had vooraf een plan gemaakt."]  # fmt: skip
_SAID = ["We kennen elkaar nu en dat scheelt", "Eerst luisteren, dan pas iets afspreken",
         "Zonder die avond waren we nooit zo ver gekomen", "Het ging om kleine stappen"]  # fmt: skip


def dutch_text(paragraphs: int, title: str = "Verslag van een keukentafelgesprek") -> str:
    """A Dutch report of ``paragraphs`` paragraphs, the same for the same
    title and different for another."""
    pick = random.Random(f"{title}/{paragraphs}").choice
    blocks = []
    for n in range(paragraphs):
        verb, rest = pick(_DID)
        one, two = pick(_WHO), pick(_WHO)
        blocks.append(
            f"{pick(_WHEN).capitalize()} {verb} {one} en {two} {rest} met {pick(_WITH)}. "
            f'{pick(_THEN)} "{pick(_SAID)}," zegt {one}. Punt {n} van het verslag.'
        )
    return title + "\n\n" + "\n\n".join(blocks)


@dataclass(frozen=True)
class Expected:
    file: str
    status: str
    reason: str = ""  # a part of the report's reason (or warnings, for an ok file)


def _zip_bomb(path: Path, unpacked_mb: int) -> None:
    """A DOCX-shaped zip whose document part is ``unpacked_mb`` of repeated
    XML: a few hundred kilobytes on disk. Written in chunks."""
    chunk = ("<w:p><w:r><w:t>samenwerking</w:t></w:r></w:p>" * 1000).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            member.write(b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            for _ in range(unpacked_mb * 2**20 // len(chunk)):
                member.write(chunk)
            member.write(b"</w:body></w:document>")


def write_hostile_corpus(folder: Path, outside: Path, long_chars: int = 1_050_000) -> list[Expected]:
    """Write the corpus into ``folder`` and, for the links to point at, a
    secret file and folder into ``outside``."""
    folder.mkdir(parents=True)
    outside.mkdir(parents=True)
    (outside / "geheim.txt").write_text(f"{SECRET} " + dutch_text(3, "Geheim"), encoding="utf-8")
    (outside / "map").mkdir()
    (outside / "map" / "ook-geheim.txt").write_text(f"{SECRET} " + dutch_text(3, "Ook geheim"), encoding="utf-8")
    expected: list[Expected] = []

    def file(name: str, content: str | bytes, status: str = "ok", reason: str = "") -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        expected.append(Expected(name, status, reason))
        return path

    file("goed.txt", dutch_text(3, "Goed verslag"))
    file("tweede.txt", dutch_text(4, "Tweede verslag"))
    # Links: out of the folder (refused), inside it (followed once), broken, in a loop, to folders.
    os.symlink(outside / "geheim.txt", folder / "link-buiten.txt")
    expected.append(Expected("link-buiten.txt", "skipped", "buiten de corpusmap"))
    os.symlink("/etc/passwd", folder / "wachtwoorden.txt")
    expected.append(Expected("wachtwoorden.txt", "skipped", "buiten de corpusmap"))
    os.symlink(folder / "tweede.txt", folder / "link-binnen.txt")
    expected.append(Expected("link-binnen.txt", "ok", ""))  # read, then excluded as a copy of tweede
    os.symlink(folder / "bestaat-niet.txt", folder / "kapotte-link.txt")
    expected.append(Expected("kapotte-link.txt", "failed", "koppeling zonder bestaand doel"))
    os.symlink(folder / "kring-b.txt", folder / "kring-a.txt")
    os.symlink(folder / "kring-a.txt", folder / "kring-b.txt")
    expected += [Expected(n, "failed", "koppeling zonder bestaand doel") for n in ("kring-a.txt", "kring-b.txt")]
    os.symlink(outside / "map", folder / "map-buiten")
    expected.append(Expected("map-buiten/", "skipped", "map buiten de corpusmap"))
    # Hidden files and folders, a named pipe (reading it would block forever).
    file(".verborgen.txt", dutch_text(2, "Verborgen"), "skipped", "verborgen bestand")
    (folder / ".git").mkdir()
    (folder / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    expected.append(Expected(".git/", "skipped", "verborgen map"))
    os.mkfifo(folder / "pijp.txt")
    expected.append(Expected("pijp.txt", "skipped", "geen gewoon bestand"))
    # Size: a sparse 3 GB file (nothing may read it), zip bombs, too many words.
    with open(folder / "enorm.txt", "wb") as handle:
        handle.truncate(3 * 2**30)
    expected.append(Expected("enorm.txt", "skipped", "te groot"))
    _zip_bomb(folder / "bom.docx", 40)  # passes the size cap, refused by its compression ratio
    expected.append(Expected("bom.docx", "skipped", "uitgepakt te groot"))
    _zip_bomb(folder / "grote-bom.docx", 120)
    expected.append(Expected("grote-bom.docx", "skipped", "uitgepakt te groot"))
    file("te-veel-woorden.txt", dutch_text(9_000, "Te veel"), "skipped", "te veel woorden")
    # Encodings and markup.
    file("utf16-zonder-bom.txt", dutch_text(3, "Verslag in UTF-16").encode("utf-16-le"))
    nested = "<div>" * 3000 + "<p>" + dutch_text(2, "Diep genest").replace("\n\n", "</p><p>") + "</p>" + "</div>" * 3000
    file("diep-genest.html", f"<html><body>{nested}</body></html>")
    file("lang.txt", _long_text(long_chars))
    # A name stored decomposed on disk, composed in the metadata.
    decomposed = unicodedata.normalize("NFD", "café-verslag.txt")
    (folder / decomposed).write_text(dutch_text(3, "Verslag uit het café"), encoding="utf-8")
    expected.append(Expected("café-verslag.txt", "ok"))
    file("kapot-citaat.txt", dutch_text(3, "Citaat"), "ok", "niet in de metadata")

    rows = [
        "doc_id,file,title,organisation,genre,date",
        "goed,goed.txt,Goed verslag,Buurtteam Noord,rapport,maart 2019",
        "tweede,tweede.txt,Tweede verslag,Buurtteam Noord,rapport,2019-04-02",
        "lang,lang.txt,Lang jaarverslag,Buurtteam Noord,rapport,2020",
        "cafe,café-verslag.txt,Café,Buurtteam Zuid,blogg,ooit",
        'kapot,kapot-citaat.txt,"Titel zonder eind,Buurtteam Zuid,blog,2021',
        "kort,kort.txt,Te weinig velden",
        ",zonder-id.txt,Geen id,Buurtteam Zuid,blog,2021",
        "goed,nog-eens.txt,Dubbel id,Buurtteam Zuid,blog,2021",
        "passwd,../../etc/passwd,Buiten,Buurtteam Zuid,blog,2021",
        "weg,verdwenen.txt,Ontbreekt,Buurtteam Zuid,blog,2021",
        "link,link-buiten.txt,Link naar buiten,Buurtteam Zuid,blog,2021",
        "utf16,utf16-zonder-bom.txt,UTF-16,,blog,2022",
    ]
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    expected += [
        Expected("kapot-citaat.txt", "failed", "metadataregel 6: aanhalingsteken niet gesloten"),
        Expected("kort.txt", "failed", "metadataregel 7: 3 velden, verwacht 6"),
        Expected("zonder-id.txt", "failed", "metadataregel 8: doc_id ontbreekt"),
        Expected("nog-eens.txt", "failed", "metadataregel 9: doc_id goed staat al op regel 2"),
        Expected("../../etc/passwd", "failed", "buiten de corpusmap"),
        Expected("verdwenen.txt", "missing", "bestand ontbreekt"),
    ]
    return expected


def _long_text(chars: int) -> str:
    """A report of more than spaCy's million characters, in paragraphs."""
    text = dutch_text(chars // 150 + 1, "Jaarverslag")
    return text[: text.rfind("\n\n", 0, chars + 400)]
