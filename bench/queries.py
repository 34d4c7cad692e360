"""The fixed query set: the same searches at every corpus size and for both engines.

Every query is written from the vocabulary of the bundled corpus, which the synthetic
corpus reuses, so that each kind of query finds something at every size.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BenchQuery:
    kind: str
    text: str
    theme: tuple[str, ...] = ()
    region: tuple[str, ...] = ()


def _q(kind: str, text: str, theme: str = "", region: str = "") -> BenchQuery:
    return BenchQuery(kind, text, (theme,) if theme else (), (region,) if region else ())


QUERIES: tuple[BenchQuery, ...] = (
    # Words most solutions use: long posting lists, many hits to score.
    _q("fréquent", "emploi"),
    _q("fréquent", "insertion"),
    _q("fréquent", "territoire"),
    _q("fréquent", "accompagnement"),
    _q("fréquent", "entreprises"),
    # Words of one or two solutions of the bundled corpus.
    _q("rare", "champignons"),
    _q("rare", "pleurotes"),
    _q("rare", "tannerie"),
    _q("rare", "boulangerie"),
    _q("rare", "chèvres"),
    _q("rare", "ruchers"),
    # Typed without accents: folding must find the accented forms.
    _q("sans accents", "economie circulaire"),
    _q("sans accents", "dechets"),
    _q("sans accents", "precarite energetique"),
    _q("sans accents", "reemploi du bois"),
    # Misspelled: typo correction and the suggestion.
    _q("faute", "recylage"),
    _q("faute", "champigons"),
    _q("faute", "boulangeri"),
    _q("faute", "garrage solidaire"),
    _q("faute", "permaculure"),
    # Two and three words.
    _q("2 mots", "garage solidaire"),
    _q("2 mots", "espaces verts"),
    _q("2 mots", "agriculture urbaine"),
    _q("2 mots", "monnaie locale"),
    _q("3 mots", "tri des plastiques"),
    _q("3 mots", "marc de café"),
    _q("3 mots", "gardien d’immeuble quartier"),
    # Acronyms expanded by the synonyms file.
    _q("sigle", "ESS"),
    _q("sigle", "ACI recyclerie"),
    # Long questions: relaxed matching when no solution has every word.
    _q("question", "comment trouver un emploi quand on est éloigné du marché du travail"),
    _q("question", "quelles associations aident les personnes en difficulté à se loger"),
    # Filters, with and without text.
    _q("filtre thème", "", theme="emploi"),
    _q("filtre thème", "recyclage", theme="environnement"),
    _q("filtre thème", "coopération", theme="territoires"),
    _q("filtre région", "", region="FR-BRE"),
    _q("filtre région", "chantier", region="FR-ARA"),
    _q("filtre région", "mobilité", region="FR-IDF"),
    _q("filtres", "insertion", theme="emploi", region="FR-HDF"),
    _q("filtres", "déchets", theme="environnement", region="FR-OCC"),
    _q("filtres", "", theme="territoires", region="FR-NOR"),
)
