"""Render plain source texts as the files users really have.

The demo corpus and the test corpora are written as simple marked-up text
(see ``corpora/README.md``) and turned into PDF, DOCX, HTML and legacy-encoded
plain text here, with the blemishes real files carry: running headers and
footers, page numbers, words hyphenated at line ends, navigation and reader
comments around a web article, hard-wrapped Windows-1252 text. Ingestion is
tested against exactly these files, so the renderer must not be kinder than
the world. Needs the ``dev`` extra (reportlab, pyphen).
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

COMMENTS_MARKER = "=== reacties ==="


@dataclass(frozen=True)
class Block:
    """One structural unit of a source text."""

    kind: str  # title | heading | subheading | paragraph | list
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass
class SourceDocument:
    blocks: list[Block]
    comments: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return next((b.text for b in self.blocks if b.kind == "title"), "")


def parse_source(text: str) -> SourceDocument:
    """Parse the source mark-up: ``#``, ``##``, ``###`` headings, ``- `` list
    items, paragraphs separated by blank lines, reader comments after the
    comments marker."""
    body, _, comment_text = text.partition(COMMENTS_MARKER)
    blocks: list[Block] = []
    for raw in body.strip().split("\n\n"):
        lines = [line.strip() for line in raw.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("list", items=tuple(line[2:].strip() for line in lines)))
            continue
        joined = " ".join(lines)
        for prefix, kind in (("### ", "subheading"), ("## ", "heading"), ("# ", "title")):
            if joined.startswith(prefix):
                blocks.append(Block(kind, joined[len(prefix) :].strip()))
                break
        else:
            blocks.append(Block("paragraph", joined))
    comments = [c.strip().replace("\n", " ") for c in comment_text.strip().split("\n\n") if c.strip()]
    return SourceDocument(blocks, comments)


# ----------------------------------------------------------------------- PDF

_PAGE_MARGIN = 72.0
_STYLES = {
    "title": ("Helvetica-Bold", 17.0, 22.0),
    "heading": ("Helvetica-Bold", 13.0, 17.0),
    "subheading": ("Helvetica-Bold", 11.0, 15.0),
    "paragraph": ("Helvetica", 10.5, 14.0),
    "list": ("Helvetica", 10.5, 14.0),
}


def _wrap_hyphenated(text: str, font: str, size: float, width: float, hyphenator) -> list[str]:
    """Greedy line filling that hyphenates a long word when only part fits,
    as word processors and typesetting engines do."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if stringWidth(candidate, font, size) <= width:
            current = candidate
            continue
        split = None
        if len(word) >= 8 and word.isalpha():
            for head, tail in hyphenator.iterate(word):
                if stringWidth(f"{current} {head}-".strip(), font, size) <= width:
                    split = (head, tail)
                    break
        if split:
            lines.append(f"{current} {split[0]}-".strip())
            current = split[1]
        else:
            if current:
                lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_pdf(document: SourceDocument, path: Path, running_header: str) -> None:
    """A multi-page A4 PDF with a running header, 'Pagina N van M' footers
    and hyphenated line ends."""
    import pyphen
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    hyphenator = pyphen.Pyphen(lang="nl_NL")
    page_width, page_height = A4
    text_width = page_width - 2 * _PAGE_MARGIN
    top, bottom = page_height - _PAGE_MARGIN - 10, _PAGE_MARGIN + 10

    pages: list[list[tuple[str, float, float, float, str]]] = [[]]
    y = top

    def place(line: str, font: str, size: float, leading: float, indent: float = 0.0) -> None:
        nonlocal y
        if y - leading < bottom:
            pages.append([])
            y = top
        y -= leading
        pages[-1].append((font, size, _PAGE_MARGIN + indent, y, line))

    for block in document.blocks:
        font, size, leading = _STYLES[block.kind]
        if block.kind == "list":
            for item in block.items:
                wrapped = _wrap_hyphenated(item, font, size, text_width - 16, hyphenator)
                for n, line in enumerate(wrapped):
                    place(("\u2022 " if n == 0 else "") + line, font, size, leading, 0 if n == 0 else 8)
        else:
            if block.kind != "paragraph":
                y -= 6
            for line in _wrap_hyphenated(block.text, font, size, text_width, hyphenator):
                place(line, font, size, leading)
        y -= 8  # space between blocks

    canvas = Canvas(str(path), pagesize=A4)
    canvas.setTitle(document.title)
    for number, lines in enumerate(pages, start=1):
        canvas.setFont("Helvetica", 8)
        canvas.drawString(_PAGE_MARGIN, page_height - _PAGE_MARGIN + 20, running_header)
        canvas.drawCentredString(page_width / 2, _PAGE_MARGIN - 30, f"Pagina {number} van {len(pages)}")
        for font, size, x, y_pos, line in lines:
            canvas.setFont(font, size)
            canvas.drawString(x, y_pos, line)
        canvas.showPage()
    canvas.save()


# ---------------------------------------------------------------------- DOCX


def render_docx(document: SourceDocument, path: Path, running_header: str, author: str = "") -> None:
    """A Word document with real heading and list styles and a page header."""
    import docx

    word = docx.Document()
    word.core_properties.title = document.title
    word.core_properties.author = author
    word.sections[0].header.paragraphs[0].text = running_header
    for block in document.blocks:
        if block.kind == "title":
            word.add_heading(block.text, level=0)
        elif block.kind == "heading":
            word.add_heading(block.text, level=1)
        elif block.kind == "subheading":
            word.add_heading(block.text, level=2)
        elif block.kind == "list":
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        else:
            word.add_paragraph(block.text)
    word.save(str(path))


# ---------------------------------------------------------------------- HTML


def _html_body(document: SourceDocument) -> str:
    parts = []
    tags = {"title": "h1", "heading": "h2", "subheading": "h3", "paragraph": "p"}
    for block in document.blocks:
        if block.kind == "list":
            items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
            parts.append(f"<ul>{items}</ul>")
        else:
            tag = tags[block.kind]
            parts.append(f"<{tag}>{html.escape(block.text)}</{tag}>")
    return "\n      ".join(parts)


def _html_comments(comments: list[str]) -> str:
    if not comments:
        return ""
    rendered = []
    for comment in comments:
        name, _, text = comment.partition(":")
        rendered.append(
            f'<li class="comment"><p class="comment-author">{html.escape(name.strip())}</p>'
            f"<p>{html.escape(text.strip())}</p></li>"
        )
    return (
        '<section id="comments" class="comments"><h2>Reacties</h2><ol>'
        + "".join(rendered)
        + '</ol><form class="comment-form"><label>Reageer</label><textarea></textarea>'
        "<button>Plaats reactie</button></form></section>"
    )


def render_html(
    document: SourceDocument,
    path: Path,
    site_name: str,
    author: str,
    date: str,
    encoding: str = "utf-8",
) -> None:
    """A web page as a CMS serves it: navigation, breadcrumbs, the article,
    'lees ook' links, reader comments, footer and cookie notice."""
    page = f"""<!DOCTYPE html>
<html lang="nl">
<head>
  <meta charset="{encoding}">
  <title>{html.escape(document.title)} | {html.escape(site_name)}</title>
  <meta name="author" content="{html.escape(author)}">
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">{html.escape(site_name)}</a>
    <nav class="main-nav"><ul>
      <li><a href="/">Home</a></li><li><a href="/over-ons">Over ons</a></li>
      <li><a href="/nieuws">Nieuws</a></li><li><a href="/blogs">Blogs</a></li>
      <li><a href="/contact">Contact</a></li><li><a href="/zoeken">Zoeken</a></li>
    </ul></nav>
  </header>
  <div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/blogs">Blogs</a> &gt; {html.escape(document.title)}</div>
  <main>
    <article class="post">
      <p class="byline">Door {html.escape(author)} | <time datetime="{date}">{date}</time></p>
      {_html_body(document)}
    </article>
    <aside class="related"><h2>Lees ook</h2><ul>
      <li><a href="/blogs/1">Meer verhalen uit de wijk</a></li>
      <li><a href="/blogs/2">Nieuwsbrief: schrijf je in</a></li></ul>
    </aside>
    {_html_comments(document.comments)}
  </main>
  <footer class="site-footer">
    <p>{html.escape(site_name)} | Postbus 123 | Privacyverklaring | Toegankelijkheid</p>
    <div class="cookie-notice">Deze website gebruikt functionele cookies. <button>Akkoord</button></div>
  </footer>
</body>
</html>
"""
    path.write_bytes(page.encode(encoding, errors="xmlcharrefreplace"))


# ----------------------------------------------------------------------- TXT

_CP1252_FALLBACKS = {"\u2265": ">=", "\u2264": "<=", "\u2192": "->", "\u2248": "~"}


def render_txt(
    document: SourceDocument,
    path: Path,
    encoding: str = "cp1252",
    wrap_width: int | None = 72,
    newline: str = "\r\n",
) -> None:
    """Plain text as an old export writes it: legacy encoding, Windows line
    ends, lines hard-wrapped at a fixed width."""
    chunks = []
    for block in document.blocks:
        if block.kind == "list":
            items = []
            for item in block.items:
                if wrap_width:
                    items.append(textwrap.fill(item, wrap_width, initial_indent="- ", subsequent_indent="  "))
                else:
                    items.append(f"- {item}")
            chunks.append("\n".join(items))
        elif block.kind == "title":
            chunks.append(block.text.upper())
        elif block.kind in ("heading", "subheading") or not wrap_width:
            chunks.append(block.text)
        else:
            chunks.append(textwrap.fill(block.text, wrap_width, break_long_words=False, break_on_hyphens=False))
    text = "\n\n".join(chunks) + "\n"
    for char, fallback in _CP1252_FALLBACKS.items():
        text = text.replace(char, fallback)
    path.write_bytes(text.replace("\n", newline).encode(encoding, errors="replace"))


# ------------------------------------------------------------ broken inputs

_GOOD_TEXT = """# Buurtavond in de Zijlhoek

Op dinsdag 12 maart kwamen twintig bewoners, de wijkagent en twee medewerkers van het buurtteam bijeen in het buurthuis. Ze spraken over de overlast bij het winkelplein en over wat ieder zelf kan doen.

De wijkagent vertelde dat de meldingen sinds januari zijn gehalveerd. Een bewoonster stelde voor om samen een schoonmaakochtend te houden, en drie buren meldden zich meteen aan.

Aan het eind spraken de aanwezigen af om elkaar over zes weken weer te zien."""

_SECOND_TEXT = """# Terugblik op de wijkschouw

Op 4 oktober liepen medewerkers van de woningcorporatie, de gemeente en zes bewoners samen door de Havenstraat. Ze noteerden kapotte lampen, losse stoeptegels en een portiek waar al maanden vuilniszakken stonden.

Binnen twee weken waren de lampen vervangen. Over de portiek maakten de bewoners en de huismeester een afspraak die iedereen kon naleven."""

_THIRD_TEXT = """# Nieuwsbericht: spreekuur in het wijkcentrum

Vanaf januari houden het buurtteam en de schuldhulpmaatjes elke woensdagochtend samen een spreekuur in het wijkcentrum aan de Dreef. Bewoners kunnen zonder afspraak binnenlopen met vragen over geld, zorg of wonen.

Een medewerker van het buurtteam vertelt dat de drempel zo lager is dan bij een loket in het stadhuis."""

_ENGLISH_TEXT = """# Neighbourhood evening

On Tuesday twenty residents met the community police officer and two social workers in the community centre. They talked about the nuisance near the shopping square and about what everyone could do.

The officer said that reports had halved since January, and three neighbours volunteered to organise a clean-up morning together."""


def write_broken_corpus(folder: Path) -> dict[str, str]:
    """Write a folder of damaged and awkward inputs, each showing one way a
    real corpus goes wrong, plus a metadata table that misses one file and
    names one that is absent. Returns file name -> the status ingestion
    should give it (``missing`` for the absent one)."""
    import io

    import pypdf
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    folder.mkdir(parents=True, exist_ok=True)
    good = parse_source(_GOOD_TEXT)
    expected: dict[str, str] = {}

    render_txt(good, folder / "goed.txt")
    expected["goed.txt"] = "ok"
    (folder / "kopie-van-goed.txt").write_bytes((folder / "goed.txt").read_bytes())
    expected["kopie-van-goed.txt"] = "ok"  # ok, but excluded as exact duplicate
    render_txt(parse_source(_ENGLISH_TEXT), folder / "engels.txt", encoding="utf-8")
    expected["engels.txt"] = "ok"  # ok, but excluded as not Dutch
    (folder / "leeg.txt").write_bytes(b"")
    expected["leeg.txt"] = "skipped"
    (folder / "kort.txt").write_text("Zie bijlage.\n", encoding="utf-8")
    expected["kort.txt"] = "skipped"

    render_pdf(good, folder / "goed.pdf", "Buurtteam Zijlhoek | Verslag")
    whole = (folder / "goed.pdf").read_bytes()
    (folder / "goed.pdf").unlink()
    (folder / "afgebroken.pdf").write_bytes(whole[: len(whole) // 3])
    expected["afgebroken.pdf"] = "failed"

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(whole)))
    writer.encrypt(user_password="geheim", owner_password="nog-geheimer")
    buffer = io.BytesIO()
    writer.write(buffer)
    (folder / "met-wachtwoord.pdf").write_bytes(buffer.getvalue())
    expected["met-wachtwoord.pdf"] = "failed"

    canvas = Canvas(str(folder / "gescand.pdf"), pagesize=A4)
    for _ in range(2):
        canvas.rect(72, 300, 400, 400, fill=1)  # a 'scan' without a text layer
        canvas.showPage()
    canvas.save()
    expected["gescand.pdf"] = "skipped"

    docx_path = folder / "beschadigd.docx"
    render_docx(good, docx_path, "Buurtteam Zijlhoek")
    docx_path.write_bytes(docx_path.read_bytes()[:2000])
    expected["beschadigd.docx"] = "failed"

    render_docx(parse_source(_SECOND_TEXT), folder / "niet-in-metadata.docx", "Buurtteam Zijlhoek")
    expected["niet-in-metadata.docx"] = "ok"

    (folder / "alleen-menu.html").write_text(
        "<!DOCTYPE html><html><head><title>Zoeken</title></head><body><nav><a href='/'>Home</a>"
        "<a href='/nieuws'>Nieuws</a></nav><footer>Postbus 1</footer></body></html>",
        encoding="utf-8",
    )
    expected["alleen-menu.html"] = "skipped"
    render_html(
        parse_source(_THIRD_TEXT), folder / "eigenlijk-html.pdf", "Buurtteam Zijlhoek", "Redactie", "2024-03-14"
    )
    expected["eigenlijk-html.pdf"] = "ok"  # read as HTML, with a warning
    (folder / "foto.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    expected["foto.txt"] = "skipped"
    (folder / "adressen.csv").write_text("naam;straat\nJansen;Dorpsstraat 1\n", encoding="utf-8")
    expected["adressen.csv"] = "skipped"

    listed = [name for name in expected if name != "niet-in-metadata.docx"]
    rows = ["doc_id,file,title,organisation,genre,date"]
    for name in listed:
        rows.append(f"{Path(name).stem},{name},Voorbeeld {name},Buurtteam Zijlhoek,rapport,2024-03-12")
    rows.append("ontbreekt,ontbreekt.pdf,Bestand dat niet is aangeleverd,Buurtteam Zijlhoek,rapport,2024-03-12")
    expected["ontbreekt.pdf"] = "missing"
    (folder / "metadata.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return expected
