"""The `solsearch` command: a thin shell that reads options and calls the library."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path

import click

from solsearch.config import Settings
from solsearch.corpus import CorpusError, load_corpus, registry

corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier du corpus (défaut : corpus/, ou SOLSEARCH_CORPUS).",
)


index_option = click.option(
    "--index",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier de l’index (défaut : index/, ou SOLSEARCH_INDEX).",
)


def _settings(**overrides) -> Settings:
    try:
        return Settings.from_env(**overrides)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
@click.version_option(package_name="solsearch")
def cli() -> None:
    """Recherche plein texte dans les solutions du réseau COORACE."""


@cli.command("check")
@corpus_option
def check_command(corpus: Path | None) -> None:
    """Vérifie les fichiers du corpus et liste toutes les erreurs.

    Sort avec le code 1 s'il y a au moins une erreur ; les avertissements
    (lieu nommé dans le texte mais absent des régions) ne bloquent pas.

    Example: solsearch check --corpus corpus/
    """
    settings = _settings(corpus=corpus)
    try:
        loaded = load_corpus(settings.corpus)
    except CorpusError as exc:
        for problem in exc.problems:
            click.echo(f"{problem}", err=True)
        raise click.ClickException(exc.head) from None
    for warning in loaded.warnings:
        click.echo(f"{warning} (avertissement)", err=True)
    count = len(loaded.solutions)
    plural = "s" if count > 1 else ""
    click.echo(f"{count} solution{plural} valide{plural} dans {settings.corpus}.")


@cli.command("serve")
@corpus_option
@index_option
@click.option("--host", default=None, help="Adresse d’écoute (défaut : 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port d’écoute (défaut : 5000).")
@click.option("--threads", type=int, default=None, help="Fils par processus (défaut : 8).")
@click.option(
    "--workers",
    type=int,
    default=None,
    help="Processus serveurs (défaut : un par cœur ; 1 = waitress seul).",
)
def serve_command(
    corpus: Path | None,
    index: Path | None,
    host: str | None,
    port: int | None,
    threads: int | None,
    workers: int | None,
) -> None:
    """Sert la recherche (un processus par cœur), après avoir construit l’index s’il manque
    ou date.

    Un index reconstruit par `solsearch index --index DIR` depuis un autre processus est
    pris en compte sans redémarrer.

    Example: solsearch serve --host 127.0.0.1 --port 5000
    """
    from solsearch.index import index_status
    from solsearch.server import serve, worker_count
    from solsearch.web import create_app

    settings = _settings(
        corpus=corpus, index=index, host=host, port=port, threads=threads, workers=workers
    )
    status = index_status(settings.index, settings.corpus)
    if status != "fresh":
        click.echo(
            "Index absent : construction…"
            if status == "missing"
            else "Le corpus a changé : reconstruction de l’index…"
        )
        if not _index_in_a_child(settings) and status == "missing":
            raise click.ClickException("aucun index à servir")
    app = create_app(settings)
    click.echo(
        f"solsearch sert http://{settings.host}:{settings.port}/ "
        f"({worker_count(settings)} processus × {settings.threads} fils)"
    )
    serve(app, settings)


@cli.command("index")
@corpus_option
@index_option
@click.option("--full", is_flag=True, help="Tout réanalyser, même les fichiers inchangés.")
def index_command(corpus: Path | None, index: Path | None, full: bool) -> None:
    """Vérifie le corpus puis construit l’index et le met en service d’un coup.

    Seuls les fichiers modifiés depuis la dernière construction sont réanalysés (--full
    pour tout reprendre). Un corpus invalide ne change rien : l’index en service reste.

    Example: solsearch index --corpus corpus/ --index index/
    """
    from solsearch.index import build_index

    settings = _settings(corpus=corpus, index=index)
    vectorizer = _vectorizer(settings)
    progress = _progress("Indexation", sys.stdout) if sys.stdout.isatty() else None
    try:
        info = build_index(settings.corpus, settings.index, progress, full, vectorizer)
    except CorpusError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(exc.head + " : l’index en service n’a pas changé") from None
    _warn_without_meaning(vectorizer)
    changed = "" if info.changed is None else f", {info.changed} fichier(s) réanalysé(s)"
    click.echo(
        f"{info.solutions} solutions indexées en {info.seconds:.2f} s "
        f"(génération {info.generation}, {settings.index}{changed})."
    )


def _index_in_a_child(settings: Settings) -> bool:
    """`solsearch index` in a process of its own, which embeds on every core (twice as fast
    on two) while this one, which forks the workers, never runs the model before it forks.
    The child says what it did or what is wrong; whether it built the index."""
    command = [sys.executable, "-m", "solsearch", "index"]
    command += ["--corpus", str(settings.corpus), "--index", str(settings.index)]
    return subprocess.run(command, check=False).returncode == 0


def _vectorizer(settings: Settings):
    """The semantic half of a build, its progress shown on stderr only once passages are
    actually embedded (a rebuild finding every vector in the cache shows none)."""
    from solsearch.index.vectorizing import Vectorizer

    progress = _progress("Calcul des vecteurs de sens", sys.stderr)
    return Vectorizer(settings.semantic, cache=settings.vector_cache, on_progress=progress)


def _warn_without_meaning(vectorizer) -> None:
    """Say once, on stderr, why the index has no vectors (words alone then)."""
    if vectorizer.reason is not None:
        click.echo(f"Avertissement : {vectorizer.reason} L’index sert les mots seuls.", err=True)


def _progress(label: str, file):
    """A ``(done, total)`` callback drawing a progress bar, created on its first call."""
    bars: list = []

    def update(done: int, total: int) -> None:
        if not bars:
            bars.append(click.progressbar(length=total, label=label, file=file))
        bars[0].update(done - bars[0].pos)
        if done >= total:
            bars[0].render_finish()

    return update


def _service(settings: Settings):
    from solsearch.index import IndexUnavailable
    from solsearch.search import SearchService

    service = SearchService(settings.index, semantic=settings.semantic)
    try:
        service.health()
    except IndexUnavailable as exc:
        raise click.ClickException(str(exc)) from None
    return service


def _with_urls(result, settings: Settings) -> dict:
    """The result as the API gives it, each hit with the address of its page on the site."""
    from solsearch.web import create_app
    from solsearch.web.urls import solution_url

    with create_app(settings).test_request_context():
        return result.to_json(solution_url)


class FacetOptionsCommand(click.Command):
    """A command with one repeatable ``--<facet>`` option per facet of the registry, read
    when the command runs or shows its help, not when this module is imported."""

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        facets = [
            click.Option([f"--{facet.name}"], multiple=True, help=facet.cli_help)
            for facet in registry()
        ]
        # After the query argument, before the other options, as the help lists them.
        return [*params[:1], *facets, *params[1:]]


@cli.command("search", cls=FacetOptionsCommand)
@click.argument("query", default="")
@click.option("--page", type=int, default=1, show_default=True, help="Page de résultats.")
@click.option("--per-page", type=int, default=10, show_default=True, help="Résultats par page.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "title"]),
    default=None,
    help="Ordre : relevance (pertinence, par défaut avec un texte) ou title (titre).",
)
@click.option("--json", "as_json", is_flag=True, help="Sortie JSON, comme /api/search.")
@index_option
def search_command(query, page, per_page, sort, as_json, index, **filters) -> None:
    """Cherche dans l’index et affiche les résultats classés.

    Example: solsearch search "garage solidaire" --region "Auvergne-Rhône-Alpes"
    """
    from solsearch.search import QueryError, SearchQuery

    settings = _settings(index=index)
    service = _service(settings)
    request = SearchQuery(query, filters, page=page, per_page=per_page, sort=sort)
    try:
        result = service.search(request)
    except QueryError as exc:
        raise click.ClickException(exc.message) from None
    if as_json:
        click.echo(json.dumps(_with_urls(result, settings), ensure_ascii=False, indent=2))
        return
    click.echo(
        f"{result.total} résultat{'s' if result.total > 1 else ''}"
        f" (page {result.page}/{result.pages})"
    )
    if result.suggestion:
        click.echo(f"Vouliez-vous dire « {result.suggestion} » ?")
    if result.note:
        click.echo(result.note)
    for rank, hit in enumerate(result.hits, start=(page - 1) * per_page + 1):
        click.echo(f"{rank:3}. {hit.title}  [{hit.id}]  {hit.score:.2f}")
        click.echo(f"     {_plain(hit.snippet)}")
        if hit.missing_note:
            click.echo(f"     {hit.missing_note}")


def _plain(snippet: str) -> str:
    """A snippet for a terminal: marks as brackets, entities decoded."""
    text = snippet.replace("<mark>", "[").replace("</mark>", "]")
    return html.unescape(text)


@cli.command("eval")
@click.option(
    "--queries",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Requêtes jugées (TSV) ; défaut : le jeu public.",
)
@click.option(
    "--qrels",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    default=None,
    help="Jugements (TSV) ; défaut : le jeu public.",
)
@click.option(
    "--set",
    "judged_name",
    type=click.Choice(["public", "own"]),
    default="public",
    show_default=True,
    help="Jeu livré avec solsearch : le jeu public, ou own, tenu à part.",
)
@click.option("--details", is_flag=True, help="Affiche aussi chaque requête sous 0,75.")
@click.option(
    "--typos",
    is_flag=True,
    help="Tape chaque requête avec une faute : une lettre en moins dans son plus long mot "
    "(6 lettres ou plus), en trois tirages, toujours les mêmes.",
)
@index_option
def eval_command(
    queries: Path | None,
    qrels: Path | None,
    judged_name: str,
    details: bool,
    typos: bool,
    index: Path | None,
) -> None:
    """Mesure la pertinence : nDCG@10, rappel@10, MRR, part sans résultat, par catégorie.

    Sans --queries ni --qrels, le jeu livré choisi par --set (le jeu public par défaut).

    Example: solsearch eval --set own
    """
    from solsearch.evaluation import TYPO_DRAWS, evaluate, table

    service = _service(_settings(index=index))
    draws = range(1, TYPO_DRAWS + 1) if typos else [None]
    scores = [s for d in draws for s in evaluate(service, queries, qrels, judged_name, d)]
    for line in table(scores, details):
        click.echo(line)
