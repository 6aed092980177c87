"""Build throughput with 1 and 2 worker processes, at several corpus sizes.

A script, not a test. Run from the repository root:

    PYTHONPATH=src:. python bench/bench_workers.py --sizes 6 24 --repeats 3

Corpora: the shipped paper and copies of it (`bench_scale.paper_copies`: every other copy
without one footnote and without translation). For each size, ``marxkg build --no-pages
--force`` with ``--jobs 1`` and ``--jobs 2`` run alternately (so a change of load hits
both alike), each as a subprocess measured as in `bench_scale` (wall, CPU of the build and
its workers, peak RSS). Throughput is papers per second of wall time; the ratio is the
2-worker throughput over the 1-worker one, with medians of ``--repeats`` runs.

A build has per-build costs that do not shrink with workers (start-up and stamps, each
worker's NLP models, the corpus outputs after the last document: `docs/performance.md`),
so the ratio grows with the number of papers toward the rendering's own speed-up; the
table shows it at each size given. Results: bench/results/workers.json.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from bench_scale import build_args, measure, paper_copies  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[6, 24])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="marxkg-workers-"))
    results: dict = {}
    try:
        for n in args.sizes:
            corpus = paper_copies(tmp / f"c{n}", n)
            runs: dict[int, list[dict]] = {1: [], 2: []}
            for _ in range(args.repeats):
                for jobs in (1, 2):
                    out = tmp / f"out{n}-{jobs}"
                    runs[jobs].append(measure(build_args(
                        corpus, ROOT / "ontology", out, "--no-pages", "--force",
                        "--jobs", str(jobs))))
            row = {}
            for jobs, ms in runs.items():
                row[f"jobs{jobs}"] = {
                    "wall": statistics.median(m["wall"] for m in ms),
                    "cpu": statistics.median(m["cpu"] for m in ms),
                    "rss_mb": max(m["rss_mb"] for m in ms),
                    "runs": ms,
                }
            row["ratio"] = row["jobs1"]["wall"] / row["jobs2"]["wall"]
            results[n] = row
            print(f"{n} papers: {json.dumps(row)}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "workers.json").write_text(json.dumps(results, indent=1))
    print("| papers | 1 worker wall s | CPU s | 2 workers wall s | CPU s | papers/s 1 | "
          "papers/s 2 | ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, row in results.items():
        one, two = row["jobs1"], row["jobs2"]
        print(f"| {n} | {one['wall']:.1f} | {one['cpu']:.1f} | {two['wall']:.1f} | "
              f"{two['cpu']:.1f} | {n / one['wall']:.2f} | {n / two['wall']:.2f} | "
              f"{row['ratio']:.2f} |")


if __name__ == "__main__":
    main()
