"""Lemma normalisation from HanTa's analyses to UD Dutch practice.

The UD Dutch treebanks take their lemmas from the Alpino lexicon, which
differs from HanTa's in ways that are systematic and can be expressed as
rules rather than word lists:

* **Compounds are segmented** with ``_`` between their parts, linking
  morphemes (*-s-*, *-en-*) are dropped and only the last part is
  lemmatised: *opleidingsploeg* -> ``opleiding_ploeg``, *vrouwentoernooien*
  -> ``vrouw_toernooi``.  HanTa's morpheme analysis (tags ``LI`` for linking
  elements, ``N``/``WW``/``ADJ`` roots, ``PTK`` particles) gives the parts.
* **Separable verbs** are lemmatised as particle ``_`` verb, both when
  written as one word (*meedoen* -> ``mee_doen``) and when the particle
  stands apart (*spoorde ... aan* -> ``aan_sporen``).
* **Case** follows the word, not the sentence: a capital that only marks
  the start of a sentence is dropped, capitals of names are kept.
* **Degree** forms point to the positive, including the suppletive
  *meer/meest* -> *veel*, *beter/best* -> *goed*, *minder/minst* -> *weinig*.
* HanTa sometimes returns a spelling variant of the stem instead of the
  lemma (*mannen* -> ``mann``, *weken* -> ``wek``, *kinderen* ->
  ``kinder``).  Dutch spelling rules say how such a stem relates to its
  citation form (double consonants are single word-finally, an open
  syllable's single vowel is written double in a closed one, *v/z* become
  *f/s*), so those are undone when HanTa marks the stem as a variant
  (``*_VAR``) and still returns it unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# --------------------------------------------------------------------------
# Spelling repair of variant stems
# --------------------------------------------------------------------------

_VOWELS = "aeiouyáéíóúäëïöüè"
_DOUBLABLE_VOWELS = "aeou"
# Two letters that spell one vowel sound: a single vowel after them is part
# of the digraph (*dien*, *boek*), not a vowel of its own (*Itali-aan*).
_DIGRAPHS = frozenset({"aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ij", "au", "ou"})


def restore_citation_spelling(stem: str) -> str:
    """Undo the spelling changes Dutch makes before an inflectional ending.

    ``mann`` -> ``man``, ``wek`` -> ``week``, ``bedrijv`` -> ``bedrijf``,
    ``huiz`` -> ``huis``.  Only call this for a stem known to be an inflected
    variant: applied to a real lemma (*dag*) it would be wrong (*daag*).
    """
    if len(stem) < 2:
        return stem
    if stem.endswith("v"):
        stem = stem[:-1] + "f"
    elif stem.endswith("z"):
        stem = stem[:-1] + "s"
    last, before = stem[-1], stem[-2]
    if last == before and last not in _VOWELS:
        # A double consonant is only needed to keep the vowel short before
        # an ending: *mannen* / *man*.
        return stem[:-1]
    if last not in _VOWELS and before in _DOUBLABLE_VOWELS and (len(stem) == 2 or stem[-3:-1] not in _DIGRAPHS):
        # Single vowel in an open syllable is long; closed, it is doubled:
        # *weken* / *week*.
        return stem[:-1] + before + last
    return stem


# --------------------------------------------------------------------------
# Morpheme classes
# --------------------------------------------------------------------------

# Separable verb particles (closed class).  *ver, be, ge, ont, her, er* are
# inseparable prefixes even though HanTa sometimes tags *ver* as PTK.
SEPARABLE_PARTICLES = frozenset(
    {
        "aan",
        "af",
        "achter",
        "bij",
        "binnen",
        "buiten",
        "door",
        "heen",
        "in",
        "langs",
        "los",
        "mee",
        "na",
        "neer",
        "om",
        "omver",
        "onder",
        "op",
        "over",
        "rond",
        "samen",
        "tegen",
        "tegemoet",
        "terecht",
        "terug",
        "thuis",
        "toe",
        "tussen",
        "uit",
        "uiteen",
        "vast",
        "voor",
        "voorbij",
        "voort",
        "vooruit",
        "weg",
        "weer",
        "klaar",
        "teleur",
        "teweeg",
        "vrij",
        "open",
        "dicht",
        "mis",
        "kwijt",
        "bekend",
        "plaats",
        "deel",
        "ineen",
        "aaneen",
        "bijeen",
        "overeen",
        "achteruit",
        "ten",
        "ter",
    }
)

# Prefixes that are separable in some verbs and inseparable in others
# (*vóórkomen* "occur" vs *voorkómen* "prevent", *óverlopen* vs
# *overlíjden*).  For these the verb is only split when there is evidence of
# separability: *ge-* after the particle in a participle or the particle
# standing apart in the clause.
AMBIGUOUS_PARTICLES = frozenset({"voor", "over", "onder", "mis"})


def _morph_kind(tag: str) -> str:
    """Classify a HanTa morpheme tag as root, prefix, particle, suffix or link."""
    if tag.startswith("LI"):
        return "link"
    if tag.startswith("SUF"):
        return "suffix"
    if tag.startswith("PREF"):
        return "prefix"
    if tag == "PTK":
        return "particle"
    if tag.startswith("SYMB"):
        return "symbol"
    return "root"


@dataclass(frozen=True, slots=True)
class _Part:
    """One compound member: its surface text and whether it is a verb particle."""

    text: str
    is_particle: bool = False


def compound_parts(morphemes: Sequence[tuple[str, str]], *, split_particles: bool) -> list[_Part] | None:
    """Split a morpheme analysis into compound members.

    A new member starts at a root when the current member already has one,
    and after a linking morpheme (which is dropped).  Prefixes and
    particles attach to the root that follows them, except that for verbs
    (``split_particles``) a separable particle is a member of its own.
    Derivational and inflectional suffixes attach to the preceding root.
    Returns ``None`` when the analysis contains symbols (numbers,
    abbreviations), which are never segmented.
    """
    parts: list[list[str]] = []
    flags: list[bool] = []
    current: list[str] = []
    current_has_root = False
    current_is_particle = False
    force_break = False

    def close() -> None:
        nonlocal current, current_has_root, current_is_particle
        if current:
            parts.append(current)
            flags.append(current_is_particle)
        current = []
        current_has_root = False
        current_is_particle = False

    for surface, tag in morphemes:
        kind = _morph_kind(tag)
        if kind == "symbol":
            return None
        if kind == "link":
            if current:
                force_break = True
            continue
        if force_break:
            close()
            force_break = False
        if kind == "particle":
            if split_particles and surface in SEPARABLE_PARTICLES:
                close()
                parts.append([surface])
                flags.append(True)
                continue
            if current_has_root:
                close()
            current.append(surface)
        elif kind == "prefix":
            if current_has_root:
                close()
            current.append(surface)
        elif kind == "root":
            if current_has_root:
                close()
            current.append(surface)
            current_has_root = True
        else:  # suffix
            current.append(surface)
    close()
    return [_Part("".join(p), f) for p, f in zip(parts, flags)]


# Compound members shorter than this are far more often mis-segmentations
# (*kar+sten*) than real members.
_MIN_MEMBER_LENGTH = 3


def segment_compound(
    lemma: str, morphemes: Sequence[tuple[str, str]], *, is_verb: bool, participle_has_ge: bool
) -> str:
    """Insert ``_`` between compound members of ``lemma``.

    The lemma is HanTa's (already repaired) lemma of the whole word; its
    members other than the last are taken from the surface morphemes, and
    the split is only made where the lemma still starts with those
    surfaces, so a member whose spelling changed is never mangled.
    """
    parts = compound_parts(morphemes, split_particles=is_verb)
    if not parts or len(parts) < 2:
        return lemma
    # Verbs: only separable particles (and noun/adjective members such as
    # *deel-nemen*) are split off; an ambiguous prefix needs evidence.
    if is_verb:
        first = parts[0]
        if first.is_particle and first.text in AMBIGUOUS_PARTICLES and not participle_has_ge:
            if len(parts) == 2:
                return lemma
            parts = [_Part(first.text + parts[1].text)] + parts[2:]
    lowered = lemma.lower()
    pieces: list[str] = []
    position = 0
    for part in parts[:-1]:
        text = part.text.lower()
        if not part.is_particle and len(text) < _MIN_MEMBER_LENGTH:
            return lemma
        if not lowered.startswith(text, position):
            return lemma  # the lemma's spelling differs from the surface here
        pieces.append(lemma[position : position + len(text)])
        position += len(text)
        # Skip a linking morpheme the lemma still contains (*s*, *en*, *-*).
        for link in ("-", "s", "en", "e", "n"):
            rest = lowered[position:]
            if rest.startswith(link) and _next_part_starts(lowered, position + len(link), parts, pieces):
                position += len(link)
                break
    last = lemma[position:]
    if len(last) < _MIN_MEMBER_LENGTH and not is_verb:
        return lemma
    if not last:
        return lemma
    return "_".join(pieces + [last])


def _next_part_starts(lowered: str, position: int, parts: Sequence[_Part], pieces: Sequence[str]) -> bool:
    """Whether the next compound member begins at ``position``."""
    index = len(pieces)
    if index >= len(parts):
        return False
    nxt = parts[index].text.lower()
    probe = nxt[: max(2, min(len(nxt), 4))]
    return lowered.startswith(probe, position)


# --------------------------------------------------------------------------
# Hyphens
# --------------------------------------------------------------------------

_COMPASS_PREFIXES = frozenset(
    {"noord", "zuid", "oost", "west", "midden", "centraal", "noordoost", "noordwest", "zuidoost", "zuidwest"}
)


def hyphen_to_underscore(lemma: str) -> str:
    """Write hyphenated compounds of common words with ``_`` as Alpino does.

    Geographic compounds (*Zuid-Amerikaans*, *Noord-Iers*) and words whose
    first member is a single letter (*e-mail*) keep their hyphen, as do
    acronyms made of hyphenated capitals (*N-VA*).
    """
    if "-" not in lemma or lemma.startswith("-") or lemma.endswith("-"):
        return lemma
    members = lemma.split("-")
    out = [members[0]]
    for member in members[1:]:
        previous = out[-1]
        left = previous.rsplit("_", 1)[-1]
        keep = (
            len(left) == 1
            or left.lower() in _COMPASS_PREFIXES
            and member[:1].isupper()
            or (left.isupper() and member.isupper() and len(member) <= 3)
            or not left
            or not member
        )
        if keep:
            out[-1] = previous + "-" + member
        else:
            out.append(member)
    return "_".join(out)


# --------------------------------------------------------------------------
# Case
# --------------------------------------------------------------------------


def restore_case(lemma: str, form: str, *, keep_initial_capital: bool) -> str:
    """Give ``lemma`` the capitalisation the word has in the text.

    HanTa lower-cases everything except lemmas of proper-noun tags (which it
    capitalises even for *zaterdag*).  UD lemmas keep a word's own capitals
    (*FARC_rebel*, *Oranje_belofte*) but not a capital that only marks the
    start of a sentence; whether the first capital is the word's own is
    decided by the caller (``keep_initial_capital``).  Capitals are copied
    position by position while the lemma and the form spell the same
    letters; a lower-case form gives a lower-case lemma.
    """
    if not any(ch.isupper() for ch in form):
        return lemma.lower()
    out = []
    j = 0
    for ch in lemma:
        if ch == "_":
            out.append(ch)
            if j < len(form) and form[j] == "-":
                j += 1
            continue
        if j < len(form) and form[j].lower() == ch.lower():
            out.append(form[j] if form[j].isupper() else ch.lower())
            j += 1
        else:
            out.append(ch.lower() if j < len(form) else ch)
            j = len(form)  # stop copying once the spellings diverge
    result = "".join(out)
    if not keep_initial_capital and result[:1].isupper() and not _is_acronym_like(form):
        result = result[:1].lower() + result[1:]
    return result


def _is_acronym_like(form: str) -> bool:
    """A form whose capitals are not just a sentence-initial capital."""
    letters = [ch for ch in form if ch.isalpha()]
    return sum(1 for ch in letters[1:] if ch.isupper()) >= 1


# --------------------------------------------------------------------------
# Degree and numerals
# --------------------------------------------------------------------------

# Suppletive comparatives and superlatives (Dutch grammar, closed class).
SUPPLETIVE_DEGREE = {
    "meer": "veel",
    "meest": "veel",
    "meeste": "veel",
    "minder": "weinig",
    "minst": "weinig",
    "minste": "weinig",
    "beter": "goed",
    "betere": "goed",
    "best": "goed",
    "beste": "goed",
}


def degree_base(morphemes: Sequence[tuple[str, str]]) -> str | None:
    """Positive form of a comparative/superlative from its morphemes.

    *later* = ``lat`` (ADJ_VAR) + ``er`` (SUF_COMP): the root is a variant
    stem, so its citation spelling is restored (``laat``).  Returns ``None``
    if the analysis has no degree suffix.
    """
    roots = [(m, t) for m, t in morphemes if _morph_kind(t) in {"root", "prefix", "particle"}]
    has_degree = any(t in {"SUF_COMP", "SUF_SUP"} for _, t in morphemes)
    if not has_degree or not roots:
        return None
    text = "".join(m for m, _ in roots)
    last_tag = roots[-1][1]
    if last_tag.endswith("_VAR") or "_VAR(" in last_tag:
        text = restore_citation_spelling(text)
    return text


# --------------------------------------------------------------------------
# Word-level normalisation
# --------------------------------------------------------------------------


def repair_variant_stem(lemma: str, morphemes: Sequence[tuple[str, str]], main: str) -> str:
    """Fix HanTa lemmas that are still an inflected variant of the stem.

    HanTa marks stems that differ from the citation form with a ``_VAR``
    morpheme tag and maps them through a stem dictionary; when the
    dictionary lacks the word, the variant comes back unchanged as the
    lemma (*mann*, *wek*, *kinder*).  Only then is spelling repaired.
    """
    if lemma.lower().endswith("hed") and any(t == "SUF_A_SUBST" for _, t in morphemes):
        # -heid has the plural -heden (*hoeveelheden*).
        return lemma[:-3] + "heid"
    roots = [(m, t) for m, t in morphemes if _morph_kind(t) == "root"]
    if not roots:
        return lemma
    surface, tag = roots[-1]
    if "_VAR" not in tag:
        return lemma
    lowered = lemma.lower()
    if not lowered.endswith(surface):
        return lemma
    suffixes = [m for m, t in morphemes if _morph_kind(t) == "suffix"]
    repaired = surface
    if main == "N" and surface.endswith("er") and suffixes[-1:] == ["en"] and len(surface) >= 4:
        # *kinder-en*, *eier-en*, *volker-en*: the -er- belongs to the
        # plural ending -eren, not to the noun.
        repaired = restore_citation_spelling(surface[:-2])
    else:
        repaired = restore_citation_spelling(surface)
    return lemma[: len(lemma) - len(surface)] + repaired


def strip_diminutive(lemma: str, morphemes: Sequence[tuple[str, str]]) -> str:
    """Lemma of a diminutive noun is its base noun (*spelletje* -> *spel*).

    Lexicalised diminutives (*meisje*, *beetje*) come out of HanTa as a
    single morpheme and are left alone.
    """
    if not any(t == "SUF_DIM" for _, t in morphemes):
        return lemma
    base_morphs: list[tuple[str, str]] = []
    for m, t in morphemes:
        if t == "SUF_DIM":
            break
        base_morphs.append((m, t))
    if not base_morphs:
        return lemma
    base = "".join(m for m, _ in base_morphs if _morph_kind(t) != "link")
    last_tag = base_morphs[-1][1]
    if "_VAR" in last_tag:
        base = restore_citation_spelling(base)
    return base


# Words whose log relative frequency in HanTa's training corpus is above this
# are treated as lexicalised and not segmented (see ``segment_compound``).
# Tuned on the UD Dutch dev files: frequent compounds such as *landbouw* or
# *hoofdstad* are single entries in the Alpino lexicon.
LEXICALISED_LOGPROB = -11.0


def _is_titlecase(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and letters[0].isupper() and not any(ch.isupper() for ch in letters[1:])


def _adjective_from_name(lemma: str) -> bool:
    """Adjectives of nationality or place (*Vlaams*, *Europees*, *Westers*).

    Dutch writes them with a capital; they end in *-s* (*-isch*, *-aans*,
    *-ees*, *-ers*) unlike the ordinary adjectives that are only
    capitalised inside titles (*Grote Prijs*).
    """
    lower = lemma.lower()
    return lower.endswith(("s", "sch")) and not lower.endswith(("eus", "ous", "ijs", "ies"))


def lemma_for_word(
    form: str,
    hanta_lemma: str,
    morphemes: Sequence[tuple[str, str]],
    xpos: str,
    upos: str,
    *,
    sentence_initial: bool,
    corpus_logprob: float | None = None,
) -> str:
    """UD-style lemma of one word from HanTa's lemma and morphemes.

    Sentence-level adjustments (separable verbs, multi-word names) are made
    afterwards by :func:`separable_verb_lemmas` and the caller.
    """
    main = xpos.split("|", 1)[0]
    lower_form = form.lower()
    lemma = hanta_lemma

    if main in {"LET", "SPEC"} and "deeleigen" not in xpos:
        return form
    if main == "TW" and any(ch.isdigit() for ch in form) and "rang" not in xpos:
        return form
    if main == "BW":
        # Adverbs do not inflect; HanTa sometimes strips an *-s* (*anders*).
        return lower_form
    if lower_form in SUPPLETIVE_DEGREE and main in {"ADJ", "VNW", "BW"}:
        return SUPPLETIVE_DEGREE[lower_form]
    letters = [ch for ch in form if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(form) >= 2:
        # Acronyms and codes are their own lemma (*VS*, *SKS*, *F1*).
        return form
    if main == "N" and "gen" in xpos.split("|") and form.endswith(("'s", "’s")):
        return form[:-2]

    if main in {"N", "ADJ", "WW"}:
        lemma = repair_variant_stem(lemma, morphemes, main)
    if main == "ADJ" and "met-e" in xpos and lemma.lower() == lower_form and lower_form.endswith("e"):
        # HanTa kept the inflectional -e (*geheimzinnige*, *tomeloze*).
        lemma = restore_citation_spelling(lemma[:-1])
    if main == "N":
        lemma = strip_diminutive(lemma, morphemes)
    if main == "ADJ" and ("comp" in xpos or "sup" in xpos):
        base = degree_base(morphemes)
        if base:
            lemma = base

    if upos == "PROPN":
        keep_capital = True
    elif main == "ADJ" and _is_titlecase(form):
        keep_capital = _adjective_from_name(lemma)
    else:
        keep_capital = not sentence_initial
    lemma = restore_case(lemma, form, keep_initial_capital=keep_capital)

    if main in {"N", "ADJ", "WW"} and upos != "PROPN":
        is_verb = main == "WW"
        lexicalised = corpus_logprob is not None and corpus_logprob > LEXICALISED_LOGPROB
        if "-" not in lemma and not (lexicalised and not is_verb):
            has_ge = _participle_has_ge(morphemes) if is_verb else False
            lemma = segment_compound(lemma, morphemes, is_verb=is_verb, participle_has_ge=has_ge)
        lemma = hyphen_to_underscore(lemma)
    return lemma


def _participle_has_ge(morphemes: Sequence[tuple[str, str]]) -> bool:
    """A particle followed by participial *ge-* proves a separable verb."""
    seen_particle = False
    for _surface, tag in morphemes:
        if tag == "PTK":
            seen_particle = True
        elif tag == "PREF_VD" and seen_particle:
            return True
    return False


# --------------------------------------------------------------------------
# Sentence level: separated particles
# --------------------------------------------------------------------------

# Verbs that do not take separable particles in the treebanks' analysis:
# with them a "particle" belongs to an elided infinitive (*ik kan niet af*
# is *kunnen*) or is a predicate.
_NO_PARTICLE_VERBS = frozenset({"kunnen", "moeten", "mogen", "zullen", "willen", "zijn", "worden", "hebben"})

# Particles that HanTa tags as adverbs or adjectives when they stand apart.
_ADVERBIAL_PARTICLES = frozenset(
    {
        "terug",
        "weg",
        "samen",
        "neer",
        "heen",
        "thuis",
        "voort",
        "vooruit",
        "achteruit",
        "tegemoet",
        "uiteen",
        "bijeen",
        "vrij",
        "vast",
        "los",
        "open",
        "dicht",
        "klaar",
        "mee",
        "toe",
    }
)

_R_PRONOUNS = frozenset({"er", "daar", "hier", "waar"})
_PARTICLE_WINDOW_STOPS = frozenset({".", ";", "!", "?", ":", ",", "(", ")", '"', "'", "-", "–"})


def _particle_window_end(words: Sequence[str], xpos: Sequence[str], verb: int) -> int:
    """End (exclusive) of the stretch after a finite verb that can hold its particle.

    It ends at the next finite verb, subordinator, relative pronoun,
    coordinator or punctuation: a particle never leaves its clause.
    """
    j = verb + 1
    while j < len(words):
        if words[j] in _PARTICLE_WINDOW_STOPS or xpos[j].startswith(("WW|pv", "VG", "VNW|betr")):
            break
        j += 1
    return j


def find_separated_particle(words: Sequence[str], xpos: Sequence[str], verb: int) -> int | None:
    """Index of the separated particle of the finite verb at ``verb``, if any.

    In a main clause the finite verb is second and its particle closes the
    middle field, followed at most by non-finite verbs and extraposed
    phrases (*Hij sloot de helft af met een voorsprong*).  A candidate is
    the last particle-like token in the clause after the verb:

    * ``VZ|fin`` with a separable particle form (HanTa's tag for particles
      and postpositions);
    * an adverb or adjective from the list of particles that HanTa files
      under those classes (*terug, weg, samen* ...) when it is followed by
      punctuation, a preposition or a conjunction.

    A particle directly before *te* or an infinitive belongs to that
    infinitive (*om na te denken*).

    A ``VZ|fin`` after an R-pronoun (*er, daar* ...) is usually that
    pronoun's stranded preposition (*ze rouwden er niet om*), so it is not
    taken.
    """
    end = _particle_window_end(words, xpos, verb)
    candidate: int | None = None
    for j in range(verb + 1, end):
        word = words[j].lower()
        tag = xpos[j]
        following = xpos[j + 1] if j + 1 < len(words) else "LET"
        if following.startswith("WW|inf") or (j + 1 < len(words) and words[j + 1].lower() == "te"):
            # *om na te denken*, *op willen geven*: the particle belongs to
            # the infinitive, not to the finite verb.
            continue
        if tag.startswith("VZ|fin") and word in SEPARABLE_PARTICLES:
            candidate = j
        elif word in _ADVERBIAL_PARTICLES and (tag == "BW" or tag.startswith("ADJ|vrij")):
            if following.startswith(("LET", "VZ|init", "VG")):
                candidate = j
    if candidate is None:
        return None
    if xpos[candidate].startswith("VZ|fin"):
        between = {w.lower() for w in words[verb + 1 : candidate]}
        if between & _R_PRONOUNS:
            return None
    return candidate


def separable_verb_lemmas(
    words: Sequence[str], xpos: Sequence[str], lemmas: Sequence[str]
) -> tuple[list[str], list[int]]:
    """Join separated particles to the lemma of their verb.

    Handles the main-clause order (*Zij spoorde haar aan* -> ``aan_sporen``)
    and *te*-infinitives (*op te stappen* -> ``op_stappen``).  Returns the
    new lemma list and the indices of the particles that were joined.
    """
    new = list(lemmas)
    joined: list[int] = []
    n = len(words)
    for i in range(n):
        if not xpos[i].startswith("WW|pv") or "_" in new[i] or new[i].lower() in _NO_PARTICLE_VERBS:
            continue
        particle = find_separated_particle(words, xpos, i)
        if particle is None:
            continue
        new[i] = f"{words[particle].lower()}_{new[i]}"
        joined.append(particle)
    for i in range(n - 2):
        if (
            words[i].lower() in SEPARABLE_PARTICLES
            and (xpos[i].startswith("VZ") or words[i].lower() in _ADVERBIAL_PARTICLES)
            and words[i + 1].lower() == "te"
            and xpos[i + 2].startswith("WW|inf")
            and "_" not in new[i + 2]
        ):
            new[i + 2] = f"{words[i].lower()}_{new[i + 2]}"
            joined.append(i)
    return new, joined
