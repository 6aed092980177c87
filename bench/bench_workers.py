"""Build throughput with 1 and 2 worker processes, at several corpus sizes.

A script, not a test. Run from the repository root:

    PYTHONPATH=src:. python bench/bench_workers.py --sizes 6 24 --repeats 3

Corpora: the shipped paper and copies of it (`bench_scale.paper_copies`: every other copy
without one footnote and without translation). For each size, ``marxkg build --no-pages
--force`` with ``--jobs 1`` and ``--jobs 2`` run alternately (so a change of load hits
both alike), each as a subprocess measured as in `bench_scale` (wall, CPU of the build and
its workers, peak RSS). Throughput is papers per second of wall time; the ratio is the
2-worker throughput over the 1-worker one, with medians of ``--repeats`` runs.

The ceiling of that ratio on the machine is measured in the same run: two independent
``--jobs 1`` builds started at once, each of one half of the corpus's documents (its own
directory and output), share nothing but the cores. Their wall time (from the start of both to the
end of the later) against the 1-worker build of the whole corpus is what two cores give
this work with no coordination at all; a 2-worker build can approach it but not pass it,
unless its workers do less work in total than one worker does.

The 1-worker build loads the store in a thread of its own beside the rendering, so it uses
more than one CPU; the same build confined to one CPU (``sched_setaffinity``) is measured
too, and its wall time against the 2-worker build's is what the second CPU gives the
build as a whole (the ``cores`` column).

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
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from bench_scale import build_args, measure, paper_copies  # noqa: E402


def split(corpus: Path, dest: Path) -> list[Path]:
    """The corpus's documents in two directories, the first half and the second (in name
    order; full and shortened copies alternate, so both halves hold alike)."""
    docs = sorted(p for p in corpus.iterdir() if p.is_dir())
    halves = [dest.with_name(f"{dest.name}{k}") for k in range(2)]
    for i, d in enumerate(docs):
        shutil.copytree(d, halves[0 if i < (len(docs) + 1) // 2 else 1] / d.name)
    return halves


def pair(halves: list[Path], tmp: Path, n: int) -> dict:
    """Two ``--jobs 1`` builds at once, one per half of the corpus: wall from the start of
    both to the end of the later, CPU of both."""
    def one(k: int) -> dict:
        start = time.perf_counter()
        run = measure(build_args(halves[k], ROOT / "ontology", tmp / f"pair{n}-{k}",
                                 "--no-pages", "--force", "--jobs", "1"))
        return {**run, "end": start + run["wall"]}  # the build's own wall, as measured

    t0 = time.perf_counter()
    with ThreadPoolExecutor(2) as ex:
        runs = list(ex.map(one, range(2)))
    return {"wall": max(r["end"] for r in runs) - t0, "cpu": sum(r["cpu"] for r in runs),
            "rss_mb": max(r["rss_mb"] for r in runs)}


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
            halves = split(corpus, tmp / f"c{n}-half")
            runs: dict[str, list[dict]] = {"jobs1": [], "jobs2": [], "pair": [], "core1": []}
            for _ in range(args.repeats):
                for jobs in (1, 2):
                    out = tmp / f"out{n}-{jobs}"
                    runs[f"jobs{jobs}"].append(measure(build_args(
                        corpus, ROOT / "ontology", out, "--no-pages", "--force",
                        "--jobs", str(jobs))))
                runs["pair"].append(pair(halves, tmp, n))
                # the 1-worker build confined to one CPU (its store loads then share it)
                runs["core1"].append(measure(build_args(
                    corpus, ROOT / "ontology", tmp / f"out{n}-core1", "--no-pages", "--force",
                    "--jobs", "1"), cpus="0"))
            row = {}
            for key, ms in runs.items():
                row[key] = {
                    "wall": statistics.median(m["wall"] for m in ms),
                    "cpu": statistics.median(m["cpu"] for m in ms),
                    "rss_mb": max(m["rss_mb"] for m in ms),
                    "runs": ms,
                }
            row["ratio"] = row["jobs1"]["wall"] / row["jobs2"]["wall"]
            row["ceiling"] = row["jobs1"]["wall"] / row["pair"]["wall"]
            row["cores"] = row["core1"]["wall"] / row["jobs2"]["wall"]
            results[n] = row
            print(f"{n} papers: {json.dumps(row)}", file=sys.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "workers.json").write_text(json.dumps(results, indent=1))
    print("| papers | 1 worker wall s | CPU s | 2 workers wall s | CPU s | papers/s 1 | "
          "papers/s 2 | ratio | two half builds at once: wall s | CPU s | ceiling | "
          "1 worker on 1 CPU: wall s | 1 CPU / 2 workers |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for n, row in results.items():
        one, two, both, core = row["jobs1"], row["jobs2"], row["pair"], row["core1"]
        print(f"| {n} | {one['wall']:.1f} | {one['cpu']:.1f} | {two['wall']:.1f} | "
              f"{two['cpu']:.1f} | {n / one['wall']:.2f} | {n / two['wall']:.2f} | "
              f"{row['ratio']:.2f} | {both['wall']:.1f} | {both['cpu']:.1f} | "
              f"{row['ceiling']:.2f} | {core['wall']:.1f} | {row['cores']:.2f} |")


if __name__ == "__main__":
    main()
