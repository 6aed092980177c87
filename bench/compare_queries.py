"""Named queries of two versions side by side on a build: same answers, and how fast.

Usage::

    PYTHONPATH=src python bench/compare_queries.py --out BUILD [--old DIR] [--repeat 5]
        [--only NAME ...] [--bind NAME:VAR=VALUE ...] [--no-check]

``--old`` is a directory of ``.rq`` files of an earlier version (e.g. extracted with
``git archive <commit> src/marxkg/queries | tar -x -C /tmp/old``); the current ones are
``src/marxkg/queries``. For every named query (default bindings, plus each ``--bind``
given for it) both versions are run on the build's store (read-only, the token layer for
the queries that need it). The rows must be equal: as a list when the query has an
ORDER BY and the order keys leave no ties, else as a multiset. Each version is timed
``--repeat`` times in turn (interleaved, so both see the same load); the table gives the
median wall time split into the engine (iterating ``store.query``) and the conversion to
``Results`` (for the old version as the runner did it before, for the new one as it does
now), plus the CPU time of the process over the same runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path


def _key(term) -> tuple:
    return (type(term).__name__, str(term))


def _rows(answer, variables) -> list[tuple]:
    return [tuple(_key(s[v]) if s[v] is not None else None for v in variables) for s in answer]


def rows_before(variables, solutions) -> list:
    """The conversion as `results_from_oxigraph` did it before (bb1e5c6): each value
    looked up by name and converted anew."""
    from marxkg.query.results import term_from_oxigraph

    rows = []
    for solution in solutions:
        row = {}
        for v in variables:
            t = solution[v]
            if t is not None:
                row[v] = term_from_oxigraph(t)
        rows.append(row)
    return rows


def timed(reader, text: str, tokens: bool, convert):
    """(engine s, conversion s, CPU s, variables, rows as tuples) of one run: the engine
    part is iterating ``store.query``; the conversion is what `results_from_oxigraph`
    does with the solutions (``convert``)."""
    c0 = time.process_time()
    t0 = time.perf_counter()
    answer = reader.query(text, tokens)
    variables = [v.value for v in answer.variables]
    solutions = list(answer)
    t1 = time.perf_counter()
    convert(variables, solutions)
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    return t1 - t0, t2 - t1, cpu, variables, _rows(solutions, variables)


def main() -> None:
    from marxkg.query.library import load_library
    from marxkg.query.results import rows_from_oxigraph
    from marxkg.query.runner import prepare
    from marxkg.store import open_build

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="a build directory")
    ap.add_argument("--old", type=Path, default=None, help="directory of the earlier .rq files")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--bind", action="append", default=[], help="NAME:VAR=VALUE (repeatable)")
    ap.add_argument("--no-check", action="store_true", help="time only")
    args = ap.parse_args()

    reader = open_build(args.out)
    new = load_library()
    old = load_library(args.old) if args.old else {}
    extra: dict[str, list[list[str]]] = {}
    for spec in args.bind:
        name, _, bind = spec.partition(":")
        extra.setdefault(name, []).append(bind.split(","))
    failures = 0
    print(
        f"{'query':28} {'binding':28} {'rows':>6} "
        + ("{:>9} {:>9} {:>9} {:>7} ".format("old ms", "eng", "conv", "cpu") if old else "")
        + "{:>9} {:>9} {:>9} {:>7}  same".format("new ms", "eng", "conv", "cpu")
    )
    for name, q in new.items():
        if args.only and name not in args.only:
            continue
        for binds in [[]] + extra.get(name, []):
            versions = {"new": prepare(q, binds)}
            if name in old:
                versions["old"] = prepare(old[name], binds)
            stats: dict[str, list] = {k: [] for k in versions}
            answers: dict[str, tuple] = {}
            for _ in range(args.repeat):
                for k in sorted(versions):
                    convert = rows_before if k == "old" else rows_from_oxigraph
                    eng, conv, cpu, variables, rows = timed(
                        reader, versions[k], q.needs_tokens, convert
                    )
                    stats[k].append((eng, conv, cpu))
                    answers[k] = (variables, rows)
            cells = []
            for k in ("old", "new"):
                if k not in stats:
                    continue
                med = statistics.median(e + c for e, c, _ in stats[k]) * 1000
                eng = statistics.median(e for e, _, _ in stats[k]) * 1000
                conv = statistics.median(c for _, c, _ in stats[k]) * 1000
                cpu = statistics.median(c for _, _, c in stats[k]) * 1000
                cells.append(f"{med:9.1f} {eng:9.1f} {conv:9.1f} {cpu:7.0f}")
            same = "-"
            if "old" in answers and not args.no_check:
                (ov, orows), (nv, nrows) = answers["old"], answers["new"]
                if ov != nv:
                    same = f"DIFFERENT variables {ov} / {nv}"
                elif orows == nrows:
                    same = "same"
                elif Counter(orows) == Counter(nrows):
                    same = "same multiset, other order"
                else:
                    o, n = Counter(orows), Counter(nrows)
                    only_old, only_new = sum((o - n).values()), sum((n - o).values())
                    same = f"DIFFERENT: {only_old} old-only, {only_new} new-only"
                    failures += 1
            print(
                f"{name:28} {','.join(binds)[:28]:28} {len(answers['new'][1]):6d} "
                + " ".join(cells)
                + f"  {same}",
                flush=True,
            )
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
