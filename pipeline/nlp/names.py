"""Multi-word proper names, as the UD Dutch treebanks mark them.

UD Dutch gives every token of a multi-word name (*Van der Vaart*, *Buenos
Aires*, *Verenigde Staten*) the XPOS ``SPEC|deeleigen``, UPOS PROPN, no
features, and the word form as lemma.  HanTa tags such tokens one by one
(``N|eigen``, ``VZ|init`` for *Van*, ``ADJ`` for *Verenigde*), so the spans
are recovered here from capitalisation and a few properties of Dutch names:

* a name is a run of capitalised name-like words, possibly joined by the
  lower-case particles of surnames (*van, de, der, ten* ...);
* mid-sentence, a capitalised particle (*Van*, *De*) starts a name;
  sentence-initially only *Van/Ter/Ten/Von* followed by a lower-case
  particle does (*Van der Vaart*), since *De* and *In* there are usually
  just an article or preposition;
* a word that only has a capital because it starts the sentence counts only
  if HanTa already considers it a proper noun;
* a proper noun right after an article is a demonym or title (*de Belg
  Philippaerts*), not the start of a name, and an adjective before a proper
  noun (*de Thaise Tanasugarn*) is a modifier, while an adjective before a
  capitalised common noun (*Verenigde Staten*) is part of the name;
* runs of foreign words (*Grand Slam*) stay ``SPEC|vreemd`` as in the
  treebanks.
"""

from __future__ import annotations

from collections.abc import Sequence

# Lower-case surname particles.  Prepositions that are also ordinary words
# between two names (*in*, *op*, *en*) are left out on purpose: *Veldzicht
# in Balkbrug* is two names.
LOWER_NAME_PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "ter",
        "ten",
        "von",
        "vom",
        "zu",
        "da",
        "di",
        "del",
        "della",
        "dos",
        "das",
        "du",
        "des",
        "la",
        "le",
        "'t",
    }
)
# Capitalised words that start a name when not sentence-initial.
CAPITALISED_NAME_PARTICLES = frozenset(
    {
        "van",
        "de",
        "der",
        "den",
        "ter",
        "ten",
        "von",
        "da",
        "di",
        "del",
        "du",
        "des",
        "la",
        "le",
        "el",
        "'t",
        "vander",
        "vanden",
        "vande",
    }
)
# Sentence-initially only these open a name, and only before a lower-case
# particle (*Van der Vaart*, *Ter Horst*-like names are missed on purpose).
_INITIAL_OPENERS = frozenset({"van", "ter", "ten", "von"})

_DETERMINER_PREFIXES = ("LID", "VNW|aanw|det", "VNW|bez", "VNW|onbep|det")


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _is_core(word: str, xpos: str, positional: bool) -> bool:
    """A capitalised word that can be a member of a name."""
    if not _is_capitalised(word) or any(ch.isdigit() for ch in word):
        return False
    if xpos.startswith(("LET", "TW|hoofd", "SPEC|symb", "VZ", "LID", "VG", "VNW", "BW", "WW|pv", "WW|inf")):
        return False
    if xpos.startswith(("N|eigen", "SPEC|deeleigen", "SPEC|vreemd")):
        return True
    if positional:
        return False
    if xpos.startswith("N|soort"):
        # *CSF-voorzitter*, *Rabo-ploeg*: a name used in a common compound.
        return not ("-" in word and not word.rsplit("-", 1)[-1][:1].isupper())
    return xpos.startswith(("ADJ", "TW|rang", "WW|vd", "WW|od", "SPEC"))


def _is_lower_particle(word: str) -> bool:
    return word in LOWER_NAME_PARTICLES


def _is_capital_particle(word: str, positional: bool) -> bool:
    return not positional and _is_capitalised(word) and word.lower() in CAPITALISED_NAME_PARTICLES


def positional_flags(words: Sequence[str]) -> list[bool]:
    """For each token, whether a capital there may only mark a sentence start.

    True for the first word of the sentence and for the first word after a
    sentence-internal opening quote or colon.
    """
    flags: list[bool] = []
    previous_word: str | None = None
    for word in words:
        has_alnum = any(ch.isalnum() for ch in word)
        if not has_alnum:
            flags.append(False)
            if word in {":", '"', ",,", "„", "“", "'", "‘", "«", "(", "-", "–", "•"}:
                previous_word = None if previous_word is None else ":"
            continue
        flags.append(previous_word is None or previous_word == ":")
        previous_word = word
    return flags


def multiword_name_spans(words: Sequence[str], xpos: Sequence[str]) -> list[tuple[int, int]]:
    """Half-open spans of two or more tokens that form one proper name."""
    n = len(words)
    positional = positional_flags(words)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not _can_start(words, xpos, positional, i):
            i += 1
            continue
        last_core = i if _is_core(words[i], xpos[i], positional[i]) else -1
        j = i + 1
        while j < n:
            if _is_core(words[j], xpos[j], False):
                last_core = j
                j += 1
                continue
            k = j
            while k < n and k - j < 3 and (_is_lower_particle(words[k]) or _is_capital_particle(words[k], False)):
                k += 1
            if k > j and k < n and _is_core(words[k], xpos[k], False) and _can_follow_particle(words, xpos, j, k):
                j = k
                continue
            break
        end = last_core + 1
        start = _trim_start(words, xpos, positional, i, end)
        if end - start >= 2 and _is_name(words, xpos, start, end):
            spans.append((start, end))
            i = end
        else:
            i += 1
    return spans


def _can_start(words: Sequence[str], xpos: Sequence[str], positional: Sequence[bool], i: int) -> bool:
    word = words[i]
    if _is_core(word, xpos[i], positional[i]):
        return True
    if _is_capital_particle(word, positional[i]):
        return _core_after_particles(words, xpos, i + 1)
    if positional[i] and word.lower() in _INITIAL_OPENERS and i + 1 < len(words):
        return _is_lower_particle(words[i + 1]) and _core_after_particles(words, xpos, i + 1)
    return False


def _core_after_particles(words: Sequence[str], xpos: Sequence[str], k: int) -> bool:
    start = k
    while k < len(words) and k - start < 3 and (_is_lower_particle(words[k]) or _is_capital_particle(words[k], False)):
        k += 1
    return k < len(words) and _is_core(words[k], xpos[k], False)


def _can_follow_particle(words: Sequence[str], xpos: Sequence[str], first: int, core: int) -> bool:
    """Whether the particles ``first:core`` join what precedes them to ``core``.

    A surname follows its particle directly (*Jan de Vries*); a lower-case
    *de* before an adjective, verb form or numeral is an article (*op
    Tenerife de Europese titel*), so only nouns continue a name after a
    particle.
    """
    return not xpos[core].startswith(("ADJ", "WW", "TW"))


def _trim_start(words: Sequence[str], xpos: Sequence[str], positional: Sequence[bool], start: int, end: int) -> int:
    """Drop leading members that modify the name rather than belong to it."""
    while end - start >= 2:
        tag = xpos[start]
        nxt = xpos[start + 1]
        after_determiner = start > 0 and xpos[start - 1].startswith(_DETERMINER_PREFIXES)
        if tag.startswith("N|eigen") and after_determiner and nxt.startswith(("N|eigen", "SPEC|vreemd")):
            start += 1  # de Belg Philippaerts
        elif tag.startswith(("ADJ", "WW|vd", "WW|od", "TW|rang")) and nxt.startswith("N|eigen"):
            start += 1  # de Thaise Tanasugarn
        elif tag.startswith("N|soort") and nxt.startswith(("N|eigen", "VZ")):
            start += 1  # bondscoach Van Gaal, psycholoog Buschman
        else:
            break
    return start


def _is_name(words: Sequence[str], xpos: Sequence[str], start: int, end: int) -> bool:
    """A span is a name if it is not all foreign words and has two capitals."""
    if all(tag.startswith("SPEC|vreemd") for tag in xpos[start:end]):
        return False
    return sum(1 for word in words[start:end] if _is_capitalised(word)) >= 2


def mark_multiword_names(words: Sequence[str], xpos: Sequence[str]) -> list[bool]:
    """Flag for each token whether it belongs to a multi-word proper name."""
    flags = [False] * len(words)
    for start, end in multiword_name_spans(words, xpos):
        for i in range(start, end):
            flags[i] = True
    return flags
