"""A deterministic synthetic corpus, recombined from the sentences of the bundled corpus.

Solutions are drawn one after another from one seeded generator, so the first 1,000
solutions of the 10,000 corpus are the 1,000 corpus. Themes, regions and structures follow
a Zipf-like skew, as a real network has a few regions with most of its members.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from pathlib import Path

from solsearch.corpus import STRUCTURES, load_corpus, territories
from solsearch.corpus.synonyms import SYNONYMS_FILE

# Bump when the output changes, so that cached corpora are not reused.
GENERATOR_VERSION = 1
DEFAULT_SEED = 20240611
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
SEED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"

THEMES = ("emploi", "territoires", "environnement")
# Most frequent first: the Zipf weights follow this order.
REGIONS = (
    *("FR-IDF", "FR-ARA", "FR-HDF", "FR-OCC", "FR-NAQ", "FR-GES", "FR-PAC"),
    *("FR-PDL", "FR-BFC", "FR-BRE", "FR-NOR", "FR-CVL", "FR-20R"),
)
MULTI_REGION_SHARE = 0.15
SAME_THEME_SHARE = 0.8
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ÖØ-Þ«])")
_TITLE_JOINERS = (" pour ", " et ", " vers ", " sur ", " au service de ", " à ")
# Names recur across a network: the real names, often with a suffix ("" keeps them bare).
_ORG_SUFFIXES = (
    *("", "", "", " Emploi", " Services", " Insertion", " Solidaire", " Avenir"),
    *(" Initiatives", " Environnement", " Développement", " Partage", " Solidarités"),
)


@dataclass(frozen=True)
class Vocabulary:
    """What the bundled corpus lends: sentences by theme, title pieces, names, cities.

    Each sentence comes with the regions of the places it names, so that it is only used
    in solutions of those regions: the corpus stays free of place warnings, like a
    curated one.
    """

    sentences: dict[str, list[tuple[str, frozenset[str]]]]
    descriptions: list[str]
    title_heads: list[str]
    title_tails: list[str]
    organisations: list[tuple[str, frozenset[str]]]
    cities: dict[str, list[str]]


def _cached_path(size: int, seed: int) -> Path:
    return CACHE_DIR / f"corpus-{size}-seed{seed}-v{GENERATOR_VERSION}"


def is_cached(size: int, seed: int = DEFAULT_SEED) -> bool:
    return _cached_path(size, seed).is_dir()


def corpus_dir(size: int, seed: int = DEFAULT_SEED) -> Path:
    """The cached corpus of ``size`` solutions, generated on first use."""
    target = _cached_path(size, seed)
    if not target.is_dir():
        # An interrupted generation leaves a .tmp folder: start that one again.
        for abandoned in CACHE_DIR.glob(f"{target.name}.tmp-*"):
            shutil.rmtree(abandoned, ignore_errors=True)
        building = target.with_name(f"{target.name}.tmp-{os.getpid()}")
        building.mkdir(parents=True)
        write_corpus(building, size, seed)
        os.rename(building, target)
    return target


def write_corpus(directory: Path, size: int, seed: int) -> None:
    """Write ``size`` solution files and the synonyms file of the bundled corpus."""
    vocabulary = read_vocabulary(SEED_CORPUS)
    rng = random.Random(seed)
    for number in range(1, size + 1):
        solution_id = f"solution-{number:06d}"
        text = solution_file(rng, vocabulary, solution_id)
        with open(directory / f"{solution_id}.md", "w", encoding="utf-8") as handle:
            handle.write(text)
    shutil.copyfile(SEED_CORPUS / SYNONYMS_FILE, directory / SYNONYMS_FILE)


def read_vocabulary(seed_corpus: Path) -> Vocabulary:
    """Split the bundled solutions into sentences, title pieces and names."""
    solutions = load_corpus(seed_corpus).solutions
    cities: dict[str, set[str]] = {}
    for solution in solutions:
        if len(solution.regions) == 1:
            cities.setdefault(solution.regions[0], set()).update(solution.cities)
    city_regions = {territories.place_key(c): r for r, names in cities.items() for c in names}
    sentences: dict[str, list[tuple[str, frozenset[str]]]] = {theme: [] for theme in THEMES}
    descriptions, heads, tails, organisations = [], [], [], set()
    for solution in solutions:
        for paragraph in solution.text.split("\n"):
            for sentence in filter(None, _SENTENCE_END.split(paragraph)):
                named = _named_regions(sentence, city_regions)
                sentences[solution.theme].append((sentence, named))
        description = solution.title.split(" : ", 1)[-1]
        descriptions.append(description)
        for joiner in _TITLE_JOINERS:
            head, found, tail = description.partition(joiner)
            if found and head:
                heads.append(head)
                tails.append(joiner + tail)
                break
        organisations.update(name.split(" (")[0] for name in solution.organisations)
    return Vocabulary(
        sentences=sentences,
        descriptions=descriptions,
        title_heads=heads,
        title_tails=tails,
        organisations=[
            (name, _named_regions(name, city_regions)) for name in sorted(organisations)
        ],
        cities={region: sorted(names) for region, names in sorted(cities.items()) if names},
    )


def _named_regions(sentence: str, city_regions: dict[str, str]) -> frozenset[str]:
    """Regions of the departments, regions and corpus cities a sentence names."""
    named = {place.region for place in territories.find_places(sentence)}
    words = f" {territories.place_key(sentence)} "
    named.update(region for key, region in city_regions.items() if f" {key} " in words)
    return frozenset(named)


def _zipf(count: int, exponent: float = 1.1) -> list[float]:
    """Cumulative weights of ranks 1..count, for random.choices(cum_weights=…)."""
    return list(accumulate(1 / rank**exponent for rank in range(1, count + 1)))


_THEME_WEIGHTS = _zipf(len(THEMES), 1.0)
_REGION_WEIGHTS = _zipf(len(REGIONS))
# Most frequent first, as for regions.
_STRUCTURE_CODES = tuple("ACI AI EI ETTI SIAE GES PTCE EA GEIQ SCIC SCOP ESAT CAE".split())
_STRUCTURE_WEIGHTS = _zipf(len(_STRUCTURE_CODES))


@cache
def _departments_by_region() -> dict[str, list[territories.Department]]:
    found: dict[str, list[territories.Department]] = {}
    for department in territories.departments().values():
        found.setdefault(department.region, []).append(department)
    return found


def solution_file(rng: random.Random, vocabulary: Vocabulary, solution_id: str) -> str:
    """One solution file: TOML front matter between +++ lines, then a Markdown body."""
    theme = rng.choices(THEMES, cum_weights=_THEME_WEIGHTS)[0]
    region_count = rng.choice((2, 2, 3)) if rng.random() < MULTI_REGION_SHARE else 1
    regions = _distinct(rng, REGIONS, _REGION_WEIGHTS, region_count)
    by_region = _departments_by_region()
    departments = []
    for region in regions:
        if rng.random() < 0.6:
            count = min(len(by_region[region]), 1 + (rng.random() < 0.2))
            departments += rng.sample(by_region[region], count)
    cities = [
        rng.choice(vocabulary.cities[r])
        for r in regions
        if r in vocabulary.cities and rng.random() < 0.5
    ]
    structure_count = rng.choice((0, 1, 1, 1, 2, 3))
    structures = _distinct(rng, _STRUCTURE_CODES, _STRUCTURE_WEIGHTS, structure_count)
    suffix = rng.choice(_ORG_SUFFIXES)
    if departments and rng.random() < 0.3:
        suffix = f" {departments[0].number}"
    organisations = [_pick(rng, vocabulary.organisations, regions) + suffix]
    if rng.random() < 0.3:
        organisations.append(_pick(rng, vocabulary.organisations, regions))
    front = {
        "id": solution_id,
        "title": _title(rng, vocabulary, organisations[0]),
        "theme": theme,
        "organisations": organisations,
        "regions": list(regions),
        "departments": [d.code for d in departments],
        "cities": sorted(set(cities)),
        "structures": list(structures),
    }
    body = _body(rng, vocabulary, theme, organisations[0], structures, regions)
    return "+++\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in front.items()) + "+++\n" + body


def _distinct(rng: random.Random, values, cum_weights, count: int) -> tuple[str, ...]:
    chosen: list[str] = []
    while len(chosen) < count:
        value = rng.choices(values, cum_weights=cum_weights)[0]
        if value not in chosen:
            chosen.append(value)
    return tuple(chosen)


def _title(rng: random.Random, vocabulary: Vocabulary, organisation: str) -> str:
    if rng.random() < 0.6:
        description = rng.choice(vocabulary.title_heads) + rng.choice(vocabulary.title_tails)
    else:
        description = rng.choice(vocabulary.descriptions)
    return f"{organisation} : {description}"


def _body(
    rng: random.Random,
    vocabulary: Vocabulary,
    theme: str,
    organisation: str,
    structures: tuple[str, ...],
    regions: tuple[str, ...],
) -> str:
    """3 to 8 paragraphs of 1 to 4 sentences, mostly from solutions of the same theme."""
    kind = STRUCTURES[structures[0]].lower() if structures else "structure de l’ESS"
    paragraphs = []
    for number in range(rng.randint(3, 8)):
        drawn = theme if rng.random() < SAME_THEME_SHARE else rng.choice(THEMES)
        pool = vocabulary.sentences[drawn]
        sentences = [_pick(rng, pool, regions) for _ in range(rng.randint(1, 4))]
        if number and rng.random() < 0.1:
            paragraphs.append("\n".join(f"- {s}" for s in sentences))
        else:
            paragraphs.append(" ".join(sentences))
    paragraphs[0] = f"{organisation} ({kind}) présente son action. {paragraphs[0]}"
    return "\n\n".join(paragraphs) + "\n"


def _pick(rng: random.Random, pool, regions: tuple[str, ...]) -> str:
    """A sentence or name that names no place outside ``regions`` (most name none)."""
    while True:
        text, named = rng.choice(pool)
        if named.issubset(regions):
            return text


def _toml(value) -> str:
    """A TOML string or array of strings (JSON escapes are valid TOML basic strings)."""
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)
