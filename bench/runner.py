"""One corpus size measured end to end: generation, build, searches, and FTS5 alongside."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench import synthetic
from bench.queries import QUERIES
from bench.stats import percentile, summary
from solsearch.index import read_current, writer_processes

ROOT = Path(__file__).resolve().parent.parent
MIB = 1024 * 1024


class BenchError(Exception):
    """A step of the bench failed; the message says which."""


def run_worker(*args: object) -> dict:
    """Run ``python -m bench.worker ARGS`` in a fresh interpreter and read its JSON line.

    A fresh interpreter (not a fork) starts with its own peak RSS, so the figure it
    reports is that of the step alone.
    """
    command = [sys.executable, "-m", "bench.worker", *map(str, args)]
    completed = subprocess.run(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if completed.returncode:
        raise BenchError(f"échec de « {' '.join(command[1:])} » (code {completed.returncode})")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def edited_copy(corpus: Path, target: Path) -> Path:
    """The corpus hard-linked into ``target``, with one solution file edited (a new file,
    so the cached corpus is untouched)."""
    shutil.copytree(corpus, target, copy_function=os.link)
    edited = sorted(target.glob("*.md"))[len(list(target.glob("*.md"))) // 2]
    text = edited.read_text(encoding="utf-8")
    edited.unlink()
    edited.write_text(text + "\nUne phrase ajoutée par le banc d’essai.\n", encoding="utf-8")
    return target


def measure_size(size: int, seed: int, repeat: int, log: Callable[[str], None] = print) -> dict:
    """All the figures of one corpus size, as the JSON holds them."""
    started = time.monotonic()
    cached = synthetic.is_cached(size, seed)
    corpus = synthetic.corpus_dir(size, seed)
    generated = time.monotonic() - started
    log(f"  corpus : {corpus} ({'en cache' if cached else f'généré en {generated:.1f} s'})")
    with tempfile.TemporaryDirectory(prefix="solsearch-bench-") as tmp:
        index_dir, db_path = Path(tmp) / "index", Path(tmp) / "fts.sqlite"
        log("  construction de l’index (processus fils)…")
        build = run_worker("build", corpus, index_dir)
        index_bytes = folder_bytes(index_dir / read_current(index_dir))
        log("  mise à jour après la modification d’un fichier…")
        update = run_worker("build", edited_copy(corpus, Path(tmp) / "corpus"), index_dir)
        log(f"  recherches ({len(QUERIES)} requêtes ×{repeat} : à chaud, en cache, à froid)…")
        search = run_worker("search", index_dir, "--repeat", repeat)
        log("  SQLite FTS5 : chargement puis mêmes requêtes…")
        fts_build = run_worker("fts-build", corpus, db_path)
        fts = run_worker("fts", db_path, "--repeat", repeat)
        db_bytes = db_path.stat().st_size
    warm = summary([ms for samples in search["warm_ms"] for ms in samples])
    fts_warm = summary([ms for samples in fts["warm_ms"] for ms in samples])
    return {
        "solutions": size,
        "corpus": str(corpus),
        "corpus_seconds": round(generated, 3),
        "build": {
            "seconds": build["seconds"],
            "documents_per_second": size / build["seconds"],
            # The parent process and the largest writer process; with one writer per core,
            # at most parent + cores × writer (forked pages are shared).
            "peak_rss_mib": build["rss_kb"] / 1024,
            "writer_rss_mib": build["children_rss_kb"] / 1024,
            "writers": writer_processes(size),
            "index_mib": index_bytes / MIB,
            "update_seconds": update["seconds"],
            "update_changed": update["changed"],
        },
        "search": {
            "warm_ms": warm,
            "cached_ms": summary([ms for samples in search["cached_ms"] for ms in samples]),
            "cold_ms": summary([ms for samples in search["cold_ms"] for ms in samples]),
            "completion_ms": summary(search["completion_ms"]),
            "peak_rss_mib": search["warm_rss_kb"] / 1024,
            "peak_rss_with_cold_mib": search["rss_kb"] / 1024,
        },
        "fts5": {
            "build_seconds": fts_build["seconds"],
            "database_mib": db_bytes / MIB,
            "warm_ms": fts_warm,
            "peak_rss_mib": fts["rss_kb"] / 1024,
        },
        "ratio_to_fts5": {
            "p50": warm["p50"] / fts_warm["p50"],
            "p95": warm["p95"] / fts_warm["p95"],
        },
        "queries": _per_query(search, fts),
    }


def _per_query(search: dict, fts: dict) -> list[dict]:
    rows = []
    for number, query in enumerate(QUERIES):
        rows.append(
            {
                "kind": query.kind,
                "text": query.text,
                "theme": list(query.theme),
                "region": list(query.region),
                "results": search["totals"][number],
                "fts5_results": fts["totals"][number],
                "warm_p50_ms": percentile(search["warm_ms"][number], 0.5),
                "cold_ms": search["cold_ms"][number][0],
                "fts5_p50_ms": percentile(fts["warm_ms"][number], 0.5),
            }
        )
    return rows
