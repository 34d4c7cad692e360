"""Settings: each defined once, with a default and a help line, overridable by SOLSEARCH_*."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path


def _setting(default, help_text: str):
    return field(default=default, metadata={"help": help_text})


@dataclass(frozen=True)
class Settings:
    """Everything the CLI and the web app can be told; see ``Settings.from_env``."""

    corpus: Path = _setting(Path("corpus"), "Dossier des fichiers de solutions (*.md).")
    index: Path = _setting(Path("index"), "Dossier de l’index construit par `solsearch index`.")
    host: str = _setting("127.0.0.1", "Adresse d’écoute du serveur.")
    port: int = _setting(5000, "Port d’écoute du serveur.")
    threads: int = _setting(8, "Nombre de fils par processus serveur.")
    workers: int = _setting(
        0, "Processus serveurs : 0 = un par cœur (gunicorn sous POSIX), 1 = waitress seul."
    )
    cache: int = _setting(
        1024,
        "Recherches dont le résultat est gardé en mémoire, partagée par les processus du "
        "serveur (0 = aucune).",
    )
    templates: Path | None = _setting(
        None, "Dossier de gabarits Jinja qui remplacent ceux livrés (même nom de fichier)."
    )
    cors_origins: str = _setting(
        "*", "Origines autorisées à appeler l’API (CORS), séparées par des espaces ; * = toutes."
    )
    semantic: bool = _setting(
        True,
        "Recherche par le sens (modèle multilingual-e5-small livré) en plus des mots ; "
        "0 = mots seuls.",
    )
    vector_cache: Path | None = _setting(
        None,
        "Dossier du cache des vecteurs de sens, partagé par tous les index (défaut : "
        "~/.cache/solsearch/vectors).",
    )
    frame_ancestors: str = _setting(
        "*",
        "Sites autorisés à afficher /embed dans une iframe (frame-ancestors), séparés "
        "par des espaces.",
    )

    @classmethod
    def from_env(cls, environ=None, **overrides) -> Settings:
        """Defaults, then SOLSEARCH_<NAME> variables, then explicit non-None overrides."""
        environ = os.environ if environ is None else environ
        values = {}
        for f in fields(cls):
            raw = environ.get(f"SOLSEARCH_{f.name.upper()}")
            if raw:
                values[f.name] = _convert(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)


def _convert(f, raw: str):
    kind = type(f.default) if f.default is not None else Path
    if kind is bool:
        if raw.strip().lower() in ("0", "false", "non", "no", "off"):
            return False
        if raw.strip().lower() in ("1", "true", "oui", "yes", "on"):
            return True
        raise ValueError(f"SOLSEARCH_{f.name.upper()} doit valoir 1 ou 0")
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"SOLSEARCH_{f.name.upper()} doit être un nombre entier") from None
    return kind(raw)


def settings_help() -> list[tuple[str, str, str]]:
    """(variable, default, help) for each setting, as the README lists them."""
    return [
        (
            f"SOLSEARCH_{f.name.upper()}",
            "" if f.default is None else str(f.default),
            f.metadata["help"],
        )
        for f in fields(Settings)
    ]
