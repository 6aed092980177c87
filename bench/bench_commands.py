"""The commands a researcher runs after a build, on real-size papers: `marxkg validate`
one document at a time with one worker and with two, `marxkg analyze`, `marxkg trace
--concept`.

A script, not a test. Run from the repository root:

    PYTHONPATH=src:. python bench/bench_commands.py --copies 24 --repeats 1
    PYTHONPATH=src:. python bench/bench_commands.py --build /tmp/w100/out --repeats 1

Corpus: ``--copies N`` builds the shipped paper and N-1 copies of it
(`bench_scale.paper_copies`: every other copy without one footnote and without
translation) into a temporary directory (``--no-pages``), or ``--build`` takes a build
made beforehand. The 1,000-fixture benchmarks cannot show these commands' cost: a fixture
paper has no translation, no quantitative claim and few citations.

Each row is a subprocess measured as in `bench_scale` (wall, CPU of the command and its
worker processes, peak RSS of the largest process). The rows run in rounds, one of each
per round, so a change of load on the shared machine hits every row alike; medians of
``--repeats`` rounds. The ratio is ``validate --jobs 1`` over ``--jobs 2`` wall time in the
same run (documents validated side by side; the goal of a parallel step on 2 cores is
close to 2). Results: bench/results/commands.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from bench_scale import build_args, measure, paper_copies  # noqa: E402


def rows(build: Path) -> dict[str, list[str]]:
    """Row name -> the ``marxkg`` arguments it runs on ``build``."""
    out, onto = ["--out", str(build)], ["--ontology", str(ROOT / "ontology")]
    return {
        "validate --per-document --jobs 1": ["validate", *out, *onto, "-q", "--per-document",
                                             "--jobs", "1"],
        "validate --per-document --jobs 2": ["validate", *out, *onto, "-q", "--per-document",
                                             "--jobs", "2"],
        "analyze --no-export": ["analyze", *out, "--no-export"],
        "trace --concept fixed-capital": ["trace", "--concept", "fixed-capital", *out],
    }


def run(build: Path, repeats: int) -> dict:
    commands = rows(build)
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for k in range(repeats):
        for name, args in commands.items():
            m = measure(args)
            runs[name].append(m)
            print(f"round {k + 1}: {name}: {m['wall']:.1f} s wall, {m['cpu']:.1f} s CPU,"
                  f" {m['rss_mb']:.0f} MB", file=sys.stderr)
    table = {
        name: {
            "wall_s": statistics.median(m["wall"] for m in ms),
            "cpu_s": statistics.median(m["cpu"] for m in ms),
            "peak_rss_mb": max(m["rss_mb"] for m in ms),
            "runs": len(ms),
        }
        for name, ms in runs.items()
    }
    one = table["validate --per-document --jobs 1"]["wall_s"]
    two = table["validate --per-document --jobs 2"]["wall_s"]
    return {"build": str(build), "rows": table, "validate_ratio_jobs1_over_jobs2": one / two}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = ap.add_mutually_exclusive_group(required=True)
    source.add_argument("--copies", type=int, help="build the paper and N-1 copies first")
    source.add_argument("--build", type=Path, help="a build made beforehand")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "results" / "commands.json")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="marxkg-commands-") as tmp:
        build = a.build
        if build is None:
            corpus = paper_copies(Path(tmp) / "corpus", a.copies)
            build = Path(tmp) / "build"
            made = measure(build_args(corpus, ROOT / "ontology", build, "--no-pages"))
            print(f"built {a.copies} papers: {made['wall']:.1f} s", file=sys.stderr)
        result = run(build, a.repeats)
    result["papers"] = a.copies
    print("| command | wall s | CPU s | peak RSS MB |")
    print("|---|---:|---:|---:|")
    for name, r in result["rows"].items():
        print(f"| `{name}` | {r['wall_s']:.1f} | {r['cpu_s']:.1f} | {r['peak_rss_mb']:.0f} |")
    print(f"validate one document at a time, 1 worker / 2 workers (wall):"
          f" {result['validate_ratio_jobs1_over_jobs2']:.2f}")
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
