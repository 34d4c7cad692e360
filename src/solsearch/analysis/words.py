"""French word rules, free of whoosh: stop lists, elision, inclusive writing, compounds.

Everything here works on plain strings, so it can be read and tested without the index
library; ``filters`` turns these rules into whoosh filters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from solsearch.analysis.stemming import fold

# --- Word lists -------------------------------------------------------------------------------

#: Snowball's French stop list (snowballstem.org, BSD), the list Lucene and Elasticsearch use.
SNOWBALL_STOP_WORDS = """
au aux avec ce ces dans de des du elle en et eux il je la le leur lui ma mais me même mes moi
mon ne nos notre nous on ou par pas pour qu que qui sa se ses sur ta te tes toi ton tu un une vos
votre vous c d j l à m n s t y étée étées étant suis es êtes sont serai seras sera serons serez
seront serais serait serions seriez seraient étais était étions étiez étaient fus fut fûmes fûtes
furent sois soit soyons soyez soient fusse fusses fussions fussiez fussent ayant eu eue eues eus
ai avons avez ont aurai aurons aurez auront aurais aurait aurions auriez auraient avais avait
aviez avaient eut eûmes eûtes eurent aie aies ait ayons ayez aient eusse eusses eût eussions
eussiez eussent ceci cela celà cet cette ici ils les leurs quel quels quelle quelles sans soi
""".split()

#: Words Snowball leaves out on purpose because they are also nouns (summer, east, sound, sums,
#: barrel, ace, wind, planes). Folding must not bring them back: "êtes" folds to "etes", which
#: would stop "étés" (summers), and "fut" would stop "fût".
HOMONYMS = ("été", "étés", "est", "son", "sommes", "fût", "as", "aura", "auras", "avions")

#: Acronyms that the stop list would remove once lowercased. Written in capitals they are the
#: acronym, « AI » an association intermédiaire, one of the network's kinds of structure,
#: never « ai » of « j'ai »; a visitor typing « AI » got every solution.
STOP_WORD_ACRONYMS = frozenset({"AI"})

#: The 13 elided articles of Lucene's ElisionFilter.
ELISION_ARTICLES = tuple("l m t qu n s j d c jusqu quoiqu lorsqu puisqu".split())

#: Function words Snowball lacks (research notes §4.2), plus "ci" (celui-ci), "mêmes" and "parce"
#: (it stemmed to "parc"), and the prepositions of place that visitors put before a place
#: (« près de Rouen », « autour de Lyon »): as words, no text had them with the place. The
#: notes' "or", "car" and "vers" are left out: they are also nouns (gold, coach, worms or
#: verse), and "Unis vers l'Emploi" is a structure's name.
EXTRA_STOP_WORDS = """
les ils elles cette cet ceux celle celles celui dont où ou donc ni lors afin ainsi aussi très
plus tout tous toute toutes sans sous entre chez leurs quel quelle quels quelles ci mêmes parce
près auprès autour
""".split()

#: Pronouns and their companions (celle-ci, eux-mêmes, est-ce, a-t-il): hyphenated to another
#: word, they are split without a catenation ("elles-ils" and "est-ce" are no compounds).
PRONOUN_PARTS = frozenset(
    "il ils elle elles iel iels eux ceux celle celles celui lui on je tu nous vous ce t ci"
    " là même mêmes".split()
)

#: Split spellings joined with a hyphen (same length) so that the compound logic catenates them:
#: "up cycling" finds "upcycling". Bound prefixes never stand alone as words.
SPLIT_SPELLINGS = re.compile(
    r"(?<!\w)(up(?= cycl)|start(?= ups?(?!\w))"
    r"|co(?= (?:working|voiturage|location|construction)(?!\w))|[ée]co(?= \w)) ",
    re.IGNORECASE,
)

# --- Characters -------------------------------------------------------------------------------

#: Same-length replacements applied before tokenising, so character offsets stay exact.
_SAME_LENGTH = tuple(
    zip("\u2019\u2018\u02bc\u2032\u00b4\u00a0\u202f\u2007\u2010\u2011", "'''''   --", strict=True)
)
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "Œ": "OE", "Æ": "AE"})

_W = r"[\w\u0300-\u036f]"  # a word character, combining accents included (decomposed text)
#: One token per word, keeping joined forms whole: l'économie, salarié-e-s, salarié·e·s,
#: salarié.e.s, salarié(e)s, salarié/e/s, Villeneuve-la-Garenne, E.B.E, Interm'Aide.
TOKEN_PATTERN = rf"{_W}+(?:[-·‧•./']{_W}+|\({_W}{{1,4}}\){_W}*)*"
SEPARATOR = re.compile(r"[-·‧•./'()]")
ELISION = re.compile(rf"(?:{'|'.join(ELISION_ARTICLES)})'", re.IGNORECASE)
#: Words whose apostrophe belongs to the word: aujourd'hui, prud'hommes, presqu'île, quelqu'un.
KEEP_WHOLE = re.compile(r"(?:aujourd|prud|presqu|quelqu)'", re.IGNORECASE)
FEMININE_SUFFIX = re.compile(r"(e|ne|le|fe|te|se|ve|ive|euse|trice|rice|ice|ère|ere|elle|)(s?)")


def join_split_spellings(text: str) -> str:
    """Hyphenate the known split spellings ("up cycling" → "up-cycling"); same length."""
    return SPLIT_SPELLINGS.sub(r"\1-", text)


def same_length(text: str) -> str:
    """Apostrophe variants as "'", non-breaking spaces as spaces, hyphen variants as "-".

    A replace per character found: ``str.translate`` walks accented text a character at a
    time in Python objects, and whole documents go through here at every build.
    """
    for variant, plain in _SAME_LENGTH:
        if variant in text:
            text = text.replace(variant, plain)
    return text


def prepare_user_query(text: str) -> str:
    """Normalise a visitor's raw query before parsing.

    Apostrophes, spaces and ligatures as in documents, and split spellings joined: the query
    parser splits on spaces before any analyzer runs, so "up cycling" must be joined here.
    """
    text = same_length(unicodedata.normalize("NFC", text)).translate(LIGATURES)
    return join_split_spellings(text)


# --- Stop words -------------------------------------------------------------------------------


def _stop_words(fold_words: bool) -> frozenset[str]:
    """The stop list, folded for the main chain or with accents for the spelling field."""
    norm = fold if fold_words else str
    words = {norm(w) for w in (*SNOWBALL_STOP_WORDS, *ELISION_ARTICLES, *EXTRA_STOP_WORDS)}
    return frozenset(words - {norm(w) for w in HOMONYMS})


STOP_WORDS = _stop_words(fold_words=True)
STOP_WORDS_ACCENTED = _stop_words(fold_words=False)

# --- Splitting one word: elision, inclusive writing, compounds --------------------------------


@dataclass(frozen=True)
class Piece:
    """A term cut from one token: offsets within the token's text, slot = position offset."""

    text: str
    start: int
    end: int
    slot: int = 0


def strip_elision(text: str) -> int:
    """Return where the word starts once leading elided articles are dropped (l', qu', d'…)."""
    start = 0
    while (match := ELISION.match(text, start)) and match.end() < len(text):
        start = match.end()
    return start


def split_segments(text: str, start: int) -> tuple[list[Piece], set[str]]:
    """Cut text[start:] at joiners, except in aujourd'hui-like words; return parts and joiners."""
    parts, joiners, begin = [], set(), start
    for match in SEPARATOR.finditer(text, start):
        if match.group() == "'" and KEEP_WHOLE.fullmatch(text, begin, match.end()):
            continue
        parts.append(Piece(text[begin : match.start()], begin, match.start()))
        joiners.add(match.group())
        begin = match.end()
    parts.append(Piece(text[begin:], begin, len(text)))
    return [p for p in parts if p.text], joiners


def feminine(base: str, suffix: str) -> str | None:
    """Build the feminine singular from a written masculine and an inclusive suffix.

    Appended suffixes double a consonant (citoyen-ne, professionnel-le, chef-fe); the others
    replace the masculine ending (acteur-trice, chômeur-euse, actif-ve, locaux-les). None when
    the pair does not fit, so that no fragment is ever emitted.
    """
    if suffix == "e":
        if base.endswith("er"):
            return base[:-2] + "ère"  # conseiller-e → conseillère
        return None if base[-1] in "ae" else base + "e"
    if suffix == "le" and base.endswith(("al", "aux")):
        return base.removesuffix("aux").removesuffix("al") + "ale"  # locaux-les → locales
    if suffix in ("ne", "le", "fe", "te"):
        return base + suffix if base.endswith(suffix[0]) else None
    single = base[:-1] if base.endswith("s") else base
    if suffix in ("ve", "se"):
        ending = "f" if suffix == "ve" else "x"  # actif-ve, nombreux-se
        return single[:-1] + suffix if single.endswith(ending) else None
    if suffix in ("rice", "ice"):
        suffix = "trice"  # acteur·rice, acteur·ice → actrice
    cut = single.rfind("e" if suffix[0] == "è" else suffix[0])
    return single[:cut] + suffix if cut >= max(1, len(single) - 4) else None


def inclusive_forms(words: list[str]) -> tuple[str, str | None] | None:
    """Masculine and feminine of an inclusive form (salarié-e-s → salariés, salariées).

    None when the words are not an inclusive form (a compound, a pronoun pair).
    """
    base, *rest = words
    rest = [w for i, w in enumerate(rest) if not (i and w == "e" == rest[i - 1])]  # e-e-s typo
    if len(base) < 2 or not 1 <= len(rest) <= 2 or (len(rest) == 2 and rest[1] != "s"):
        return None
    match = FEMININE_SUFFIX.fullmatch("".join(rest))
    if not base.replace("'", "").isalpha() or not match or rest[0] in PRONOUN_PARTS:
        return None
    suffix, plural = match.group(1), "s" if match.group(2) else ""
    masculine = base if not plural or base.endswith(("s", "x")) else base + plural
    if not suffix:
        return masculine, base  # vert(s) → verts, vert
    female = feminine(base, suffix)
    return masculine, female + plural if female else None


def _is_inclusive_joiner(joiners: set[str]) -> bool:
    """One kind of joiner, or parentheses: salarié-e-s, salarié·e·s, salarié(e)s, not www.a-b.c."""
    return len(joiners) == 1 and "'" not in joiners or joiners == {"(", ")"}


@lru_cache(maxsize=200_000)
def split_word(text: str, expand: bool, catenate: bool = True) -> tuple[Piece, ...]:
    """Cut one lowercased token into terms, in the order they must be emitted.

    expand: add the feminine of inclusive forms, and put a compound's catenation first at its
    first part's position (indexing, highlighting); else the catenation comes last, for the
    query parser, stacked on the last part.
    """
    parts, joiners = split_segments(text, strip_elision(text))
    if len(parts) < 2:
        return tuple(parts)
    whole = (parts[0].start, parts[-1].end)
    forms = _is_inclusive_joiner(joiners) and inclusive_forms([p.text for p in parts])
    if forms:
        return tuple(Piece(form, *whole) for form in forms[: 2 if expand else 1] if form)
    parts = [Piece(p.text, p.start, p.end, slot) for slot, p in enumerate(parts)]
    # A pronoun's part keeps an inversion apart (a-t-il), not the letters of an acronym
    # written with dots (E.T.T.I, P.T.C.E), which found nothing but single letters.
    pronoun = joiners != {"."} and {p.text for p in parts} & PRONOUN_PARTS
    if not catenate or joiners & {"/", "(", ")"} or pronoun:
        return tuple(parts)
    joined = "".join(p.text for p in parts)
    if expand:
        return (Piece(joined, *whole, 0), *parts)
    return (*parts, Piece(joined, *whole, parts[-1].slot))
