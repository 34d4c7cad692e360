"""`python -m bench`: measure, print the tables, write the SVG chart (and JSON on request)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from bench import report, synthetic
from bench.chart import Series, write_chart
from bench.runner import BenchError, measure_size

RESULTS = Path(__file__).resolve().parent / "results"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Mesure la construction de l’index, la recherche et le serveur HTTP.",
    )
    parser.add_argument(
        "--sizes",
        default="1000,10000",
        help="tailles du corpus synthétique, séparées par des virgules",
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="passages mesurés de chaque requête (défaut : 5)"
    )
    parser.add_argument(
        "--seed", type=int, default=synthetic.DEFAULT_SEED, help="graine du corpus synthétique"
    )
    parser.add_argument(
        "--json", type=Path, metavar="FICHIER", help="écrit tous les chiffres dans ce fichier JSON"
    )
    parser.add_argument(
        "--svg",
        type=Path,
        default=RESULTS / "latency.svg",
        help="graphique SVG (défaut : bench/results/latency.svg)",
    )
    parser.add_argument("--no-http", action="store_true", help="saute les mesures HTTP")
    parser.add_argument(
        "--http-seconds",
        type=float,
        default=3.0,
        help="durée de chaque palier de débit HTTP (défaut : 3 s)",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        parser.error(f"--sizes : nombres entiers attendus (reçu : {args.sizes})")
    if not args.sizes or min(args.sizes) < 1 or args.repeat < 1:
        parser.error("--sizes et --repeat doivent être positifs")
    return args


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:  # run from the source tree, not installed
        return "?"


def environment(args: argparse.Namespace) -> dict:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "sqlite": sqlite3.sqlite_version,
        "whoosh": _version("whoosh"),
        "solsearch": _version("solsearch"),
        "seed": args.seed,
        "repeat": args.repeat,
    }


def chart(path: Path, results: list[dict]) -> None:
    sizes = [r["solutions"] for r in results]
    write_chart(
        path,
        sizes,
        [
            Series(
                "solsearch p50 à chaud (ms)",
                [r["search"]["warm_ms"]["p50"] for r in results],
                "#1f5fbf",
            ),
            Series(
                "solsearch p95 à chaud (ms)",
                [r["search"]["warm_ms"]["p95"] for r in results],
                "#d9480f",
            ),
            Series(
                "SQLite FTS5 p95 (ms)",
                [r["fts5"]["warm_ms"]["p95"] for r in results],
                "#868e96",
                dash="3 4",
            ),
            Series(
                "construction de l’index (s, axe de droite)",
                [r["build"]["seconds"] for r in results],
                "#2b8a3e",
                axis="right",
                dash="8 5",
            ),
        ],
        "solsearch : latence de recherche et construction selon la taille du corpus",
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    figures: dict = {"environment": environment(args), "sizes": [], "http": None}
    env = figures["environment"]
    print(
        f"solsearch {env['solsearch']} · whoosh {env['whoosh']} · Python {env['python']} · "
        f"SQLite {env['sqlite']} · {env['cpus']} cœurs · graine {args.seed}"
    )
    try:
        for size in args.sizes:
            print(f"\n== Corpus synthétique de {size:,} solutions ==".replace(",", " "))
            figures["sizes"].append(measure_size(size, args.seed, args.repeat))
        if figures["sizes"]:
            print("\n" + report.size_table(figures["sizes"], args.repeat))
            chart(args.svg, figures["sizes"])
            print(f"\nGraphique : {args.svg}")
        if not args.no_http:
            from bench.serving import measure_http

            print("\n== HTTP : solsearch serve (un processus par cœur) sur le corpus fourni ==")
            figures["http"] = measure_http(args.repeat, args.http_seconds)
            print(report.http_table(figures["http"]))
    except BenchError as error:
        print(f"Erreur : {error}", file=sys.stderr)
        return 1
    finally:
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=1), "utf-8")
            print(f"JSON : {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
