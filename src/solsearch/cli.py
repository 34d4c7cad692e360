"""The `solsearch` command: a thin shell that reads options and calls the library."""

from __future__ import annotations

from pathlib import Path

import click

from solsearch.config import Settings
from solsearch.corpus import CorpusError, load_corpus

corpus_option = click.option(
    "--corpus",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dossier du corpus (défaut : corpus/, ou SOLSEARCH_CORPUS).",
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
        raise click.ClickException(str(exc).split("\n")[0]) from None
    for warning in loaded.warnings:
        click.echo(f"{warning} (avertissement)", err=True)
    click.echo(f"{len(loaded.solutions)} solutions valides dans {settings.corpus}.")


@cli.command("serve")
@corpus_option
@click.option("--host", default=None, help="Adresse d’écoute (défaut : 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port d’écoute (défaut : 5000).")
@click.option("--threads", type=int, default=None, help="Fils du serveur waitress (défaut : 8).")
def serve_command(
    corpus: Path | None, host: str | None, port: int | None, threads: int | None
) -> None:
    """Sert la page de recherche avec waitress.

    Example: solsearch serve --host 127.0.0.1 --port 5000
    """
    from waitress import serve

    from solsearch.web import create_app

    settings = _settings(corpus=corpus, host=host, port=port, threads=threads)
    try:
        app = create_app(settings)
    except CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"solsearch sert http://{settings.host}:{settings.port}/")
    serve(app, host=settings.host, port=settings.port, threads=settings.threads)
