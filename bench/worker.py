"""The child processes of the bench, so that each one's peak RSS is its own.

``python -m bench.worker build|search|fts-build|fts …`` prints one line of JSON on stdout; progress
goes to stderr. Run from the project root by bench.runner, not by hand.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def build_command(corpus_dir: Path, index_dir: Path) -> dict:
    from solsearch.index import build_index
    from solsearch.index.vectorizing import Vectorizer

    step = 0

    def progress(done: int, total: int) -> None:
        nonlocal step
        if done * 10 // total > step or done == total:
            step = done * 10 // total
            print(f"\r  indexation : {done}/{total}", end="", file=sys.stderr, flush=True)

    started = time.perf_counter()
    # Words alone: embedding a synthetic corpus would take hours on two cores; the vector
    # search is measured apart, on random vectors (bench.semantic).
    words_alone = Vectorizer(enabled=False)
    info = build_index(corpus_dir, index_dir, on_progress=progress, vectorizer=words_alone)
    seconds = time.perf_counter() - started
    print(file=sys.stderr)
    return {
        "seconds": seconds,
        "solutions": info.solutions,
        "changed": info.changed,
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        # The largest writer process a parallel build started (0 when it started none).
        "children_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.worker")
    parser.add_argument("task", choices=("build", "search", "fts-build", "fts"))
    parser.add_argument("source", type=Path, help="corpus folder, index folder or database")
    parser.add_argument("target", type=Path, nargs="?")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if args.task == "build":
        figures = build_command(args.source, args.target)
    elif args.task == "search":
        from bench import searching

        figures = searching.run(args.source, args.repeat)
    else:
        from bench import fts

        if args.task == "fts-build":
            figures = {"seconds": fts.build(args.source, args.target)}
        else:
            figures = fts.run(args.source, args.repeat)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
