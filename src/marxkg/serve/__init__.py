"""A read-only SPARQL 1.1 Protocol endpoint over the built graph.

Oxigraph (the ``oxigraph`` server binary) evaluates the queries; a thin front of ours
stands before it on the public port and decides what reaches it:

- ``guard``: one normalised text, parsed by rdflib and by Oxigraph's own parser (they must
  agree); refuse updates, ``SERVICE``, foreign ``FROM``/``FROM NAMED`` and queries over
  the ``budget`` before evaluation;
- ``checker``: run the guard in sandboxed worker processes with a verdict cache;
- ``sandbox``: no outbound network (seccomp) and a memory cap for the query processes;
- ``formats``: content negotiation (``Accept`` or ``format=``);
- ``relay``: forward to Oxigraph, parse its answer strictly, apply the row cap and the
  timeout, re-serialise (``results``);
- ``snapshot``: what is served, a checkpoint of the build's store (``build/store``: hard
  links, no parsing, nothing of the build written);
- ``backend``: the Oxigraph binary and the child process (killed at a timeout, restarted
  by a supervisor thread when it dies);
- ``front``: the HTTP server; ``endpoint``: the life cycle; ``serve()`` runs it all.

See docs/endpoint.md.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["serve"]


def serve(config, announce: Callable[[object], None] | None = None) -> int:
    """Run the endpoint until SIGINT/SIGTERM, or until Oxigraph keeps dying; return an exit
    code (a child that dies is restarted with an error log line).

    ``announce(endpoint)`` is called once the endpoint answers requests.
    """
    import logging
    import signal
    import threading

    from marxkg.serve.endpoint import Endpoint

    log = logging.getLogger(__name__)
    stopping = threading.Event()

    def on_signal(signum, _frame) -> None:
        log.info("received signal %d: stopping", signum)
        stopping.set()
        raise KeyboardInterrupt

    endpoint = Endpoint(config)  # a missing build fails here, before anything starts
    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.start()  # also starts the supervisor that restarts a dead Oxigraph
        if announce is not None:
            announce(endpoint)
        endpoint.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        for sig in previous:  # a second signal must not cut the clean-up short
            signal.signal(sig, lambda *_: None)
        endpoint.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if endpoint.failed else 0
