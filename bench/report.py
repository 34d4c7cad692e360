"""The printed tables: one column per corpus size, the target next to the figures."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Targets by corpus size; the bench prints them next to the figures, it never asserts.
BUILD_SECONDS = {100_000: 300}
UPDATE_SECONDS = {100_000: 5}
PEAK_RSS_MIB = {100_000: 1024}
WARM_P95_MS = {10_000: 25, 100_000: 150}
# /api/search (p50, p95 in ms): a query never seen runs the model; computed again, its
# vector is remembered and only the search runs.
API_TARGETS_MS = {"api_first": (15.0, 30.0), "api_computed": (3.0, 5.0)}
FLOOR_RATIO, SCALING = 10.0, 1.4
MEANING_MEMORY = 150  # MiB that search by meaning may add per server process


@dataclass(frozen=True)
class Row:
    label: str
    value: Callable[[dict], float]
    digits: int = 1
    targets: dict[int, float] | None = None
    target_text: str = ""


ROWS = (
    Row(
        "construction de l’index, build_index (s)",
        lambda f: f["build"]["seconds"],
        1,
        BUILD_SECONDS,
        "≤ 300 s à 100 000",
    ),
    Row("  documents indexés par seconde", lambda f: f["build"]["documents_per_second"], 0),
    Row("  index sur disque (Mio)", lambda f: f["build"]["index_mib"]),
    Row(
        "mise à jour après un fichier modifié (s)",
        lambda f: f["build"]["update_seconds"],
        2,
        UPDATE_SECONDS,
        "≤ 5 s à 100 000",
    ),
    Row(
        "RSS pic de la construction ⁴ (Mio)",
        lambda f: f["build"]["peak_rss_mib"] + f["build"]["writer_rss_mib"] * f["build"]["writers"],
        0,
        PEAK_RSS_MIB,
        "≤ 1 Gio à 100 000",
    ),
    Row(
        "RSS pic d’un processus de recherche (Mio)",
        lambda f: f["search"]["peak_rss_mib"],
        0,
        PEAK_RSS_MIB,
        "≤ 1 Gio à 100 000",
    ),
    Row("solsearch à chaud ¹, p50 (ms)", lambda f: f["search"]["warm_ms"]["p50"]),
    Row(
        "solsearch à chaud ¹, p95 (ms)",
        lambda f: f["search"]["warm_ms"]["p95"],
        1,
        WARM_P95_MS,
        "≤ 25 ms à 10 000, ≤ 150 ms à 100 000",
    ),
    Row("solsearch à chaud ¹, p99 (ms)", lambda f: f["search"]["warm_ms"]["p99"]),
    Row("solsearch, résultat en cache ², p50 (ms)", lambda f: f["search"]["cached_ms"]["p50"], 3),
    Row("solsearch, résultat en cache ², p95 (ms)", lambda f: f["search"]["cached_ms"]["p95"], 3),
    Row("solsearch à froid ³, p50 (ms)", lambda f: f["search"]["cold_ms"]["p50"]),
    Row("solsearch à froid ³, p95 (ms)", lambda f: f["search"]["cold_ms"]["p95"]),
    Row("solsearch à froid ³, p99 (ms)", lambda f: f["search"]["cold_ms"]["p99"]),
    Row("complétion (suggest) à chaud, p50 (ms)", lambda f: f["search"]["completion_ms"]["p50"]),
    Row("complétion (suggest) à chaud, p95 (ms)", lambda f: f["search"]["completion_ms"]["p95"]),
    Row("SQLite FTS5, p50 (ms)", lambda f: f["fts5"]["warm_ms"]["p50"], 2),
    Row("SQLite FTS5, p95 (ms)", lambda f: f["fts5"]["warm_ms"]["p95"], 2),
    Row("SQLite FTS5, p99 (ms)", lambda f: f["fts5"]["warm_ms"]["p99"], 2),
    Row("rapport solsearch / FTS5 à p50 (×)", lambda f: f["ratio_to_fts5"]["p50"]),
    Row("rapport solsearch / FTS5 à p95 (×)", lambda f: f["ratio_to_fts5"]["p95"]),
    Row("FTS5 : chargement de la base (s)", lambda f: f["fts5"]["build_seconds"]),
    Row("FTS5 : base sur disque (Mio)", lambda f: f["fts5"]["database_mib"]),
)


NOTES = """
Recherche comme la page : facettes, extraits et suggestion ; chaque requête ×{repeat} après un
passage non mesuré.
¹ à chaud : un SearchService gardé ouvert, cache de résultats coupé (cache_size=0) : chaque
  répétition est recalculée ; ce que coûte une recherche que le serveur n’a pas encore vue.
² en cache : le même service avec son cache de résultats, comme le serveur : une recherche
  déjà faite.
³ à froid : un SearchService neuf par requête, soit ce que coûterait un index ouvert à
  chaque requête (fichiers de l’index déjà dans le cache du système).
⁴ construction : le processus principal plus, à partir de 2 000 solutions, un processus
  d’écriture par cœur (chacun compté à son pic : un majorant)."""


def _mark(value: float, limit: float | None) -> str:
    if limit is None:
        return ""
    return " ✓" if value <= limit else " ✗"


def size_table(results: list[dict], repeat: int) -> str:
    """Every size side by side, with the slowest queries of each below."""
    headers = ["", *(f"{r['solutions']:,}".replace(",", " ") for r in results), "cible"]
    lines = []
    for row in ROWS:
        cells = [row.label]
        for figures in results:
            value = row.value(figures)
            limit = (row.targets or {}).get(figures["solutions"])
            cells.append(f"{value:,.{row.digits}f}".replace(",", " ") + _mark(value, limit))
        lines.append([*cells, row.target_text])
    out = [_format(headers, lines)]
    out.append(NOTES.format(repeat=repeat))
    for figures in results:
        slowest = sorted(figures["queries"], key=lambda q: -q["warm_p50_ms"])[:5]
        out.append(
            f"\nRequêtes les plus lentes à {figures['solutions']:,} solutions "
            "(p50 à chaud ; résultats solsearch / FTS5) :".replace(",", " ")
        )
        for query in slowest:
            out.append(
                f"  {query['warm_p50_ms']:8.1f} ms  {_describe(query)}  "
                f"({query['results']} / {query['fts5_results']})"
            )
    return "\n".join(out)


def _describe(query: dict) -> str:
    filters = [f"{name}={v}" for name in ("theme", "region") for v in query[name]]
    text = f"« {query['text']} »" if query["text"] else "(sans texte)"
    return " ".join([text, *filters])


def http_table(figures: dict) -> str:
    """Latency against the floor, then throughput by number of clients."""
    latency, ratio = figures["latency_ms"], figures["ratio_to_floor"]
    first, computed = _api_verdict(figures, "api_first"), _api_verdict(figures, "api_computed")
    rows = [
        ("/healthz (plancher)", "healthz", ""),
        ("/api/search, 1re fois (le modèle calcule)", "api_first", first),
        ("/api/search, répétée (en cache)", "api_cached", ""),
        ("/api/search, répétée à l’autre processus ⁷", "api_cached_other_worker", ""),
        ("/ page HTML (résultat en cache)", "page_cached", ""),
        ("/healthz (plancher, 2d serveur)", "healthz_computed", ""),
        ("/api/search, calculée à chaud ⁵", "api_computed", computed),
        ("/ page HTML, calculée à chaud ⁵", "page_computed", ""),
        ("/api/search, 1re fois à l’autre processus ⁶", "api_other_worker", ""),
    ]
    rows = [row for row in rows if row[1] in latency]  # one worker: no other process
    lines = []
    for label, name, target in rows:
        share = ratio.get(name, {"p50": 1.0, "p95": 1.0})
        figures_ms = latency[name]
        lines.append(
            [label, f"{figures_ms['p50']:.2f}", f"{figures_ms['p95']:.2f}",
             f"{share['p50']:.1f}×", f"{share['p95']:.1f}×", target]
        )  # fmt: skip
    headers = ["", "p50 (ms)", "p95 (ms)", "÷ plancher p50", "÷ plancher p95", "cible"]
    out = [HTTP_INTRO.format(**figures), _format(headers, lines), ""]
    levels = figures["throughput"]
    out.append(
        f"Débit de /api/search (un fil et une connexion keep-alive par client, "
        f"{levels[0]['seconds']:.0f} s par palier, résultats en cache) :"
    )
    for level in levels:
        note = ""
        if level["clients"] == 8:
            scaling = figures["scaling_8_over_1"]
            mark = " ✓" if scaling >= SCALING else " ✗"
            note = f"  {scaling:.2f}× 1 client (cible ≥ {SCALING}×{mark})"
        errors = f", {level['errors']} erreurs" if level["errors"] else ""
        out.append(
            f"  {level['clients']:>2} client{'s' if level['clients'] > 1 else ' '}  "
            f"{level['requests_per_second']:8.1f} req/s{errors}{note}"
        )
    out.append(_fresh_server_lines(figures["fresh_server"]))
    return "\n".join(out)


def _fresh_server_lines(fresh: dict) -> str:
    """A fresh server's memory with and without search by meaning, what the meaning adds,
    and the time of its first page."""
    on, off = fresh["with_meaning"], fresh["without_meaning"]
    added = on["pss_mib"] - off["pss_mib"]
    lines = ["Mémoire d’un serveur neuf (maître et travailleurs) après la même charge :"]
    for label, figures in (("avec le sens", on), ("mots seuls  ", off)):
        lines.append(
            f"  {label}  {figures['processes']} processus, RSS {figures['rss_mib']:.0f} Mio, "
            f"PSS {figures['pss_mib']:.0f} Mio"
        )
    per = added / max(on["processes"] - 1, 1)
    mark = "✓" if per <= MEANING_MEMORY else "✗"
    lines.append(
        f"  le sens ajoute {added:.0f} Mio (PSS), {per:.0f} Mio par travailleur "
        f"(cible ≤ {MEANING_MEMORY} Mio de plus par processus {mark})"
    )
    lines.append(
        f"Première page d’un serveur neuf, dès qu’il répond (« {on['first_page']['query']} ») : "
        f"{_first_page(on['first_page'])} avec le sens, {_first_page(off['first_page'])} mots seuls"
    )
    return "\n".join(lines)


def _first_page(page: dict) -> str:
    """Its time, and its status when it is not a page of results (an error is fast too)."""
    status = "" if page["status"] == 200 else f" (statut {page['status']} ✗)"
    return f"{page['ms']:.0f} ms{status}"


HTTP_INTRO = """\
{requests} requêtes du jeu public jugé (q, theme, region) sur une connexion
keep-alive, les adresses en alternance ; 1re fois : un passage où chaque recherche est
calculée, la page qui la suit trouvant le résultat en cache (reste le rendu HTML) ;
répétée : {repeat} passages de plus.
⁵ calculée à chaud : un second serveur sans cache de résultats (SOLSEARCH_CACHE=0), après
  un passage non mesuré sur les mêmes requêtes : chaque recherche est calculée, avec les
  mots déjà lus du disque, comme sur un serveur en service depuis un moment.
⁶ à l’autre processus : sur ce second serveur, avant les passages mesurés, chaque requête
  posée une fois au processus qui ne l’a jamais vue (l’autre l’a calculée) : son vecteur
  vient de la mémoire que les processus partagent, sans appel au modèle.
⁷ répétée à l’autre processus : sur le premier serveur, après le 1er passage, chaque requête
  posée une fois au processus qui ne l’a pas calculée : le résultat vient de la mémoire que
  les processus partagent."""


def _api_verdict(figures: dict, name: str) -> str:
    api, p50, p95 = figures["latency_ms"][name], *API_TARGETS_MS[name]
    verdict = f"p50 ≤ {p50:g} ms{_mark(api['p50'], p50)}, p95 ≤ {p95:g} ms{_mark(api['p95'], p95)}"
    if name == "api_computed":
        ratio = figures["ratio_to_floor"][name]
        verdict += f", ≤ 10× le plancher{_mark(max(ratio.values()), FLOOR_RATIO)}"
    return verdict


def _format(headers: list[str], lines: list[list[str]]) -> str:
    """Left-aligned first and last columns, right-aligned figures."""
    table = [headers, *lines]
    widths = [max(len(str(row[i])) for row in table) for i in range(len(headers))]
    out = []
    for row in table:
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(c).rjust(w) for c, w in zip(row[1:-1], widths[1:-1], strict=True)]
        cells.append(str(row[-1]))
        out.append("  ".join(cells).rstrip())
    return "\n".join(out)
