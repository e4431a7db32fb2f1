"""CGN (Corpus Gesproken Nederlands) tags to Universal Dependencies, as pure functions.

HanTa's Dutch model speaks the CGN/D-Coi tag set (``WW(pv,tgw,met-t)``).  The
UD Dutch treebanks (Alpino, LassySmall) keep that tag in XPOS, written with
``|`` separators (``WW|pv|tgw|met-t``), and derive UPOS and features from it
plus syntax.  spaCy's ``nl_core_news_lg`` is trained on those treebanks, so to
make the embedded pipeline interchangeable with it this module reproduces the
treebanks' conventions rather than a textbook mapping.  The conventions below
were read off the UD Dutch *dev* files and the UD Dutch documentation; the
notable ones are:

* verbs carry only VerbForm, Tense and Number (no Person or Mood, even for
  CGN ``conj``), participles (``vd`` and ``od``) are ``VerbForm=Part``;
* nouns carry Gender (``zijd`` Com, ``onz`` Neut, ``genus`` both) and Number;
* ordinals (``TW|rang``) are ADJ without features, cardinals NUM without;
* pronoun-derived determiners (``VNW ... det ... prenom``) are DET with no
  features, while personal/possessive/reflexive pronouns are PRON with
  Case, Person, Poss, PronType and Reflex as CGN marks them;
* *er/daar/hier/waar* (``adv-pron``) are ADV;
* AUX is reserved for *zijn* (also as copula, but not existential *er is*),
  *hebben* and *worden* when they build a perfect or passive, and the modals
  *kunnen, moeten, mogen, zullen*; *willen, gaan, blijven, laten* are VERB
  in both treebanks.

Everything here is a pure function of strings so it can be tested table-wise;
the sentence-level rules take plain lists.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# --------------------------------------------------------------------------
# Tag syntax
# --------------------------------------------------------------------------

_PAREN_TAG = re.compile(r"^([A-Z_]+)\((.*)\)$")


def hanta_to_xpos(tag: str) -> str:
    """Rewrite a parenthesised CGN tag in the UD Dutch XPOS notation.

    ``WW(pv,tgw,met-t)`` becomes ``WW|pv|tgw|met-t`` and ``BW()`` becomes
    ``BW``.  HanTa's ``UNKNOWN`` (a word it could not analyse at all) becomes
    ``SPEC|symb``, the CGN class for material that is not a Dutch word.
    """
    match = _PAREN_TAG.match(tag)
    if match is None:
        if tag == "UNKNOWN" or not tag:
            return "SPEC|symb"
        return tag.replace(",", "|")
    head, body = match.groups()
    body = body.strip()
    return head if not body else head + "|" + body.replace(",", "|")


# Unicode files these under punctuation, but CGN treats them as symbols.
_SYMBOL_PUNCTUATION = frozenset("%‰‱#&@§†‡")


def is_punctuation_only(word: str) -> bool:
    """A token made only of punctuation characters in the CGN sense.

    Unicode's punctuation classes minus the few signs CGN tags as symbols
    (``%``, ``&``, ``#`` ...).
    """
    return bool(word) and all(unicodedata.category(ch).startswith("P") and ch not in _SYMBOL_PUNCTUATION for ch in word)


def lexical_xpos_fixes(word: str, xpos: str) -> str:
    """Correct HanTa tags that contradict a closed-class treebank convention.

    * Brackets, dashes and other pure punctuation are ``LET`` (HanTa often
      says ``SPEC|symb`` for brackets); symbols such as ``%`` or ``+`` stay
      ``SPEC|symb``.
    * *als* is always a subordinating conjunction in CGN/Lassy, also in
      *als voorzitter* and comparisons; HanTa often tags it ``VZ|init``.
    """
    if is_punctuation_only(word):
        return "LET"
    if word.lower() == "als" and not xpos.startswith("VG"):
        return "VG|onder"
    return xpos


def xpos_fields(xpos: str) -> tuple[str, frozenset[str]]:
    """Main class and the set of attribute values of an XPOS string.

    CGN attribute values are distinct across attributes (``ev`` is always
    number, ``tgw`` always tense ...), so a set is enough to query them.
    """
    parts = xpos.split("|")
    return parts[0], frozenset(parts[1:])


# --------------------------------------------------------------------------
# UPOS
# --------------------------------------------------------------------------

_SIMPLE_UPOS = {
    "ADJ": "ADJ",
    "WW": "VERB",
    "LID": "DET",
    "VZ": "ADP",
    "BW": "ADV",
    "TSW": "INTJ",
    "LET": "PUNCT",
}


def xpos_to_upos(xpos: str) -> str:
    """UPOS implied by an XPOS tag on its own, before any sentence context."""
    main, fields = xpos_fields(xpos)
    simple = _SIMPLE_UPOS.get(main)
    if simple is not None:
        return simple
    if main == "N":
        return "PROPN" if "eigen" in fields else "NOUN"
    if main == "TW":
        # UD Dutch treats ordinals as adjectives.
        return "ADJ" if "rang" in fields else "NUM"
    if main == "VG":
        return "SCONJ" if "onder" in fields else "CCONJ"
    if main == "VNW":
        return _pronoun_upos(fields)
    if main == "SPEC":
        if "symb" in fields:
            return "SYM"
        if "deeleigen" in fields:
            return "PROPN"
        return "X"
    return "X"


def _pronoun_upos(fields: frozenset[str]) -> str:
    """UPOS of a CGN pronoun (VNW) following the UD Dutch treebanks.

    Personal, reflexive, reciprocal and possessive pronouns are PRON even
    when used attributively (*mijn boek*); the R-pronouns *er, daar, hier,
    waar* are ADV; genitive forms (*diens, wiens*) and prenominal
    demonstratives/indefinites/interrogatives are DET; independently used
    ones are PRON.  Degree-marked quantifiers (*veel, meer, meest*) used
    adverbially are ADV, which is how the treebanks label *meer dan* and
    *de meeste*.
    """
    if fields & {"pers", "refl", "recip", "pr", "bez"}:
        return "PRON"
    if "adv-pron" in fields:
        return "ADV"
    if "gen" in fields and "pron" in fields:
        return "DET"
    if "grad" in fields:
        if "nom" in fields:
            return "PRON"
        if "prenom" in fields:
            if "met-e" in fields and "agr" in fields:
                return "ADV"
            return "DET"
        if "basis" in fields:
            return "PRON"
        return "ADV"
    if "det" in fields:
        if "prenom" in fields:
            return "DET"
        if "nom" in fields:
            return "PRON"
        if "vrij" in fields:
            return "ADV"
        return "DET"
    return "PRON"


# --------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------

_PERSON = {
    "1": "1",
    "2": "2",
    "2v": "2",
    "2b": "2",
    "3": "3",
    "3p": "3",
    "3m": "3",
    "3v": "3",
    "3o": "3",
}
_GENDER = {"zijd": "Com", "onz": "Neut", "genus": "Com,Neut"}
_DEGREE = {"basis": "Pos", "comp": "Cmp", "sup": "Sup"}
_PRONTYPE = {
    "pers": "Prs",
    "refl": "Prs",
    "pr": "Prs",
    "bez": "Prs",
    "recip": "Rcp",
    "aanw": "Dem",
    "onbep": "Ind",
    "vb": "Int",
    "betr": "Rel",
}


def format_feats(feats: dict[str, str]) -> str:
    """UD feature string: attributes sorted case-insensitively, ``_`` if empty."""
    if not feats:
        return "_"
    return "|".join(f"{k}={feats[k]}" for k in sorted(feats, key=str.lower))


def xpos_to_feats(xpos: str, upos: str) -> str:
    """UD features for a token, from its XPOS and its (final) UPOS.

    UPOS matters because the treebanks only give pronoun features to PRON
    tokens: a VNW used as DET or ADV has none.
    """
    main, fields = xpos_fields(xpos)
    feats: dict[str, str] = {}
    if main == "N":
        for value, gender in _GENDER.items():
            if value in fields:
                feats["Gender"] = gender
        if "ev" in fields:
            feats["Number"] = "Sing"
        elif "mv" in fields:
            feats["Number"] = "Plur"
    elif main == "ADJ":
        if upos == "ADJ":
            for value, degree in _DEGREE.items():
                if value in fields:
                    feats["Degree"] = degree
    elif main == "WW":
        feats.update(_verb_feats(fields))
    elif main == "LID":
        if "bep" in fields:
            feats["Definite"] = "Def"
        elif "onbep" in fields:
            feats["Definite"] = "Ind"
    elif main == "VNW":
        if upos == "PRON":
            feats.update(_pronoun_feats(fields))
    elif main == "SPEC":
        if "vreemd" in fields:
            feats["Foreign"] = "Yes"
        elif "afk" in fields:
            feats["Abbr"] = "Yes"
    return format_feats(feats)


def _verb_feats(fields: frozenset[str]) -> dict[str, str]:
    """VerbForm, Tense and Number, the only verbal features UD Dutch uses."""
    if "pv" in fields:
        feats = {"VerbForm": "Fin"}
        if "verl" in fields:
            feats["Tense"] = "Past"
        elif "tgw" in fields or "conj" in fields:
            feats["Tense"] = "Pres"
        if "mv" in fields:
            feats["Number"] = "Plur"
        elif "ev" in fields or "met-t" in fields:
            feats["Number"] = "Sing"
        return feats
    if "inf" in fields:
        return {"VerbForm": "Inf"}
    if "vd" in fields or "od" in fields:
        return {"VerbForm": "Part"}
    return {}


def _pronoun_feats(fields: frozenset[str]) -> dict[str, str]:
    """Case, Person, Poss, PronType and Reflex of a pronoun used as PRON."""
    feats: dict[str, str] = {}
    for value, prontype in _PRONTYPE.items():
        if value in fields:
            feats["PronType"] = prontype
            break
    else:
        # Quantifiers such as *veel* or *meer* used independently.
        feats["PronType"] = "Ind"
    independent = "pron" in fields
    personal = bool(fields & {"pers", "refl", "recip", "pr"})
    if personal:
        if "nomin" in fields:
            feats["Case"] = "Nom"
        elif "obl" in fields:
            feats["Case"] = "Acc"
    if "refl" in fields:
        feats["Reflex"] = "Yes"
    if "bez" in fields:
        feats["Poss"] = "Yes"
    if personal or "bez" in fields or independent:
        for value, person in _PERSON.items():
            if value in fields:
                feats["Person"] = person
                break
    return feats


# --------------------------------------------------------------------------
# Sentence context
# --------------------------------------------------------------------------

# Verbs the treebanks tag AUX whenever they are used as auxiliaries.  The
# modals are AUX in practically every use; *hebben* and *worden* only when
# they build a perfect or passive (a participle in the same clause); *zijn*
# also as a copula, so nearly always.
MODAL_AUXILIARIES = frozenset({"kunnen", "moeten", "mogen", "zullen"})
PERFECT_PASSIVE_AUXILIARIES = frozenset({"hebben", "worden"})
COPULA_AUXILIARIES = frozenset({"zijn"})

# Closed-class words that CGN files under another class than UD Dutch does.
_DETERMINER_ADJECTIVES = frozenset(
    {"dezelfde", "hetzelfde", "datzelfde", "diezelfde", "allerlei", "voldoende", "onvoldoende"}
)
_CORRELATIVE_CONJUNCTIONS = frozenset({"zowel"})

# Rough clause boundaries: punctuation and conjunctions.
_CLAUSE_BREAK_XPOS_PREFIXES = ("VG|",)
_CLAUSE_BREAK_WORDS = frozenset({",", ";", ":", "(", ")", "-", "–", "—", '"', "'"})


def clause_spans(xpos: Sequence[str], words: Sequence[str]) -> list[tuple[int, int]]:
    """Split a sentence into rough clauses at punctuation and conjunctions.

    Used to count finite verbs per clause when choosing between a plural
    present and an infinitive; it does not need to be a real clause
    analysis, only to keep two clauses' verbs apart.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for i, (tag, word) in enumerate(zip(xpos, words)):
        if word in _CLAUSE_BREAK_WORDS or tag.startswith(_CLAUSE_BREAK_XPOS_PREFIXES):
            if i > start:
                spans.append((start, i))
            start = i + 1
    if start < len(words):
        spans.append((start, len(words)))
    return spans


def _is_participle(word: str, xpos: str) -> bool:
    """A past participle, including the ones HanTa files as adjectives.

    HanTa (following CGN's lexicon) tags lexicalised participles such as
    *geboren* as ``ADJ|vrij``; after *worden* or *zijn* they still build a
    passive, so a ``ge-...-d/t/en`` adjective counts as well.
    """
    if xpos.startswith("WW|vd"):
        return True
    lower = word.lower()
    return (
        xpos.startswith("ADJ|vrij") and lower.startswith("ge") and lower.endswith(("d", "t", "en")) and len(lower) > 5
    )


def _is_infinitive(xpos: str) -> bool:
    return xpos.startswith("WW|inf")


_WINDOW_STOP_WORDS = frozenset({".", ";", "!", "?", ":"})


def verb_window(index: int, words: Sequence[str], xpos: Sequence[str]) -> range:
    """Tokens that can hold the verbs an auxiliary at ``index`` combines with.

    Forward it runs to the next finite verb, subordinator or relative
    pronoun (a new clause) or strong punctuation; backward, for verb-final
    subordinate clauses (*dat hij gekomen is*), to the previous such token.
    Commas and coordinations are crossed on purpose: the participle of a
    passive often follows an inserted phrase (*zij wordt nu, na 42 jaar,
    ... gezet*).
    """

    def is_stop(j: int) -> bool:
        tag = xpos[j]
        return words[j] in _WINDOW_STOP_WORDS or tag.startswith(("WW|pv", "VG|onder", "VNW|betr"))

    end = index + 1
    while end < len(words) and not is_stop(end):
        end += 1
    start = index
    while start > 0 and not is_stop(start - 1):
        start -= 1
    return range(start, end)


def verb_upos(lemma: str, index: int, words: Sequence[str], xpos: Sequence[str]) -> str:
    """AUX or VERB for the verb at ``index``, following UD Dutch practice.

    The modals are AUX.  *hebben* and *worden* are AUX only with a
    participle in their window (or, for *hebben*, a following infinitive:
    the Dutch "IPP" perfect *heeft laten zien*).  *zijn* is AUX as
    auxiliary and copula, but VERB when existential or locative, which is
    recognised by an adjacent *er* with nothing verbal in the window.
    """
    if lemma in MODAL_AUXILIARIES:
        return "AUX"
    if lemma not in PERFECT_PASSIVE_AUXILIARIES and lemma not in COPULA_AUXILIARIES:
        return "VERB"
    window = verb_window(index, words, xpos)
    for j in window:
        if j == index:
            continue
        if _is_participle(words[j], xpos[j]):
            return "AUX"
        if lemma == "hebben" and j > index and _is_infinitive(xpos[j]):
            return "AUX"
    if lemma in COPULA_AUXILIARIES:
        if xpos[index].startswith("WW|pv"):
            for j in (index - 1, index + 1, index + 2):
                if j in window and words[j].lower() == "er" and "adv-pron" in xpos[j]:
                    return "VERB"
        return "AUX"
    return "VERB"


def contextual_upos(words: Sequence[str], xpos: Sequence[str], lemmas: Sequence[str]) -> list[str]:
    """UPOS for every token of a sentence, using the sentence where it helps.

    Starts from :func:`xpos_to_upos` and then applies the treebank
    conventions that need context: AUX versus VERB, determiner-like
    adjectives, correlative *zowel*, and a dash between numbers (a score or
    range, SYM in the treebanks).
    """
    upos = [xpos_to_upos(tag) for tag in xpos]
    for i, (word, tag, lemma) in enumerate(zip(words, xpos, lemmas)):
        lower = word.lower()
        if tag.startswith("WW"):
            upos[i] = verb_upos(lemma, i, words, xpos)
        elif tag.startswith("ADJ") and lower in _DETERMINER_ADJECTIVES:
            upos[i] = "DET"
        elif lower in _CORRELATIVE_CONJUNCTIONS and tag == "BW":
            upos[i] = "CCONJ"
        elif tag == "LET" and word in {"-", "–"} and _between_numbers(i, xpos):
            upos[i] = "SYM"
    return upos


def _between_numbers(index: int, xpos: Sequence[str]) -> bool:
    return 0 < index < len(xpos) - 1 and xpos[index - 1].startswith("TW") and xpos[index + 1].startswith("TW")


# --------------------------------------------------------------------------
# Finite plural or infinitive
# --------------------------------------------------------------------------

_PLURAL_PRESENT = "WW|pv|tgw|mv"
_INFINITIVE = "WW|inf|vrij|zonder"


def resolve_plural_or_infinitive(words: Sequence[str], xpos: Sequence[str]) -> list[str]:
    """Choose between present plural and infinitive for ``-en`` verb forms.

    *komen* is both "(they) come" and "to come", and HanTa's trigram model
    often picks the wrong one.  Dutch clause structure decides it: after
    *te* it is an infinitive; a clause has one finite verb, so if the clause
    already has another finite verb the ``-en`` form is an infinitive, and
    if it has none and there is a single ``-en`` form, that is the finite
    verb.  Several ``-en`` forms and no other finite verb stay as HanTa
    tagged them (choosing by position was worse on the dev data).
    """
    result = list(xpos)
    for start, end in clause_spans(xpos, words):
        candidates = [i for i in range(start, end) if result[i] in (_PLURAL_PRESENT, _INFINITIVE)]
        if not candidates:
            continue
        for i in candidates:
            if i > 0 and words[i - 1].lower() == "te":
                result[i] = _INFINITIVE
        finite_others = [i for i in range(start, end) if result[i].startswith("WW|pv") and result[i] != _PLURAL_PRESENT]
        open_candidates = [
            i
            for i in candidates
            if result[i] in (_PLURAL_PRESENT, _INFINITIVE) and not (i > 0 and words[i - 1].lower() == "te")
        ]
        if finite_others:
            for i in open_candidates:
                result[i] = _INFINITIVE
        elif len(open_candidates) == 1:
            result[open_candidates[0]] = _PLURAL_PRESENT
    return result
