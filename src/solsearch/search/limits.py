"""Every bound and tuning number of the search, named once with the reason for its value.

The request checks (``web.params``), the OpenAPI document and the service all read them here,
so a bound changes in one place.
"""

from __future__ import annotations

# -- what a visitor may send ---------------------------------------------------------------

#: Longest query text: longer than any real question, short enough to analyse at once.
MAX_QUERY_CHARS = 500
#: Words, phrases or exclusions kept from one query: more adds cost, not precision.
MAX_TERMS = 32
#: Values of one facet in one request (OR inside the facet): more than any facet shows.
MAX_FILTER_VALUES = 20
#: Longest facet value accepted in a request: a region's longest name is far shorter.
MAX_FILTER_CHARS = 200
#: Results on one page: a page the widget and the API can send in one answer.
MAX_PER_PAGE = 50
#: Results on one page when the request does not say.
DEFAULT_PER_PAGE = 10
#: Highest page number: beyond it a request is a crawler's, not a visitor's.
MAX_PAGE = 10_000
#: How much of a refused value an error message quotes back.
QUOTED_CHARS = 80

# -- how the search tolerates what it does not find ----------------------------------------

#: Nearest corpus words tried for a word no document has: more lets unrelated words in.
TYPO_CANDIDATES = 3
#: Shorter words are never corrected: one edit away from them are other real words.
ONE_TYPO_FROM_LETTERS = 4
#: From this length a word may carry two typos; shorter, two edits reach other real words too
#: often (serveurs → secteurs).
TWO_TYPOS_FROM_LETTERS = 9
#: Longer words are never corrected: no French word is longer, and comparing them costs most.
TYPO_MAX_LETTERS = 30
#: A word French writes this often (Zipf scale: log10 of uses per billion words) is never
#: corrected into another word: âgés 3.98, piscine 4.41, apiculteurs 2.85. Measured on the
#: corpus's 2,548 words of 4 letters or more and 8,727 one-letter typos of them: at 2.0, 95 %
#: of the corpus's own (real) words count as real, against 85 % at 3.0, and 94.5 % of the
#: typos are still corrected (98.5 % without the list, 92.9 % at 1.5, 96.4 % at 3.0). The
#: listed words under 2.0 are mostly web misspellings (escrit, chergé, vitte); every judged
#: misspelling is under 1.7.
REAL_WORD_ZIPF = 2.0
#: How much more common (Zipf: a hundred times) a corpus word one letter away must be for a
#: word French writes to be taken as its misspelling: the web writes « professionelle »
#: (2.3) and « personel » (2.1), but « professionnelle » (4.6) and « personnel » (5.0).
MISSPELLING_MARGIN = 2.0
#: A word typed without its article's apostrophe (« dinsertion ») is read as elided only
#: when what follows the article has this many letters: « lami » is not « l'ami ».
GLUED_REST_LETTERS = 4
#: Between this and the above, a word may be a misspelling common enough to be listed
#: (teatre 1.36, monaie 1.63) or a rare real word (menuisière 1.20): corrected, but only by
#: one letter. Under it, wordfreq has never met the word.
RARE_WORD_ZIPF = 1.0
#: Most words of a region's or a department's name (« Provence-Alpes-Côte d'Azur » typed
#: with spaces), looked for in the query to be matched as one phrase.
PLACE_NAME_WORDS = 6
#: Prefixes that French writes joined to a word that keeps its sense (écomusée, écopâturage,
#: agroalimentaire), folded: such a corpus word is of the word's family. Not « bio » nor
#: « auto »: biologique and automobile are no kind of logique or mobile.
BOUND_PREFIXES = ("eco", "agro")
#: …when what follows the prefix has this many letters…
COMPOUND_REST_LETTERS = 5
#: …and is not the Greek root that écologie, économie and agronomie share: écologique is
#: no kind of « logique ».
NOT_A_COMPOUND_REST = ("log", "nom")
#: Words of the same family tried for a word no document has (pollinisation → pollinisateurs).
DERIVATION_CANDIDATES = 5
#: A word's family is searched beside it only from this stem length: shorter Snowball stems
#: join unrelated words (gare and garante, vie and via, seulement and seule).
RELATIVE_MIN_STEM = 5
#: Questions of fewer words than this must match whole, so an off-topic query finds nothing.
RELAX_FROM_WORDS = 3
#: From this many words, words the corpus never uses are left out of a relaxed question.
DROP_UNKNOWN_FROM_UNITS = 4
#: A relaxed question keeps documents with this share of its words…
RELAX_SHARE = 0.5
#: …and never fewer than this many of them: one shared word is not a topic.
RELAX_MIN_WORDS = 2
#: …or, from this many words on, documents with its rarest words (the weight below).
RELAX_BY_WEIGHT_FROM_WORDS = 4
#: The share of a question's weight (rare words weigh more) that such a document must have.
RELAX_WEIGHT = 0.35
#: How many of the best covered documents a relaxed query scores.
RELAXED_POOL = 200
#: Words of a query that found nothing offered alone, each with its count: a page of links,
#: not a wall of them.
MAX_WORDS_ALONE = 8

# -- similar solutions and completions -----------------------------------------------------

#: Distinctive words of a solution compared to find similar ones (whoosh's more_like).
SIMILAR_TERMS = 25
#: Letters typed before completions are offered: one letter matches too much to help.
COMPLETE_FROM_LETTERS = 2
#: Titles of solutions offered after the word completions: enough to reach a known solution.
COMPLETED_TITLES = 3
#: The largest result a server's workers share, pickled (``search.sharedtable``): a page of
#: 50 of all solutions takes 21 KB, of 10 about 2 to 8 KB. Each of the service's
#: ``cache_size`` slots takes this much address space, and memory only once written.
SHARED_RESULT_BYTES = 32_768

# -- search by meaning ---------------------------------------------------------------------

#: Query vectors remembered for all of a server's workers (1.5 KB each, in memory they
#: share): a repeated query then costs no model call.
QUERY_VECTORS = 2048
#: Passages compared exactly with the query (float32, every one), about 18,000 solutions:
#: measured, that product costs 30 ms at 150,000 passages and 42 ms (p95) at 200,000, and
#: 40 ms is the budget of 10,000 solutions. Beyond, an 8-bit copy of the vectors is scanned
#: for the closest passages (``search.meaning``).
EXACT_PASSAGES = 150_000
#: …and only this many passages are then scored, exactly (the scan costs the same from 1,000
#: to 4,000). A solution with none of them has no similarity (-1): it ranks last by meaning
#: and neither is added by meaning alone nor confirms a relaxed match, which changes nothing
#: while fewer passages than this reach the lowest floor (``RELAXED_MEANING_FLOOR``). In the
#: bundled corpus a judged query's median is 1.7 % of the passages at 0.84 or more: 14,000
#: of 830,000, so expect fewer relaxed matches and a smaller total by meaning at that size.
MEANING_CANDIDATES = 4_000
# Measured on 93 judged queries (the public set, and 35 written off-line: 19 paraphrases,
# 16 off-topic questions) with passages of about 60 words; README « Recherche par le sens ».
# The off-topic questions' best similarity never passed 0.854, the paraphrases' median is
# 0.866: round numbers above the former, re-measured whenever the model or passages change.
#: The best solution's similarity from which meaning alone may add solutions.
MEANING_GATE = 0.86
#: …and then only those this close to the best one (a hub title is close to everything),
MEANING_SPAN = 0.03
#: …and never below this similarity.
MEANING_FLOOR = 0.855
#: A relaxed match (most of a long question's words) stays from this similarity…
RELAXED_SURE = 0.85
#: …or from this one if it has this share of the question's weight (unknown words count):
#: off-topic questions' relaxed matches reached 0.845 with 9 % of the weight; the relevant
#: solutions between 0.84 and 0.85 had 23 % or more (but one, at 7 %).
RELAXED_MEANING_FLOOR = 0.84
RELAXED_SHARE = 0.2
#: A solution that has only another word of a typed word's family (réparation, not
#: réparateurs) stays from this similarity, as a relaxed match does: « assurer » is of
#: « assurance »'s family, but not of its topic. Over the 100 judged queries, 0.84 to 0.855
#: keep and drop the same solutions; 0.86 loses relevant ones, 0.83 adds one more.
RELATIVES_SURE = 0.85
#: Reciprocal-rank fusion's constant, the usual 60: flat enough that both rankings count.
RRF_K = 60
#: The word ranking's weight in the fusion: 1.5 ranked acronyms and places best (1 let
#: near-synonyms outrank the solution that has the acronym; 2 lost typo corrections).
WORDS_WEIGHT = 1.5
