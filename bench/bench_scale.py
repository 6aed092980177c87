"""Corpus-scale benchmark: peak memory, workers, Dask, incremental rebuilds, query medians.

A script, not a test. Run from the repository root (PYTHONPATH=src if not installed):

    python bench/bench_scale.py                  # 1, 10, 100 papers
    python bench/bench_scale.py --sizes 1 10 100 1000

Corpora are copies of the small fixture paper (tests/data/fixture-paper, each perturbed:
its number in the abstract, every third one without its closing paragraph) with the
shipped ontology minus its evidence quotes (`tests.corpora`). Every build runs as a
subprocess (``python -m marxkg.cli build``) under a wrapper that reports the wall time,
the CPU time (user + system, the build and its workers) and the peak RSS of the largest
single process (Linux ``ru_maxrss`` of the waited-for process tree).

Rows, all measured in the same run so that ratios compare like with like:

1. a full build at each size (``--no-pages``: the streaming path; and with the pages);
2. ``--jobs 1`` against ``--jobs 2`` on copies of the shipped paper (throughput ratio);
3. the Dask path (a LocalCluster of 2 worker processes) against the local pool, same;
4. at the largest size: the no-op rebuild, and the rebuild after one changed paper
   against the build of a single paper;
5. at the largest size: the median time of every named query on the store (in process).

Results: bench/results/scale.json and the Markdown tables on stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from tests.corpora import fixture_corpus, paper_without_note, quick_ontology  # noqa: E402 (after the sys.path line)

WRAPPER = """
import json, os, resource, subprocess, sys, time
if os.environ.get("BENCH_CPUS"):  # confine the build (and its workers) to these CPUs
    os.sched_setaffinity(0, {int(c) for c in os.environ["BENCH_CPUS"].split(",")})
t0 = time.perf_counter()
p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
rc = p.returncode
if rc:
    sys.stderr.write(p.stderr.decode("utf-8", "replace")[-2000:])
wall = time.perf_counter() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "cpu": ru.ru_utime + ru.ru_stime,
                  "rss_mb": ru.ru_maxrss / 1024}))
"""


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")])}


def wait_for_trash(args: list[str], seconds: float = 120.0) -> None:
    """Wait until the previous build swapped out by this one is deleted (the build hands it
    to a background ``rm``: `marxkg.outdir.discard`), so that deletion does not run
    during the next measured row."""
    out = Path(args[args.index("--out") + 1])
    deadline = time.monotonic() + seconds
    while list(out.parent.glob(f".{out.name}.trash-*")) and time.monotonic() < deadline:
        time.sleep(0.05)


def measure(args: list[str], cpus: str | None = None) -> dict:
    """Wall, CPU (the build and its workers) and peak RSS of one ``marxkg`` command run in
    a subprocess; ``cpus`` (``"0"``) confines it to those CPUs."""
    environ = env() | ({"BENCH_CPUS": cpus} if cpus else {})
    out = subprocess.run([sys.executable, "-c", WRAPPER, sys.executable, "-m", "marxkg.cli",
                          *args], capture_output=True, text=True, env=environ, check=True)
    data = json.loads(out.stdout.strip().splitlines()[-1])
    if data["rc"] != 0:
        raise SystemExit(f"build failed: {args}\n{out.stderr[-2000:]}")
    if "--out" in args:
        wait_for_trash(args)
    return data


def build_args(corpus: Path, onto: Path, out: Path, *extra: str) -> list[str]:
    return ["build", "--corpus", str(corpus), "--ontology", str(onto), "--out", str(out),
            "-q", *extra]


def paper_copies(dest: Path, n: int) -> Path:
    """The shipped paper (with its translation) and n-1 copies under new ids: even copies
    are the whole document directory, odd ones the paper without one footnote (no
    translation), so the copies are not all alike."""
    from tests import PAPER

    for k in range(n):
        d = dest / (PAPER.parent.name if k == 0 else f"paper-copy-{k:04d}")
        if k % 2 == 0:
            shutil.copytree(PAPER.parent, d)
            meta = d / "metadata.yaml"  # its doc_id must be the directory's name
            text = meta.read_text(encoding="utf-8")
            meta.write_text(text.replace(f"doc_id: {PAPER.parent.name}\n", f"doc_id: {d.name}\n"),
                            encoding="utf-8")
        else:
            d.mkdir(parents=True)
            (d / "source.md").write_text(paper_without_note(), encoding="utf-8")
    return dest


def median_run(runs: list[dict]) -> dict:
    """The run of median wall time (its CPU and RSS with it), and the median CPU."""
    mid = sorted(runs, key=lambda m: m["wall"])[len(runs) // 2]
    return {**mid, "cpu_median": statistics.median(m["cpu"] for m in runs), "runs": len(runs)}


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def triples(out: Path) -> int:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))["graph"]["triples"]


def query_medians(out: Path, repeats: int) -> dict[str, float]:
    from marxkg.query.library import load_library
    from marxkg.query.runner import LocalEngine, run

    engines = {False: LocalEngine.from_build(out), True: LocalEngine.from_build(out, True)}
    medians = {}
    for name, q in load_library().items():
        engine = engines[q.needs_tokens]
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            run(q, engine)
            times.append(time.perf_counter() - t0)
        medians[name] = statistics.median(times) * 1000
    return medians


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    ap.add_argument("--workers-size", type=int, default=6,
                    help="copies of the shipped paper for the 1-vs-2 workers and Dask rows")
    ap.add_argument("--repeats", type=int, default=5, help="runs per named query")
    ap.add_argument("--build-repeats", type=int, default=3,
                    help="runs of the no-op, one-changed and one-paper rows (median)")
    ap.add_argument("--jobs-repeats", type=int, default=1,
                    help="runs of the 1-worker, 2-worker and Dask rows (median)")
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--skip-queries", action="store_true")
    ap.add_argument("--skip-pages", action="store_true")
    ap.add_argument("--paper-sizes", type=int, nargs="*", default=[],
                    help="also build copies of the shipped paper at these sizes (no pages)")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="marxkg-scale-"))
    results: dict = {"sizes": {}, "cores": len(os.sched_getaffinity(0))}
    try:
        for n in args.paper_sizes:
            out = tmp / f"paper{n}"
            m = measure(build_args(paper_copies(tmp / f"p{n}", n), ROOT / "ontology", out,
                                   "--no-pages"))
            m.update(output_mb=size_of(out) / 2**20, triples=triples(out))
            results.setdefault("paper_sizes", {})[n] = m
            print(f"{n} shipped papers: {m}", file=sys.stderr)
            shutil.rmtree(out)
        onto = quick_ontology(tmp / "onto")
        for n in args.sizes:
            corpus = fixture_corpus(tmp / f"c{n}", n)
            row = {}
            for pages in ([False] if args.skip_pages else [False, True]):
                out = tmp / f"out{n}-{pages}"
                m = measure(build_args(corpus, onto, out, "--pages" if pages else "--no-pages"))
                m.update(output_mb=size_of(out) / 2**20, triples=triples(out))
                row["pages" if pages else "no-pages"] = m
                print(f"{n} papers, pages={pages}: {m}", file=sys.stderr)
            results["sizes"][n] = row
        big = max(args.sizes)
        corpus, out = tmp / f"c{big}", tmp / f"out{big}-False"
        one = fixture_corpus(tmp / "one", 1)
        runs: dict[str, list[dict]] = {"noop": [], "one_changed": [], "single": []}
        for k in range(args.build_repeats):  # the three rows alternate, same conditions
            runs["noop"].append(measure(build_args(corpus, onto, out, "--no-pages")))
            src = corpus / f"fixture-{k:02d}" / "source.md"
            src.write_text(src.read_text(encoding="utf-8") + f"\n新增的第{k}段话。\n",
                           encoding="utf-8")
            runs["one_changed"].append(measure(build_args(corpus, onto, out, "--no-pages")))
            shutil.rmtree(tmp / "one-out", ignore_errors=True)
            runs["single"].append(measure(build_args(one, onto, tmp / "one-out", "--no-pages")))
        for key, ms in runs.items():
            results[key] = median_run(ms)
            results[key + "_runs"] = ms
        print(f"incremental rows: {json.dumps({k: results[k] for k in runs})}", file=sys.stderr)
        results["queries_ms"] = {} if args.skip_queries else query_medians(out, args.repeats)
        results["store_mb"] = size_of(out / "store") / 2**20
        w = paper_copies(tmp / "w", args.workers_size)
        onto = ROOT / "ontology"
        jruns: dict[str, list[dict]] = {"jobs1": [], "jobs2": [], "dask": []}
        for _ in range(args.jobs_repeats):
            for jobs in (1, 2):
                jruns[f"jobs{jobs}"].append(measure(build_args(
                    w, onto, tmp / f"w{jobs}", "--no-pages", "--jobs", str(jobs), "--force")))
            if not args.skip_dask:
                from distributed import LocalCluster

                with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
                    jruns["dask"].append(measure(build_args(
                        w, onto, tmp / "wdask", "--no-pages", "--force", "--scheduler",
                        cluster.scheduler_address)))
        print(f"worker rows: {json.dumps(jruns)}", file=sys.stderr)
        for key, ms in jruns.items():
            if ms:
                results[key] = median_run(ms)
                results[key + "_runs"] = ms
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "scale.json").write_text(json.dumps(results, indent=1))
    print(report(results))


def report(r: dict) -> str:
    lines = ["| papers | pages | wall s | CPU s | peak RSS MB | output MB | triples |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for n, row in r["sizes"].items():
        for kind, m in row.items():
            lines.append(f"| {n} | {kind} | {m['wall']:.1f} | {m['cpu']:.1f} | "
                         f"{m['rss_mb']:.0f} | {m['output_mb']:.1f} | {m['triples']:,} |")
    sizes = list(r["sizes"])
    first, last = r["sizes"][sizes[0]]["no-pages"], r["sizes"][sizes[-1]]["no-pages"]
    ratio = last["rss_mb"] / first["rss_mb"]
    lines += ["", f"peak RSS {sizes[-1]} papers / {sizes[0]} paper (no pages): {ratio:.2f}"]
    j1, j2 = r["jobs1"], r["jobs2"]
    lines.append(f"throughput 2 workers / 1 worker: {j1['wall'] / j2['wall']:.2f}")
    if "dask" in r:
        lines.append(f"Dask LocalCluster wall / local pool wall: "
                     f"{r['dask']['wall'] / j2['wall']:.2f}")
    lines.append(f"no-op rebuild of {sizes[-1]} papers: {r['noop']['wall']:.2f} s")
    oc, one = r["one_changed"], r["single"]
    lines.append(f"one changed paper of {sizes[-1]}: {oc['wall']:.2f} s wall "
                 f"({oc['cpu_median']:.2f} s CPU) = {oc['wall'] / one['wall']:.2f} x a one-paper "
                 f"build ({one['wall']:.2f} s wall, {one['cpu_median']:.2f} s CPU); CPU ratio "
                 f"{oc['cpu_median'] / one['cpu_median']:.2f}; medians of {oc['runs']} runs")
    lines.append(f"1 worker {j1['wall']:.1f} s wall / {j1['cpu']:.1f} s CPU; 2 workers "
                 f"{j2['wall']:.1f} s / {j2['cpu']:.1f} s CPU")
    if "paper_sizes" in r:
        head = "| shipped-paper copies | wall s | CPU s | peak RSS MB | output MB | triples |"
        lines += ["", head, "|---:|---:|---:|---:|---:|---:|"]
        for n, m in r["paper_sizes"].items():
            lines.append(f"| {n} | {m['wall']:.1f} | {m['cpu']:.1f} | {m['rss_mb']:.0f} | "
                         f"{m['output_mb']:.1f} | {m['triples']:,} |")
    lines += ["", f"named queries on the {sizes[-1]}-paper store ({r['store_mb']:.0f} MB):",
              "", "| named query | median ms |", "|---|---:|"]
    lines += [f"| {k} | {v:.1f} |" for k, v in r["queries_ms"].items()]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
