"""A seeded fuzz test of the endpoint's guard: generated queries hide SERVICE, FROM, LOAD
and INSERT behind comments, escapes, odd white space and Unicode line separators.

The oracle is the engine itself: every query the guard accepts is evaluated by pyoxigraph
(the same Oxigraph release as the server) on a store that holds a canary triple only in a
graph outside the corpus, with a TCP listener standing in for a remote service. No
accepted query may reach the listener, read the canary graph or change the store.
"""

from __future__ import annotations

import random
import socket
import threading

import pytest

from marxkg.serve.guard import Refusal, inspect_query

MAIN = "https://w3id.org/marxkg/graph/main"
CANARY_GRAPH = "urn:canary:graph"
CANARY = "urn:canary:secret"
SEED = 9
CASES = 400

SEPARATORS = [
    "\r",
    "\r\n",
    "\n",
    "\u2028",
    "\u2029",
    "\x0b",
    "\x0c",
    "\x85",
    "\t",
    " ",
    "\\u000D",
    "\\u000d",
    "\\U0000000D",
    "\\u000A",
    "\\u2028",
    "\\u0085",
    "\\u000D\\u000A",
    "\u00a0",
    "\u3000",
    "",
]
FILLERS = ["", "x", "SERVICE", "}", "{", "'", '"', "<", "\\", "#"]
KEYWORDS = {
    "SERVICE": ["SERVICE", "service", "SERV\\u0049CE", "S\\u0045RVICE"],
    "FROM": ["FROM", "from", "FR\\u004FM"],
    "LOAD": ["LOAD", "L\\u004FAD"],
    "INSERT": ["INSERT DATA", "INSERT\\u0020DATA"],
}


class Listener:
    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.05)
        self.port = self.sock.getsockname()[1]
        self.hits: list[bytes] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.is_set():
            try:
                conn, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            self.hits.append(b"connected")
            conn.close()

    def close(self) -> None:
        self.done.set()
        self.thread.join(5)
        self.sock.close()


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def _comment(rng: random.Random) -> str:
    return "#" + _pick(rng, FILLERS) + _pick(rng, SEPARATORS)


def _space(rng: random.Random) -> str:
    return "".join(_pick(rng, SEPARATORS) for _ in range(rng.randrange(3))) or " "


def generate(rng: random.Random, port: int) -> str:
    kind = _pick(rng, sorted(KEYWORDS))
    word = _pick(rng, KEYWORDS[kind])
    c, s = _comment(rng), _space(rng)
    if kind == "SERVICE":
        return (
            f"SELECT * WHERE {{ ?s ?p ?o {c}{word}{s}<http://127.0.0.1:{port}/>"
            f"{_space(rng)}{{ ?a ?b ?c }}{_space(rng)}\n}} LIMIT 1"
        )
    if kind == "FROM":
        return f"SELECT * {c}{word}{s}<{CANARY_GRAPH}>\nWHERE {{ ?s ?p ?o }}"
    if kind == "LOAD":
        return f"ASK {{ ?s ?p ?o }} {c}{word}{s}<http://127.0.0.1:{port}/x.ttl>\n"
    return f"SELECT * WHERE {{ ?s ?p ?o }} {c};{s}{word} {{ <urn:a> <urn:b> <urn:c> }}\n"


@pytest.fixture(scope="module")
def engine():
    import pyoxigraph as ox

    store = ox.Store()
    store.add(
        ox.Quad(
            ox.NamedNode(CANARY),
            ox.NamedNode(CANARY),
            ox.Literal("secret"),
            ox.NamedNode(CANARY_GRAPH),
        )
    )
    store.add(
        ox.Quad(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"), ox.NamedNode(MAIN))
    )
    listener = Listener()
    yield store, listener
    listener.close()


def test_fuzzed_smuggling_never_reaches_the_engine(engine):
    import pyoxigraph as ox

    store, listener = engine
    rng = random.Random(SEED)
    accepted = refused = 0
    for _ in range(CASES):
        query = generate(rng, listener.port)
        try:
            verdict = inspect_query(query, (MAIN,))
        except Refusal:
            refused += 1
            continue
        accepted += 1
        before = len(store)
        try:
            result = store.query(verdict.text)  # exactly the approved text
            rows = [bool(result)] if isinstance(result, ox.QueryBoolean) else list(result)
        except (OSError, SyntaxError) as exc:
            pytest.fail(f"an accepted query failed in the engine: {exc}\n{query!r}")
        assert CANARY not in repr(rows), f"the canary graph was read: {query!r}"
        assert len(store) == before
    threading.Event().wait(0.3)
    assert listener.hits == [], "a generated query reached the stand-in service"
    # the generator really produced both kinds, the \r trick among the refused ones
    assert accepted > 20 and refused > 100, (accepted, refused)


@pytest.mark.parametrize("end", ["\r", "\\u000D", "\u2028", "\u2029", "\x0b", "\x0c", "\x85"])
def test_the_known_tricks_are_among_the_refused(end):
    query = (
        f"SELECT * WHERE {{ ?s ?p ?o # x{end} SERVICE <http://127.0.0.1:9/> "
        "{ ?a ?b ?c } \n } LIMIT 1"
    )
    with pytest.raises(Refusal) as caught:
        inspect_query(query, (MAIN,))
    assert caught.value.code == "ambiguous_character"
