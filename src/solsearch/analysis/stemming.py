"""Folding and light stemming: J. Savoy's "UniNE" rules as Lucene ships them, on folded text.

Light stemming removes inflections (plural, feminine) and leaves derivations alone, so that
"salariées" finds "salarié" while "formation" does not find "forme".
"""

from __future__ import annotations

import re
from functools import lru_cache

from unidecode import unidecode

NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """ASCII-fold and keep [0-9a-z]: é→e, œ→oe, ß→ss, the apostrophe of aujourd'hui dropped."""
    return NOT_ALNUM.sub("", unidecode(text).lower())


# A port of J. Savoy's "UniNE" light stemmer as Lucene ships it (FrenchLightStemmer,
# Apache-2.0; Savoy's code BSD), on folded text: the rules Lucene writes with è use "e".
# Rules: (suffix, the length the word must exceed, replacement, whether stemming stops there).
#
# Changes, each measured on the seed's 2,781 distinct words (over-conflated = unrelated words
# sharing a stem; under-conflated = inflections of one word with different stems):
# - left out, derivational: -isation/-isateur/-ation/-ition (formation = forme, organisation =
#   organe) and -ement, which over-conflated environnement = environ, département = départ,
#   équipement = équipe, placement = place, conditionnement = condition (the cost:
#   développement ≠ développer, as formation ≠ former);
# - under-conflation fixed: -ière from 6 letters, not 9 (première, dernière, ouvrière; not
#   every -ère: folded, récupère is also récupéré); feminine -aise/-oise/-eure like -euse
#   (française, lyonnaise, meilleure); in norm(), a final -i or -ir after a consonant goes like
#   -ie (réussi/réussie/réussir, investi/investies/investir, accueilli/accueillies/accueillir),
#   and -r then -e are dropped only while more than 4 letters remain (aide/aider, note/noter,
#   lutte/lutter, semer/semées).
# - joined, a derivation kept on purpose: a Latin compound in -culture, its agent and its
#   adjective in -cole are one word of one sense (agriculture, agriculteurs, agricole; apiculture,
#   apicole), which the rules leave apart (agricultur, agricult, agricol). Only after an -i-
#   (agri-, viti-, api-, horti-, sylvi-, pisci-): « culture » itself, « permaculture », « inculte »
#   and « difficulté » keep their stems.
# Left as they are: verbs in -ent (proposent ≠ proposer: stripping -ent breaks client, parent,
# permanent/permanente) and short words (dit/dite, fin/fine), as in Savoy's design.
STEM_RULES = (
    ("issement", 9, "ir", True),
    ("issant", 8, "ir", True),
    ("ficatrice", 11, "fier", True),
    ("ficateur", 10, "fier", True),
    ("catrice", 9, "quer", True),
    ("cateur", 8, "quer", True),
    ("atrice", 8, "er", True),
    ("ateur", 7, "er", True),
    ("trice", 6, "teur", False),
    ("ieme", 5, "", True),
    ("teuse", 7, "ter", True),
    ("teur", 6, "ter", True),
    ("euse", 5, "eu", True),
    ("aise", 5, "ai", True),
    ("oise", 5, "oi", True),
    ("eure", 5, "eu", True),
    ("iere", 5, "ier", True),
    ("ere", 8, "er", True),
    ("ive", 7, "if", True),
    ("folle", 4, "fou", True),
    ("molle", 4, "mou", True),
    ("nnelle", 9, "n", True),
    ("nnel", 9, "n", True),
    ("ete", 4, "et", False),
    ("ique", 8, "", False),
    ("esse", 8, "e", True),
    ("inage", 7, "in", True),
)
DOUBLED_LETTER = re.compile(r"([a-z])\1+")
CONSONANT_I = re.compile(r"(?<=[b-df-hj-np-tv-z])ir?$")  # réussi, réussir; not emploi
# agricultur, agricult → agricol; not (dif)ficult, the one other French word of that shape
# among wordfreq's 300,000 (acériculture … viticulture, 28 compounds, all joined).
CULTURE_COMPOUND = re.compile(r"(?<=[a-z]{2}i)(?<!difi)cult(?:ur)?$")


def light_stem(word: str) -> str:
    """Stem a lowercase French word (folded first if it has accents): salariées → sala."""
    s = word if word.isascii() else fold(word)
    if len(s) > 5 and s.endswith("x"):
        s = s[:-2] + "l" if s[-3:-1] == "au" and s[-4] != "e" else s[:-1]  # chevaux → cheval
    if len(s) > 3 and s.endswith("x"):
        s = s[:-1]
    if len(s) > 3 and s.endswith("s"):
        s = s[:-1]
    for suffix, longer_than, replacement, final in STEM_RULES:
        if len(s) > longer_than and s.endswith(suffix):
            s = s[: -len(suffix)] + replacement
            if final:
                break
    return _stem_norm(s)


def _stem_norm(s: str) -> str:
    """Savoy's norm(): squeeze doubled letters, drop a final -ie (-i, -ir), -r, -e."""
    if len(s) <= 4:
        return s
    s = DOUBLED_LETTER.sub(r"\1", s)
    if len(s) > 4 and s.endswith("ie"):
        s = s[:-2]
    elif (ending := CONSONANT_I.search(s)) and ending.start() >= 4:
        s = s[: ending.start()]
    for letter in "ree":
        if len(s) > 4 and s.endswith(letter):
            s = s[:-1]
    return CULTURE_COMPOUND.sub("col", s)
