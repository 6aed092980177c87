"""Stand-ins run in the endpoint's worker processes by tests (importable by a spawned child)."""

from __future__ import annotations

import threading

STALL = "# a text this worker never answers\nASK {}"


def stalling_worker(conn, allowed) -> None:
    """A guard worker that never answers `STALL` and checks any other text as usual."""
    from marxkg.serve.guard import Refusal, inspect_query

    while True:
        text = conn.recv()
        if text is None:
            return
        if text == STALL:
            threading.Event().wait()
        try:
            conn.send(("ok", inspect_query(text, allowed)))
        except Refusal as exc:
            conn.send(("refused", exc.as_tuple()))
