"""Query planning: what each word of a query becomes before any document is ranked.

One unit per word, per quoted phrase, per place's name (« pays de la loire », one phrase)
and per synonym span ("sous main de justice" is also found as "détenus"), once an article
glued to its word has its apostrophe back (« dinsertion »). A word no
document has is matched by the words of its family (pollinisateurs → pollinisation), else
by the nearest words the corpus writes (recylage → recyclage), unless French writes it
often: then it is a real word the corpus lacks (âgés, piscine), not a typo of a corpus word
(axes). Two words no document has together but the corpus writes as one are that word
(web master, webmasters). A word the corpus has may also have relatives that other
documents use (réparateurs, réparation): ``with_word_families`` widens its unit with them,
for the service to keep what meaning confirms. The "did you mean" query offered beside the
results is planned here too.
"""

from __future__ import annotations

import dataclasses
import re

from solsearch.analysis import fold, lexicon
from solsearch.analysis.derivation import derived_stem
from solsearch.analysis.words import strip_elision
from solsearch.corpus import territories
from solsearch.search.limits import (
    GLUED_REST_LETTERS,
    MISSPELLING_MARGIN,
    ONE_TYPO_FROM_LETTERS,
    PLACE_NAME_WORDS,
    RARE_WORD_ZIPF,
    REAL_WORD_ZIPF,
    RELATIVE_MIN_STEM,
    TWO_TYPOS_FROM_LETTERS,
    TYPO_CANDIDATES,
    TYPO_MAX_LETTERS,
)
from solsearch.search.matching import (
    Unit,
    also_named,
    merge_units,
    named_place_unit,
    phrase_unit,
    replaced_unit,
    with_alternatives,
    with_compounds,
    with_relatives,
    with_words_apart,
    word_unit,
)
from solsearch.search.relaxation import matching_documents
from solsearch.search.state import GenerationState

#: An elided article glued to a word beginning with a vowel or h: « dinsertion », « lemploi ».
_GLUED_ELISION = re.compile(r"(?:qu|[cdjlmnst])(?=[aeiouyhàâéèêëîïôöùûü])", re.IGNORECASE)


def plan_units(state: GenerationState, words, phrases) -> list[Unit]:
    """One unit per word (place names and synonym spans merged, typos corrected) and per
    phrase."""
    words = [with_apostrophe(state, word) for word in words]
    typed = [
        (w, joined_compounds(state, u))
        for w, u in joined_words(state, place_names(words))
        if u is not None
    ]
    units = merge_synonym_spans(state, typed)
    units += [u for u in map(phrase_unit, phrases) if u is not None]
    return units


def with_apostrophe(state: GenerationState, word: str) -> str:
    """A word typed without its elided article's apostrophe (« dinsertion », a phone's
    habit) written with it (« d'insertion ») when no document has it whole, but some have
    the rest, and French does not write it whole often (« tissus » stays; without the word
    list, no word is changed).

    Done before anything else, so that the word also joins a synonym's span (« chantier
    d'insertion ») or a place's name; a typo's correction would look only among words of
    its first letter, and miss it."""
    glued = _GLUED_ELISION.match(word)
    if glued is None or len(word) - glued.end() < GLUED_REST_LETTERS:
        return word
    whole, rest = word_unit(word), word_unit(word[glued.end() :])
    if whole is None or rest is None:
        return word
    if state.docs(whole.match).any() or not state.docs(rest.match).any():
        return word
    frequency = lexicon.zipf(word)  # None without the word list: « Lille » is not « l'ille »
    if frequency is None or frequency >= REAL_WORD_ZIPF:
        return word
    return f"{word[: glued.end()]}'{word[glued.end() :]}"


def place_names(words) -> list[tuple[str, Unit | None]]:
    """Each typed word with its unit; the words that name a region or a department together
    as one phrase, and a region's name from before 2016 also as today's, which the index
    has (``place_unit``)."""
    keys = [territories.place_key(word) for word in words]
    found, i = [], 0
    while i < len(words):
        size, unit = _place_at(words, keys, i)
        if unit is None:
            found.append((words[i], word_unit(words[i])))
        else:
            width = sum(word_unit(w) is not None for w in words[i : i + size])
            found.append((unit.text, dataclasses.replace(unit, width=width)))
        i += size
    return found


def _place_at(words, keys: list[str], i: int) -> tuple[int, Unit | None]:
    """The longest place's name that begins at word ``i``: its number of words, its unit."""
    if keys[i].partition(" ")[0] not in territories.first_words():
        return 1, None  # a cheap test before trying each span
    for size in range(min(len(words) - i, PLACE_NAME_WORDS), 0, -1):
        unit = place_unit(words[i : i + size], keys[i : i + size])
        if unit is not None:
            return size, unit
    return 1, None


def place_unit(typed: list[str], keys: list[str]) -> Unit | None:
    """The unit of a place's name (``keys``: the words folded), None when the words name
    none or are one plain word.

    A name of several words is one phrase: as words, « grand » and « est » found twelve
    solutions, none in the Grand Est, and « Hauts-de-France » found « Hauts-de-Seine » and
    « France » apart. It also finds the place as the index writes it, by today's name:
    « Seine St Denis », and a region's former name (« Midi-Pyrénées »), as the filter does.
    """
    key = " ".join(keys)
    if key in territories.overseas_names():
        # No solution is overseas. « Saint-Martin » is still found as a phrase, in a city's
        # name; « La Réunion » without its article is « réunion », a word of two texts
        # (« les réunions »), so it is sought only where the index writes the places.
        unit = phrase_unit(" ".join(typed))
        return unit if unit and len(unit.terms) > 1 else named_place_unit(" ".join(typed))
    code = territories.former_region(key)
    if code is None and len(key.split()) > 1:
        code = territories.named_place(key)
    unit = phrase_unit(" ".join(typed)) if code else None
    return unit and also_named(unit, territories.place_label(code))


def joined_words(
    state: GenerationState, typed: list[tuple[str, Unit | None]]
) -> list[tuple[str, Unit | None]]:
    """Two words typed side by side that no document has together, but that the corpus
    writes as one word (« web master », « webmasters »): one unit, that word's, as a word
    typed with a hyphen is also found written in one (``matching._shape``)."""
    joined, i = [], 0
    while i < len(typed):
        unit = _joined(state, *typed[i : i + 2]) if i + 1 < len(typed) else None
        joined.append(typed[i] if unit is None else (unit.text, unit))
        i += 1 if unit is None else 2
    return joined


def _joined(state: GenerationState, first, second) -> Unit | None:
    (word, unit), (next_word, next_unit) = first, second
    if unit is None or next_unit is None or len(unit.terms) != 1 or len(next_unit.terms) != 1:
        return None  # a stop word, a place, a compound already
    written = bare(word) + next_word
    if not fold(written).isalpha() or (state.docs(unit.match) & state.docs(next_unit.match)).any():
        return None
    together = word_unit(written)
    if together is None or not state.docs(together.match).any():
        return None
    width = unit.width + next_unit.width
    return dataclasses.replace(together, text=f"{word} {next_word}", width=width)


def merge_synonym_spans(state: GenerationState, typed: list[tuple[str, Unit]]) -> list[Unit]:
    """Merge consecutive words that spell a synonym expression, adding its alternatives,
    and replace the words no document has (``replace_unknown_word``).

    ``typed`` pairs each typed word with its unit; the longest expression wins. Words are
    sought as typed (« métiers du care », though no solution has « care »), then each typo
    as its nearest correction, as « Vouliez-vous dire » offers it (« recylage informatique »).
    """
    longest = state.longest_synonym
    replaced = [(w, replace_unknown_word(state, u)) for w, u in typed]
    units, i = [], 0
    while i < len(typed):
        for size in range(min(len(typed) - i, longest), 0, -1):
            found = _span(state, typed[i : i + size]) or _span(state, replaced[i : i + size])
            if found is not None:
                units.append(replace_unknown_word(state, found))
                i += size
                break
        else:
            units.append(replaced[i][1])
            i += 1
    return units


def _span(state: GenerationState, span: list[tuple[str, Unit]]) -> Unit | None:
    key = tuple(t for _, u in span for t in (u.spelled or u.terms))
    alternatives = state.synonym_table.get(key)
    if alternatives is None:
        return None
    if len(span) == 1:
        return with_alternatives(span[0][1], alternatives)
    units, text = [u for _, u in span], " ".join(w for w, _ in span)
    merged = merge_units(units, text, key, apart=key not in state.named_expressions)
    return with_alternatives(merged, alternatives)


def joined_compounds(state: GenerationState, unit: Unit) -> Unit:
    """A word also found in the corpus words that join a bound prefix to it: « pâturage »
    in « écopâturage », as it is in « éco-pâturage »."""
    if len(unit.terms) != 1:
        return unit
    found = [u for u in map(word_unit, state.compounds(unit.terms[0])) if u is not None]
    return with_compounds(unit, found) if found else unit


def replace_unknown_word(state: GenerationState, unit: Unit) -> Unit:
    """A word no document has: matched by its derivations, else by the nearest words the
    corpus writes.

    Distances are measured on whole words as written (folded, unstemmed), where a typo
    is one edit, rather than on stems, where unrelated words collide.
    """
    if len(unit.terms) != 1 or state.docs(unit.match).any():
        return unit
    word = bare(unit.text)
    derived = _family(state, word)
    if derived:
        return replaced_unit(unit, derived, corrected=False)
    close = corrections(state, word)[:TYPO_CANDIDATES]
    alternatives = [u for u in map(word_unit, close) if u is not None]
    return replaced_unit(unit, alternatives, corrected=True) if alternatives else unit


def with_word_families(state: GenerationState, units: list[Unit]) -> list[Unit] | None:
    """The units, each word also matched by the other words of its family that documents
    without it use (réparateurs: réparation, réparations), and each typed expression by its
    words where they stand apart (« mobilité » and « solidaire » in different sentences);
    None when no unit has such.

    The light stemmer keeps derivations apart on purpose (réparateurs meets réparer, not
    réparation), and Snowball's heavier stem joins them, but also words of one family and
    another sense (assurance, assurer); an expression's words apart may speak of something
    else (« entreprise », « adaptée »): what these alone find is only a candidate.
    """
    widened = [_widened(state, u) for u in units]
    return None if all(w is u for w, u in zip(widened, units, strict=True)) else widened


def _widened(state: GenerationState, unit: Unit) -> Unit:
    if unit.apart is not None:
        adds = (state.docs(unit.apart) & ~state.docs(unit.match)).any()
        return with_words_apart(unit) if adds else unit
    relatives = _relatives(state, unit)
    return with_relatives(unit, relatives) if relatives else unit


def _relatives(state: GenerationState, unit: Unit) -> list[Unit]:
    word = bare(unit.text)
    if len(unit.terms) != 1 or unit.corrected or len(derived_stem(word)) < RELATIVE_MIN_STEM:
        return []  # a phrase, a synonym span, a typo's correction, a short stem
    own = state.docs(unit.match)
    found = _family(state, word)
    return [u for u in found if u.terms != unit.terms and (state.docs(u.match) & ~own).any()]


def _family(state: GenerationState, word: str) -> list[Unit]:
    """The units of the corpus words that share a word's Snowball stem, most used first."""
    return [u for u in map(word_unit, state.derivations(word)) if u is not None]


def bare(word: str) -> str:
    """A typed word without its elided articles: « d'insersion » is corrected, and its
    family looked up, as « insersion »."""
    return word[strip_elision(word) :]


def typo_distance(word: str) -> int:
    """How many edits a word may carry: none under 4 letters, one, two from 9 letters.

    Two edits on a shorter word reach other real words too often (serveurs → secteurs); no
    French word is longer than 30 letters, and comparing such strings costs the most.
    """
    if not ONE_TYPO_FROM_LETTERS <= len(word) <= TYPO_MAX_LETTERS:
        return 0
    return 1 if len(word) < TWO_TYPOS_FROM_LETTERS else 2


def correction_distance(word: str) -> int:
    """How many edits a correction of a word no document has may make.

    A word French writes often is a word the corpus lacks, never corrected; a rare one may be a
    misspelling common enough to be listed (teatre), corrected by one letter only. Without
    the word list, only the word's length decides, as ``typo_distance`` says.
    """
    edits = typo_distance(fold(word))
    frequency = lexicon.zipf(word) if edits else None
    if frequency is None or frequency < RARE_WORD_ZIPF:
        return edits
    return 0 if frequency >= REAL_WORD_ZIPF else min(edits, 1)


def corrections(state: GenerationState, word: str) -> list[str]:
    """The corpus words (folded) that a word no document has may be a typo of, nearest and
    most used first: within ``correction_distance``. A word French writes is a real word
    the corpus lacks (« âgés » is no « axes »), unless it is the commonest French
    misspelling, a consonant doubled or not, of a corpus word a hundred times as common
    (``MISSPELLING_MARGIN``): « professionelle » (Zipf 2.3) is « professionnelle » (4.6).

    Of the 53,000 commonest French words that the corpus lacks, any one edit with that
    margin took 1,043 for misspellings (foire → faire, encre → encore); a doubled
    consonant takes 22: English words (bonn, gross), misspellings (notament, millieu) and
    a few rare real words (datte, causse, vile).
    """
    folded = fold(word)
    distance = correction_distance(word)
    if distance:
        return state.close_terms("exact", folded, distance)
    frequency = lexicon.zipf(word) if typo_distance(folded) else None
    if frequency is None:
        return []  # no edit allowed at this length, or no word list to compare with
    return [
        close
        for close in state.close_terms("exact", folded, 1)
        if doubled_consonant(folded, close)
        and (lexicon.zipf(close) or 0) - frequency >= MISSPELLING_MARGIN
    ]


def doubled_consonant(word: str, other: str) -> bool:
    """Whether two words differ by one consonant written twice in one, once in the other
    (personel, personnel)."""
    short, long = sorted((word, other), key=len)
    if len(long) != len(short) + 1:
        return False
    i = next((i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short))
    doubled = i > 0 and long[i] == long[i - 1] and long[i] not in "aeiouy"
    return doubled and long[:i] + long[i + 1 :] == short


def corrected_spellings(state: GenerationState, units: list[Unit]) -> dict[str, str]:
    """Each typo the units correct (as typed, in lower case) → the corpus's spelling of its
    first correction, elided article kept: what the model should read (« insersion »
    read as typed made it confirm fewer of the solutions the words found)."""
    found = {}
    for typed in (word for unit in units for word in unit.corrected):
        alone = bare(typed)
        close = corrections(state, alone)
        if close:
            found[typed.lower()] = typed[: len(typed) - len(alone)] + state.spellings.get(
                close[0], close[0]
            )
    return found


def spelling_suggestion(state: GenerationState, words) -> str | None:
    """The query with each unknown word replaced by the closest word of the corpus,
    offered only when that query finds something."""
    changed, out = False, []
    for word in words:
        unit, replacement, alone = word_unit(word), None, bare(word)
        known = unit is None or len(unit.terms) != 1 or state.docs(unit.match).any()
        folded = fold(alone)
        if not known and folded.isalpha():
            close = corrections(state, alone)
            replacement = state.spellings.get(close[0], close[0]) if close else None
        changed |= replacement is not None
        # The elided article stays as typed: « chantier d'insersion » → « d'insertion ».
        out.append(word[: len(word) - len(alone)] + replacement if replacement else word)
    if not changed:
        return None
    units = plan_units(state, out, ())
    return " ".join(out) if units and matching_documents(state, units)[0].any() else None
