"""Memory of a build with the HTML pages at 1 and N papers (issue 14: peak RSS at 1,000
papers ≤ 1.5 × at 1 paper, with the pages).

A script, not a test. Run from the repository root:

    PYTHONPATH=src:. python bench/bench_pages_memory.py --sizes 1 1000 [--no-pages-rows]

For each size, in the same run: a full build with the pages (`marxkg build --pages`, a
subprocess under `bench_scale`'s wrapper: wall, CPU of the build and its workers, peak RSS
of the largest single process), optionally one without (``--no-pages-rows``), then the
pages step on its own over that build's state (`marxkg.build_pages.iter_build_pages` in a
fresh process: its peak RSS, and its RSS before the step, after the ontology is loaded).
Corpora are `bench_scale`'s (perturbed copies of the fixture paper, `tests.corpora`), or
``--corpus``/``--ontology`` (copies of its first N document directories).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from bench_scale import build_args, env, measure  # noqa: E402

from tests.corpora import fixture_corpus, quick_ontology  # noqa: E402

PAGES_STEP = """
import json, resource, sys, time
from pathlib import Path
from marxkg.build_doc import CORPUS_PARTS, PART_GRAPH, PART_PAGES, STATE
from marxkg.build_pages import iter_build_pages
from marxkg.ontology import load_ontology
from marxkg.rdf.namespaces import Iris

out, ontology = Path(sys.argv[1]), Path(sys.argv[2])
iris = Iris()
onto = load_ontology(ontology, iris)
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0]) / 1024
before = rss()
built = sorted(p.parent.name for p in (out / STATE).glob("*/" + PART_PAGES))
parts = [out / STATE / n for n in CORPUS_PARTS] + [out / STATE / d / PART_GRAPH for d in built]
t0, c0 = time.perf_counter(), time.process_time()
pages = size = 0
for rel, data in iter_build_pages([out / STATE / d / PART_PAGES for d in built], parts, onto, iris):
    pages += 1
    size += len(data)
print(json.dumps({"docs": len(built), "pages": pages, "page_mb": size / 2**20,
                  "wall": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "before_mb": before,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def copied_corpus(src: Path, dest: Path, n: int) -> Path:
    dest.mkdir(parents=True)
    for d in sorted(p for p in src.iterdir() if p.is_dir())[:n]:
        shutil.copytree(d, dest / d.name)
    return dest


def pages_step(out: Path, onto: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", PAGES_STEP, str(out), str(onto)],
        capture_output=True,
        text=True,
        env=env(),
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1, 1000])
    ap.add_argument("--corpus", type=Path, help="take the first N documents of this corpus")
    ap.add_argument("--ontology", type=Path, help="with --corpus: its ontology directory")
    ap.add_argument(
        "--no-pages-rows", action="store_true", help="also build each size with --no-pages"
    )
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="marxkg-pagesmem-"))
    rows = []
    try:
        onto = args.ontology or quick_ontology(tmp / "onto")
        for n in args.sizes:
            corpus = (
                copied_corpus(args.corpus, tmp / f"c{n}", n)
                if args.corpus
                else fixture_corpus(tmp / f"c{n}", n)
            )
            row: dict = {"papers": n}
            if args.no_pages_rows:
                row["no_pages"] = measure(build_args(corpus, onto, tmp / f"np{n}", "--no-pages"))
                shutil.rmtree(tmp / f"np{n}")
            out = tmp / f"out{n}"
            row["pages"] = measure(build_args(corpus, onto, out, "--pages"))
            row["pages_step"] = pages_step(out, onto)
            shutil.rmtree(out)
            print(json.dumps(row), file=sys.stderr)
            rows.append(row)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        "| papers | build with pages: wall s | CPU s | peak RSS MB | pages step alone: "
        "peak MB (before it) | CPU s | pages MB |"
        + (" no pages: peak MB |" if args.no_pages_rows else "")
    )
    print("|---:|---:|---:|---:|---:|---:|---:|" + ("---:|" if args.no_pages_rows else ""))
    for r in rows:
        b, s = r["pages"], r["pages_step"]
        line = (
            f"| {r['papers']:,} | {b['wall']:.1f} | {b['cpu']:.1f} | {b['rss_mb']:.0f} | "
            f"{s['peak_mb']:.0f} ({s['before_mb']:.0f}) | {s['cpu']:.1f} | {s['page_mb']:.1f} |"
        )
        if args.no_pages_rows:
            line += f" {r['no_pages']['rss_mb']:.0f} |"
        print(line)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"\npeak RSS with pages, {last['papers']:,} / {first['papers']:,}: "
            f"{last['pages']['rss_mb'] / first['pages']['rss_mb']:.2f}; pages step alone: "
            f"{last['pages_step']['peak_mb'] / first['pages_step']['peak_mb']:.2f}"
        )


if __name__ == "__main__":
    main()
