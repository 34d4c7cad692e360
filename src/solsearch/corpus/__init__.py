"""The corpus: one Markdown file per solution, read, validated and turned into ``Solution``.

- ``solution``: the ``Solution`` an editor wrote, and its stored record.
- ``reading``: files to solutions, every problem with its file and line.
- ``validation``: the vocabulary of the front matter and the French messages for editors.
- ``territories``: French regions and departments (pycountry's ISO 3166-2).
- ``facets``: the fields visitors filter on, each defined once for every layer above.
- ``synonyms``: the acronyms and equivalent expressions of ``_synonymes.toml``.

May import: the standard library and data libraries (pycountry, unidecode, markdown-it).
Nothing of solsearch's other layers.
"""

from solsearch.corpus.facets import Facet, facet_named, facet_names, registry
from solsearch.corpus.reading import (
    Corpus,
    CorpusError,
    corpus_files,
    iter_solutions,
    load_corpus,
    read_solution,
    require_folder,
)
from solsearch.corpus.solution import Solution, markdown_text
from solsearch.corpus.validation import LIST_FIELDS, STRUCTURES, THEMES, Problem

__all__ = [
    "LIST_FIELDS",
    "STRUCTURES",
    "THEMES",
    "Corpus",
    "CorpusError",
    "Facet",
    "Problem",
    "Solution",
    "corpus_files",
    "facet_named",
    "facet_names",
    "iter_solutions",
    "load_corpus",
    "markdown_text",
    "read_solution",
    "registry",
    "require_folder",
]
