"""Latency of the SPARQL endpoint: every named query over HTTP vs in-process pyoxigraph.

Starts ``marxkg serve`` on the build (``--build DIR``) ``--starts`` times and measures
each start-up to the first answered query (wall seconds, and the CPU seconds of the serve
process tree), then runs each named query (``src/marxkg/queries/*.rq``, as ``marxkg
query`` sends it) N times over HTTP against the last one (or against --url) and N times
in process on the build's own store (``marxkg.store.open_build``, read-only: the same
data and engine), and reports per query: rows, the first request, the median and p95
over HTTP, one request the guard has not seen before (a unique comment appended: the
uncached parse), the in-process median, and the ratio of the two medians. Goal: every
median under --goal-ms (50 ms by default; issue 14 asks < 200 ms at 1,000 papers).

    .venv/bin/python bench/bench_endpoint.py --build build/ --with-tokens -n 30
    .venv/bin/python bench/bench_endpoint.py --build /tmp/c1000/build --with-tokens \
        -n 5 --starts 3 --goal-ms 200
    .venv/bin/python bench/bench_endpoint.py --url http://127.0.0.1:8000/sparql --no-baseline

Without named queries it falls back to a few queries of its own.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ROOT / "src" / "marxkg" / "queries"
GOAL_MS = 50.0

FALLBACK = {
    "concept-labels": """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?c ?zh ?en WHERE { ?c a skos:Concept ; skos:prefLabel ?zh , ?en .
  FILTER(langMatches(lang(?zh), "zh") && langMatches(lang(?en), "en")) } ORDER BY ?c""",
    "footnote-count": """PREFIX mkg: <https://w3id.org/marxkg/ontology#>
SELECT (COUNT(?n) AS ?count) WHERE { ?n a mkg:Footnote }""",
    "mentions-per-concept": """PREFIX itsrdf: <http://www.w3.org/2005/11/its/rdf#>
SELECT ?c (COUNT(?m) AS ?n) WHERE { ?m itsrdf:taIdentRef ?c } GROUP BY ?c ORDER BY DESC(?n)""",
    "citations": """PREFIX cito: <http://purl.org/spar/cito/>
SELECT ?s ?cited WHERE { ?c a cito:Citation ; cito:hasCitingEntity ?s ;
  cito:hasCitedEntity ?cited } LIMIT 200""",
}


def named_queries(with_tokens: bool) -> dict[str, str]:
    """Name -> query text as sent by ``marxkg query`` (or the .rq text as it is)."""
    if not any(QUERIES.glob("*.rq")):
        return {}
    try:
        from marxkg.query.library import load_library
        from marxkg.query.runner import prepare

        library = load_library(QUERIES)
        return {name: prepare(q) for name, q in sorted(library.items())
                if with_tokens or not q.needs_tokens}
    except ImportError:
        texts = {p.stem: p.read_text("utf-8") for p in sorted(QUERIES.glob("*.rq"))}
        return {k: v for k, v in texts.items()
                if with_tokens or "# requires: tokens" not in v}


READY_QUERY = "ASK { ?s ?p ?o }"


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_start(out: Path, with_tokens: bool, timeout: int):
    """Start ``marxkg serve`` and wait for its first answer: (proc, url, wall s)."""
    t0 = time.perf_counter()
    proc, url = start_server(out, with_tokens, timeout)
    Client(url).query(READY_QUERY, rows_of=lambda doc: 1)
    return proc, url, time.perf_counter() - t0


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    proc.wait(30)


def token_queries() -> set[str]:
    """Names of the named queries that need the token layer."""
    try:
        from marxkg.serve.endpoint import token_named_queries

        return set(token_named_queries(QUERIES))
    except ImportError:
        return {p.stem for p in QUERIES.glob("*.rq")
                if "# requires: tokens" in p.read_text("utf-8")}


def start_server(out: Path, with_tokens: bool, timeout: int) -> tuple[subprocess.Popen, str]:
    fd, log_name = tempfile.mkstemp(prefix="bench-serve-", suffix=".txt")
    os.close(fd)
    args = [sys.executable, "-m", "marxkg.cli", "serve", "--out", str(out), "--port", "0",
            "--quiet", "--timeout", str(timeout)] + (["--with-tokens"] if with_tokens else [])
    with open(log_name, "wb") as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    end = time.monotonic() + 120
    while time.monotonic() < end:
        text = Path(log_name).read_text("utf-8", "replace")
        found = re.search(r"endpoint: (\S+)", text)
        if found and "limits:" in text:
            return proc, found.group(1)
        if proc.poll() is not None:
            raise SystemExit(f"marxkg serve failed:\n{text}")
        time.sleep(0.02)
    proc.kill()
    raise SystemExit("marxkg serve did not start in 120 s")


class Client:
    """One keep-alive HTTP connection; POST form, SPARQL JSON results."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url)
        self.host, self.port, self.path = parts.hostname, parts.port, parts.path
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)

    def query(self, text: str, rows_of=None) -> tuple[float, int, dict]:
        body = urllib.parse.urlencode({"query": text})
        t0 = time.perf_counter()
        self.conn.request("POST", self.path, body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/sparql-results+json"})
        resp = self.conn.getresponse()
        data = resp.read()
        seconds = time.perf_counter() - t0
        if resp.status != 200:
            raise RuntimeError(f"HTTP {resp.status}: {data[:300]!r}")
        doc = json.loads(data)
        rows = rows_of(doc) if rows_of else len(doc["results"]["bindings"])
        return seconds * 1000, rows, dict(resp.getheaders())


def baseline_store(out: Path):
    """The build's store, opened read-only (what ``marxkg query`` uses)."""
    from marxkg.store import open_build

    return open_build(out)


def in_process_ms(store, text: str, tokens: bool) -> float:
    """As ``marxkg query`` runs it: on the build's graph, or on the union of every graph
    for a query that needs the token layer (as the endpoint does too)."""
    import pyoxigraph as ox

    t0 = time.perf_counter()
    store.query(text, tokens=tokens).serialize(format=ox.QueryResultsFormat.JSON)
    return (time.perf_counter() - t0) * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", help="a running endpoint (default: start marxkg serve here)")
    ap.add_argument("--build", "--out", dest="out", type=Path, default=ROOT / "build",
                    help="build directory (its store is served; never written)")
    ap.add_argument("--with-tokens", action="store_true", help="serve the token layer too")
    ap.add_argument("--starts", type=int, default=0,
                    help="start-ups to time first (start, first answer, stop; medians)")
    ap.add_argument("--goal-ms", type=float, default=GOAL_MS, help="goal for every median")
    ap.add_argument("-n", type=int, default=30, help="runs per query (default 30)")
    ap.add_argument("--timeout", type=int, default=30, help="server --timeout when started")
    ap.add_argument("--no-baseline", action="store_true", help="skip the in-process runs")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    args = ap.parse_args(argv)

    queries = named_queries(args.with_tokens)
    source = "named queries (src/marxkg/queries)"
    if not queries:
        queries, source = FALLBACK, "fallback queries (no named queries found)"
    proc = None
    url = args.url
    starts: list[tuple[float, float]] = []  # (wall s, CPU s of the serve tree)
    if url is None:
        for _ in range(args.starts):  # each: start, first answer, stop (CPU once reaped)
            cpu0 = cpu_of_children()
            proc, url, wall = timed_start(args.out, args.with_tokens, args.timeout)
            stop_server(proc)
            starts.append((wall, cpu_of_children() - cpu0))
        proc, url = start_server(args.out, args.with_tokens, args.timeout)  # for the queries
    try:
        store = None if args.no_baseline else baseline_store(args.out)
        token_texts = {text for name, text in queries.items() if name in token_queries()}
        client = Client(url)
        report = []
        for name, text in queries.items():
            first, rows, _ = client.query(text)
            http_ms = [client.query(text)[0] for _ in range(args.n)]
            uncached, _, headers = client.query(f"{text}\n# bench {time.time_ns()}\n")
            guard = re.search(r"guard;dur=([\d.]+)", headers.get("Server-Timing", ""))
            entry = {"query": name, "rows": rows, "first_ms": first,
                     "median_ms": statistics.median(http_ms), "p95_ms": p95(http_ms),
                     "uncached_ms": uncached,
                     "uncached_guard_ms": float(guard.group(1)) if guard else None}
            if store is not None:
                tokens = text in token_texts
                in_process_ms(store, text, tokens)  # warm-up
                local = [in_process_ms(store, text, tokens) for _ in range(args.n)]
                entry["in_process_median_ms"] = statistics.median(local)
                entry["ratio"] = entry["median_ms"] / max(entry["in_process_median_ms"], 1e-6)
            report.append(entry)
    finally:
        if proc is not None:
            stop_server(proc)


    if starts:
        walls = [w for w, _ in starts]
        cpus = [c for _, c in starts]
        print(f"start-up to the first answer ({len(walls)} starts): wall "
              + ", ".join(f"{w:.2f}" for w in walls)
              + f" s, median {statistics.median(walls):.2f} s; CPU of the serve tree "
              + ", ".join(f"{c:.2f}" for c in cpus) + f" s, median {statistics.median(cpus):.2f} s")
    print(f"{source}: {len(report)} queries, N={args.n}, endpoint {url}"
          f"{' (with tokens)' if args.with_tokens else ''}")
    header = (f"{'query':28s} {'rows':>5s} {'first':>7s} {'median':>7s} {'p95':>7s} "
              f"{'uncached':>8s} {'guard':>6s} {'in-proc':>7s} {'ratio':>6s}")
    print(header + "   (ms)")
    for e in report:
        guard = f"{e['uncached_guard_ms']:6.1f}" if e["uncached_guard_ms"] is not None else "     -"
        local = (f"{e['in_process_median_ms']:7.2f} {e['ratio']:6.1f}"
                 if "ratio" in e else "      -      -")
        print(f"{e['query']:28s} {e['rows']:5d} {e['first_ms']:7.1f} {e['median_ms']:7.1f} "
              f"{e['p95_ms']:7.1f} {e['uncached_ms']:8.1f} {guard} {local}")
    slow = [e["query"] for e in report if e["median_ms"] >= args.goal_ms]
    print(f"goal (every median < {args.goal_ms:g} ms): "
          f"{'met' if not slow else 'missed by ' + ', '.join(slow)}")
    if args.json:
        figures = {"starts": [{"wall_s": w, "cpu_s": c} for w, c in starts], "queries": report}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0 if not slow else 1


if __name__ == "__main__":
    sys.exit(main())
