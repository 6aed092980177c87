"""Median time of each named query run in-process on pyoxigraph.

Usage: .venv/bin/python bench/bench_queries.py [--out build/] [--repeat 21]

Loads build/graph.ttl and the token layer into one in-memory Store (the load time is
reported separately), prepares each query once (default bindings injected), then runs it
``--repeat`` times and prints the median, min and max wall time and the number of rows.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path


def main() -> None:
    from marxkg.query.library import load_library
    from marxkg.query.runner import LocalEngine, load_store, prepare

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="build directory")
    parser.add_argument("--repeat", type=int, default=21)
    args = parser.parse_args()

    t0 = time.perf_counter()
    store = load_store(args.out, tokens=True)
    load_s = time.perf_counter() - t0
    engine = LocalEngine(store)
    print(f"load graph.ttl + tokens.ttl into pyoxigraph: {load_s * 1000:.0f} ms "
          f"({len(store)} triples)")
    print(f"{'query':28} {'median ms':>10} {'min':>8} {'max':>8} {'rows':>6}")
    for name, query in load_library().items():
        text = prepare(query)
        times, rows = [], 0
        for _ in range(args.repeat):
            t = time.perf_counter()
            rows = len(engine.select(text))
            times.append((time.perf_counter() - t) * 1000)
        print(f"{name:28} {statistics.median(times):10.2f} {min(times):8.2f} "
              f"{max(times):8.2f} {rows:6d}")


if __name__ == "__main__":
    main()
